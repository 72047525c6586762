"""Page composition: one snapshot as a pyplot-free Figure, built as a short sequence of steps.

Figures are built with ``matplotlib.figure.Figure`` and an Agg canvas, never pyplot: nothing is
registered globally, so a figure is freed as soon as the caller drops it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox
from pyproj import CRS
from shapely.geometry import box

from layers.features import Params
from layers.legend import legend_sections
from layers.loading import Atlas
from layers.measure import equivalent_zoom
from layers.notes import collect_notes
from layers.period import as_of_line, default_as_of
from layers.registry import BASEMAP_CREDIT
from layers.styles import BASEMAP, LABEL
from render.snapshot.furniture import draw_inset, draw_north_arrow, draw_scale_bar, frame_axes
from render.snapshot.labels import country_labels, marker_bbox, place_labels
from render.snapshot.layout import LEGEND_GROWTH, Layout, page_layout, page_of
from render.snapshot.legend import draw_legend, legend_fits
from render.snapshot.paths import projected_basemap
from render.snapshot.projection import (
    BBox,
    Extent,
    centre_lonlat,
    describe_crs,
    extent_lonlat,
    extent_ring_lonlat,
    fit_crs,
    ground_km,
    projected_extent,
)
from render.snapshot.style import PX_TO_PT, RC
from render.snapshot.symbols import Drawn, MapFrame, draw_basemap, draw_layers
from render.snapshot.text import wrap_text

DATA_CREDIT = (
    "Overlays compiled by the Corridors map from the reporting cited; lengths and areas are "
    "measured on the drawn geometry. Reuse with attribution to the sources named; each "
    "feature's full source list is in its popup in the interactive map."
)
CSS_PX_PER_INCH = 96


@dataclass(frozen=True)
class SnapshotSpec:
    """Everything a snapshot draws, resolved: extent, layers, words, parameters, page."""

    bbox: BBox
    layers: tuple[str, ...]
    title: str
    subtitle: str = ""
    params: Params = field(default_factory=Params)
    page: str = "a4-landscape"
    dpi: int = 150
    byline: str | None = None


@dataclass
class SnapshotInfo:
    """What a rendered snapshot shows, attached to the figure as ``fig.snapshot`` (tests, app)."""

    bbox: BBox
    extent: Extent
    crs: CRS
    layers: tuple[str, ...]  # drawn, in draw order
    legend_keys: tuple[str, ...]
    scale_km: float
    north_angle_deg: float  # clockwise from the map's up direction
    as_of: date
    subtitle: str
    zoom: float  # equivalent web-map zoom of the print scale
    labels_placed: int = 0
    labels_dropped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _map_axes(fig: Figure, lay: Layout, bbox: BBox) -> tuple[Axes, CRS, MapFrame]:
    W, H = lay.page
    crs = fit_crs(bbox)
    extent = projected_extent(bbox, crs, (lay.map[2] * W) / (lay.map[3] * H))
    ax = fig.add_axes(lay.map, gid="map")
    ax.set_facecolor(BASEMAP["sea"])
    frame_axes(ax, extent, LABEL["color"], 0.8)
    width_pt = lay.map[2] * W * 72
    cy = (extent[1] + extent[3]) / 2
    metres_per_px = ground_km(crs, extent[0], extent[2], cy) * 1000 / (lay.map[2] * W * CSS_PX_PER_INCH)
    zoom = equivalent_zoom(metres_per_px, centre_lonlat(crs, extent)[1])
    label_size = LABEL["size_px"] * PX_TO_PT * 0.85 * lay.scale
    return ax, crs, MapFrame(extent, width_pt, zoom, label_size)


def _draw_map(ax: Axes, atlas: Atlas, crs: CRS, frame: MapFrame, spec: SnapshotSpec, lay: Layout):
    extent = frame.extent
    width = extent[2] - extent[0]
    margin = 0.05 * width
    clip = extent_lonlat(
        (extent[0] - margin, extent[1] - margin, extent[2] + margin, extent[3] + margin), crs
    )
    tolerance = width / (lay.map[2] * lay.page[0] * 300) * 0.75  # under a device pixel at 300 dpi
    countries = projected_basemap(atlas, crs.to_wkt(), clip, tolerance)
    draw_basemap(ax, countries)
    drawn = draw_layers(ax, atlas, spec.layers, spec.params, crs.to_wkt(), frame)
    return countries, drawn


@dataclass(frozen=True)
class _Words:
    """The page's text, wrapped to the page width, with the sizes it is set in (points)."""

    title: str
    subtitle: str
    notes: str
    credits: str
    title_size: float
    subtitle_size: float
    foot_size: float

    def header_height(self) -> float:
        """Inches the title and subtitle take."""
        lines = (self.title.count("\n") + 1) * self.title_size * 1.15 + 5
        return (lines + (self.subtitle.count("\n") + 1) * self.subtitle_size * 1.25) / 72

    def footer_height(self) -> float:
        """Inches the notes and credits take."""
        n = self.notes.count("\n") + self.credits.count("\n") + 2
        return (n * self.foot_size * 1.2 + 4) / 72


MORE_NOTES = "More notes and every source: the interactive map's popups."
NOTE_SHARE = 0.11  # of the page height the notes may take


def _fit_notes(notes: list[str], width: float, size: float, max_lines: int, dpi: float) -> str:
    """The most important notes that fit ``max_lines`` lines; the rest are pointed to."""
    for keep in range(len(notes), 0, -1):
        tail = [MORE_NOTES] if keep < len(notes) else []
        text = wrap_text(" ".join(notes[:keep] + tail), width, size, dpi=dpi)
        if text.count("\n") + 1 <= max_lines:
            return text
    return wrap_text(MORE_NOTES, width, size, dpi=dpi)


def _words(page: str, title: str, subtitle: str, notes: list[str], credits: str, dpi: float) -> _Words:
    p = page_of(page)
    width = p.text_width * 72
    t, s, f = 15 * p.scale, 10 * p.scale, 6.5
    max_lines = max(3, int(NOTE_SHARE * p.height * 72 / (f * 1.2)))
    return _Words(
        title=wrap_text(title, width, t, "bold", dpi),
        subtitle=wrap_text(subtitle, width, s, dpi=dpi),
        notes=_fit_notes(notes, width, f, max_lines, dpi),
        credits=wrap_text(credits, width, f, dpi=dpi),
        title_size=t,
        subtitle_size=s,
        foot_size=f,
    )


def _title_block(fig: Figure, lay: Layout, words: _Words) -> None:
    tx, ty = lay.title
    H = lay.page[1]
    fig.text(
        tx,
        ty,
        words.title,
        fontsize=words.title_size,
        fontweight="bold",
        va="top",
        ha="left",
        color=LABEL["color"],
        linespacing=1.1,
        gid="title",
    )
    sub_y = ty - ((words.title.count("\n") + 1) * words.title_size * 1.15 + 5) / 72 / H
    fig.text(
        tx,
        sub_y,
        words.subtitle,
        fontsize=words.subtitle_size,
        va="top",
        ha="left",
        color=BASEMAP["label"],
        linespacing=1.2,
        gid="subtitle",
    )


def _footer(fig: Figure, lay: Layout, words: _Words) -> None:
    fx, fy, _ = lay.footer
    H = lay.page[1]
    fig.text(
        fx,
        fy,
        words.credits,
        fontsize=words.foot_size,
        va="bottom",
        ha="left",
        color=BASEMAP["label"],
        linespacing=1.2,
        gid="credits",
    )
    above = ((words.credits.count("\n") + 1) * words.foot_size * 1.2 + 3) / 72 / H
    fig.text(
        fx,
        fy + above,
        words.notes,
        fontsize=words.foot_size,
        va="bottom",
        ha="left",
        color=LABEL["color"],
        linespacing=1.2,
        gid="note",
    )


def _credits(drawn: Drawn, crs: CRS, byline: str | None, top: int = 6) -> str:
    names = [name for name, _ in drawn.publishers.most_common(top)]
    others = len(drawn.publishers) - len(names)
    sources = "Sources: " + (", ".join(names) if names else "none for the layers shown")
    if others > 0:
        sources += f" and {others} other publishers"
    by = f"Map: {byline}. " if byline else ""
    return f"{by}{sources}. {BASEMAP_CREDIT} {DATA_CREDIT} Projection: {describe_crs(crs)}."


def _obstacles(fig: Figure, artists: list) -> list[Bbox]:
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    return [a.get_window_extent(renderer) for a in artists]


def _compose(
    atlas: Atlas, spec: SnapshotSpec, subtitle: str, footer_h: float
) -> tuple[Figure, SnapshotInfo, _Words]:
    """One pass: lay the page out for a footer of ``footer_h`` inches and draw everything."""
    header = _words(spec.page, spec.title, subtitle, [], "", spec.dpi)
    sections = legend_sections(atlas, spec.layers, spec.params)
    for grow, inset in LEGEND_GROWTH:  # the smallest legend area its rows fit in
        lay = page_layout(spec.page, header.header_height(), footer_h, grow, inset)
        if legend_fits(lay.page, lay.legend, sections, lay.legend_columns, lay.scale, spec.dpi):
            break
    fig = Figure(figsize=lay.page, dpi=spec.dpi, facecolor="white")
    FigureCanvasAgg(fig)
    ax, crs, frame = _map_axes(fig, lay, spec.bbox)
    countries, drawn = _draw_map(ax, atlas, crs, frame, spec, lay)
    scale_km, bar = draw_scale_bar(ax, crs, frame.extent, lay.scale)
    angle, arrow = draw_north_arrow(ax, crs, frame.extent, lay.scale)
    occupied = [marker_bbox(ax, x, y, r, fig.dpi) for x, y, r in drawn.markers] + _obstacles(fig, bar + arrow)
    view = box(*frame.extent).buffer(-0.04 * (frame.extent[2] - frame.extent[0]))
    placement = place_labels(fig, ax, drawn.labels + country_labels(countries, view, lay.scale), occupied)
    keys = draw_legend(
        fig, lay.legend, legend_sections(atlas, drawn.layers, spec.params), lay.legend_columns, lay.scale
    )
    if lay.inset[2] > 0:
        draw_inset(fig, lay.inset, atlas, extent_ring_lonlat(frame.extent, crs))
    notes = collect_notes(atlas, drawn.layers, spec.params, drawn.ids).sentences()
    words = _words(spec.page, spec.title, subtitle, notes, _credits(drawn, crs, spec.byline), spec.dpi)
    _title_block(fig, lay, words)
    _footer(fig, lay, words)
    info = SnapshotInfo(
        bbox=spec.bbox,
        extent=frame.extent,
        crs=crs,
        layers=tuple(drawn.layers),
        legend_keys=tuple(keys),
        scale_km=scale_km,
        north_angle_deg=angle,
        as_of=spec.params.as_of or default_as_of(atlas),
        subtitle=subtitle,
        zoom=frame.zoom,
        labels_placed=placement.placed,
        labels_dropped=list(placement.dropped or []),
        notes=notes,
    )
    return fig, info, words


def render_snapshot(atlas: Atlas, spec: SnapshotSpec) -> Figure:
    """The print layout of one view (``fig.snapshot`` says what it shows).

    The footer's notes and credits depend on what the map draws, and the map's size on the
    footer: a first pass with a typical footer, and a second only if the footer came out taller.
    """
    as_of = spec.params.as_of or default_as_of(atlas)
    spec = replace(spec, params=replace(spec.params, as_of=as_of))
    dated = as_of_line(atlas, as_of, spec.layers)
    subtitle = f"{spec.subtitle}\n{dated}" if spec.subtitle else dated
    with mpl.rc_context(RC):
        fig, info, words = _compose(atlas, spec, subtitle, footer_h=1.0)
        if words.footer_height() > 1.0:
            fig.clear()
            fig, info, words = _compose(atlas, spec, subtitle, words.footer_height())
    fig.snapshot = info  # type: ignore[attr-defined]
    return fig
