"""The streamlit-folium adapter: sends exactly what st_folium would, renders the map once, and
fails loudly when an upgrade changes what it relies on."""

from __future__ import annotations

import json
import re
from datetime import date
from importlib.metadata import version
from pathlib import Path
from unittest import mock

import streamlit_folium

from layers.features import Params
from render import st_map
from render.interactive import build_map, dynamic_groups, state_group
from render.interactive.bundle import bundle_body, local_file, styles_body

PINNED = next(
    line.split("==")[1].strip()
    for line in (Path(__file__).resolve().parent.parent / "requirements.txt").read_text().splitlines()
    if line.startswith("streamlit-folium==")
)


def st_folium_args(atlas, params: Params) -> dict:
    """What st_folium itself passes to the component for our map."""
    calls: list[dict] = []
    with mock.patch.object(
        streamlit_folium, "_component_func", side_effect=lambda **a: calls.append(a) or {}
    ):
        streamlit_folium.st_folium(
            st_map.with_bridge(build_map(atlas, include_dynamic=False)),
            key="map",
            height=720,
            use_container_width=True,
            feature_group_to_add=[*dynamic_groups(atlas, params), state_group(params.as_of)],
            returned_objects=st_map.RETURNED,
        )
    args = calls[0]
    args.pop("on_change")  # st_folium's key bookkeeping; the app reads the return value
    return args


def test_the_pinned_version_is_the_one_installed():
    assert version("streamlit-folium") == PINNED, "re-check render/st_map.py against the new version"


def test_private_functions_relied_on_still_exist():
    for name in (
        "_component_func",
        "_get_html",
        "_get_header",
        "_get_map_string",
        "_get_feature_group_string",
    ):
        assert callable(getattr(streamlit_folium, name)), name


def read_component_bundle() -> str:
    """The component's browser code, as installed."""
    bundle = Path(streamlit_folium.__file__).parent / "frontend" / "build" / "static" / "js"
    return "".join(p.read_text(errors="replace") for p in bundle.glob("main.*.js"))


def test_component_reports_layers_with_url_and_wms_layers():
    """BRIDGE_JS rests on this line of the component's browser code."""
    code = read_component_bundle()
    assert re.search(r"_url&&\w\.wmsParams&&\w\.wmsParams\.layers", code)
    assert 'on("overlayadd",addLayer)' in code and 'on("overlayremove",removeLayer)' in code


def test_component_args_equal_st_folium_own_but_scripts_and_styles_come_as_one_file_each(atlas):
    params = Params(buffer_km=40)
    doc = st_map.prepare_document(build_map(atlas, include_dynamic=False))
    groups = [*dynamic_groups(atlas, params), state_group(params.as_of)]
    ours, theirs = st_map.component_args(doc, groups, key="map", height=720), st_folium_args(atlas, params)
    assert len(theirs["js_links"]) > 5 and len(ours["js_links"]) == 2
    assert len(theirs["css_links"]) > 3 and len(ours["css_links"]) == 1
    (prefetch, scripts), (styles,) = ours["js_links"], ours["css_links"]
    # first a small script that starts the stylesheet and the basemap (its preview in the app),
    # then the bundle
    early = local_file(prefetch).read_text()
    assert json.dumps([styles]) in early and "/static/data/basemap" in early
    assert local_file(scripts).read_bytes() == bundle_body(theirs["js_links"])
    assert local_file(styles).read_bytes() == styles_body(theirs["css_links"])
    assert {**ours, "js_links": None, "css_links": None} == {**theirs, "js_links": None, "css_links": None}


def test_component_awaits_each_script_before_requesting_the_next():
    """Why the scripts are bundled: the component's loader requests them one at a time."""
    code = read_component_bundle()
    assert re.search(r"for\(const \w of js_links\)await new Promise", code)


def test_document_is_reusable_and_only_the_dynamic_part_changes(atlas):
    doc = st_map.prepare_document(build_map(atlas, include_dynamic=False))
    a = st_map.component_args(doc, dynamic_groups(atlas, Params(buffer_km=20)), key="map", height=720)
    b = st_map.component_args(doc, dynamic_groups(atlas, Params(buffer_km=60)), key="map", height=720)
    assert a["script"] == b["script"] and a["key"] == b["key"]  # same key: no remount
    assert a["feature_group"] != b["feature_group"]


def test_visible_layers_are_read_back(atlas):
    doc = st_map.prepare_document(build_map(atlas, include_dynamic=False))
    reply = {"selected_layers": {"corridors,tripp_route": {"name": "tripp_route", "url": "corridors"}}}
    with mock.patch.object(streamlit_folium, "_component_func", return_value=reply):
        assert st_map.show_map(doc, [])["visible"] == {"tripp_route"}
    with mock.patch.object(streamlit_folium, "_component_func", return_value={"selected_layers": None}):
        assert st_map.show_map(doc, [])["visible"] is None
    assert st_map.visible_layer_ids([{"name": "x", "url": "https://wms"}]) == set()


def test_a_date_pressed_on_the_map_is_read_back_and_a_malformed_one_is_not():
    entry = {"name": "2026-02-01@3", "url": st_map.DATE_URL}
    layers = [{"name": "tripp_route", "url": "corridors"}, entry]
    assert st_map.date_choice(layers) == (date(2026, 2, 1), 3)
    assert st_map.date_choice({"k": entry}) == (date(2026, 2, 1), 3)
    assert st_map.visible_layer_ids(layers) == {"tripp_route"}  # the date is not a layer
    for name in ("2026-02-30@1", "2026-02-01", "2026-02-01@x", "<script>@1", ""):
        assert st_map.date_choice([{"name": name, "url": st_map.DATE_URL}]) is None, name
    assert st_map.date_choice(None) is None and st_map.date_choice([entry["name"]]) is None


def test_the_bridge_reports_a_pressed_date_in_the_components_own_shape(atlas):
    """The component's debounced update sends bounds, zoom, center and selected_layers (in that
    order, RETURNED filters it); the bridge's report must equal it, or the next one would drop it."""
    doc = st_map.prepare_document(build_map(atlas, include_dynamic=False))
    assert 'map.on("corridors:datechosen"' in doc.script
    assert "window.Streamlit.setComponentValue(data)" in doc.script and "g.previous_data = data" in doc.script
    code = read_component_bundle()
    shape = re.search(r"last_geocoder_result:\w\.last_geocoder_result,(.*?),selected_tags:", code)
    assert shape, "the component's update no longer has the shape the bridge copies"
    keys = re.findall(r"(?:^|,)(\w+):", shape.group(1))
    assert [k for k in keys if k in st_map.RETURNED] == ["bounds", "zoom", "center", "selected_layers"]
    assert "selected_layers:Object.values(" in shape.group(1)
    ours = re.search(r"var data = \{(.*?)\};", doc.script, re.S)
    assert ours and re.findall(r"(\w+):", ours.group(1)) == ["bounds", "zoom", "center", "selected_layers"]
