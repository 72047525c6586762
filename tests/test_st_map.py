"""The streamlit-folium adapter: one render per rerun, same output as st_folium's default."""

from __future__ import annotations

from unittest import mock

import streamlit_folium

from layers.features import Params
from render import st_map
from render.interactive import build_map, dynamic_groups


def captured_args(atlas, **kwargs) -> dict:
    calls: list[dict] = []

    def fake_component(**args):
        calls.append(args)
        return {"selected_layers": {"corridors,tripp_route": {"name": "tripp_route", "url": "corridors"}}}

    with mock.patch.object(streamlit_folium, "_component_func", side_effect=fake_component):
        state = st_map.show_map(
            build_map(atlas, include_dynamic=False), dynamic_groups(atlas, Params()), **kwargs
        )
    return calls[0] | {"state": state}


def test_single_render_gives_the_same_map_as_st_folium_default(atlas):
    ours = captured_args(atlas)
    calls: list[dict] = []
    with mock.patch.object(
        streamlit_folium, "_component_func", side_effect=lambda **a: calls.append(a) or {}
    ):
        streamlit_folium.st_folium(build_map(atlas, include_dynamic=False), key="map", returned_objects=[])
    default = calls[0]
    for key in ("script", "header", "html", "css_links", "js_links"):
        assert ours[key] == default[key], key


def test_script_is_stable_between_reruns(atlas):
    assert captured_args(atlas)["script"] == captured_args(atlas)["script"]


def test_visible_layers_are_read_back(atlas):
    assert captured_args(atlas)["state"]["visible"] == {"tripp_route"}
