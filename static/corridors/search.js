/* The search box (top left): one box over the features' names and other names and the
 * reference places. render/interactive/search.py builds the index; it is fetched once, when
 * the box is first used (or comes inline in a standalone page).
 *
 * Matching ignores case and accents (and folds ı, ə, dashes and apostrophes) and ranks whole
 * names first, then names that start with the query, then a word that does, then any other
 * substring; a feature's own name before its other names, the story's features before places.
 * When nothing matches, names one letter away from the query are offered (a spelling
 * variant: "Mehri" finds Meghri), marked as close matches.
 * A feature result opens its popup (Corridors.focus: its layer switched on, the map moved); a
 * place result moves the map there and marks it for a moment. An ARIA combobox with a
 * listbox: arrows, Enter, Escape. Every text is set with textContent. */
(function () {
  "use strict";
  if (!window.Corridors || window.Corridors.search) return;
  var C = window.Corridors;

  var MAX_RESULTS = 8, MARK_MS = 2500, MAX_WIDTH = 300, MIN_WIDTH = 150, MIN_FUZZY = 4;
  var count = 0;

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/ı/g, "i").replace(/ə/g, "e").replace(/ß/g, "ss")
      .replace(/[’'ʻʼ`"“”«»]/g, "")
      .replace(/[‐‑‒–—―\-_/.,;:()[\]]/g, " ").replace(/\s+/g, " ").trim();
  }

  function prepare(entries) {
    entries.forEach(function (e) {
      e._names = [{ text: e.name, folded: fold(e.name), alt: false }].concat(
        (e.other || []).map(function (n) { return { text: n, folded: fold(n), alt: true }; }));
    });
    return entries;
  }

  /* 0 whole name, 1 start of the name, 2 start of a word, 3 elsewhere, 4 every word somewhere;
   * -1 no match. */
  function rank(q, words, folded) {
    if (folded === q) return 0;
    var at = folded.indexOf(q);
    if (at === 0) return 1;
    if (at > 0) return (" " + folded).indexOf(" " + q) >= 0 ? 2 : 3;
    if (words.length > 1 && words.every(function (w) { return folded.indexOf(w) >= 0; })) return 4;
    return -1;
  }

  /* Whether two words are one edit apart (a letter added, dropped or changed). */
  function oneEdit(a, b) {
    if (Math.abs(a.length - b.length) > 1 || a === b) return false;
    var i = 0, j = 0, edits = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { i++; j++; continue; }
      if (++edits > 1) return false;
      if (a.length > b.length) i++;
      else if (b.length > a.length) j++;
      else { i++; j++; }
    }
    return edits + (a.length - i) + (b.length - j) <= 1;
  }

  function nearScore(q, folded) {
    return q.length >= MIN_FUZZY && folded.split(" ").some(function (w) { return oneEdit(q, w); }) ? 5 : -1;
  }

  function match(entries, query) {
    var q = fold(query);
    if (!q) return [];
    var hits = scan(entries, q, function (n, words) { return rank(q, words, n); });
    if (!hits.length && q.indexOf(" ") < 0) hits = scan(entries, q, function (n) { return nearScore(q, n); });
    return hits.slice(0, MAX_RESULTS);
  }

  function scan(entries, q, score) {
    var words = q.split(" "), hits = [];
    entries.forEach(function (e) {
      var best = null;
      e._names.forEach(function (n) {
        var r = score(n.folded, words);
        if (r < 0) return;
        var points = r * 2 + (n.alt ? 1 : 0);
        if (!best || points < best.score) best = { entry: e, score: points, via: n.alt ? n.text : null, near: r === 5 };
      });
      if (best) hits.push(best);
    });
    return hits.sort(function (a, b) {
      var ka = a.entry.kind === "feature" ? 0 : 1, kb = b.entry.kind === "feature" ? 0 : 1;
      return a.score - b.score || ka - kb || a.entry.name.length - b.entry.name.length ||
        (a.entry.name < b.entry.name ? -1 : a.entry.name > b.entry.name ? 1 : 0);
    });
  }

  /* A feature that does not exist yet on the chosen date is listed, and says so. */
  function laterThanDate(entry) {
    if (entry.kind !== "feature") return false;
    var hit = C.find(entry.id);
    return !!hit && C.stateFor(hit.lyr._corridors.states, C.state.date) < 0;
  }

  function describe(hit) {
    var text = hit.entry.what;
    if (hit.via) text += " — also called " + hit.via;
    if (hit.near) text += " · close match";
    if (laterThanDate(hit.entry)) text += " · not on the map on the chosen date";
    return text;
  }

  function moveTo(map, entry) {
    if (entry.bounds) map.fitBounds(entry.bounds, { maxZoom: entry.zoom || 9, padding: [30, 30], animate: false });
    else map.setView(entry.at, entry.zoom || Math.max(map.getZoom(), 9), { animate: false });
  }

  function mark(map, entry) {
    var at = entry.at || L.latLngBounds(entry.bounds).getCenter();
    var ring = L.circleMarker(at, { radius: 16, color: "#D55E00", weight: 3, fill: false, interactive: false, className: "corridors-search-mark" });
    ring.addTo(map);
    setTimeout(function () { map.removeLayer(ring); }, MARK_MS);
  }

  function search(map, options) {
    var id = "corridors-search-" + (++count);
    var index = { entries: options && options.index ? prepare(options.index.entries) : null, loading: null };
    var results = [], active = -1;
    var root, input, listbox, status;

    function load() {
      if (index.entries) return Promise.resolve(index.entries);
      if (!options || !options.url) return Promise.resolve([]);
      if (!index.loading) {
        index.loading = fetch(options.url).then(function (r) {
          if (!r.ok) throw new Error("search HTTP " + r.status);
          return r.json();
        }).then(function (data) {
          index.entries = prepare(data.entries);
          root.setAttribute("data-ready", "true");
          return index.entries;
        }).catch(function (err) {
          index.loading = null;
          console.warn("Search index could not be loaded:", err.message);
          return [];
        });
      }
      return index.loading;
    }

    function setActive(i) {
      active = i;
      [].forEach.call(listbox.children, function (li, k) {
        li.setAttribute("aria-selected", k === i ? "true" : "false");
        li.classList.toggle("corridors-active", k === i);
      });
      if (i >= 0 && listbox.children[i]) {
        input.setAttribute("aria-activedescendant", listbox.children[i].id);
        listbox.children[i].scrollIntoView({ block: "nearest" });
      } else input.removeAttribute("aria-activedescendant");
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function render(query) {
      while (listbox.firstChild) listbox.removeChild(listbox.firstChild);
      results.forEach(function (hit, k) {
        var li = document.createElement("li");
        li.id = id + "-option-" + k;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var name = document.createElement("span");
        name.className = "corridors-search-name";
        name.textContent = hit.entry.name;
        var what = document.createElement("span");
        what.className = "corridors-search-what";
        what.textContent = describe(hit);
        li.appendChild(name);
        li.appendChild(what);
        L.DomEvent.on(li, "mousedown", L.DomEvent.preventDefault); // keep the focus in the box
        L.DomEvent.on(li, "click", function () { choose(k); });
        listbox.appendChild(li);
      });
      var some = results.length > 0;
      listbox.hidden = !some;
      input.setAttribute("aria-expanded", some ? "true" : "false");
      status.textContent = query ? (some ? results.length + " results" : "Nothing found for " + query) : "";
      setActive(-1);
    }

    function run() {
      var query = input.value;
      if (!index.entries) { load().then(function () { if (input.value === query) run(); }); return; }
      var t0 = performance.now();
      results = match(index.entries, query);
      render(query.trim());
      root.setAttribute("data-ms", (performance.now() - t0).toFixed(2));
    }

    function choose(k, byKeyboard) {
      var hit = results[k];
      if (!hit) return;
      var e = hit.entry;
      input.value = e.name;
      close();
      map.fire("corridors:overlay", { owner: root, kind: "search" });
      if (map.getSize().x < 800) input.blur(); // a phone's keyboard would cover the popup
      if (e.kind === "feature") {
        if (!C.focus(e.id)) {
          moveTo(map, e);
          C.notice(map, e.name + " is not on the map on the chosen date.");
        } else if (byKeyboard && C.focusPopup) {
          C.focusPopup(map, function () { return input; });
        }
      } else {
        map.closePopup();
        moveTo(map, e);
        mark(map, e);
      }
      map.fire("corridors:searched", { entry: e });
    }

    function fitWidth() {
      var size = map.getSize();
      var panel = map.getContainer().querySelector(".corridors-panel-toggle");
      var reserve = size.x < 800 && panel ? panel.getBoundingClientRect().width + 40 : 80;
      input.style.width = Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, size.x - reserve)) + "px";
    }

    var control = L.control({ position: "topleft" });
    control.onAdd = function () {
      root = L.DomUtil.create("div", "leaflet-control corridors-search");
      root.setAttribute("role", "search");
      var label = L.DomUtil.create("label", "corridors-sr", root);
      label.setAttribute("for", id);
      label.textContent = "Search the map: routes, pipelines, places";
      input = L.DomUtil.create("input", "", root);
      input.id = id;
      input.type = "search";
      input.placeholder = "Search routes, places…";
      input.autocomplete = "off";
      input.spellcheck = false;
      input.setAttribute("role", "combobox");
      input.setAttribute("aria-autocomplete", "list");
      input.setAttribute("aria-expanded", "false");
      input.setAttribute("aria-controls", id + "-list");
      listbox = L.DomUtil.create("ul", "corridors-search-results", root);
      listbox.id = id + "-list";
      listbox.setAttribute("role", "listbox");
      listbox.setAttribute("aria-label", "Search results");
      listbox.hidden = true;
      status = L.DomUtil.create("div", "corridors-sr", root);
      status.setAttribute("aria-live", "polite");
      L.DomEvent.disableClickPropagation(root);
      L.DomEvent.disableScrollPropagation(root);
      L.DomEvent.on(input, "focus", load);
      L.DomEvent.on(input, "input", run);
      L.DomEvent.on(input, "keydown", function (ev) {
        L.DomEvent.stopPropagation(ev); // the map's own keys (arrows pan) stay out of the box
        var n = results.length;
        if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
          ev.preventDefault();
          if (!n) return;
          if (listbox.hidden) { listbox.hidden = false; input.setAttribute("aria-expanded", "true"); }
          setActive(ev.key === "ArrowDown" ? (active + 1) % n : (active - 1 + n) % n);
        } else if (ev.key === "Enter") {
          ev.preventDefault();
          if (n) choose(active >= 0 ? active : 0, true);
        } else if (ev.key === "Escape") {
          ev.preventDefault();
          if (!listbox.hidden) close();
          else { input.value = ""; results = []; render(""); }
        }
      });
      L.DomEvent.on(input, "blur", function () { setTimeout(function () { if (document.activeElement !== input) close(); }, 150); });
      return root;
    };
    control.addTo(map);
    if (index.entries) root.setAttribute("data-ready", "true");
    var corner = root.parentNode;
    corner.insertBefore(root, corner.firstChild); // above the zoom buttons
    map.on("click", close);
    map.on("resize corridors:layout", fitWidth);
    fitWidth();
    return { control: control, match: function (q) { return index.entries ? match(index.entries, q) : []; }, load: load };
  }

  window.Corridors.search = search;
  window.Corridors.fold = fold;
})();
