"""Label placement: greedy collision avoidance in display space, by priority.

Candidates are tried at each offset around their symbol; a label that overlaps a placed label,
a symbol or an obstacle (map furniture), or leaves the map frame, moves to its next offset and
is dropped when none fits. Dropped labels are counted and named, never lost silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import shapely
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox
from shapely.geometry.base import BaseGeometry

from layers.styles import BASEMAP, LABEL
from render.snapshot.paths import Country
from render.snapshot.style import PX_TO_PT

HAlign = Literal["left", "center", "right"]
VAlign = Literal["bottom", "baseline", "center", "center_baseline", "top"]
Offset = tuple[float, float, HAlign, VAlign]  # dx pt, dy pt, ha, va


@dataclass
class LabelCandidate:
    """A label that wants a place on the map."""

    x: float
    y: float
    text: str
    priority: int  # lower is placed first
    size: float
    color: str
    style: str = "normal"
    weight: int | str = LABEL["weight"]
    offsets: tuple[Offset, ...] = ()
    gid: str = "label"


@dataclass
class Placement:
    """How placement went: counts and the names that did not fit."""

    placed: int = 0
    dropped: list[str] | None = None

    @property
    def dropped_count(self) -> int:
        return len(self.dropped or [])


def point_offsets(radius_pt: float) -> tuple[Offset, ...]:
    """Label positions around a symbol: right first, as the browser's labels."""
    d = radius_pt + 2.5
    k = d * 0.75
    return (
        (d, 0, "left", "center"),
        (-d, 0, "right", "center"),
        (0, d, "center", "bottom"),
        (0, -d, "center", "top"),
        (k, k, "left", "bottom"),
        (k, -k, "left", "top"),
        (-k, k, "right", "bottom"),
        (-k, -k, "right", "top"),
    )


def marker_bbox(ax: Axes, x: float, y: float, radius_pt: float, dpi: float) -> Bbox:
    """Display-space box of a point symbol."""
    px, py = ax.transData.transform((x, y))
    r = radius_pt * dpi / 72
    return Bbox.from_extents(px - r, py - r, px + r, py + r)


def halo() -> list[patheffects.AbstractPathEffect]:
    """The white halo every map label carries (one definition with the browser's text-shadow)."""
    return [patheffects.withStroke(linewidth=LABEL["halo_px"] * PX_TO_PT * 2, foreground=LABEL["halo"])]


def _annotation(ax: Axes, cand: LabelCandidate, offset: Offset) -> Annotation:
    dx, dy, ha, va = offset
    return ax.annotate(
        cand.text,
        (cand.x, cand.y),
        xytext=(dx, dy),
        textcoords="offset points",
        ha=ha,
        va=va,
        fontsize=cand.size,
        color=cand.color,
        fontstyle=cand.style,
        fontweight=cand.weight,
        zorder=20,
        path_effects=halo(),
        gid=cand.gid,
        annotation_clip=False,
    )


def place_labels(
    fig: Figure, ax: Axes, candidates: Sequence[LabelCandidate], occupied: list[Bbox]
) -> Placement:
    """Place candidates by priority; ``occupied`` (symbols, furniture) grows as labels land."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    frame = ax.get_window_extent(renderer)
    result = Placement(dropped=[])
    pad = 1.5 * fig.dpi / 72
    for cand in sorted(candidates, key=lambda c: c.priority):
        text: Annotation | None = None
        for offset in cand.offsets or ((0, 0, "center", "center"),):
            if text is None:
                text = _annotation(ax, cand, offset)
            else:
                text.set_position(offset[:2])
                text.set_horizontalalignment(offset[2])
                text.set_verticalalignment(offset[3])
            bb = text.get_window_extent(renderer)
            bb = Bbox.from_extents(bb.x0 - pad, bb.y0 - pad, bb.x1 + pad, bb.y1 + pad)
            inside = frame.x0 <= bb.x0 and bb.x1 <= frame.x1 and frame.y0 <= bb.y0 and bb.y1 <= frame.y1
            if inside and not any(bb.overlaps(o) for o in occupied):
                occupied.append(bb)
                result.placed += 1
                break
        else:
            if text is not None:
                text.remove()
            result.dropped.append(cand.text)  # type: ignore[union-attr]
    return result


def country_labels(
    countries: Sequence[Country], view: BaseGeometry, scale: float, limit: int = 8
) -> list[LabelCandidate]:
    """A few country names: the largest countries in view, placed after feature labels."""
    ranked = sorted((c for c in countries if view.contains(shapely.Point(c.anchor))), key=lambda c: -c.area)
    return [
        LabelCandidate(
            c.anchor[0],
            c.anchor[1],
            c.name.upper(),
            priority=10_000 + i,
            size=7.5 * scale,
            color=BASEMAP["label"],
            style="italic",
            weight="normal",
            gid="country_label",
        )
        for i, c in enumerate(ranked[:limit])
    ]
