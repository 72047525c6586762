/* The map's shareable state: which layers are on, where the map looks, on which date.
 *
 * Corridors.apply(s) takes what the server (app) or the address (static site) asks for:
 *   {date, dateSeq, focus: {id, nonce}, view: {center: [lat, lon], zoom} or {bounds: [[s, w], [n, e]]},
 *    layers: [ids], nonce}
 * A view or layer list is applied once per nonce, so a rerun that resends the same state does
 * not undo the reader's own panning or switching. A date comes with dateSeq, the number of
 * quick-date presses on the map the sender had heard of (dates.js): one sent before the
 * latest press is stale and left alone.
 * Corridors.snapshot(map) gives {center, zoom, layers, date}; the map fires
 * "corridors:statechange" with it after every change (debounced), which the static site
 * writes into the address's hash. */
(function () {
  "use strict";
  if (!window.Corridors || window.Corridors.snapshot) return;
  var C = window.Corridors;
  var applyBase = C.apply;
  var applied = null; // the nonce of the view/layers last applied

  function round(v, digits) { var f = Math.pow(10, digits); return Math.round(v * f) / f; }

  function visibleLayers(map) {
    return Object.keys(C.containers).filter(function (id) { return map.hasLayer(C.containers[id]); }).sort();
  }

  function snapshot(map) {
    var c = map.getCenter();
    return {
      center: [round(c.lat, 4), round(c.lng, 4)],
      zoom: round(map.getZoom(), 2),
      layers: visibleLayers(map),
      date: C.state.date || null
    };
  }

  /* Switch layers on and off through the same events the layer panel uses (so the panel, the
   * legend and the app hear of it); unknown ids are ignored. */
  function setLayers(map, ids) {
    var wanted = {};
    ids.forEach(function (id) { wanted[id] = true; });
    Object.keys(C.containers).forEach(function (id) {
      var group = C.containers[id], on = map.hasLayer(group);
      var name = group.corridorsInfo ? group.corridorsInfo.title : id;
      if (wanted[id] && !on) { map.addLayer(group); map.fire("overlayadd", { layer: group, name: name }); }
      if (!wanted[id] && on) { map.removeLayer(group); map.fire("overlayremove", { layer: group, name: name }); }
    });
  }

  function setView(map, view) {
    if (view.bounds) map.fitBounds(view.bounds, { animate: false });
    else if (view.center && typeof view.zoom === "number") map.setView(view.center, view.zoom, { animate: false });
  }

  function apply(s) {
    var map = C.state.map;
    if (typeof s.dateSeq === "number") {
      if (s.dateSeq < (C.state.dateSeq || 0)) {
        s = Object.assign({}, s);
        delete s.date;
      } else {
        C.state.dateSeq = s.dateSeq; // a remounted map counts on from the server's count
      }
    }
    if (map && (s.view || s.layers) && s.nonce !== applied) {
      applied = s.nonce;
      if (s.layers) setLayers(map, s.layers);
      if (s.view) setView(map, s.view);
    }
    applyBase(s);
  }

  var pending = null;
  function watch(map) {
    function changed() {
      clearTimeout(pending);
      pending = setTimeout(function () { map.fire("corridors:statechange", { state: snapshot(map) }); }, 150);
    }
    map.on("moveend overlayadd overlayremove corridors:date", changed);
  }

  C.apply = apply;
  C.snapshot = snapshot;
  C.setLayers = setLayers;
  C.setView = setView;
  C.watchState = watch;
})();
