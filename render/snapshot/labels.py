"""Label placement: greedy collision avoidance in display space, by priority.

Candidates are tried at each position they offer (around a symbol, or at spots inside an area);
a label that overlaps a placed label, a symbol or an obstacle (map furniture), or leaves the
map frame, moves on and is dropped when none fits. A story's key places may also stand off
their symbol with a leader line. One label per place: a second label for the same place is
left out. Dropped labels are named in the snapshot's record, never lost silently.

Every label stays text in SVG and PDF: its white halo is a separate artist behind it (matplotlib
turns text with path effects into outlines).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Literal

import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

from layers.reference import same_place
from layers.styles import LABEL
from render.snapshot.backend import measuring_renderer
from render.snapshot.style import PX_TO_PT

HAlign = Literal["left", "center", "right"]
VAlign = Literal["bottom", "baseline", "center", "center_baseline", "top"]
Offset = tuple[float, float, HAlign, VAlign]  # dx pt, dy pt, ha, va
LEADER_COLOUR = "#555555"
SAME_PLACE_PT = 40.0  # two labels naming one place closer than this on the page: keep one


@dataclass(frozen=True)
class LabelCandidate:
    """A label that wants a place on the map (immutable: a view's candidates are cached)."""

    x: float
    y: float
    text: str
    priority: int  # lower is placed first
    size: float
    color: str
    style: str = "normal"
    weight: int | str = LABEL["weight"]
    offsets: tuple[Offset, ...] = ()
    anchors: tuple[tuple[float, float, float], ...] = ()  # other spots (x, y, rotation) it may take
    rotation: float = 0.0
    leader: bool = False  # may stand off with a leader line (a story's key place)
    gid: str = "label"


@dataclass
class Placement:
    """How placement went: counts and the names that did not fit (or were the same place twice)."""

    placed: int = 0
    dropped: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)


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


def leader_offsets(radius_pt: float) -> tuple[Offset, ...]:
    """Positions farther out, each joined to the symbol by a leader line."""
    out: list[Offset] = []
    for distance in (radius_pt + 16, radius_pt + 30):
        for deg in (0, 180, 45, 135, 315, 225, 90, 270, 20, 160, 340, 200):
            rad = math.radians(deg)
            dx, dy = distance * math.cos(rad), distance * math.sin(rad)
            ha: HAlign = "left" if dx > 1 else "right" if dx < -1 else "center"
            va: VAlign = "bottom" if dy > 1 else "top" if dy < -1 else "center"
            out.append((dx, dy, ha, va))
    return tuple(out)


def marker_bbox(ax: Axes, x: float, y: float, radius_pt: float, dpi: float) -> Bbox:
    """Display-space box of a point symbol."""
    px, py = ax.transData.transform((x, y))
    r = radius_pt * dpi / 72
    return Bbox.from_extents(px - r, py - r, px + r, py + r)


def _halo() -> list[patheffects.AbstractPathEffect]:
    return [patheffects.Stroke(linewidth=LABEL["halo_px"] * PX_TO_PT * 2, foreground=LABEL["halo"])]


def _texts(
    ax: Axes, cand: LabelCandidate, at: tuple[float, float], offset: Offset
) -> tuple[Annotation, Annotation]:
    """The halo (white outline, behind) and the label itself (text, searchable)."""
    dx, dy, ha, va = offset
    common: dict[str, Any] = {
        "xytext": (dx, dy),
        "textcoords": "offset points",
        "ha": ha,
        "va": va,
        "fontsize": cand.size,
        "fontstyle": cand.style,
        "fontweight": cand.weight,
        "rotation": cand.rotation,
        "rotation_mode": "anchor",
        "annotation_clip": False,
    }
    halo = ax.annotate(
        cand.text, at, color=LABEL["halo"], zorder=19, path_effects=_halo(), gid=f"halo:{cand.gid}", **common
    )
    text = ax.annotate(cand.text, at, color=cand.color, zorder=20, gid=cand.gid, **common)
    return halo, text


def _positions(cand: LabelCandidate) -> list[tuple[tuple[float, float], Offset, float, bool]]:
    """(anchor, offset, rotation, with leader) in the order they are tried."""
    centred: Offset = (0, 0, "center", "center")
    first = cand.offsets[0] if cand.offsets else centred
    out = [((cand.x, cand.y), o, cand.rotation, False) for o in (cand.offsets or (centred,))]
    out += [((x, y), first, rot, False) for x, y, rot in cand.anchors]
    if cand.leader and cand.offsets:
        radius = abs(cand.offsets[0][0]) - 2.5
        out += [((cand.x, cand.y), o, 0.0, True) for o in leader_offsets(radius)]
    return out


_HA = {"left": 0.0, "center": -0.5, "right": -1.0}
_VA = {"bottom": 0.0, "baseline": 0.0, "center": -0.5, "center_baseline": -0.5, "top": -1.0}


def _boxes(
    size: tuple[float, float],
    at_px: tuple[float, float],
    offset: Offset,
    rotation: float,
    dpi: float,
    pad: float,
) -> np.ndarray:
    """Display boxes (n × [x0, y0, x1, y1]) covering a text of ``size`` (w, h px) placed like
    matplotlib's annotate with rotation_mode="anchor": aligned in its own frame, then turned
    about the anchor. A turned text is covered by boxes along its length, each about as long as
    the text is high, so a slanting sea name does not claim the whole square it spans."""
    w, h = size
    dx, dy, ha, va = offset
    x0, y0 = _HA[ha] * w, _VA[va] * h
    cx, cy = at_px[0] + dx * dpi / 72, at_px[1] + dy * dpi / 72
    if not rotation:  # most labels: one box, without numpy's per-call cost
        return np.array([[cx + x0 - pad, cy + y0 - pad, cx + x0 + w + pad, cy + y0 + h + pad]])
    pieces = 1 if abs(rotation) < 3 else max(1, math.ceil(w / max(h, 1.0)))
    xs = x0 + w * np.arange(pieces + 1) / pieces
    left, right = xs[:-1], xs[1:]
    corners = np.stack(  # pieces × 4 corners × (x, y)
        [
            np.stack([left, np.full(pieces, y0)], axis=1),
            np.stack([right, np.full(pieces, y0)], axis=1),
            np.stack([left, np.full(pieces, y0 + h)], axis=1),
            np.stack([right, np.full(pieces, y0 + h)], axis=1),
        ],
        axis=1,
    )
    if rotation:
        t = math.radians(rotation)
        rot = np.array([[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]])
        corners = corners @ rot.T
    return np.stack(
        [
            cx + corners[:, :, 0].min(axis=1) - pad,
            cy + corners[:, :, 1].min(axis=1) - pad,
            cx + corners[:, :, 0].max(axis=1) + pad,
            cy + corners[:, :, 1].max(axis=1) + pad,
        ],
        axis=1,
    )


class _Occupied:
    """Display boxes already taken, checked all at once (numpy)."""

    def __init__(self, boxes: Sequence[Bbox]) -> None:
        self.boxes = np.array([[b.x0, b.y0, b.x1, b.y1] for b in boxes], dtype=float).reshape(-1, 4)

    def clear(self, boxes: np.ndarray) -> bool:
        """Whether none of ``boxes`` (n × 4) overlaps a box already taken."""
        b = self.boxes
        if not len(b):
            return True
        x0, y0, x1, y1 = (boxes[:, i, None] for i in range(4))
        hit = (x0 < b[None, :, 2]) & (x1 > b[None, :, 0]) & (y0 < b[None, :, 3]) & (y1 > b[None, :, 1])
        return not bool(hit.any())

    def add(self, boxes: np.ndarray) -> None:
        self.boxes = np.vstack([self.boxes, boxes])


@lru_cache(maxsize=4096)
def _measure(text: str, size: float, style: str, weight: int | str, dpi: float) -> tuple[float, float]:
    """A label's size in display pixels, unturned (lines as matplotlib sets them)."""
    prop = FontProperties(family=LABEL["font_family"], size=size, style=style, weight=weight)  # type: ignore[arg-type]
    renderer = _renderer(dpi)
    lines = text.split("\n")
    width = max(renderer.get_text_width_height_descent(line or " ", prop, ismath=False)[0] for line in lines)
    _, line_h, _ = renderer.get_text_width_height_descent("lp", prop, ismath=False)
    height = line_h + (len(lines) - 1) * size * 1.2 * dpi / 72
    return float(width), float(height)


@lru_cache(maxsize=8)
def _renderer(dpi: float) -> RendererAgg:
    return measuring_renderer(dpi)


def _duplicate(
    cand: LabelCandidate, kept: list[tuple[LabelCandidate, tuple[float, float]]], ax: Axes, dpi: float
) -> bool:
    px, py = ax.transData.transform((cand.x, cand.y))
    limit = SAME_PLACE_PT * dpi / 72
    return any(
        same_place(cand.text, other.text) and math.hypot(px - ox, py - oy) <= limit
        for other, (ox, oy) in kept
    )


def place_labels(
    fig: Figure, ax: Axes, candidates: Sequence[LabelCandidate], occupied: list[Bbox]
) -> Placement:
    """Place candidates by priority around symbols and obstacles; placed labels become obstacles."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    frame = ax.get_window_extent(renderer)
    taken = _Occupied(occupied)
    result = Placement()
    pad = 1.5 * fig.dpi / 72
    kept: list[tuple[LabelCandidate, tuple[float, float]]] = []
    for cand in sorted(candidates, key=lambda c: c.priority):
        if _duplicate(cand, kept, ax, fig.dpi):
            result.merged.append(cand.text)
            continue
        size = _measure(cand.text, cand.size, cand.style, cand.weight, fig.dpi)
        for at, offset, rotation, leader in _positions(cand):
            px, py = ax.transData.transform(at)
            at_px = (float(px), float(py))
            boxes = _boxes(size, at_px, offset, rotation, fig.dpi, pad)
            inside = (
                frame.x0 <= boxes[:, 0].min()
                and boxes[:, 2].max() <= frame.x1
                and frame.y0 <= boxes[:, 1].min()
                and boxes[:, 3].max() <= frame.y1
            )
            if inside and taken.clear(boxes):
                taken.add(boxes)
                _texts(ax, replace(cand, rotation=rotation), at, offset)
                if leader:
                    _leader(ax, cand, at, offset, fig.dpi)
                kept.append((cand, at_px))
                result.placed += 1
                break
        else:
            result.dropped.append(cand.text)
    return result


def _leader(ax: Axes, cand: LabelCandidate, at: tuple[float, float], offset: Offset, dpi: float) -> None:
    """A thin line from the symbol's edge towards the stood-off label."""
    px, py = ax.transData.transform(at)
    dx, dy = offset[0] * dpi / 72, offset[1] * dpi / 72
    length = math.hypot(dx, dy)
    start = 6 * dpi / 72 / max(length, 1e-9)
    end = 1 - 2 * dpi / 72 / max(length, 1e-9)
    inv = ax.transData.inverted()
    (x0, y0), (x1, y1) = inv.transform([(px + dx * start, py + dy * start), (px + dx * end, py + dy * end)])
    line = Line2D([x0, x1], [y0, y1], color=LEADER_COLOUR, linewidth=0.6, zorder=18)
    line.set_gid(f"leader:{cand.gid}")
    ax.add_line(line)
