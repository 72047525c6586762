"""One export path: requests are validated in one place, follow the map, and give real files."""

from __future__ import annotations

from datetime import date

import pytest

from layers.period import default_as_of
from render.export import CURRENT_VIEW, ExportError, ExportRequest, export, request_from_map
from render.views import CUSTOM_TITLE, REGION_BBOX, VIEWS

BOUNDS = {"_southWest": {"lat": 38.5, "lng": 45.5}, "_northEast": {"lat": 39.5, "lng": 47.0}}


def from_map(atlas, **overrides):
    args = dict(
        visible={"tripp_towns", "tripp_route", "not_a_layer"},
        bounds=BOUNDS,
        extent=CURRENT_VIEW,
        fmt="png",
        page="a4-landscape",
        dpi=40,
        title="  ",
        buffer_km=30.0,
        as_of=None,
    )
    return request_from_map(atlas, **{**args, **overrides})


def test_current_view_uses_map_bounds_and_visible_layers_in_draw_order(atlas):
    req = from_map(atlas)
    assert req.bbox == (45.5, 38.5, 47.0, 39.5) and req.view is None
    assert req.layers == ("tripp_route", "tripp_towns")
    assert req.title == CUSTOM_TITLE and req.as_of == default_as_of(atlas)


def test_preset_uses_its_extent_and_words_with_the_visible_layers(atlas):
    req = from_map(atlas, extent="hormuz")
    assert req.view == "hormuz" and req.bbox == VIEWS["hormuz"].bbox
    assert req.layers == ("tripp_route", "tripp_towns") and req.title == VIEWS["hormuz"].title


def test_before_the_browser_reports_bounds_the_region_is_used(atlas):
    assert from_map(atlas, bounds=None).bbox == REGION_BBOX


@pytest.mark.parametrize(
    ("choices", "needle"),
    [
        ({"view": "mars"}, "unknown view 'mars'"),
        ({"layers": ["nope"]}, "unknown layer(s) 'nope'"),
        ({"fmt": "gif"}, "unknown format 'gif'"),
        ({"page": "a3"}, "unknown page size 'a3'"),
        ({"dpi": 5000}, "between 20 and 1200 dpi"),
        ({"buffer_km": 400}, "between 5 and 100 km"),
        ({"as_of": "2099-01-01"}, "after the latest reviewed date"),
        ({"as_of": "yesterday"}, "not a date"),
        ({"title": "x" * 500}, "the limit is 160"),
        ({"title": "a\x00b"}, "control characters"),
        ({"bbox": (1, 2, 3)}, "needs 4 numbers"),
    ],
)
def test_every_choice_is_checked_in_one_place(atlas, choices, needle):
    with pytest.raises(ExportError, match=None) as err:
        ExportRequest.create(atlas, **choices)
    assert needle in str(err.value)


def test_filenames_name_the_view_and_the_date(atlas):
    req = ExportRequest.create(atlas, view="tripp", fmt="svg", as_of="2026-03-01")
    assert req.filename == "corridors-tripp-2026-03-01.svg" and req.as_of == date(2026, 3, 1)


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_export_returns_the_file_and_a_png_preview(atlas, fmt):
    result = export(atlas, from_map(atlas, fmt=fmt), preview=True)
    magic = {"png": b"\x89PNG", "svg": b"<?xml", "pdf": b"%PDF"}[fmt]
    assert result.data.startswith(magic) and result.preview_png.startswith(b"\x89PNG")
    if fmt == "svg":
        text = result.data.decode()
        assert "TRIPP route (Meghri section)" in text  # legend of a visible layer
        assert "Oil pipelines that bypass Hormuz" not in text  # hidden layer: not in the legend


def test_at_most_a_fixed_number_of_exports_render_at_once(atlas, monkeypatch):
    import threading
    import time

    import render.export as export_module

    running, peak, lock = [0], [0], threading.Lock()
    real = export_module.render_snapshot

    def counting(*args, **kwargs):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.2)
        try:
            return real(*args, **kwargs)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(export_module, "render_snapshot", counting)
    request = export_module.ExportRequest.create(atlas, view="hormuz", fmt="png", dpi=20)
    threads = [threading.Thread(target=export_module.export, args=(atlas, request)) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak[0] == export_module.EXPORT_SLOTS


def test_titles_are_text_never_mathtext(atlas):
    from render.export import ExportRequest, export

    title = r"$x^2$ and \alpha {{ 7*7 }}"
    svg = export(atlas, ExportRequest.create(atlas, view="hormuz", fmt="svg", title=title)).data.decode()
    assert "$x^2$ and \\alpha {{ 7*7 }}" in svg
