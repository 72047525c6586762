"""Bad input is named and contained: broken files, projected coordinates, huge uploads, markup."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from layers.loading import GEODATA_DIR, GeoJSONError, load_atlas, load_family, load_upload


def collection(features, **extra) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": features, **extra}).encode()


POINT = {
    "type": "Feature",
    "properties": {"name": "<script>alert(1)</script>"},
    "geometry": {"type": "Point", "coordinates": [44.5, 40.2]},
}


def test_broken_family_is_reported_by_name_and_others_still_load(tmp_path: Path):
    shutil.copytree(GEODATA_DIR, tmp_path, dirs_exist_ok=True)
    (tmp_path / "tripp.geojson").write_text('{"type": "FeatureCollection", "features": [')
    atlas = load_atlas(tmp_path)
    assert "tripp" not in atlas.families
    assert set(atlas.families) == {"buffer_zone", "gas_swap", "hormuz"}
    assert "not valid JSON" in atlas.problems["tripp.geojson"][0]
    assert "line 1" in atlas.problems["tripp.geojson"][0]


def test_invalid_feature_is_dropped_and_named(tmp_path: Path):
    data = json.loads((GEODATA_DIR / "hormuz.geojson").read_text())
    data["features"][0]["properties"]["history"][-1]["status"] = "rumoured"
    path = tmp_path / "hormuz.geojson"
    path.write_text(json.dumps(data))
    frame, problems = load_family(path)
    assert len(frame) == len(data["features"]) - 1
    fid = data["features"][0]["properties"]["id"]
    assert any(p.startswith(f"hormuz.geojson: {fid}") and "rumoured" in p for p in problems)


def test_unordered_or_unsourced_history_costs_that_feature_only(tmp_path: Path):
    data = json.loads((GEODATA_DIR / "tripp.geojson").read_text())
    route = next(f for f in data["features"] if f["properties"]["kind"] == "route")
    route["properties"]["history"].append(
        {**route["properties"]["history"][0], "date": "1990", "sources": []}
    )
    (tmp_path / "tripp.geojson").write_text(json.dumps(data))
    frame, problems = load_family(tmp_path / "tripp.geojson")
    assert route["properties"]["id"] not in set(frame["id"])
    assert len(frame) == len(data["features"]) - 1
    text = "\n".join(problems)
    assert "before the state above it" in text and "needs a non-empty 'sources'" in text


def test_current_state_is_the_latest_in_the_history(atlas):
    frame = atlas.families["hormuz"]
    for _, row in frame.iterrows():
        if row["kind"] != "event":
            assert (row["status"], row["confidence"]) == (
                row["history"][-1]["status"],
                row["history"][-1]["confidence"],
            )


def test_family_without_a_reviewed_date_is_refused_by_name(tmp_path: Path):
    shutil.copytree(GEODATA_DIR, tmp_path, dirs_exist_ok=True)
    data = json.loads((tmp_path / "gas_swap.geojson").read_text())
    del data["reviewed"]
    (tmp_path / "gas_swap.geojson").write_text(json.dumps(data))
    atlas = load_atlas(tmp_path)
    assert "gas_swap" not in atlas.families and "gas_swap" not in atlas.reviewed
    assert "no 'reviewed' date" in atlas.problems["gas_swap.geojson"][0]
    assert set(atlas.reviewed) == {"tripp", "buffer_zone", "hormuz"}


def test_upload_keeps_markup_as_text():
    frame = load_upload(collection([POINT]), "mine.geojson")
    assert frame["name"].iloc[0] == "<script>alert(1)</script>"  # stored as text; escaped at render


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"),
        (b"{nope", "not valid JSON"),
        (b'{"type": "Feature"}', "not a GeoJSON FeatureCollection"),
        (collection([]), "no features"),
        (
            collection(
                [
                    {
                        "type": "Feature",
                        "properties": {},
                        "geometry": {"type": "Point", "coordinates": [4_500_000, 4_800_000]},
                    }
                ]
            ),
            "looks projected",
        ),
        (
            collection([POINT], crs={"type": "name", "properties": {"name": "EPSG:999999"}}),
            "unknown coordinate reference system",
        ),
        (
            collection(
                [
                    {
                        "type": "Feature",
                        "properties": {},
                        "geometry": {"type": "Polygon", "coordinates": [[1, 2]]},
                    }
                ]
            ),
            "unreadable geometry",
        ),
    ],
)
def test_bad_uploads_are_named(raw: bytes, message: str):
    with pytest.raises(GeoJSONError, match=message) as err:
        load_upload(raw, "mine.geojson")
    assert str(err.value).startswith("mine.geojson")


def test_huge_upload_is_refused_before_parsing():
    with pytest.raises(GeoJSONError, match="over the 5 MB limit"):
        load_upload(b" " * (6 * 1024 * 1024), "huge.geojson")


def test_legacy_crs_is_reprojected_to_wgs84():
    x, y = 4_950_000.0, 4_870_000.0  # Web Mercator metres, around 44.5°E 40.0°N
    raw = collection(
        [
            {
                "type": "Feature",
                "properties": {"name": "Yerevan-ish"},
                "geometry": {"type": "Point", "coordinates": [x, y]},
            }
        ],
        crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}},
    )
    frame = load_upload(raw, "mercator.geojson")
    point = frame.geometry.iloc[0]
    assert point.x == pytest.approx(44.47, abs=0.01) and point.y == pytest.approx(40.0, abs=0.1)


def test_filename_is_sanitised_in_messages():
    with pytest.raises(GeoJSONError) as err:
        load_upload(b"{nope", "<img src=x onerror=alert(1)>.json")
    assert "<" not in str(err.value)
