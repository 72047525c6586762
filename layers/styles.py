"""The one style vocabulary both renderers read: colours, widths, dashes, hatches, markers.

Colours come from the Okabe–Ito palette, which stays distinguishable under the common forms
of colour blindness; status is carried by line pattern and confidence by hatching, so no
meaning depends on colour alone. Widths and dash lengths are CSS pixels (the interactive
renderer uses them as they are; the static one converts pixels to points).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal, TypedDict

Marker = Literal["circle", "square", "triangle", "diamond", "star"]

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
WATER_NAME = "#2F6690"  # names set on water (straits, seas); layers.reference uses it too
BROWN = "#8C510A"  # from ColorBrewer BrBG, distinct from the Okabe–Ito hues above
GREY = "#555555"


class BasemapStyle(TypedDict):
    """Colours and width of the basemap (both renderers)."""

    sea: str
    land: str
    border: str
    border_width: float
    focus_land: str
    label: str
    view: str


# Basemap: quiet land and sea so overlays carry the colour.
BASEMAP: BasemapStyle = {
    "sea": "#BFD6E6",  # land and sea stay apart in greyscale (luminance 0.82 against ≥ 0.90)
    "land": "#F8F6F0",
    "border": "#9A9A9A",
    "border_width": 0.8,
    "focus_land": "#EDE7D6",  # the countries the article is about
    "label": "#6B6B6B",
    "view": OKABE_ITO["vermillion"],  # the map's own view outlined on a locator map or inset
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
    "restricted": (10, 3, 2, 3, 2, 3),  # dash-dot-dot: open, but not freely
    "closed": (2, 3),
    "ended": (1, 8),
    "reported": (1, 5),
}
# Statuses that mean "not working now": drawn fainter, whatever the layer.
INACTIVE_STATUSES = frozenset({"suspended", "closed", "ended"})
INACTIVE_OPACITY = 0.55
STATUS_LABEL = {
    "operating": "Operating",
    "existing": "Existing",
    "under construction": "Under construction",
    "planned": "Planned",
    "proposed": "Proposed",
    "suspended": "Suspended",
    "restricted": "Restricted (permits, tolls or limits)",
    "closed": "Closed",
    "ended": "Ended",
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
    band: bool = False  # a soft band around a line whose course is only approximately known
    waypoints: bool = False  # dots on the known waypoints of a schematic line
    casing: str | None = None  # a solid line of this colour under the (dashed) line

    @property
    def dash_css(self) -> str | None:
        """Leaflet/SVG ``dashArray`` string, or None for a solid line."""
        return " ".join(str(v) for v in self.dash) if self.dash else None


# Where a line is drawn, and how far to trust it: a surveyed line is plain; an approximate one
# has a soft band along it; a schematic one also shows the waypoints that are actually known.
ACCURACY_LABEL = {
    "approximate": "Approximate: follows known waypoints",
    "schematic": "Schematic: only the dotted waypoints are known",
}
BAND_WIDTH = 3.2  # times the line's width
BAND_OPACITY = 0.22
WAYPOINT_RADIUS_PX = 2.2  # a schematic line's waypoint dot: a white face …
WAYPOINT_RING_PX = 0.8  # … in a ring of the line's colour


def feature_style(base: Style, status: str, confidence: str, accuracy: str | None = None) -> Style:
    """Refine a layer's style for one feature's status, confidence and positional accuracy
    (both renderers).

    Lines and outlines carry the status as a dash pattern; areas that are not confirmed are
    hatched (per feature); symbols that are not confirmed are hollow; features that are not
    working now (suspended, closed, ended) are drawn fainter; lines only approximately placed
    get a soft band, and schematic ones their known waypoints.
    """
    style = base
    if base.marker is None and base.fill_color is None and accuracy in ACCURACY_LABEL:
        style = replace(style, band=True, waypoints=accuracy == "schematic")
    if base.marker is None:  # lines and polygon outlines carry the status pattern
        style = replace(style, dash=STATUS_DASH.get(status, base.dash) or base.dash)
    if base.fill_color is not None and base.marker is None:
        hatch = CONFIDENCE_HATCH.get(confidence)
        if hatch:
            style = replace(style, hatch=hatch)
    if base.marker is not None and confidence != "confirmed":
        style = replace(style, fill_opacity=0.15)  # hollow marker: not confirmed
    if status in INACTIVE_STATUSES:
        style = replace(style, opacity=style.opacity * INACTIVE_OPACITY)
    return style


# Events: one symbol, refined by how recent the event is on the chosen date.
EVENT_STYLE = Style(
    color="#000000", weight=1.2, fill_color="#F0E442", fill_opacity=1.0, marker="star", radius=6
)
EVENT_LINE_WEIGHT = 3.0
EVENT_LINE_DASH = (6, 3)
EVENT_AREA_OPACITY = 0.25
EVENT_EARLIER = "#BBBBBB"
CASING_PX = 2.4  # a casing is this much wider than its line


def event_style(recency: str, confidence: str, geometry: str) -> Style:
    """An event's style on the chosen date: full strength when recent, muted when over."""
    if geometry == "point":
        style = EVENT_STYLE
    else:  # a line or area: the star's colours as a yellow dash over a black casing
        style = replace(
            EVENT_STYLE,
            color=EVENT_STYLE.fill_color or EVENT_STYLE.color,
            casing=EVENT_STYLE.color,
            marker=None,
            weight=EVENT_LINE_WEIGHT,
            dash=EVENT_LINE_DASH,
            fill_opacity=EVENT_AREA_OPACITY,
        )
    if recency == "ongoing":
        style = replace(style, radius=style.radius * 0.85)
    elif recency == "earlier":
        style = replace(style, opacity=0.45, fill_color=EVENT_EARLIER, radius=style.radius * 0.7)
        if style.marker is None:
            style = replace(style, color=EVENT_EARLIER)
    if confidence != "confirmed" and style.marker is not None:
        style = replace(style, fill_opacity=0.35)
    return style


# Flow arrows: one arrowhead per this many CSS px of line on screen (print: on the page).
ARROW_SPACING_PX = 140


class LabelStyle(TypedDict):
    """Map label typography: the browser's CSS is generated from it, print draws with it."""

    font_family: str
    size_px: float
    weight: int  # CSS / matplotlib numeric weight
    color: str
    halo: str
    halo_px: float


LABEL: LabelStyle = {
    "font_family": "DejaVu Sans",
    "size_px": 12,
    "weight": 700,
    "color": "#1A1A1A",
    "halo": "#FFFFFF",
    "halo_px": 3,
}

# A user's uploaded layer: neutral, so it never passes for one of ours.
UPLOAD_STYLE = Style(
    color="#222222", weight=2.5, fill_color="#222222", fill_opacity=0.12, dash=(6, 3), radius=5
)
