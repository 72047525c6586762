"""GeoJSON (RFC 7946, and the 2008 ``crs`` member) read with the standard library, checked
structurally before any geometry is built.

Nesting is measured on the raw text before parsing (a deeply nested file would otherwise
exhaust the parser's recursion), integers too long for Python's int are kept as text, the
number of features and distinct property names is checked before per-feature work, and each
geometry's coordinates are checked to be positions of numbers (not text, null or booleans)
with as many as their type needs. A feature that fails is refused by name.
"""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np
import shapely.errors
import shapely.geometry

from layers.upload.detect import refuse_format
from layers.upload.geometry import resolve_crs
from layers.upload.limits import Limits, UploadRefused, one_line, report
from layers.upload.normalize import Candidate, check_property_names

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_LEVELS = {
    "Point": 0,
    "MultiPoint": 1,
    "LineString": 1,
    "MultiLineString": 2,
    "Polygon": 2,
    "MultiPolygon": 3,
}
_GEOMETRY_TYPES = {*_LEVELS, "GeometryCollection"}
MAX_INT_DIGITS = 40  # longer integers stay text (Python refuses to parse over 4,300 digits)


class LongNumber(str):
    """An integer literal too long to be a coordinate, kept as its digits."""


class _Bad(Exception):
    """A feature's geometry that cannot be used; the message says why."""


def nesting_depth(text: str) -> int:
    """Deepest nesting of arrays and objects, outside strings (vectorised: no recursion)."""
    stripped = _STRING.sub('""', text).encode("utf-8", "ignore")
    codes = np.frombuffer(stripped, dtype=np.uint8)
    step = np.isin(codes, (ord("["), ord("{"))).astype(np.int32) - np.isin(codes, (ord("]"), ord("}")))
    return int(np.cumsum(step).max(initial=0))


def _int(digits: str) -> int | LongNumber:
    return int(digits) if len(digits.lstrip("-")) <= MAX_INT_DIGITS else LongNumber(digits)


def parse(text: str, name: str, limits: Limits) -> Any:
    """JSON text → Python objects, after the nesting check."""
    report("checking JSON nesting")
    depth = nesting_depth(text)
    if depth > limits.max_depth:
        raise UploadRefused(
            f"{name}: JSON nested {depth:,} levels deep, over the limit of {limits.max_depth}"
        )
    report("parsing JSON")
    try:
        return json.loads(text, parse_int=_int)
    except json.JSONDecodeError as exc:
        raise UploadRefused(
            f"{name}: not valid JSON (line {exc.lineno:,}, column {exc.colno:,}: {exc.msg})"
        ) from None
    except RecursionError:  # only if the nesting measure missed something
        raise UploadRefused(f"{name}: JSON nested too deeply (limit {limits.max_depth})") from None


def _features(data: Any, name: str) -> list[Any]:
    if not isinstance(data, dict):
        raise refuse_format(name, "JSON that is not a GeoJSON object")
    kind = data.get("type")
    if kind == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list):
            raise UploadRefused(f'{name}: the FeatureCollection\'s "features" must be a list')
        return features
    if kind == "Feature":
        return [data]
    if kind in _GEOMETRY_TYPES:
        return [{"type": "Feature", "properties": {}, "geometry": data}]
    if kind == "Topology":
        raise refuse_format(name, "TopoJSON")
    if "geometryType" in data or "spatialReference" in data:
        raise refuse_format(name, "Esri JSON")
    raise refuse_format(name, 'JSON without a GeoJSON "type"')


def _legacy_crs(data: Any, name: str) -> str | None:
    member = data.get("crs") if isinstance(data, dict) else None
    if member is None:
        return None
    props = member.get("properties") if isinstance(member, dict) else None
    kind = member.get("type") if isinstance(member, dict) else None
    if kind == "name" and isinstance(props, dict) and isinstance(props.get("name"), str):
        return props["name"]
    if kind == "EPSG" and isinstance(props, dict) and isinstance(props.get("code"), int):
        return f"EPSG:{props['code']}"
    if kind == "link":
        raise UploadRefused(f'{name}: a "crs" given as a link is not accepted; name an EPSG code')
    raise UploadRefused(f'{name}: the "crs" member is malformed')


def _count_names(features: list[Any], name: str, limits: Limits) -> None:
    names: set[str] = set()
    for feature in features:
        props = feature.get("properties") if isinstance(feature, dict) else None
        if isinstance(props, dict):
            names.update(props)
            if len(names) > limits.max_property_names:
                break
    check_property_names(len(names), name, limits)


def _number(value: Any) -> None:
    if isinstance(value, LongNumber):
        raise _Bad(f"a coordinate is a {len(value.lstrip('-')):,}-digit number")
    if isinstance(value, bool) or not isinstance(value, int | float):
        if isinstance(value, str):
            raise _Bad(f'a coordinate is text ("{one_line(value, 20)}"), not a number')
        what = "null" if value is None else type(value).__name__
        raise _Bad(f"a coordinate is {what}, not a number")


def _plain_position(value: Any) -> bool:
    """Whether a position is 2 or 3 plain numbers (not bools, text or over-long numbers: those
    go through ``_number`` for their message)."""
    return (
        type(value) is list
        and 2 <= len(value) <= 3
        and all(type(v) is float or type(v) is int for v in value)
    )


def _positions(coords: Any, level: int, kind: str) -> int:
    """Check a coordinates array of the given nesting level; the number of positions."""
    if not isinstance(coords, list):
        raise _Bad(f"the {kind}'s coordinates are not an array")
    if level == 0:
        if not 2 <= len(coords) <= 3:
            raise _Bad(f"a position has {len(coords)} numbers; it needs 2 (longitude, latitude) or 3")
        for value in coords:
            _number(value)
        return 1
    if not coords:
        raise _Bad(f"the {kind} has no positions")
    if level == 1 and all(_plain_position(c) for c in coords):
        count = len(coords)  # the common case, checked without a call per number
    else:
        count = sum(_positions(c, level - 1, kind) for c in coords)
    line = kind == "LineString" or (kind == "MultiLineString" and level == 1)
    if line and len(coords) < 2:
        raise _Bad("a line needs at least two positions")
    ring = kind in ("Polygon", "MultiPolygon") and level == 1
    if ring and len(coords) < 4:
        raise _Bad(f"a polygon ring has {len(coords)} positions; a closed ring needs at least 4")
    return count


def check_geometry(geometry: Any, depth: int = 0) -> int:
    """Positions in a GeoJSON geometry object, or ``_Bad`` saying what is wrong with it."""
    if not isinstance(geometry, dict):
        raise _Bad("the geometry is not an object")
    kind = geometry.get("type")
    if kind == "GeometryCollection":
        parts = geometry.get("geometries")
        if not isinstance(parts, list) or not parts:
            raise _Bad("the GeometryCollection has no geometries")
        if depth >= 2:
            raise _Bad("GeometryCollections are nested more than two deep")
        return sum(check_geometry(p, depth + 1) for p in parts)
    if kind not in _LEVELS:
        raise _Bad(f'unknown geometry type "{one_line(str(kind), 40)}"')
    return _positions(geometry.get("coordinates"), _LEVELS[kind], kind)


def read_geojson(text: str, name: str, limits: Limits) -> list[Candidate]:
    """Every feature of a GeoJSON text, each with its geometry or the reason it has none."""
    data = parse(text, name, limits)
    features = _features(data, name)
    if not features:
        raise UploadRefused(f"{name}: the FeatureCollection has no features")
    if len(features) > limits.max_features:
        raise UploadRefused(f"{name}: {len(features):,} features, over the limit of {limits.max_features:,}")
    crs = resolve_crs(_legacy_crs(data, name), name)
    _count_names(features, name, limits)
    report("checking coordinates")
    out: list[Candidate] = []
    total = 0
    for i, feature in enumerate(features):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            out.append(Candidate(i, {}, problem="is not a GeoJSON Feature"))
            continue
        props = feature.get("properties")
        if props is None:
            props = {}
        if not isinstance(props, dict):
            out.append(Candidate(i, {}, problem='"properties" is not an object'))
            continue
        if "id" in feature and "id" not in props and isinstance(feature["id"], str | int):
            props = {"id": feature["id"], **props}
        geometry = feature.get("geometry")
        if geometry is None:
            out.append(Candidate(i, props, problem="has no geometry"))
            continue
        try:
            total += check_geometry(geometry)
        except _Bad as exc:
            out.append(Candidate(i, props, problem=str(exc)))
            continue
        if total > limits.max_vertices:
            raise UploadRefused(
                f"{name}: the file has more vertices than the limit of {limits.max_vertices:,}"
            )
        try:
            with np.errstate(invalid="ignore"):  # NaN is refused by feature in normalize
                shape = shapely.geometry.shape(geometry)
        except (ValueError, TypeError, shapely.errors.GEOSException) as exc:
            out.append(
                Candidate(i, props, problem=f"the geometry cannot be built ({one_line(str(exc), 80)})")
            )
            continue
        out.append(Candidate(i, props, geometry=shape, crs=crs))
    return out
