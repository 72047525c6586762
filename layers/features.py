"""What each registered layer draws on a date: selected or derived features, with computed figures.

Computed figures live in ``computed``: a list of ``Measure(label, value, kind)`` measured from
the geometry being drawn (or, for a parameter, set by the map user), so a popup and a printed
note say the same thing. The state on the
chosen date (``layers.timeline.state_on``) fills ``status``, ``confidence``, ``state_note``,
``state_date`` and ``state_sources``; events get ``recency`` and ``ongoing``
(``layers.timeline.event_on``). Features that do not exist yet on the date are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Literal, NamedTuple

import geopandas as gpd
from shapely.geometry.base import BaseGeometry

from layers import derive
from layers.loading import Atlas
from layers.measure import area_km2, format_km, format_km2, format_km2_rounded, km_to_nmi, length_km
from layers.registry import Layer
from layers.timeline import event_on, state_on

TURKIYE, IRAN, OMAN = "Türkiye", "Iran", "Oman"


@dataclass(frozen=True)
class Params:
    """User-adjustable parameters: the buffer depth and the date the map shows (None: latest)."""

    buffer_km: float = derive.DEFAULT_BUFFER_KM
    as_of: date | None = None


class Measure(NamedTuple):
    """One computed figure: measured on the drawn geometry, a user's parameter, or a declared size."""

    label: str
    value: str
    kind: Literal["measured", "parameter", "declared"] = "measured"


# Lines through a few waypoints cut every bend of the real route, so they measure short.
_SHORT_NOTE = "straight segments between waypoints: the real route is longer"
NARROWEST_DESCRIPTION = (
    "Shortest distance between Iranian and Omani land in the strait (Larak island to the Quoin "
    "islands), measured geodesically on the shipped GSHHG full-resolution coastline. Coastline "
    "generalisation and which islets count can make it differ slightly from published figures "
    "(21 nautical miles)."
)


def _with_measures(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    frame = frame.copy()
    accuracy = frame["geometry_accuracy"] if "geometry_accuracy" in frame else [None] * len(frame)
    frame["computed"] = [_measures(geom, acc) for geom, acc in zip(frame.geometry, accuracy, strict=True)]
    return frame


def _measures(geom: BaseGeometry | None, accuracy: str | None = None) -> list[Measure]:
    if geom is None or geom.is_empty:
        return []
    if geom.geom_type in ("LineString", "MultiLineString"):
        value = format_km(length_km(geom))
        if accuracy in ("approximate", "schematic"):
            value = f"{value} ({_SHORT_NOTE})"
        return [Measure("Length as drawn (geodesic)", value)]
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return [Measure("Area (geodesic)", format_km2(area_km2(geom)))]
    return []


@lru_cache(maxsize=64)
def _family_rows(atlas: Atlas, family_id: str) -> tuple[tuple[dict[str, Any], BaseGeometry], ...]:
    """A family's features as (properties, geometry), read out of its frame once per atlas: every
    layer and date selects from these (a frame's row access costs ~5 ms per layer and date)."""
    family = atlas.families[family_id]
    props = family.drop(columns="geometry").to_dict("records")
    return tuple(zip(props, family.geometry.values, strict=True))


def _on_date(
    family: gpd.GeoDataFrame,
    rows: tuple[tuple[dict[str, Any], BaseGeometry], ...],
    day: date | None,
    events: bool,
) -> gpd.GeoDataFrame:
    """Rows of ``family`` as they stood on ``day`` (None: latest), without those that did not
    exist yet: the family's columns, then the state's (or an event's recency and whether it
    is ongoing)."""
    kept: list[dict[str, Any]] = []
    geoms: list[BaseGeometry] = []
    for props, geom in rows:
        if events:
            end = props.get("end") if isinstance(props.get("end"), str) else None  # NaN in a frame
            phase = event_on(props["start"], end, day or date.max)
            if phase is None:
                continue
            extra: dict[str, Any] = {"status": None, "recency": phase.recency, "ongoing": phase.ongoing}
        else:
            state = state_on(props["history"], day)
            if state is None:
                continue
            extra = {
                "status": state.status,
                "confidence": state.confidence,
                "state_note": state.note,
                "state_date": state.date.iso if state.date else None,
                "state_sources": list(state.sources),
                "state_index": state.index,
            }
        kept.append({**props, **extra})
        geoms.append(geom)
    if not kept:  # the family's columns, with no rows
        empty = family.iloc[0:0].copy()
        return empty.assign(recency=[], ongoing=[]) if events else empty
    # every row has the family's columns, then the same state (or event) keys, in that order
    return gpd.GeoDataFrame(kept, columns=list(kept[0]), geometry=geoms, crs=4326)


def _selected(atlas: Atlas, layer: Layer, day: date | None) -> gpd.GeoDataFrame | None:
    family = atlas.families.get(layer.family)
    if family is None:
        return None
    kinds = set(layer.kinds)
    rows = tuple(row for row in _family_rows(atlas, layer.family) if row[0].get("kind") in kinds)
    return _on_date(family, rows, day, layer.events)


def _one(rows: gpd.GeoDataFrame, what: str) -> dict[str, Any] | None:
    return None if rows.empty else rows.drop(columns="geometry").iloc[0].to_dict()


def _frame(records: list[dict[str, Any]], geoms: list[BaseGeometry]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(records, geometry=geoms, crs=4326)


def _empty(rows: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return rows.iloc[0:0].assign(computed=[])


# How a strait stands, in a word for its name on the map.
STRAIT_STATE = {"existing": "open", "operating": "open", "restricted": "restricted", "closed": "closed"}


def label_text(props: dict[str, Any]) -> str:
    """A feature's map label; disputed places say so on the map itself, not only in popups, and
    a strait says how it stands (on the date its properties are for)."""
    name = str(props.get("name", ""))
    if props.get("kind") == "strait" and props.get("status") in STRAIT_STATE:
        unconfirmed = " (reported)" if props.get("confidence") not in (None, "confirmed") else ""
        return f"{name}\n{STRAIT_STATE[str(props['status'])]}{unconfirmed}"
    return f"{name} (disputed)" if props.get("disputed") is True else name


def turkiye_iran_border(atlas: Atlas) -> BaseGeometry:
    """The Türkiye–Iran boundary, as the shipped basemap draws it."""
    return derive.shared_border(atlas.country(TURKIYE), atlas.country(IRAN))


def _derive(atlas: Atlas, layer: Layer, rows: gpd.GeoDataFrame, params: Params) -> gpd.GeoDataFrame:
    if layer.derive == "buffer_zone":
        props = _one(rows, "reported_zone")
        if props is None:
            return _empty(rows)
        zone = derive.cached_buffer_zone(turkiye_iran_border(atlas), atlas.country(IRAN), params.buffer_km)
        frame = _frame([props], [zone])
        # The depth is an assumption: the area is rounded to the precision it deserves.
        frame["computed"] = [
            [
                Measure(
                    "Depth D (set by the map user; none was published)",
                    f"{params.buffer_km:g} km",
                    "parameter",
                ),
                Measure("Area (geodesic, rounded)", format_km2_rounded(area_km2(zone))),
            ]
        ]
        return frame
    if layer.derive in ("tss_lanes", "tss_separation"):
        props = _one(rows, "tss_centreline")
        if props is None:
            return _empty(rows)
        parts = derive.tss_parts(rows.geometry.iloc[0])
        names = (
            {"separation": "Separation zone"}
            if layer.derive == "tss_separation"
            else {"inbound": "Inbound lane (into the Gulf)", "outbound": "Outbound lane (out of the Gulf)"}
        )
        records = [{**props, "id": f"{props['id']}_{part}", "name": label} for part, label in names.items()]
        frame = _frame(records, [parts[part] for part in names])
        frame["computed"] = [
            [
                Measure(
                    "Width (IMO scheme)",
                    f"{derive.TSS_SEPARATION_NMI if part == 'separation' else derive.TSS_LANE_NMI:g} nmi",
                    "declared",
                )
            ]
            for part in names
        ]
        return frame
    if layer.derive == "tss_direction":
        props = _one(rows, "tss_centreline")
        if props is None:
            return _empty(rows)
        axes = derive.tss_axes(rows.geometry.iloc[0])
        names = {"inbound": "Inbound", "outbound": "Outbound"}
        records = [
            {**props, "id": f"{props['id']}_{part}_direction", "name": label, "label": True}
            for part, label in names.items()
        ]
        frame = _frame(records, [axes[part] for part in names])
        frame["computed"] = [
            [Measure("Traffic", f"{label.lower()} (keep right)", "declared")] for label in names.values()
        ]
        return frame
    if layer.derive == "narrowest_width":
        strait = _one(rows[rows["kind"] == "strait"], "strait")
        if strait is None:
            return _empty(rows)
        line = derive.narrowest_crossing(atlas.country(IRAN), atlas.country(OMAN), derive.HORMUZ_STRAIT_BOX)
        km = length_km(line)
        props = {
            **strait,
            "id": "hormuz_narrowest_width",
            "name": "Narrowest width (measured)",
            "geometry_accuracy": "derived",
            "label": True,
            "description": NARROWEST_DESCRIPTION,
        }
        frame = _frame([props], [line])
        frame["computed"] = [
            [Measure("Narrowest width (geodesic)", f"{km:.1f} km = {km_to_nmi(km):.1f} nmi")]
        ]
        return frame
    raise ValueError(f"unknown derivation {layer.derive!r}")


@lru_cache(maxsize=1024)
def layer_frame(atlas: Atlas, layer: Layer, params: Params = Params()) -> gpd.GeoDataFrame | None:
    """Features the layer draws on ``params.as_of`` (None when its family failed to load).

    Memoised per atlas, layer and parameters (legend, notes and both renderers ask for the same
    frames): callers read the frame and never modify it."""
    rows = _selected(atlas, layer, params.as_of)
    if rows is None:
        return None
    if layer.derive:
        try:
            return _derive(atlas, layer, rows, params)
        except KeyError:  # a country it is derived from is missing: the basemap failed to load
            return _empty(rows)
    return _with_measures(rows)


Record = tuple[dict[str, Any], BaseGeometry]


def _clean(value: Any) -> Any:
    """A frame's missing value (NaN) as None: a feature never shows another's column."""
    return None if isinstance(value, float) and value != value else value


@lru_cache(maxsize=1024)
def layer_records(atlas: Atlas, layer: Layer, params: Params = Params()) -> tuple[Record, ...]:
    """``layer_frame`` as (properties, geometry) pairs, missing values as None (memoised; read only)."""
    frame = layer_frame(atlas, layer, params)
    if frame is None or frame.empty:
        return ()
    rows = frame.drop(columns="geometry").to_dict("records")
    return tuple(
        ({k: _clean(v) for k, v in row.items()}, geom)
        for row, geom in zip(rows, frame.geometry, strict=True)
        if geom is not None and not geom.is_empty
    )
