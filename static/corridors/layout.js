/* How the map's controls share its screen, at any size, so that none covers another:
 *   top left     search box, then a column of buttons (zoom, list, full screen, measure)
 *   top right    the layer panel (a button on small maps, opened on demand)
 *   bottom left  quick dates (the app) above the legend button, above the scale bar
 *   bottom right locator map (hidden on narrow maps), the credits
 * On small maps (< SMALL_PX wide) the credits fold into an "i" button; the container carries
 * corridors-small / corridors-narrow so the CSS can follow the map's own width (the map may
 * sit in an iframe or a page column, so the window's width says little).
 * Corridors.notice(map, text) shows one message over the map (role=alert), for a while. */
(function () {
  "use strict";
  if (!window.Corridors || window.Corridors.layout) return;

  /* Panels that open over the map (layer panel, legend, list view, search results) say so
   * with "corridors:overlay" {owner, kind}: on a small map the others close; on any map the
   * legend and the list view (one column above the other) take turns. */
  var SMALL_PX = 800, NARROW_PX = 500, NOTICE_MS = 9000, GAP = 10;

  function credits(map) {
    var box = map.getContainer();
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var button = L.DomUtil.create("button", "leaflet-control corridors-credits-toggle");
      button.type = "button";
      button.textContent = "i";
      button.title = "Map credits and sources";
      button.setAttribute("aria-label", "Map credits and sources");
      button.setAttribute("aria-expanded", "false");
      L.DomEvent.disableClickPropagation(button);
      L.DomEvent.on(button, "click", function () {
        var open = !box.classList.contains("corridors-credits-open");
        box.classList.toggle("corridors-credits-open", open);
        button.setAttribute("aria-expanded", open ? "true" : "false");
        fit(map);
      });
      return button;
    };
    control.addTo(map);
    var el = control.getContainer();
    el.parentNode.appendChild(el); // last in its corner: the very bottom, under the credits it opens
    map.on("click", function () {
      if (!box.classList.contains("corridors-credits-open")) return;
      box.classList.remove("corridors-credits-open");
      el.setAttribute("aria-expanded", "false");
    });
  }

  function rectIn(box, el) {
    if (!el || !el.offsetParent) return null;
    var r = el.getBoundingClientRect(), b = box.getBoundingClientRect();
    return { l: r.left - b.left, t: r.top - b.top, r: r.right - b.left, b: r.bottom - b.top, w: r.width, h: r.height };
  }

  /* Sizes that follow the map, so that no control reaches another: the credits stop short of
   * the bottom-left column; the legend (bottom left) stops under the column of buttons at the
   * top left; the list view stops over the legend button and scale; the layer panel (top
   * right) stops over the locator and credits. The legend and the list view are never open
   * together (list.js and the legend's toggle close each other). */
  function fit(map) {
    var box = map.getContainer(), size = map.getSize();
    if (!size.x || !size.y) return;
    box.classList.toggle("corridors-small", size.x < SMALL_PX);
    box.classList.toggle("corridors-narrow", size.x < NARROW_PX);
    var q = function (sel) { return box.querySelector(sel); };
    var bottomLeft = rectIn(box, q(".leaflet-bottom.leaflet-left"));
    var attribution = q(".leaflet-control-attribution");
    if (attribution) {
      attribution.style.maxWidth = Math.max(120, size.x - (bottomLeft ? bottomLeft.w : 0) - 2 * GAP) + "px";
    }
    // the top-left column without the list's open body
    var column = 0;
    box.querySelectorAll(".leaflet-top.leaflet-left > .leaflet-control").forEach(function (el) {
      var r = rectIn(box, el.classList.contains("corridors-list") ? el.querySelector(".corridors-list-toggle") : el);
      if (r) column = Math.max(column, r.b);
    });
    var scale = rectIn(box, q(".leaflet-control-scale"));
    var dates = rectIn(box, q(".corridors-dates"));
    var legend = q(".corridors-legend");
    if (legend) {
      var below = (scale ? scale.h + GAP : 0) + (dates ? dates.h + GAP : 0);
      legend.style.maxHeight = Math.max(120, size.y - column - below - 3 * GAP) + "px";
      legend.style.maxWidth = Math.min(330, size.x - 2 * GAP - 10) + "px";
    }
    var list = q(".corridors-list-body");
    var listTop = rectIn(box, q(".corridors-list-toggle"));
    if (list && listTop) {
      var under = (bottomLeft ? size.y - bottomLeft.t : 0);
      list.style.maxHeight = Math.max(120, size.y - listTop.b - under - 2 * GAP) + "px";
    }
    var body = q(".corridors-panel-body"), toggle = rectIn(box, q(".corridors-panel-toggle"));
    var bottomRight = rectIn(box, q(".leaflet-bottom.leaflet-right"));
    if (body && toggle) {
      var below = bottomRight ? size.y - bottomRight.t : 0;
      body.style.maxHeight = Math.max(120, size.y - toggle.b - below - 2 * GAP) + "px";
    }
    map.fire("corridors:layout", { size: size });
  }

  function notice(map, text) {
    var box = map.getContainer(), el = box.querySelector(".corridors-map-notice");
    if (!el) {
      el = L.DomUtil.create("div", "corridors-map-notice", box);
      el.setAttribute("role", "alert");
      var span = L.DomUtil.create("span", "", el);
      var close = L.DomUtil.create("button", "corridors-map-notice-close", el);
      close.type = "button";
      close.textContent = "×";
      close.setAttribute("aria-label", "Close message");
      L.DomEvent.on(close, "click", function () { el.style.display = "none"; });
      L.DomEvent.disableClickPropagation(el);
      el._text = span;
    }
    el._text.textContent = text;
    el.style.display = "";
    clearTimeout(el._timer);
    el._timer = setTimeout(function () { el.style.display = "none"; }, NOTICE_MS);
    return el;
  }

  function layout(map) {
    credits(map);
    var box = map.getContainer(), queued = false;
    var again = function () {
      if (queued) return;
      queued = true;
      setTimeout(function () { queued = false; fit(map); }, 0);
    };
    map.on("resize corridors:overlay corridors:reference", again);
    map.on("corridors:controls", function () { fit(map); });
    // the legend opens and closes (a <details>): it and the list view take turns
    box.addEventListener("toggle", function (e) {
      if (e.target.classList && e.target.classList.contains("corridors-legend") && e.target.open) {
        map.fire("corridors:overlay", { owner: e.target, kind: "legend" });
      }
      again();
    }, true);
    map.on("corridors:overlay", function (e) {
      var legend = box.querySelector(".corridors-legend");
      if (legend && legend.open && e.owner !== legend && (e.kind === "list" || map.getSize().x < SMALL_PX)) legend.open = false;
    });
    // the map's box may get its size after the script ran (an iframe, a page column)
    if (window.ResizeObserver) {
      new ResizeObserver(function () { map.invalidateSize(); again(); }).observe(box); // keeps the centre
    }
    again();
  }

  window.Corridors.layout = layout;
  window.Corridors.fitLayout = fit;
  window.Corridors.notice = notice;
})();
