"""The shipped reference geography: coverage, size, Hormuz width, a true coverage, named features.

Reads the folder ``$CORRIDORS_GEODATA`` points to (default: geodata/), so a broken copy can be
checked to make each test fail.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import Point, box

from layers.derive import HORMUZ_STRAIT_BOX, narrowest_crossing, shared_border, transform, utm_crs
from layers.loading import REFERENCE_LAYERS, geodata_dir, load_reference, reference_path
from layers.measure import METRES_PER_NMI, length_km
from render.views import REGION_BBOX, VIEWS

MAX_TOTAL_BYTES = 2 * 1024 * 1024
HORMUZ_PUBLISHED_KM = 21 * METRES_PER_NMI / 1000  # EIA: 21 nautical miles at the narrowest
INSET_FACTOR = 3.0
# The detailed layer must reach at least this far (the app's pannable area plus a margin).
DETAIL_MINIMUM = (22.0, 15.0, 70.0, 50.0)
LAYERS = ("countries", *REFERENCE_LAYERS)


@pytest.fixture(scope="module")
def countries():
    return load_reference("countries", geodata_dir())


@pytest.fixture(scope="module")
def country(countries):
    return dict(zip(countries["name"], countries.geometry, strict=True))


def declared_extent(layer: str) -> tuple[float, ...]:
    return tuple(json.loads(reference_path(layer, geodata_dir()).read_text(encoding="utf-8"))["bbox"])


def contains(outer, inner) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and outer[2] >= inner[2] and outer[3] >= inner[3]


def inset_bbox(bbox, factor: float):
    cx, cy = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    hw, hh = (bbox[2] - bbox[0]) * factor / 2, (bbox[3] - bbox[1]) * factor / 2
    return (cx - hw, cy - hh, cx + hw, cy + hh)


def metres(geom, crs):
    return transform(Transformer.from_crs(4326, crs, always_xy=True).transform, geom)


def test_detailed_countries_cover_every_preset_view(countries):
    extent = declared_extent("countries")
    # The data really reaches the declared extent: land touches each of its edges.
    assert np.allclose(countries.total_bounds, extent, atol=0.01)
    assert contains(extent, DETAIL_MINIMUM)
    for view in VIEWS.values():
        assert contains(extent, view.bbox), f"view {view.id} leaves the detailed countries layer"


def test_context_covers_an_inset_three_times_the_region_view():
    context = load_reference("context", geodata_dir())
    inset = inset_bbox(REGION_BBOX, INSET_FACTOR)
    assert contains(declared_extent("context"), inset)
    assert contains(context.total_bounds + np.array([-0.5, -0.5, 0.5, 0.5]), inset)


@pytest.mark.parametrize("layer", REFERENCE_LAYERS)
def test_reference_layers_declare_the_detailed_extent_or_more(layer):
    assert contains(declared_extent(layer), DETAIL_MINIMUM)


def test_reference_geography_fits_the_size_budget():
    total = sum(reference_path(layer, geodata_dir()).stat().st_size for layer in LAYERS)
    assert total <= MAX_TOTAL_BYTES, f"reference geography is {total:,} bytes"


def test_no_straight_fake_coast_inside_the_extent(countries):
    # Only the frame of the area the map must show may be straight: that is where the map ends.
    frame = box(*DETAIL_MINIMUM)
    coast = shapely.union_all(countries.geometry.values).boundary.intersection(frame)
    coast = coast.difference(frame.boundary.buffer(1e-6))
    steps = [np.diff(shapely.get_coordinates(line), axis=0) for line in shapely.get_parts(coast)]
    longest_deg = max(np.hypot(s[:, 0], s[:, 1]).max() for s in steps if len(s))
    # The longest real one is the Suez Canal's bank (0.41°); a clip line would run for degrees.
    assert longest_deg < 0.5, f"a coast segment of {longest_deg:.2f}° looks like a clip line"


def test_hormuz_narrowest_width_is_the_published_21_nmi(country):
    line = narrowest_crossing(country["Iran"], country["Oman"], HORMUZ_STRAIT_BOX)
    assert length_km(line) == pytest.approx(HORMUZ_PUBLISHED_KM, rel=0.10)


def test_hormuz_islands_belong_to_the_country_that_administers_them(country):
    islands = {
        "Larak": ((56.355, 26.855), "Iran"),
        "Abu Musa": ((55.035, 25.875), "Iran"),
        "Greater Tunb": ((55.303, 26.262), "Iran"),
        "Great Quoin": ((56.510, 26.500), "Oman"),
    }
    for name, (xy, owner) in islands.items():
        assert country[owner].distance(Point(xy)) < 0.01, f"{name} is not {owner}'s in the basemap"


def test_countries_are_a_valid_coverage(countries, country):
    geoms = countries.geometry.values
    assert shapely.is_valid(geoms).all()
    assert shapely.coverage_is_valid(geoms)
    tree = shapely.STRtree(geoms)
    for i, j in tree.query(geoms, predicate="intersects").T:
        if i < j:
            assert shapely.intersection(geoms[i], geoms[j]).area < 1e-8, "two countries overlap"
    for a, b, km in (("Türkiye", "Iran", 400), ("Armenia", "Iran", 30), ("Armenia", "Azerbaijan", 500)):
        assert length_km(shared_border(country[a], country[b])) > km, f"{a}–{b} border missing or short"


@pytest.mark.parametrize("name", ["Lake Van", "Lake Urmia", "Lake Sevan"])
def test_the_big_lakes_are_polygons(name):
    lakes = load_reference("lakes", geodata_dir())
    rows = lakes[lakes["name"] == name]
    assert len(rows) == 1
    geom = rows.geometry.iloc[0]
    assert geom.geom_type in ("Polygon", "MultiPolygon") and geom.area > 0.05  # > ~500 km²


def test_the_aras_runs_along_the_armenia_iran_border(country):
    rivers = load_reference("rivers", geodata_dir())
    aras = rivers[rivers["other_names"].map(lambda names: "Araks" in names)].geometry.iloc[0]
    border = shared_border(country["Armenia"], country["Iran"])
    crs = utm_crs(border)
    aras_m, border_m = metres(aras, crs), metres(border, crs)
    checkpoints = shapely.get_coordinates(shapely.segmentize(border_m, 250.0))
    farthest = max(Point(xy).distance(aras_m) for xy in checkpoints)
    assert farthest < 1_000, f"the Aras strays {farthest:,.0f} m from the Armenia–Iran border"


def test_rivers_have_names_ranks_and_sources():
    rivers = load_reference("rivers", geodata_dir())
    for name in ("Kura", "Tigris", "Euphrates"):
        assert name in set(rivers["name"])
    assert rivers["rank"].between(1, 5).all()
    assert rivers.geom_type.isin(["LineString", "MultiLineString"]).all()


CAPITALS = {
    "AM": "Yerevan", "AZ": "Baku", "GE": "Tbilisi", "IR": "Tehran", "TR": "Ankara", "IQ": "Baghdad",
    "OM": "Muscat", "AE": "Abu Dhabi", "QA": "Doha", "SA": "Riyadh", "KW": "Kuwait City",
    "BH": "Manama", "TM": "Ashgabat",
}  # fmt: skip


def test_capitals_of_the_region_are_flagged():
    places = load_reference("places", geodata_dir())
    capitals = places[places["capital"].astype(bool)]
    found = dict(zip(capitals["country"], capitals["name"], strict=True))
    for code, name in CAPITALS.items():
        assert found.get(code) == name, f"capital of {code} ({name}) missing"
    assert (capitals["rank"] == 1).all()
    assert 150 <= len(places) <= 300


def test_every_label_has_a_source_url():
    labels = load_reference("labels", geodata_dir())
    assert {"Persian Gulf", "Caspian Sea", "Black Sea", "Nakhchivan Autonomous Republic"} <= set(
        labels["name"]
    )
    for _, row in labels.iterrows():
        assert str(row["source_url"]).startswith("https://"), f"{row['name']} has no source URL"
        assert row["class"] and row["rank"] >= 1


def test_reference_files_are_compact_and_rounded():
    for layer in LAYERS:
        text = reference_path(layer, geodata_dir()).read_text(encoding="utf-8")
        data = json.loads(text)
        compact = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        assert len(text.strip()) == len(compact), f"{layer} is not compact JSON"
        coords = [c for f in data["features"] for c in _numbers(f["geometry"]["coordinates"])]
        assert all(round(c, 4) == c for c in coords), f"{layer} has unrounded coordinates"


def _numbers(value):
    if isinstance(value, list):
        for v in value:
            yield from _numbers(v)
    else:
        yield value
