"""Snapshot views: named presets (extent + layers + title) and custom extents from the app or CLI.

A view is only *where* and *what*; how it looks comes from ``layers/`` like everything else.
Presets are checked against the registry at import so a renamed layer fails loudly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from layers.registry import LAYER_BY_ID, LAYERS, default_visible_ids

BBox = tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max (WGS84)

# Limits that keep a conic projection fitted to the view meaningful and the map readable.
MAX_LAT = 85.0
MAX_SPAN_DEG = 90.0
MIN_SPAN_DEG = 0.01


class ViewError(ValueError):
    """A user-supplied view, extent or layer list that cannot be drawn (message says why)."""


@dataclass(frozen=True)
class Detail:
    """A close-up a regional view prints inside its map (its own scale, labels and layers)."""

    id: str
    title: str
    bbox: BBox


@dataclass(frozen=True)
class View:
    """A named extent with its default layers, print title and detail insets."""

    id: str
    bbox: BBox
    layers: tuple[str, ...]
    title: str
    subtitle: str
    details: tuple[Detail, ...] = ()


def _family_ids(*families: str) -> tuple[str, ...]:
    return tuple(layer.id for layer in LAYERS if layer.family in families)


# Title of a snapshot of a custom extent (app or command line) when the user gives none.
CUSTOM_TITLE = "Corridors, buffer zones and pipelines: custom view"

# The whole region: the `region` preset and the interactive map's opening view.
REGION_BBOX: BBox = (30.0, 23.5, 62.5, 43.5)

VIEWS: dict[str, View] = {
    view.id: view
    for view in (
        View(
            "region",
            REGION_BBOX,
            default_visible_ids(),
            "Corridors, buffer zones and pipelines: Caucasus, Iran, Türkiye and the Gulf",
            "TRIPP corridor, reported Turkish buffer zone, Turkmen gas swap and the Strait of Hormuz",
            (
                Detail("syunik", "Syunik and the Meghri border", (45.45, 38.7, 46.85, 39.4)),
                Detail("hormuz", "Strait of Hormuz", (55.55, 25.85, 57.2, 27.15)),
            ),
        ),
        View(
            "tripp",
            (43.6, 38.45, 47.6, 40.85),
            _family_ids("tripp"),
            "TRIPP: the planned route through Syunik and Nakhchivan",
            "Trump Route for International Peace and Prosperity and the railways it would link",
        ),
        View(
            "border",
            (42.3, 36.5, 46.3, 40.2),
            _family_ids("buffer_zone"),
            "Türkiye–Iran border and the reported buffer zone",
            "Zone depth is illustrative: no depth or map was published",
        ),
        View(
            "gas-swap",
            (31.0, 34.0, 63.0, 43.0),
            _family_ids("gas_swap"),
            "Turkmen gas swapped through Iran to Türkiye",
            "Contractual swap flows (2025) and the physical pipelines around them",
        ),
        View(
            "hormuz",
            (54.7, 25.0, 57.9, 27.5),
            _family_ids("hormuz"),
            "Strait of Hormuz: shipping lanes, disputed islands and bypass pipelines",
            "Traffic separation scheme (approximate), measured narrowest width, ports",
        ),
    )
}


def get_view(view_id: str) -> View:
    """A preset by id; ViewError lists the valid ids so a typo is easy to fix."""
    try:
        return VIEWS[view_id]
    except KeyError:
        raise ViewError(f"unknown view {view_id!r}; choose one of: {', '.join(VIEWS)}") from None


def check_bbox(bbox: tuple[float, ...] | list[float]) -> BBox:
    """Validate an extent (finite, ordered, on the globe, not absurdly small or large)."""
    if len(bbox) != 4:
        raise ViewError(f"a bbox needs 4 numbers (lon_min, lat_min, lon_max, lat_max), got {len(bbox)}")
    lon_min, lat_min, lon_max, lat_max = (float(v) for v in bbox)
    if not all(math.isfinite(v) for v in (lon_min, lat_min, lon_max, lat_max)):
        raise ViewError("bbox values must be finite numbers")
    if not (-180 <= lon_min < lon_max <= 180):
        raise ViewError(
            f"bbox longitudes must satisfy -180 ≤ lon_min < lon_max ≤ 180 (got {lon_min}, {lon_max})"
        )
    if not (-MAX_LAT <= lat_min < lat_max <= MAX_LAT):
        raise ViewError(
            f"bbox latitudes must satisfy -{MAX_LAT:g} ≤ lat_min < lat_max ≤ {MAX_LAT:g} "
            f"(got {lat_min}, {lat_max})"
        )
    if min(lon_max - lon_min, lat_max - lat_min) < MIN_SPAN_DEG:
        raise ViewError(f"bbox is too small (under {MIN_SPAN_DEG}° on a side)")
    if max(lon_max - lon_min, lat_max - lat_min) > MAX_SPAN_DEG:
        raise ViewError(f"bbox is too large (over {MAX_SPAN_DEG:g}° on a side) for a regional map")
    return (lon_min, lat_min, lon_max, lat_max)


def parse_bbox(text: str) -> BBox:
    """``"lon_min,lat_min,lon_max,lat_max"`` → a checked bbox."""
    parts = [p.strip() for p in text.split(",")]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise ViewError(
            f"bbox must be four comma-separated numbers lon_min,lat_min,lon_max,lat_max (got {text!r})"
        ) from None
    return check_bbox(values)


def bbox_from_leaflet_bounds(bounds: Mapping[str, Any]) -> BBox:
    """st_folium's ``bounds`` ({"_southWest": {"lat", "lng"}, "_northEast": {...}}) → bbox.

    Leaflet reports longitudes beyond ±180 after panning across the antimeridian; they are
    clamped, which is right for this region-scale map.
    """
    try:
        sw, ne = bounds["_southWest"], bounds["_northEast"]
        lon_min, lat_min, lon_max, lat_max = (
            float(sw["lng"]),
            float(sw["lat"]),
            float(ne["lng"]),
            float(ne["lat"]),
        )
    except (KeyError, TypeError, ValueError):
        raise ViewError("map bounds are missing or malformed") from None
    lon_min, lon_max = max(lon_min, -180.0), min(lon_max, 180.0)
    lat_min, lat_max = max(lat_min, -MAX_LAT), min(lat_max, MAX_LAT)
    return check_bbox((lon_min, lat_min, lon_max, lat_max))


def parse_layers(text: str | None) -> tuple[str, ...] | None:
    """``"id1,id2"`` → checked layer ids (None keeps the view's defaults)."""
    if text is None:
        return None
    ids = tuple(p.strip() for p in text.split(",") if p.strip())
    return check_layers(ids)


def check_layers(ids: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Reject unknown layer ids, naming them and the valid ones."""
    unknown = [i for i in ids if i not in LAYER_BY_ID]
    if unknown:
        raise ViewError(
            f"unknown layer(s) {', '.join(map(repr, unknown))}; valid ids: {', '.join(LAYER_BY_ID)}"
        )
    if not ids:
        raise ViewError("no layers given")
    return tuple(ids)
