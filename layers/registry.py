"""The explicit registry: every layer family and every layer, in draw order (bottom first).

A family is one GeoJSON file in ``geodata/`` (its id is the file stem); a layer draws the
features of one or more kinds of a family, or geometry derived from them. Layer ids are
``<family>_<what>`` so that a layer's file is obvious from its id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from layers.styles import BROWN, GREY, OKABE_ITO, Style

GeometryKind = Literal["point", "line", "polygon"]
Derivation = Literal["buffer_zone", "tss_lanes", "tss_separation", "narrowest_width"]


@dataclass(frozen=True)
class Family:
    """One GeoJSON file and the heading its layers sit under."""

    id: str
    title: str
    blurb: str


@dataclass(frozen=True)
class Layer:
    """Declaration of one map layer; both renderers and the legend read only this."""

    id: str
    title: str
    family: str
    kinds: tuple[str, ...]
    geometry: GeometryKind
    style: Style
    legend: str
    default_visible: bool = True
    labels: bool = False  # permanent labels for features with ``label: true``
    derive: Derivation | None = None
    popup_fields: tuple[str, ...] = ()
    attribution: str = ""


FAMILIES: tuple[Family, ...] = (
    Family(
        "tripp",
        "TRIPP corridor",
        "Trump Route for International Peace and Prosperity through Syunik, and its links.",
    ),
    Family(
        "buffer_zone",
        "Reported Turkish buffer zone",
        "A contingency plan reported in January 2026; no depth or map was published.",
    ),
    Family(
        "gas_swap",
        "Gas swap and pipelines",
        "Turkmen gas swapped through Iran to Türkiye, and the pipelines around it.",
    ),
    Family(
        "hormuz",
        "Strait of Hormuz",
        "The strait, its shipping lanes, disputed islands, ports and bypass pipelines.",
    ),
)

# Credit both renderers print for the shipped basemap (see scripts/refgeo). The reference
# layers carry their own credits in each feature's ``source``.
BASEMAP_CREDIT = "Basemap: GSHHG shoreline, LGPL-3.0; borders Natural Earth 1:10m, public domain."

_COMMON_POPUP = ("other_names", "capacity", "volume", "operator", "sovereignty", "figures")

LAYERS: tuple[Layer, ...] = (
    Layer(
        id="buffer_zone_area",
        title="Reported buffer zone (illustrative depth)",
        family="buffer_zone",
        kinds=("reported_zone",),
        geometry="polygon",
        style=Style(
            color=OKABE_ITO["reddish_purple"],
            weight=2,
            fill_color=OKABE_ITO["reddish_purple"],
            fill_opacity=0.18,
        ),
        legend="Reported buffer zone: Iranian land within D km of the border (illustrative)",
        derive="buffer_zone",
        popup_fields=_COMMON_POPUP,
    ),
    Layer(
        id="hormuz_tss_separation",
        title="Hormuz TSS separation zone",
        family="hormuz",
        kinds=("tss_centreline",),
        geometry="polygon",
        style=Style(color=GREY, weight=1, fill_color=GREY, fill_opacity=0.25),
        legend="Traffic separation zone (2 nmi, approximate position)",
        derive="tss_separation",
        popup_fields=_COMMON_POPUP,
    ),
    Layer(
        id="hormuz_tss_lanes",
        title="Hormuz TSS traffic lanes",
        family="hormuz",
        kinds=("tss_centreline",),
        geometry="polygon",
        style=Style(
            color=OKABE_ITO["sky_blue"], weight=1, fill_color=OKABE_ITO["sky_blue"], fill_opacity=0.35
        ),
        legend="Inbound and outbound lanes (2 nmi each, approximate position)",
        derive="tss_lanes",
        popup_fields=_COMMON_POPUP,
    ),
    Layer(
        id="gas_swap_context",
        title="Context pipelines (BTC, SCP, TANAP)",
        family="gas_swap",
        kinds=("context_pipeline",),
        geometry="line",
        style=Style(color=OKABE_ITO["sky_blue"], weight=2.5),
        legend="Context pipelines: BTC oil, SCP and TANAP gas",
        default_visible=True,
        popup_fields=_COMMON_POPUP,
    ),
    Layer(
        id="hormuz_bypass",
        title="Hormuz bypass pipelines",
        family="hormuz",
        kinds=("bypass_pipeline",),
        geometry="line",
        style=Style(color=BROWN, weight=3),
        legend="Oil pipelines that bypass Hormuz",
        popup_fields=_COMMON_POPUP,
    ),
    Layer(
        id="gas_swap_pipelines",
        title="Gas pipelines in the swap",
        family="gas_swap",
        kinds=("pipeline",),
        geometry="line",
        style=Style(color=OKABE_ITO["blue"], weight=3.5),
        legend="Gas pipelines (physical)",
        popup_fields=_COMMON_POPUP,
    ),
    Layer(
        id="gas_swap_flows",
        title="2025 swap flows (contractual)",
        family="gas_swap",
        kinds=("swap_flow",),
        geometry="line",
        style=Style(color=OKABE_ITO["bluish_green"], weight=4, opacity=0.9, arrows=True),
        legend="2025 swap: direction of contractual flow (not a pipe)",
        popup_fields=_COMMON_POPUP,
    ),
    Layer(
        id="tripp_railways",
        title="Linked railways",
        family="tripp",
        kinds=("railway",),
        geometry="line",
        style=Style(color=OKABE_ITO["orange"], weight=3.5),
        legend="Railways linking TRIPP to Azerbaijan and Türkiye",
        popup_fields=_COMMON_POPUP,
    ),
    Layer(
        id="tripp_route",
        title="TRIPP route through Syunik",
        family="tripp",
        kinds=("route",),
        geometry="line",
        style=Style(color=OKABE_ITO["vermillion"], weight=6),
        legend="TRIPP route in Armenia (Meghri section)",
        popup_fields=_COMMON_POPUP,
    ),
    Layer(
        id="hormuz_narrowest",
        title="Narrowest width (measured)",
        family="hormuz",
        kinds=("strait",),
        geometry="line",
        style=Style(color=OKABE_ITO["black"], weight=2, dash=(6, 4)),
        legend="Narrowest width, measured on the shipped coastline",
        derive="narrowest_width",
        popup_fields=_COMMON_POPUP,
    ),
    Layer(
        id="buffer_zone_crossings",
        title="Türkiye–Iran border crossings",
        family="buffer_zone",
        kinds=("crossing",),
        geometry="point",
        style=Style(
            color=OKABE_ITO["black"],
            fill_color=OKABE_ITO["reddish_purple"],
            fill_opacity=1.0,
            marker="diamond",
            radius=6,
            weight=1.5,
        ),
        legend="Border crossing",
        labels=True,
        popup_fields=_COMMON_POPUP,
    ),
    Layer(
        id="gas_swap_nodes",
        title="Pipeline nodes",
        family="gas_swap",
        kinds=("node",),
        geometry="point",
        style=Style(
            color=OKABE_ITO["blue"],
            fill_color="#FFFFFF",
            fill_opacity=1.0,
            marker="circle",
            radius=4,
            weight=2,
        ),
        legend="Pipeline terminal or town",
        labels=True,
        popup_fields=_COMMON_POPUP,
    ),
    Layer(
        id="hormuz_places",
        title="Strait, islands and ports",
        family="hormuz",
        kinds=("strait", "island", "port"),
        geometry="point",
        style=Style(
            color=OKABE_ITO["black"],
            fill_color=OKABE_ITO["orange"],
            fill_opacity=1.0,
            marker="triangle",
            radius=6,
            weight=1.2,
        ),
        legend="Island, port or strait (disputed islands are named so)",
        labels=True,
        popup_fields=_COMMON_POPUP,
    ),
    Layer(
        id="tripp_towns",
        title="Towns on the corridor",
        family="tripp",
        kinds=("town",),
        geometry="point",
        style=Style(
            color=OKABE_ITO["black"],
            fill_color=OKABE_ITO["black"],
            fill_opacity=1.0,
            marker="square",
            radius=4,
            weight=1,
        ),
        legend="Town",
        labels=True,
        popup_fields=_COMMON_POPUP,
    ),
)

LAYER_BY_ID: dict[str, Layer] = {layer.id: layer for layer in LAYERS}
FAMILY_BY_ID: dict[str, Family] = {family.id: family for family in FAMILIES}


def default_visible_ids() -> tuple[str, ...]:
    """Ids of the layers shown when the app opens."""
    return tuple(layer.id for layer in LAYERS if layer.default_visible)
