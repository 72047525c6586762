"""Small SVG swatches and marker shapes drawn from a Style (legend rows, point icons)."""

from __future__ import annotations

from html import escape

from layers.styles import (
    BAND_OPACITY,
    BAND_WIDTH,
    CASING_PX,
    WAYPOINT_RADIUS_PX,
    WAYPOINT_RING_PX,
    Style,
)


def _shape(style: Style, size: float) -> str:
    c, r = size / 2, style.radius
    fill = escape(style.fill_color or style.color)
    common = (
        f'fill="{fill}" fill-opacity="{style.fill_opacity:g}" stroke="{escape(style.color)}" '
        f'stroke-width="{style.weight:g}"'
    )
    if style.marker == "square":
        return f'<rect x="{c - r:g}" y="{c - r:g}" width="{2 * r:g}" height="{2 * r:g}" {common}/>'
    if style.marker == "triangle":
        pts = f"{c:g},{c - r * 1.15:g} {c + r:g},{c + r * 0.75:g} {c - r:g},{c + r * 0.75:g}"
        return f'<polygon points="{pts}" {common}/>'
    if style.marker == "star":  # five points, drawn half as large again as the other shapes
        import math

        outer, inner = r * 1.5, r * 0.62
        pts = " ".join(
            f"{c + (outer if k % 2 == 0 else inner) * math.sin(math.pi * k / 5):.2f},"
            f"{c - (outer if k % 2 == 0 else inner) * math.cos(math.pi * k / 5):.2f}"
            for k in range(10)
        )
        return f'<polygon points="{pts}" {common}/>'
    if style.marker == "diamond":
        pts = f"{c:g},{c - r * 1.2:g} {c + r:g},{c:g} {c:g},{c + r * 1.2:g} {c - r:g},{c:g}"
        return f'<polygon points="{pts}" {common}/>'
    return f'<circle cx="{c:g}" cy="{c:g}" r="{r:g}" {common}/>'


def marker_svg(style: Style) -> tuple[str, int]:
    """The point symbol as inline SVG, and its pixel size."""
    scale = 1.5 if style.marker == "star" else 1.0
    size = int(2 * style.radius * scale + 2 * style.weight + 4)
    return (
        f'<svg width="{size}" height="{size}" viewBox="0 0 {size} {size}">{_shape(style, size)}</svg>',
        size,
    )


def swatch_svg(style: Style, geometry: str, width: int = 34, height: int = 16) -> str:
    """A legend swatch: a marker, a line with its dash pattern, or a filled box (hatched when so styled)."""
    if geometry == "point":
        return marker_svg(style)[0]
    stroke = escape(style.color)
    dash = f' stroke-dasharray="{escape(style.dash_css)}"' if style.dash_css else ""
    if geometry == "line":
        return _line_swatch(style, width, height)
    fill = escape(style.fill_color or style.color)
    pattern = ""
    fill_attr = f'fill="{fill}" fill-opacity="{style.fill_opacity:g}"'
    if style.hatch:
        pid = f"h{abs(hash((style.color, style.fill_color))) % 10**6}"
        pattern = (
            f'<defs><pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)">'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="{fill}" stroke-width="2"/>'
            "</pattern></defs>"
        )
        fill_attr = f'fill="url(#{pid})"'
    return (
        f'<svg width="{width}" height="{height}">{pattern}<rect x="1" y="1" width="{width - 2}" '
        f'height="{height - 2}" {fill_attr} stroke="{stroke}" '
        f'stroke-width="{min(style.weight, 2):g}"{dash}/></svg>'
    )


def _line_swatch(style: Style, width: int, height: int) -> str:
    """A line swatch as the map draws the line: band, casing, the dashed line, waypoints."""
    y = height / 2
    weight = min(style.weight, 6)
    stroke = escape(style.color)

    def line(colour: str, w: float, extra: str = "") -> str:
        return (
            f'<line x1="3" y1="{y:g}" x2="{width - 3}" y2="{y:g}" stroke="{escape(colour)}" '
            f'stroke-width="{w:g}"{extra}/>'
        )

    parts = []
    if style.band:
        parts.append(
            line(
                style.color, weight * BAND_WIDTH, f' stroke-opacity="{BAND_OPACITY:g}" stroke-linecap="round"'
            )
        )
    opacity = f' stroke-opacity="{style.opacity:g}"' if style.opacity < 1 else ""
    if style.casing:  # at the line's opacity, as both maps draw it (an event that is over: faded)
        parts.append(line(style.casing, weight + CASING_PX, opacity))
    dash = f' stroke-dasharray="{escape(style.dash_css)}"' if style.dash_css else ""
    parts.append(line(style.color, weight, dash + opacity))
    if style.waypoints:
        parts += [
            f'<circle cx="{x:g}" cy="{y:g}" r="{WAYPOINT_RADIUS_PX:g}" fill="#fff" '
            f'stroke="{stroke}" stroke-width="{WAYPOINT_RING_PX:g}"/>'
            for x in (4, width / 2, width - 4)
        ]
    return f'<svg width="{width}" height="{height}">{"".join(parts)}</svg>'
