"""Page composition: one snapshot as a pyplot-free Figure, built as a short sequence of steps.

Figures are built with ``matplotlib.figure.Figure`` and an Agg canvas, never pyplot: nothing is
registered globally, so a figure is freed as soon as the caller drops it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

import matplotlib as mpl
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox
from pyproj import CRS
from shapely.geometry import box

from layers.alttext import describe_view
from layers.features import Params, layer_records
from layers.legend import legend_sections
from layers.loading import Atlas
from layers.notes import UNCERTAINTY_NOTE, collect_notes
from layers.period import as_of_line, default_as_of
from layers.registry import BASEMAP_CREDIT, FAMILY_BY_ID, LAYER_BY_ID, MARITIME_FAMILIES
from layers.styles import BASEMAP, LABEL
from render.snapshot.backend import TextCanvas
from render.snapshot.detail import draw_details
from render.snapshot.furniture import draw_inset, draw_north_arrow, draw_scale_bar
from render.snapshot.layout import LEGEND_GROWTH, Layout, page_layout, page_of
from render.snapshot.legend import draw_legend, legend_fits
from render.snapshot.mapbody import draw_map_body, place_body_labels
from render.snapshot.projection import (
    BBox,
    Extent,
    describe_crs,
    extent_ring_lonlat,
    fit_crs,
)
from render.snapshot.style import RC
from render.snapshot.text import wrap_text
from render.views import Detail

DATA_CREDIT = (
    "Overlays compiled by the Corridors map from the reporting cited; lengths and areas are "
    "measured on the drawn geometry. Reuse with attribution to the sources named; each "
    "feature's full source list is in its popup in the interactive map."
)
AUTHOR = "Corridors map"


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
    details: tuple[Detail, ...] = ()  # close-ups printed inside the map


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
    feature_ids: frozenset[str] = frozenset()  # the features drawn (main map and close-ups)
    labels_placed: int = 0
    labels_dropped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    title: str = ""
    author: str = ""
    description: str = ""  # the alt text (layers.alttext), also the files' description
    keywords: str = ""


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


def _words(
    page: str,
    title: str,
    subtitle: str,
    notes: list[str],
    credits: str,
    dpi: float,
    footer_h: float | None = None,
) -> _Words:
    """The page's text wrapped; with ``footer_h`` (inches) the notes keep to what fits under it."""
    p = page_of(page)
    width = p.text_width * 72
    t, s, f = 15 * p.scale, 10 * p.scale, 6.5
    max_lines = max(3, int(NOTE_SHARE * p.height * 72 / (f * 1.2)))
    credits_text = wrap_text(credits, width, f, dpi=dpi)
    if footer_h is not None:
        room = int((footer_h * 72 - 4) / (f * 1.2)) - (credits_text.count("\n") + 1)
        max_lines = max(1, min(max_lines, room))
    return _Words(
        title=wrap_text(title, width, t, "bold", dpi),
        subtitle=wrap_text(subtitle, width, s, dpi=dpi),
        notes=_fit_notes(notes, width, f, max_lines, dpi),
        credits=credits_text,
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


def _credits(publishers: Counter, crs: CRS, byline: str | None, top: int = 6) -> str:
    names = [name for name, _ in publishers.most_common(top)]
    others = len(publishers) - len(names)
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
    # The smallest legend area its rows fit in; on a small page where even the largest is too
    # small, the legend keeps the layers' rows and the notes explain the patterns (they always do).
    keys_shown = len(sections)
    for keys_shown in (len(sections), 1):
        for grow, inset in LEGEND_GROWTH:
            lay = page_layout(spec.page, header.header_height(), footer_h, grow, inset)
            if legend_fits(
                lay.page, lay.legend, sections[:keys_shown], lay.legend_columns, lay.scale, spec.dpi
            ):
                break
        else:
            continue
        break
    fig = Figure(figsize=lay.page, dpi=spec.dpi, facecolor="white")
    TextCanvas(fig)
    body = draw_map_body(fig, lay.map, atlas, spec.layers, spec.params, spec.bbox, lay.scale)
    ax, crs, frame, drawn = body.ax, body.crs, body.frame, body.drawn
    nautical = bool(drawn.layers) and all(LAYER_BY_ID[i].family in MARITIME_FAMILIES for i in drawn.layers)
    scale_km, bar = draw_scale_bar(ax, crs, frame.extent, lay.scale, nautical)
    angle, arrow = draw_north_arrow(ax, crs, frame.extent, lay.scale)
    details = draw_details(fig, body, spec.details, atlas, spec.layers, spec.params, lay.scale)
    for detail in details:  # what the close-ups draw counts for legend, notes and credits too
        drawn.merge(detail.drawn)
    placement = place_body_labels(fig, body, _obstacles(fig, bar + arrow) + [d.box for d in details])
    keys = draw_legend(
        fig,
        lay.legend,
        legend_sections(atlas, drawn.layers, spec.params, ids_in_view=drawn.ids)[:keys_shown],
        lay.legend_columns,
        lay.scale,
    )
    if lay.inset[2] > 0:
        draw_inset(fig, lay.inset, atlas, extent_ring_lonlat(frame.extent, crs))
    notes = collect_notes(atlas, drawn.layers, spec.params, drawn.ids).sentences()
    if keys_shown == 1:  # the legend has no pattern keys on this page: the notes explain them first
        notes = [UNCERTAINTY_NOTE] + [n for n in notes if n != UNCERTAINTY_NOTE]
    credits = _credits(drawn.publishers, crs, spec.byline)
    words = _words(spec.page, spec.title, subtitle, notes, credits, spec.dpi, footer_h)
    _title_block(fig, lay, words)
    _footer(fig, lay, words)
    info = SnapshotInfo(
        bbox=spec.bbox,
        extent=frame.extent,
        crs=crs,
        layers=tuple(drawn.layers),
        legend_keys=tuple(keys),
        feature_ids=frozenset(drawn.ids),
        scale_km=scale_km,
        north_angle_deg=angle,
        as_of=spec.params.as_of or default_as_of(atlas),
        subtitle=subtitle,
        zoom=frame.zoom,
        labels_placed=placement.placed,
        labels_dropped=list(placement.dropped) + [f"{d.title}: {t}" for d in details for t in d.dropped],
        notes=notes,
        title=spec.title,
        author=spec.byline or AUTHOR,
        description=describe_view(atlas, drawn.layers, spec.bbox, spec.params),
        keywords="; ".join(
            dict.fromkeys(["map", *(FAMILY_BY_ID[LAYER_BY_ID[i].family].title for i in drawn.layers)])
        ),
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
        fig, info, _ = _compose(atlas, spec, subtitle, _footer_estimate(atlas, spec, subtitle))
    fig.snapshot = info  # type: ignore[attr-defined]
    return fig


def _footer_estimate(atlas: Atlas, spec: SnapshotSpec, subtitle: str) -> float:
    """Footer height (inches) for the notes and credits of the features in the requested extent:
    the map draws at least these, and the real notes are then kept to this height."""
    area = box(*spec.bbox)
    ids: set[str] = set()
    publishers: Counter = Counter()
    for layer_id in spec.layers:
        for row, geom in layer_records(atlas, LAYER_BY_ID[layer_id], spec.params):
            if geom.intersects(area):
                ids.add(str(row["id"]))
                publishers.update(
                    str(s["publisher"])
                    for s in row.get("sources") or []
                    if isinstance(s, dict) and s.get("publisher")
                )
    notes = collect_notes(atlas, spec.layers, spec.params, ids).sentences()
    credits = _credits(publishers, fit_crs(spec.bbox), spec.byline)
    line = 6.5 * 1.2 / 72
    return _words(spec.page, spec.title, subtitle, notes, credits, spec.dpi).footer_height() + line
