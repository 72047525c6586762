/* Quick dates on the map: one button per date worth a press ("As of the article", "Latest
 * reviewed"), bottom left above the legend. A press shows the map on that date at once, in the
 * browser, and fires "corridors:datechosen" {date, seq}: the app reports it to its server
 * (render/st_map.py), which then updates everything else that follows the date. seq counts
 * presses, so a state the server sent before it heard of a press does not move the date back
 * (Corridors.apply, state.js). The pressed button follows the map's date, whoever set it.
 *
 *   Corridors.quickDates(map, [{date: "YYYY-MM-DD", label, title}]) */
(function () {
  "use strict";
  if (!window.Corridors || window.Corridors.quickDates) return;
  var C = window.Corridors;

  function choose(map, date) {
    C.state.dateSeq = (C.state.dateSeq || 0) + 1;
    C.apply({ date: date });
    map.fire("corridors:datechosen", { date: date, seq: C.state.dateSeq });
  }

  function quickDates(map, dates) {
    if (!dates || !dates.length) return;
    var buttons = [];
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var box = L.DomUtil.create("div", "leaflet-control corridors-dates");
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", "Show the map on a date");
      dates.forEach(function (d) {
        var b = L.DomUtil.create("button", "corridors-date-button", box);
        b.type = "button";
        b.textContent = d.label;
        if (d.title) b.title = d.title;
        b.setAttribute("data-date", d.date);
        L.DomEvent.on(b, "click", function () { choose(map, d.date); });
        buttons.push(b);
      });
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    control.addTo(map);
    function sync(date) {
      buttons.forEach(function (b) {
        b.setAttribute("aria-pressed", b.getAttribute("data-date") === date ? "true" : "false");
      });
    }
    map.on("corridors:date", function (e) { sync(e.date); });
    sync(C.state.date);
    map.fire("corridors:controls");
  }

  C.quickDates = quickDates;
})();
