"""The wide context layer: coarse countries from Natural Earth 1:50m for locator insets.

An inset shows three times the region view or more (Iberia to Indochina, the Horn of Africa to
the Arctic coast), where 1:50m simplified to a few kilometres is plenty and stays tiny.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import box

from scripts.refgeo.common import CONTEXT_EXTENT, BBox, polygonal, round_coords
from scripts.refgeo.countries import DISPLAY_NAMES
from scripts.refgeo.sources import natural_earth_credit, read_natural_earth

SCALE = "50m"
TOLERANCE_DEG = 0.15  # VW: about the side of the largest triangle removed
MIN_PART_DEG2 = 0.02  # islands smaller than ~200 km² vanish at inset scale
CONTEXT_DECIMALS = 2  # about 1 km


def build_context(extent: BBox = CONTEXT_EXTENT) -> gpd.GeoDataFrame:
    """Coarse countries clipped to ``extent`` (columns iso_n3, name, source), a valid coverage."""
    countries = read_natural_earth(SCALE)
    countries = countries[countries.intersects(box(*extent))].copy()
    geoms = np.array([polygonal(g) for g in shapely.intersection(countries.geometry.values, box(*extent))])
    geoms = np.array(
        [shapely.MultiPolygon([p for p in shapely.get_parts(g) if p.area >= MIN_PART_DEG2]) for g in geoms]
    )
    keep = ~shapely.is_empty(geoms)
    geoms, countries = geoms[keep], countries[keep]
    geoms = shapely.coverage_clean(round_coords(geoms, CONTEXT_DECIMALS))
    geoms = shapely.coverage_simplify(geoms, TOLERANCE_DEG, simplify_boundary=True)
    geoms = np.asarray(round_coords(geoms, CONTEXT_DECIMALS))
    keep = ~shapely.is_empty(geoms)
    if not shapely.coverage_is_valid(geoms[keep]) or not shapely.is_valid(geoms[keep]).all():
        raise AssertionError("the context countries are not a valid coverage")
    frame = gpd.GeoDataFrame(
        {
            "iso_n3": list(countries["id"]),
            "name": [DISPLAY_NAMES.get(n, n) for n in countries["name"]],
            "source": f"{natural_earth_credit(SCALE)}, simplified for locator insets",
        },
        geometry=geoms,
        crs=4326,
    )
    return frame[keep].sort_values("name").reset_index(drop=True)
