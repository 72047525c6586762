"""The reference map in print: lakes, rivers, place symbols and the names of the reference layer
(``layers.reference``), as label candidates placed with the story's own labels."""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from shapely.geometry import LineString, Point, box
from shapely.geometry.base import BaseGeometry

from layers.loading import Atlas
from layers.reference import (
    COUNTRY_MIN_SHARE,
    LABEL_CLASSES,
    LAKE_EDGE,
    PLACE_SYMBOL,
    RIVER_COLOUR,
    RIVER_WIDTH_PX,
    RefLabel,
    reference_labels,
)
from layers.styles import BASEMAP
from render.snapshot.labels import LabelCandidate, point_offsets
from render.snapshot.paths import line_path, parts, polygon_path, projected_reference
from render.snapshot.projection import BBox, Extent, transformers
from render.snapshot.style import PX_TO_PT
from render.snapshot.symbols import MapFrame

MIN_TEXT_PT = 6.5
AREA_SPOTS = 12  # other spots an area's name may take when its centre is taken


def draw_water(ax: Axes, atlas: Atlas, crs_wkt: str, clip: BBox, tolerance: float) -> None:
    """Lakes in the sea's colour and rivers, under every overlay."""
    paths = (polygon_path(g) for _, g in projected_reference(atlas, "lakes", crs_wkt, clip, tolerance))
    lakes = [p for p in paths if p is not None]
    if lakes:
        coll = PathCollection(
            lakes, facecolors=BASEMAP["sea"], edgecolors=LAKE_EDGE, linewidths=0.5, zorder=0.6
        )
        coll.set_gid("lakes")
        ax.add_collection(coll, autolim=False)
    for row, geom in projected_reference(atlas, "rivers", crs_wkt, clip, tolerance):
        path = line_path(geom)
        if path is None:
            continue
        width = RIVER_WIDTH_PX.get(int(row.get("rank") or 3), 0.8) * PX_TO_PT
        coll = PathCollection(
            [path], facecolors="none", edgecolors=RIVER_COLOUR, linewidths=width, zorder=0.7
        )
        coll.set_gid("rivers")
        ax.add_collection(coll, autolim=False)


def _size(label: RefLabel, scale: float, zoom: float) -> float:
    """Type size in points: the class's, a little smaller at regional scales, never below 6.5 pt."""
    shrink = min(1.0, 0.82 + 0.09 * max(0.0, zoom - 4))
    return max(MIN_TEXT_PT, label.style.size_px * PX_TO_PT * scale * shrink)


def _along(rotation: float) -> tuple:
    """Positions for a name on the water: its spot, then along its axis and a little across."""
    rad = math.radians(rotation)
    ux, uy, vx, vy = math.cos(rad), math.sin(rad), -math.sin(rad), math.cos(rad)
    steps = (
        (0, 0),
        (25, 0),
        (-25, 0),
        (0, 10),
        (0, -10),
        (50, 0),
        (-50, 0),
        (25, 10),
        (-25, -10),
        (75, 0),
        (-75, 0),
    )
    return tuple((a * ux + b * vx, a * uy + b * vy, "center", "center") for a, b in steps)


NEAR: tuple = tuple(
    (dx, dy, "center", "center")
    for dx, dy in ((0, 0), (0, 10), (0, -10), (16, 0), (-16, 0), (14, 12), (-14, -12), (-14, 12), (14, -12))
)


def _candidate(
    label: RefLabel, x: float, y: float, size: float, zoom: float = 0.0, **kw: Any
) -> LabelCandidate:
    style = label.style
    return LabelCandidate(
        x,
        y,
        label.display_at(zoom),
        priority=label.priority,
        size=size,
        color=style.color,
        style="italic" if style.italic else "normal",
        weight=style.weight,
        gid=f"ref:{label.cls}",
        **kw,
    )


def _spots(area: BaseGeometry, n: int) -> tuple[tuple[float, float], ...]:
    """Points inside an area, nearest its centre first (other places for its name)."""
    if area.is_empty:
        return ()
    x0, y0, x1, y1 = area.bounds
    xs, ys = np.meshgrid(np.linspace(x0, x1, 7)[1:-1], np.linspace(y0, y1, 7)[1:-1])
    pts = [Point(x, y) for x, y in zip(xs.ravel(), ys.ravel(), strict=True)]
    inside = [p for p in pts if area.contains(p)]
    c = area.representative_point()
    inside.sort(key=lambda p: p.distance(c))
    return tuple((p.x, p.y) for p in inside[:n])


def _river_rotation(line: LineString, at: float) -> float:
    a, b = (
        line.interpolate(max(at - 0.04, 0), normalized=True),
        line.interpolate(min(at + 0.04, 1), normalized=True),
    )
    angle = math.degrees(math.atan2(b.y - a.y, b.x - a.x))
    return (angle + 90) % 180 - 90  # never upside down


def _area_candidate(
    label: RefLabel, shape: BaseGeometry | None, view: BaseGeometry, size: float
) -> LabelCandidate | None:
    """A country's or lake's name inside the part of it the map shows (beside it, if small)."""
    visible = shape.intersection(view) if shape is not None else None
    if visible is None or visible.is_empty or visible.area <= 0:
        return None
    whole = visible.area >= shape.area * 0.98  # type: ignore[union-attr]
    if label.cls == "country" and not whole and visible.area < COUNTRY_MIN_SHARE * view.area:
        return None  # a sliver of a country at the map's edge
    main = max(parts(visible, ("Polygon",)), key=lambda g: g.area)
    c = main.representative_point()
    spots = tuple((x, y, 0.0) for x, y in _spots(main, AREA_SPOTS))
    small = label.cls == "country" and main.area < 0.002 * view.area
    offsets = point_offsets(3.0) if small else ()
    return _candidate(label, c.x, c.y, size, anchors=spots, offsets=offsets, leader=small)


def _river_candidate(
    label: RefLabel, line: BaseGeometry | None, view: BaseGeometry, size: float
) -> LabelCandidate | None:
    """A river's name along its longest visible stretch, turned to follow it."""
    visible = line.intersection(view) if line is not None else None
    pieces = parts(visible, ("LineString",)) if visible is not None else []
    if not pieces:
        return None
    longest = max(pieces, key=lambda g: g.length)
    spots = []
    for at in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9):
        p = longest.interpolate(at, normalized=True)
        spots.append((p.x, p.y, _river_rotation(longest, at)))
    x, y, rot = spots[0]
    return _candidate(
        label,
        x,
        y,
        size,
        rotation=rot,
        anchors=tuple(spots[1:]),
        offsets=((0, 2, "center", "bottom"), (0, -2, "center", "top")),
    )


def reference_candidates(
    atlas: Atlas, crs_wkt: str, clip: BBox, tolerance: float, frame: MapFrame, scale: float
) -> tuple[list[LabelCandidate], list[tuple[float, float, float]], list[tuple[str, float, float]]]:
    """Names for this scale and view, with the place symbols they name.

    Returns (candidates, symbols as (x, y, radius pt) for label avoidance, symbols to draw as
    (kind, x, y)). Cached per view and scale (candidates are immutable; the lists are new)."""
    cands, obstacles, symbols = _reference_candidates(
        atlas, crs_wkt, clip, tolerance, tuple(frame.extent), frame.zoom, scale
    )
    return list(cands), list(obstacles), list(symbols)


@lru_cache(maxsize=32)
def _reference_candidates(
    atlas: Atlas, crs_wkt: str, clip: BBox, tolerance: float, extent: Extent, zoom: float, scale: float
) -> tuple[
    tuple[LabelCandidate, ...], tuple[tuple[float, float, float], ...], tuple[tuple[str, float, float], ...]
]:
    view = box(*extent)
    fwd, _ = transformers(crs_wkt)
    shapes = {
        name: {
            str(row["name"]): geom for row, geom in projected_reference(atlas, name, crs_wkt, clip, tolerance)
        }
        for name in ("countries", "lakes", "rivers")
    }
    cands: list[LabelCandidate] = []
    obstacles: list[tuple[float, float, float]] = []
    symbols: list[tuple[str, float, float]] = []
    for label in reference_labels(atlas):
        if zoom < label.style.min_zoom:
            continue
        size = _size(label, scale, zoom)
        cand: LabelCandidate | None
        if label.cls in ("country", "lake"):
            cand = _area_candidate(
                label, shapes["countries" if label.cls == "country" else "lakes"].get(label.text), view, size
            )
        elif label.cls == "river":
            cand = _river_candidate(label, shapes["rivers"].get(label.text), view, size)
        else:
            x, y = fwd.transform(label.anchor.x, label.anchor.y)
            if not view.contains(shapely.Point(x, y)):
                continue
            if label.symbol:
                sym = PLACE_SYMBOL[label.symbol]
                radius = (sym["radius"] + sym["weight"] / 2) * PX_TO_PT
                symbols.append((label.symbol, x, y))
                obstacles.append((x, y, radius))
                cand = _candidate(
                    label, x, y, size, offsets=point_offsets(radius), leader=label.symbol == "capital"
                )  # places have no other name on the map
            else:
                cand = _candidate(label, x, y, size, zoom, rotation=label.rotation, offsets=NEAR)
        if cand is not None:
            cands.append(cand)
    return tuple(cands), tuple(obstacles), tuple(symbols)


def draw_place_symbols(ax: Axes, symbols: list[tuple[str, float, float]]) -> None:
    """Capitals as rings with a dot, towns as dots (above the land, under the story)."""
    for kind in ("city", "capital"):
        pts = np.array([(x, y) for k, x, y in symbols if k == kind])
        if not len(pts):
            continue
        sym = PLACE_SYMBOL[kind]
        size = (2 * sym["radius"] * PX_TO_PT) ** 2
        face = "white" if kind == "capital" else LABEL_CLASSES["city2"].color
        ax.scatter(
            pts[:, 0],
            pts[:, 1],
            s=size,
            facecolors=face,
            edgecolors="#1F1F1F",
            linewidths=sym["weight"] * PX_TO_PT,
            zorder=1.6,
            gid=f"places:{kind}",
        )
        if kind == "capital":
            ax.scatter(
                pts[:, 0],
                pts[:, 1],
                s=size * 0.18,
                facecolors="#1F1F1F",
                edgecolors="none",
                zorder=1.61,
                gid="places:capital_dot",
            )
