"""The reference map in the browser: lakes, rivers, the wide context (for the locator map) and the
names of ``layers.reference``, served as one static file the browser fetches once and caches.

Label typography is generated here from ``layers.reference.LABEL_CLASSES`` (the print
renderer sets its text from the same classes).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import shapely
from pyproj import Transformer
from shapely.geometry import LineString

from layers.loading import Atlas
from layers.reference import (
    ALIAS_MIN_ZOOM,
    LABEL_CLASSES,
    LAKE_EDGE,
    PLACE_SYMBOL,
    RIVER_COLOUR,
    RIVER_WIDTH_PX,
    place_core,
    reference_labels,
)
from layers.styles import BASEMAP
from render.assets import STATIC_DIR, asset_url
from render.interactive.files import write_json

REFERENCE_DIR = STATIC_DIR / "data" / "reference"
COORD_DECIMALS = 4
_TO_MERCATOR = Transformer.from_crs(4326, 3857, always_xy=True)


def _rounded(geom: Any) -> dict[str, Any]:
    return shapely.set_precision(geom, 10**-COORD_DECIMALS).__geo_interface__


def _collection(frame: Any, keep: tuple[str, ...]) -> dict[str, Any]:
    features = []
    if frame is not None:
        for row, geom in zip(frame.drop(columns="geometry").to_dict("records"), frame.geometry, strict=True):
            if geom is None or geom.is_empty:
                continue
            props = {k: row[k] for k in keep if k in row}
            features.append({"type": "Feature", "properties": props, "geometry": _rounded(geom)})
    return {"type": "FeatureCollection", "features": features}


def _screen_rotation(line: LineString) -> float:
    """Clockwise degrees (CSS) for text along a river at its middle, on a Web Mercator map."""
    a = line.interpolate(0.46, normalized=True)
    b = line.interpolate(0.54, normalized=True)
    (ax, bx), (ay, by) = _TO_MERCATOR.transform([a.x, b.x], [a.y, b.y])
    angle = -math.degrees(math.atan2(by - ay, bx - ax))  # screen y grows downwards
    return (angle + 90) % 180 - 90


def browser_labels(atlas: Atlas) -> list[dict[str, Any]]:
    """Every reference name with its class, anchor, rotation, symbol and other name (shown as a
    second line from ``aliasMinZoom``, as in print)."""
    out = []
    for label in reference_labels(atlas):
        rotation = -label.rotation
        if label.cls == "river" and isinstance(label.shape, LineString):
            rotation = _screen_rotation(label.shape)
        out.append(
            {
                "text": label.display,
                "place": place_core(label.display),  # one label per place (declutter)
                "alias": label.alias,
                "cls": label.cls,
                "lat": round(label.anchor.y, 4),
                "lon": round(label.anchor.x, 4),
                "rotation": round(rotation, 1),
                "symbol": label.symbol,
                "priority": label.priority,
                "minZoom": label.style.min_zoom,
                **({"area": _outline(label.shape)} if label.cls == "country" and label.shape else {}),
            }
        )
    return out


# A country's outline as the browser needs it to put the name inside the part of the country a
# zoomed-in map shows (reference.js): its main parts' outer rings, simplified by ~3 km (2 decimals).
AREA_TOLERANCE_DEG = 0.03
AREA_MIN_PART_DEG2 = 0.05  # parts smaller than ~25 x 25 km keep no outline (too small for the name)
AREA_DECIMALS = 2


def _outline(shape: Any) -> list[list[list[float]]]:
    """Outer rings (lon, lat) of a country's parts big enough to hold its name."""
    rings = []
    for part in getattr(shape, "geoms", [shape]):
        if part.geom_type != "Polygon" or part.area < AREA_MIN_PART_DEG2:
            continue
        ring = part.exterior.simplify(AREA_TOLERANCE_DEG)
        rings.append([[round(x, AREA_DECIMALS), round(y, AREA_DECIMALS)] for x, y in ring.coords])
    return rings


def reference_payload(atlas: Atlas) -> dict[str, Any]:
    """What the browser draws of the reference map."""
    return {
        "labels": browser_labels(atlas),
        "lakes": _collection(atlas.reference.get("lakes"), ("name",)),
        "rivers": _collection(atlas.reference.get("rivers"), ("name", "rank")),
        "context": _collection(atlas.reference.get("context"), ("name",)),
        "style": {
            "river": RIVER_COLOUR,
            "riverWidth": {str(k): v for k, v in RIVER_WIDTH_PX.items()},
            "lakeEdge": LAKE_EDGE,
            "water": BASEMAP["sea"],
            "symbols": PLACE_SYMBOL,
            "aliasMinZoom": ALIAS_MIN_ZOOM,
        },
    }


def write_reference(atlas: Atlas, folder: Path = REFERENCE_DIR) -> str:
    """Write the reference file (if new) into ``folder``; returns its name (content-addressed)."""
    return write_json(reference_payload(atlas), "reference", folder)


def reference_url(name: str) -> str:
    """URL the app serves a reference file at."""
    return asset_url(f"data/reference/{name}")


def label_class_css() -> str:
    """One CSS rule per label class, from ``LABEL_CLASSES``."""
    rules = []
    for cls, style in LABEL_CLASSES.items():
        rules.append(
            f".corridors-ref-{cls} span{{font:{'italic ' if style.italic else ''}{style.weight} "
            f"{style.size_px}px/1.1 'DejaVu Sans',Arial,sans-serif;color:{style.color};"
            f"letter-spacing:{style.spacing_em}em;white-space:pre;text-align:center}}"
        )
    return "".join(rules)
