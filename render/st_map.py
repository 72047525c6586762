"""streamlit-folium adapter: the one module that touches streamlit-folium's internals.

Pinned to streamlit-folium 0.27.4 (requirements.txt); tests/test_st_map.py fails loudly when
an upgrade changes anything relied on here:
- ``_component_func``, ``_get_html``, ``_get_header``, ``_get_map_string``,
  ``_get_feature_group_string`` and ``generate_js_hash`` (Python side);
- the component's browser side lists a layer in ``selected_layers`` only when the layer has
  ``_url`` and ``wmsParams.layers`` (it was written for WMS layers): ``BRIDGE_JS`` gives our
  layer groups those two fields, nothing else;
- a date pressed on the map (static/corridors/dates.js) travels as one more entry of
  ``window.__GLOBAL_DATA__.selected_layers`` (url ``DATE_URL``, name ``<date>@<press count>``),
  sent at once with ``Streamlit.setComponentValue`` in the shape the component's own
  (debounced) update sends, so that its next update repeats it rather than dropping it;
- the component's value is in ``st.session_state`` under the key ``_component_func`` gets
  (``reported_date`` reads it before the run draws the date field).

Prepare the map once, then send only what changes.

``st_folium`` renders the whole folium figure on every Streamlit rerun (tens of ms for this
map) although the base map never changes: parameters reach the browser through
``feature_group_to_add``. ``prepare_document`` does st_folium's preparation once per process;
``show_map`` then calls the same component with the same arguments (a test checks that they
equal st_folium's own), rendering only the parameter-driven groups. The script is identical
on every run, so the browser keeps the map, its layers, zoom and pan.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import folium
import streamlit as st
import streamlit_folium as sf
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from render.assets import asset_url
from render.interactive.bundle import bundle_scripts, bundle_styles, prefetch_script

RETURNED = ["selected_layers", "bounds", "zoom", "center"]
BRIDGE_URL = "corridors"  # the `url` our groups report under in selected_layers
DATE_URL = "corridors-date"  # the `url` of the entry that reports a date pressed on the map
# Marks every registered layer group (now and later) so the component reports it; reports a
# date pressed on the map at once (the component's own update waits 250 ms).
BRIDGE_JS = """
(function (map) {
  function mark(group, id) { group._url = %(url)s; group.wmsParams = {layers: id}; }
  Object.keys(Corridors.containers).forEach(function (id) { mark(Corridors.containers[id], id); });
  map.on("corridors:layer", function (e) { mark(e.group, e.info.id); });
  map.on("corridors:datechosen", function (e) {
    var g = window.__GLOBAL_DATA__;
    if (!g || !g.selected_layers || !window.Streamlit) return;
    Object.keys(g.selected_layers).forEach(function (k) {
      if (g.selected_layers[k].url === %(date_url)s) delete g.selected_layers[k];
    });
    var name = e.date + "@" + e.seq;
    g.selected_layers[%(date_url)s + "," + name] = {name: name, url: %(date_url)s};
    var data = {bounds: map.getBounds(), zoom: map.getZoom(), center: map.getCenter(),
                selected_layers: Object.values(g.selected_layers)};
    g.previous_data = data;
    window.Streamlit.setComponentValue(data);
  });
})(%(map)s);
"""


class _Bridge(JSCSSMixin, MacroElement):
    """BRIDGE_JS, added last to the map so that every layer has registered before it runs; and
    the stylesheet that lets the map fill the component's frame (sized by the app's CSS)."""

    default_css = [("corridors_streamlit_css", asset_url("corridors/streamlit.css"))]  # noqa: RUF012

    _template = Template(
        """
        {% macro script(this, kwargs) %}{{ this.code }}{% endmacro %}
        """
    )

    def __init__(self, map_name: str) -> None:
        super().__init__()
        self._name = "StFoliumBridge"
        names = {"url": json.dumps(BRIDGE_URL), "date_url": json.dumps(DATE_URL), "map": map_name}
        self.code = BRIDGE_JS % names


def _entries(selected_layers: Any) -> list[tuple[str, str]]:
    """(url, name) of each entry of the component's ``selected_layers`` (a list of dicts, a
    dict of them, or "url,name" strings, as versions of the component have sent them)."""
    if isinstance(selected_layers, dict):
        selected_layers = list(selected_layers.values())
    if not isinstance(selected_layers, list | tuple):
        return []
    out = []
    for item in selected_layers:
        if isinstance(item, dict):
            out.append((str(item.get("url")), str(item.get("name"))))
        elif isinstance(item, str) and "," in item:
            url, name = item.split(",", 1)
            out.append((url, name))
    return out


def date_choice(selected_layers: Any) -> tuple[date, int] | None:
    """The date last pressed on the map and its press count, from ``selected_layers`` (see
    BRIDGE_JS); None if there is none or it is not a well-formed ``YYYY-MM-DD@count``."""
    for url, name in _entries(selected_layers):
        if url != DATE_URL:
            continue
        day, _, count = name.partition("@")
        try:
            return date.fromisoformat(day), int(count)
        except ValueError:
            return None
    return None


def component_key(doc: MapDocument, key: str = "map") -> str:
    """The key the component gets (st_folium's): its value is in ``st.session_state`` under it."""
    return sf.generate_js_hash(doc.script, key, False)


def reported_date(doc: MapDocument, *, key: str = "map") -> tuple[date, int] | None:
    """The date last pressed on the map shown with ``show_map(doc, key=key)``, as the component
    last reported it (read before this run draws anything)."""
    value = st.session_state.get(component_key(doc, key))
    return date_choice(value.get("selected_layers")) if isinstance(value, dict) else None


def visible_layer_ids(selected_layers: Any) -> set[str]:
    """Layer ids from the component's ``selected_layers`` (see BRIDGE_JS)."""
    return {name for url, name in _entries(selected_layers) if url == BRIDGE_URL}


@dataclass(frozen=True)
class MapDocument:
    """What st_folium derives from a map before handing it to its component."""

    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    bounds: list[list[float | None]]
    zoom: Any


def with_bridge(m: folium.Map) -> folium.Map:
    """The map with BRIDGE_JS added (last), so the component reports our layers."""
    _Bridge(m.get_name()).add_to(m)
    return m


def prepare_document(m: folium.Map) -> MapDocument:
    """Render the map once, exactly as st_folium(render=True) would (see the test), except that
    the scripts travel as one file and the stylesheets as another (``render.interactive.bundle``)."""
    with_bridge(m)
    m.render()
    html, header = sf._get_html(m), sf._get_header(m)
    script = sf._get_map_string(m)
    css: list[str] = []
    js: list[str] = []
    prefetch: list[str] = []
    for element in _walk(m):
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
        prefetch.extend(getattr(element, "prefetch", ()))
    css_links = tuple(bundle_styles(list(dict.fromkeys(css))))
    return MapDocument(
        script=script,
        header=header,
        html=html,
        map_id=sf.get_full_id(m),
        css_links=css_links,
        js_links=(
            *prefetch_script(css_links, list(dict.fromkeys(prefetch))),
            *bundle_scripts(list(dict.fromkeys(js))),
        ),
        bounds=m.get_bounds(),
        zoom=m.options.get("zoom"),
    )


def _walk(element: Any):
    if isinstance(element, folium.elements.JSCSSMixin):
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def _bounds_dict(bounds: list[list[float | None]]) -> dict[str, dict[str, float | None]]:
    (south, west), (north, east) = bounds
    return {"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}}


def feature_group_script(groups: list[folium.FeatureGroup]) -> str | None:
    """The JavaScript st_folium sends for ``feature_group_to_add``."""
    if not groups:
        return None
    host = folium.Map(tiles=None)  # the groups attach to a throwaway map, renamed map_div
    return "".join(sf._get_feature_group_string(g, map=host, idx=i) for i, g in enumerate(groups))


def component_args(
    doc: MapDocument, dynamic: list[folium.FeatureGroup], *, key: str, height: int
) -> dict[str, Any]:
    """Arguments for streamlit-folium's component, as st_folium builds them."""
    defaults = {"selected_layers": None, "bounds": _bounds_dict(doc.bounds), "zoom": doc.zoom}
    return {
        "script": doc.script,
        "header": doc.header,
        "html": doc.html,
        "id": doc.map_id,
        "key": component_key(doc, key),
        "height": height,
        "width": None,
        "returned_objects": RETURNED,
        "default": {k: defaults[k] for k in RETURNED if k in defaults},  # st_folium has no default centre
        "zoom": None,
        "center": None,
        "feature_group": feature_group_script(dynamic),
        "return_on_hover": False,
        "layer_control": None,
        "pixelated": False,
        "css_links": list(doc.css_links),
        "js_links": list(doc.js_links),
        "wrap_longitude": False,
    }


def show_map(
    doc: MapDocument, dynamic: list[folium.FeatureGroup], *, key: str = "map", height: int = 720
) -> dict[str, Any]:
    """Show the prepared map; returns its state plus ``visible`` (None until the browser reports)."""
    state = dict(sf._component_func(**component_args(doc, dynamic, key=key, height=height)) or {})
    selected = state.get("selected_layers")
    state["visible"] = (
        None
        if selected is None
        else visible_layer_ids(list(selected.values()) if isinstance(selected, dict) else selected)
    )
    return state
