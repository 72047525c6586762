"""Scale bar (geodesic), north arrow (true north where drawn), locator inset."""

from __future__ import annotations

import math
import re

import pytest
from pyproj import Proj, Transformer

from layers.measure import GEOD
from render.snapshot.furniture import nice_length
from tests.snapshot.conftest import by_gid, snap


def test_nice_length():
    assert [nice_length(v) for v in (1.3, 2.7, 7.9, 13, 470, 0.3)] == [1, 2, 5, 10, 200, 0.2]


@pytest.mark.parametrize(
    ("view", "page"),
    [
        ("hormuz", "a4-landscape"),
        ("region", "a4-portrait"),
        ("gas-swap", "slide-16x9"),
        ("tripp", "social-square"),
    ],
)
def test_scale_bar_length_matches_geodesic(atlas, view, page):
    fig = snap(atlas, view=view, page=page, dpi=30)
    bar = by_gid(fig, "scale_bar")
    km = float(re.fullmatch(r"([\d.]+) km", by_gid(fig, "scale_label").get_text()).group(1))
    assert km == nice_length(km)
    xs = bar.get_xdata()
    length = abs(xs[1] - xs[0])
    x0, y0, x1, y1 = fig.snapshot.extent
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    inv = Transformer.from_crs(fig.snapshot.crs, 4326, always_xy=True)
    (la, lb), (pa, pb) = inv.transform([cx - length / 2, cx + length / 2], [cy, cy])
    assert GEOD.inv(la, pa, lb, pb)[2] / 1000 == pytest.approx(km, rel=0.01)
    assert 0.1 < length / (x1 - x0) < 0.35


def test_north_arrow_points_to_true_north_where_it_stands(figures):
    for fig in figures.values():
        arrow = by_gid(fig, "north_arrow")
        (ax_, ay), (bx, by) = arrow._posA_posB
        drawn = math.degrees(math.atan2(bx - ax_, by - ay))
        inv = Transformer.from_crs(fig.snapshot.crs, 4326, always_xy=True)
        lon, lat = inv.transform(ax_, ay)
        expected = -Proj(fig.snapshot.crs).get_factors(lon, lat).meridian_convergence
        assert drawn == pytest.approx(expected, abs=0.2)


def test_inset_outlines_the_view(figures):
    inset = next(ax for ax in figures["hormuz"].axes if ax.get_gid() == "inset")
    outline = inset.findobj(lambda a: a.get_gid() == "inset_view")[0].get_path().get_extents()
    xmin, xmax = inset.get_xlim()
    assert (outline.x1 - outline.x0) < 0.3 * (xmax - xmin)


@pytest.mark.parametrize("bbox", [(24.4, 22.5, 67.6, 44.0), (24.4, 16.0, 67.6, 49.0)])
def test_the_widest_views_still_get_a_locator(atlas, bbox):
    """The app's whole window as the extent (as "current map view" exports it): the locator's
    conic, fitted to three times that, would reach off the globe unless it is bounded."""
    fig = snap(atlas, bbox=bbox, dpi=20)
    inset = next(ax for ax in fig.axes if ax.get_gid() == "inset")
    assert any(c.get_gid() == "inset_land" for c in inset.collections)
