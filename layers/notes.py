"""The notes a map prints under its legend: what is uncertain, disputed, measured, and when.

Renderer-neutral: both renderers take these sentences as they are. Names and claims come from
the data (a feature's ``sovereignty`` says who claims what); nothing here is typed per place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from layers.features import Params, layer_records
from layers.loading import Atlas
from layers.registry import LAYERS
from layers.timeline import event_label

UNCERTAINTY_NOTE = (
    "Dotted or dashed lines mark status; hatched areas and hollow symbols are reported or "
    "illustrative, not confirmed. Approximate or schematic lines follow known waypoints, not surveyed routes."
)
MAX_LISTED = 3  # names listed in a note before "and N more"


@dataclass
class MapNotes:
    """What the drawn features say about certainty, sovereignty, measurement and events."""

    not_confirmed: list[str] = field(default_factory=list)
    disputed: list[tuple[str, str]] = field(default_factory=list)  # (name, sovereignty)
    measured: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)  # dated labels, newest first

    def sentences(self) -> list[str]:
        """The notes, one sentence each, most important first (a small page keeps the first)."""
        out = []
        if self.not_confirmed:
            names = sorted(set(self.not_confirmed))
            shown = "; ".join(names[:MAX_LISTED])
            more = f"; and {len(names) - MAX_LISTED} more" if len(names) > MAX_LISTED else ""
            out.append(f"Not confirmed: {shown}{more}.")
        for sovereignty, names in _group_disputed(self.disputed).items():
            out.append(f"Disputed sovereignty: {_listing(names)} ({sovereignty}); the map takes no position.")
        if self.measured:
            out.append("Measured on the drawn geometry: " + "; ".join(dict.fromkeys(self.measured)) + ".")
        if self.events:
            shown = "; ".join(self.events[:MAX_LISTED])
            more = f"; and {len(self.events) - MAX_LISTED} earlier" if len(self.events) > MAX_LISTED else ""
            out.append(f"Events shown, newest first: {shown}{more}.")
        out.append(UNCERTAINTY_NOTE)
        return out


def _listing(names: list[str]) -> str:
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]


def _group_disputed(disputed: list[tuple[str, str]]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for name, sovereignty in disputed:
        if name not in groups.setdefault(sovereignty, []):
            groups[sovereignty].append(name)
    return groups


def _measured(row: dict[str, Any]) -> str | None:
    """A derived feature's measured figures and parameters, not its declared sizes."""
    figures = [f"{m.label} {m.value}" for m in row.get("computed") or [] if m.kind != "declared"]
    return f"{row.get('name', '')}: {', '.join(figures)}" if figures else None


def collect_notes(
    atlas: Atlas, layer_ids: Iterable[str], params: Params = Params(), ids_in_view: set[str] | None = None
) -> MapNotes:
    """Notes for these layers on ``params.as_of``; ``ids_in_view`` limits them to features drawn."""
    wanted = set(layer_ids)
    notes = MapNotes()
    events: list[tuple[str, str]] = []
    for layer in LAYERS:
        if layer.id not in wanted:
            continue
        for row, _ in layer_records(atlas, layer, params):
            if ids_in_view is not None and row["id"] not in ids_in_view:
                continue
            name = str(row.get("name", ""))
            if layer.events:
                events.append((str(row["start"]), event_label(name, row["start"])))
                continue
            if row.get("confidence") in ("reported", "illustrative"):
                notes.not_confirmed.append(name)
            sovereignty = row.get("sovereignty")
            if row.get("disputed") is True and isinstance(sovereignty, str) and sovereignty:
                notes.disputed.append((name, sovereignty))
            if layer.derive and (measured := _measured(row)):
                notes.measured.append(measured)
    notes.events = [label for _, label in sorted(events, reverse=True)]
    return notes
