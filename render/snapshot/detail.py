"""Detail insets: close-ups inside the main map for the places a regional view cannot name
(the Syunik border, the Strait of Hormuz), each keyed to an outline on the main map."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.path import Path
from matplotlib.transforms import Bbox

from layers.features import Params
from layers.loading import Atlas
from layers.styles import LABEL
from render.snapshot.furniture import VIEW_COLOUR
from render.snapshot.mapbody import MapBody, draw_map_body, place_body_labels
from render.snapshot.projection import BBox, ring, transformers
from render.snapshot.symbols import Drawn
from render.snapshot.text import wrap_text
from render.views import Detail

INSET_SHARE = (0.26, 0.34)  # width and height of each detail, as a share of the main map
MIN_MAP_IN = (5.5, 3.6)  # a smaller main map has no room for close-ups: they are left out
GAP = 0.012


@dataclass
class DetailResult:
    """What a detail inset drew: its title, box on the page, and labels placed and dropped."""

    title: str
    box: Bbox
    placed: int
    dropped: list[str]
    drawn: Drawn


def _outline(main: MapBody, bbox: BBox, tag: str) -> None:
    """The detail's extent on the main map, tagged with its letter."""
    fwd, _ = transformers(main.crs.to_wkt())
    edge = ring(bbox, 16)
    xs, ys = fwd.transform(edge[:, 0], edge[:, 1])
    main.ax.add_patch(
        PathPatch(
            Path(np.column_stack([xs, ys]), closed=True),
            facecolor="none",
            edgecolor=VIEW_COLOUR,
            linewidth=1.1,
            zorder=25,
            gid="detail_outline",
        )
    )
    main.ax.text(
        max(xs),
        max(ys),
        f" {tag}",
        color=VIEW_COLOUR,
        fontsize=8,
        fontweight="bold",
        va="bottom",
        ha="left",
        zorder=26,
        gid="detail_tag",
    )


def draw_details(
    fig: Figure,
    main: MapBody,
    details: Sequence[Detail],
    atlas: Atlas,
    layers: Sequence[str],
    params: Params,
    scale: float,
) -> list[DetailResult]:
    """Draw each detail in the main map's lower-left corner, side by side."""
    results: list[DetailResult] = []
    bounds = main.ax.get_position()
    W, H = fig.get_size_inches()
    if bounds.width * W < MIN_MAP_IN[0] or bounds.height * H < MIN_MAP_IN[1]:
        return results
    w, h = bounds.width * INSET_SHARE[0], bounds.height * INSET_SHARE[1]
    for i, detail in enumerate(details):
        tag = "ABCDEF"[i]
        x0 = bounds.x0 + GAP * 0.6 + i * (w + GAP * 0.6)
        y0 = bounds.y0 + bounds.height * 0.17
        rect = (x0, y0, w, h)
        body = draw_map_body(fig, rect, atlas, layers, params, detail.bbox, scale, gid=f"detail:{detail.id}")
        for spine in body.ax.spines.values():
            spine.set_edgecolor(VIEW_COLOUR)
            spine.set_linewidth(1.2)
        size = 7.5 * scale
        room = (w * W * 72) * 0.94  # the inset's width in points, less the box's padding
        title = body.ax.text(
            0.02,
            0.98,
            wrap_text(f"{tag}  {detail.title}", room, size, "bold"),
            transform=body.ax.transAxes,
            va="top",
            ha="left",
            fontsize=size,
            fontweight="bold",
            color=LABEL["color"],
            zorder=30,
            gid="detail_title",
            bbox={"boxstyle": "square,pad=0.25", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
        )
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        placement = place_body_labels(fig, body, [title.get_window_extent(renderer)])
        _outline(main, detail.bbox, tag)
        box = body.ax.get_window_extent(renderer)
        results.append(DetailResult(detail.title, box, placement.placed, placement.dropped, body.drawn))
    return results
