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
                     symbolRadius: sym ? Math.ceil(sym.radius + sym.weight / 2) : 0 });
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
})();
