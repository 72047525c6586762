"""CSV downloads: one row per drawn feature, geodesic measures, no formula injection."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from shapely.geometry import LineString, Point

from layers.features import Params
from layers.measure import GEOD
from layers.registry import LAYER_BY_ID, LAYERS
from render.download.features import Selection, VisibleFeature, visible_features
from render.download.table import COLUMNS, csv_bytes, guard_cell

DAY = date(2026, 3, 1)


def rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # so spreadsheets read UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_one_row_per_feature(atlas):
    selection = visible_features(atlas, [layer.id for layer in LAYERS], Params(as_of=DAY))
    table = rows(csv_bytes(selection))
    assert len(table) == len(selection.features) > 100
    assert tuple(table[0]) == COLUMNS
    assert [r["id"] for r in table] == [f.id for f in selection.features]
    assert {r["as_of"] for r in table} == {"2026-03-01"}


def test_measures_are_geodesic_from_the_geometry(atlas):
    selection = visible_features(atlas, ["tripp_route", "buffer_zone_area", "tripp_towns"], Params(as_of=DAY))
    by_layer = {r["layer"]: r for r in rows(csv_bytes(selection))}
    route = next(f for f in selection.features if f.layer.id == "tripp_route")
    assert float(by_layer["tripp_route"]["length_km"]) == round(
        GEOD.geometry_length(route.geometry) / 1000, 1
    )
    zone = next(f for f in selection.features if f.layer.id == "buffer_zone_area")
    area = abs(GEOD.geometry_area_perimeter(zone.geometry)[0]) / 1e6
    assert int(by_layer["buffer_zone_area"]["area_km2"]) == round(area)
    assert by_layer["tripp_towns"]["length_km"] == by_layer["tripp_towns"]["area_km2"] == ""
    lon, lat = float(by_layer["tripp_towns"]["lon"]), float(by_layer["tripp_towns"]["lat"])
    assert 44 < lon < 47 and 38 < lat < 41


@pytest.mark.parametrize("text", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"])
def test_formula_injection_guard(text):
    assert guard_cell(text) == "'" + text
    assert guard_cell(-3.5) == -3.5 and guard_cell("Meghri") == "Meghri"


def test_text_from_data_cannot_become_a_formula():
    props = {
        "id": "=cmd|' /C calc'!A0",
        "name": '=HYPERLINK("http://x","click")',
        "kind": "@SUM(1)",
        "sources": [{"url": "-1+1"}],
        "history": [],
    }
    feature = VisibleFeature(LAYER_BY_ID["tripp_towns"], props, Point(46.2, 38.9), ())
    selection = Selection(("tripp_towns",), Params(as_of=DAY), (feature,), {"tripp": DAY})
    (row,) = rows(csv_bytes(selection))
    assert row["id"].startswith("'=") and row["name"].startswith("'=") and row["kind"].startswith("'@")
    assert row["sources"] == "'-1+1"
    line = VisibleFeature(LAYER_BY_ID["tripp_route"], {"id": "l"}, LineString([(46, 38), (47, 39)]), ())
    (row,) = rows(csv_bytes(Selection(("tripp_route",), Params(as_of=DAY), (line,), {})))
    assert float(row["length_km"]) > 100 and row["reviewed"] == ""
