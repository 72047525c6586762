"""One export path for the app and the command line: a validated request → files.

``ExportRequest.create`` checks every choice in one place (view or extent, layers, depth,
date, format, page, resolution, title) and raises ExportError naming the problem; both the
export panel and ``python -m render snapshot`` build their requests through it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from layers.derive import BUFFER_KM_RANGE, DEFAULT_BUFFER_KM
from layers.features import Params
from layers.loading import Atlas
from layers.period import AsOfError, check_as_of, default_as_of
from layers.registry import LAYER_BY_ID, LAYERS
from render import memory
from render.snapshot import (
    DEFAULT_PAGE,
    FORMATS,
    MIME_TYPES,
    PAGES,
    SnapshotSpec,
    render_snapshot,
    save_figure,
)
from render.views import (
    CUSTOM_TITLE,
    BBox,
    Detail,
    ViewError,
    bbox_from_leaflet_bounds,
    check_bbox,
    check_layers,
    get_view,
)

CURRENT_VIEW = "current"
PREVIEW_DPI = 60
DPI_RANGE = (20, 1200)
MAX_TITLE = 160
# Renders at once, server-wide: a 300-dpi page takes a few hundred MB while it is drawn and
# encoded, so a burst of exports waits its turn instead of exhausting memory.
EXPORT_SLOTS = 2
_slots = threading.BoundedSemaphore(EXPORT_SLOTS)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class ExportError(ViewError):
    """A choice that cannot be exported; the message names it and what is allowed."""


@dataclass(frozen=True)
class ExportRequest:
    """Everything a snapshot depends on, validated; equal requests give identical files."""

    layers: tuple[str, ...]
    view: str | None  # preset id, or None for a custom extent
    bbox: BBox
    fmt: str
    page: str
    dpi: int
    title: str
    subtitle: str
    buffer_km: float
    as_of: date
    byline: str | None = None
    details: tuple[Detail, ...] = ()

    @classmethod
    def create(
        cls,
        atlas: Atlas,
        *,
        view: str | None = None,
        bbox: BBox | list[float] | None = None,
        layers: Iterable[str] | None = None,
        fmt: str = "png",
        page: str = DEFAULT_PAGE,
        dpi: int = 300,
        title: str | None = None,
        subtitle: str | None = None,
        buffer_km: float | None = None,
        as_of: str | date | None = None,
        byline: str | None = None,
    ) -> ExportRequest:
        """Validate the choices (ExportError) and resolve a preset's defaults.

        ``view`` gives extent, layers and words; an explicit ``bbox``/``layers``/``title``
        wins. Without either, the region preset is used.
        """
        try:
            preset = get_view(view) if view else (None if bbox is not None else get_view("region"))
            extent = check_bbox(tuple(bbox)) if bbox is not None else preset.bbox  # type: ignore[union-attr]
            ids = (
                check_layers(list(layers))
                if layers is not None
                else (
                    preset.layers if preset else tuple(layer.id for layer in LAYERS if layer.default_visible)
                )
            )
        except ViewError as exc:
            raise ExportError(str(exc)) from None
        _check_coverage(atlas, extent)
        if fmt not in FORMATS:
            raise ExportError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
        if page not in PAGES:
            raise ExportError(f"unknown page size {page!r}; choose one of: {', '.join(PAGES)}")
        if not DPI_RANGE[0] <= int(dpi) <= DPI_RANGE[1]:
            raise ExportError(f"resolution must be between {DPI_RANGE[0]} and {DPI_RANGE[1]} dpi (got {dpi})")
        depth = DEFAULT_BUFFER_KM if buffer_km is None else float(buffer_km)
        if not BUFFER_KM_RANGE[0] <= depth <= BUFFER_KM_RANGE[1]:
            low, high = BUFFER_KM_RANGE
            raise ExportError(f"buffer depth must be between {low:g} and {high:g} km (got {depth:g})")
        try:
            day = default_as_of(atlas) if as_of is None else check_as_of(atlas, as_of)
        except AsOfError as exc:
            raise ExportError(f"date: {exc}") from None
        return cls(
            layers=tuple(layer.id for layer in LAYERS if layer.id in set(ids)),
            view=preset.id if preset and bbox is None else None,
            bbox=extent,
            fmt=fmt,
            page=page,
            dpi=int(dpi),
            title=_clean(title, "title") or (preset.title if preset else CUSTOM_TITLE),
            subtitle=_clean(subtitle, "subtitle")
            if subtitle is not None
            else (preset.subtitle if preset else ""),
            buffer_km=depth,
            as_of=day,
            byline=_clean(byline, "byline") or None,
            details=preset.details if preset and bbox is None else (),
        )

    def spec(self) -> SnapshotSpec:
        """What the static renderer draws for this request."""
        return SnapshotSpec(
            bbox=self.bbox,
            layers=self.layers,
            title=self.title,
            subtitle=self.subtitle,
            params=Params(buffer_km=self.buffer_km, as_of=self.as_of),
            page=self.page,
            dpi=self.dpi,
            byline=self.byline,
            details=self.details,
        )

    @property
    def filename(self) -> str:
        """Download name: ``corridors-<view>-<date>.<ext>``."""
        return f"corridors-{self.view or 'custom-view'}-{self.as_of.isoformat()}.{self.fmt}"


def coverage(atlas: Atlas) -> BBox:
    """The extent the shipped basemap covers (lon_min, lat_min, lon_max, lat_max)."""
    return atlas.coverage


def _check_coverage(atlas: Atlas, bbox: BBox) -> None:
    """Refuse an extent the basemap does not cover: it would print an empty or cut-off map."""
    west, south, east, north = coverage(atlas)
    lon0, lat0, lon1, lat1 = bbox
    if lon0 < west or lat0 < south or lon1 > east or lat1 > north:
        raise ExportError(
            f"the extent {lon0:g},{lat0:g},{lon1:g},{lat1:g} reaches outside the mapped area "
            f"(longitude {west:.0f} to {east:.0f}, latitude {south:.0f} to {north:.0f})"
        )


def _clean(text: str | None, what: str) -> str:
    """User text for a page: stripped, single-line, bounded; control characters refused."""
    if text is None:
        return ""
    text = " ".join(str(text).split())
    if _CONTROL.search(text):
        raise ExportError(f"the {what} contains control characters")
    if len(text) > MAX_TITLE:
        raise ExportError(f"the {what} is {len(text)} characters long; the limit is {MAX_TITLE}")
    return text


def request_from_map(
    atlas: Atlas, *, visible: Iterable[str], bounds: Mapping[str, Any] | None, extent: str, **choices: Any
) -> ExportRequest:
    """The app's request: the map's visible layers inside its current view or a preset's extent."""
    layers = [i for i in visible if i in LAYER_BY_ID]
    if extent == CURRENT_VIEW:
        try:
            bbox = (
                bbox_from_leaflet_bounds(bounds) if bounds and _reported(bounds) else get_view("region").bbox
            )
        except ViewError as exc:
            raise ExportError(str(exc)) from None
        return ExportRequest.create(atlas, bbox=bbox, layers=layers, **choices)
    return ExportRequest.create(atlas, view=extent, layers=layers, **choices)


def _reported(bounds: Mapping[str, Any] | None) -> bool:
    """Whether the browser has reported its view (before that, the component's default holds
    no numbers)."""
    corners = [(bounds or {}).get(k) for k in ("_southWest", "_northEast")]
    return all(
        isinstance(c, Mapping) and c.get("lat") is not None and c.get("lng") is not None for c in corners
    )


@dataclass(frozen=True)
class ExportResult:
    """The file to download and a small PNG to preview it."""

    request: ExportRequest
    data: bytes
    preview_png: bytes | None
    filename: str
    mime: str


def export(atlas: Atlas, request: ExportRequest, *, preview: bool = False) -> ExportResult:
    """Render once; encode the requested format (and a low-resolution PNG preview). At most
    ``EXPORT_SLOTS`` exports render at once; the others wait."""
    with _slots:
        fig = render_snapshot(atlas, request.spec())
        try:
            data = save_figure(fig, request.fmt)
            small = save_figure(fig, "png", dpi=PREVIEW_DPI) if preview else None
        finally:
            # no fig.clear(): it rebuilds every axes (~60 ms); the collection frees the figure
            del fig
            memory.release()  # the page's raster buffers go back to the OS
    return ExportResult(request, data, small, request.filename, MIME_TYPES[request.fmt])
