"""Map furniture: frame, scale bar, north arrow and locator inset."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, PathPatch
from matplotlib.path import Path
from pyproj import CRS

from layers.loading import Atlas
from layers.measure import METRES_PER_NMI, km_to_nmi
from layers.styles import BASEMAP, FOCUS_COUNTRIES, LABEL
from render.snapshot.layout import Rect
from render.snapshot.paths import polygon_path, projected_reference
from render.snapshot.projection import (
    BBox,
    Extent,
    extent_lonlat,
    fit_crs,
    ground_km,
    north_angle,
    projected_extent,
    transformers,
)
from render.views import REGION_BBOX

VIEW_COLOUR = BASEMAP["view"]  # the view's outline on the locator inset
VIEW_COLOUR_RGB = tuple(int(VIEW_COLOUR[i : i + 2], 16) / 255 for i in (1, 3, 5))
INSET_BBOX: BBox = (REGION_BBOX[0] - 4, REGION_BBOX[1] - 3, REGION_BBOX[2] + 3.5, REGION_BBOX[3] + 2.5)


def frame_axes(ax: Axes, extent: Extent, edge: str, width: float) -> None:
    """A map frame: projected extent at true aspect, no ticks, a thin border."""
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor(edge)
        spine.set_linewidth(width)


def nice_length(km: float) -> float:
    """Largest 1, 2 or 5 × 10^n not above ``km``."""
    if km <= 0:
        raise ValueError("length must be positive")
    exp = math.floor(math.log10(km))
    for m in (5, 2, 1):
        if m * 10**exp <= km:
            return float(m * 10**exp)
    return float(10**exp)


def scale_bar_length(crs: CRS, extent: Extent, fraction: float = 0.22) -> tuple[float, float]:
    """(km, projected length) of a round-numbered bar about ``fraction`` of the map wide.

    Measured at the map centre: a bar of that projected length centred there spans exactly the
    labelled ground distance (refined, since scale varies slightly along the bar).
    """
    cx, cy = (extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2
    target = (extent[2] - extent[0]) * fraction
    km = nice_length(ground_km(crs, cx - target / 2, cx + target / 2, cy))
    length = target
    for _ in range(3):
        length *= km / ground_km(crs, cx - length / 2, cx + length / 2, cy)
    return km, length


def draw_scale_bar(
    ax: Axes, crs: CRS, extent: Extent, scale: float, nautical: bool = False
) -> tuple[float, list[Any]]:
    """A scale bar in the lower left (with a second one in nautical miles for maritime views);
    returns its length in km and its artists."""
    km, length = scale_bar_length(crs, extent)
    w, h = extent[2] - extent[0], extent[3] - extent[1]
    x0, y0 = extent[0] + 0.035 * w, extent[1] + 0.045 * h
    extra = 0.0
    if nautical:
        nmi = nice_length(km_to_nmi(km))
        nmi_length = length * nmi * METRES_PER_NMI / 1000 / km
        extra = 0.07 * h
        yn = y0
        y0 = y0 + extra
        bar = Line2D(
            [x0, x0 + nmi_length],
            [yn, yn],
            color=LABEL["color"],
            linewidth=2.2,
            solid_capstyle="butt",
            zorder=31,
        )
        bar.set_gid("scale_bar_nmi")
        ax.add_line(bar)
        for x in (x0, x0 + nmi_length):
            ax.add_line(Line2D([x, x], [yn, yn + 0.012 * h], color=LABEL["color"], linewidth=0.8, zorder=31))
        ax.text(
            x0 + nmi_length,
            yn + 0.02 * h,
            f"{nmi:g} nmi",
            ha="right",
            va="bottom",
            fontsize=7.5 * scale,
            color=LABEL["color"],
            zorder=32,
            gid="scale_label_nmi",
        )
    box = FancyBboxPatch(
        (x0 - 0.012 * w, y0 - 0.025 * h - extra),
        length + 0.024 * w,
        0.085 * h + extra,
        boxstyle="round,pad=0,rounding_size=0",
        facecolor=(1, 1, 1, 0.8),
        edgecolor="none",
        zorder=30,
        gid="scale_bar_box",
    )
    ax.add_patch(box)
    bar = Line2D(
        [x0, x0 + length], [y0, y0], color=LABEL["color"], linewidth=2.2, solid_capstyle="butt", zorder=31
    )
    bar.set_gid("scale_bar")
    ax.add_line(bar)
    for x in (x0, x0 + length / 2, x0 + length):
        ax.add_line(Line2D([x, x], [y0, y0 + 0.012 * h], color=LABEL["color"], linewidth=0.8, zorder=31))
    text: dict[str, Any] = {"va": "bottom", "fontsize": 7.5 * scale, "color": LABEL["color"], "zorder": 32}
    ax.text(x0 + length, y0 + 0.02 * h, f"{km:g} km", ha="right", gid="scale_label", **text)
    ax.text(x0, y0 + 0.02 * h, "0", ha="left", **text)
    return km, [box]


def draw_north_arrow(ax: Axes, crs: CRS, extent: Extent, scale: float) -> tuple[float, list[Any]]:
    """A north arrow turned to true north where it stands; returns the angle and its artists."""
    w, h = extent[2] - extent[0], extent[3] - extent[1]
    length = 0.07 * h
    bx, by = extent[2] - 0.045 * w, extent[3] - 0.14 * h
    angle = north_angle(crs, extent, (bx, by))
    tip = (bx + length * math.sin(math.radians(angle)), by + length * math.cos(math.radians(angle)))
    arrow = FancyArrowPatch(
        (bx, by),
        tip,
        arrowstyle="-|>,head_length=0.9,head_width=0.45",
        mutation_scale=14 * scale,
        facecolor=LABEL["color"],
        edgecolor=LABEL["color"],
        linewidth=1.4,
        shrinkA=0,
        shrinkB=0,
        zorder=31,
        gid="north_arrow",
        path_effects=[patheffects.withStroke(linewidth=3, foreground=LABEL["halo"])],
    )
    ax.add_patch(arrow)
    label = ax.annotate(
        "N",
        tip,
        xytext=(0, 3),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=9 * scale,
        fontweight="bold",
        color=LABEL["color"],
        zorder=32,
        gid="north_label",
        path_effects=[patheffects.withStroke(linewidth=2.5, foreground=LABEL["halo"])],
    )
    return angle, [arrow, label]


INSET_WIDER = 3.0  # the locator shows at least this many times the map's width and height
INSET_MIN_SPAN_DEG = 24.0  # and at least this much of the world, so a close-up can be placed
INSET_MAX_SPAN_DEG = 90.0  # and at most this much: a conic fitted to more is not a locator


def inset_bbox(view_ring: np.ndarray) -> BBox:
    """The locator's extent: the view's, widened ``INSET_WIDER`` times (or to the minimum span)."""
    lon_min, lat_min = np.min(view_ring, axis=0)
    lon_max, lat_max = np.max(view_ring, axis=0)
    cx, cy = (lon_min + lon_max) / 2, (lat_min + lat_max) / 2
    half_w = min(max((lon_max - lon_min) * INSET_WIDER, INSET_MIN_SPAN_DEG), INSET_MAX_SPAN_DEG) / 2
    half_h = min(max((lat_max - lat_min) * INSET_WIDER, INSET_MIN_SPAN_DEG * 0.7), INSET_MAX_SPAN_DEG) / 2
    return (
        max(cx - half_w, -180.0),
        max(cy - half_h, -60.0),
        min(cx + half_w, 180.0),
        min(cy + half_h, 70.0),
    )


def draw_inset(fig: Figure, rect: Rect, atlas: Atlas, view_ring: np.ndarray) -> Axes:
    """A locator: the wide context (coarse countries) with the map's extent outlined."""
    region = inset_bbox(view_ring)
    crs = fit_crs(region)
    W, H = fig.get_size_inches()
    extent = projected_extent(region, crs, (rect[2] * W) / (rect[3] * H))
    ax = fig.add_axes(rect, gid="inset")
    ax.set_facecolor(BASEMAP["sea"])
    context = [
        (row, geom)
        for row, geom in projected_reference(
            atlas, "context", crs.to_wkt(), extent_lonlat(extent, crs), (extent[2] - extent[0]) / 400
        )
    ]
    paths = [(str(row.get("name")), polygon_path(geom)) for row, geom in context]
    drawn = [(name, p) for name, p in paths if p is not None]
    if drawn:
        faces = [BASEMAP["focus_land"] if name in FOCUS_COUNTRIES else BASEMAP["land"] for name, _ in drawn]
        coll = PathCollection(
            [p for _, p in drawn], facecolors=faces, edgecolors=BASEMAP["border"], linewidths=0.3, zorder=0.5
        )
        coll.set_gid("inset_land")
        ax.add_collection(coll, autolim=False)
    fwd, _ = transformers(crs.to_wkt())
    xs, ys = fwd.transform(view_ring[:, 0], view_ring[:, 1])
    ax.add_patch(
        PathPatch(
            Path(np.column_stack([xs, ys]), closed=True),
            facecolor=(*VIEW_COLOUR_RGB, 0.15),
            edgecolor=VIEW_COLOUR,
            linewidth=1.3,
            zorder=5,
            gid="inset_view",
        )
    )
    frame_axes(ax, extent, BASEMAP["border"], 0.6)
    return ax
