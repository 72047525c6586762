"""The style vocabulary of ``layers.styles`` in matplotlib terms: points, dashes, markers, colours.

Widths and dashes are CSS px in the declarations (as Leaflet draws them); here 1 px = 0.75 pt.
Map symbols and legend swatches both go through these helpers, so a swatch looks exactly like
the feature it explains.
"""

from __future__ import annotations

from typing import Any

from matplotlib.colors import to_rgba

from layers.styles import LABEL, Style

PX_TO_PT = 0.75  # CSS px → typographic points
MARKERS = {"circle": "o", "square": "s", "triangle": "^", "diamond": "D", "star": "*"}
# Star glyphs fill less of their box than the other markers: scale them up to match visually.
_MARKER_SCALE = {"star": 1.5}
RC: dict[Any, Any] = {
    "font.family": LABEL["font_family"],
    "svg.fonttype": "none",  # SVG text stays <text>
    "svg.hashsalt": "corridors",  # stable ids → reproducible SVG
    "pdf.fonttype": 42,  # TrueType, text stays selectable
    "lines.scale_dashes": False,  # dash lengths are absolute, as in Leaflet
    "hatch.linewidth": 0.8,
    "path.simplify": True,
    "text.hinting": "no_hinting",  # at print resolutions hinting only costs time (a fifth of drawing)
    "text.parse_math": False,  # user titles are text, never mathtext ("$5 and $80")
}
RGBA = tuple[float, float, float, float]


def line_kwargs(style: Style) -> dict[str, Any]:
    """Line width and dash pattern in points."""
    dash = (0, tuple(v * PX_TO_PT for v in style.dash)) if style.dash else "solid"
    return {"linewidth": style.weight * PX_TO_PT, "linestyle": dash}


def face_rgba(style: Style) -> RGBA:
    """Fill colour with its opacity (a symbol's or an area's)."""
    return to_rgba(style.fill_color or style.color, style.fill_opacity * style.opacity)


def edge_rgba(style: Style) -> RGBA:
    """Outline or line colour with its opacity."""
    return to_rgba(style.color, style.opacity)


def hatch_rgba(style: Style) -> RGBA:
    """Hatch lines: the fill colour, strong enough to read at print size."""
    return to_rgba(style.fill_color or style.color, max(style.opacity * 0.8, 0.5))


def marker_code(style: Style) -> str:
    """matplotlib marker for the declared shape."""
    return MARKERS.get(style.marker or "circle", "o")


def marker_area(style: Style) -> float:
    """scatter ``s`` (points²) for the declared radius."""
    scale = _MARKER_SCALE.get(style.marker or "", 1.0)
    return (2 * style.radius * PX_TO_PT * scale) ** 2


def symbol_radius(style: Style) -> float:
    """Outer radius of a point symbol in points (marker half-size plus half its outline)."""
    scale = _MARKER_SCALE.get(style.marker or "", 1.0)
    return (style.radius * scale + style.weight / 2) * PX_TO_PT
