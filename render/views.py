"""Snapshot views: named presets (extent + layers + title) and custom extents from the app or CLI.

A view is only *where* and *what*; how it looks comes from ``layers/`` like everything else.
Presets are checked against the registry at import so a renamed layer fails loudly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from layers.registry import LAYER_BY_ID, LAYERS, default_visible_ids

BBox = tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max (WGS84)

# Limits that keep a conic projection fitted to the view meaningful and the map readable.
MAX_LAT = 85.0
MAX_SPAN_DEG = 90.0
MIN_SPAN_DEG = 0.01


class ViewError(ValueError):
    """A user-supplied view, extent or layer list that cannot be drawn (message says why)."""


@dataclass(frozen=True)
class Detail:
    """A close-up a regional view prints inside its map (its own scale, labels and layers)."""

    id: str
    title: str
    bbox: BBox


@dataclass(frozen=True)
class Story:
    """What a reader is told on arriving at a view: a menu label, a short neutral caption whose
    claims name who made them, and the ids of the dated events that mark the story (their dates,
    titles and sources come from the data)."""

    label: str
    caption: str
    key_events: tuple[str, ...]


@dataclass(frozen=True)
class View:
    """A named extent with its default layers, print title, detail insets and story."""

    id: str
    bbox: BBox
    layers: tuple[str, ...]
    title: str
    subtitle: str
    details: tuple[Detail, ...] = ()
    story: Story | None = None


def _family_ids(*families: str) -> tuple[str, ...]:
    return tuple(layer.id for layer in LAYERS if layer.family in families)


# Title of a snapshot of a custom extent (app or command line) when the user gives none.
CUSTOM_TITLE = "Corridors, buffer zones and pipelines: custom view"

# The whole region: the `region` preset and the interactive map's opening view.
REGION_BBOX: BBox = (30.0, 23.5, 62.5, 43.5)

VIEWS: dict[str, View] = {
    view.id: view
    for view in (
        View(
            "region",
            REGION_BBOX,
            default_visible_ids(),
            "Corridors, buffer zones and pipelines: Caucasus, Iran, Türkiye and the Gulf",
            "TRIPP corridor, reported Turkish buffer zone, Turkmen gas swap and the Strait of Hormuz",
            (
                Detail("syunik", "Syunik and the Meghri border", (45.45, 38.7, 46.85, 39.4)),
                Detail("hormuz", "Strait of Hormuz", (55.55, 25.85, 57.2, 27.15)),
            ),
            Story(
                "Whole region",
                "Four places that recent reporting links: a planned transit route through Armenia's "
                "Syunik province (TRIPP), a buffer zone on Iranian territory that Turkish outlets "
                "reported and Türkiye's defence ministry denied, the Turkmenistan–Iran–Türkiye gas "
                "swap, and the Strait of Hormuz. Every line carries its sources, status and "
                "confidence: click it to read them.",
                (
                    "ev_washington_declaration",
                    "ev_turkmengaz_suspends_2025",
                    "ev_msb_denial_2026_02_26",
                    "ev_2026_03_02_closure_declared",
                    "ev_2026_06_18_mou",
                ),
            ),
        ),
        View(
            "tripp",
            (43.6, 38.45, 47.6, 40.85),
            _family_ids("tripp"),
            "TRIPP: the planned route through Syunik and Nakhchivan",
            "Trump Route for International Peace and Prosperity and the railways it would link",
            story=Story(
                "TRIPP",
                "The Trump Route for International Peace and Prosperity was named in the joint "
                "declaration Armenia's prime minister and Azerbaijan's president signed at the White "
                "House on 8 August 2025: a route across Armenia's Meghri area linking mainland "
                "Azerbaijan with Nakhchivan. Armenia and the US published an implementation "
                "framework in January 2026; in March Armenia's prime minister said the war involving "
                "Iran would probably delay it. The line drawn is approximate.",
                (
                    "ev_washington_declaration",
                    "ev_tripp_implementation_framework",
                    "ev_tripp_site_survey",
                    "ev_pashinyan_tripp_delay",
                    "ev_tripp_signed_yerevan",
                ),
            ),
        ),
        View(
            "border",
            (42.3, 36.5, 46.3, 40.2),
            _family_ids("buffer_zone"),
            "Türkiye–Iran border and the reported buffer zone",
            "Zone depth is illustrative: no depth or map was published",
            story=Story(
                "Türkiye–Iran border",
                "In January and February 2026 Turkish and international outlets reported contingency "
                "plans for a Turkish buffer zone inside Iran; Bloomberg reported entering Iran as an "
                "option only if a power vacuum emerged. Türkiye's defence ministry and its "
                "disinformation centre denied any plan to enter Iranian territory. No map or depth "
                "was published: the zone is drawn at a depth you choose (one outlet, Ulusal, "
                "attributed about 30 km to Bloomberg).",
                (
                    "ev_turkiye_daily_buffer_zone_briefing_2026_01_24",
                    "ev_bloomberg_contingency_report_2026_02_24",
                    "ev_ulusal_30km_claim_2026_02_25",
                    "ev_msb_denial_2026_02_26",
                    "ev_interior_minister_three_scenarios_2026_03_04",
                ),
            ),
        ),
        View(
            "gas-swap",
            (31.0, 34.0, 63.0, 43.0),
            _family_ids("gas_swap"),
            "Turkmen gas swapped through Iran to Türkiye",
            "Contractual swap flows (2025) and the physical pipelines around them",
            story=Story(
                "Gas swap",
                "Under a February 2025 deal between BOTAŞ and Türkmengaz, Turkmen gas delivered into "
                "north-eastern Iran is matched by Iranian gas sent on to Türkiye: a swap under "
                "contract, not a pipeline of its own. Türkmengaz confirmed a pause in deliveries in "
                "October 2025, and Türkiye's energy minister said in December that about 0.5 bcm of "
                "a planned 1.3 bcm had been delivered.",
                (
                    "ev_swap_agreement_2025",
                    "ev_swap_flows_begin_2025",
                    "ev_turkmengaz_suspends_2025",
                    "ev_bayraktar_half_bcm_2025",
                    "ev_absheron_deal_2026",
                ),
            ),
        ),
        View(
            "hormuz",
            (54.7, 25.0, 57.9, 27.5),
            _family_ids("hormuz"),
            "Strait of Hormuz: shipping lanes, disputed islands and bypass pipelines",
            "Traffic separation scheme (approximate), measured narrowest width, ports",
            story=Story(
                "Hormuz",
                "About a fifth of the world's oil consumption passed the strait in 2024, according "
                "to the U.S. Energy Information Administration. Since 28 February 2026 Iranian "
                "officials have declared it closed, restricted or open several times, with attacks "
                "on shipping, a US blockade of Iranian ports from 13 April and a US–Iran memorandum "
                "on 18 June; the state shown on each date is the one reported, with its sources.",
                (
                    "ev_2026_03_02_closure_declared",
                    "ev_2026_04_07_ceasefire",
                    "ev_2026_04_13_us_blockade",
                    "ev_2026_06_18_mou",
                    "ev_2026_06_20_reclosure",
                ),
            ),
        ),
    )
}


def get_view(view_id: str) -> View:
    """A preset by id; ViewError lists the valid ids so a typo is easy to fix."""
    try:
        return VIEWS[view_id]
    except KeyError:
        raise ViewError(f"unknown view {view_id!r}; choose one of: {', '.join(VIEWS)}") from None


def check_bbox(bbox: tuple[float, ...] | list[float]) -> BBox:
    """Validate an extent (finite, ordered, on the globe, not absurdly small or large)."""
    if len(bbox) != 4:
        raise ViewError(f"a bbox needs 4 numbers (lon_min, lat_min, lon_max, lat_max), got {len(bbox)}")
    lon_min, lat_min, lon_max, lat_max = (float(v) for v in bbox)
    if not all(math.isfinite(v) for v in (lon_min, lat_min, lon_max, lat_max)):
        raise ViewError("bbox values must be finite numbers")
    if not (-180 <= lon_min < lon_max <= 180):
        raise ViewError(
            f"bbox longitudes must satisfy -180 ≤ lon_min < lon_max ≤ 180 (got {lon_min}, {lon_max})"
        )
    if not (-MAX_LAT <= lat_min < lat_max <= MAX_LAT):
        raise ViewError(
            f"bbox latitudes must satisfy -{MAX_LAT:g} ≤ lat_min < lat_max ≤ {MAX_LAT:g} "
            f"(got {lat_min}, {lat_max})"
        )
    if min(lon_max - lon_min, lat_max - lat_min) < MIN_SPAN_DEG:
        raise ViewError(f"bbox is too small (under {MIN_SPAN_DEG}° on a side)")
    if max(lon_max - lon_min, lat_max - lat_min) > MAX_SPAN_DEG:
        raise ViewError(f"bbox is too large (over {MAX_SPAN_DEG:g}° on a side) for a regional map")
    return (lon_min, lat_min, lon_max, lat_max)


def parse_bbox(text: str) -> BBox:
    """``"lon_min,lat_min,lon_max,lat_max"`` → a checked bbox."""
    parts = [p.strip() for p in text.split(",")]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise ViewError(
            f"bbox must be four comma-separated numbers lon_min,lat_min,lon_max,lat_max (got {text!r})"
        ) from None
    return check_bbox(values)


def bbox_from_leaflet_bounds(bounds: Mapping[str, Any]) -> BBox:
    """st_folium's ``bounds`` ({"_southWest": {"lat", "lng"}, "_northEast": {...}}) → bbox.

    Leaflet reports longitudes beyond ±180 after panning across the antimeridian; they are
    clamped, which is right for this region-scale map.
    """
    try:
        sw, ne = bounds["_southWest"], bounds["_northEast"]
        lon_min, lat_min, lon_max, lat_max = (
            float(sw["lng"]),
            float(sw["lat"]),
            float(ne["lng"]),
            float(ne["lat"]),
        )
    except (KeyError, TypeError, ValueError):
        raise ViewError("map bounds are missing or malformed") from None
    lon_min, lon_max = max(lon_min, -180.0), min(lon_max, 180.0)
    lat_min, lat_max = max(lat_min, -MAX_LAT), min(lat_max, MAX_LAT)
    return check_bbox((lon_min, lat_min, lon_max, lat_max))


def parse_layers(text: str | None) -> tuple[str, ...] | None:
    """``"id1,id2"`` → checked layer ids (None keeps the view's defaults)."""
    if text is None:
        return None
    ids = tuple(p.strip() for p in text.split(",") if p.strip())
    return check_layers(ids)


def check_layers(ids: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Reject unknown layer ids, naming them and the valid ones."""
    unknown = [i for i in ids if i not in LAYER_BY_ID]
    if unknown:
        raise ViewError(
            f"unknown layer(s) {', '.join(map(repr, unknown))}; valid ids: {', '.join(LAYER_BY_ID)}"
        )
    if not ids:
        raise ViewError("no layers given")
    return tuple(ids)
