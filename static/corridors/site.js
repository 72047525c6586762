/* A story page of the static site (python -m render site): the date control, the key dates,
 * the buffer-zone depth and the map's state in the address's hash,
 *   #view=<lat>,<lon>,<zoom>&layers=<id>,<id>&date=<YYYY-MM-DD>&km=<depth>
 * restored on load and on every hash change, and rewritten (replaceState, so no history entry
 * per pan) on "corridors:statechange" (state.js). A hash value that is not understood is
 * ignored with a notice; nothing from the address becomes markup (textContent only).
 * Loaded with `defer`: the map's own script has built the map and its layers by then. */
(function () {
  "use strict";
  var C = window.Corridors;
  var configEl = document.getElementById("site-config");
  if (!C || !C.state || !C.state.map || !configEl) return;
  var map = C.state.map;
  var config = JSON.parse(configEl.textContent);
  var depthLayer = config.depth.layer;
  var depthFiles = config.depth.files || {};
  var km = config.depth.default;
  var depthKeys = Object.keys(depthFiles).map(Number).sort(function (a, b) { return a - b; });
  var depthRange = depthKeys.length > 1 ? depthKeys[0] + " to " + depthKeys[depthKeys.length - 1] +
    " km in steps of " + (depthKeys[1] - depthKeys[0]) : "no depth to choose";
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  var ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

  function $(id) { return document.getElementById(id); }
  var dateInput = $("site-date"), steps = $("site-steps"), dateText = $("site-date-text");
  var asOf = $("site-as-of"), depthSelect = $("site-depth"), notice = $("site-notice");

  function realDay(text) {
    var m = ISO_DAY.exec(text);
    if (!m) return false;
    var d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
  }

  function news(iso) {
    var m = ISO_DAY.exec(iso);
    return m ? (+m[3]) + " " + MONTHS[+m[2] - 1] + " " + m[1] : "";
  }

  function short(text) {
    text = String(text);
    return text.length > 40 ? text.slice(0, 40) + "…" : text;
  }

  /* ---- notice ---- */
  var LINK_LEAD = "Part of the link was not understood and was ignored: ";
  function showNotice(problems, lead) {
    if (!notice || !problems.length) return;
    notice.querySelector("span").textContent = (lead || LINK_LEAD) + problems.join("; ") + ".";
    notice.hidden = false;
  }
  if (notice) notice.querySelector("button").addEventListener("click", function () { notice.hidden = true; });

  /* ---- the hash ---- */
  function checkDate(value, problems) {
    if (realDay(value) && value >= config.first && value <= config.last) return value;
    problems.push("date “" + short(value) + "” (a day from " + config.first + " to " + config.last + ")");
    return undefined;
  }

  function parseHash(hash) {
    var out = { problems: [] }, problems = out.problems;
    var text = hash.replace(/^#/, "");
    if (!text) return out;
    text.split("&").forEach(function (part) {
      if (!part) return;
      var eq = part.indexOf("="), key = eq < 0 ? part : part.slice(0, eq), raw = eq < 0 ? "" : part.slice(eq + 1);
      var value;
      try { value = decodeURIComponent(raw); } catch (err) { problems.push("“" + short(part) + "” (not readable)"); return; }
      if (key === "date") {
        out.date = checkDate(value, problems);
      } else if (key === "layers") {
        var ids = value ? value.split(",") : [];
        var unknown = ids.filter(function (id) { return config.known.indexOf(id) < 0; });
        if (unknown.length) problems.push("layer(s) “" + short(unknown.join(", ")) + "” (no such layer)");
        out.layers = ids.filter(function (id) { return config.known.indexOf(id) >= 0; });
        if (unknown.length && !out.layers.length && ids.length) out.layers = undefined;
      } else if (key === "view") {
        var n = value.split(",").map(Number), ok = n.length === 3 && n.every(isFinite) && value.split(",").every(function (s) { return s.trim() !== ""; });
        if (ok && Math.abs(n[0]) <= 85 && Math.abs(n[1]) <= 180 && n[2] >= 0 && n[2] <= 20) {
          out.view = { center: [n[0], n[1]], zoom: n[2] };
        } else {
          problems.push("view “" + short(value) + "” (latitude,longitude,zoom)");
        }
      } else if (key === "km") {
        if (/^\d+(\.\d+)?$/.test(value) && depthFiles[String(+value)]) out.km = +value;
        else problems.push("depth “" + short(value) + "” (" + depthRange + ")");
      } else {
        problems.push("“" + short(key) + "” (not part of a map link)");
      }
    });
    return out;
  }

  function formatHash(s) {
    return "view=" + s.center[0] + "," + s.center[1] + "," + s.zoom +
      "&layers=" + s.layers.join(",") + "&date=" + (s.date || config.date) + "&km=" + km;
  }

  var fullLink = $("site-full-link");
  function writeHash() {
    var text = "#" + formatHash(C.snapshot(map));
    if (location.hash !== text) history.replaceState(null, "", text);
    if (fullLink) fullLink.setAttribute("href", location.pathname.split("/").pop() + text); // same state, full page
  }

  /* ---- controls follow the map's date ---- */
  var stepDates = config.steps;
  if (steps) { steps.min = 0; steps.max = stepDates.length - 1; steps.step = 1; }
  if (dateInput) { dateInput.min = config.first; dateInput.max = config.last; }

  function syncDate(date) {
    if (!date) return;
    if (dateInput && dateInput.value !== date) dateInput.value = date;
    if (steps) {
      var i = 0;
      while (i + 1 < stepDates.length && stepDates[i + 1] <= date) i++;
      steps.value = i;
    }
    if (dateText) dateText.textContent = news(date);
    if (asOf) asOf.textContent = "Situation as of " + news(date) + config.asOfRest;
    document.querySelectorAll("button[data-date]").forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-date") === date ? "true" : "false");
    });
  }
  map.on("corridors:date", function (e) { syncDate(e.date); });

  /* The input's min and max do not stop a typed year; a cleared input just shows the map's date again. */
  if (dateInput) dateInput.addEventListener("change", function () {
    var value = dateInput.value;
    if (checkDate(value, [])) { C.setDate(value); return; }
    if (value) showNotice(["“" + short(value) + "” (choose a day from " + config.first + " to " + config.last + ")"],
      "That date is outside the data: ");
    syncDate(C.state.date);
  });
  if (steps) steps.addEventListener("input", function () { C.setDate(stepDates[+steps.value]); });
  document.querySelectorAll("button[data-date]").forEach(function (b) {
    b.addEventListener("click", function () { C.setDate(b.getAttribute("data-date")); });
  });

  /* ---- buffer depth: a precomputed file per depth replaces the layer's content ---- */
  var wanted = km;
  function setDepth(value) {
    var file = depthFiles[String(value)];
    if (!file || !C.containers[depthLayer]) return;
    wanted = value;
    if (depthSelect) depthSelect.value = String(value);
    fetch(file).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    }).then(function (payload) {
      if (wanted !== value) return; // a later choice won
      C.layer(map, C.containers[depthLayer], payload.info, payload.data);
      km = value;
      map.getContainer().setAttribute("data-buffer-km", String(km));
      writeHash();
    }).catch(function (err) {
      showNotice(["the zone at " + value + " km (" + err.message + ")"], "Could not load ");
      if (depthSelect) depthSelect.value = String(km);
    });
  }
  if (depthSelect) depthSelect.addEventListener("change", function () { setDepth(+depthSelect.value); });
  map.getContainer().setAttribute("data-buffer-km", String(km));

  /* ---- restore, then keep the hash current ---- */
  var nonce = 0;
  function restore(parsed, fallback) {
    var s = { nonce: "site-" + (++nonce) };
    s.view = parsed.view || (fallback && { bounds: config.bounds });
    s.layers = parsed.layers || (fallback && config.layers);
    s.date = parsed.date || (fallback ? config.date : undefined);
    if (!s.view) delete s.view;
    if (!s.layers) delete s.layers;
    if (s.date === undefined) delete s.date;
    C.apply(s);
    if (parsed.km !== undefined && parsed.km !== km) setDepth(parsed.km);
    showNotice(parsed.problems);
  }

  /* The map's opening moves (folium's fitBounds, the coverage's minimum zoom, the pan back
   * inside the coverage) are animations, each scheduled for a later frame, that end after this
   * script runs; a view set meanwhile would be undone (Leaflet ignores a new zoom while one is
   * animating, and a scheduled one still runs). So the start state waits until a few frames
   * pass with none of them. */
  var QUIET_FRAMES = 4;
  function whenSettled(fn) {
    var pane = map.getPane("mapPane"), busy = false, quiet = 0, done = false;
    function moving() { busy = true; }
    function run() { if (!done) { done = true; map.off("zoomanim movestart", moving); fn(); } }
    function frame() {
      if (done) return;
      if (busy || L.DomUtil.hasClass(pane, "leaflet-zoom-anim")) { busy = false; quiet = 0; } else quiet++;
      if (quiet >= QUIET_FRAMES) run(); else requestAnimationFrame(frame);
    }
    map.on("zoomanim movestart", moving);
    requestAnimationFrame(frame);
    setTimeout(run, 2000); // never wait for ever
  }

  /* On a phone-sized map the locator would cover much of it: it starts folded (its own
   * toggle; one tap opens it). The locator is added once the reference map has loaded. */
  var NARROW_PX = 600;
  function foldLocator() {
    setTimeout(function () {
      var toggle = map.getContainer().querySelector(".corridors-locator-toggle[aria-expanded=true]");
      if (toggle && map.getSize().x < NARROW_PX) toggle.click();
    }, 0);
  }
  if (map.getContainer().getAttribute("data-reference") === "ready") foldLocator();
  else map.once("corridors:reference", foldLocator);

  whenSettled(function () {
    restore(parseHash(location.hash), true);
    syncDate(C.state.date);
    map.on("corridors:statechange", writeHash);
    writeHash(); // the address holds the state from the start, not only after the next move
    window.addEventListener("hashchange", function () { restore(parseHash(location.hash), false); });
    map.getContainer().setAttribute("data-site", "ready");
  });
})();
