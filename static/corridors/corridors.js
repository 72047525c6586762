/* Corridors map: layers, dated states, labels, arrows and legend in the browser.
 * Loaded from the app's own server (no CDN). Every string that reaches the DOM was escaped
 * by the server (popups, tooltips) or goes through textContent / escapeHtml here.
 *
 * Dates: each feature carries its states as [{from, ...}] (from = "YYYY-MM-DD" or null for
 * "before every dated item"), computed on the server by layers.timeline; setDate picks the
 * latest state whose `from` is not after the chosen date. A feature with no such state does
 * not exist yet and is taken off the map. */
(function () {
  "use strict";
  if (window.Corridors) return;

  var containers = {}; // layer id -> FeatureGroup (what the panel toggles; our layers only)
  var layers = {}; // layer id -> {info, features: [leaflet layer], labels: [marker]}
  var uploads = {}; // upload id -> {container, server group, info, fitted nonce}
  var patterns = {};
  var texts = {}; // layer id -> {feature id -> {head, tail, bodies}} (popup texts)
  var textsSource = { url: null, loading: null };
  var state = { date: null, focusNonce: null, map: null };

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function stateFor(states, date) {
    var pick = -1;
    for (var i = 0; i < states.length; i++) {
      if (states[i].from === null || date === null || states[i].from <= date) pick = i;
      else break;
    }
    if (date === null) pick = states.length - 1;
    return pick;
  }

  function pattern(map, color) {
    if (!patterns[color]) {
      patterns[color] = new L.StripePattern({ color: color, weight: 2, spaceWeight: 5, angle: 45, opacity: 0.9, spaceOpacity: 0 });
      patterns[color].addTo(map);
    }
    return patterns[color];
  }

  /* Hover tooltips only where there is hover: on a touch screen a tap opens the popup, and a
   * sticky tooltip would sit on top of it. */
  var hover = !(window.matchMedia && window.matchMedia("(hover: none)").matches);

  /* A layer's data → Leaflet layers inside its group. `info` comes from the server:
   * {id, family, title, order, labels, labelMinZoom, arrows (colour or null), adopt, upload}.
   * Markers are not tab stops (a hundred of them would stand between the map and its
   * controls): the list view (list.js) is the keyboard's way to every feature. */
  function layer(map, group, info, data) {
    state.map = map;
    var entry = { info: info, features: [], labels: [], group: group, map: map, looks: data.looks || [] };
    if (data.texts) texts[info.id] = data.texts;
    var geo = L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        var s = feature.properties.states[feature.properties.states.length - 1];
        return L.marker(latlng, { icon: icon(lookOf(entry, s)), keyboard: false, title: "" });
      },
      onEachFeature: function (feature, lyr) {
        lyr._corridors = feature.properties;
        lyr._corridorsEntry = entry;
        if (hover) lyr.bindTooltip(function () { return lyr._corridorsTip || ""; }, { sticky: true });
        lyr.bindPopup(function () {
          fitPopup(lyr.getPopup(), entry.map);
          return popupHtml(lyr, lyr._corridorsEntry.info.id);
        }, { maxWidth: 380, minWidth: 240, className: "corridors-popup-box" });
        lyr.on("popupopen", function () { if (lyr.closeTooltip) lyr.closeTooltip(); });
        lyr.on("add", function () { untab(lyr); });
        entry.features.push(lyr);
        if (info.labels && feature.properties.label) entry.labels.push(labelMarker(lyr));
      }
    });
    entry.geo = geo;
    if (info.upload) return upload(map, group, entry);
    if (info.adopt) return adopt(entry);
    group.addLayer(geo);
    entry.labels.forEach(function (m) { group.addLayer(m); });
    containers[info.id] = group;
    layers[info.id] = entry;
    group.corridorsInfo = info;
    if (window.Corridors.panelAdd) window.Corridors.panelAdd(map, group, info);
    map.fire("corridors:layer", { group: group, info: info });
    applyDate(entry);
    if (info.arrows) map.on("zoomend", function () { drawArrows(entry); });
    if ((info.minorMinZoom !== null && info.minorMinZoom !== undefined) || info.minZoom) {
      map.on("zoomend", function () { applyDate(layers[info.id]); });
    }
    return entry;
  }

  /* Content sent by the server later (feature_group_to_add: a parameter changed) replaces
   * the registered layer's content, so the reader's on/off choice and the panel survive. */
  function adopt(entry) {
    var target = layers[entry.info.id];
    if (!target) return;
    target.group.clearLayers();
    target.geo = entry.geo;
    target.looks = entry.looks;
    target.features = entry.features;
    target.labels = entry.labels;
    entry.features.forEach(function (l) { l._corridorsEntry = target; });
    target.group.addLayer(entry.geo);
    entry.labels.forEach(function (m) { target.group.addLayer(m); });
    applyDate(target);
    target.group.fire("corridors:updated");
  }

  /* Chromium makes an SVG path with focus listeners (Leaflet's tooltips add them) a tab stop:
   * taken out of the tab order, so Tab goes from the map to its controls; a click still
   * focuses it (without a visible box, corridors.css). */
  function untab(lyr) {
    if (lyr.eachLayer) { lyr.eachLayer(untab); return; }
    var el = lyr.getElement && lyr.getElement();
    if (el && el.tagName.toLowerCase() === "path") el.setAttribute("tabindex", "-1");
  }

  /* A reader's upload: the server sends it in a new group on every rerun that changes the
   * map's groups, and none once the file is removed. Its features live in a container of our
   * own, so the panel row, the legend row and the reader's on/off choice survive reruns; the
   * map fits the upload once per file (info.nonce, a digest of its data). A server group that
   * leaves the map without a successor means the upload was removed. */
  function upload(map, group, entry) {
    var info = entry.info, u = uploads[info.id];
    if (!u) {
      u = uploads[info.id] = { container: L.featureGroup(), fitted: null };
      u.container.corridorsInfo = info;
      map.addLayer(u.container);
    }
    if (!u.info || u.info.title !== info.title) {
      if (window.Corridors.panelAdd) window.Corridors.panelAdd(map, u.container, info);
      legendRow(map, info);
    }
    u.info = info;
    u.server = group;
    u.container.clearLayers();
    u.container.addLayer(entry.geo);
    entry.group = u.container;
    layers[info.id] = entry;
    group.on("remove", function () {
      setTimeout(function () { if (uploads[info.id] && uploads[info.id].server === group) removeUpload(map, info.id); }, 0);
    });
    applyDate(entry);
    if (info.nonce !== u.fitted) {
      u.fitted = info.nonce;
      var b = u.container.getBounds();
      if (b.isValid()) map.fitBounds(b, { padding: [40, 40], maxZoom: 10, animate: false });
    }
    map.fire("corridors:upload", { id: info.id, info: info });
    return entry;
  }

  function removeUpload(map, id) {
    var u = uploads[id];
    if (!u) return;
    var open = layers[id] && layers[id].features.some(function (l) { return l.isPopupOpen && l.isPopupOpen(); });
    if (open) map.closePopup();
    map.removeLayer(u.container);
    if (window.Corridors.panelRemove) window.Corridors.panelRemove(map, id);
    var row = document.querySelector('[data-legend-section="' + id + '"]');
    if (row) row.parentNode.removeChild(row);
    delete uploads[id];
    delete layers[id];
    map.fire("corridors:upload", { id: id, info: null });
    refresh(map);
  }

  /* The upload's row in the legend, under its own heading: the swatch is the server's (drawn
   * from layers.styles.UPLOAD_STYLE), the file's name is set as text. */
  function legendRow(map, info) {
    var box = document.querySelector(".corridors-legend");
    if (!box) return;
    var section = box.querySelector('[data-legend-section="' + info.id + '"]');
    if (!section) {
      section = document.createElement("section");
      section.setAttribute("data-legend-section", info.id);
      var head = document.createElement("h4");
      head.textContent = info.family;
      section.appendChild(head);
      var note = box.querySelector(":scope > p");
      box.insertBefore(section, note);
    }
    var row = section.querySelector(".row") || document.createElement("div");
    row.className = "row";
    row.setAttribute("data-legend-key", info.id);
    row.setAttribute("data-legend-layers", info.id);
    row.innerHTML = info.swatch || ""; // server-drawn SVG, no user text
    var span = document.createElement("span");
    span.textContent = info.title;
    row.appendChild(span);
    section.appendChild(row);
  }

  /* A state's look: an index into its layer's table (or, for uploads, inline). */
  function lookOf(entry, s) {
    return typeof s.look === "number" ? entry.looks[s.look] : s;
  }

  /* A point's symbol; a name-only look ({name: true}: the strait) draws nothing, and leaves an
   * invisible target for a click or a tap on the point. */
  var NAME_TARGET_PX = 16;
  function icon(look) {
    var size = look.icon ? look.size : NAME_TARGET_PX;
    return L.divIcon({ html: look.icon || "", className: "corridors-shape", iconSize: [size, size], iconAnchor: [size / 2, size / 2] });
  }

  /* Popup texts live in a static file fetched once (or arrive inline with a layer). */
  function loadTexts() {
    if (!textsSource.url) return Promise.resolve();
    if (!textsSource.loading) {
      textsSource.loading = fetch(textsSource.url).then(function (r) {
        if (!r.ok) throw new Error("texts HTTP " + r.status);
        return r.json();
      }).then(function (all) {
        Object.keys(all).forEach(function (id) { if (!texts[id]) texts[id] = all[id]; });
      }).catch(function (err) { textsSource.loading = null; console.warn("Popup texts could not be loaded:", err.message); });
    }
    return textsSource.loading;
  }

  function textsFrom(url) {
    textsSource.url = url;
    // when idle after the first paint: a popup opened earlier fetches them itself
    afterFirstDraw().then(function () { idle(loadTexts, 2000); });
  }

  /* A popup as wide as the map allows (at most 380 px of text, less on a phone) and at most
   * POPUP_MAX_PX tall before it scrolls; it opens clear of the controls around it (the zoom
   * column, the search box, an open layer panel), read from where they are on screen. */
  var POPUP_MAX_PX = 420;
  var POPUP_CHROME_X = 46, POPUP_CHROME_Y = 46; // wrapper padding, content margins, the tip
  var POPUP_MARGIN = 8;

  function controlsRect(map, selector) {
    var box = map.getContainer().getBoundingClientRect(), out = null;
    map.getContainer().querySelectorAll(selector).forEach(function (el) {
      if (!el.offsetParent) return; // not displayed
      var r = el.getBoundingClientRect();
      if (!r.width || !r.height) return;
      var rel = { l: r.left - box.left, t: r.top - box.top, r: r.right - box.left, b: r.bottom - box.top };
      out = out ? { l: Math.min(out.l, rel.l), t: Math.min(out.t, rel.t), r: Math.max(out.r, rel.r), b: Math.max(out.b, rel.b) } : rel;
    });
    return out;
  }

  function fitPopup(popup, map) {
    if (!popup || !map) return;
    var size = map.getSize(), m = POPUP_MARGIN;
    // the narrow column of buttons under the search box on the left
    var column = controlsRect(map, ".leaflet-top.leaflet-left > .leaflet-control:not(.corridors-search)");
    var search = controlsRect(map, ".leaflet-top .corridors-search, .leaflet-top .corridors-panel-toggle");
    var panel = controlsRect(map, ".leaflet-top.leaflet-right > .corridors-panel:not(.corridors-collapsed)");
    var left = (column ? column.r : 0) + m;
    var top = (search ? search.b : 0) + m;
    var right = (panel ? size.x - panel.l : 0) + m;
    var width = Math.max(150, Math.min(380, size.x - left - right - POPUP_CHROME_X));
    popup.options.maxWidth = width;
    popup.options.minWidth = size.x < 800 ? width : Math.min(240, width);
    popup.options.maxHeight = Math.max(120, Math.min(POPUP_MAX_PX, size.y - top - m) - POPUP_CHROME_Y);
    popup.options.autoPanPaddingTopLeft = L.point(left, top);
    popup.options.autoPanPaddingBottomRight = L.point(right, m);
  }

  function popupHtml(lyr, layerId) {
    var p = lyr._corridors;
    var i = lyr._corridorsState >= 0 ? lyr._corridorsState : p.states.length - 1;
    var t = (texts[layerId] || {})[p.id] || (p.head !== undefined ? { head: p.head, tail: p.tail, bodies: [] } : null);
    var div = document.createElement("div");
    if (!t) {
      div.className = "corridors-popup";
      div.textContent = "Loading…";
      loadTexts().then(function () { if (lyr.isPopupOpen()) lyr.setPopupContent(popupHtml(lyr, layerId)); });
      return div;
    }
    div.innerHTML = t.head + (t.bodies[i] || "") + t.tail; // server-escaped
    if (state.date) {
      div.querySelectorAll("[data-from]").forEach(function (el) {
        if (el.getAttribute("data-from") > state.date) el.remove();
      });
      div.querySelectorAll("details").forEach(function (d) {
        var n = d.querySelectorAll("li").length, count = d.querySelector(".count");
        if (!n) d.remove();
        else if (count) count.textContent = "(" + n + ")";
      });
    }
    return div;
  }

  function labelMarker(lyr) {
    var at = lyr.getLatLng ? lyr.getLatLng() : lyr.getBounds().getCenter();
    var m = L.marker(at, {
      interactive: false, keyboard: false, zIndexOffset: LABEL_Z_OFFSET, // above every symbol
      icon: L.divIcon({ className: "corridors-label", html: "<span></span>", iconSize: null, iconAnchor: [-LABEL_GAP_PX, 8] })
    });
    m._corridorsFeature = lyr;
    return m;
  }

  /* A minor feature (not flagged for a label) of a layer with minorMinZoom shows only from
   * that zoom: the same rule as the print renderer's (layers.registry.Layer.minor_min_zoom). */
  function minorHidden(entry, p) {
    var z = entry.info.minorMinZoom, zoom = entry.map.getZoom();
    if (entry.info.minZoom && zoom < entry.info.minZoom) return true; // the whole layer: too dense
    return z !== null && z !== undefined && !p.label && zoom < z;
  }

  function applyFeature(entry, lyr) {
    var p = lyr._corridors;
    var i = stateFor(p.states, state.date);
    var shown = i >= 0 && !minorHidden(entry, p);
    lyr._corridorsState = i;
    var onMap = entry.geo.hasLayer(lyr);
    if (!shown) {
      if (onMap) entry.geo.removeLayer(lyr);
      underlays(entry, lyr, null);
      return;
    }
    if (!onMap) entry.geo.addLayer(lyr);
    var s = p.states[i];
    var look = lookOf(entry, s);
    lyr._corridorsTip = s.tip;
    if (lyr.setIcon && look.icon) {
      if (lyr._corridorsIcon !== look.icon) { lyr.setIcon(icon(look)); lyr._corridorsIcon = look.icon; }
    } else if (lyr.setStyle && look.style) {
      var st = L.extend({}, look.style);
      if (st.hatch) { st.fillPattern = pattern(entry.map, st.hatch); st.fillOpacity = 1; }
      else { st.fillPattern = null; }
      delete st.hatch; delete st.band; delete st.casing; delete st.waypoints;
      lyr.setStyle(st);
      underlays(entry, lyr, look.style);
    }
  }

  /* What the print renderer draws with a line too (layers.styles.feature_style): a soft band
   * along a line only approximately placed, a casing under an event's dashed line, white dots
   * on a schematic line's known waypoints. Band and casing sit in a pane under the overlays;
   * the group that holds them is the layer's, so switching the layer off removes them too. */
  function underlays(entry, lyr, style) {
    var key = style ? JSON.stringify([style.band, style.casing, style.waypoints, style.color]) : null;
    if (lyr._corridorsUnderKey === key) return;
    if (lyr._corridorsUnder) entry.group.removeLayer(lyr._corridorsUnder);
    lyr._corridorsUnder = null;
    lyr._corridorsUnderKey = key;
    if (!style || !(style.band || style.casing || style.waypoints) || !lyr.getLatLngs) return;
    if (!entry.map.getPane("corridorsUnder")) entry.map.createPane("corridorsUnder").style.zIndex = 390;
    var under = L.featureGroup(), latlngs = lyr.getLatLngs();
    var path = { pane: "corridorsUnder", interactive: false, fill: false, lineCap: "round", lineJoin: "round" };
    var Shape = lyr instanceof L.Polygon ? L.polygon : L.polyline;
    if (style.band) under.addLayer(Shape(latlngs, L.extend({}, path, { color: style.color, weight: style.band.weight, opacity: style.band.opacity })));
    if (style.casing) under.addLayer(Shape(latlngs, L.extend({}, path, { color: style.casing.color, weight: style.casing.weight, opacity: style.casing.opacity })));
    if (style.waypoints) {
      /* Every dot of a line as one path of zero-length round-capped strokes, a ring under a
       * white face: two elements for the whole line, not one per vertex (a line of 100,000
       * vertices took ~0.7 s to switch on or off as 100,000 circles). */
      var flat = latlngs;
      while (flat.length && Array.isArray(flat[0])) flat = [].concat.apply([], flat);
      var dots = flat.map(function (ll) { return [ll, ll]; });
      var dot = L.extend({}, path, { opacity: 1, lineCap: "round", smoothFactor: 0 });
      var w = style.waypoints; // {radius, ring} (layers.styles, as print draws them)
      under.addLayer(L.polyline(dots, L.extend({}, dot, { color: style.color, weight: 2 * w.radius + w.ring })));
      under.addLayer(L.polyline(dots, L.extend({}, dot, { color: "#fff", weight: 2 * w.radius - w.ring })));
    }
    under.corridorsUnderlay = true;
    lyr._corridorsUnder = under;
    entry.group.addLayer(under);
  }

  function applyDate(entry) {
    entry.features.forEach(function (l) { applyFeature(entry, l); });
    entry.labels.forEach(function (m) {
      var f = m._corridorsFeature, p = f._corridors;
      var s = p.states[f._corridorsState];
      var span = m.getElement() && m.getElement().querySelector("span");
      m._corridorsText = s ? s.label : "";
      m._corridorsPlace = s ? s.place : null;
      if (span) span.textContent = m._corridorsText;
    });
    if (entry.info.arrows) drawArrows(entry);
    if (entry.map) refresh(entry.map);
  }

  /* Labels and legend follow the layers; batched so that many changes cost one pass. */
  var pending = null;
  function refresh(map) {
    if (pending) return;
    pending = setTimeout(function () { pending = null; declutter(map); syncLegend(map); }, 0);
  }

  function setDate(date) {
    state.date = date || null;
    Object.keys(layers).forEach(function (id) { applyDate(layers[id]); });
    if (state.map) {
      state.map.getContainer().setAttribute("data-date", state.date || "");
      state.map.fire("corridors:date", { date: state.date });
    }
  }

  /* Arrowheads along flow lines, one per info.arrowSpacing px on screen, in the drawing
   * direction; redrawn on zoom so the spacing holds (layers.styles.ARROW_SPACING_PX). */
  function drawArrows(entry) {
    var map = entry.map;
    if (entry.arrows) entry.arrows.forEach(function (m) { entry.group.removeLayer(m); });
    entry.arrows = [];
    entry.features.forEach(function (lyr) {
      if (!entry.geo.hasLayer(lyr) || !lyr.getLatLngs) return;
      var pts = lyr.getLatLngs();
      if (pts.length && Array.isArray(pts[0])) pts = [].concat.apply([], pts);
      var px = pts.map(function (p) { return map.project(p, map.getZoom()); });
      var total = 0, seg = [];
      for (var i = 1; i < px.length; i++) { var d = px[i].distanceTo(px[i - 1]); seg.push(d); total += d; }
      var count = Math.max(1, Math.floor(total / entry.info.arrowSpacing));
      var colour = lyr.options.color || entry.info.arrows;
      for (var k = 0; k < count; k++) {
        var at = total * (k + 0.5) / count, j = 0;
        while (j < seg.length - 1 && at > seg[j]) { at -= seg[j]; j++; }
        var a = px[j], b = px[j + 1], t = seg[j] ? at / seg[j] : 0;
        var mid = L.point(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
        var angle = Math.atan2(b.y - a.y, b.x - a.x) * 180 / Math.PI;
        var svg = '<svg width="18" height="18" viewBox="-9 -9 18 18" style="transform:rotate(' + angle.toFixed(1) +
          'deg)"><path d="M-6,-6 L7,0 L-6,6 Z" fill="' + escapeHtml(colour) + '" stroke="#fff" stroke-width="1"/></svg>';
        var m = L.marker(map.unproject(mid, map.getZoom()), {
          interactive: false, keyboard: false,
          icon: L.divIcon({ className: "corridors-arrow", html: svg, iconSize: [18, 18], iconAnchor: [9, 9] })
        });
        entry.arrows.push(m);
        entry.group.addLayer(m);
      }
    });
  }

  /* Labels: each shows from its own minimum zoom (any value; nothing per zoom in CSS). The
   * story's labels (by their layers' ranks) go first, then the reference names (countries,
   * seas, capitals, regions, rivers, lakes, towns, by class); a label that would overprint one
   * already placed, or be cut at the map's edge, is hidden at this zoom. The same order as the
   * print renderer's. The story's point symbols are obstacles too: a story label that would
   * cover another feature's symbol moves to the left of its point, above, below or to a corner
   * (as print tries its label offsets); if every place is taken by symbols it keeps the first
   * place clear of labels and is drawn over the symbols (labels are above every symbol). A
   * reference name (with its own town dot) is hidden instead. */
  function declutter(map) {
    var z = map.getZoom(), placed = [], all = [], box = map.getContainer(), edge = box.getBoundingClientRect();
    // the map's controls come first: no label goes under a button or an open panel
    box.querySelectorAll(".leaflet-control-container .leaflet-control").forEach(function (c) {
      var r = c.offsetParent ? c.getBoundingClientRect() : null;
      if (r && r.width) placed.push({ l: r.left, t: r.top, r: r.right, b: r.bottom });
    });
    Object.keys(layers).forEach(function (id) {
      var e = layers[id];
      var on = map.hasLayer(e.group);
      e.labels.forEach(function (m) {
        var f = m._corridorsFeature;
        var show = on && z >= e.info.labelMinZoom && e.geo.hasLayer(f) && !!m._corridorsText;
        all.push({ m: m, show: show, priority: f._corridors.rank || e.info.rank, text: m._corridorsText, place: m._corridorsPlace });
      });
    });
    if (window.Corridors.placeAreaNames) window.Corridors.placeAreaNames(map); // countries inside the view
    (window.Corridors.referenceNames || []).forEach(function (n) {
      all.push({ m: n.marker, show: z >= n.minZoom, priority: n.priority, text: null, place: n.place, symbol: n.symbolRadius || 0,
                 candidates: n.candidates, ref: n });
    });
    var named = []; // {core, x, y} of every label placed: one label per place
    var symbols = pointSymbols(map, edge);
    all.sort(function (a, b) { return a.priority - b.priority; });
    /* Reading a label's box after a style change forces a layout, once per label: hundreds of
     * labels took ~70 ms. So each label's box is measured once, relative to its point, and
     * again only when its text, a stylesheet or a font changes (layoutEpoch); then every
     * decision is arithmetic, and the styles are written at the end. */
    var measure = [];
    all.forEach(function (item) {
      var el = item.m.getElement();
      item.el = el;
      if (!el) return;
      var span = item.span = el.querySelector("span");
      if (span && item.text !== null && span.textContent !== item.text) span.textContent = item.text || "";
      var known = el._corridorsBox;
      if (item.show && span && (!known || known.text !== span.textContent || known.epoch !== layoutEpoch)) measure.push(item);
    });
    if (measure.length) {
      measure.forEach(function (item) {
        item.el.style.display = "";
        if (item.text === null) return; // a reference name keeps the offset from its symbol it was made with
        item.el.classList.remove("corridors-label-left", "corridors-label-centred");
        item.span.style.left = "";
        item.span.style.top = "";
      });
      // before the stylesheets apply, a label is not yet placed at its point: measure, never keep
      var epoch = getComputedStyle(measure[0].el).position === "absolute" ? layoutEpoch : -1;
      measure.forEach(function (item) {
        var r = item.span.getBoundingClientRect(), at = anchorPx(map, item.m, edge);
        item.el._corridorsBox = { text: item.span.textContent, epoch: epoch, dx: r.left - at.x, dy: r.top - at.y, w: r.width, h: r.height };
      });
    }
    var fits = function (r) {
      return r.left >= edge.left + EDGE_PX && r.right <= edge.right - EDGE_PX &&
        r.top >= edge.top + EDGE_PX && r.bottom <= edge.bottom - EDGE_PX;
    };
    var hits = function (b, list, owner) {
      return list.some(function (o) { return (!owner || o.owner !== owner) && b.l < o.r && b.r > o.l && b.t < o.b && b.b > o.t; });
    };
    all.forEach(function (item) {
      item.side = "right";
      item.hiddenBy = null;
      if (!item.el || !item.show || !item.span) return;
      var c = item.el._corridorsBox, at = anchorPx(map, item.m, edge), story = item.text !== null;
      var owner = story ? item.m._corridorsFeature : null, core = item.place;
      if (core && named.some(function (o) { return o.core === core && Math.abs(o.x - at.x) < SAME_PLACE_PX && Math.abs(o.y - at.y) < SAME_PLACE_PX; })) {
        item.hiddenBy = "duplicate";
        return;
      }
      var boxAt = function (side) {
        var s = labelShift(side, c);
        var r = { left: at.x + c.dx + s.x, top: at.y + c.dy + s.y, right: at.x + c.dx + s.x + c.w, bottom: at.y + c.dy + s.y + c.h };
        return { fits: fits(r), b: { l: r.left - 2, t: r.top - 1, r: r.right + 2, b: r.bottom + 1 } };
      };
      if (!story) {
        // a country's name may have other places inside the land the map shows (reference.js):
        // the first clear one is taken; the name is hidden for the first one's reason
        var places = item.candidates && item.candidates.length ? item.candidates : null, why = null;
        for (var k = 0; k < (places ? places.length : 1); k++) {
          if (places) {
            var p = map.latLngToContainerPoint(places[k].ll);
            at = { x: edge.left + p.x, y: edge.top + p.y };
          }
          var own = item.symbol ? { l: at.x - item.symbol, t: at.y - item.symbol, r: at.x + item.symbol, b: at.y + item.symbol } : null;
          var here = boxAt("right");
          var reason = !here.fits ? "edge" : hits(here.b, placed) || (own && hits(own, placed)) ? "overlap"
            : hits(here.b, symbols) || (own && hits(own, symbols)) ? "symbol" : null;
          if (!reason && places && places[k].within) { // the two ends of its text, at mid-height
            var mid = (here.b.t + here.b.b) / 2 - edge.top, ends = [here.b.l + 4, here.b.r - 4].map(function (x) {
              return map.containerPointToLatLng([x - edge.left, mid]);
            });
            if (!window.Corridors.areaHolds(item.ref, ends)) reason = "outside";
          }
          if (reason) { why = why || reason; continue; }
          placed.push(here.b);
          if (own) placed.push(own);
          named.push({ core: core, x: at.x, y: at.y });
          if (places && !item.m.getLatLng().equals(places[k].ll)) item.m.setLatLng(places[k].ll);
          return;
        }
        item.hiddenBy = why;
        return;
      }
      // a story label: the first side inside the map and clear of labels and other symbols;
      // else the first side clear of labels (a symbol under it rather than no name)
      var sides = LABEL_SIDES.map(function (side) { var o = boxAt(side); o.side = side; return o; });
      var free = sides.filter(function (o) { return o.fits && !hits(o.b, placed); });
      if (!free.length) { item.hiddenBy = sides.some(function (o) { return o.fits; }) ? "overlap" : "edge"; return; }
      var best = free.filter(function (o) { return !hits(o.b, symbols, owner); })[0] || free[0];
      item.side = best.side;
      placed.push(best.b);
      named.push({ core: core, x: at.x, y: at.y });
    });
    all.forEach(function (item) {
      var el = item.el;
      if (!el) return;
      var visible = item.show && !!item.span && !item.hiddenBy;
      el.style.display = visible ? "" : "none";
      if (item.hiddenBy) el.setAttribute("data-hidden-by", item.hiddenBy);
      else el.removeAttribute("data-hidden-by");
      if (!item.span || item.text === null) return;
      el.classList.toggle("corridors-label-left", /left$/.test(item.side));
      el.classList.toggle("corridors-label-centred", item.side === "above" || item.side === "below");
      var s = labelShift(item.side, el._corridorsBox);
      var left = s.x ? s.x + "px" : "", top = s.y ? s.y + "px" : "";
      if (item.span.style.left !== left) item.span.style.left = left;
      if (item.span.style.top !== top) item.span.style.top = top;
    });
  }

  /* Two labels whose place (layers.reference.place_core, sent with each label) is the same
   * and whose points are closer than this name one place: the second is hidden. */
  var SAME_PLACE_PX = 40;

  /* How far a label moves from its place right of its point (measured box ``c``: its offset
   * from the point and its size) to sit left of, above or below the point instead. */
  var LABEL_RISE_PX = 7, LABEL_CORNER_PX = 2;
  var LABEL_SIDES = ["right", "left", "above", "below", "above-right", "below-right", "above-left", "below-left"];
  function labelShift(side, c) {
    var x = 0, y = 0;
    if (/left$/.test(side)) x = -Math.ceil(c.w + 2 * LABEL_GAP_PX);
    else if (side === "above" || side === "below") x = -Math.round(c.dx + c.w / 2);
    if (side === "above") y = -Math.round(c.dy + c.h + LABEL_RISE_PX);
    else if (side === "below") y = -Math.round(c.dy - LABEL_RISE_PX);
    else if (/^above-/.test(side)) y = -Math.round(c.dy + c.h + LABEL_CORNER_PX);
    else if (/^below-/.test(side)) y = -Math.round(c.dy - LABEL_CORNER_PX);
    return { x: x, y: y };
  }

  /* The story's point symbols on screen (client px), with the feature each belongs to; a
   * name-only point (the strait) has none. */
  function pointSymbols(map, edge) {
    var out = [];
    Object.keys(layers).forEach(function (id) {
      var e = layers[id];
      if (!map.hasLayer(e.group)) return;
      e.features.forEach(function (f) {
        if (!f.getLatLng || !e.geo.hasLayer(f) || !f.options.icon) return;
        var o = f.options.icon.options;
        if (!o.html || !o.iconSize) return;
        var size = L.point(o.iconSize), anchor = L.point(o.iconAnchor || [size.x / 2, size.y / 2]), at = anchorPx(map, f, edge);
        out.push({ l: at.x - anchor.x, t: at.y - anchor.y, r: at.x - anchor.x + size.x, b: at.y - anchor.y + size.y, owner: f });
      });
    });
    return out;
  }

  /* A marker's point on screen (client px), from its position: no layout read. */
  function anchorPx(map, marker, edge) {
    var p = map.latLngToContainerPoint(marker.getLatLng());
    return { x: edge.left + p.x, y: edge.top + p.y };
  }

  var LABEL_GAP_PX = 9, EDGE_PX = 2, LABEL_Z_OFFSET = 100000;
  /* Measured label boxes hold until a stylesheet or a font arrives (either changes them). */
  var layoutEpoch = 0;
  function relayout() {
    layoutEpoch++;
    if (state.map) refresh(state.map);
  }
  document.addEventListener("load", function (e) { if (e.target && e.target.tagName === "LINK") relayout(); }, true);
  if (document.fonts && document.fonts.addEventListener) document.fonts.addEventListener("loadingdone", relayout);

  function inView(l, view) {
    if (l.getLatLng) return view.contains(l.getLatLng());
    return l.getBounds ? view.intersects(l.getBounds()) : true;
  }

  function visibleKeys(map) {
    var keys = {}, view = map.getBounds();
    Object.keys(layers).forEach(function (id) {
      var e = layers[id];
      if (!map.hasLayer(e.group)) return;
      keys[id] = true;
      e.features.forEach(function (l) {
        if (!e.geo.hasLayer(l) || !inView(l, view)) return;
        var s = l._corridors.states[l._corridorsState];
        (s && s.keys || []).forEach(function (k) { keys[k] = true; });
      });
    });
    return keys;
  }

  /* Legend rows follow what is drawn: a layer row while its layer is on, a key row (status,
   * confidence, event recency) while a feature in view uses it on the chosen date (as in
   * print, where the keys are those of the features the page drew). */
  function syncLegend(map) {
    var keys = visibleKeys(map);
    document.querySelectorAll("[data-legend-key]").forEach(function (row) {
      var key = row.getAttribute("data-legend-key");
      var on = key.indexOf(":") >= 0 ? !!keys[key]
        : (row.getAttribute("data-legend-layers") || "").split(" ").some(function (id) { return keys[id]; });
      row.style.display = on ? "" : "none";
    });
    document.querySelectorAll(".corridors-legend section").forEach(function (sec) {
      var any = [].some.call(sec.querySelectorAll("[data-legend-key]"), function (r) { return r.style.display !== "none"; });
      sec.style.display = any ? "" : "none";
    });
  }

  function legend(map, html) {
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "corridors-legend-box");
      div.innerHTML = html; // built and escaped on the server
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    control.addTo(map);
    map.on("overlayadd overlayremove zoomend moveend corridors:layout", function () { refresh(map); });
    refresh(map);
  }

  function find(id) {
    var hit = null;
    Object.keys(layers).forEach(function (lid) {
      layers[lid].features.forEach(function (l) { if (!hit && l._corridors.id === id) hit = { lyr: l, entry: layers[lid] }; });
    });
    return hit;
  }

  /* Where a feature's popup points: a marker's position, a line's middle, an area's centre. */
  function anchorOf(lyr) {
    if (lyr.getLatLng) return lyr.getLatLng();
    try { if (lyr.getCenter) return lyr.getCenter(); } catch (e) { /* not on the map */ }
    var first = null;
    if (lyr.eachLayer) lyr.eachLayer(function (c) { if (!first) first = c; });
    return first ? anchorOf(first) : lyr.getBounds().getCenter();
  }

  /* Move to a feature and open its popup (search results, the list view, the events list):
   * its layer is switched on if off, and the map zooms in far enough for layers and minor
   * features that show only from a zoom. Called with a nonce (a server request, resent on
   * every rerun), once per nonce. False when the feature is unknown or not on the map on the
   * chosen date. */
  function focus(id, nonce) {
    if (arguments.length > 1) {
      if (nonce === state.focusNonce) return false;
      state.focusNonce = nonce;
    }
    var hit = find(id);
    if (!hit) return false;
    var found = hit.lyr, owner = hit.entry, map = owner.map, p = found._corridors;
    if (stateFor(p.states, state.date) < 0) return false; // not yet, on the chosen date
    if (!map.hasLayer(owner.group)) {
      map.addLayer(owner.group);
      map.fire("overlayadd", { layer: owner.group, name: owner.info.title });
    }
    var floor = Math.max(owner.info.minZoom || 0, p.label ? 0 : (owner.info.minorMinZoom || 0));
    if (found.getLatLng) map.setView(found.getLatLng(), Math.max(map.getZoom(), 8, floor), { animate: false });
    else {
      map.fitBounds(found.getBounds(), { maxZoom: 9, animate: false, padding: [30, 30] });
      if (map.getZoom() < floor) map.setZoom(floor, { animate: false });
    }
    applyDate(owner); // the zoom may have brought a minor feature in
    if (!owner.geo.hasLayer(found)) return false;
    // opened afresh, so that it pans into view: a popup already open stays where it was while
    // the map moved, and Leaflet does not pan for a popup that is already on the map
    if (found.isPopupOpen()) found.closePopup();
    found.openPopup(anchorOf(found));
    map.fire("corridors:focus", { id: id });
    return true;
  }

  /* State from the server (feature_group_to_add): applied idempotently, so a rerun that
   * resends the same state changes nothing. */
  function apply(s) {
    if (s.date !== undefined && s.date !== state.date) setDate(s.date);
    if (s.focus && s.focus.id) focus(s.focus.id, s.focus.nonce);
  }

  /* The offline vector basemap (GSHHG coast, Natural Earth borders), fetched from the app's
   * own server, in a pane under every overlay. With ``previewUrl`` (render/interactive/basemap.py)
   * a light simplified copy is drawn first and the full basemap replaces it when the browser is
   * idle; data-basemap is "ready" once either is drawn, data-basemap-detail once the full one is. */
  var basemapDrawnResolve = null;
  var basemapDrawn = new Promise(function (resolve) { basemapDrawnResolve = resolve; });
  /* Resolves once the map's first state (basemap and layers) has been painted, or after 3 s
   * (no basemap, a failed one): work that can wait (names, popup texts) waits for it. */
  function afterFirstDraw() {
    var later = new Promise(function (resolve) { setTimeout(resolve, 3000); });
    return Promise.race([basemapDrawn, later]).then(function () {
      return new Promise(function (resolve) { requestAnimationFrame(function () { setTimeout(resolve, 0); }); });
    });
  }
  function idle(f, ms) {
    if (window.requestIdleCallback) window.requestIdleCallback(f, { timeout: ms });
    else setTimeout(f, 50);
  }
  function basemap(map, url, style, previewUrl) {
    var pane = map.createPane("corridorsBasemap");
    pane.style.zIndex = 250;
    map.createPane("corridorsTiles").style.zIndex = 260; // online tiles, when chosen, cover it
    var box = map.getContainer();
    box.style.background = style.sea;
    function styleFor(feature) {
      var focusLand = style.focus.indexOf(feature.properties.name) >= 0;
      return { color: style.border, weight: style.border_width, fillColor: focusLand ? style.focus_land : style.land, fillOpacity: 1 };
    }
    function draw(target) {
      // taken over from the request the frame started before its scripts (bundle.py), once
      var early = window.CorridorsPrefetch && window.CorridorsPrefetch[target];
      if (early) delete window.CorridorsPrefetch[target];
      return (early || Promise.resolve(null)).then(function (r) { return r || fetch(target); }).then(function (r) {
        if (!r.ok) throw new Error("basemap HTTP " + r.status);
        return r.json();
      }).then(function (data) {
        // under the lakes and rivers drawn meanwhile in the same pane
        return L.geoJSON(data, { pane: "corridorsBasemap", style: styleFor, interactive: false, attribution: style.attribution })
          .addTo(map).bringToBack();
      });
    }
    function drawn() {
      box.setAttribute("data-basemap", "ready");
      basemapDrawnResolve();
    }
    function full(preview) {
      return draw(url).then(function () {
        if (preview) map.removeLayer(preview);
        box.setAttribute("data-basemap-detail", "ready");
        if (!preview) drawn();
      }).catch(function (err) {
        if (!preview) { box.setAttribute("data-basemap", "failed"); basemapDrawnResolve(); }
        box.setAttribute("data-basemap-detail", "failed");
        console.warn("Offline basemap could not be loaded:", err.message);
      });
    }
    if (!previewUrl) return full(null);
    return draw(previewUrl).then(function (preview) {
      drawn();
      idle(function () { full(preview); }, 1500);
    }, function (err) {
      console.warn("Basemap preview could not be loaded, drawing the full basemap:", err.message);
      return full(null);
    });
  }

  /* The map cannot be panned or zoomed out past the extract the basemap covers, so no edge of
   * the data ever shows as a straight "coast". */
  function coverage(map, bounds) {
    var b = L.latLngBounds(bounds);
    map.setMaxBounds(b);
    map.options.maxBoundsViscosity = 1.0;
    function fit() {
      var z = map.getBoundsZoom(b, true);
      // zoom first, without animation: setMinZoom would start an animated zoom whose end
      // overrides any view set meanwhile (a shared link's, a story's)
      if (map.getZoom() < z) map.setZoom(z, { animate: false });
      map.setMinZoom(Math.max(z, 0));
    }
    map.on("resize", fit);
    fit();
  }

  window.Corridors = {
    layer: layer, setDate: setDate, apply: apply, focus: focus, legend: legend, basemap: basemap, textsFrom: textsFrom,
    escapeHtml: escapeHtml, containers: containers, layers: layers, state: state, stateFor: stateFor,
    declutter: declutter, refreshLabels: refresh, coverage: coverage,
    find: find, anchorOf: anchorOf, afterFirstDraw: afterFirstDraw, fitPopup: fitPopup, uploads: uploads, removeUpload: removeUpload
  };
})();
