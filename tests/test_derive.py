"""Derived geometry: buffer zone depth, lane widths, narrowest crossing."""

from __future__ import annotations

import pytest
from pyproj import Transformer
from shapely.geometry import LineString, box

from layers import derive
from layers.derive import transform
from layers.features import Params, layer_frame
from layers.measure import METRES_PER_NMI, area_km2
from layers.registry import LAYER_BY_ID


def test_buffer_zone_grows_with_depth(atlas):
    layer = LAYER_BY_ID["buffer_zone_area"]
    areas = [area_km2(layer_frame(atlas, layer, Params(buffer_km=d)).geometry.iloc[0]) for d in (10, 30, 60)]
    assert areas[0] < areas[1] < areas[2]
    # roughly depth × border length (~530 km) for shallow depths
    assert areas[0] == pytest.approx(10 * 530, rel=0.25)


def test_buffer_zone_rejects_depths_out_of_range(atlas):
    with pytest.raises(ValueError, match="buffer depth"):
        layer_frame(atlas, LAYER_BY_ID["buffer_zone_area"], Params(buffer_km=500))


def test_tss_parts_have_the_declared_widths():
    centreline = LineString([(56.9, 26.0), (56.6, 26.5), (56.1, 26.6)])
    parts = derive.tss_parts(centreline)
    crs = derive.utm_crs(centreline)
    fwd = Transformer.from_crs(4326, crs, always_xy=True).transform
    line = transform(fwd, centreline)
    sep, inbound, outbound = (transform(fwd, parts[k]) for k in ("separation", "inbound", "outbound"))
    assert line.length * 2 * METRES_PER_NMI == pytest.approx(sep.area, rel=0.05)
    for lane in (inbound, outbound):
        assert lane.area == pytest.approx(line.length * 2 * METRES_PER_NMI, rel=0.08)
        assert not lane.intersection(sep).area > 1
    # Inbound traffic keeps right: heading north-west then west, its lane lies to the north-east.
    assert inbound.centroid.y > outbound.centroid.y
    assert inbound.centroid.x > outbound.centroid.x


def test_narrowest_crossing_needs_both_shores_in_window():
    with pytest.raises(ValueError, match="outside"):
        derive.narrowest_crossing(box(0, 0, 1, 1), box(5, 5, 6, 6), (0, 0, 2, 2))
    line = derive.narrowest_crossing(box(0, 0, 1, 1), box(1.5, 0, 2, 1), (0, 0, 2, 1))
    assert line.length == pytest.approx(0.5, rel=0.01)


def test_coverage_borders_are_the_shared_edges_only_even_along_a_box_edge():
    """Two squares side by side share the edge x = 1, which is the edge of both boxes; an L-shaped
    neighbour shares two edges; the coasts (outer edges) are no border."""
    left, right = box(0, 0, 1, 1), box(1, 0, 2, 1)
    ell = box(0, 1, 2, 2).union(box(2, 0, 3, 2))  # above both squares and beside the right one
    borders = derive.coverage_borders([left, right, ell])
    expected = (
        LineString([(1, 0), (1, 1)]).union(LineString([(0, 1), (2, 1)])).union(LineString([(2, 0), (2, 1)]))
    )
    assert borders.symmetric_difference(expected).length == pytest.approx(0, abs=1e-9)
    assert borders.length == pytest.approx(4)
    assert derive.coverage_borders([left, box(5, 5, 6, 6)]).is_empty  # boxes apart: no pair
