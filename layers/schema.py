"""The property contract every feature in ``geodata/`` must meet (see docs/DATA_CONTRACT.md)."""

from __future__ import annotations

import re
import sys
from datetime import date
from typing import Any

from layers.timeline import DateError, FuzzyDate, parse_date, parse_day

STATUSES = (
    "operating",
    "under construction",
    "planned",
    "proposed",
    "reported",
    "suspended",
    "restricted",
    "closed",
    "ended",
    "existing",
)
CONFIDENCES = ("confirmed", "reported", "illustrative")
ACCURACIES = ("precise", "approximate", "schematic", "derived")
EVENT_TYPES = (
    "declaration",
    "closure",
    "reopening",
    "attack",
    "blockade",
    "ceasefire",
    "agreement",
    "statement",
    "denial",
    "report",
    "regulation",
    "traffic",
    "construction",
    "supply",
    "other",
)

# Kinds each family may contain; every kind is drawn or used by at least one registered layer.
FAMILY_KINDS: dict[str, tuple[str, ...]] = {
    "tripp": ("route", "railway", "town", "event"),
    "buffer_zone": ("reported_zone", "crossing", "event"),
    "gas_swap": ("pipeline", "swap_flow", "context_pipeline", "node", "event"),
    "hormuz": ("strait", "tss_centreline", "island", "port", "bypass_pipeline", "event"),
}
EVENT_KIND = "event"
# Kinds whose geometry ``layers.derive`` computes; their features may carry null geometry.
DERIVED_KINDS = frozenset({"reported_zone"})
# Places and natural features that predate every dated item: their first state may be undated.
PLACE_KINDS = frozenset({"strait", "island", "town", "port", "node", "crossing"})

REQUIRED = ("id", "name", "kind", "geometry_accuracy")
REQUIRED_TEXT = ("description",)
EVENT_REQUIRED = ("event_type", "start", "confidence")
SOURCE_KEYS = ("publisher", "title", "url", "date")
_ID = re.compile(r"^[a-z0-9_]+$")
MAX_DESCRIPTION = 900
MAX_NOTE = 400


def _date_error(
    value: Any, where: str, reviewed: date | None, what: str
) -> tuple[FuzzyDate | None, list[str]]:
    """Parse a data date; errors for a malformed one or one after the family's reviewed date."""
    try:
        parsed = parse_date(value)
    except DateError as exc:
        return None, [f"{where}: {what} {exc}"]
    if reviewed is not None and parsed.start > reviewed:
        return parsed, [f"{where}: {what} {parsed.iso} is after the family's reviewed date {reviewed}"]
    return parsed, []


def _source_errors(source: Any, where: str) -> list[str]:
    if not isinstance(source, dict):
        return [f"{where}: a source must be an object with {', '.join(SOURCE_KEYS)}"]
    errors = [f"{where}: source lacks '{key}'" for key in SOURCE_KEYS if not source.get(key)]
    url = str(source.get("url", ""))
    if url and not url.startswith(("https://", "http://")):
        errors.append(f"{where}: source url must be http(s), got {url[:60]!r}")
    if source.get("date"):
        try:
            parse_date(source["date"])
        except DateError as exc:
            errors.append(f"{where}: source date {exc}")
    return errors


def _sources_errors(sources: Any, where: str) -> list[str]:
    if not isinstance(sources, list) or not sources:
        return [f"{where}: needs a non-empty 'sources' list"]
    return [e for i, s in enumerate(sources) for e in _source_errors(s, f"{where}.sources[{i}]")]


def _history_errors(props: dict[str, Any], where: str, reviewed: date | None) -> list[str]:
    history = props.get("history")
    if not isinstance(history, list) or not history:
        return [f"{where}: needs a non-empty 'history' list of dated states"]
    errors: list[str] = []
    previous: FuzzyDate | None = None
    for i, state in enumerate(history):
        at = f"{where}.history[{i}]"
        if not isinstance(state, dict):
            errors.append(f"{at}: a state must be an object")
            continue
        if state.get("date") is None:
            if i != 0 or props.get("kind") not in PLACE_KINDS:
                errors.append(f"{at}: needs a date (only a place's first state may be undated)")
        else:
            parsed, errs = _date_error(state["date"], at, reviewed, "date")
            errors += errs
            if parsed is not None and previous is not None and parsed.start < previous.start:
                errors.append(f"{at}: dated {parsed.iso}, before the state above it ({previous.iso})")
            previous = parsed or previous
        if state.get("status") not in STATUSES:
            errors.append(f"{at}: status {state.get('status')!r} is not one of {', '.join(STATUSES)}")
        if state.get("confidence") not in CONFIDENCES:
            errors.append(f"{at}: confidence {state.get('confidence')!r} is not one of {CONFIDENCES}")
        note = state.get("note")
        if not isinstance(note, str) or not note.strip():
            errors.append(f"{at}: needs a 'note' (one neutral sentence that attributes the claim)")
        elif len(note) > MAX_NOTE:
            errors.append(f"{at}: note longer than {MAX_NOTE} characters")
        errors += _sources_errors(state.get("sources"), at)
    latest = history[-1] if isinstance(history[-1], dict) else {}
    for key in ("status", "confidence"):  # the current state is the latest one, or says the same
        if props.get(key) is not None and props[key] != latest.get(key):
            errors.append(
                f"{where}: {key} {props[key]!r} disagrees with the latest state ({latest.get(key)!r})"
            )
    return errors


def _event_errors(props: dict[str, Any], where: str, reviewed: date | None) -> list[str]:
    errors = [f"{where}: missing '{key}'" for key in EVENT_REQUIRED if not props.get(key)]
    if props.get("event_type") and props["event_type"] not in EVENT_TYPES:
        errors.append(f"{where}: event_type {props['event_type']!r} is not one of {', '.join(EVENT_TYPES)}")
    if props.get("confidence") and props["confidence"] not in CONFIDENCES:
        errors.append(f"{where}: confidence {props['confidence']!r} is not one of {CONFIDENCES}")
    start = end = None
    if props.get("start"):
        start, errs = _date_error(props["start"], where, reviewed, "start")
        errors += errs
    if props.get("end"):
        end, errs = _date_error(props["end"], where, reviewed, "end")
        errors += errs
    if start and end and end.end < start.start:
        errors.append(f"{where}: ends ({end.iso}) before it starts ({start.iso})")
    return errors


def validate_properties(props: Any, family: str, reviewed: date | None = None) -> list[str]:
    """Return every way ``props`` breaks the contract (empty when it is valid).

    ``reviewed`` is the family's reviewed date: no state or event may be dated after it.
    """
    if not isinstance(props, dict):
        return ["properties must be an object"]
    where = str(props.get("id", "<feature without id>"))[:80]
    errors = [f"{where}: missing '{key}'" for key in REQUIRED + REQUIRED_TEXT if not props.get(key)]
    if props.get("id") and not _ID.match(str(props["id"])):
        errors.append(f"{where}: id must be snake_case")
    kinds = FAMILY_KINDS.get(family, ())
    if props.get("kind") and props["kind"] not in kinds:
        errors.append(f"{where}: kind {props['kind']!r} is not one of {', '.join(kinds)}")
    if props.get("geometry_accuracy") and props["geometry_accuracy"] not in ACCURACIES:
        errors.append(f"{where}: geometry_accuracy {props['geometry_accuracy']!r} is unknown")
    if len(str(props.get("description", ""))) > MAX_DESCRIPTION:
        errors.append(f"{where}: description longer than {MAX_DESCRIPTION} characters")
    errors += _sources_errors(props.get("sources"), where)
    if props.get("kind") == EVENT_KIND:
        errors += _event_errors(props, where, reviewed)
    else:
        errors += _history_errors(props, where, reviewed)
    for i, pos in enumerate(props.get("positions") or []):
        if not isinstance(pos, dict) or not pos.get("actor") or not pos.get("position"):
            errors.append(f"{where}.positions[{i}]: needs 'actor' and 'position'")
        else:
            errors += _source_errors(pos.get("source"), f"{where}.positions[{i}]")
            if pos.get("date"):
                errors += _date_error(pos["date"], f"{where}.positions[{i}]", reviewed, "date")[1]
    for i, fig in enumerate(props.get("figures") or []):
        if not isinstance(fig, dict) or not fig.get("label") or not fig.get("value"):
            errors.append(f"{where}.figures[{i}]: needs 'label' and 'value'")
        else:
            errors += _source_errors(fig.get("source"), f"{where}.figures[{i}]")
    return errors


def reviewed_date(collection: dict[str, Any], name: str, today: date | None = None) -> date:
    """A family file's ``reviewed`` date: the day up to which its sources were searched.

    Raises ValueError naming the file when it is missing, malformed or in the future.
    """
    raw = collection.get("reviewed")
    if raw is None:
        raise ValueError(f"{name}: no 'reviewed' date (the day up to which sources were searched)")
    try:
        day = parse_day(raw)
    except DateError as exc:
        raise ValueError(f"{name}: reviewed date {exc}") from None
    if day > (today or date.today()):
        raise ValueError(f"{name}: reviewed date {day} is in the future")
    return day


def main(argv: list[str] | None = None) -> int:
    """``python -m layers.schema FILE…``: validate family files, print every problem."""
    import json
    from pathlib import Path

    status = 0
    for arg in argv if argv is not None else sys.argv[1:]:
        path = Path(arg)
        collection = json.loads(path.read_text(encoding="utf-8"))
        try:
            reviewed: date | None = reviewed_date(collection, path.name)
        except ValueError as exc:
            print(exc)
            reviewed, status = None, 1
        ids: set[str | None] = set()
        for feature in collection.get("features", []):
            props = feature.get("properties")
            errors = validate_properties(props, path.stem, reviewed)
            fid = props.get("id") if isinstance(props, dict) else None
            if fid in ids:
                errors.append(f"{fid}: duplicate id")
            ids.add(fid)
            for error in errors:
                print(f"{path.name}: {error}")
                status = 1
        print(f"{path.name}: {len(ids)} features checked, reviewed {reviewed}")
    return status


if __name__ == "__main__":
    sys.exit(main())
