"""Geodesic figures computed from geometry (WGS84 ellipsoid), never typed in."""

from __future__ import annotations

from pyproj import Geod
from shapely.geometry.base import BaseGeometry

GEOD = Geod(ellps="WGS84")
METRES_PER_NMI = 1852.0


def length_km(geom: BaseGeometry) -> float:
    """Geodesic length of a (multi)line, or perimeter of a polygon, in kilometres."""
    return GEOD.geometry_length(geom) / 1000.0


def area_km2(geom: BaseGeometry) -> float:
    """Geodesic area of a (multi)polygon in square kilometres (orientation-independent)."""
    area, _ = GEOD.geometry_area_perimeter(geom)
    return abs(area) / 1e6


def distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Geodesic distance between two lon/lat points in kilometres."""
    _, _, metres = GEOD.inv(lon1, lat1, lon2, lat2)
    return metres / 1000.0


def km_to_nmi(km: float) -> float:
    """Kilometres to international nautical miles."""
    return km * 1000.0 / METRES_PER_NMI


def format_km(km: float) -> str:
    """A length as people read it: '42.1 km' or '1,768 km'."""
    return f"{km:,.1f} km" if km < 100 else f"{km:,.0f} km"


def format_km2(km2: float) -> str:
    """An area as people read it: '8,912 km²'."""
    return f"{km2:,.0f} km²"


def format_km2_rounded(km2: float, digits: int = 2) -> str:
    """An area resting on an assumption, to ``digits`` significant figures: 'about 11,000 km²'."""
    import math

    if km2 <= 0:
        return "0 km²"
    step = 10 ** max(0, math.floor(math.log10(km2)) - digits + 1)
    return f"about {round(km2 / step) * step:,.0f} km²"


# Web Mercator at zoom 0: metres per CSS pixel at the equator (256-px tiles, WGS84 radius).
_MERCATOR_MPP_Z0 = 2 * 6378137.0 * 3.141592653589793 / 256


def equivalent_zoom(metres_per_px: float, lat_deg: float) -> float:
    """The web-map zoom whose scale at ``lat_deg`` is ``metres_per_px`` per CSS pixel.

    One rule for both renderers: a print map whose ground resolution (metres per 1/96 inch)
    equals a web map's at zoom z shows what that web map shows at zoom z.
    """
    import math

    return math.log2(_MERCATOR_MPP_Z0 * math.cos(math.radians(lat_deg)) / metres_per_px)
