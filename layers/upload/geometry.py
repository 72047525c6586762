"""Geometry of an upload: its CRS, reprojection to WGS84, coordinate checks and repair.

Everything here works on arrays of shapely geometries (one per feature) and returns, per
feature, either a clean geometry or the reason it is refused, so that one bad feature costs
that feature only.
"""

from __future__ import annotations

import numpy as np
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError, ProjError

from layers.upload.limits import Limits, UploadRefused, one_line, report

_WGS84_NAMES = {
    "EPSG:4326",
    "OGC:CRS84",
    "OGC:1.3:CRS84",
    "URN:OGC:DEF:CRS:OGC:1.3:CRS84",
    "URN:OGC:DEF:CRS:OGC::CRS84",
    "URN:OGC:DEF:CRS:EPSG::4326",
    "WGS84",
    "WGS 84",
}
EARTH_RADIUS_RANGE = (6.30e6, 6.45e6)  # semi-major axes of terrestrial ellipsoids, metres
TOLERANCE_DEG = 1e-6  # 180.0000001 is 180, not a projected coordinate
_POLYGONAL = ("Polygon", "MultiPolygon")
_LINEAR = ("LineString", "MultiLineString", "LinearRing")


def resolve_crs(value: str | None, name: str) -> CRS | None:
    """A usable terrestrial CRS for ``value``; None for WGS84 longitude/latitude (or none given)."""
    if value is None or str(value).strip().upper() in _WGS84_NAMES:
        return None
    text = str(value).strip()
    shown = one_line(text, 80)
    if len(text) > 20_000:
        raise UploadRefused(f"{name}: the coordinate reference system definition is over 20,000 characters")
    if text.startswith("+") or "proj=" in text.lower():
        raise UploadRefused(f'{name}: PROJ strings are not accepted as a CRS ("{shown}"); give an EPSG code')
    try:
        crs = CRS.from_user_input(text)
    except (CRSError, ProjError, ValueError, TypeError):
        raise UploadRefused(f'{name}: unknown coordinate reference system "{shown}"') from None
    return checked_crs(crs, name, shown)


def checked_crs(crs: CRS, name: str, shown: str | None = None) -> CRS | None:
    """``crs`` if it can be converted to WGS84 (on the Earth, horizontal); None if it is WGS84."""
    shown = shown or one_line(crs.name, 80)
    if crs.is_engineering:
        raise UploadRefused(
            f'{name}: "{shown}" is a local engineering CRS, which has no place on the Earth; '
            "export the file in WGS84 (EPSG:4326)"
        )
    if crs.is_vertical and not (crs.is_geographic or crs.is_projected or crs.is_compound):
        raise UploadRefused(f'{name}: "{shown}" is a vertical CRS; positions need a horizontal one')
    ellipsoid = crs.ellipsoid
    if ellipsoid is not None and not (
        EARTH_RADIUS_RANGE[0] <= ellipsoid.semi_major_metre <= EARTH_RADIUS_RANGE[1]
    ):
        raise UploadRefused(f'{name}: "{shown}" is not a CRS of the Earth ({one_line(ellipsoid.name, 40)})')
    try:
        if crs.equals(CRS.from_epsg(4326), ignore_axis_order=True):
            return None
        Transformer.from_crs(crs, 4326, always_xy=True)
    except (CRSError, ProjError):
        raise UploadRefused(f'{name}: "{shown}" cannot be converted to WGS84 longitude/latitude') from None
    return crs


def to_wgs84(geoms: np.ndarray, crs: CRS | None) -> np.ndarray:
    """Geometries in longitude/latitude, 2D; points outside the CRS's domain become inf
    (``coordinate_problems`` names them)."""
    geoms = shapely.force_2d(geoms)
    if crs is None:
        return geoms
    report("reprojecting to WGS84")
    transformer = Transformer.from_crs(crs, 4326, always_xy=True)

    def transform(xy: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            x, y = transformer.transform(xy[:, 0], xy[:, 1], errcheck=False)
        return np.column_stack([x, y])

    return shapely.transform(geoms, transform)


def coordinate_problems(geoms: np.ndarray, projected_input: bool) -> list[str | None]:
    """Per geometry: None, or why its coordinates cannot be drawn (NaN, out of range...)."""
    coords, index = shapely.get_coordinates(geoms, return_index=True)
    n = len(geoms)
    out: list[str | None] = [None] * n
    if not len(coords):
        return out
    x, y = coords[:, 0], coords[:, 1]
    bad_number = ~(np.isfinite(x) & np.isfinite(y))
    far = (np.abs(x) > 360) | (np.abs(y) > 180)
    out_lon = np.abs(x) > 180 + TOLERANCE_DEG
    out_lat = np.abs(y) > 90 + TOLERANCE_DEG
    for flags, make in (
        (bad_number, lambda i: _not_finite(coords[i], projected_input)),
        (far & ~bad_number, lambda i: _far(coords[i])),
        (out_lon & ~far & ~bad_number, lambda i: f"longitude {_num(coords[i][0])} is outside −180…180"),
        (out_lat & ~far & ~bad_number, lambda i: f"latitude {_num(coords[i][1])} is outside −90…90"),
    ):
        for pos in np.flatnonzero(flags):
            feature = int(index[pos])
            if out[feature] is None:
                out[feature] = make(pos)
    return out


def _num(value: float) -> str:
    return f"{value:,.7f}".rstrip("0").rstrip(".")


def _not_finite(xy: np.ndarray, projected_input: bool) -> str:
    if projected_input:
        return "a position lies outside the area its CRS can convert to longitude/latitude"
    return f"a coordinate is not a finite number ({xy[0]}, {xy[1]})"


def _far(xy: np.ndarray) -> str:
    return (
        f"coordinates reach ({xy[0]:,.0f}, {xy[1]:,.0f}), far outside longitude/latitude: the file "
        "looks projected; export it as WGS84 (EPSG:4326) or declare its CRS"
    )


def clamp(geoms: np.ndarray) -> np.ndarray:
    """Coordinates within ``TOLERANCE_DEG`` beyond ±180/±90 moved onto the limit."""

    def inside(xy: np.ndarray) -> np.ndarray:
        return np.column_stack([np.clip(xy[:, 0], -180, 180), np.clip(xy[:, 1], -90, 90)])

    return shapely.transform(geoms, inside)


def repair(geom: shapely.Geometry, label: str) -> tuple[shapely.Geometry | None, str | None]:
    """A valid version of an invalid geometry, or why there is none. Polygons are rebuilt with
    GEOS's 'structure' method (fast and area-preserving, unlike the default linework method,
    which takes minutes on a small self-intersecting star); lines cannot be repaired."""
    report(f"repairing {label}")
    kind = geom.geom_type
    if kind in _LINEAR:
        return None, "a line needs at least two distinct positions"
    if kind in _POLYGONAL:
        fixed = shapely.make_valid(geom, method="structure", keep_collapsed=False)
        if fixed.is_empty:
            return None, "the polygon has no area (it collapses when repaired)"
        return _polygonal(fixed), None
    if kind == "GeometryCollection":
        parts = []
        for i, part in enumerate(shapely.get_parts(geom)):
            if part.is_valid:
                parts.append(part)
                continue
            fixed, problem = repair(part, label)
            if problem:
                return None, f"part {i + 1} of the collection: {problem}"
            parts.append(fixed)
        return shapely.GeometryCollection(parts), None
    return None, f"invalid {kind} geometry"


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Only the polygons of a repair's result (it may add stray lines or points)."""
    if geom.geom_type in _POLYGONAL:
        return geom
    polygons = [p for p in shapely.get_parts(geom) if p.geom_type in _POLYGONAL]
    flat = [q for p in polygons for q in shapely.get_parts(p)]
    return flat[0] if len(flat) == 1 else shapely.MultiPolygon(flat)


def check_vertices(total: int, name: str, limits: Limits, after_repair: bool = False) -> None:
    """Refuse a file with more vertices than the browser should draw."""
    if total > limits.max_vertices:
        what = "after repairing self-intersecting polygons, the file has" if after_repair else "the file has"
        raise UploadRefused(f"{name}: {what} {total:,} vertices, over the limit of {limits.max_vertices:,}")
