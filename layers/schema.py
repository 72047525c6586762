"""The property contract every feature in ``geodata/`` must meet (see docs/DATA_CONTRACT.md)."""

from __future__ import annotations

import re
from typing import Any

STATUSES = (
    "operating",
    "under construction",
    "planned",
    "proposed",
    "reported",
    "suspended",
    "existing",
)
CONFIDENCES = ("confirmed", "reported", "illustrative")
ACCURACIES = ("precise", "approximate", "schematic", "derived")

# Kinds each family may contain; every kind is drawn or used by at least one registered layer.
FAMILY_KINDS: dict[str, tuple[str, ...]] = {
    "tripp": ("route", "railway", "town"),
    "buffer_zone": ("reported_zone", "crossing"),
    "gas_swap": ("pipeline", "swap_flow", "context_pipeline", "node"),
    "hormuz": ("strait", "tss_centreline", "island", "port", "bypass_pipeline"),
}
# Kinds whose geometry ``layers.derive`` computes; their features may carry null geometry.
DERIVED_KINDS = frozenset({"reported_zone"})

REQUIRED = ("id", "name", "kind", "status", "confidence", "geometry_accuracy", "date")
REQUIRED_TEXT = ("description",)
SOURCE_KEYS = ("publisher", "title", "url", "date")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ID = re.compile(r"^[a-z0-9_]+$")
MAX_DESCRIPTION = 900


def _source_errors(source: Any, where: str) -> list[str]:
    if not isinstance(source, dict):
        return [f"{where}: a source must be an object with {', '.join(SOURCE_KEYS)}"]
    errors = [f"{where}: source lacks '{key}'" for key in SOURCE_KEYS if not source.get(key)]
    url = str(source.get("url", ""))
    if url and not url.startswith(("https://", "http://")):
        errors.append(f"{where}: source url must be http(s), got {url[:60]!r}")
    if source.get("date") and not _DATE.match(str(source["date"])):
        errors.append(f"{where}: source date {source['date']!r} is not YYYY[-MM[-DD]]")
    return errors


def validate_properties(props: Any, family: str) -> list[str]:
    """Return every way ``props`` breaks the contract (empty when it is valid)."""
    if not isinstance(props, dict):
        return ["properties must be an object"]
    where = str(props.get("id", "<feature without id>"))
    errors = [f"{where}: missing '{key}'" for key in REQUIRED + REQUIRED_TEXT if not props.get(key)]
    if props.get("id") and not _ID.match(str(props["id"])):
        errors.append(f"{where}: id must be snake_case")
    kinds = FAMILY_KINDS.get(family, ())
    if props.get("kind") and props["kind"] not in kinds:
        errors.append(f"{where}: kind {props['kind']!r} is not one of {', '.join(kinds)}")
    if props.get("status") and props["status"] not in STATUSES:
        errors.append(f"{where}: status {props['status']!r} is not one of {', '.join(STATUSES)}")
    if props.get("confidence") and props["confidence"] not in CONFIDENCES:
        errors.append(f"{where}: confidence {props['confidence']!r} is not one of {CONFIDENCES}")
    if props.get("geometry_accuracy") and props["geometry_accuracy"] not in ACCURACIES:
        errors.append(f"{where}: geometry_accuracy {props['geometry_accuracy']!r} is unknown")
    if props.get("date") and not _DATE.match(str(props["date"])):
        errors.append(f"{where}: date {props['date']!r} is not YYYY[-MM[-DD]]")
    if len(str(props.get("description", ""))) > MAX_DESCRIPTION:
        errors.append(f"{where}: description longer than {MAX_DESCRIPTION} characters")
    sources = props.get("sources")
    if not isinstance(sources, list) or not sources:
        errors.append(f"{where}: needs a non-empty 'sources' list")
    else:
        for i, source in enumerate(sources):
            errors += _source_errors(source, f"{where}.sources[{i}]")
    for i, pos in enumerate(props.get("positions") or []):
        if not isinstance(pos, dict) or not pos.get("actor") or not pos.get("position"):
            errors.append(f"{where}.positions[{i}]: needs 'actor' and 'position'")
        else:
            errors += _source_errors(pos.get("source"), f"{where}.positions[{i}]")
    for i, fig in enumerate(props.get("figures") or []):
        if not isinstance(fig, dict) or not fig.get("label") or not fig.get("value"):
            errors.append(f"{where}.figures[{i}]: needs 'label' and 'value'")
        else:
            errors += _source_errors(fig.get("source"), f"{where}.figures[{i}]")
    return errors
