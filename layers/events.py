"""The dated events a reader can browse: visible families, up to the chosen date, newest first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from layers.features import Params, layer_records
from layers.loading import Atlas
from layers.registry import FAMILY_BY_ID, LAYERS
from layers.timeline import parse_date


@dataclass(frozen=True)
class EventRow:
    """One event as a list shows it."""

    id: str
    layer: str
    family: str  # the family's title
    family_short: str
    start: date
    when: str  # the date as written, in news style ('2 March 2026', 'March 2026')
    title: str
    publishers: str
    ongoing: bool


def events_up_to(atlas: Atlas, layer_ids: Iterable[str], params: Params) -> list[EventRow]:
    """Events of the given (visible) event layers that had begun by ``params.as_of``, newest first."""
    wanted = set(layer_ids)
    rows = []
    for layer in LAYERS:
        if not layer.events or layer.id not in wanted:
            continue
        for props, _ in layer_records(atlas, layer, params):
            start = parse_date(props["start"])
            publishers = dict.fromkeys(str(s.get("publisher", "")) for s in props.get("sources") or [])
            rows.append(
                EventRow(
                    id=str(props["id"]),
                    layer=layer.id,
                    family=FAMILY_BY_ID[layer.family].title,
                    family_short=FAMILY_BY_ID[layer.family].short,
                    start=start.start,
                    when=start.news(),
                    title=str(props["name"]),
                    publishers="; ".join(p for p in publishers if p),
                    ongoing=bool(props.get("ongoing")),
                )
            )
    return sorted(rows, key=lambda r: (r.start, r.id), reverse=True)


def key_events(atlas: Atlas, event_ids: Iterable[str], params: Params) -> list[EventRow]:
    """The named events (a story's key dates) that had begun by ``params.as_of``, oldest first;
    unknown ids are skipped (tests check every story's ids exist)."""
    wanted = list(event_ids)
    layers = [layer.id for layer in LAYERS if layer.events]
    found = {row.id: row for row in events_up_to(atlas, layers, params) if row.id in wanted}
    return sorted((found[i] for i in wanted if i in found), key=lambda r: (r.start, r.id))
