/* The reference map in the browser: lakes and rivers in the basemap's pane, the wide context in
 * the locator map, and the names of places, seas, rivers and countries (layers/reference.py), which
 * Corridors.declutter places together with the story's labels, by priority and zoom.
 * Every name is set with textContent; nothing from the data becomes markup. */
(function () {
  "use strict";
  if (!window.Corridors || window.Corridors.reference) return;

  var names = []; // {marker, priority, minZoom, text}

  function symbolSvg(kind, sym) {
    var r = sym.radius, w = sym.weight, size = Math.ceil(2 * r + w + 2), c = size / 2;
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("width", size);
    svg.setAttribute("height", size);
    svg.setAttribute("class", "corridors-ref-symbol");
    svg.style.left = (-c) + "px";
    svg.style.top = (-c) + "px";
    var ring = document.createElementNS("http://www.w3.org/2000/svg", "circle");
    ring.setAttribute("cx", c); ring.setAttribute("cy", c); ring.setAttribute("r", r);
    ring.setAttribute("fill", kind === "capital" ? "#fff" : "#333");
    ring.setAttribute("stroke", "#1f1f1f"); ring.setAttribute("stroke-width", w);
    svg.appendChild(ring);
    if (kind === "capital") {
      var dot = document.createElementNS("http://www.w3.org/2000/svg", "circle");
      dot.setAttribute("cx", c); dot.setAttribute("cy", c); dot.setAttribute("r", r * 0.42);
      dot.setAttribute("fill", "#1f1f1f");
      svg.appendChild(dot);
    }
    return { svg: svg, radius: c };
  }

  function nameMarker(label, symbols) {
    var box = document.createElement("div");
    var span = document.createElement("span");
    span.textContent = label.text;
    if (label.symbol) {
      var s = symbolSvg(label.symbol, symbols[label.symbol]);
      box.appendChild(s.svg);
      span.style.left = (s.radius + 3) + "px";
      span.style.top = "-0.6em";
    } else {
      span.style.transform = "translate(-50%, -50%) rotate(" + label.rotation + "deg)";
    }
    box.appendChild(span);
    var icon = L.divIcon({ className: "corridors-ref corridors-ref-" + label.cls, html: box, iconSize: [0, 0], iconAnchor: [0, 0] });
    return L.marker([label.lat, label.lon], { icon: icon, interactive: false, keyboard: false, pane: "corridorsNames" });
  }

  /* A country's name where a zoomed-in map shows the country: at its usual place when that is
   * well inside the map, else inside the part of the country the map shows (as print names a
   * country inside its visible land). The map is sampled on a grid; the samples inside the
   * country (its simplified outline, sent as ``area``) become the name's candidate places, those
   * with the most inside neighbours (away from the border) first, then the nearest to their
   * centre, each to be taken only if both ends of the name (at mid-height) lie on the country's
   * land; the usual place is tried first (when well inside the map) on the same terms, and last
   * as it always was. Corridors.declutter takes the first candidate clear of the names already
   * placed. */
  var AREA_INSET = 0.08, AREA_COLS = 15, AREA_ROWS = 11, AREA_CANDIDATES = 24;

  function ringsBox(rings) {
    var b = [Infinity, Infinity, -Infinity, -Infinity];
    rings.forEach(function (ring) {
      ring.forEach(function (p) {
        if (p[0] < b[0]) b[0] = p[0];
        if (p[1] < b[1]) b[1] = p[1];
        if (p[0] > b[2]) b[2] = p[0];
        if (p[1] > b[3]) b[3] = p[1];
      });
    });
    return b;
  }

  function inRings(lon, lat, rings) {
    var inside = false;
    rings.forEach(function (ring) {
      for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        var a = ring[i], b = ring[j];
        if ((a[1] > lat) !== (b[1] > lat) && lon < (b[0] - a[0]) * (lat - a[1]) / (b[1] - a[1]) + a[0]) inside = !inside;
      }
    });
    return inside;
  }

  function areaCandidates(map, n) {
    var size = map.getSize(), home = map.latLngToContainerPoint(n.home);
    var x0 = size.x * AREA_INSET, x1 = size.x * (1 - AREA_INSET), y0 = size.y * AREA_INSET, y1 = size.y * (1 - AREA_INSET);
    var out = [{ ll: n.home, within: false }]; // its usual place: as it always was, wherever its box ends
    if (map.getZoom() < n.minZoom) return out;
    var homeInside = home.x >= x0 && home.x <= x1 && home.y >= y0 && home.y <= y1;
    var view = map.getBounds();
    if (n.box[0] > view.getEast() || n.box[2] < view.getWest() || n.box[1] > view.getNorth() || n.box[3] < view.getSouth()) return out;
    var grid = [], inside = [];
    for (var r = 0; r < AREA_ROWS; r++) {
      grid.push([]);
      for (var c = 0; c < AREA_COLS; c++) {
        var ll = map.containerPointToLatLng([x0 + (x1 - x0) * c / (AREA_COLS - 1), y0 + (y1 - y0) * r / (AREA_ROWS - 1)]);
        var isIn = inRings(ll.lng, ll.lat, n.area);
        grid[r].push(isIn);
        if (isIn) inside.push({ r: r, c: c, ll: ll });
      }
    }
    var mr = 0, mc = 0;
    inside.forEach(function (s) { mr += s.r; mc += s.c; });
    mr /= inside.length || 1; mc /= inside.length || 1;
    inside.forEach(function (s) {
      s.score = 0;
      for (var dr = -1; dr <= 1; dr++) for (var dc = -1; dc <= 1; dc++) {
        if ((dr || dc) && grid[s.r + dr] && grid[s.r + dr][s.c + dc]) s.score++;
      }
      s.dist = (s.r - mr) * (s.r - mr) + (s.c - mc) * (s.c - mc);
    });
    inside.sort(function (a, b) { return b.score - a.score || a.dist - b.dist; });
    var found = inside.slice(0, AREA_CANDIDATES).map(function (s) { return { ll: s.ll, within: true }; });
    // on its land first (its usual place, when well inside the map, then the others); else at
    // its usual place as ever, as a small country's name runs over its borders at small scales
    return (homeInside ? [{ ll: n.home, within: true }] : []).concat(found, out);
  }

  var placedFor = null; // the view the candidates were found for: a toggle or a date keeps them
  function placeAreaNames(map) {
    var size = map.getSize(), key = [names.length, map.getZoom(), map.getCenter().lat, map.getCenter().lng, size.x, size.y].join();
    if (key === placedFor) return;
    placedFor = key;
    names.forEach(function (n) { n.candidates = n.area ? areaCandidates(map, n) : null; });
  }

  /* Whether every point (lat/lng) lies in the country: a name moved into the view must not run
   * out of the country's land into the sea or a neighbour (declutter tests its box's ends). */
  function areaHolds(n, points) {
    return points.every(function (ll) { return inRings(ll.lng, ll.lat, n.area); });
  }

  function reference(map, url) {
    map.createPane("corridorsNames").style.zIndex = 450; // above overlays, under the story's labels and popups
    map.getPane("corridorsNames").style.pointerEvents = "none";
    var data = fetch(url).then(function (r) {
      if (!r.ok) throw new Error("reference HTTP " + r.status);
      return r.json();
    });
    // drawn after the map's first paint: the names wait for the land they name
    return Promise.all([data, window.Corridors.afterFirstDraw()]).then(function (got) {
      var ref = got[0], st = ref.style;
      L.geoJSON(ref.lakes, { pane: "corridorsBasemap", interactive: false,
        style: { color: st.lakeEdge, weight: 0.6, fillColor: st.water, fillOpacity: 1 } }).addTo(map);
      L.geoJSON(ref.rivers, { pane: "corridorsBasemap", interactive: false,
        style: function (f) { return { color: st.river, weight: st.riverWidth[String(f.properties.rank)] || 0.8, opacity: 1 }; } }).addTo(map);
      ref.labels.forEach(function (label) {
        var m = nameMarker(label, st.symbols), sym = label.symbol && st.symbols[label.symbol];
        m.addTo(map);
        names.push({ marker: m, priority: label.priority, minZoom: label.minZoom, text: label.text, place: label.place, alias: label.alias,
                     symbolRadius: sym ? Math.ceil(sym.radius + sym.weight / 2) : 0,
                     area: label.area && label.area.length ? label.area : null, home: m.getLatLng(),
                     box: label.area && label.area.length ? ringsBox(label.area) : null });
      });
      /* A sea's other name as a second line once the sea is big enough on screen (as in print). */
      function aliases() {
        var wide = map.getZoom() >= st.aliasMinZoom;
        names.forEach(function (n) {
          if (!n.alias) return;
          var span = n.marker.getElement() && n.marker.getElement().querySelector("span");
          var text = wide ? n.text + "\n" + n.alias : n.text;
          if (span && span.textContent !== text) span.textContent = text;
        });
      }
      map.on("zoomend", aliases);
      aliases();
      map.getContainer().setAttribute("data-reference", "ready");
      map.fire("corridors:reference");
      Corridors.refreshLabels(map);
      return ref;
    }).catch(function (err) {
      map.getContainer().setAttribute("data-reference", "failed");
      console.warn("Reference map could not be loaded:", err.message);
    });
  }

  window.Corridors.reference = reference;
  window.Corridors.referenceNames = names;
  window.Corridors.placeAreaNames = placeAreaNames;
  window.Corridors.areaHolds = areaHolds;
})();
