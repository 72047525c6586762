/* The layer panel: a small Leaflet control of our own (public API only: L.Control,
 * map.addLayer/removeLayer, and the standard "overlayadd"/"overlayremove" map events that
 * Leaflet's own layer control fires). Overlays are listed family by family under headings;
 * base maps are a radio choice, the offline map first. The panel collapses to a button, and
 * starts collapsed on narrow screens. */
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
      L.DomEvent.disableClickPropagation(root);
      L.DomEvent.disableScrollPropagation(root);
      map.on("overlayadd overlayremove", this._sync, this);
      this.setCollapsed(map.getContainer().clientWidth < this.options.collapsedBelow);
      return root;
    },

    setCollapsed: function (collapsed) {
      this._collapsed = collapsed;
      this._root.classList.toggle("corridors-collapsed", collapsed);
      this._toggle.setAttribute("aria-expanded", collapsed ? "false" : "true");
    },

    addOverlay: function (group, info) {
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
     * internet; a tile error shows a notice instead of failing silently. */
    setBaseMaps: function (tiles) {
      var map = this._map, base = this._base, current = null, self = this;
      var head = document.createElement("div");
      head.className = "corridors-family";
      head.textContent = "Base map";
      base.appendChild(head);
      var notice = document.createElement("div");
      notice.className = "corridors-notice";
      notice.setAttribute("role", "status");
      notice.style.display = "none";
      function option(label, make, checked) {
        var row = document.createElement("label");
        var input = document.createElement("input");
        input.type = "radio";
        input.name = "corridors-base";
        input.checked = checked;
        var span = document.createElement("span");
        span.textContent = label;
        row.appendChild(input);
        row.appendChild(span);
        L.DomEvent.on(input, "change", function () {
          if (current) { map.removeLayer(current); current = null; }
          notice.style.display = "none";
          if (make) {
            current = make();
            var failed = false;
            current.on("tileerror", function () {
              if (failed) return;
              failed = true;
              notice.textContent = "Online tiles could not be loaded (no internet connection?). The offline map is still shown.";
              notice.style.display = "";
            });
            current.addTo(map);
          }
        });
        base.appendChild(row);
      }
      option("Offline map", null, true);
      tiles.forEach(function (t) {
        option(t.name + " (needs internet)", function () {
          return L.tileLayer(t.url, { attribution: t.attribution, maxZoom: t.maxZoom, pane: "corridorsTiles" });
        }, false);
      });
      base.appendChild(notice);
      self._notice = notice;
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
})();
