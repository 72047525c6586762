"""One map body in a rectangle of the page: its fitted projection, the basemap, water and
reference names, the story's layers, and the placement of every label. The page's main map
and its detail insets are each one of these."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox
from pyproj import CRS

from layers.features import Params
from layers.loading import Atlas
from layers.measure import equivalent_zoom
from layers.styles import BASEMAP, LABEL
from render.snapshot.furniture import frame_axes
from render.snapshot.labels import Placement, marker_bbox, place_labels
from render.snapshot.layout import Rect
from render.snapshot.paths import projected_land
from render.snapshot.projection import (
    BBox,
    centre_lonlat,
    extent_lonlat,
    fit_crs,
    ground_km,
    projected_extent,
)
from render.snapshot.reference import draw_place_symbols, draw_water, reference_candidates
from render.snapshot.style import PX_TO_PT
from render.snapshot.symbols import Drawn, MapFrame, draw_basemap, draw_layers

CSS_PX_PER_INCH = 96


@dataclass
class MapBody:
    """A drawn map: its axes, projection, frame and what it drew (labels not yet placed)."""

    ax: Axes
    crs: CRS
    frame: MapFrame
    drawn: Drawn


def draw_map_body(
    fig: Figure,
    rect: Rect,
    atlas: Atlas,
    layers: Sequence[str],
    params: Params,
    bbox: BBox,
    scale: float,
    gid: str = "map",
) -> MapBody:
    """Fit a conic to ``bbox``, fill ``rect`` with it and draw everything but the labels."""
    W, H = fig.get_size_inches()
    crs = fit_crs(bbox)
    extent = projected_extent(bbox, crs, (rect[2] * W) / (rect[3] * H))

    ax = fig.add_axes(rect, gid=gid)
    ax.set_facecolor(BASEMAP["sea"])
    frame_axes(ax, extent, LABEL["color"], 0.8)
    width_in = rect[2] * W
    cy = (extent[1] + extent[3]) / 2
    metres_per_px = ground_km(crs, extent[0], extent[2], cy) * 1000 / (width_in * CSS_PX_PER_INCH)
    zoom = equivalent_zoom(metres_per_px, centre_lonlat(crs, extent)[1])
    frame = MapFrame(extent, width_in * 72, zoom, LABEL["size_px"] * PX_TO_PT * 0.85 * scale)
    width = extent[2] - extent[0]
    margin = 0.05 * width
    clip = extent_lonlat(
        (extent[0] - margin, extent[1] - margin, extent[2] + margin, extent[3] + margin), crs
    )
    tolerance = width / (width_in * 300) * 0.75  # under a device pixel at 300 dpi
    wkt = crs.to_wkt()
    draw_basemap(ax, projected_land(atlas, wkt, clip, tolerance))
    draw_water(ax, atlas, wkt, clip, tolerance)
    names, name_symbols, symbols = reference_candidates(atlas, wkt, clip, tolerance, frame, scale)
    draw_place_symbols(ax, symbols)
    drawn = draw_layers(ax, atlas, layers, params, wkt, frame)
    drawn.labels += names
    drawn.markers += name_symbols
    return MapBody(ax, crs, frame, drawn)


def place_body_labels(fig: Figure, body: MapBody, obstacles: Sequence[Bbox]) -> Placement:
    """Place the body's labels around its symbols and the given obstacles (furniture, insets)."""
    occupied = [marker_bbox(body.ax, x, y, r, fig.dpi) for x, y, r in body.drawn.markers] + list(obstacles)
    return place_labels(fig, body.ax, body.drawn.labels, occupied)
