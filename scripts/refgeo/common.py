"""What every reference layer shares: the extents, polygon clean-up and the compact GeoJSON writer."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

ROOT = Path(__file__).resolve().parents[2]
GEODATA = ROOT / "geodata"

BBox = tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max (WGS84)

# The detailed layers cover every preset view (render/views.py), the app's pannable area and a
# margin: the Balkans to the Pamirs, the Red Sea and Yemen to the lower Volga.
DETAIL_EXTENT: BBox = (22.0, 15.0, 70.0, 50.0)
# Coarse context for locator insets showing three times the region view or more.
CONTEXT_EXTENT: BBox = (-20.0, -5.0, 100.0, 65.0)
# Inputs are read this far beyond an extent so that nothing computed near its edge is cut short.
READ_MARGIN_DEG = 1.0

COORD_DECIMALS = 4  # about 11 m; every shipped coordinate is rounded to this


def with_margin(bbox: BBox, margin: float = READ_MARGIN_DEG) -> BBox:
    """``bbox`` grown by ``margin`` degrees on every side."""
    return (bbox[0] - margin, bbox[1] - margin, bbox[2] + margin, bbox[3] + margin)


def polygonal(geom: BaseGeometry | None) -> shapely.MultiPolygon:
    """Only the polygon parts of an overlay result (drops stray lines and points), as a MultiPolygon."""
    if geom is None or geom.is_empty:
        return shapely.MultiPolygon()
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    polys = [q for p in parts for q in shapely.get_parts(p) if not q.is_empty]
    return shapely.MultiPolygon(polys)


def single_or_multi(geom: BaseGeometry) -> BaseGeometry:
    """A MultiPolygon or MultiLineString of one part, unwrapped (smaller, simpler GeoJSON)."""
    parts = shapely.get_parts(geom)
    return parts[0] if len(parts) == 1 else geom


def _rounded(value: Any, decimals: int) -> Any:
    if isinstance(value, float):
        return round(value, decimals)
    if isinstance(value, list | tuple):
        return [_rounded(v, decimals) for v in value]
    return value


def _plain(value: Any) -> Any:
    """Missing values (pandas gives NaN) as JSON null, numpy scalars as Python ones."""
    if isinstance(value, float | np.floating) and not np.isfinite(value):
        return None
    return value.item() if isinstance(value, np.generic) else value


def feature(geom: BaseGeometry, properties: Mapping[str, Any], decimals: int = COORD_DECIMALS) -> dict:
    """A GeoJSON Feature with coordinates rounded to ``decimals`` places."""
    mapping = shapely.geometry.mapping(geom)
    return {
        "type": "Feature",
        "properties": {k: _plain(v) for k, v in properties.items()},
        "geometry": {"type": mapping["type"], "coordinates": _rounded(mapping["coordinates"], decimals)},
    }


def write_collection(
    path: Path,
    features: Iterable[dict],
    extent: BBox,
    description: str,
) -> int:
    """Write a compact FeatureCollection; returns its size in bytes.

    ``bbox`` is the extent within which the layer is complete (RFC 7946 allows the member; the
    tests read it), ``description`` a foreign member saying what the file is and where it comes
    from.
    """
    collection = {
        "type": "FeatureCollection",
        "description": description,
        "bbox": [float(v) for v in extent],
        "features": list(features),
    }
    text = json.dumps(collection, separators=(",", ":"), ensure_ascii=False, allow_nan=False) + "\n"
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def round_coords(geoms: np.ndarray, decimals: int = COORD_DECIMALS) -> np.ndarray:
    """Snap polygons to the output grid so that what is checked is exactly what is written."""
    return shapely.set_precision(geoms, 10.0**-decimals)
