"""Static adapter: layer declarations → a print-ready matplotlib figure (PNG, SVG, PDF), no browser.

It reads the same declarations as the interactive map (``layers.registry``, ``layers.styles``,
``layers.legend``, ``layers.notes``, ``layers.features``), so colours, widths, dashes, hatches,
markers, draw order, legend and notes cannot drift apart. One cartographic concern per module:

- ``projection``: the view's conformal conic, extents, ground distances, true north
- ``paths``: geometry → projected, clipped matplotlib paths (basemap and layers)
- ``layout``: page sizes and where title, map, legend, inset and footer go
- ``style``: the style vocabulary in points, dashes, markers and colours
- ``symbols``: drawing areas, lines, flow arrows, point symbols and events
- ``labels``: label candidates and collision-avoiding placement
- ``furniture``: frame, scale bar, north arrow, locator inset
- ``legend``: the shared legend structure drawn in a panel
- ``text``: text measuring and wrapping
- ``page``: composition of a whole page (``render_snapshot``)
- ``encode``: PNG, SVG and PDF bytes
"""

from render.snapshot.encode import FORMATS, MIME_TYPES, save_figure
from render.snapshot.layout import DEFAULT_PAGE, PAGES
from render.snapshot.page import SnapshotInfo, SnapshotSpec, render_snapshot

__all__ = [
    "DEFAULT_PAGE",
    "FORMATS",
    "MIME_TYPES",
    "PAGES",
    "SnapshotInfo",
    "SnapshotSpec",
    "render_snapshot",
    "save_figure",
]
