"""Legend entries generated from the declarations, shared by both renderers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from layers.registry import LAYER_BY_ID, Layer
from layers.styles import CONFIDENCE_HATCH, CONFIDENCE_LABEL, STATUS_DASH, STATUS_LABEL, Style

# Printed under every legend, interactive and static: what the patterns say about certainty.
UNCERTAINTY_NOTE = (
    "Dotted or dashed lines mark status; hatched areas and hollow symbols are reported or "
    "illustrative, not confirmed. Approximate or schematic lines follow known waypoints, not surveyed routes."
)

# Statuses whose line pattern the legend explains (solid lines need no key of their own
# beyond "operating").
_STATUS_ORDER = ("operating", "under construction", "planned", "proposed", "suspended", "reported")


@dataclass(frozen=True)
class LegendEntry:
    """One legend row: a swatch drawn from ``style`` and a label."""

    key: str  # layer id, or "status:<status>" / "confidence:<confidence>"
    label: str
    style: Style
    geometry: str  # "point" | "line" | "polygon"


def layer_entries(layer_ids: Iterable[str]) -> list[LegendEntry]:
    """One entry per layer, in draw order reversed (top layer first, as readers scan)."""
    ids = set(layer_ids)
    layers: list[Layer] = [layer for layer in LAYER_BY_ID.values() if layer.id in ids]
    return [LegendEntry(layer.id, layer.legend, layer.style, layer.geometry) for layer in reversed(layers)]


def status_entries(statuses: Iterable[str]) -> list[LegendEntry]:
    """Line-pattern key for the statuses actually drawn."""
    present = set(statuses)
    return [
        LegendEntry(
            f"status:{s}", STATUS_LABEL[s], Style(color="#333333", weight=2.5, dash=STATUS_DASH[s]), "line"
        )
        for s in _STATUS_ORDER
        if s in present
    ]


def confidence_entries(confidences: Iterable[str]) -> list[LegendEntry]:
    """Hatch key for areas that are reported or illustrative."""
    present = set(confidences)
    return [
        LegendEntry(
            f"confidence:{c}",
            CONFIDENCE_LABEL[c],
            Style(
                color="#333333", weight=1, fill_color="#333333", fill_opacity=0.0, hatch=CONFIDENCE_HATCH[c]
            ),
            "polygon",
        )
        for c in ("reported", "illustrative")
        if c in present and CONFIDENCE_HATCH[c]
    ]
