"""Interactive adapter: layer declarations → a folium (Leaflet) map, with local assets only.

The map is built once; what changes afterwards reaches the browser as small groups
(``dynamic_groups``: parameter-driven layers; ``state_group``: the date and a feature to focus),
so the map is never rebuilt or remounted.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from html import escape
from typing import Any

import folium
import xyzservices.providers as xyz
from branca.element import Figure
from folium.plugins import Fullscreen, MeasureControl

from layers.features import Params
from layers.loading import Atlas
from layers.period import ARTICLE_DATE, data_span
from layers.registry import BASEMAP_CREDIT, FAMILIES, FAMILY_BY_ID, LAYERS, Layer
from layers.styles import ARROW_SPACING_PX, BASEMAP, FOCUS_COUNTRIES
from render.assets import BASEMAP_FILE, asset_url, localize
from render.interactive.data import layer_data
from render.interactive.elements import LayerElement, MapState, Setup, label_css
from render.interactive.legend import legend_html
from render.interactive.reference import label_class_css
from render.interactive.search import search_index
from render.views import REGION_BBOX

BASEMAP_URL = asset_url(f"data/{BASEMAP_FILE}")
# Opening view, south-west and north-east as Leaflet wants them (lat, lon): the region preset.
REGION_BOUNDS = [[REGION_BBOX[1], REGION_BBOX[0]], [REGION_BBOX[3], REGION_BBOX[2]]]
BASEMAP_ATTRIBUTION = f"{BASEMAP_CREDIT} Overlays: sources in each popup."
# Online tiles: alternative base maps that need the internet; the offline map is the default.
ONLINE_TILES = ("OpenStreetMap.Mapnik", "Esri.WorldImagery")


COVERAGE_MARGIN_DEG = 0.5  # keep the extract's own edge out of sight


def coverage_bounds(atlas: Atlas) -> list[list[float]]:
    """The area the reader may pan over ([[south, west], [north, east]]): the basemap extract,
    less a margin."""
    west, south, east, north = atlas.coverage
    m = COVERAGE_MARGIN_DEG
    return [[south + m, west + m], [north - m, east - m]]


def quick_dates(atlas: Atlas) -> list[dict[str, str]]:
    """The map's quick-date buttons: the article's date (if the data reaches back to it) and
    the latest reviewed date."""
    span = data_span(atlas)
    out = []
    if span.first <= ARTICLE_DATE <= span.last:
        out.append(
            {
                "date": ARTICLE_DATE.isoformat(),
                "label": f"As of the article ({ARTICLE_DATE:%-d %b %Y})",
                "title": f"{ARTICLE_DATE:%-d %B %Y}, the date of the analysis this map accompanies",
            }
        )
    out.append(
        {
            "date": span.last.isoformat(),
            "label": f"Latest reviewed ({span.last:%-d %b %Y})",
            "title": f"{span.last:%-d %B %Y}, the latest date up to which sources were reviewed",
        }
    )
    return out


def control_order(layer: Layer) -> int:
    """Position in the layer panel: family by family, registry order within a family."""
    family_index = [f.id for f in FAMILIES].index(layer.family)
    return family_index * 100 + LAYERS.index(layer)


def layer_info(layer: Layer, adopt: bool = False) -> dict[str, Any]:
    """What the browser needs to know of a layer's declaration."""
    return {
        "id": layer.id,
        "title": layer.title,
        "family": FAMILY_BY_ID[layer.family].title,
        "order": control_order(layer),
        "labels": layer.labels,
        "labelMinZoom": layer.label_min_zoom,
        "rank": layer.label_rank,
        "arrows": layer.style.color if layer.style.arrows else None,
        "arrowSpacing": ARROW_SPACING_PX,
        "minorMinZoom": layer.minor_min_zoom,
        "minZoom": layer.min_zoom,
        "adopt": adopt,
    }


def _tiles() -> list[dict[str, Any]]:
    out = []
    for name in ONLINE_TILES:
        provider = xyz.query_name(name)
        out.append(
            {
                "name": name.replace(".", " "),
                "url": provider.build_url(),
                "attribution": provider.html_attribution,
                "maxZoom": provider.get("max_zoom", 18),
            }
        )
    return out


def _group(layer: Layer, data: dict[str, Any] | None, shown: bool, adopt: bool) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=escape(layer.title), show=shown, control=False)
    LayerElement(layer_info(layer, adopt), data or {"type": "FeatureCollection", "features": []}).add_to(
        group
    )
    return group


def build_map(
    atlas: Atlas,
    params: Params = Params(),
    *,
    include_dynamic: bool = True,
    visible: Iterable[str] | None = None,
    texts_url: str | None = None,
    reference_url: str | None = None,
    search_url: str | None = None,
    basemap_preview_url: str | None = None,
    with_quick_dates: bool = False,
) -> folium.Map:
    """The whole interactive map. With ``include_dynamic=False`` the parameter-driven layers are
    left empty, to be filled by ``dynamic_groups`` (st_folium's feature_group_to_add), so that
    changing a parameter never rebuilds (and remounts) the map. With ``texts_url`` the popup
    texts are fetched from that static file (``render.interactive.texts``); without, they are
    inline (a standalone document). With ``reference_url`` the reference map (lakes, rivers,
    names, and the locator map's wide context) is drawn too. With ``search_url`` the search box
    fetches its index from that static file (``render.interactive.search``); without, the
    index is inline. With ``basemap_preview_url`` a light copy of the basemap is drawn first
    (``render.interactive.basemap``). With ``with_quick_dates`` the map has buttons for the
    article's date and the latest reviewed one (``quick_dates``)."""
    shown = set(visible) if visible is not None else {layer.id for layer in LAYERS if layer.default_visible}
    m = folium.Map(
        location=[34.0, 46.0],
        zoom_start=5,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
        world_copy_jump=False,
        attribution_control=True,
        zoom_snap=0.25,
        zoom_delta=0.5,
    )
    # the opening fit without animation: an animated zoom would end ~250 ms later and undo any
    # view set meanwhile (the coverage's minimum zoom, a reader's first pinch, a story)
    opening = folium.FitBounds(REGION_BOUNDS)
    opening.options["animate"] = False
    m.add_child(opening)
    style = {**BASEMAP, "focus": list(FOCUS_COUNTRIES), "attribution": BASEMAP_ATTRIBUTION}
    legend = legend_html(atlas, params, [layer.id for layer in LAYERS])
    Setup(
        BASEMAP_URL,
        style,
        _tiles(),
        legend,
        texts_url,
        reference_url,
        coverage_bounds(atlas),
        search_url=search_url,
        search_index=None if search_url else search_index(atlas),
        basemap_preview_url=basemap_preview_url,
        quick_dates=quick_dates(atlas) if with_quick_dates else None,
    ).add_to(m)
    for layer in LAYERS:
        inline = texts_url is None or layer.parametric
        data = (
            None
            if layer.parametric and not include_dynamic
            else layer_data(atlas, layer, params.buffer_km, with_texts=inline)
        )
        _group(layer, data, layer.id in shown, adopt=False).add_to(m)
    MapState({"date": (params.as_of.isoformat() if params.as_of else None)}).add_to(m)
    Fullscreen(position="topleft").add_to(m)
    MeasureControl(
        position="topleft",
        primary_length_unit="kilometers",
        secondary_length_unit="miles",
        primary_area_unit="sqkilometers",
    ).add_to(m)
    root = m.get_root()
    assert isinstance(root, Figure)
    root.header.add_child(folium.Element(label_css()))
    root.header.add_child(folium.Element(f"<style>{label_class_css()}</style>"))
    return localize(m)


def dynamic_groups(atlas: Atlas, params: Params) -> list[folium.FeatureGroup]:
    """Server-driven content for the parameter-dependent layers (see build_map)."""
    return [
        localize(_group(layer, layer_data(atlas, layer, params.buffer_km, with_texts=True), True, adopt=True))
        for layer in LAYERS
        if layer.parametric
    ]


def state_group(
    as_of: date | None,
    focus: dict[str, Any] | None = None,
    restore: dict[str, Any] | None = None,
    date_seq: int = 0,
) -> folium.FeatureGroup:
    """The map state for this run: the chosen date, once per request a feature to focus, and
    once per ``restore["nonce"]`` a view and set of layers to show (a story, a shared link):
    ``{"view": {"center": [lat, lon], "zoom": z} | {"bounds": [[s, w], [n, e]]},
    "layers": [ids], "nonce": str}`` (see static/corridors/state.js). ``date_seq``: how many
    of the map's quick-date presses the server has taken in (a date sent before the latest
    press is stale; static/corridors/dates.js)."""
    group = folium.FeatureGroup(name="state", control=False)
    state: dict[str, Any] = {
        "date": as_of.isoformat() if as_of else None,
        "dateSeq": date_seq,
        "focus": focus,
    }
    if restore:
        state.update({k: restore[k] for k in ("view", "layers", "nonce") if k in restore})
    MapState(state).add_to(group)
    return group


def render_html(m: folium.Map) -> str:
    """The standalone HTML document of a map (tests; saving a page)."""
    return m.get_root().render()
