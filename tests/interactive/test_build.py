"""The Leaflet document: local assets, every layer registered once, public Leaflet API only."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from folium import Map

from layers.features import Params
from layers.period import ARTICLE_DATE, data_span
from layers.registry import LAYERS
from layers.styles import LABEL
from render.assets import ROOT, URL_PREFIX, missing_assets
from render.interactive import build_map, dynamic_groups, render_html, state_group
from render.interactive.build import quick_dates
from render.interactive.elements import label_css

JS = ROOT / "static" / "corridors"


@pytest.fixture(scope="module")
def html(atlas) -> str:
    return render_html(build_map(atlas))


def layer_calls(html: str) -> list[dict]:
    return [json.loads(m) for m in re.findall(r"Corridors\.layer\(\w+, \w+,\s*(\{.*?\}),", html)]


def test_every_asset_is_served_locally(html):
    urls = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert urls and all(u.startswith(URL_PREFIX + "/") for u in urls), urls
    assert "cdn.jsdelivr" not in html and "cdnjs" not in html


def test_assets_are_installed():
    assert missing_assets() == [], "run `make setup`"


def test_every_layer_is_registered_once_in_draw_order(html):
    infos = layer_calls(html)
    assert [i["id"] for i in infos] == [layer.id for layer in LAYERS]
    by_id = {i["id"]: i for i in infos}
    for layer in LAYERS:
        info = by_id[layer.id]
        assert info["labelMinZoom"] == layer.label_min_zoom and info["rank"] == layer.label_rank
        assert info["minorMinZoom"] == layer.minor_min_zoom
        assert info["arrows"] == (layer.style.color if layer.style.arrows else None)


def test_online_tiles_are_base_maps_that_say_they_need_the_internet(html):
    setup = re.search(r"Corridors\.panel\(\w+, (\{.*?\}), (\[.*?\])\);", html, re.S)
    tiles = json.loads(setup.group(2))
    assert [t["name"] for t in tiles] == ["OpenStreetMap Mapnik", "Esri WorldImagery"]
    assert "L.tileLayer(" not in html  # created only when a reader chooses one
    assert "(needs internet)" in (JS / "panel.js").read_text()


def test_label_css_is_generated_from_the_label_style():
    css = label_css()
    assert f"font:{LABEL['weight']} {LABEL['size_px']}px" in css and LABEL["color"] in css
    assert "font:" not in (JS / "corridors.css").read_text().split(".corridors-label span")[1].split("}")[0]


def test_no_private_leaflet_api_is_patched():
    code = "".join(p.read_text() for p in JS.glob("*.js"))
    for private in ("_addItem", "._update", "._layers", "_onInputClick"):
        assert private not in code, private


def test_controls_present(html):
    for needle in (
        "L.control.scale",
        "L.Control.Measure",
        "L.control.fullscreen",
        "Corridors.panel(",
        "Corridors.legend(",
        "Corridors.search(",
        "Corridors.list(",
        "Corridors.layout(",
    ):
        assert needle in html, needle


def test_map_ui_scripts_are_served_with_the_map(html):
    for name in ("layout.js", "search.js", "list.js"):
        assert f'src="{URL_PREFIX}/corridors/{name}"' in html, name
        assert (JS / name).exists()
    # each one registers once, after corridors.js
    assert html.index("corridors/corridors.js") < html.index("corridors/search.js")


def test_parametric_layers_travel_as_groups_that_depend_on_the_depth(atlas):
    def script(depth: float) -> str:
        (group,) = dynamic_groups(atlas, Params(buffer_km=depth))
        m = Map(tiles=None)
        group.add_to(m)
        return m.get_root().render()

    a, b = script(20), script(40)
    assert '"adopt": true' in a and '"id": "buffer_zone_area"' in a and a != b
    empty = render_html(build_map(atlas, include_dynamic=False))
    zone = next(i for i in layer_calls(empty) if i["id"] == "buffer_zone_area")
    assert zone["adopt"] is False


def test_state_group_carries_the_date_and_a_focus_request():
    m = Map(tiles=None)
    from datetime import date

    state_group(date(2026, 3, 1), {"id": "x", "nonce": 3}, date_seq=2).add_to(m)
    html = m.get_root().render()
    assert 'Corridors.apply({"date": "2026-03-01", "dateSeq": 2, "focus": {"id": "x", "nonce": 3}})' in html


def test_quick_dates_are_the_articles_date_and_the_latest_reviewed(atlas):
    span = data_span(atlas)
    assert [d["date"] for d in quick_dates(atlas)] == [ARTICLE_DATE.isoformat(), span.last.isoformat()]
    assert quick_dates(atlas)[0]["label"] == "As of the article (1 Feb 2026)"
    assert quick_dates(atlas)[1]["label"] == f"Latest reviewed ({span.last:%-d %b %Y})"
    with_dates = render_html(build_map(atlas, include_dynamic=False, with_quick_dates=True))
    calls = re.findall(r"Corridors\.quickDates\([^,]+, (\[.*?\])\);", with_dates)
    assert [json.loads(c) for c in calls] == [quick_dates(atlas)]
    assert f'src="{URL_PREFIX}/corridors/dates.js"' in with_dates
    # a standalone page (the static site has its own date controls) has none
    assert "Corridors.quickDates(" not in render_html(build_map(atlas, include_dynamic=False))


def test_page_without_a_server_still_loads_from_relative_files():
    assert Path(JS / "corridors.js").exists() and Path(JS / "panel.js").exists()


def test_the_opening_fit_does_not_animate(html):
    """An animated opening zoom ends ~250 ms later and undoes any view set meanwhile (the
    coverage's minimum zoom, a story, a reader's first move)."""
    fits = re.findall(r"\.fitBounds\(\s*(\[\[.*?\]\]),\s*(\{.*?\})\s*\);", html, re.S)
    assert len(fits) == 1, fits
    assert json.loads(fits[0][1]).get("animate") is False
