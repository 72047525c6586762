"""The export panel's plain functions: requests follow the map, results are real files."""

from __future__ import annotations

import pytest

from render.export import CURRENT_VIEW, prepare_export, request_from_map
from render.views import REGION_BBOX, ViewError

BOUNDS = {"_southWest": {"lat": 38.5, "lng": 45.5}, "_northEast": {"lat": 39.5, "lng": 47.0}}


def request(**overrides):
    args = dict(
        visible={"tripp_route", "tripp_towns", "not_a_layer"},
        bounds=BOUNDS,
        extent=CURRENT_VIEW,
        fmt="png",
        page="a4-landscape",
        dpi=40,
        title="  ",
        buffer_km=30.0,
    )
    return request_from_map(**{**args, **overrides})


def test_current_view_uses_map_bounds_and_visible_layers_in_draw_order():
    req = request()
    assert req.bbox == (45.5, 38.5, 47.0, 39.5) and req.view is None
    assert req.layers == ("tripp_route", "tripp_towns")
    assert req.title is None


def test_preset_uses_its_extent_and_the_visible_layers():
    req = request(extent="hormuz")
    assert req.view == "hormuz" and req.bbox is None
    assert req.layers == ("tripp_route", "tripp_towns")


def test_before_the_browser_reports_bounds_the_region_is_used():
    assert request(bounds=None).bbox == REGION_BBOX


def test_unknown_preset_is_refused():
    with pytest.raises(ViewError, match="unknown view"):
        request(extent="mars")


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_prepare_export_returns_the_file_and_a_png_preview(atlas, fmt):
    result = prepare_export(atlas, request(fmt=fmt))
    magic = {"png": b"\x89PNG", "svg": b"<?xml", "pdf": b"%PDF"}[fmt]
    assert result.data.startswith(magic)
    assert result.preview_png.startswith(b"\x89PNG")
    assert result.filename == f"corridors-current-view.{fmt}"
    if fmt == "svg":
        text = result.data.decode()
        assert "TRIPP route in Armenia" in text  # legend of a visible layer
        assert "Oil pipelines that bypass Hormuz" not in text  # hidden layer: not in the legend
