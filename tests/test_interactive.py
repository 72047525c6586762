"""Rendered-HTML tests of the interactive map: no browser, assertions on the document."""

from __future__ import annotations

import re

import pytest

from layers.features import Params
from layers.registry import LAYERS
from layers.styles import STATUS_DASH
from render.assets import URL_PREFIX, missing_assets
from render.interactive import build_map, dynamic_groups, legend_html, render_html, visible_layer_ids


@pytest.fixture(scope="module")
def html(atlas) -> str:
    return render_html(build_map(atlas))


def test_every_asset_is_served_locally(html):
    urls = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert urls, "no assets found"
    assert all(u.startswith(URL_PREFIX + "/") for u in urls), [
        u for u in urls if not u.startswith(URL_PREFIX)
    ]
    assert "cdn.jsdelivr" not in html and "cdnjs" not in html and "code.jquery" not in html


def test_assets_are_installed():
    assert missing_assets() == [], "run `make setup`"


def test_every_layer_is_registered_in_draw_order(html):
    registered = re.findall(r'Corridors\.register\(map, group, "([a-z_]+)"', html)
    assert registered == [layer.id for layer in LAYERS]


def test_tiles_are_an_opt_in_extra_not_the_default_basemap(atlas):
    m = build_map(atlas)
    tiles = [c for c in m._children.values() if c.__class__.__name__ == "TileLayer"]
    assert len(tiles) == 2 and all(t.overlay and not t.show for t in tiles)
    html = render_html(m)
    assert "Corridors.basemap(" in html and "basemap_countries.geojson" in html


def test_styles_come_from_the_declarations(html):
    for layer in LAYERS:
        assert layer.style.color in html, layer.id
    # statuses present in the data are drawn with their dash patterns
    assert f'"dashArray": "{" ".join(map(str, STATUS_DASH["under construction"]))}"' in html
    assert f'"dashArray": "{" ".join(map(str, STATUS_DASH["planned"]))}"' in html


def test_legend_lists_every_layer(atlas):
    legend = legend_html(atlas, Params())
    for layer in LAYERS:
        assert f'data-corridors-layer="{layer.id}"' in legend
        assert layer.legend.replace("–", "–") in legend


def test_popups_carry_sources_and_computed_figures(html):
    assert "Length as drawn (geodesic)" in html
    assert "Sources" in html and 'rel=\\"noopener noreferrer\\"' in html
    assert "Narrowest width (geodesic)" in html


def test_reported_zone_is_hatched_and_flows_have_arrows(html):
    assert re.search(r'Corridors\.hatch\(map, geojson, "#CC79A7"\)', html)
    assert re.search(r'Corridors\.arrows\(geojson, group, "#009E73"\)', html)


def test_controls_present(html):
    for needle in (
        "L.control.scale",
        "L.Control.Measure",
        "L.Control.FullScreen",
        "L.control.layers",
        "Corridors.groupControl",
    ):
        assert needle.lower() in html.lower(), needle


def test_dynamic_group_is_adopted_and_depends_on_depth(atlas):
    from folium import Map

    def script(depth: float) -> str:
        (group,) = dynamic_groups(atlas, Params(buffer_km=depth))
        m = Map(tiles=None)
        group.add_to(m)
        return m.get_root().render()

    a, b = script(20), script(40)
    assert 'Corridors.adopt(group, "buffer_zone_area")' in a
    assert a != b


def test_map_without_dynamic_layers_has_an_empty_zone_container(atlas):
    html = render_html(build_map(atlas, include_dynamic=False))
    assert 'Corridors.register(map, group, "buffer_zone_area"' in html
    assert "Reported buffer zone: Iranian land" in html  # the legend still names it


def test_hostile_feature_text_is_escaped(atlas):
    frame = atlas.families["tripp"]
    idx = frame.index[frame["id"] == "meghri"][0]
    original = frame.at[idx, "name"]
    frame.at[idx, "name"] = "<script>alert('x')</script>"
    try:
        from render.interactive import layer_collection

        layer_collection.cache_clear()
        html = render_html(build_map(atlas))
    finally:
        frame.at[idx, "name"] = original
        layer_collection.cache_clear()
    assert "<script>alert(" not in html
    # The popup HTML was escaped in Python; the JSON carrying it escapes again (\u0026 is &).
    assert "\\u0026lt;script\\u0026gt;alert(\\u0026#x27;x\\u0026#x27;)" in html


def test_visible_layer_ids_parses_st_folium_state():
    selected = [{"name": "tripp_route", "url": "corridors"}, {"name": "x", "url": "https://wms"}]
    assert visible_layer_ids(selected) == {"tripp_route"}
    assert visible_layer_ids(None) == set()


def test_disputed_places_say_so_in_their_map_label(atlas):
    from layers.registry import LAYER_BY_ID
    from render.interactive import layer_collection

    features = layer_collection(atlas, LAYER_BY_ID["hormuz_places"], Params())["features"]
    labels = {f["properties"]["name"]: f["properties"]["label_text"] for f in features}
    assert labels["Abu Musa"] == "Abu Musa (disputed)"
    assert labels["Qeshm"] == "Qeshm"
