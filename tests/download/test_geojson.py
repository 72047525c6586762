"""GeoJSON downloads: valid RFC 7946, every attribute, the derived layers as drawn."""

from __future__ import annotations

import itertools
import json
from datetime import date
from typing import Any

from layers.features import Params, layer_records
from layers.measure import area_km2
from layers.registry import LAYER_BY_ID, LAYERS
from render.download.features import visible_features
from render.download.geojson import geojson_bytes, geojson_dict
from render.views import VIEWS

ALL = [layer.id for layer in LAYERS]
DAY = date(2026, 3, 1)
GEOMETRY_TYPES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}


def signed_area(ring: list[list[float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)) / 2


def positions(geometry: dict[str, Any]) -> list[list[float]]:
    def flat(c: Any) -> list[list[float]]:
        return [c] if isinstance(c[0], int | float) else [p for part in c for p in flat(part)]

    return flat(geometry["coordinates"])


def check_rfc7946(doc: dict[str, Any]) -> None:
    """What RFC 7946 asks of a FeatureCollection (§3, §4, §5, §7)."""
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    for feature in doc["features"]:
        assert feature["type"] == "Feature" and isinstance(feature["properties"], dict)
        assert isinstance(feature["id"], str)
        geom = feature["geometry"]
        assert geom["type"] in GEOMETRY_TYPES, geom["type"]
        for lon, lat, *rest in positions(geom):
            assert -180 <= lon <= 180 and -90 <= lat <= 90 and rest == []
        polygons = {"Polygon": [geom["coordinates"]], "MultiPolygon": geom["coordinates"]}.get(
            geom["type"], []
        )
        for rings in polygons:
            for i, ring in enumerate(rings):
                assert len(ring) >= 4 and ring[0] == ring[-1]
                assert (signed_area(ring) > 0) == (i == 0), "exterior anticlockwise, holes clockwise"


def test_valid_rfc7946_for_every_layer(atlas):
    doc = json.loads(geojson_bytes(visible_features(atlas, ALL, Params(as_of=DAY))))
    check_rfc7946(doc)
    assert {f["properties"]["layer"] for f in doc["features"]} == set(ALL)


def test_features_equal_the_visible_layers_on_the_date(atlas):
    ids = VIEWS["hormuz"].layers
    doc = geojson_dict(visible_features(atlas, ids, Params(as_of=DAY)))
    expected = [str(p["id"]) for i in ids for p, _ in layer_records(atlas, LAYER_BY_ID[i], Params(as_of=DAY))]
    assert [f["id"] for f in doc["features"]] == expected
    events = {f["id"] for f in doc["features"] if f["properties"]["layer"] == "hormuz_events"}
    assert "ev_2026_03_02_closure_declared" not in events  # after the date
    assert "ev_2026_03_02_closure_declared" in {
        f["id"]
        for f in geojson_dict(visible_features(atlas, ids, Params(as_of=date(2026, 3, 2))))["features"]
    }


def test_every_attribute_and_the_state_on_the_date(atlas):
    doc = geojson_dict(visible_features(atlas, ["hormuz_strait"], Params(as_of=date(2026, 3, 5))))
    (strait,) = doc["features"]
    props = strait["properties"]
    assert props["family"] == "hormuz" and props["layer"] == "hormuz_strait"
    assert props["sources"] and props["history"] and props["description"]
    assert props["status"] == props["history"][-1]["status"]
    assert props["state_date"] == props["history"][-1]["date"] <= "2026-03-05"
    assert all(s["date"] <= "2026-03-05" for s in props["history"] if s.get("date"))


def test_derived_layers_as_drawn(atlas):
    def zone(km: float) -> dict[str, Any]:
        doc = geojson_dict(visible_features(atlas, ["buffer_zone_area"], Params(buffer_km=km, as_of=DAY)))
        return doc["features"][0]

    shallow, deep = zone(30), zone(60)
    assert {
        "label": "Depth D (set by the map user; none was published)",
        "value": "60 km",
        "kind": "parameter",
    } in deep["properties"]["computed"]
    ((_, geom30),) = layer_records(atlas, LAYER_BY_ID["buffer_zone_area"], Params(buffer_km=30, as_of=DAY))
    from shapely.geometry import shape

    assert abs(area_km2(shape(shallow["geometry"])) - area_km2(geom30)) < 1
    assert area_km2(shape(deep["geometry"])) > 1.5 * area_km2(geom30)
    lanes = geojson_dict(visible_features(atlas, ["hormuz_tss_lanes", "hormuz_narrowest"], Params(as_of=DAY)))
    assert len(lanes["features"]) == 3
    assert lanes["metadata"].get("buffer_km") is None  # no parametric layer among them


def test_metadata_names_date_review_generator_and_licence(atlas):
    doc = json.loads(
        geojson_bytes(visible_features(atlas, VIEWS["border"].layers, Params(buffer_km=45, as_of=DAY)))
    )
    meta = doc["metadata"]
    assert meta["as_of"] == "2026-03-01" and meta["buffer_km"] == 45
    assert meta["reviewed"] == {"buffer_zone": atlas.reviewed["buffer_zone"].isoformat()}
    assert (
        meta["generator"].startswith("corridors-map") and "licence" in meta and "GSHHG" in meta["attribution"]
    )
    assert meta["features"] == len(doc["features"])


def test_utf8_without_byte_order_mark(atlas):
    data = geojson_bytes(visible_features(atlas, ["hormuz_places"], Params()))
    assert not data.startswith(b"\xef\xbb\xbf")
    data.decode("utf-8")
