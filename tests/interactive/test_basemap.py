"""The basemap's light first draw: the same countries, far fewer vertices, within a pixel."""

from __future__ import annotations

import json

import pytest
import shapely
from shapely.geometry import shape

from render.assets import BASEMAP_FILE, ROOT
from render.interactive.basemap import (
    PREVIEW_MIN_AREA_DEG2,
    PREVIEW_TOLERANCE_DEG,
    preview_collection,
    write_preview,
)

SOURCE = ROOT / "geodata" / BASEMAP_FILE


@pytest.fixture(scope="module")
def pair() -> tuple[dict, dict]:
    full = json.loads(SOURCE.read_text(encoding="utf-8"))
    return full, preview_collection(full)


def test_every_country_keeps_its_properties(pair):
    full, preview = pair
    assert [f["properties"] for f in preview["features"]] == [f["properties"] for f in full["features"]]


def test_a_fraction_of_the_vertices_within_the_tolerance(pair):
    full, preview = pair
    count = lambda c: sum(shapely.get_num_coordinates(shape(f["geometry"])) for f in c["features"])  # noqa: E731
    assert count(preview) < count(full) / 3, (count(preview), count(full))
    for a, b in zip(full["features"], preview["features"], strict=True):
        whole, light = shape(a["geometry"]), shape(b["geometry"])
        big = shapely.MultiPolygon(
            [p for p in getattr(whole, "geoms", [whole]) if p.area >= PREVIEW_MIN_AREA_DEG2]
        )
        # every kept part's outline lies within twice the tolerance of the original (a small
        # island may become a triangle): under 2 px at the opening zoom (~2.8 km/px)
        assert light.hausdorff_distance(big) <= 2 * PREVIEW_TOLERANCE_DEG, a["properties"]["name"]


@pytest.mark.parametrize(
    "island", [(55.03, 25.875), (55.31, 26.27), (56.35, 26.85)]
)  # Abu Musa, Greater Tunb, Larak
def test_the_gulf_islands_of_the_story_are_kept(pair, island):
    _, preview = pair
    point = shapely.Point(island).buffer(0.03)
    assert any(shape(f["geometry"]).intersects(point) for f in preview["features"])


def test_written_once_content_addressed_and_refused_quietly_when_unreadable(tmp_path):
    a = write_preview(SOURCE, tmp_path)
    assert a is not None and a == write_preview(SOURCE, tmp_path)
    assert len(list(tmp_path.iterdir())) == 1
    broken = tmp_path / "broken.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    assert write_preview(broken, tmp_path / "out") is None
    assert write_preview(tmp_path / "missing.geojson", tmp_path / "out") is None
