"""A plain-language description of a map view, generated from the data: the alt text a screen
reader reads for the app's map, and the description written into exported files."""

from __future__ import annotations

from collections.abc import Iterable

from shapely.geometry import box

from layers.features import Params, layer_records
from layers.loading import Atlas
from layers.period import as_of_line, default_as_of
from layers.registry import LAYERS
from layers.styles import STATUS_LABEL
from layers.timeline import event_label

MAX_NAMED = 6  # features named per layer before "and N more"


def _listing(items: list[str]) -> str:
    if len(items) <= MAX_NAMED:
        return ", ".join(items[:-1]) + (" and " if len(items) > 1 else "") + items[-1]
    return ", ".join(items[:MAX_NAMED]) + f" and {len(items) - MAX_NAMED} more"


def _state(row: dict) -> str:
    status = STATUS_LABEL.get(str(row.get("status")), str(row.get("status"))).lower()
    unconfirmed = "" if row.get("confidence") == "confirmed" else ", not confirmed"
    return f"{row['name']} ({status}{unconfirmed})"


def describe_view(
    atlas: Atlas, layer_ids: Iterable[str], bbox: tuple[float, float, float, float], params: Params = Params()
) -> str:
    """One paragraph: where the map is, on which date, what it shows and in what state."""
    as_of = params.as_of or default_as_of(atlas)
    params = Params(buffer_km=params.buffer_km, as_of=as_of)
    area = box(*bbox)
    wanted = set(layer_ids)
    countries = sorted(
        str(n)
        for n, g in zip(atlas.basemap["name"], atlas.basemap.geometry, strict=True)
        if g is not None and g.intersects(area)
    )
    lon0, lat0, lon1, lat1 = bbox
    parts = [
        f"Map of the area from {lon0:.1f}°E to {lon1:.1f}°E and {lat0:.1f}°N to {lat1:.1f}°N"
        + (f", covering {_listing(countries)}" if countries else "")
        + f". {as_of_line(atlas, as_of, wanted)}."
    ]
    events: list[tuple[str, str]] = []
    for layer in LAYERS:
        if layer.id not in wanted:
            continue
        rows = [row for row, geom in layer_records(atlas, layer, params) if geom.intersects(area)]
        if not rows:
            continue
        if layer.events:
            events += [(str(r["start"]), event_label(str(r["name"]), r["start"])) for r in rows]
            continue
        named = [_state(r) for r in rows if r.get("name")]
        parts.append(f"{layer.title}: {_listing(named)}.")
    if events:
        events.sort(reverse=True)
        latest = "; ".join(label for _, label in events[:3])
        count = "1 dated event" if len(events) == 1 else f"{len(events)} dated events"
        parts.append(f"{count} up to this date, the latest: {latest}.")
    return " ".join(parts)
