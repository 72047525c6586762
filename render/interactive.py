"""Interactive adapter: layer declarations → a folium (Leaflet) map, with local assets only."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from html import escape
from typing import Any

import folium
import geopandas as gpd
import xyzservices.providers as xyz
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.plugins import Fullscreen, MeasureControl
from jinja2 import Template

from layers.features import Params, label_text, layer_frame
from layers.legend import UNCERTAINTY_NOTE, confidence_entries, layer_entries, status_entries
from layers.loading import Atlas
from layers.registry import BASEMAP_CREDIT, FAMILIES, FAMILY_BY_ID, LAYERS, Layer
from layers.styles import BASEMAP, FOCUS_COUNTRIES, STATUS_DASH, feature_style
from render.assets import BASEMAP_FILE, asset_url, localize, vendor_url
from render.popup import popup_html, tooltip_html
from render.svg import marker_svg, swatch_svg
from render.views import REGION_BBOX

BASEMAP_URL = asset_url(f"data/{BASEMAP_FILE}")
# Opening view, south-west and north-east as Leaflet wants them (lat, lon): the region preset.
REGION_BOUNDS = [[REGION_BBOX[1], REGION_BBOX[0]], [REGION_BBOX[3], REGION_BBOX[2]]]
LABEL_MIN_ZOOM = {"tripp_towns": 7, "gas_swap_nodes": 6, "buffer_zone_crossings": 6, "hormuz_places": 7}
BASEMAP_ATTRIBUTION = f"{BASEMAP_CREDIT} Overlays: sources in each popup."
# Online tiles are an opt-in extra (off until switched on in the layer panel; they need the
# internet); the offline vector basemap is always the default.
ONLINE_TILES = ("OpenStreetMap.Mapnik", "Esri.WorldImagery")
DYNAMIC_LAYERS = ("buffer_zone_area",)  # depend on a sidebar parameter; sent via feature_group_to_add
_SELECTED_PREFIX = "corridors,"
# Popups pan clear of the layer panel (top right, ~320 px wide) and the left-hand controls.
POPUP_OPTIONS = {"maxWidth": 380, "autoPanPaddingTopLeft": [60, 10], "autoPanPaddingBottomRight": [330, 10]}


class CorridorsSetup(JSCSSMixin, MacroElement):
    """Loads corridors.js/css, the offline basemap, the legend and grouped layer control."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        Corridors.basemap({{ this._parent.get_name() }}, {{ this.basemap_url|tojson }},
                          {{ this.basemap_style|tojson }});
        (function (map) {
          var legend = L.control({position: "bottomleft"});
          legend.onAdd = function () {
            var div = L.DomUtil.create("div", "corridors-legend-box");
            div.innerHTML = {{ this.legend_html|tojson }};
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            return div;
          };
          legend.addTo(map);
          Corridors.legend(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )
    default_js = [  # noqa: RUF012 (folium's own convention: class-level asset lists)
        ("pattern", vendor_url("pattern")),
        ("Control_MiniMap_js", vendor_url("Control_MiniMap_js")),
        ("corridors_js", asset_url("corridors/corridors.js")),
    ]
    default_css = [  # noqa: RUF012
        ("Control_MiniMap_css", vendor_url("Control_MiniMap_css")),
        ("corridors_css", asset_url("corridors/corridors.css")),
    ]

    def __init__(self, legend_html: str) -> None:
        super().__init__()
        self._name = "CorridorsSetup"
        self.basemap_url = BASEMAP_URL
        self.basemap_style = {**BASEMAP, "focus": list(FOCUS_COUNTRIES), "attribution": BASEMAP_ATTRIBUTION}
        self.legend_html = legend_html


class GroupedControl(MacroElement):
    """Family headings in Leaflet's layer control (added after the control)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        Corridors.groupControl({{ this.control.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, control: folium.LayerControl) -> None:
        super().__init__()
        self.control = control


class FeatureTexts(MacroElement):
    """Binds each feature's pre-escaped ``_tooltip`` and ``_popup`` (a child of a GeoJson).

    Replaces folium's GeoJsonTooltip/GeoJsonPopup, which compile a Jinja template on every
    render: a third of the map's server-side render time on each Streamlit rerun."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        Corridors.bind({{ this._parent.get_name() }}, {{ this.options|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self.options = POPUP_OPTIONS


class LayerGlue(MacroElement):
    """Registers a layer's group (or hands a server-sent group to it) and adds the extras:
    hatching, flow arrows and permanent labels."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map, group, geojson) {
          {% if this.hatch %}Corridors.hatch(map, geojson, {{ this.hatch|tojson }});{% endif %}
          {% if this.arrows %}Corridors.arrows(geojson, group, {{ this.arrows|tojson }});{% endif %}
          {% if this.label_zoom %}Corridors.labels(map, geojson, group, {{ this.label_zoom }});{% endif %}
          {% if this.adopt %}Corridors.adopt(group, {{ this.layer_id|tojson }});
          {% else %}Corridors.register(map, group, {{ this.layer_id|tojson }}, {{ this.family|tojson }},
                                       {{ this.order }});{% endif %}
        })({{ this._parent._parent.get_name() }}, {{ this._parent.get_name() }},
           {{ this.geojson.get_name() if this.geojson else "null" }});
        {% endmacro %}
        """
    )

    def __init__(self, layer: Layer, geojson: folium.GeoJson | None, adopt: bool, hatch: str | None) -> None:
        super().__init__()
        self.layer_id = layer.id
        self.family = FAMILY_BY_ID[layer.family].title
        self.order = control_order(layer)
        self.geojson = geojson
        self.adopt = adopt
        self.hatch = hatch
        self.arrows = layer.style.color if layer.style.arrows and geojson is not None else None
        self.label_zoom = LABEL_MIN_ZOOM.get(layer.id, 7) if layer.labels and geojson is not None else None


def control_order(layer: Layer) -> int:
    """Position in the layer control: family by family, registry order within a family."""
    family_index = [f.id for f in FAMILIES].index(layer.family)
    return family_index * 100 + LAYERS.index(layer)


def _browser_properties(row: dict[str, Any]) -> dict[str, Any]:
    """Only what the browser needs: keeps the map payload small and every string escaped."""
    return {
        "name": str(row.get("name", "")),
        "label_text": label_text(row),
        "label": bool(row.get("label") is True),
        "status": row.get("status"),
        "confidence": row.get("confidence"),
        "_popup": popup_html(row, row.get("computed") or []),
        "_tooltip": tooltip_html(row),
    }


@lru_cache(maxsize=256)
def layer_collection(atlas: Atlas, layer: Layer, params: Params) -> dict[str, Any] | None:
    """The GeoJSON the browser gets for one layer, memoised: reruns rebuild the map cheaply."""
    frame = layer_frame(atlas, layer, params)
    if frame is None or frame.empty:
        return None
    collection = _collection(frame)
    collection["hatch"] = _hatch_colour(layer, frame)
    return collection


def _collection(frame: gpd.GeoDataFrame) -> dict[str, Any]:
    features = []
    for row, geom in zip(frame.drop(columns="geometry").to_dict("records"), frame.geometry, strict=True):
        if geom is None or geom.is_empty:
            continue
        features.append(
            {"type": "Feature", "properties": _browser_properties(row), "geometry": geom.__geo_interface__}
        )
    return {"type": "FeatureCollection", "features": features}


def _style_function(layer: Layer):
    def style(feature: dict[str, Any]) -> dict[str, Any]:
        props = feature["properties"]
        s = feature_style(layer.style, props.get("status", ""), props.get("confidence", ""))
        out: dict[str, Any] = {"color": s.color, "weight": s.weight, "opacity": s.opacity}
        if s.dash_css:
            out["dashArray"] = s.dash_css
        if layer.geometry == "polygon":
            out.update(fillColor=s.fill_color or s.color, fillOpacity=s.fill_opacity)
        else:
            out["fill"] = False
        return out

    return style


def _layer_geojson(layer: Layer, collection: dict[str, Any]) -> folium.GeoJson:
    marker = None
    if layer.geometry == "point":
        svg, size = marker_svg(layer.style)
        marker = folium.Marker(
            icon=folium.DivIcon(
                html=svg,
                icon_size=(size, size),
                icon_anchor=(size // 2, size // 2),
                class_name="corridors-shape",
            )
        )
    geojson = folium.GeoJson(
        {"type": "FeatureCollection", "features": collection["features"]},
        name=layer.title,
        style_function=None if layer.geometry == "point" else _style_function(layer),
        highlight_function=None,
        marker=marker,
        control=False,
        zoom_on_click=False,
        embed=True,
    )
    FeatureTexts().add_to(geojson)
    return geojson


def _hatch_colour(layer: Layer, frame: gpd.GeoDataFrame) -> str | None:
    if layer.geometry != "polygon" or frame.empty:
        return None
    hatched = [
        feature_style(layer.style, s, c).hatch
        for s, c in zip(frame["status"], frame["confidence"], strict=True)
    ]
    return (layer.style.fill_color or layer.style.color) if any(hatched) else None


def _fill_group(
    group: folium.FeatureGroup, layer: Layer, collection: dict[str, Any] | None, adopt: bool
) -> None:
    geojson = None
    if collection is not None:
        geojson = _layer_geojson(layer, collection)
        geojson.add_to(group)
    hatch = collection["hatch"] if collection else None
    LayerGlue(layer, geojson, adopt=adopt, hatch=hatch).add_to(group)


@lru_cache(maxsize=64)
def legend_html(atlas: Atlas, params: Params, layer_ids: tuple[str, ...] | None = None) -> str:
    """Legend built from the declarations: one row per layer, then the status and hatch keys."""
    ids = [layer.id for layer in LAYERS] if layer_ids is None else list(layer_ids)
    statuses, confidences = set(), set()
    for layer in LAYERS:
        if layer.id in ids and layer.geometry != "point":
            frame = layer_frame(atlas, layer, params)
            if frame is not None:
                statuses |= set(frame["status"])
                confidences |= set(frame["confidence"])
    rows = [
        f'<div class="row" data-corridors-layer="{e.key}">'
        f"{swatch_svg(e.style, e.geometry)}<span>{escape(e.label)}</span></div>"
        for e in layer_entries(ids)
    ]
    keys = [
        f'<div class="row">{swatch_svg(e.style, e.geometry)}<span>{escape(e.label)}</span></div>'
        for e in status_entries(s for s in statuses if s in STATUS_DASH) + confidence_entries(confidences)
    ]
    note = f"{UNCERTAINTY_NOTE} Click any feature for its sources."
    return (
        '<details class="corridors-legend"><summary>Legend</summary>'
        + "".join(rows)
        + "<h4>Line pattern = status</h4>"
        + "".join(keys)
        + f'<p style="margin:6px 0 0;max-width:300px;color:#555">{escape(note)}</p></details>'
    )


def build_map(
    atlas: Atlas,
    params: Params = Params(),
    *,
    include_dynamic: bool = True,
    visible: Iterable[str] | None = None,
) -> folium.Map:
    """The whole interactive map. With ``include_dynamic=False`` the parameter-driven layers
    are left empty, to be filled by ``dynamic_groups`` through st_folium's feature_group_to_add
    so that changing a parameter never rebuilds (and remounts) the map."""
    shown = set(visible) if visible is not None else {layer.id for layer in LAYERS if layer.default_visible}
    m = folium.Map(
        location=[34.0, 46.0],
        zoom_start=5,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
        world_copy_jump=False,
        attribution_control=True,
    )
    m.fit_bounds(REGION_BOUNDS)
    for layer in LAYERS:
        group = folium.FeatureGroup(name=escape(layer.title), show=layer.id in shown, control=True)
        dynamic = layer.id in DYNAMIC_LAYERS and not include_dynamic
        collection = None if dynamic else layer_collection(atlas, layer, params)
        _fill_group(group, layer, collection, adopt=False)
        group.add_to(m)
    for provider_name in ONLINE_TILES:
        provider = xyz.query_name(provider_name)
        folium.TileLayer(
            tiles=provider.build_url(),
            attr=provider.html_attribution,
            name=escape(f"{provider_name.replace('.', ' ')} tiles (online)"),
            overlay=True,
            show=False,
            max_zoom=provider.get("max_zoom", 18),
            pane="corridorsTiles",
        ).add_to(m)
    control = folium.LayerControl(collapsed=False, position="topright")
    control.add_to(m)
    GroupedControl(control).add_to(m)
    CorridorsSetup(legend_html(atlas, params)).add_to(m)
    Fullscreen(position="topleft").add_to(m)
    MeasureControl(
        position="topleft",
        primary_length_unit="kilometers",
        secondary_length_unit="miles",
        primary_area_unit="sqkilometers",
    ).add_to(m)
    m.get_root().header.add_child(folium.Element(_attribution_css()))
    return localize(m)


def _attribution_css() -> str:
    return "<style>.leaflet-container{font-family:'DejaVu Sans',Arial,sans-serif}</style>"


def dynamic_groups(atlas: Atlas, params: Params) -> list[folium.FeatureGroup]:
    """Server-driven content for the parameter-dependent layers (see build_map)."""
    groups = []
    for layer in LAYERS:
        if layer.id in DYNAMIC_LAYERS:
            group = folium.FeatureGroup(name=f"dynamic {layer.id}", control=False)
            _fill_group(group, layer, layer_collection(atlas, layer, params), adopt=True)
            groups.append(localize(group))
    return groups


def upload_group(frame: gpd.GeoDataFrame, filename: str) -> folium.FeatureGroup:
    """A user's uploaded GeoJSON as a server-sent group; every property is escaped text."""
    from layers.styles import UPLOAD_STYLE as s
    from render.popup import upload_popup_html

    name_column = next((c for c in ("name", "title", "id") if c in frame.columns), None)
    features = []
    for i, (row, geom) in enumerate(
        zip(frame.drop(columns="geometry").to_dict("records"), frame.geometry, strict=True)
    ):
        title = str(row.get(name_column) or f"Feature {i + 1}") if name_column else f"Feature {i + 1}"
        features.append(
            {
                "type": "Feature",
                "properties": {"_popup": upload_popup_html(row, title), "_tooltip": escape(title)},
                "geometry": geom.__geo_interface__,
            }
        )
    style = {
        "color": s.color,
        "weight": s.weight,
        "dashArray": s.dash_css,
        "fillColor": s.fill_color,
        "fillOpacity": s.fill_opacity,
    }
    group = folium.FeatureGroup(name="upload", control=False)
    geojson = folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=lambda _feature: style,
        marker=folium.CircleMarker(
            radius=s.radius, color=s.color, fill=True, fill_color="#FFFFFF", fill_opacity=1
        ),
        zoom_on_click=False,
    )
    FeatureTexts().add_to(geojson)
    geojson.add_to(group)
    return localize(group)


def visible_layer_ids(selected_layers: Any) -> set[str]:
    """Layer ids from st_folium's ``selected_layers`` (see Corridors.register)."""
    if not isinstance(selected_layers, (list, tuple)):
        return set()
    ids = set()
    for item in selected_layers:
        if isinstance(item, dict) and item.get("url") == "corridors":
            ids.add(str(item.get("name")))
        elif isinstance(item, str) and item.startswith(_SELECTED_PREFIX):
            ids.add(item[len(_SELECTED_PREFIX) :])
    return ids


def render_html(m: folium.Map) -> str:
    """The standalone HTML document of a map (tests; saving a page)."""
    return m.get_root().render()
