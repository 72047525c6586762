"""folium elements of the corridors map: set-up (assets, basemap, panel, legend), one element
per layer, and the map state the server sends (date, focus)."""

from __future__ import annotations

from typing import Any

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from layers.styles import LABEL
from render.assets import asset_url, vendor_url

PANEL_COLLAPSED_BELOW_PX = 800


def label_css() -> str:
    """Map label typography, generated from ``layers.styles.LABEL`` (the print labels' source)."""
    halo = LABEL["halo"]
    r = LABEL["halo_px"] / 3
    shadow = ", ".join(
        f"{dx * r:g}px {dy * r:g}px 0 {halo}" for dx, dy in ((-1, -1), (1, -1), (-1, 1), (1, 1))
    )
    return (
        "<style>.corridors-label span{"
        f"font:{LABEL['weight']} {LABEL['size_px']}px/1.1 '{LABEL['font_family']}',Arial,sans-serif;"
        f"color:{LABEL['color']};text-shadow:{shadow},0 0 {LABEL['halo_px']}px {halo}}}"
        ".leaflet-container{font-family:'DejaVu Sans',Arial,sans-serif}</style>"
    )


class Setup(JSCSSMixin, MacroElement):
    """Loads corridors.js/css and the panel, draws the offline basemap, adds panel and legend.

    Added to the map before any layer, so layers find the panel when they register."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        Corridors.basemap({{ this._parent.get_name() }}, {{ this.basemap_url|tojson }},
                          {{ this.basemap_style|tojson }});
        Corridors.coverage({{ this._parent.get_name() }}, {{ this.coverage|tojson }});
        {% if this.reference_url %}
        Corridors.reference({{ this._parent.get_name() }}, {{ this.reference_url|tojson }})
          .then(function (ref) {
            var style = {{ this.basemap_style|tojson }};
            if (ref) Corridors.minimap({{ this._parent.get_name() }}, ref.context, style);
          });
        {% endif %}
        Corridors.panel({{ this._parent.get_name() }}, {{ this.panel|tojson }}, {{ this.tiles|tojson }});
        Corridors.legend({{ this._parent.get_name() }}, {{ this.legend_html|tojson }});
        {% if this.texts_url %}Corridors.textsFrom({{ this.texts_url|tojson }});{% endif %}
        {% endmacro %}
        """
    )
    default_js = [  # noqa: RUF012 (folium's own convention: class-level asset lists)
        ("pattern", vendor_url("pattern")),
        ("Control_MiniMap_js", vendor_url("Control_MiniMap_js")),
        ("corridors_js", asset_url("corridors/corridors.js")),
        ("corridors_panel_js", asset_url("corridors/panel.js")),
        ("corridors_reference_js", asset_url("corridors/reference.js")),
    ]
    default_css = [  # noqa: RUF012
        ("Control_MiniMap_css", vendor_url("Control_MiniMap_css")),
        ("corridors_css", asset_url("corridors/corridors.css")),
    ]

    def __init__(
        self,
        basemap_url: str,
        basemap_style: dict[str, Any],
        tiles: list[dict[str, Any]],
        legend_html: str,
        texts_url: str | None = None,
        reference_url: str | None = None,
        coverage: list[list[float]] | None = None,
    ):
        super().__init__()
        self._name = "CorridorsSetup"
        self.basemap_url = basemap_url
        self.basemap_style = basemap_style
        self.panel = {"collapsedBelow": PANEL_COLLAPSED_BELOW_PX, "title": "Layers"}
        self.tiles = tiles
        self.legend_html = legend_html
        self.texts_url = texts_url
        self.reference_url = reference_url
        self.coverage = coverage


class LayerElement(MacroElement):
    """One layer's data and declaration, handed to ``Corridors.layer`` (a child of its group).

    The data goes through ``tojson`` as a template *variable*: user or source text is never
    part of a template's source."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        Corridors.layer({{ this._parent._parent.get_name() }}, {{ this._parent.get_name() }},
                        {{ this.info|tojson }}, {{ this.data|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, info: dict[str, Any], data: dict[str, Any]) -> None:
        super().__init__()
        self._name = "CorridorsLayer"
        self.info = info
        self.data = data


class MapState(MacroElement):
    """State the server sends on every run (date, a feature to focus); applied idempotently."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        Corridors.apply({{ this.state|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, state: dict[str, Any]) -> None:
        super().__init__()
        self._name = "CorridorsState"
        self.state = state
