"""Static adapter: layer declarations → a print-ready matplotlib figure (PNG, SVG, PDF), no browser.

It reads the same declarations as the interactive map (``layers.registry``, ``layers.styles``,
``layers.legend``, ``layers.features``), so colours, widths, dashes, hatches, markers, draw order
and legend text cannot drift apart. Widths and dashes are CSS px there; here 1 px = 0.75 pt.

Figures are built with ``matplotlib.figure.Figure`` and an Agg canvas, never pyplot: nothing is
registered globally, so a figure is freed as soon as the caller drops it (exports drop it at once).
Every artist that draws a layer carries ``gid=<layer id>``, which tests and SVG readers rely on.

Projection: each view gets its own Lambert conformal conic, fitted with pyproj (central meridian
and origin at the view centre, standard parallels at 1/6 and 5/6 of its latitude span). The
region spans roughly 23–44°N, mid-latitudes where a secant conic keeps the scale error within
about 1 % over the view; being conformal, shapes and angles are locally true, so a straight north
arrow and one scale bar are honest, and the Hormuz lanes and buffer zone keep their shape (Web
Mercator, as the interactive map uses, inflates the north of the region by ~30 % relative to the
south). Views that straddle the equator fall back to a transverse Mercator on the centre.
"""

from __future__ import annotations

import io
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

import geopandas as gpd
import matplotlib as mpl
import numpy as np
import shapely
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, PathPatch, Rectangle
from matplotlib.path import Path
from matplotlib.transforms import Bbox
from PIL import Image
from pyproj import CRS, Transformer
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from layers.features import Params, label_text, layer_frame
from layers.legend import UNCERTAINTY_NOTE, LegendEntry, confidence_entries, layer_entries, status_entries
from layers.loading import Atlas
from layers.measure import GEOD
from layers.registry import BASEMAP_CREDIT, LAYER_BY_ID, LAYERS, Layer
from layers.styles import BASEMAP, FOCUS_COUNTRIES, LABEL, OKABE_ITO, STATUS_DASH, Style, feature_style
from render.views import REGION_BBOX, BBox, check_bbox, check_layers, get_view

Format = Literal["png", "svg", "pdf"]
FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
PX_TO_PT = 0.75  # CSS px → typographic points

# Page sizes in inches (width, height).
PAGES: dict[str, tuple[float, float]] = {
    "a4-landscape": (11.69, 8.27),
    "a4-portrait": (8.27, 11.69),
    "letter-landscape": (11.0, 8.5),
    "letter-portrait": (8.5, 11.0),
    "slide-16x9": (13.333, 7.5),
    "social-square": (7.2, 7.2),  # 1080 px at 150 dpi
}
DEFAULT_PAGE = "a4-landscape"

DATA_LICENCE = (
    "Overlays compiled by the corridors-map project from the cited reporting; geometry computed "
    "in layers/ with pyproj. Reuse with attribution to the sources named."
)
VIEW_COLOUR = OKABE_ITO["vermillion"]  # the view's outline on the locator inset
MARKERS = {"circle": "o", "square": "s", "triangle": "^", "diamond": "D"}
_RC = {
    "font.family": LABEL["font_family"],
    "svg.fonttype": "none",  # SVG text stays <text>
    "svg.hashsalt": "corridors",  # stable ids → reproducible SVG
    "pdf.fonttype": 42,  # TrueType, text stays selectable
    "lines.scale_dashes": False,  # dash lengths are absolute, as in Leaflet
    "hatch.linewidth": 0.8,
    "path.simplify": True,
}


@dataclass
class SnapshotInfo:
    """What a rendered snapshot shows, attached to the figure as ``fig.snapshot`` (tests, app)."""

    bbox: BBox
    extent: tuple[float, float, float, float]  # projected xmin, ymin, xmax, ymax
    crs: CRS
    layers: tuple[str, ...]  # drawn, in draw order
    legend_keys: tuple[str, ...]
    scale_km: float
    north_angle_deg: float  # clockwise from the map's up direction
    as_of: str
    labels_placed: int = 0
    labels_dropped: int = 0
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Projection and geometry


def fit_crs(bbox: BBox) -> CRS:
    """A Lambert conformal conic fitted to the view (see the module docstring for why)."""
    lon_min, lat_min, lon_max, lat_max = bbox
    lon0, lat0 = (lon_min + lon_max) / 2, (lat_min + lat_max) / 2
    span = lat_max - lat_min
    lat1, lat2 = lat_min + span / 6, lat_max - span / 6
    if lat1 * lat2 <= 0 or min(abs(lat1), abs(lat2)) < 2:
        return CRS.from_proj4(f"+proj=tmerc +lat_0={lat0:.4f} +lon_0={lon0:.4f} +k=1 +ellps=WGS84 +units=m")
    return CRS.from_proj4(
        f"+proj=lcc +lat_1={lat1:.4f} +lat_2={lat2:.4f} +lat_0={lat0:.4f} +lon_0={lon0:.4f}"
        " +ellps=WGS84 +units=m"
    )


@lru_cache(maxsize=64)
def _transformers(crs_wkt: str) -> tuple[Transformer, Transformer]:
    crs = CRS.from_wkt(crs_wkt)
    return (
        Transformer.from_crs(4326, crs, always_xy=True),
        Transformer.from_crs(crs, 4326, always_xy=True),
    )


def _ring(bbox: tuple[float, float, float, float], n: int = 64) -> np.ndarray:
    """Densified rectangle boundary (curved edges survive projection)."""
    x0, y0, x1, y1 = bbox
    t = np.linspace(0, 1, n)
    xs = np.concatenate([x0 + (x1 - x0) * t, np.full(n, x1), x1 - (x1 - x0) * t, np.full(n, x0)])
    ys = np.concatenate([np.full(n, y0), y0 + (y1 - y0) * t, np.full(n, y1), y1 - (y1 - y0) * t])
    return np.column_stack([xs, ys])


def _projected_extent(bbox: BBox, crs: CRS, aspect: float) -> tuple[float, float, float, float]:
    """Projected bounds of the bbox, widened on one axis to fill a map frame of this aspect (w/h)."""
    fwd, _ = _transformers(crs.to_wkt())
    ring = _ring(bbox)
    xs, ys = fwd.transform(ring[:, 0], ring[:, 1])
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    cx, cy, w, h = (x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    return (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


def _extent_lonlat(extent: tuple[float, float, float, float], crs: CRS) -> BBox:
    """Lon/lat bounds of a projected extent (for clipping before projecting)."""
    _, inv = _transformers(crs.to_wkt())
    ring = _ring(extent)
    lons, lats = inv.transform(ring[:, 0], ring[:, 1])
    return (float(min(lons)), float(min(lats)), float(max(lons)), float(max(lats)))


def polygon_path(geom: BaseGeometry) -> Path | None:
    """(Multi)polygon → one compound matplotlib Path (holes kept), or None if nothing areal."""
    verts, codes = [], []
    for poly in _parts(geom, ("Polygon",)):
        for ring in (poly.exterior, *poly.interiors):
            coords = np.asarray(ring.coords)[:, :2]
            if len(coords) < 4:
                continue
            c = np.full(len(coords), Path.LINETO, dtype=Path.code_type)
            c[0], c[-1] = Path.MOVETO, Path.CLOSEPOLY
            verts.append(coords)
            codes.append(c)
    return Path(np.concatenate(verts), np.concatenate(codes)) if verts else None


def line_path(geom: BaseGeometry) -> Path | None:
    """(Multi)linestring → one compound Path of open parts."""
    verts, codes = [], []
    for line in _parts(geom, ("LineString",)):
        coords = np.asarray(line.coords)[:, :2]
        if len(coords) < 2:
            continue
        c = np.full(len(coords), Path.LINETO, dtype=Path.code_type)
        c[0] = Path.MOVETO
        verts.append(coords)
        codes.append(c)
    return Path(np.concatenate(verts), np.concatenate(codes)) if verts else None


def _parts(geom: BaseGeometry | None, types: tuple[str, ...]) -> list[BaseGeometry]:
    if geom is None or geom.is_empty:
        return []
    if geom.geom_type in types:
        return [geom]
    if hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in _parts(g, types)]
    return []


@dataclass(frozen=True)
class _Country:
    name: str
    path: Path
    area: float
    anchor: tuple[float, float]


@lru_cache(maxsize=32)
def _projected_basemap(atlas: Atlas, crs_wkt: str, clip: BBox, tolerance: float) -> tuple[_Country, ...]:
    """Basemap clipped to the view (with margin), projected and simplified below a device pixel.

    Cached per view: it is the costliest part of a render and never changes between exports.
    """
    lon0, lat0, lon1, lat1 = clip
    frame = atlas.basemap[atlas.basemap.intersects(box(lon0, lat0, lon1, lat1))]
    clipped = frame.geometry.clip_by_rect(lon0, lat0, lon1, lat1)
    projected = gpd.GeoSeries(clipped.values, crs=4326).to_crs(CRS.from_wkt(crs_wkt)).simplify(tolerance)
    out = []
    for name, geom in zip(frame["name"], projected, strict=True):
        path = polygon_path(geom)
        if path is None:
            continue
        point = geom.representative_point() if geom.area else geom.centroid
        out.append(_Country(str(name), path, float(geom.area), (point.x, point.y)))
    return tuple(out)


@lru_cache(maxsize=256)
def _projected_layer(atlas: Atlas, layer: Layer, params: Params, crs_wkt: str) -> gpd.GeoDataFrame | None:
    frame = layer_frame(atlas, layer, params)
    if frame is None or frame.empty:
        return None
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    return frame.to_crs(CRS.from_wkt(crs_wkt))


# ---------------------------------------------------------------------------------------------
# Layout


@dataclass(frozen=True)
class _Layout:
    page: tuple[float, float]
    title: tuple[float, float]  # figure fraction anchor (left, top)
    map: tuple[float, float, float, float]  # figure-fraction rects (x, y, w, h)
    legend: tuple[float, float, float, float]
    inset: tuple[float, float, float, float]
    legend_columns: int
    footer: tuple[float, float, float]  # x, y (fraction), width in inches
    scale: float  # font scale for the page size


def _layout(page: str) -> _Layout:
    """Where title, map, legend, inset and footer go on a page (inches → figure fractions)."""
    if page not in PAGES:
        raise ValueError(f"unknown page size {page!r}; choose one of: {', '.join(PAGES)}")
    W, H = PAGES[page]
    m, title_h, footer_h, gap = 0.3, 0.95, 0.85, 0.18
    scale = max(0.85, min(1.1, min(W, H) / 8.27))

    def frac(x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
        return (x / W, y / H, w / W, h / H)

    body_y, body_h = m + footer_h, H - m - title_h - footer_h - m * 0.3
    if W / H > 1.15:  # landscape: legend and inset in a right-hand column
        side = max(2.7, 0.25 * W)
        map_w = W - 2 * m - side - gap
        inset_h = min(side * 0.72, body_h * 0.34)
        mp = frac(m, body_y, map_w, body_h)
        inset = frac(W - m - side, body_y, side, inset_h)
        legend = frac(W - m - side, body_y + inset_h + gap, side, body_h - inset_h - gap)
        cols = 1
    else:  # portrait / square: legend in two columns under the map, inset beside it
        leg_h = body_h * (0.3 if H > W else 0.33)
        inset_w = min(2.2, 0.3 * W, leg_h * 1.4)
        mp = frac(m, body_y + leg_h + gap, W - 2 * m, body_h - leg_h - gap)
        inset = frac(W - m - inset_w, body_y, inset_w, leg_h)
        legend = frac(m, body_y, W - 2 * m - inset_w - gap, leg_h)
        cols = 2
    return _Layout(
        (W, H), (m / W, 1 - m * 0.8 / H), mp, legend, inset, cols, (m / W, (m * 0.6) / H, W - 2 * m), scale
    )


# ---------------------------------------------------------------------------------------------
# Drawing the map


def _line_kwargs(style: Style) -> dict[str, Any]:
    dash = (0, tuple(v * PX_TO_PT for v in style.dash)) if style.dash else "solid"
    return {"linewidth": style.weight * PX_TO_PT, "linestyle": dash}


def _draw_basemap(ax: Any, countries: Sequence[_Country], zorder: float = 0.5) -> None:
    faces = [BASEMAP["focus_land"] if c.name in FOCUS_COUNTRIES else BASEMAP["land"] for c in countries]
    coll = PathCollection(
        [c.path for c in countries],
        facecolors=faces,
        edgecolors=BASEMAP["border"],
        linewidths=BASEMAP["border_width"] * PX_TO_PT,
        zorder=zorder,
        gid="basemap",
    )
    ax.add_collection(coll, autolim=False)


def _draw_polygon(ax: Any, layer: Layer, style: Style, geom: BaseGeometry, z: float) -> bool:
    path = polygon_path(geom)
    if path is None:
        return False
    face = to_rgba(style.fill_color or style.color, style.fill_opacity)
    edge = to_rgba(style.color, style.opacity)
    patch = PathPatch(
        path, facecolor=face, edgecolor=edge, hatch=style.hatch, zorder=z, gid=layer.id, **_line_kwargs(style)
    )
    if style.hatch:
        patch.set_hatchcolor(to_rgba(style.fill_color or style.color, max(style.opacity * 0.8, 0.5)))
    ax.add_patch(patch)
    return True


def _draw_line(ax: Any, layer: Layer, style: Style, geom: BaseGeometry, z: float, arrow_step: float) -> bool:
    path = line_path(geom)
    if path is None:
        return False
    ax.add_patch(
        PathPatch(
            path,
            fill=False,
            edgecolor=to_rgba(style.color, style.opacity),
            capstyle="round",
            joinstyle="round",
            zorder=z,
            gid=layer.id,
            **_line_kwargs(style),
        )
    )
    if style.arrows:
        for line in _parts(geom, ("LineString",)):
            _draw_arrows(ax, layer, style, line, z + 0.01, arrow_step)
    return True


def _draw_arrows(ax: Any, layer: Layer, style: Style, line: BaseGeometry, z: float, step: float) -> None:
    """Arrowheads along the line in its drawing direction (= direction of flow)."""
    length = line.length
    count = max(1, int(length // step))
    eps = min(length * 1e-3, step * 1e-3)
    for i in range(count):
        at = length * (i + 0.5) / count
        a, b = line.interpolate(max(at - eps, 0)), line.interpolate(min(at + eps, length))
        ax.add_patch(
            FancyArrowPatch(
                (a.x, a.y),
                (b.x, b.y),
                arrowstyle="-|>,head_length=0.9,head_width=0.6",
                mutation_scale=style.weight * PX_TO_PT * 3.2,
                facecolor=style.color,
                edgecolor=LABEL["halo"],
                linewidth=0.6,
                shrinkA=0,
                shrinkB=0,
                zorder=z,
                gid=layer.id,
            )
        )


def _draw_points(ax: Any, layer: Layer, items: list[tuple[Style, float, float]], z: float) -> None:
    """One scatter per distinct (feature-refined) style, so hollow markers keep their look."""
    groups: dict[Style, list[tuple[float, float]]] = {}
    for style, x, y in items:
        groups.setdefault(style, []).append((x, y))
    for style, pts in groups.items():
        xy = np.asarray(pts)
        size = (2 * style.radius * PX_TO_PT) ** 2
        ax.scatter(
            xy[:, 0],
            xy[:, 1],
            s=size,
            marker=MARKERS.get(style.marker or "circle", "o"),
            facecolors=[to_rgba(style.fill_color or style.color, style.fill_opacity)],
            edgecolors=[to_rgba(style.color, style.opacity)],
            linewidths=style.weight * PX_TO_PT,
            zorder=z,
            gid=layer.id,
        )


@dataclass
class _LabelCandidate:
    x: float
    y: float
    text: str
    priority: int  # lower is placed first
    size: float
    color: str
    style: str = "normal"
    offsets: tuple[tuple[float, float, str, str], ...] = ()
    gid: str = "label"


def point_offsets(radius_pt: float) -> tuple[tuple[float, float, str, str], ...]:
    """Label positions around a symbol (dx pt, dy pt, ha, va): right first, as Leaflet's labels."""
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


def _symbol_radius(style: Style) -> float:
    """Outer radius of a point symbol in points (marker half-size plus half its outline)."""
    return (style.radius + style.weight / 2) * PX_TO_PT


def _place_labels(
    fig: Figure, ax: Any, candidates: list[_LabelCandidate], occupied: list[Bbox]
) -> tuple[int, int]:
    """Greedy collision avoidance in display space: try each offset, keep the first that fits.

    A label that overlaps an already placed label or symbol, or leaves the map frame, is moved
    to its next offset, and dropped when none fits.
    """
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    halo = [patheffects.withStroke(linewidth=LABEL["halo_px"] * PX_TO_PT * 2, foreground=LABEL["halo"])]
    placed, dropped = 0, 0
    pad = 1.5 * fig.dpi / 72
    for cand in sorted(candidates, key=lambda c: c.priority):
        text = None
        for dx, dy, ha, va in cand.offsets or ((0, 0, "center", "center"),):
            if text is None:
                text = ax.annotate(
                    cand.text,
                    (cand.x, cand.y),
                    xytext=(dx, dy),
                    textcoords="offset points",
                    ha=ha,
                    va=va,
                    fontsize=cand.size,
                    color=cand.color,
                    fontstyle=cand.style,
                    zorder=20,
                    path_effects=halo,
                    gid=cand.gid,
                    annotation_clip=False,
                )
            else:
                text.set_position((dx, dy))
                text.set_ha(ha)
                text.set_va(va)
            bb = text.get_window_extent(renderer).expanded(1, 1)
            bb = Bbox.from_extents(bb.x0 - pad, bb.y0 - pad, bb.x1 + pad, bb.y1 + pad)
            inside = frame.x0 <= bb.x0 and bb.x1 <= frame.x1 and frame.y0 <= bb.y0 and bb.y1 <= frame.y1
            if inside and not any(bb.overlaps(o) for o in occupied):
                occupied.append(bb)
                placed += 1
                break
        else:
            if text is not None:
                text.remove()
            dropped += 1
    return placed, dropped


def _marker_bbox(ax: Any, x: float, y: float, radius_pt: float, dpi: float) -> Bbox:
    px, py = ax.transData.transform((x, y))
    r = radius_pt * dpi / 72
    return Bbox.from_extents(px - r, py - r, px + r, py + r)


@dataclass
class _Drawn:
    layers: list[str] = field(default_factory=list)
    statuses: set[str] = field(default_factory=set)
    confidences: set[str] = field(default_factory=set)
    publishers: Counter = field(default_factory=Counter)
    dates: list[str] = field(default_factory=list)
    disputed: list[tuple[str, str]] = field(default_factory=list)
    not_confirmed: list[str] = field(default_factory=list)
    measured: list[str] = field(default_factory=list)  # derived geometry's computed figures
    labels: list[_LabelCandidate] = field(default_factory=list)
    markers: list[tuple[float, float, float]] = field(default_factory=list)


def _draw_layers(
    ax: Any,
    atlas: Atlas,
    ids: Sequence[str],
    params: Params,
    crs: CRS,
    extent: tuple[float, float, float, float],
    font_scale: float,
) -> _Drawn:
    """Every requested layer in registry draw order; records what was drawn for legend and notes."""
    drawn = _Drawn()
    view = box(*extent)
    arrow_step = (extent[2] - extent[0]) / 7
    wanted = set(ids)
    for order, layer in enumerate(LAYERS):
        if layer.id not in wanted:
            continue
        frame = _projected_layer(atlas, layer, params, crs.to_wkt())
        if frame is None:
            continue
        z = 2 + order * 0.1
        points: list[tuple[Style, float, float]] = []
        any_drawn = False
        for row, geom in zip(frame.drop(columns="geometry").to_dict("records"), frame.geometry, strict=True):
            if not geom.intersects(view):
                continue
            status, confidence = str(row.get("status", "")), str(row.get("confidence", ""))
            style = feature_style(layer.style, status, confidence)
            if layer.geometry == "point":
                pt = geom if geom.geom_type == "Point" else geom.representative_point()
                points.append((style, pt.x, pt.y))
                drawn.markers.append((pt.x, pt.y, _symbol_radius(style)))
                ok = True
            elif layer.geometry == "polygon":
                ok = _draw_polygon(ax, layer, style, geom, z)
            else:
                ok = _draw_line(ax, layer, style, geom, z, arrow_step)
            if not ok:
                continue
            any_drawn = True
            _record(drawn, layer, row, status, confidence)
            if layer.labels and row.get("label") is True:
                anchor = geom if geom.geom_type == "Point" else geom.representative_point()
                drawn.labels.append(
                    _LabelCandidate(
                        anchor.x,
                        anchor.y,
                        label_text(row),
                        priority=len(drawn.labels),
                        size=LABEL["size_px"] * PX_TO_PT * 0.85 * font_scale,
                        color=LABEL["color"],
                        offsets=point_offsets(_symbol_radius(layer.style)),
                        gid=f"label:{layer.id}",
                    )
                )
        if points:
            _draw_points(ax, layer, points, z + 5)  # symbols above every line and area, as in Leaflet
        if any_drawn:
            drawn.layers.append(layer.id)
    return drawn


def _record(drawn: _Drawn, layer: Layer, row: dict[str, Any], status: str, confidence: str) -> None:
    if layer.geometry != "point" and status in STATUS_DASH:
        drawn.statuses.add(status)
    if layer.geometry == "polygon":
        drawn.confidences.add(confidence)
    if confidence in ("reported", "illustrative"):
        drawn.not_confirmed.append(str(row.get("name", "")))
    for source in row.get("sources") or []:
        if isinstance(source, dict) and source.get("publisher"):
            drawn.publishers[str(source["publisher"])] += 1
    if row.get("date"):
        drawn.dates.append(str(row["date"]))
    if layer.derive and layer.derive != "tss_lanes" and row.get("computed"):
        figures = ", ".join(f"{label} {value}" for label, value in row["computed"])
        drawn.measured.append(f"{row.get('name', '')}: {figures}")
    sovereignty = row.get("sovereignty")
    if row.get("disputed") is True and isinstance(sovereignty, str) and sovereignty:
        drawn.disputed.append((str(row.get("name", "")), sovereignty))


def _country_labels(
    countries: Sequence[_Country], view: BaseGeometry, scale: float, limit: int = 8
) -> list[_LabelCandidate]:
    """A few country names: the largest countries in view, placed after feature labels."""
    ranked = sorted((c for c in countries if view.contains(shapely.Point(c.anchor))), key=lambda c: -c.area)
    return [
        _LabelCandidate(
            c.anchor[0],
            c.anchor[1],
            c.name.upper(),
            priority=10_000 + i,
            size=7.5 * scale,
            color=BASEMAP["label"],
            style="italic",
            gid="country_label",
        )
        for i, c in enumerate(ranked[:limit])
    ]


# ---------------------------------------------------------------------------------------------
# Scale bar, north arrow, inset


def nice_length(km: float) -> float:
    """Largest 1, 2 or 5 × 10^n not above ``km``."""
    if km <= 0:
        raise ValueError("length must be positive")
    exp = math.floor(math.log10(km))
    for m in (5, 2, 1):
        if m * 10**exp <= km:
            return float(m * 10**exp)
    return float(10**exp)


def ground_km(crs: CRS, x0: float, x1: float, y: float) -> float:
    """Geodesic length of a horizontal projected segment (pyproj.Geod between its ends)."""
    _, inv = _transformers(crs.to_wkt())
    (lon0, lon1), (lat0, lat1) = inv.transform([x0, x1], [y, y])
    return GEOD.inv(lon0, lat0, lon1, lat1)[2] / 1000.0


def scale_bar_length(
    crs: CRS, extent: tuple[float, float, float, float], fraction: float = 0.22
) -> tuple[float, float]:
    """(km, projected length) of a round-numbered bar about ``fraction`` of the map wide.

    Measured at the map centre: a bar of that projected length centred there spans exactly the
    labelled ground distance (refined twice, since scale varies slightly along the bar).
    """
    cx, cy = (extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2
    target = (extent[2] - extent[0]) * fraction
    km = nice_length(ground_km(crs, cx - target / 2, cx + target / 2, cy))
    length = target
    for _ in range(3):
        length *= km / ground_km(crs, cx - length / 2, cx + length / 2, cy)
    return km, length


def north_angle(crs: CRS, extent: tuple[float, float, float, float]) -> float:
    """Direction of true north at the map centre, degrees clockwise from the map's up."""
    fwd, inv = _transformers(crs.to_wkt())
    cx, cy = (extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2
    lon, lat = inv.transform(cx, cy)
    lon2, lat2, _ = GEOD.fwd(lon, lat, 0.0, 10_000.0)
    x2, y2 = fwd.transform(lon2, lat2)
    return math.degrees(math.atan2(x2 - cx, y2 - cy))


def _draw_scale_bar(ax: Any, crs: CRS, extent: tuple[float, float, float, float], scale: float) -> float:
    km, length = scale_bar_length(crs, extent)
    w, h = extent[2] - extent[0], extent[3] - extent[1]
    x0, y0 = extent[0] + 0.035 * w, extent[1] + 0.045 * h
    ax.add_patch(
        FancyBboxPatch(
            (x0 - 0.012 * w, y0 - 0.025 * h),
            length + 0.024 * w,
            0.085 * h,
            boxstyle="round,pad=0,rounding_size=0",
            facecolor=(1, 1, 1, 0.8),
            edgecolor="none",
            zorder=30,
            gid="scale_bar_box",
        )
    )
    ax.add_line(
        Line2D(
            [x0, x0 + length],
            [y0, y0],
            color=LABEL["color"],
            linewidth=2.2,
            solid_capstyle="butt",
            zorder=31,
            gid="scale_bar",
        )
    )
    for x in (x0, x0 + length / 2, x0 + length):
        ax.add_line(Line2D([x, x], [y0, y0 + 0.012 * h], color=LABEL["color"], linewidth=0.8, zorder=31))
    label = f"{km:g} km"
    ax.text(
        x0 + length,
        y0 + 0.02 * h,
        label,
        ha="right",
        va="bottom",
        fontsize=7.5 * scale,
        color=LABEL["color"],
        zorder=32,
        gid="scale_label",
    )
    ax.text(
        x0, y0 + 0.02 * h, "0", ha="left", va="bottom", fontsize=7.5 * scale, color=LABEL["color"], zorder=32
    )
    return km


def _draw_north_arrow(ax: Any, crs: CRS, extent: tuple[float, float, float, float], scale: float) -> float:
    angle = north_angle(crs, extent)
    w, h = extent[2] - extent[0], extent[3] - extent[1]
    length = 0.07 * h
    bx, by = extent[2] - 0.045 * w, extent[3] - 0.14 * h
    tip = (bx + length * math.sin(math.radians(angle)), by + length * math.cos(math.radians(angle)))
    ax.add_patch(
        FancyArrowPatch(
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
    )
    ax.annotate(
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
    return angle


INSET_BBOX: BBox = (REGION_BBOX[0] - 4, REGION_BBOX[1] - 3, REGION_BBOX[2] + 3.5, REGION_BBOX[3] + 2.5)


def _frame(ax: Any, extent: tuple[float, float, float, float], edge: str, width: float) -> None:
    """A map frame: projected extent at true aspect, no ticks, a thin border."""
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor(edge)
        spine.set_linewidth(width)


def _draw_inset(
    fig: Figure, rect: tuple[float, float, float, float], atlas: Atlas, view_ring: np.ndarray
) -> Any:
    """A small regional map with the view's extent outlined (locator)."""
    crs = fit_crs(INSET_BBOX)
    W, H = fig.get_size_inches()
    aspect = (rect[2] * W) / (rect[3] * H)
    lon_min, lat_min = np.min(view_ring, axis=0)
    lon_max, lat_max = np.max(view_ring, axis=0)
    region = (
        min(INSET_BBOX[0], lon_min),
        min(INSET_BBOX[1], lat_min),
        max(INSET_BBOX[2], lon_max),
        max(INSET_BBOX[3], lat_max),
    )
    extent = _projected_extent(region, crs, aspect)
    ax = fig.add_axes(rect, gid="inset")
    ax.set_facecolor(BASEMAP["sea"])
    countries = _projected_basemap(
        atlas, crs.to_wkt(), _extent_lonlat(extent, crs), (extent[2] - extent[0]) / 500
    )
    _draw_basemap(ax, countries)
    fwd, _ = _transformers(crs.to_wkt())
    xs, ys = fwd.transform(view_ring[:, 0], view_ring[:, 1])
    ax.add_patch(
        PathPatch(
            Path(np.column_stack([xs, ys]), closed=True),
            facecolor=to_rgba(VIEW_COLOUR, 0.15),
            edgecolor=VIEW_COLOUR,
            linewidth=1.3,
            zorder=5,
            gid="inset_view",
        )
    )
    _frame(ax, extent, BASEMAP["border"], 0.6)
    return ax


# ---------------------------------------------------------------------------------------------
# Legend, title, footer


def _draw_legend(
    fig: Figure,
    rect: tuple[float, float, float, float],
    entries: list[tuple[str, list[LegendEntry]]],
    columns: int,
    scale: float,
) -> list[str]:
    """Legend panel in point units (y down), flowed into columns; shrinks text until it fits."""
    W, H = fig.get_size_inches()
    w_pt, h_pt = rect[2] * W * 72, rect[3] * H * 72
    ax = fig.add_axes(rect, gid="legend")
    ax.set_xlim(0, w_pt)
    ax.set_ylim(h_pt, 0)
    ax.axis("off")
    col_gap, sw, tx = 10.0, 22.0, 28.0
    col_w = (w_pt - col_gap * (columns - 1)) / columns
    for size in np.arange(7.5 * scale, 4.4, -0.25):
        blocks = _legend_blocks(entries, size, col_w - tx, fig.dpi)
        if _flow(blocks, h_pt, columns) is not None:
            break
    placement = _flow(blocks, h_pt, columns) or _flow(blocks, float("inf"), columns)
    keys = []
    for (kind, payload, lines, _height), (col, y) in zip(blocks, placement, strict=True):
        x = col * (col_w + col_gap)
        if kind == "heading":
            ax.text(
                x,
                y,
                payload,
                fontsize=size + 0.5,
                fontweight="bold",
                va="top",
                ha="left",
                color=LABEL["color"],
                gid="legend_heading",
            )
            continue
        entry: LegendEntry = payload
        keys.append(entry.key)
        mid = y + 0.5 * size * 1.25
        _draw_swatch(ax, entry, x, x + sw, mid, size)
        ax.text(
            x + tx,
            y,
            "\n".join(lines),
            fontsize=size,
            va="top",
            ha="left",
            color=LABEL["color"],
            linespacing=1.15,
            gid=f"legend_text:{entry.key}",
        )
    return keys


def _legend_blocks(
    entries: list[tuple[str, list[LegendEntry]]], size: float, text_w: float, dpi: float
) -> list[tuple]:
    blocks: list[tuple] = []
    for heading, rows in entries:
        if not rows:
            continue
        blocks.append(("heading", heading, [heading], size * 1.9))
        for e in rows:
            lines = wrap_text(e.label, text_w, size, dpi=dpi).split("\n")
            blocks.append(("entry", e, lines, size * 1.15 * len(lines) * 1.18 + size * 0.55))
    return blocks


def _flow(blocks: list[tuple], height: float, columns: int) -> list[tuple[int, float]] | None:
    """Column and top y of each block, or None if they do not fit (headings stay with their rows)."""
    out, col, y = [], 0, 0.0
    for i, block in enumerate(blocks):
        need = block[3] + (blocks[i + 1][3] if block[0] == "heading" and i + 1 < len(blocks) else 0)
        if y + need > height and y > 0:
            col, y = col + 1, 0.0
            if col >= columns:
                return None
        out.append((col, y))
        y += block[3]
    return out


def _draw_swatch(ax: Any, entry: LegendEntry, x0: float, x1: float, mid: float, size: float) -> None:
    s = entry.style
    gid = f"legend:{entry.key}"
    if entry.geometry == "point":
        ax.scatter(
            [(x0 + x1) / 2],
            [mid],
            s=(2 * s.radius * PX_TO_PT) ** 2,
            marker=MARKERS.get(s.marker or "circle"),
            facecolors=[to_rgba(s.fill_color or s.color, s.fill_opacity)],
            edgecolors=[to_rgba(s.color, s.opacity)],
            linewidths=s.weight * PX_TO_PT,
            gid=gid,
            clip_on=False,
        )
    elif entry.geometry == "polygon":
        h = size * 1.1
        patch = Rectangle(
            (x0, mid - h / 2),
            x1 - x0,
            h,
            facecolor=to_rgba(s.fill_color or s.color, s.fill_opacity),
            edgecolor=to_rgba(s.color, s.opacity),
            hatch=s.hatch,
            gid=gid,
            clip_on=False,
            **_line_kwargs(s),
        )
        if s.hatch:
            patch.set_hatchcolor(to_rgba(s.fill_color or s.color, 0.8))
        ax.add_patch(patch)
    else:
        ax.add_line(
            Line2D(
                [x0, x1],
                [mid, mid],
                color=s.color,
                alpha=s.opacity,
                solid_capstyle="butt",
                dash_capstyle="butt",
                gid=gid,
                clip_on=False,
                **_line_kwargs(s),
            )
        )
        if s.arrows:
            ax.add_patch(
                FancyArrowPatch(
                    (x0 + 10, mid),
                    (x0 + 16, mid),
                    arrowstyle="-|>,head_length=0.9,head_width=0.6",
                    mutation_scale=s.weight * PX_TO_PT * 3.2,
                    facecolor=s.color,
                    edgecolor=LABEL["halo"],
                    linewidth=0.6,
                    gid=gid,
                    clip_on=False,
                )
            )


def _credits(drawn: _Drawn, crs: CRS, top: int = 6) -> str:
    names = [name for name, _ in drawn.publishers.most_common(top)]
    others = len(drawn.publishers) - len(names)
    sources = "Sources: " + (", ".join(names) if names else "none for the layers shown")
    if others > 0:
        sources += (
            f" and {others} other publishers (each feature's sources are listed in the interactive map)"
        )
    return f"{sources}. {BASEMAP_CREDIT} {DATA_LICENCE} Projection: {_describe_crs(crs)}."


def _describe_crs(crs: CRS) -> str:
    params = dict(p.lstrip("+").split("=", 1) for p in crs.srs.split() if "=" in p)
    if params.get("proj") == "lcc":
        return (
            f"Lambert conformal conic, standard parallels {float(params['lat_1']):.1f}° and "
            f"{float(params['lat_2']):.1f}°, central meridian {float(params['lon_0']):.1f}°E"
        )
    return f"transverse Mercator, central meridian {float(params.get('lon_0', 0)):.1f}°E"


def _notes(drawn: _Drawn) -> str:
    parts = [UNCERTAINTY_NOTE]
    if drawn.not_confirmed:
        names = sorted(set(drawn.not_confirmed))
        shown = "; ".join(names[:2]) + (f"; and {len(names) - 2} more" if len(names) > 2 else "")
        parts.append(f"Not confirmed: {shown}.")
    if drawn.disputed:
        names = [n for n, _ in drawn.disputed]
        listed = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
        claimants = (
            "administered by Iran, claimed by the United Arab Emirates"
            if all("Iran" in s and "United Arab Emirates" in s for _, s in drawn.disputed)
            else "see each feature"
        )
        parts.append(f"Disputed sovereignty: {listed} ({claimants}); the map takes no position.")
    if drawn.measured:
        parts.append("Measured on the drawn geometry: " + "; ".join(dict.fromkeys(drawn.measured)) + ".")
    return " ".join(parts)


def wrap_text(text: str, width_pt: float, size: float, weight: str = "normal", dpi: float = 72) -> str:
    """Greedy word wrap measured with the real font metrics (DejaVu Sans via matplotlib's text
    layout), so wrapped text never runs off the page whatever its characters."""
    words = text.split()
    if not words:
        return ""
    space = _text_width("x x", size, weight, dpi) - 2 * _text_width("x", size, weight, dpi)
    lines, current, used = [], [words[0]], _text_width(words[0], size, weight, dpi)
    for word in words[1:]:
        w = _text_width(word, size, weight, dpi)
        if used + space + w > width_pt:
            lines.append(" ".join(current))
            current, used = [word], w
        else:
            current.append(word)
            used += space + w
    lines.append(" ".join(current))
    return "\n".join(lines)


@lru_cache(maxsize=16384)
def _text_width(word: str, size: float, weight: str, dpi: float) -> float:
    """Width of a string in points as Agg lays it out at ``dpi`` (hinting widens small text)."""
    prop = FontProperties(family=LABEL["font_family"], size=size, weight=weight)
    width, _, _ = _measuring_renderer(dpi).get_text_width_height_descent(word, prop, ismath=False)
    return float(width) * 72 / dpi * 1.01


@lru_cache(maxsize=8)
def _measuring_renderer(dpi: float) -> RendererAgg:
    return RendererAgg(10, 10, dpi)


# ---------------------------------------------------------------------------------------------
# Public API


def resolve(
    view: str | None, layers: Sequence[str] | None, bbox: BBox | None, title: str | None, subtitle: str | None
) -> tuple[BBox, tuple[str, ...], str, str]:
    """Merge a preset with explicit overrides (explicit wins); raises ViewError for bad input."""
    preset = get_view(view) if view else (None if bbox else get_view("region"))
    box_ = check_bbox(bbox) if bbox is not None else preset.bbox  # type: ignore[union-attr]
    ids = (
        check_layers(list(layers))
        if layers is not None
        else (preset.layers if preset else tuple(layer.id for layer in LAYERS if layer.default_visible))
    )
    title_ = title or (preset.title if preset else "Custom view")
    subtitle_ = subtitle if subtitle is not None else (preset.subtitle if preset else "")
    return box_, ids, title_, subtitle_


def render_snapshot(
    atlas: Atlas,
    *,
    layers: Sequence[str] | None = None,
    view: str | None = None,
    bbox: BBox | None = None,
    params: Params = Params(),
    page: str = DEFAULT_PAGE,
    dpi: int = 150,
    title: str | None = None,
    subtitle: str | None = None,
    as_of: str | None = None,
) -> Figure:
    """The print layout of one view as a pyplot-free Figure (``fig.snapshot`` says what it shows).

    ``layers`` are the visible layer ids (None: the view's defaults), ``bbox`` overrides the
    view's extent (lon_min, lat_min, lon_max, lat_max). ``as_of`` defaults to the newest date of
    the features drawn.
    """
    with mpl.rc_context(_RC):
        return _render(atlas, layers, view, bbox, params, page, dpi, title, subtitle, as_of)


def _render(
    atlas: Atlas,
    layers: Sequence[str] | None,
    view: str | None,
    bbox: BBox | None,
    params: Params,
    page: str,
    dpi: int,
    title: str | None,
    subtitle: str | None,
    as_of: str | None,
) -> Figure:
    box_, ids, title_, subtitle_ = resolve(view, layers, bbox, title, subtitle)
    lay = _layout(page)
    fig = Figure(figsize=lay.page, dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    W, H = lay.page
    crs = fit_crs(box_)
    extent = _projected_extent(box_, crs, (lay.map[2] * W) / (lay.map[3] * H))

    ax = fig.add_axes(lay.map, gid="map")
    ax.set_facecolor(BASEMAP["sea"])
    _frame(ax, extent, LABEL["color"], 0.8)

    width = extent[2] - extent[0]
    tolerance = width / (lay.map[2] * W * 300) * 0.75  # under a device pixel at 300 dpi
    margin = 0.05 * width
    clip = _extent_lonlat(
        (extent[0] - margin, extent[1] - margin, extent[2] + margin, extent[3] + margin), crs
    )
    countries = _projected_basemap(atlas, crs.to_wkt(), clip, tolerance)
    _draw_basemap(ax, countries)
    drawn = _draw_layers(ax, atlas, ids, params, crs, extent, lay.scale)

    occupied = [_marker_bbox(ax, x, y, r, fig.dpi) for x, y, r in drawn.markers]
    view_geom = box(*extent).buffer(-0.04 * width)
    candidates = drawn.labels + _country_labels(countries, view_geom, lay.scale)
    placed, dropped = _place_labels(fig, ax, candidates, occupied)

    scale_km = _draw_scale_bar(ax, crs, extent, lay.scale)
    angle = _draw_north_arrow(ax, crs, extent, lay.scale)

    statuses = [s for s in drawn.statuses if s in STATUS_DASH]
    legend = [
        ("Map layers", layer_entries(drawn.layers)),
        ("Line pattern = status", status_entries(statuses)),
        ("Hatching = confidence", confidence_entries(drawn.confidences)),
    ]
    keys = _draw_legend(fig, lay.legend, legend, lay.legend_columns, lay.scale)
    _, inv = _transformers(crs.to_wkt())
    ring = _ring(extent, 24)
    _draw_inset(fig, lay.inset, atlas, np.column_stack(inv.transform(ring[:, 0], ring[:, 1])))

    as_of_ = as_of or (max(drawn.dates) if drawn.dates else "unknown")
    tx, ty = lay.title
    title_size = 15 * lay.scale
    title_text = wrap_text(title_, lay.footer[2] * 72, title_size, "bold", dpi)
    fig.text(
        tx,
        ty,
        title_text,
        fontsize=title_size,
        fontweight="bold",
        va="top",
        ha="left",
        color=LABEL["color"],
        linespacing=1.1,
        gid="title",
    )
    sub = f"{subtitle_} · Information as of {as_of_}" if subtitle_ else f"Information as of {as_of_}"
    sub_y = ty - ((title_text.count("\n") + 1) * title_size * 1.15 + 5) / 72 / H
    fig.text(
        tx, sub_y, sub, fontsize=10 * lay.scale, va="top", ha="left", color=BASEMAP["label"], gid="subtitle"
    )
    fx, fy, fw = lay.footer
    foot_size = 6.2 * lay.scale
    line_h = foot_size * 1.2 / 72 / H
    credits_text = wrap_text(_credits(drawn, crs), fw * 72, foot_size, dpi=dpi)
    fig.text(
        fx,
        fy,
        credits_text,
        fontsize=foot_size,
        va="bottom",
        ha="left",
        color=BASEMAP["label"],
        linespacing=1.2,
        gid="credits",
    )
    note = _notes(drawn)
    fig.text(
        fx,
        fy + (credits_text.count("\n") + 1) * line_h + 0.05 / H,
        wrap_text(note, fw * 72, foot_size, dpi=dpi),
        fontsize=foot_size,
        va="bottom",
        ha="left",
        color=LABEL["color"],
        linespacing=1.2,
        gid="note",
    )

    fig.snapshot = SnapshotInfo(  # type: ignore[attr-defined]
        bbox=box_,
        extent=extent,
        crs=crs,
        layers=tuple(drawn.layers),
        legend_keys=tuple(keys),
        scale_km=scale_km,
        north_angle_deg=angle,
        as_of=as_of_,
        labels_placed=placed,
        labels_dropped=dropped,
        notes=[note],
    )
    return fig


def save_figure(fig: Figure, fmt: str, dpi: int | None = None) -> bytes:
    """Encode a snapshot figure; metadata without dates so output is reproducible."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    metadata: dict[str, Any] = {
        "png": {"Software": None},
        "svg": {"Date": None},
        "pdf": {"CreationDate": None},
    }[fmt]
    buf = io.BytesIO()
    with mpl.rc_context(_RC):
        if fmt == "png" and (dpi is None or dpi == fig.dpi):
            # Draw once and encode opaque RGB at zlib level 3: half the time of savefig's
            # RGBA level-6 encode for a 3508×2480 page, ~5 % larger files.
            fig.canvas.draw()
            image = Image.fromarray(np.asarray(fig.canvas.buffer_rgba())).convert("RGB")
            image.save(buf, format="png", compress_level=1, dpi=(fig.dpi, fig.dpi))
        else:
            fig.savefig(buf, format=fmt, dpi=dpi or fig.dpi, facecolor=fig.get_facecolor(), metadata=metadata)
    return buf.getvalue()


def export_snapshot(atlas: Atlas, *, fmt: str = "png", **kwargs: Any) -> bytes:
    """Render and encode one snapshot; the figure is cleared and dropped before returning."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    fig = render_snapshot(atlas, **kwargs)
    try:
        return save_figure(fig, fmt)
    finally:
        fig.clear()
        del fig


MIME_TYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}


def snapshot_filename(view: str | None, fmt: str) -> str:
    """Download name for the app: ``corridors-<view>.<ext>``."""
    return f"corridors-{view or 'custom'}.{fmt}"


def visible_in(ids: Iterable[str]) -> tuple[str, ...]:
    """Known layer ids in registry order (drops anything the app passes that is not a layer)."""
    wanted = set(ids)
    return tuple(layer.id for layer in LAYERS if layer.id in wanted and layer.id in LAYER_BY_ID)
