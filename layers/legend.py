"""One legend structure for both renderers: sections with headings and entries, in order.

``legend_sections`` decides *what* the legend says for a set of layers on a date; the Leaflet
and matplotlib renderers only draw it. Every entry keeps the layers that make it relevant, so
the browser can hide rows of layers the reader switched off.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import geopandas as gpd

from layers.features import Params, layer_frame
from layers.loading import Atlas
from layers.registry import LAYERS, Layer
from layers.styles import (
    ACCURACY_LABEL,
    CONFIDENCE_HATCH,
    CONFIDENCE_LABEL,
    EVENT_STYLE,
    STATUS_DASH,
    STATUS_LABEL,
    Style,
    event_style,
)
from layers.timeline import RECENCY_LABEL

# Statuses whose line pattern the legend explains, in reading order.
STATUS_ORDER = (
    "operating",
    "under construction",
    "planned",
    "proposed",
    "restricted",
    "suspended",
    "closed",
    "ended",
    "reported",
)
RECENCY_ORDER = ("recent", "ongoing", "earlier")
KEY_COLOUR = "#333333"

LAYERS_HEADING = "Map layers"
STATUS_HEADING = "Line pattern = status"
CONFIDENCE_HEADING = "Not confirmed"
EVENTS_HEADING = "Events, by the chosen date"
ACCURACY_HEADING = "Where a line is drawn"


@dataclass(frozen=True)
class LegendEntry:
    """One legend row: a swatch drawn from ``style`` and a label."""

    key: str  # layer id, or "status:…", "confidence:…", "recency:…"
    label: str
    style: Style
    geometry: str  # "point" | "line" | "polygon"
    layers: tuple[str, ...] = ()  # layers that make this row relevant


@dataclass(frozen=True)
class LegendSection:
    """A heading and its rows."""

    heading: str
    entries: tuple[LegendEntry, ...]


def _swatch_geometry(layer: Layer) -> str:
    return "point" if layer.geometry == "mixed" else layer.geometry


EVENTS_KEY = "events"
# A line or area event is drawn in full while recent or in effect, faded once it is over: one
# key for each look, "event:line:recent" and "event:line:earlier".
EVENT_LINE_KEY = "event:line"
EVENT_LINE_LABEL = "Dated event along a line or over an area (blockade, closure)"
EVENT_LINE_OVER_LABEL = "Line or area event that is over"
EVENTS_LABEL = "Dated event (closure, attack, deal, statement)"


def _layer_entries(layers: list[Layer]) -> list[LegendEntry]:
    """One row per layer, top layer first (as readers scan); the families' event layers share
    one symbol and so one row."""
    events = tuple(layer.id for layer in layers if layer.events)
    rows = [
        LegendEntry(layer.id, layer.legend, layer.style, _swatch_geometry(layer), (layer.id,))
        for layer in reversed(layers)
        if not layer.events and not layer.name_only
    ]
    if events:
        rows.insert(0, LegendEntry(EVENTS_KEY, EVENTS_LABEL, EVENT_STYLE, "point", events))
    return rows


def feature_keys(
    layer: Layer,
    status: str | None,
    confidence: str | None,
    recency: str | None = None,
    accuracy: str | None = None,
    geometry: str = "point",
) -> list[str]:
    """The legend rows one feature needs in its state (both renderers use this rule);
    ``geometry`` ("point", "line" or "polygon") matters for events only."""
    if layer.events:
        if geometry != "point":
            look = "earlier" if recency == "earlier" else "recent"
            return [f"recency:{recency}", f"{EVENT_LINE_KEY}:{look}"]
        return [f"recency:{recency}"] + (["confidence:hollow"] if confidence != "confirmed" else [])
    keys = []
    if layer.geometry == "line" and layer.style.fill_color is None and accuracy in ACCURACY_LABEL:
        keys.append(f"accuracy:{accuracy}")
    if layer.geometry != "point" and status in STATUS_DASH:
        keys.append(f"status:{status}")
    if layer.geometry == "polygon" and confidence and CONFIDENCE_HATCH.get(confidence):
        keys.append(f"confidence:{confidence}")
    if layer.geometry == "point" and confidence != "confirmed":
        keys.append("confidence:hollow")
    return keys


def _key_entry(key: str, layers: set[str]) -> LegendEntry:
    kind, value = key.split(":", 1)
    ids = tuple(sorted(layers))
    if kind == "status":
        return LegendEntry(
            key,
            STATUS_LABEL[value],
            Style(color=KEY_COLOUR, weight=2.5, dash=STATUS_DASH[value]),
            "line",
            ids,
        )
    if kind == "accuracy":
        sample = Style(color=KEY_COLOUR, weight=2.5, band=True, waypoints=value == "schematic")
        return LegendEntry(key, ACCURACY_LABEL[value], sample, "line", ids)
    if kind == "event":  # "event:line:recent" (also an earlier one still in effect) or ":earlier"
        over = value == "line:earlier"
        style = event_style("earlier" if over else "recent", "confirmed", "line")
        return LegendEntry(key, EVENT_LINE_OVER_LABEL if over else EVENT_LINE_LABEL, style, "line", ids)
    if kind == "recency":
        return LegendEntry(key, RECENCY_LABEL[value], event_style(value, "confirmed", "point"), "point", ids)
    if value == "hollow":
        style = Style(color=KEY_COLOUR, weight=1.5, fill_color=KEY_COLOUR, fill_opacity=0.15, marker="circle")
        return LegendEntry(key, "Hollow symbol: not confirmed", style, "point", ids)
    hatch = Style(
        color=KEY_COLOUR, weight=1, fill_color=KEY_COLOUR, fill_opacity=0.0, hatch=CONFIDENCE_HATCH[value]
    )
    return LegendEntry(key, CONFIDENCE_LABEL[value], hatch, "polygon", ids)


_KEY_ORDER = {
    STATUS_HEADING: [f"status:{s}" for s in STATUS_ORDER],
    CONFIDENCE_HEADING: ["confidence:reported", "confidence:illustrative", "confidence:hollow"],
    EVENTS_HEADING: [f"recency:{r}" for r in RECENCY_ORDER]
    + [f"{EVENT_LINE_KEY}:recent", f"{EVENT_LINE_KEY}:earlier"],
    ACCURACY_HEADING: ["accuracy:approximate", "accuracy:schematic"],
}


def _feature_states(layer: Layer, frame: gpd.GeoDataFrame, any_date: bool) -> list[tuple[Any, ...]]:
    """(status, confidence, recency, accuracy, geometry) of each feature: on the frame's date,
    or on any."""
    accuracy = list(frame["geometry_accuracy"]) if "geometry_accuracy" in frame else [None] * len(frame)
    if layer.events:
        recencies = RECENCY_ORDER if any_date else None
        return [
            (None, c, r, None, geometry_kind(g))
            for c, rec, g in zip(frame["confidence"], frame["recency"], frame.geometry, strict=True)
            for r in (recencies or (rec,))
        ]
    if any_date and "history" in frame:
        return [
            (s["status"], s["confidence"], None, acc, "")
            for h, acc in zip(frame["history"], accuracy, strict=True)
            if isinstance(h, list)
            for s in h
        ]
    return [
        (s, c, None, a, "") for s, c, a in zip(frame["status"], frame["confidence"], accuracy, strict=True)
    ]


def geometry_kind(geometry: Any) -> str:
    """ "point", "line" or "polygon" for a shapely geometry (or its GeoJSON type name)."""
    name = geometry if isinstance(geometry, str) else getattr(geometry, "geom_type", "Point")
    if "Polygon" in name:
        return "polygon"
    return "line" if "LineString" in name else "point"


def legend_sections(
    atlas: Atlas,
    layer_ids: Iterable[str],
    params: Params = Params(),
    *,
    any_date: bool = False,
    ids_in_view: set[str] | None = None,
) -> list[LegendSection]:
    """The legend for these layers on ``params.as_of``: layers, status patterns, confidence
    keys and event recency, each only when something drawn uses it.

    ``any_date`` widens the keys to every state in the histories, for a map whose date is
    switched in the browser (rows are then shown or hidden there); ``ids_in_view`` limits the
    keys to the features a page actually drew. Cached per atlas and arguments (sections are
    immutable; the list is new).
    """
    wanted = frozenset(ids_in_view) if ids_in_view is not None else None
    return list(_legend_sections(atlas, tuple(layer_ids), params, any_date, wanted))


@lru_cache(maxsize=128)
def _legend_sections(
    atlas: Atlas,
    layer_ids: tuple[str, ...],
    params: Params,
    any_date: bool,
    ids_in_view: frozenset[str] | None,
) -> tuple[LegendSection, ...]:
    wanted = set(layer_ids)
    layers = [layer for layer in LAYERS if layer.id in wanted]
    present: dict[str, set[str]] = {}
    for layer in layers:
        frame = layer_frame(atlas, layer, params)
        if frame is not None and ids_in_view is not None:
            frame = frame[frame["id"].astype(str).isin(ids_in_view)]
        if frame is None or frame.empty:
            continue
        for status, confidence, recency, accuracy, geometry in _feature_states(layer, frame, any_date):
            for key in feature_keys(layer, status, confidence, recency, accuracy, geometry):
                present.setdefault(key, set()).add(layer.id)
    sections = [LegendSection(LAYERS_HEADING, tuple(_layer_entries(layers)))]
    for heading, order in _KEY_ORDER.items():
        entries = tuple(_key_entry(key, present[key]) for key in order if key in present)
        if entries:
            sections.append(LegendSection(heading, entries))
    return tuple(sections)
