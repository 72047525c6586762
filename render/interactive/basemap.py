"""A light first draw of the offline basemap.

The basemap (GSHHG coast, Natural Earth borders; ``geodata/basemap_countries.geojson``) is
about 1.1 MB with ~62,000 vertices: fetching, parsing and drawing it was most of the map's
start. The preview is the same countries simplified to ``PREVIEW_TOLERANCE_DEG`` (about 2 km,
under a pixel at the opening zoom, ~2.8 km/px at 5.5) without islands under
``PREVIEW_MIN_AREA_DEG2``: about 9,400 vertices, 166 KB. The browser draws it first, then
fetches the full basemap when idle and swaps it in (static/corridors/corridors.js
``basemap``), so every zoom still ends on the full coast.

The file is content-addressed (``render.interactive.files``), written once per basemap.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from shapely.geometry import MultiPolygon, Polygon, mapping, shape

from render.assets import BASEMAP_FILE, STATIC_DIR, asset_url
from render.interactive.files import write_file

PREVIEW_DIR = STATIC_DIR / "data" / "basemap"
PREVIEW_TOLERANCE_DEG = 0.02
PREVIEW_MIN_AREA_DEG2 = 0.0005  # ~5 km²: keeps Abu Musa, the Tunbs and Larak
PREVIEW_DECIMALS = 3  # ~100 m


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, PREVIEW_DECIMALS)
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value


def preview_geometry(geometry: dict[str, Any]) -> dict[str, Any] | None:
    """A (multi)polygon simplified for the preview; None for anything else or an empty result."""
    geom = shape(geometry)
    if not isinstance(geom, Polygon | MultiPolygon) or geom.is_empty:
        return None
    parts = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]
    kept = [p for p in parts if p.area >= PREVIEW_MIN_AREA_DEG2] or [max(parts, key=lambda p: p.area)]
    simple = MultiPolygon(kept).simplify(PREVIEW_TOLERANCE_DEG, preserve_topology=True)
    if simple.is_empty:
        return None
    out = mapping(simple)
    return {"type": out["type"], "coordinates": _rounded(out["coordinates"])}


def preview_collection(collection: dict[str, Any]) -> dict[str, Any]:
    """The basemap's features, each with its properties and a simplified geometry."""
    features = []
    for feature in collection.get("features", []):
        geometry = preview_geometry(feature["geometry"]) if feature.get("geometry") else None
        if geometry is not None:
            features.append(
                {"type": "Feature", "properties": feature.get("properties") or {}, "geometry": geometry}
            )
    return {"type": "FeatureCollection", "features": features}


def write_preview(
    source: Path = STATIC_DIR / "data" / BASEMAP_FILE, folder: Path = PREVIEW_DIR
) -> str | None:
    """Write the preview of ``source`` (if new); its name, or None when it cannot be made (the
    map then draws the full basemap only)."""
    try:
        collection = json.loads(source.read_text(encoding="utf-8"))
        body = json.dumps(preview_collection(collection), ensure_ascii=False, separators=(",", ":")).encode()
        return write_file(body, "preview", "geojson", folder)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def preview_url(name: str) -> str:
    """URL the app serves a preview file at."""
    return asset_url(f"data/basemap/{name}")
