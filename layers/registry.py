"""The explicit registry: every layer family and every layer, in draw order (bottom first).

A family is one GeoJSON file in ``geodata/`` (its id is the file stem); a layer draws the
features of one or more kinds of a family, or geometry derived from them. Layer ids are
``<family>_<what>`` so that a layer's file is obvious from its id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from layers.styles import BROWN, EVENT_STYLE, GREY, OKABE_ITO, WATER_NAME, Style

GeometryKind = Literal["point", "line", "polygon", "mixed"]
Derivation = Literal["buffer_zone", "tss_lanes", "tss_separation", "tss_direction", "narrowest_width"]
# Derivations that depend on a map user's parameter (the buffer depth): the app sends those
# layers with every change of the parameter; all others are drawn once.
PARAMETRIC_DERIVATIONS: frozenset[str] = frozenset({"buffer_zone"})


@dataclass(frozen=True)
class Family:
    """One GeoJSON file and the heading its layers sit under."""

    id: str
    title: str
    blurb: str
    short: str  # a word or two for tight places (timeline rows, list columns)


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
    label_min_zoom: int = 7  # web-map zoom from which labels show (print: the equivalent scale)
    label_rank: int = 50  # placement priority, lower first; a feature's own ``label_rank`` wins
    # Features not flagged ``label: true`` are drawn only from this zoom (None: at every zoom),
    # so that a regional view shows the key items and a close view all of them.
    minor_min_zoom: int | None = None
    min_zoom: int = 0  # the layer draws from this zoom on (a dense one would blot a regional view)
    derive: Derivation | None = None
    popup_fields: tuple[str, ...] = ()
    attribution: str = ""

    @property
    def parametric(self) -> bool:
        """Whether the layer's geometry depends on a user parameter (see PARAMETRIC_DERIVATIONS)."""
        return self.derive in PARAMETRIC_DERIVATIONS

    @property
    def name_only(self) -> bool:
        """A point layer drawn as names, without symbols (a strait on the water)."""
        return self.geometry == "point" and self.style.marker is None

    @property
    def events(self) -> bool:
        """Whether the layer draws a family's dated events."""
        return self.kinds == ("event",)


FAMILIES: tuple[Family, ...] = (
    Family(
        "tripp",
        "TRIPP corridor",
        "Trump Route for International Peace and Prosperity through Syunik, and its links.",
        "TRIPP",
    ),
    Family(
        "buffer_zone",
        "Reported Turkish buffer zone",
        "A contingency plan reported in January–February 2026 and denied by Ankara; no map was published.",
        "Buffer zone",
    ),
    Family(
        "gas_swap",
        "Gas swap and pipelines",
        "Turkmen gas swapped through Iran to Türkiye, and the pipelines around it.",
        "Gas swap",
    ),
    Family(
        "hormuz",
        "Strait of Hormuz",
        "The strait, its shipping lanes, disputed islands, ports and bypass pipelines.",
        "Hormuz",
    ),
)

# Credit both renderers print for the shipped basemap (see scripts/refgeo). The reference
# layers carry their own credits in each feature's ``source``.
BASEMAP_CREDIT = "Basemap: GSHHG shoreline, LGPL-3.0; borders Natural Earth 1:10m, public domain."

_COMMON_POPUP = ("other_names", "capacity", "volume", "operator", "sovereignty", "figures")

_FEATURE_LAYERS: tuple[Layer, ...] = (
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
        legend="Reported buffer zone, illustrative depth D",
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
        legend="Traffic separation zone (approximate)",
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
        legend="Shipping lanes (approximate)",
        derive="tss_lanes",
        popup_fields=_COMMON_POPUP,
    ),
    Layer(
        id="hormuz_tss_direction",
        title="Hormuz TSS: direction of travel",
        family="hormuz",
        kinds=("tss_centreline",),
        geometry="line",
        style=Style(color=WATER_NAME, weight=1.2, dash=(1, 4), arrows=True),
        legend="Direction of travel in each lane",
        derive="tss_direction",
        labels=True,
        label_min_zoom=8,
        label_rank=45,
        popup_fields=_COMMON_POPUP,
    ),
    Layer(
        id="gas_swap_context",
        title="Context pipelines (BTC, SCP, TANAP)",
        family="gas_swap",
        kinds=("context_pipeline",),
        geometry="line",
        style=Style(color=OKABE_ITO["sky_blue"], weight=2.5),
        legend="BTC oil, SCP and TANAP gas pipelines",
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
        legend="2025 swap flow (contract, not a pipe)",
        popup_fields=_COMMON_POPUP,
    ),
    Layer(
        id="tripp_railways",
        title="Linked railways",
        family="tripp",
        kinds=("railway",),
        geometry="line",
        style=Style(color=OKABE_ITO["orange"], weight=3.5),
        legend="Railways linking to TRIPP",
        popup_fields=_COMMON_POPUP,
    ),
    Layer(
        id="tripp_route",
        title="TRIPP route through Syunik",
        family="tripp",
        kinds=("route",),
        geometry="line",
        style=Style(color=OKABE_ITO["vermillion"], weight=6),
        legend="TRIPP route (Meghri section)",
        popup_fields=_COMMON_POPUP,
    ),
    Layer(
        id="hormuz_narrowest",
        title="Narrowest width (measured)",
        family="hormuz",
        kinds=("strait",),
        geometry="line",
        style=Style(color=OKABE_ITO["black"], weight=2, dash=(6, 4)),
        legend="Narrowest width (measured)",
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
        label_min_zoom=6,
        label_rank=30,
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
        label_min_zoom=6,
        label_rank=40,
        popup_fields=_COMMON_POPUP,
    ),
    Layer(
        id="hormuz_strait",
        title="Strait of Hormuz: name and state",
        family="hormuz",
        kinds=("strait",),
        geometry="point",
        # No symbol: the strait is a name on the water, saying how it stands on the chosen date.
        style=Style(color=WATER_NAME, marker=None, radius=0, weight=1),
        legend="Strait: its state on the chosen date",
        labels=True,
        label_min_zoom=4,
        label_rank=5,
        popup_fields=_COMMON_POPUP,
    ),
    Layer(
        id="hormuz_places",
        title="Islands and ports",
        family="hormuz",
        kinds=("island", "port"),
        geometry="point",
        style=Style(
            color=OKABE_ITO["black"],
            fill_color=OKABE_ITO["orange"],
            fill_opacity=1.0,
            marker="triangle",
            radius=6,
            weight=1.2,
        ),
        legend="Island or port",
        labels=True,
        label_min_zoom=7,
        label_rank=20,
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
        label_min_zoom=7,
        min_zoom=6,
        label_rank=20,
        popup_fields=_COMMON_POPUP,
    ),
)

EVENT_LAYERS: tuple[Layer, ...] = tuple(
    Layer(
        id=f"{family.id}_events",
        title=f"{family.title}: events",
        family=family.id,
        kinds=("event",),
        geometry="mixed",
        style=EVENT_STYLE,
        legend=f"{family.title}: dated events",
        labels=True,
        label_min_zoom=6,
        # after the places (a story's towns and islands are never hidden by an event's name;
        # the events keep their symbol, popup and the events list)
        label_rank=25,
        minor_min_zoom=9,
    )
    for family in FAMILIES
)

LAYERS: tuple[Layer, ...] = (*_FEATURE_LAYERS, *EVENT_LAYERS)
# Families whose maps are read at sea: print scale bars add nautical miles.
MARITIME_FAMILIES = frozenset({"hormuz"})
LAYER_BY_ID: dict[str, Layer] = {layer.id: layer for layer in LAYERS}
FAMILY_BY_ID: dict[str, Family] = {family.id: family for family in FAMILIES}


def default_visible_ids() -> tuple[str, ...]:
    """Ids of the layers shown when the app opens."""
    return tuple(layer.id for layer in LAYERS if layer.default_visible)
