/* The list view: the features on the map in the current view on the chosen date, layer by
 * layer, as an alternative to the map for keyboards and screen readers. A "List" button (top
 * left, reached with Tab from the map) opens a region with a heading per layer and a button
 * per feature; a button does what a search result does (Corridors.focus: the popup opens and
 * takes the focus; Escape there comes back to the list). Kept up to date while open: panning,
 * zooming, the date, layers switched on or off, an upload. Names are set with textContent. */
(function () {
  "use strict";
  if (!window.Corridors || window.Corridors.list) return;
  var C = window.Corridors;
  var count = 0, UPDATE_MS = 120;

  function inView(l, view) {
    if (l.getLatLng) return view.contains(l.getLatLng());
    return l.getBounds ? view.intersects(l.getBounds()) : false;
  }

  function byName(a, b) { return a.name.localeCompare(b.name); }

  /* [{info, items: [{id, name}]}] in panel order. */
  function featuresInView(map) {
    var view = map.getBounds(), groups = [];
    Object.keys(C.layers).forEach(function (lid) {
      var e = C.layers[lid];
      if (!map.hasLayer(e.group)) return;
      var items = e.features.filter(function (l) { return e.geo.hasLayer(l) && inView(l, view); })
        .map(function (l) { return { id: l._corridors.id, name: l._corridors.name || l._corridors.id }; });
      if (items.length) groups.push({ info: e.info, items: items.sort(byName) });
    });
    return groups.sort(function (a, b) { return a.info.order - b.info.order; });
  }

  /* Keyboard users land in the popup, and go back where they came from with Escape. */
  function focusPopup(map, back) {
    var content = map.getContainer().querySelector(".leaflet-popup-content");
    if (!content) return;
    content.setAttribute("tabindex", "-1");
    content.focus({ preventScroll: true });
    L.DomEvent.on(content, "keydown", function (ev) {
      if (ev.key !== "Escape") return;
      L.DomEvent.stop(ev);
      map.closePopup();
      var target = back();
      if (target) target.focus();
    });
  }

  function list(map) {
    var id = "corridors-list-" + (++count);
    var root, toggle, region, status, content, pending = null;

    function isOpen() { return !region.hidden; }

    function update() {
      pending = null;
      if (!isOpen()) return;
      var had = document.activeElement && content.contains(document.activeElement)
        ? document.activeElement.getAttribute("data-feature") : null;
      var groups = featuresInView(map), total = 0;
      while (content.firstChild) content.removeChild(content.firstChild);
      groups.forEach(function (g) {
        var head = document.createElement("h3");
        head.textContent = g.info.title;
        var ul = document.createElement("ul");
        g.items.forEach(function (item) {
          var li = document.createElement("li");
          var button = document.createElement("button");
          button.type = "button";
          button.textContent = item.name;
          button.setAttribute("data-feature", item.id);
          L.DomEvent.on(button, "click", function (ev) { choose(item.id, ev.detail === 0); });
          li.appendChild(button);
          ul.appendChild(li);
          total += 1;
        });
        content.appendChild(head);
        content.appendChild(ul);
      });
      var day = C.state.date ? "on " + C.state.date : "on the latest date";
      status.textContent = total
        ? total + (total === 1 ? " feature" : " features") + " in view " + day + "."
        : "No feature in view " + day + ": zoom out or switch layers on in the layer panel.";
      if (had) {
        var again = content.querySelector('[data-feature="' + CSS.escape(had) + '"]');
        if (again) again.focus({ preventScroll: true });
      }
    }

    function soon() {
      if (!region || !isOpen() || pending) return;
      pending = setTimeout(update, UPDATE_MS);
    }

    /* Last in its column: opening it pushes no other control down. */
    function lastInColumn() {
      if (root.parentNode && root.parentNode.lastChild !== root) root.parentNode.appendChild(root);
    }

    function setOpen(open) {
      lastInColumn();
      region.hidden = !open;
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      root.classList.toggle("corridors-open", open);
      if (open) { update(); map.fire("corridors:overlay", { owner: root, kind: "list" }); }
      if (C.fitLayout) C.fitLayout(map);
    }

    function choose(fid, byKeyboard) {
      var small = map.getSize().x < 800;
      if (small) setOpen(false); // on a phone the list would cover the popup
      if (!C.focus(fid)) return;
      if (byKeyboard) {
        focusPopup(map, function () {
          if (small) { setOpen(true); }
          return content.querySelector('[data-feature="' + CSS.escape(fid) + '"]') || toggle;
        });
      }
    }

    var control = L.control({ position: "topleft" });
    control.onAdd = function () {
      root = L.DomUtil.create("div", "leaflet-control corridors-list");
      toggle = L.DomUtil.create("button", "corridors-list-toggle", root);
      toggle.type = "button";
      toggle.textContent = "List";
      toggle.title = "List the features in view";
      toggle.setAttribute("aria-expanded", "false");
      toggle.setAttribute("aria-controls", id);
      region = L.DomUtil.create("div", "corridors-list-body", root);
      region.id = id;
      region.setAttribute("role", "region");
      region.setAttribute("aria-label", "Features in view");
      region.hidden = true;
      var title = L.DomUtil.create("h2", "", region);
      title.textContent = "Features in view";
      status = L.DomUtil.create("p", "corridors-list-status", region);
      status.setAttribute("aria-live", "polite");
      content = L.DomUtil.create("div", "corridors-list-content", region);
      L.DomEvent.disableClickPropagation(root);
      L.DomEvent.disableScrollPropagation(root);
      L.DomEvent.on(toggle, "click", function () { setOpen(!isOpen()); });
      L.DomEvent.on(root, "keydown", function (ev) {
        L.DomEvent.stopPropagation(ev);
        if (ev.key === "Escape" && isOpen()) { setOpen(false); toggle.focus(); }
      });
      return root;
    };
    control.addTo(map);
    setTimeout(lastInColumn, 0); // after the controls added after the set-up (full screen, measure)
    map.on("moveend zoomend overlayadd overlayremove corridors:date corridors:upload", soon);
    map.on("corridors:overlay", function (e) {
      if (e.owner !== root && isOpen() && (e.kind === "legend" || map.getSize().x < 800)) setOpen(false);
    });
    // a parameter-driven layer's new content (the buffer zone at another depth)
    map.on("corridors:layer", function (e) { e.group.on("corridors:updated", soon); });
    Object.keys(C.containers).forEach(function (lid) { C.containers[lid].on("corridors:updated", soon); });
    return { control: control, update: update, open: setOpen };
  }

  window.Corridors.list = list;
  window.Corridors.featuresInView = featuresInView;
  window.Corridors.focusPopup = focusPopup;
})();
