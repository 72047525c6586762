"""Drawing the layers: basemap, areas, lines with flow arrows, point symbols, events.

Every artist that draws a layer carries ``gid=<layer id>``, which tests and SVG readers rely
on. Styles come from ``layers.styles`` refined per feature (status, confidence, event recency);
nothing here holds a colour, width or dash of its own.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.patches import FancyArrowPatch, Patch, PathPatch
from matplotlib.path import Path
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from layers.features import Params, label_text
from layers.loading import Atlas
from layers.reference import LABEL_CLASSES
from layers.registry import LAYERS, Layer
from layers.styles import (
    ARROW_SPACING_PX,
    BAND_OPACITY,
    BAND_WIDTH,
    BASEMAP,
    CASING_PX,
    FOCUS_COUNTRIES,
    LABEL,
    WAYPOINT_RADIUS_PX,
    WAYPOINT_RING_PX,
    Style,
    event_style,
    feature_style,
)
from layers.timeline import event_label
from render.snapshot.labels import LabelCandidate, point_offsets
from render.snapshot.paths import Land, line_path, parts, polygon_path, projected_layer
from render.snapshot.projection import Extent
from render.snapshot.style import (
    PX_TO_PT,
    edge_rgba,
    face_rgba,
    hatch_rgba,
    line_kwargs,
    marker_area,
    marker_code,
    symbol_radius,
)
from render.snapshot.text import wrap_text

SYMBOL_Z = 5.0  # symbols sit above every line and area, as in Leaflet's marker pane
EVENT_LABEL_WIDTH_PT = 150.0  # an event's dated label wraps to this width
# A name set on the water: centred, else on rings around its spot (a spiral of positions).
NAME_OFFSETS: tuple = (
    (0.0, 0.0, "center", "center"),
    *tuple(
        (r * math.cos(math.radians(a)), r * math.sin(math.radians(a)), "center", "center")
        for r in (14, 28, 42, 56, 70)
        for a in (90, 270, 0, 180, 45, 135, 225, 315)
    ),
)


@dataclass
class MapFrame:
    """The map's projected extent and its size on the page (points), for scale-aware drawing."""

    extent: Extent
    width_pt: float
    zoom: float  # the web-map zoom this print scale corresponds to (layers.measure.equivalent_zoom)
    label_size: float  # point size of feature labels on this page

    @property
    def units_per_pt(self) -> float:
        """Projected metres per point on the page."""
        return (self.extent[2] - self.extent[0]) / self.width_pt


@dataclass
class Drawn:
    """What was drawn: for the legend, the notes, the credits and label placement."""

    layers: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    publishers: Counter = field(default_factory=Counter)
    labels: list[LabelCandidate] = field(default_factory=list)
    markers: list[tuple[float, float, float]] = field(default_factory=list)  # x, y, radius pt

    def merge(self, other: Drawn) -> None:
        """Add what another map body (a detail inset) drew: layers, features and publishers."""
        order = [layer.id for layer in LAYERS]
        self.layers = sorted(set(self.layers) | set(other.layers), key=order.index)
        self.ids |= other.ids
        self.publishers.update(other.publishers)


def draw_basemap(ax: Axes, land: Land, zorder: float = 0.5) -> None:
    """Land (focus countries in their own tone; the wide context beyond the detailed extract),
    then the borders between countries. Coasts are where land meets sea, with no outline."""
    for gid, countries, z in (
        ("basemap_context", land.context, zorder - 0.05),
        ("basemap", land.countries, zorder),
    ):
        if not countries:
            continue
        faces = [
            BASEMAP["focus_land"] if name in FOCUS_COUNTRIES else BASEMAP["land"] for name, _ in countries
        ]
        coll = PathCollection(
            [p for _, p in countries], facecolors=faces, edgecolors="none", zorder=z, gid=gid
        )
        ax.add_collection(coll, autolim=False)
    for gid, path in (("borders", land.borders), ("borders_context", land.context_borders)):
        if path is not None:
            lines = PathCollection(
                [path],
                facecolors="none",
                edgecolors=BASEMAP["border"],
                linewidths=BASEMAP["border_width"] * PX_TO_PT,
                zorder=zorder + 0.02,
                gid=gid,
            )
            ax.add_collection(lines, autolim=False)


def add_to_map(ax: Axes, patch: Patch) -> None:
    """Add a patch clipped to the map frame, without the data-limit bookkeeping of ``add_patch``
    (a map's limits are its extent, set once): a tenth of a render's time on a busy view."""
    ax.add_artist(patch)
    patch.set_clip_path(ax.patch)


def area_patch(path: Any, style: Style, gid: str, **kwargs: Any) -> PathPatch:
    """A filled (and, when not confirmed, hatched) area, as the map and its swatch draw it."""
    patch = PathPatch(
        path,
        facecolor=face_rgba(style),
        edgecolor=edge_rgba(style),
        hatch=style.hatch,
        gid=gid,
        **line_kwargs(style),
        **kwargs,
    )
    if style.hatch:
        patch.set_hatchcolor(hatch_rgba(style))
    return patch


def line_patch(path: Any, style: Style, gid: str, **kwargs: Any) -> PathPatch:
    """A stroked line with the style's dash pattern."""
    return PathPatch(
        path,
        fill=False,
        edgecolor=edge_rgba(style),
        capstyle="round",
        joinstyle="round",
        gid=gid,
        **line_kwargs(style),
        **kwargs,
    )


def casing_patch(path: Path, style: Style, gid: str, z: float, **kw: Any) -> PathPatch:
    """The solid line of the casing colour drawn under a line (or an area's outline)."""
    casing = replace(style, color=style.casing or style.color, dash=None, weight=style.weight + CASING_PX)
    return line_patch(path, casing, f"casing:{gid}", zorder=z - 0.003, **kw)


def line_artists(path: Path, style: Style, gid: str, z: float, **kw: Any) -> list[Any]:
    """A line as the map draws it: its soft band when only approximately placed, the line with
    its dash, and the known waypoints of a schematic line."""
    out: list[Any] = []
    if style.band:
        band = PathPatch(
            path,
            fill=False,
            edgecolor=to_rgba(style.color, BAND_OPACITY * style.opacity),
            linewidth=style.weight * BAND_WIDTH * PX_TO_PT,
            capstyle="round",
            joinstyle="round",
            zorder=z - 0.005,
            gid=f"band:{gid}",
            **kw,
        )
        out.append(band)
    if style.casing:
        out.append(casing_patch(path, style, gid, z, **kw))
    out.append(line_patch(path, style, gid, zorder=z, **kw))
    if style.waypoints:
        dots = PathCollection(
            [Path.unit_circle()],
            sizes=[(WAYPOINT_RADIUS_PX * 2 * PX_TO_PT) ** 2 / 4],
            offsets=path.vertices,
            facecolors="white",
            edgecolors=edge_rgba(style),
            linewidths=WAYPOINT_RING_PX * PX_TO_PT,
            zorder=z + 0.005,
        )
        dots.set_gid(f"waypoints:{gid}")
        out.append(dots)
    return out


def add_line_artist(ax: Axes, artist: Any, clip: bool = True) -> None:
    """Add one of ``line_artists`` to the axes (a patch, or the waypoint dots at data points)."""
    if isinstance(artist, PathCollection):
        artist.set_offset_transform(ax.transData)
        ax.add_collection(artist, autolim=False)
        artist.set_clip_on(clip)
    elif clip:
        add_to_map(ax, artist)
    else:
        ax.add_artist(artist)
        artist.set_clip_on(False)


def arrow_patch(
    a: tuple[float, float], b: tuple[float, float], style: Style, gid: str, **kw: Any
) -> FancyArrowPatch:
    """An arrowhead pointing from a to b (flow direction), haloed like the labels."""
    return FancyArrowPatch(
        a,
        b,
        arrowstyle="-|>,head_length=0.9,head_width=0.6",
        mutation_scale=style.weight * PX_TO_PT * 3.2,
        facecolor=style.color,
        edgecolor=LABEL["halo"],
        linewidth=0.6,
        shrinkA=0,
        shrinkB=0,
        gid=gid,
        **kw,
    )


def scatter_symbols(ax: Axes, xy: np.ndarray, style: Style, gid: str, **kwargs: Any) -> None:
    """Point symbols of one style."""
    ax.scatter(
        xy[:, 0],
        xy[:, 1],
        s=marker_area(style),
        marker=marker_code(style),
        facecolors=[face_rgba(style)],
        edgecolors=[edge_rgba(style)],
        linewidths=style.weight * PX_TO_PT,
        gid=gid,
        **kwargs,
    )


def _draw_arrows(ax: Axes, layer: Layer, style: Style, geom: BaseGeometry, z: float, frame: MapFrame) -> None:
    """Arrowheads along each line in its drawing direction (= direction of flow), one per
    ARROW_SPACING_PX of line on the page, as the browser spaces them on screen."""
    step = ARROW_SPACING_PX * PX_TO_PT * frame.units_per_pt
    for line in parts(geom, ("LineString",)):
        length = line.length
        count = max(1, int(length // step))
        eps = min(length * 1e-3, step * 1e-3)
        for i in range(count):
            at = length * (i + 0.5) / count
            a, b = line.interpolate(max(at - eps, 0)), line.interpolate(min(at + eps, length))
            add_to_map(ax, arrow_patch((a.x, a.y), (b.x, b.y), style, layer.id, zorder=z))


def _style_for(layer: Layer, row: dict[str, Any], geom: BaseGeometry) -> Style:
    if layer.events:
        kind = "point" if geom.geom_type in ("Point", "MultiPoint") else "line"
        return event_style(str(row.get("recency")), str(row.get("confidence")), kind)
    return feature_style(
        layer.style, str(row.get("status", "")), str(row.get("confidence", "")), row.get("geometry_accuracy")
    )


def _draw_feature(
    ax: Axes, layer: Layer, style: Style, geom: BaseGeometry, z: float, frame: MapFrame
) -> tuple[float, float] | bool:
    """Draw one feature; returns its symbol position for points, True for drawn lines/areas."""
    if geom.geom_type in ("Point", "MultiPoint"):
        pt = geom if geom.geom_type == "Point" else geom.representative_point()
        return (pt.x, pt.y)
    drawn = False
    area = polygon_path(geom)
    if area is not None:
        if style.casing:
            add_to_map(ax, casing_patch(area, style, layer.id, z))
        add_to_map(ax, area_patch(area, style, layer.id, zorder=z))
        drawn = True
    line = line_path(geom)
    if line is not None:
        for artist in line_artists(line, style, layer.id, z):
            add_line_artist(ax, artist)
        if style.arrows:
            _draw_arrows(ax, layer, style, geom, z + 0.01, frame)
        drawn = True
    return drawn


def _label(
    layer: Layer, row: dict[str, Any], geom: BaseGeometry, style: Style, frame: MapFrame
) -> LabelCandidate:
    anchor = geom if geom.geom_type == "Point" else geom.representative_point()
    text = event_label(str(row.get("name", "")), row["start"]) if layer.events else label_text(row)
    if layer.events:
        text = wrap_text(text, EVENT_LABEL_WIDTH_PT, frame.label_size)
    rank = row.get("label_rank")
    if layer.name_only:  # a name on the water, in the reference map's type for straits
        water = LABEL_CLASSES["strait"]
        return LabelCandidate(
            anchor.x,
            anchor.y,
            text,
            priority=layer.label_rank,
            size=max(6.5, water.size_px * PX_TO_PT * 1.15),
            color=style.color,
            style="italic",
            weight=700,
            offsets=NAME_OFFSETS,
            gid=f"label:{layer.id}",
        )
    return LabelCandidate(
        anchor.x,
        anchor.y,
        text,
        priority=int(rank) if isinstance(rank, int | float) and rank == rank else layer.label_rank,
        size=frame.label_size,
        color=LABEL["color"],
        offsets=point_offsets(symbol_radius(style)),
        leader=True,  # a story's own places stand off with a leader line rather than vanish
        gid=f"label:{layer.id}",
    )


def draw_layers(
    ax: Axes, atlas: Atlas, ids: Sequence[str], params: Params, crs_wkt: str, frame: MapFrame
) -> Drawn:
    """Every requested layer in registry draw order, as it stood on ``params.as_of``."""
    drawn = Drawn()
    view = box(*frame.extent)
    wanted = set(ids)
    for order, layer in enumerate(LAYERS):
        if layer.id not in wanted or frame.zoom < layer.min_zoom:
            continue
        projected = projected_layer(atlas, layer, params, crs_wkt)
        if not projected:
            continue
        z = 2 + order * 0.1
        symbols: dict[Style, list[tuple[float, float]]] = {}
        any_drawn = False
        for row, geom in projected:
            if not geom.intersects(view):
                continue
            if (
                layer.minor_min_zoom is not None
                and row.get("label") is not True
                and frame.zoom < layer.minor_min_zoom
            ):
                continue  # a minor feature at a regional scale (the browser hides it too)
            style = _style_for(layer, row, geom)
            result = _draw_feature(ax, layer, style, geom, z, frame)
            if not result:
                continue
            if isinstance(result, tuple) and not layer.name_only:
                symbols.setdefault(style, []).append(result)
                drawn.markers.append((*result, symbol_radius(style)))
            any_drawn = True
            drawn.ids.add(str(row["id"]))
            for source in row.get("sources") or []:
                if isinstance(source, dict) and source.get("publisher"):
                    drawn.publishers[str(source["publisher"])] += 1
            if layer.labels and row.get("label") is True and frame.zoom >= layer.label_min_zoom:
                drawn.labels.append(_label(layer, row, geom, style, frame))
        for style, points in symbols.items():  # one scatter per refined style
            scatter_symbols(ax, np.asarray(points), style, layer.id, zorder=z + SYMBOL_Z)
        if any_drawn:
            drawn.layers.append(layer.id)
    return drawn
