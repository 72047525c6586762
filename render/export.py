"""What the app's export panel asks for and gets back: plain data, no Streamlit.

The snapshot draws the layers the user has switched on (one source of truth: the map's own
layer control) inside either the map's current view or a named preset's extent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from layers.features import Params
from layers.loading import Atlas
from render.static import MIME_TYPES, render_snapshot, save_figure, snapshot_filename, visible_in
from render.views import REGION_BBOX, BBox, bbox_from_leaflet_bounds, get_view

CURRENT_VIEW = "current"
PREVIEW_DPI = 60


@dataclass(frozen=True)
class ExportRequest:
    """Everything a snapshot depends on; equal requests give identical files."""

    layers: tuple[str, ...]
    view: str | None  # preset id, or None for the map's current extent
    bbox: BBox | None
    fmt: str
    page: str
    dpi: int
    title: str | None
    buffer_km: float


@dataclass(frozen=True)
class ExportResult:
    """The file to download and a small PNG to preview it."""

    request: ExportRequest
    data: bytes
    preview_png: bytes
    filename: str
    mime: str


def request_from_map(
    *,
    visible: Iterable[str],
    bounds: Mapping[str, Any] | None,
    extent: str,
    fmt: str,
    page: str,
    dpi: int,
    title: str | None,
    buffer_km: float,
) -> ExportRequest:
    """Turn the map's state and the panel's choices into a request (ViewError on bad input)."""
    if extent == CURRENT_VIEW:
        view, bbox = None, bbox_from_leaflet_bounds(bounds) if bounds else REGION_BBOX
    else:
        view, bbox = get_view(extent).id, None
    return ExportRequest(
        layers=visible_in(visible),
        view=view,
        bbox=bbox,
        fmt=fmt,
        page=page,
        dpi=dpi,
        title=(title or "").strip() or None,
        buffer_km=buffer_km,
    )


def prepare_export(atlas: Atlas, request: ExportRequest) -> ExportResult:
    """Render once; encode the requested format and a low-resolution PNG preview."""
    fig = render_snapshot(
        atlas,
        layers=request.layers,
        view=request.view,
        bbox=request.bbox,
        params=Params(buffer_km=request.buffer_km),
        page=request.page,
        dpi=request.dpi,
        title=request.title if request.title or request.view else "Corridors map: current view",
    )
    try:
        data = save_figure(fig, request.fmt)
        preview = save_figure(fig, "png", dpi=PREVIEW_DPI)
    finally:
        fig.clear()
    return ExportResult(
        request=request,
        data=data,
        preview_png=preview,
        filename=snapshot_filename(request.view or "current-view", request.fmt),
        mime=MIME_TYPES[request.fmt],
    )
