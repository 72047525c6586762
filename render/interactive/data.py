"""What the browser gets for one layer: every feature with all its dated states.

The browser switches dates itself (``Corridors.setDate``), so each feature carries one entry
per state: from when it holds (``layers.timeline.breakpoints``), its style or symbol, tooltip,
the state part of its popup, label text and the legend keys it needs. Styles come from
``layers.styles`` (the same refinement the print renderer applies); every string is escaped.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import geopandas as gpd

from layers.features import Params, label_text, layer_frame
from layers.legend import feature_keys
from layers.loading import Atlas
from layers.registry import Layer
from layers.styles import Style, event_style, feature_style
from layers.timeline import RECENCY_LABEL, RECENT_DAYS, event_label, event_on, parse_date, states
from render.popup import event_html, popup_head, popup_tail, state_html, tooltip_text
from render.svg import marker_svg


def leaflet_style(style: Style, polygon: bool) -> dict[str, Any]:
    """Leaflet path options for a style (hatch: the stripe colour, applied in the browser)."""
    out: dict[str, Any] = {"color": style.color, "weight": style.weight, "opacity": style.opacity}
    out["dashArray"] = style.dash_css
    if polygon:
        out.update(fillColor=style.fill_color or style.color, fillOpacity=style.fill_opacity * style.opacity)
        out["hatch"] = (style.fill_color or style.color) if style.hatch else None
    else:
        out["fill"] = False
    return out


def _look(style: Style, geom_type: str) -> dict[str, Any]:
    if geom_type in ("Point", "MultiPoint"):
        svg, size = marker_svg(style)
        return {"icon": svg, "size": size}
    return {"style": leaflet_style(style, geom_type in ("Polygon", "MultiPolygon"))}


def _feature_states(layer: Layer, row: dict[str, Any], geom_type: str) -> list[dict[str, Any]]:
    name = str(row.get("name", ""))
    disputed = row.get("disputed") is True
    out = []
    for state in states(row["history"]):
        style = feature_style(layer.style, state.status, state.confidence)
        raw = {
            "date": state.date.iso if state.date else None,
            "status": state.status,
            "confidence": state.confidence,
            "note": state.note,
        }
        out.append(
            {
                "from": state.date.start.isoformat() if state.date else None,
                **_look(style, geom_type),
                "tip": tooltip_text(name, state.status, state.confidence, disputed),
                "body": state_html(raw),
                "label": label_text(row),
                "keys": feature_keys(layer, state.status, state.confidence),
            }
        )
    return out


def _event_states(layer: Layer, row: dict[str, Any], geom_type: str) -> list[dict[str, Any]]:
    """One state per change of recency: at the start, after RECENT_DAYS, after the end."""
    start = parse_date(row["start"]).start
    days = {start, start + timedelta(days=RECENT_DAYS + 1)}
    if row.get("end") and isinstance(row["end"], str):
        days.add(parse_date(row["end"]).end + timedelta(days=1))
    kind = "point" if geom_type in ("Point", "MultiPoint") else "line"
    out: list[dict[str, Any]] = []
    for day in sorted(days):
        phase = event_on(row["start"], row.get("end") if isinstance(row.get("end"), str) else None, day)
        if phase is None or (out and out[-1]["recency"] == phase.recency):
            continue
        confidence = str(row.get("confidence"))
        out.append(
            {
                "from": day.isoformat(),
                "recency": phase.recency,
                **_look(event_style(phase.recency, confidence, kind), geom_type),
                "tip": tooltip_text(str(row.get("name", "")), None, confidence),
                "body": event_html(row, RECENCY_LABEL[phase.recency]),
                "label": event_label(str(row.get("name", "")), row["start"]),
                "keys": feature_keys(layer, None, confidence, phase.recency),
            }
        )
    return out


def _collection(layer: Layer, frame: gpd.GeoDataFrame) -> dict[str, Any]:
    features = []
    for row, geom in zip(frame.drop(columns="geometry").to_dict("records"), frame.geometry, strict=True):
        if geom is None or geom.is_empty:
            continue
        make = _event_states if layer.events else _feature_states
        rank = row.get("label_rank")
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "id": str(row["id"]),
                    "label": row.get("label") is True,
                    "rank": int(rank) if isinstance(rank, int | float) and rank == rank else None,
                    "states": make(layer, row, geom.geom_type),
                    "head": popup_head(row),
                    "tail": popup_tail(row, row.get("computed") or []),
                },
                "geometry": geom.__geo_interface__,
            }
        )
    return {"type": "FeatureCollection", "features": features}


@lru_cache(maxsize=256)
def layer_data(atlas: Atlas, layer: Layer, buffer_km: float) -> dict[str, Any] | None:
    """The browser's GeoJSON for a layer, every state included (memoised per depth)."""
    frame = layer_frame(atlas, layer, Params(buffer_km=buffer_km, as_of=date.max))
    if frame is None:
        return None
    return _collection(layer, frame)
