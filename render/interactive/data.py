"""What the browser gets for one layer: every feature with all its dated states.

The browser switches dates itself (``Corridors.setDate``), so each feature carries one entry
per state: from when it holds (``layers.timeline.breakpoints``), how it looks (an index into
the layer's table of looks: a Leaflet style or a point symbol), its tooltip, label text and the
legend keys it needs. Styles come from ``layers.styles`` (the same refinement the print renderer
applies); every string is escaped, except ``name`` and the labels, plain text the browser sets
with ``textContent`` (the list view, map labels).

Popup texts are the bulk of the data and are read only when a popup opens: ``layer_texts``
gives them apart (``render.interactive.texts`` serves them as a static file the browser
fetches and caches), except for parameter-driven layers, whose texts travel with their data.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from layers.features import Params, label_text, layer_frame
from layers.legend import feature_keys, geometry_kind
from layers.loading import Atlas
from layers.reference import place_core
from layers.registry import Layer
from layers.styles import (
    BAND_OPACITY,
    BAND_WIDTH,
    CASING_PX,
    WAYPOINT_RADIUS_PX,
    WAYPOINT_RING_PX,
    Style,
    event_style,
    feature_style,
)
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
        # drawn by the browser under/over the line (Corridors.layer's underlays), sized here
        band = {"weight": style.weight * BAND_WIDTH, "opacity": BAND_OPACITY * style.opacity}
        out["band"] = band if style.band else None
        waypoints = {"radius": WAYPOINT_RADIUS_PX, "ring": WAYPOINT_RING_PX}
        out["waypoints"] = waypoints if style.waypoints else None
    casing = {"color": style.casing, "weight": style.weight + CASING_PX, "opacity": style.opacity}
    out["casing"] = casing if style.casing else None
    return out


def look(style: Style, geom_type: str) -> dict[str, Any]:
    """How a feature in a state looks in the browser: a point symbol, a name alone (a point
    without a marker), or a path style."""
    if geom_type in ("Point", "MultiPoint") and style.marker is None:
        return {"name": True}
    if geom_type in ("Point", "MultiPoint"):
        svg, size = marker_svg(style)
        return {"icon": svg, "size": size}
    return {"style": leaflet_style(style, geom_type in ("Polygon", "MultiPolygon"))}


class _Looks:
    """A layer's table of distinct looks; states refer to it by index."""

    def __init__(self) -> None:
        self.table: list[dict[str, Any]] = []
        self._index: dict[str, int] = {}

    def add(self, style: Style, geom_type: str) -> int:
        value = look(style, geom_type)
        key = repr(sorted(value.items()))
        if key not in self._index:
            self._index[key] = len(self.table)
            self.table.append(value)
        return self._index[key]


def _end(row: dict[str, Any]) -> str | None:
    return row["end"] if isinstance(row.get("end"), str) else None  # NaN in a frame


def _feature_states(layer: Layer, row: dict[str, Any], geom_type: str, looks: _Looks) -> tuple[list, list]:
    """(states, popup bodies) of a feature with a history."""
    name = str(row.get("name", ""))
    disputed = row.get("disputed") is True
    out, bodies = [], []
    for state in states(row["history"]):
        style = feature_style(layer.style, state.status, state.confidence, row.get("geometry_accuracy"))
        label = label_text({**row, "status": state.status, "confidence": state.confidence})
        out.append(
            {
                "from": state.date.start.isoformat() if state.date else None,
                "look": looks.add(style, geom_type),
                "tip": tooltip_text(name, state.status, state.confidence, disputed),
                "label": label,
                "place": place_core(label) if label else None,  # one label per place (declutter)
                "keys": feature_keys(
                    layer, state.status, state.confidence, None, row.get("geometry_accuracy")
                ),
            }
        )
        bodies.append(
            state_html(
                {
                    "date": state.date.iso if state.date else None,
                    "status": state.status,
                    "confidence": state.confidence,
                    "note": state.note,
                }
            )
        )
    return out, bodies


def _event_states(layer: Layer, row: dict[str, Any], geom_type: str, looks: _Looks) -> tuple[list, list]:
    """One state per change of recency: at the start, after RECENT_DAYS, after the end."""
    start = parse_date(row["start"]).start
    days = {start, start + timedelta(days=RECENT_DAYS + 1)}
    if _end(row):
        days.add(parse_date(_end(row)).end + timedelta(days=1))
    kind = "point" if geom_type in ("Point", "MultiPoint") else "line"
    confidence = str(row.get("confidence"))
    out: list[dict[str, Any]] = []
    bodies: list[str] = []
    for day in sorted(days):
        phase = event_on(row["start"], _end(row), day)
        if phase is None or (out and out[-1]["recency"] == phase.recency):
            continue
        out.append(
            {
                "from": day.isoformat(),
                "recency": phase.recency,
                "look": looks.add(event_style(phase.recency, confidence, kind), geom_type),
                "tip": tooltip_text(str(row.get("name", "")), None, confidence),
                "label": (label := event_label(str(row.get("name", "")), row["start"])),
                "place": place_core(label),
                "keys": feature_keys(layer, None, confidence, phase.recency, None, geometry_kind(geom_type)),
            }
        )
        bodies.append(event_html(row, RECENCY_LABEL[phase.recency]))
    return out, bodies


def _rank(row: dict[str, Any]) -> int | None:
    rank = row.get("label_rank")
    return int(rank) if isinstance(rank, int | float) and rank == rank else None


@lru_cache(maxsize=256)
def _built(atlas: Atlas, layer: Layer, buffer_km: float) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """(browser GeoJSON without popup texts, popup texts by feature id) for a layer."""
    frame = layer_frame(atlas, layer, Params(buffer_km=buffer_km, as_of=date.max))
    if frame is None:
        return None
    looks = _Looks()
    features, texts = [], {}
    make = _event_states if layer.events else _feature_states
    for row, geom in zip(frame.drop(columns="geometry").to_dict("records"), frame.geometry, strict=True):
        if geom is None or geom.is_empty:
            continue
        state_list, bodies = make(layer, row, geom.geom_type, looks)
        fid = str(row["id"])
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "id": fid,
                    "name": str(row.get("name", "")),
                    "label": row.get("label") is True,
                    "rank": _rank(row),
                    "states": state_list,
                },
                "geometry": geom.__geo_interface__,
            }
        )
        texts[fid] = {
            "head": popup_head(row),
            "tail": popup_tail(row, row.get("computed") or []),
            "bodies": bodies,
        }
    return {"type": "FeatureCollection", "looks": looks.table, "features": features}, texts


def layer_data(
    atlas: Atlas, layer: Layer, buffer_km: float, *, with_texts: bool = False
) -> dict[str, Any] | None:
    """The browser's GeoJSON for a layer, every state included (memoised per depth); popup
    texts inline only ``with_texts`` (parameter-driven layers, sent with each change)."""
    built = _built(atlas, layer, buffer_km)
    if built is None:
        return None
    data, texts = built
    return {**data, "texts": texts} if with_texts else data


def layer_texts(atlas: Atlas, layer: Layer, buffer_km: float) -> dict[str, Any]:
    """Popup texts of a layer's features by id: ``{head, tail, bodies}`` (bodies per state)."""
    built = _built(atlas, layer, buffer_km)
    return built[1] if built else {}


def clear_caches() -> None:
    """Forget memoised data (tests that change an atlas in place)."""
    _built.cache_clear()
