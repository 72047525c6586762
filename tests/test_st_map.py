"""The streamlit-folium adapter sends exactly what st_folium would, rendering the map once."""

from __future__ import annotations

from unittest import mock

import streamlit_folium

from layers.features import Params
from render import st_map
from render.interactive import build_map, dynamic_groups


def st_folium_args(atlas, params: Params) -> dict:
    """What st_folium itself passes to the component for our map."""
    calls: list[dict] = []
    with mock.patch.object(
        streamlit_folium, "_component_func", side_effect=lambda **a: calls.append(a) or {}
    ):
        streamlit_folium.st_folium(
            build_map(atlas, include_dynamic=False),
            key="map",
            height=720,
            use_container_width=True,
            feature_group_to_add=dynamic_groups(atlas, params),
            returned_objects=st_map.RETURNED,
        )
    args = calls[0]
    args.pop("on_change")  # st_folium's key bookkeeping; the app reads the return value
    return args


def test_component_args_equal_st_folium_own(atlas):
    params = Params(buffer_km=40)
    doc = st_map.prepare_document(build_map(atlas, include_dynamic=False))
    ours = st_map.component_args(doc, dynamic_groups(atlas, params), key="map", height=720)
    assert ours == st_folium_args(atlas, params)


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
        state = st_map.show_map(doc, [])
    assert state["visible"] == {"tripp_route"}
    with mock.patch.object(streamlit_folium, "_component_func", return_value={"selected_layers": None}):
        assert st_map.show_map(doc, [])["visible"] is None
