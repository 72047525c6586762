/* Corridors map glue: the few behaviours folium has no element for.
 * Loaded from the app's own server (no CDN). Every string that reaches the DOM goes
 * through textContent or escapeHtml; data never becomes markup. */
(function () {
  "use strict";
  if (window.Corridors) return;

  var containers = {}; // layer id -> FeatureGroup registered in the layer control
  var patterns = {};

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* A registered group is reported by streamlit-folium in `selected_layers`, which it
   * only tracks for layers that look like WMS layers: give the group those two fields. */
  function register(map, group, id, family, order) {
    group.corridorsOrder = order;
    group._url = "corridors";
    group.wmsParams = { layers: id };
    group.corridorsFamily = family;
    group.corridorsId = id;
    containers[id] = group;
  }

  /* A group sent by the server (feature_group_to_add) hands its content to the
   * registered container, so the user's on/off choice and the layer control survive. */
  function adopt(group, id) {
    var target = containers[id];
    if (!target) return;
    target.clearLayers();
    group.eachLayer(function (layer) { target.addLayer(layer); });
    group.clearLayers();
    target.fire("corridors:updated");
  }

  /* Family headings inside Leaflet's layer control, rebuilt whenever the list is. */
  function groupControl(control) {
    // List layers family by family (registry order within a family), not in draw order.
    control.options.sortLayers = true;
    // Layers without a family (online tiles) come last, under their own heading.
    var rank = function (layer) { return layer.corridorsOrder === undefined ? 1e6 : layer.corridorsOrder; };
    control.options.sortFunction = function (a, b) { return rank(a) - rank(b); };
    var addItem = control._addItem;
    var update = control._update;
    control._addItem = function (obj) {
      var label = addItem.call(this, obj);
      var family = (obj.layer && obj.layer.corridorsFamily) || "Online tiles (need internet)";
      if (obj.overlay && family && family !== this._corridorsLast) {
        var head = document.createElement("div");
        head.className = "corridors-family";
        head.textContent = family;
        label.parentNode.insertBefore(head, label);
      }
      if (obj.overlay) this._corridorsLast = family;
      return label;
    };
    control._update = function () {
      var sort = this.options.sortFunction;
      this._layers.sort(function (a, b) { return sort(a.layer, b.layer); });
      this._corridorsLast = null;
      return update.apply(this, arguments);
    };
    control._update();
  }

  /* Tooltip and popup text come pre-escaped from the server in `_tooltip` and `_popup`. */
  function bind(geojson, popupOptions) {
    geojson.bindTooltip(function (layer) { return layer.feature.properties._tooltip; }, { sticky: true });
    geojson.bindPopup(function (layer) { return layer.feature.properties._popup; }, popupOptions);
  }

  function hatch(map, geojson, color) {
    var key = color;
    if (!patterns[key]) {
      patterns[key] = new L.StripePattern({ color: color, weight: 2, spaceWeight: 5, angle: 45, opacity: 0.9, spaceOpacity: 0 });
      patterns[key].addTo(map);
    }
    geojson.setStyle({ fillPattern: patterns[key], fillOpacity: 1 });
  }

  /* Arrowheads along each segment of a flow line. Web Mercator is conformal, so the
   * angle measured in projected metres holds at every zoom. */
  function arrows(geojson, group, color) {
    geojson.eachLayer(function (line) {
      var pts = line.getLatLngs();
      if (pts.length && Array.isArray(pts[0])) pts = [].concat.apply([], pts);
      for (var i = 1; i < pts.length; i++) {
        var a = L.CRS.EPSG3857.project(pts[i - 1]);
        var b = L.CRS.EPSG3857.project(pts[i]);
        var angle = Math.atan2(-(b.y - a.y), b.x - a.x) * 180 / Math.PI;
        var mid = L.CRS.EPSG3857.unproject(L.point((a.x + b.x) / 2, (a.y + b.y) / 2));
        var svg = '<svg width="18" height="18" viewBox="-9 -9 18 18" style="transform:rotate(' + angle.toFixed(1) +
          'deg)"><path d="M-6,-6 L7,0 L-6,6 Z" fill="' + escapeHtml(color) + '" stroke="#fff" stroke-width="1"/></svg>';
        L.marker(mid, {
          interactive: false, keyboard: false,
          icon: L.divIcon({ className: "corridors-arrow", html: svg, iconSize: [18, 18], iconAnchor: [9, 9] })
        }).addTo(group);
      }
    });
  }

  /* Permanent labels for features marked `label: true`, shown from a minimum zoom. */
  function labels(map, geojson, group, minZoom) {
    geojson.eachLayer(function (layer) {
      var props = layer.feature && layer.feature.properties;
      if (!props || !props.label) return;
      var at = layer.getLatLng ? layer.getLatLng() : layer.getCenter();
      var marker = L.marker(at, {
        interactive: false, keyboard: false,
        icon: L.divIcon({ className: "corridors-label corridors-minzoom-" + minZoom, html: "<span>" + escapeHtml(props.label_text || props.name) + "</span>", iconSize: null, iconAnchor: [-8, 8] })
      });
      marker.addTo(group);
    });
    zoomClasses(map);
  }

  function zoomClasses(map) {
    if (map._corridorsZoom) return;
    map._corridorsZoom = true;
    function apply() {
      var z = Math.floor(map.getZoom());
      var el = map.getContainer();
      for (var k = 3; k <= 10; k++) el.classList.toggle("corridors-below-" + k, z < k);
    }
    map.on("zoomend", apply);
    apply();
  }

  /* Legend rows follow the visibility of their layer. */
  function legend(map) {
    function sync() {
      var rows = document.querySelectorAll("[data-corridors-layer]");
      rows.forEach(function (row) {
        var group = containers[row.getAttribute("data-corridors-layer")];
        row.style.display = group && map.hasLayer(group) ? "" : "none";
      });
    }
    map.on("overlayadd overlayremove", sync);
    setTimeout(sync, 0);
  }

  /* The offline vector basemap (Natural Earth), fetched from the app's own server, in a
   * pane under every overlay; the minimap reuses it. */
  function basemap(map, url, style) {
    var pane = map.createPane("corridorsBasemap");
    pane.style.zIndex = 250;
    map.createPane("corridorsTiles").style.zIndex = 260; // online tiles, when switched on, cover it
    map.getContainer().style.background = style.sea;
    function styleFor(feature) {
      var focus = style.focus.indexOf(feature.properties.name) >= 0;
      return { color: style.border, weight: style.border_width, fillColor: focus ? style.focus_land : style.land, fillOpacity: 1 };
    }
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error("basemap HTTP " + r.status);
      return r.json();
    }).then(function (data) {
      L.geoJSON(data, { pane: "corridorsBasemap", style: styleFor, interactive: false, attribution: style.attribution }).addTo(map);
      if (L.Control.MiniMap) {
        var mini = L.geoJSON(data, { style: styleFor, interactive: false });
        new L.Control.MiniMap(mini, { position: "bottomright", width: 150, height: 120, zoomLevelFixed: 2, toggleDisplay: true }).addTo(map);
        var box = map.getContainer().querySelector(".leaflet-control-minimap");
        if (box) box.style.background = style.sea;
      }
      map.getContainer().setAttribute("data-basemap", "ready");
    }).catch(function (err) {
      map.getContainer().setAttribute("data-basemap", "failed");
      console.warn("Offline basemap could not be loaded:", err.message);
    });
  }

  window.Corridors = {
    register: register, adopt: adopt, groupControl: groupControl, hatch: hatch, bind: bind,
    arrows: arrows, labels: labels, legend: legend, basemap: basemap, escapeHtml: escapeHtml,
    containers: containers
  };
})();
