"""The one style vocabulary both renderers read: colours, widths, dashes, hatches, markers.

Colours come from the Okabe–Ito palette, which stays distinguishable under the common forms
of colour blindness; status is carried by line pattern and confidence by hatching, so no
meaning depends on colour alone. Widths and dash lengths are CSS pixels (the interactive
renderer uses them as they are; the static one converts pixels to points).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

Marker = Literal["circle", "square", "triangle", "diamond"]

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
BROWN = "#8C510A"  # from ColorBrewer BrBG, distinct from the Okabe–Ito hues above
GREY = "#555555"

# Basemap: quiet land and sea so overlays carry the colour.
BASEMAP = {
    "sea": "#DCE9F2",
    "land": "#F6F4EE",
    "border": "#9A9A9A",
    "border_width": 0.8,
    "focus_land": "#ECE8DC",  # the countries the article is about
    "label": "#6B6B6B",
}
FOCUS_COUNTRIES = ("Armenia", "Azerbaijan", "Iran", "Türkiye")

# Line pattern by status (dash, gap, … in px; None is solid).
STATUS_DASH: dict[str, tuple[int, ...] | None] = {
    "operating": None,
    "existing": None,
    "under construction": (10, 5),
    "planned": (4, 5),
    "proposed": (4, 5),
    "suspended": (10, 4, 2, 4),
    "reported": (1, 5),
}
STATUS_LABEL = {
    "operating": "Operating",
    "existing": "Existing",
    "under construction": "Under construction",
    "planned": "Planned",
    "proposed": "Proposed",
    "suspended": "Suspended",
    "reported": "Reported, unconfirmed",
}
# Fill hatching by confidence (matplotlib hatch codes; Leaflet draws them as stripe patterns).
CONFIDENCE_HATCH: dict[str, str | None] = {
    "confirmed": None,
    "reported": "///",
    "illustrative": "///",
}
CONFIDENCE_LABEL = {
    "confirmed": "Confirmed",
    "reported": "Reported by media, not confirmed",
    "illustrative": "Illustrative geometry",
}


@dataclass(frozen=True)
class Style:
    """How one layer looks; per-feature status and confidence refine it (see feature_style)."""

    color: str
    weight: float = 2.0
    opacity: float = 1.0
    fill_color: str | None = None
    fill_opacity: float = 0.0
    dash: tuple[int, ...] | None = None
    hatch: str | None = None
    marker: Marker | None = None
    radius: float = 5.0
    arrows: bool = False  # direction of flow, drawn along the line

    @property
    def dash_css(self) -> str | None:
        """Leaflet/SVG ``dashArray`` string, or None for a solid line."""
        return " ".join(str(v) for v in self.dash) if self.dash else None


def feature_style(base: Style, status: str, confidence: str) -> Style:
    """Refine a layer's style for one feature's status and confidence."""
    style = base
    if base.marker is None:  # lines and polygon outlines carry the status pattern
        style = replace(style, dash=STATUS_DASH.get(status, base.dash) or base.dash)
    if base.fill_color is not None and base.marker is None:
        hatch = CONFIDENCE_HATCH.get(confidence)
        if hatch:
            style = replace(style, hatch=hatch)
    if base.marker is not None and confidence != "confirmed":
        style = replace(style, fill_opacity=0.15)  # hollow marker: not confirmed
    return style


LABEL = {
    "font_family": "DejaVu Sans",
    "size_px": 12,
    "color": "#1A1A1A",
    "halo": "#FFFFFF",
    "halo_px": 3,
}

# A user's uploaded layer: neutral, so it never passes for one of ours.
UPLOAD_STYLE = Style(
    color="#222222", weight=2.5, fill_color="#222222", fill_opacity=0.12, dash=(6, 3), radius=5
)
