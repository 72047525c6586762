"""The print legend: draws ``layers.legend`` sections in a panel, flowed into columns.

Swatches go through the same drawing helpers as the map (``symbols``), so a swatch looks like
the feature it explains. Text is sized for the page and shrinks only down to a floor.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.path import Path

from layers.legend import LegendEntry, LegendSection
from layers.styles import LABEL
from render.snapshot.layout import Rect
from render.snapshot.symbols import add_line_artist, area_patch, arrow_patch, line_artists, scatter_symbols
from render.snapshot.text import wrap_text

MIN_TEXT_PT = 6.5  # legend text never shrinks below this; it takes more columns instead
MAX_EXTRA_COLUMNS = 2
COLUMN_GAP, SWATCH_W, TEXT_X = 10.0, 22.0, 28.0


@dataclass(frozen=True)
class _Block:
    kind: str  # "heading" | "entry"
    text: str
    entry: LegendEntry | None
    lines: tuple[str, ...]
    height: float


def _blocks(sections: list[LegendSection], size: float, text_w: float, dpi: float) -> list[_Block]:
    blocks: list[_Block] = []
    for section in sections:
        head = tuple(wrap_text(section.heading, text_w + TEXT_X, size + 0.5, "bold", dpi).split("\n"))
        blocks.append(_Block("heading", "\n".join(head), None, head, size * 1.25 * len(head) + size * 0.65))
        for e in section.entries:
            lines = tuple(wrap_text(e.label, text_w, size, dpi=dpi).split("\n"))
            blocks.append(_Block("entry", e.label, e, lines, size * 1.15 * len(lines) * 1.18 + size * 0.55))
    return blocks


def _flow(blocks: list[_Block], height: float, columns: int) -> list[tuple[int, float]] | None:
    """Column and top y of each block, or None if they do not fit (headings stay with their rows)."""
    out, col, y = [], 0, 0.0
    for i, block in enumerate(blocks):
        follow = blocks[i + 1].height if block.kind == "heading" and i + 1 < len(blocks) else 0.0
        if y + block.height + follow > height and y > 0:
            col, y = col + 1, 0.0
            if col >= columns:
                return None
        out.append((col, y))
        y += block.height
    return out


def draw_swatch(ax: Axes, entry: LegendEntry, x0: float, x1: float, mid: float, size: float) -> None:
    """One swatch in legend units (points, y down), drawn like the map draws the feature."""
    s = entry.style
    gid = f"legend:{entry.key}"
    if entry.geometry == "point":
        scatter_symbols(ax, np.array([[(x0 + x1) / 2, mid]]), s, gid, clip_on=False)
    elif entry.geometry == "polygon":
        h = size * 1.1
        box = Path(
            [(x0, mid - h / 2), (x1, mid - h / 2), (x1, mid + h / 2), (x0, mid + h / 2), (x0, mid - h / 2)],
            closed=True,
        )
        ax.add_patch(area_patch(box, s, gid, clip_on=False))
    else:
        for artist in line_artists(Path([(x0, mid), (x0 + (x1 - x0) / 2, mid), (x1, mid)]), s, gid, 1.0):
            add_line_artist(ax, artist, clip=False)
        if s.arrows:
            ax.add_patch(arrow_patch((x0 + 10, mid), (x0 + 16, mid), s, gid, clip_on=False))


def legend_fits(
    fig_size: tuple[float, float],
    rect: Rect,
    sections: list[LegendSection],
    columns: int,
    scale: float,
    dpi: float,
) -> bool:
    """Whether the sections fit the panel at MIN_TEXT_PT or larger (before anything is drawn)."""
    w_pt, h_pt = rect[2] * fig_size[0] * 72, rect[3] * fig_size[1] * 72
    return _fit(sections, w_pt, h_pt, columns, scale, dpi, strict=True) is not None


def _fit(
    sections: list[LegendSection],
    w_pt: float,
    h_pt: float,
    columns: int,
    scale: float,
    dpi: float,
    strict: bool = False,
):
    """Largest text size and fewest columns (from ``columns``) at which the legend fits."""
    min_col = TEXT_X + 70  # a column narrower than this wraps every word
    for cols in range(columns, columns + MAX_EXTRA_COLUMNS + 1):
        if cols > 1 and (w_pt - COLUMN_GAP * (cols - 1)) / cols < min_col:
            break
        col_w = (w_pt - COLUMN_GAP * (cols - 1)) / cols
        size = 7.5 * scale
        while size >= MIN_TEXT_PT:
            blocks = _blocks(sections, size, col_w - TEXT_X, dpi)
            placement = _flow(blocks, h_pt, cols)
            if placement is not None:
                return size, col_w, blocks, placement
            size -= 0.25
    if strict:
        return None
    # Does not fit even then: smallest text in the most columns, running past the panel's
    # foot (the page test catches it; the page gives the legend a larger area first).
    cols = columns + MAX_EXTRA_COLUMNS
    col_w = (w_pt - COLUMN_GAP * (cols - 1)) / cols
    blocks = _blocks(sections, MIN_TEXT_PT, col_w - TEXT_X, dpi)
    return MIN_TEXT_PT, col_w, blocks, _flow(blocks, h_pt * (1 + len(blocks)), cols) or []


def draw_legend(
    fig: Figure, rect: Rect, sections: list[LegendSection], columns: int, scale: float
) -> list[str]:
    """Legend panel in point units (y down); returns the entry keys drawn, in order."""
    W, H = fig.get_size_inches()
    w_pt, h_pt = rect[2] * W * 72, rect[3] * H * 72
    ax = fig.add_axes(rect, gid="legend")
    ax.set_xlim(0, w_pt)
    ax.set_ylim(h_pt, 0)
    ax.axis("off")
    size, col_w, blocks, placement = _fit(sections, w_pt, h_pt, columns, scale, fig.dpi)
    keys = []
    for block, (col, y) in zip(blocks, placement, strict=True):
        x = col * (col_w + COLUMN_GAP)
        if block.entry is None:
            ax.text(
                x,
                y,
                block.text,
                fontsize=size + 0.5,
                fontweight="bold",
                va="top",
                ha="left",
                color=LABEL["color"],
                gid="legend_heading",
            )
            continue
        keys.append(block.entry.key)
        draw_swatch(ax, block.entry, x, x + SWATCH_W, y + 0.5 * size * 1.25, size)
        ax.text(
            x + TEXT_X,
            y,
            "\n".join(block.lines),
            fontsize=size,
            va="top",
            ha="left",
            color=LABEL["color"],
            linespacing=1.15,
            gid=f"legend_text:{block.entry.key}",
        )
    return keys
