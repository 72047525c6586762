"""Geodesic measures against known values."""

from __future__ import annotations

import pytest
from shapely.geometry import LineString, box

from layers.measure import area_km2, distance_km, format_km, km_to_nmi, length_km


def test_length_of_one_degree_of_meridian_at_the_equator():
    assert length_km(LineString([(0, 0), (0, 1)])) == pytest.approx(110.574, abs=0.01)


def test_area_is_orientation_independent():
    cell = box(44, 38, 45, 39)
    assert area_km2(cell) == pytest.approx(area_km2(cell.reverse()))
    assert area_km2(cell) == pytest.approx(9_615, rel=0.01)  # 1°×1° at 38.5°N


def test_distance_and_units():
    assert distance_km(0, 0, 1, 0) == pytest.approx(111.319, abs=0.01)
    assert km_to_nmi(1.852) == pytest.approx(1.0)
    assert format_km(42.04) == "42.0 km" and format_km(1768.4) == "1,768 km"


def test_assumption_based_areas_are_rounded():
    from layers.measure import format_km2_rounded

    assert format_km2_rounded(11_404) == "about 11,000 km²"
    assert format_km2_rounded(986) == "about 990 km²"
    assert format_km2_rounded(22_870) == "about 23,000 km²"
