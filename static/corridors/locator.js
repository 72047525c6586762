/* The locator in the bottom-right corner: the wide context (layers/reference.py) at a fixed
 * small zoom, with the main map's view outlined on it.
 *
 * It follows the main map one way and without animation, so it never moves the main map by
 * itself: the leaflet-minimap plugin it replaces synced both ways through animated pans, and
 * two quick moves of the main map (a search result, then the pan that brings its popup into
 * view) made it pan the main map back to where the locator had been, popup and all. The main
 * map moves only when the reader drags the locator or clicks a place on it.
 *
 * A button folds it to a corner tab and opens it again; on a narrow map it is hidden
 * (corridors.css), on a phone-sized static page it starts folded (site.js). */
(function () {
  "use strict";
  if (!window.Corridors || window.Corridors.locator) return;
  var C = window.Corridors;

  var WIDTH_PX = 150, HEIGHT_PX = 120, ZOOM = 2;

  var Locator = L.Control.extend({
    options: { position: "bottomright" },

    initialize: function (layer, style, options) {
      L.setOptions(this, options);
      this._layer = layer;
      this._style = style;
    },

    onAdd: function (map) {
      var box = L.DomUtil.create("div", "corridors-locator");
      box.style.background = this._style.sea;
      var pane = L.DomUtil.create("div", "corridors-locator-map", box);
      pane.style.width = WIDTH_PX + "px";
      pane.style.height = HEIGHT_PX + "px";
      pane.setAttribute("aria-hidden", "true"); // a picture of where the map is; the map itself is the control
      var toggle = L.DomUtil.create("button", "corridors-locator-toggle", box);
      toggle.type = "button";
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      L.DomEvent.on(toggle, "click", function () { this.fold(!this.folded()); }, this);
      this._box = box;
      this._pane = pane;
      this._toggle = toggle;
      this._main = map;
      this._setToggle();
      return box;
    },

    onRemove: function (map) {
      map.off("move moveend resize", this._follow, this);
      if (this._mini) { this._mini.remove(); this._mini = null; }
    },

    /* The small map is made once the control is on the page: Leaflet reads its size then. */
    addTo: function (map) {
      L.Control.prototype.addTo.call(this, map);
      var mini = this._mini = L.map(this._pane, {
        attributionControl: false, zoomControl: false, keyboard: false, boxZoom: false,
        doubleClickZoom: false, scrollWheelZoom: false, touchZoom: false, inertia: false,
        fadeAnimation: false, zoomAnimation: false, zoomSnap: 0
      });
      mini.setView(map.getCenter(), ZOOM, { animate: false });
      this._layer.addTo(mini);
      this._view = L.rectangle(map.getBounds(), {
        color: this._style.view, weight: 1.5, fillColor: this._style.view, fillOpacity: 0.15, interactive: false,
        className: "corridors-locator-view"
      }).addTo(mini);
      map.on("move moveend resize", this._follow, this);
      // the reader's own moves of the locator (never its following ones) move the main map
      mini.on("dragend", function () { map.panTo(mini.getCenter()); });
      mini.on("click", function (e) { map.panTo(e.latlng); });
      return this;
    },

    _follow: function (e) {
      if (!this._mini) return;
      this._view.setBounds(this._main.getBounds());
      if (e.type !== "move") this._mini.setView(this._main.getCenter(), ZOOM, { animate: false });
    },

    folded: function () { return L.DomUtil.hasClass(this._box, "corridors-locator-folded"); },

    fold: function (folded) {
      if (folded) L.DomUtil.addClass(this._box, "corridors-locator-folded");
      else L.DomUtil.removeClass(this._box, "corridors-locator-folded");
      this._setToggle();
      if (!folded && this._mini) {
        this._mini.invalidateSize({ animate: false });
        this._follow({ type: "moveend" });
      }
      this._main.fire("corridors:controls"); // the corner changed size: layout.js sizes the panels again
    },

    _setToggle: function () {
      var folded = this.folded();
      this._toggle.setAttribute("aria-expanded", String(!folded));
      this._toggle.setAttribute("aria-label", folded ? "Show the locator map" : "Hide the locator map");
      this._toggle.title = folded ? "Show the locator map" : "Hide the locator map";
    }
  });

  /* Add the locator, drawn from the wide context layer (not the regional extract). */
  function locator(map, context, style) {
    var layer = L.geoJSON(context, {
      interactive: false,
      style: { color: style.border, weight: 0.4, fillColor: style.land, fillOpacity: 1 }
    });
    var control = new Locator(layer, style).addTo(map);
    map.fire("corridors:controls"); // the corners changed: layout.js sizes the panels again
    return control;
  }

  C.locator = locator;
})();
