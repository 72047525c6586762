"""A download as CSV: one row per feature, with geodesic length or area measured here
(``layers.measure``, pyproj.Geod) and text cells guarded against formula injection."""

from __future__ import annotations

import csv
import io
from typing import Any

from layers.measure import area_km2, length_km
from render.download.features import Selection, VisibleFeature

COLUMNS = (
    "id",
    "layer",
    "family",
    "name",
    "kind",
    "status",
    "confidence",
    "since",
    "as_of",
    "geometry_type",
    "lon",
    "lat",
    "length_km",
    "area_km2",
    "sources",
    "reviewed",
)
SOURCE_SEPARATOR = " | "
# A spreadsheet reads a cell starting with these as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_LINES = ("LineString", "MultiLineString")
_AREAS = ("Polygon", "MultiPolygon")


def guard_cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers pass."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def representative_lonlat(feature: VisibleFeature) -> tuple[float, float]:
    """A point on the feature (the point itself, else shapely's point on the surface)."""
    point = feature.geometry if feature.geometry.geom_type == "Point" else feature.geometry.point_on_surface()
    return round(point.x, 5), round(point.y, 5)


def feature_row(feature: VisibleFeature, selection: Selection) -> dict[str, Any]:
    """One row; state and dating as on the selection's date."""
    props, geom = feature.props, feature.geometry
    lon, lat = representative_lonlat(feature)
    cited = [*(props.get("sources") or []), *(props.get("state_sources") or [])]
    urls = [str(s.get("url", "")) for s in cited if isinstance(s, dict) and s.get("url")]
    reviewed = selection.reviewed.get(feature.layer.family)
    return {
        "id": feature.id,
        "layer": feature.layer.id,
        "family": feature.layer.family,
        "name": props.get("name", ""),
        "kind": props.get("kind", ""),
        "status": props.get("status") or "",
        "confidence": props.get("confidence") or "",
        "since": props.get("state_date") or props.get("start") or "",
        "as_of": selection.as_of.isoformat(),
        "geometry_type": geom.geom_type,
        "lon": lon,
        "lat": lat,
        "length_km": round(length_km(geom), 1) if geom.geom_type in _LINES else "",
        "area_km2": round(area_km2(geom)) if geom.geom_type in _AREAS else "",
        "sources": SOURCE_SEPARATOR.join(dict.fromkeys(urls)),
        "reviewed": reviewed.isoformat() if reviewed else "",
    }


def csv_bytes(selection: Selection) -> bytes:
    """UTF-8 CSV with a header row (a byte-order mark, so spreadsheets read the accents)."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for feature in selection.features:
        row = feature_row(feature, selection)
        writer.writerow({k: guard_cell(v) for k, v in row.items()})
    return ("\ufeff" + out.getvalue()).encode("utf-8")
