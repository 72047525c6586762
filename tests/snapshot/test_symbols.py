"""Layers are drawn with the declared style, refined per feature: colours, widths, dashes,
hatches (per feature, by confidence), symbols and flow arrows spaced by length on the page."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgb, to_rgba
from matplotlib.patches import FancyArrowPatch, PathPatch
from shapely.geometry import box

from layers.features import Params, layer_frame
from layers.registry import LAYER_BY_ID
from layers.styles import ARROW_SPACING_PX, STATUS_DASH, feature_style
from render.snapshot.style import PX_TO_PT
from tests.snapshot.conftest import layer_artists, snap


def test_every_visible_layer_drawn_and_hidden_ones_not(atlas):
    visible = ["tripp_route", "gas_swap_flows", "hormuz_places", "buffer_zone_area", "hormuz_tss_lanes"]
    drawn = layer_artists(snap(atlas, view="region", layers=visible, dpi=30))
    assert set(drawn) == set(visible)


def _expected_styles(atlas, layer_id, as_of):
    layer = LAYER_BY_ID[layer_id]
    frame = layer_frame(atlas, layer, Params(as_of=as_of))
    return {
        feature_style(layer.style, s, c) for s, c in zip(frame["status"], frame["confidence"], strict=True)
    }


def test_drawn_styles_equal_the_declared_styles_refined_per_feature(atlas, figures):
    fig = figures["region"]
    as_of = fig.snapshot.as_of
    checked = set()
    for layer_id, artists in layer_artists(fig).items():
        layer = LAYER_BY_ID[layer_id]
        if layer.events:
            continue  # events: tests below
        styles = _expected_styles(atlas, layer_id, as_of)
        for artist in artists:
            if isinstance(artist, FancyArrowPatch):
                assert layer.style.arrows and to_rgb(artist.get_facecolor()) == to_rgb(layer.style.color)
            elif isinstance(artist, PathCollection):
                edge, face = artist.get_edgecolor()[0], artist.get_facecolor()[0]
                assert any(
                    np.allclose(edge, to_rgba(s.color, s.opacity))
                    and np.allclose(face, to_rgba(s.fill_color or s.color, s.fill_opacity * s.opacity))
                    for s in styles
                ), layer_id
            else:
                assert isinstance(artist, PathPatch)
                assert any(
                    np.allclose(to_rgba(artist.get_edgecolor()), to_rgba(s.color, s.opacity))
                    and artist.get_linewidth() == pytest.approx(s.weight * PX_TO_PT)
                    and artist.get_hatch() == s.hatch
                    for s in styles
                ), layer_id
            checked.add(layer_id)
    drawn_here = {
        i for i in fig.snapshot.layers if not LAYER_BY_ID[i].events and not LAYER_BY_ID[i].name_only
    }
    assert checked == drawn_here - {"tripp_towns"}  # towns: only in the Syunik close-up at this scale


def test_status_dash_and_per_feature_confidence_hatch(atlas, figures):
    want = [v * PX_TO_PT for v in STATUS_DASH["under construction"]]
    dashes = [a.get_linestyle() for a in layer_artists(figures["tripp"])["tripp_railways"]]
    assert any(isinstance(d, tuple) and d[1] and np.allclose(d[1], want) for d in dashes), dashes
    zone = layer_artists(figures["border"])["buffer_zone_area"][0]
    assert zone.get_hatch() == "///"  # the zone is reported, not confirmed


@pytest.mark.parametrize("bbox", [(31.0, 34.0, 63.0, 43.0), (43.5, 36.5, 48.5, 40.5)])
def test_flow_arrows_are_spaced_by_length_on_the_page(atlas, bbox):
    from render.snapshot.paths import parts, projected_layer

    fig = snap(atlas, bbox=bbox, layers=["gas_swap_flows"], dpi=30, as_of="2025-06-01")
    info = fig.snapshot
    ax = next(a for a in fig.axes if a.get_gid() == "map")
    width_pt = ax.get_window_extent().width * 72 / fig.dpi
    step = ARROW_SPACING_PX * PX_TO_PT * (info.extent[2] - info.extent[0]) / width_pt
    frame = projected_layer(atlas, LAYER_BY_ID["gas_swap_flows"], Params(as_of=info.as_of), info.crs.to_wkt())
    view = box(*info.extent)
    expected = sum(
        max(1, int(line.length // step))
        for _, geom in frame
        if geom.intersects(view)
        for line in parts(geom, ("LineString",))
    )
    drawn = sum(isinstance(a, FancyArrowPatch) for a in layer_artists(fig)["gas_swap_flows"])
    assert drawn == expected


def test_events_are_drawn_up_to_the_date_only(atlas):
    early = layer_artists(snap(atlas, view="hormuz", layers=["hormuz_events"], as_of="2026-03-02", dpi=30))
    late = layer_artists(snap(atlas, view="hormuz", layers=["hormuz_events"], dpi=30))

    def count(drawn):
        return sum(
            len(a.get_offsets()) if isinstance(a, PathCollection) else 1
            for a in drawn.get("hormuz_events", [])
        )

    assert 0 < count(early) < count(late)


def test_nothing_is_drawn_before_it_existed(atlas):
    drawn = layer_artists(snap(atlas, view="tripp", layers=["tripp_route"], as_of=date(2025, 8, 1), dpi=30))
    assert "tripp_route" not in drawn  # TRIPP was announced on 8 August 2025


def test_line_events_have_a_casing_and_approximate_lines_a_band(atlas):
    """What the legend promises beyond colour and dash: a yellow dash over a black casing for
    an event drawn as a line, a soft band along an approximately placed line, white dots on a
    schematic line's known waypoints."""
    fig = snap(atlas, view="hormuz", layers=["hormuz_events", "hormuz_bypass"], dpi=30)
    gids = {str(a.get_gid()) for a in fig.findobj(lambda a: a.get_gid() is not None)}
    assert "casing:hormuz_events" in gids
    casing = next(a for a in fig.findobj(lambda a: a.get_gid() == "casing:hormuz_events"))
    line = next(a for a in fig.findobj(lambda a: a.get_gid() == "hormuz_events" and isinstance(a, PathPatch)))
    assert to_rgb(casing.get_edgecolor()) == (0, 0, 0) and casing.get_linewidth() > line.get_linewidth()
    assert casing.zorder < line.zorder
    assert "band:hormuz_bypass" in gids  # the bypass pipelines are approximately placed
    schematic = snap(atlas, view="gas-swap", dpi=30)
    assert any(
        str(a.get_gid()).startswith("waypoints:")
        for a in schematic.findobj(lambda a: isinstance(a, PathCollection))
    )
