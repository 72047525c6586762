/* The layer panel: a small Leaflet control of our own (public API only: L.Control,
 * map.addLayer/removeLayer, and the standard "overlayadd"/"overlayremove" map events that
 * Leaflet's own layer control fires). Overlays are listed family by family under headings
 * (a reader's upload last, under its own); base maps are a radio choice, the offline map
 * first. The panel collapses to a button; on narrow screens it starts collapsed and closes
 * again when the map is tapped, a popup opens or another panel of the map opens. */
(function () {
  "use strict";
  if (!window.Corridors || window.Corridors.panel) return;

  var Panel = L.Control.extend({
    options: { position: "topright", collapsedBelow: 800, title: "Layers" },

    initialize: function (options) {
      L.setOptions(this, options);
      this._rows = [];
    },

    onAdd: function (map) {
      this._map = map;
      var root = L.DomUtil.create("div", "leaflet-control corridors-panel");
      var toggle = L.DomUtil.create("button", "corridors-panel-toggle", root);
      toggle.type = "button";
      toggle.textContent = this.options.title;
      toggle.setAttribute("aria-expanded", "true");
      var body = L.DomUtil.create("div", "corridors-panel-body", root);
      body.id = "corridors-panel-body";
      toggle.setAttribute("aria-controls", body.id);
      this._base = L.DomUtil.create("div", "corridors-panel-base", body);
      this._overlays = L.DomUtil.create("div", "leaflet-control-layers-overlays corridors-panel-overlays", body);
      this._root = root;
      this._toggle = toggle;
      var self = this;
      L.DomEvent.on(toggle, "click", function () { self.setCollapsed(!self._collapsed); });
      L.DomEvent.on(root, "keydown", function (e) {
        if (e.key === "Escape" && !self._collapsed) { self.setCollapsed(true); toggle.focus(); }
      });
      L.DomEvent.disableClickPropagation(root);
      L.DomEvent.disableScrollPropagation(root);
      map.on("overlayadd overlayremove", this._sync, this);
      map.on("click popupopen", function () { if (self._narrow()) self.setCollapsed(true); });
      map.on("corridors:overlay", function (e) { if (e.owner !== self && self._narrow()) self.setCollapsed(true); });
      this.setCollapsed(this._narrow());
      return root;
    },

    _narrow: function () {
      return this._map.getContainer().clientWidth < this.options.collapsedBelow;
    },

    setCollapsed: function (collapsed) {
      this._collapsed = collapsed;
      this._root.classList.toggle("corridors-collapsed", collapsed);
      this._toggle.setAttribute("aria-expanded", collapsed ? "false" : "true");
      if (!collapsed && this._map) this._map.fire("corridors:overlay", { owner: this, kind: "panel" });
      // the labels it uncovers (or covers) are placed again (layout.js → corridors:layout)
      if (this._map && window.Corridors.fitLayout) window.Corridors.fitLayout(this._map);
    },

    /* A row per layer id: a layer sent again (an upload, on every rerun) replaces its row. */
    addOverlay: function (group, info) {
      this.removeOverlay(info.id, true);
      var row = { group: group, info: info };
      var label = document.createElement("label");
      label.setAttribute("data-layer", info.id);
      var input = document.createElement("input");
      input.type = "checkbox";
      input.className = "leaflet-control-layers-selector";
      input.checked = this._map.hasLayer(group);
      var span = document.createElement("span");
      span.textContent = info.title;
      label.appendChild(input);
      label.appendChild(span);
      var map = this._map;
      L.DomEvent.on(input, "change", function () {
        if (input.checked) { map.addLayer(group); map.fire("overlayadd", { layer: group, name: info.title }); }
        else { map.removeLayer(group); map.fire("overlayremove", { layer: group, name: info.title }); }
      });
      row.label = label;
      row.input = input;
      this._rows.push(row);
      this._render();
      var self = this;
      clearTimeout(this._syncSoon);
      this._syncSoon = setTimeout(function () { self._sync(); }, 0); // groups join the map after
    },

    removeOverlay: function (id, quiet) {
      this._rows = this._rows.filter(function (row) { return row.info.id !== id; });
      if (!quiet) this._render();
    },

    _render: function () {
      var rows = this._rows.slice().sort(function (a, b) { return a.info.order - b.info.order; });
      while (this._overlays.firstChild) this._overlays.removeChild(this._overlays.firstChild);
      var last = null, self = this;
      rows.forEach(function (row) {
        if (row.info.family !== last) {
          var head = document.createElement("div");
          head.className = "corridors-family";
          head.textContent = row.info.family;
          self._overlays.appendChild(head);
          last = row.info.family;
        }
        self._overlays.appendChild(row.label);
      });
    },

    _sync: function () {
      var map = this._map;
      this._rows.forEach(function (row) { row.input.checked = map.hasLayer(row.group); });
    },

    /* Base maps: the offline map (always there) and opt-in online tiles that need the
     * internet. One tile is tried first (one request, so an offline reader's console gets one
     * line, not one per tile); if it or any later tile fails, the map says so once and goes
     * back to the offline map. */
    setBaseMaps: function (tiles) {
      var map = this._map, base = this._base, current = null, offline = null, self = this;
      var head = document.createElement("div");
      head.className = "corridors-family";
      head.textContent = "Base map";
      base.appendChild(head);
      function fail() {
        if (current) { map.removeLayer(current); current = null; }
        offline.checked = true;
        map.getContainer().setAttribute("data-tiles", "failed");
        window.Corridors.notice(map, "Online tiles could not be loaded (no internet?) — back to the offline map.");
      }
      function probe(t) {
        var z = Math.max(0, Math.min(Math.round(map.getZoom()), t.maxZoom));
        var at = map.project(map.getCenter(), z).divideBy(256).floor();
        var url = L.Util.template(t.url, { s: "a", x: at.x, y: at.y, z: z, r: "" });
        return fetch(url, { mode: "no-cors", cache: "no-store" });
      }
      function option(label, tile, checked) {
        var row = document.createElement("label");
        var input = document.createElement("input");
        input.type = "radio";
        input.name = "corridors-base";
        input.checked = checked;
        if (!tile) offline = input;
        var span = document.createElement("span");
        span.textContent = label;
        row.appendChild(input);
        row.appendChild(span);
        L.DomEvent.on(input, "change", function () {
          if (current) { map.removeLayer(current); current = null; }
          map.getContainer().removeAttribute("data-tiles");
          if (!tile) return;
          map.getContainer().setAttribute("data-tiles", "trying");
          probe(tile).then(function () {
            if (!input.checked) return; // the reader chose another meanwhile
            var layer = L.tileLayer(tile.url, { attribution: tile.attribution, maxZoom: tile.maxZoom, pane: "corridorsTiles" });
            layer.once("tileerror", function () { if (current === layer) fail(); });
            current = layer;
            layer.addTo(map);
            map.getContainer().setAttribute("data-tiles", "online");
          }, function () { if (input.checked) fail(); });
        });
        base.appendChild(row);
      }
      option("Offline map", null, true);
      tiles.forEach(function (t) { option(t.name + " (needs internet)", t, false); });
    }
  });

  var panels = {};

  window.Corridors.panel = function (map, options, tiles) {
    var p = new Panel(options);
    p.addTo(map);
    if (tiles) p.setBaseMaps(tiles);
    panels[L.stamp(map)] = p;
    return p;
  };
  window.Corridors.panelAdd = function (map, group, info) {
    var p = panels[L.stamp(map)];
    if (p) p.addOverlay(group, info);
  };
  window.Corridors.panelRemove = function (map, id) {
    var p = panels[L.stamp(map)];
    if (p) p.removeOverlay(id);
  };
})();
