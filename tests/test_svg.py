"""Legend swatches (render/svg.py) drawn as the map draws each feature."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from layers.styles import event_style
from render.svg import swatch_svg


def _lines(svg: str) -> list[dict[str, str]]:
    return [dict(e.attrib) for e in ET.fromstring(svg).iter("line")]


def test_an_event_line_swatch_has_its_casing_and_fades_with_the_event():
    """A line event's swatch is the map's line: the dash over a casing, both at the line's
    opacity (an event that is over is drawn faded on both maps, casing included)."""
    for recency in ("recent", "earlier"):
        style = event_style(recency, "confirmed", "line")
        casing, line = _lines(swatch_svg(style, "line"))
        assert casing["stroke"] == style.casing and float(casing["stroke-width"]) > float(
            line["stroke-width"]
        )
        assert line["stroke"] == style.color and line.get("stroke-dasharray")
        expected = None if style.opacity >= 1 else f"{style.opacity:g}"
        assert casing.get("stroke-opacity") == expected and line.get("stroke-opacity") == expected
    assert event_style("earlier", "confirmed", "line").opacity < 1  # the case above is exercised
