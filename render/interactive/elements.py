"""folium elements of the corridors map: set-up (assets, basemap, panel, legend), one element
per layer, and the map state the server sends (date, focus)."""

from __future__ import annotations

import json
import re
from typing import Any

from branca.element import Element, Figure, MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from layers.styles import LABEL
from render.assets import asset_url, vendor_url

PANEL_COLLAPSED_BELOW_PX = 800
_TEMPLATE_OPENER = re.compile(r"\{(?=[{%#])")
_HTML_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027"}


def script_json(value: Any) -> str:
    """JSON for a script: HTML-safe like Jinja's ``tojson`` (no ``</script>``), and with no
    template delimiter (``{{``, ``{%``, ``{#``) anywhere, so that nothing downstream that
    compiles the rendered script as a template (branca does) can read user text as one.

    Outside strings, JSON never has ``{`` before ``{``, ``%`` or ``#``; inside strings such a
    ``{`` becomes the escape ``\\u007b``, which JavaScript reads back as ``{``."""
    text = json.dumps(value, sort_keys=True)  # as ``tojson`` writes it (ASCII, so no U+2028 either)
    text = re.sub(r"[<>&']", lambda m: _HTML_UNSAFE[m.group(0)], text)
    return _TEMPLATE_OPENER.sub(r"\\u007b", text)


class _Verbatim(Element):
    """Rendered script text, added to the page as it is (branca's own ``Element`` would compile
    it as a Jinja template, so user text in it would be template syntax)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Verbatim"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class ScriptElement(MacroElement):
    """A MacroElement with only a ``script`` macro whose output is never compiled again."""

    def render(self, **kwargs: Any) -> str:
        figure = self.get_root()
        assert isinstance(figure, Figure), "render a ScriptElement inside a Figure"
        script = self._template.module.__dict__["script"]
        figure.script.add_child(_Verbatim(script(self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)
        return ""


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


class Setup(JSCSSMixin, ScriptElement):
    """Loads corridors.js/css and the panel, draws the offline basemap, adds panel, legend,
    search box, list view and the small-screen arrangement of the controls.

    Added to the map before any layer, so layers find the panel when they register."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        Corridors.basemap({{ this._parent.get_name() }}, {{ this.json.basemap_url }},
                          {{ this.json.basemap_style }}, {{ this.json.basemap_preview_url }});
        Corridors.coverage({{ this._parent.get_name() }}, {{ this.json.coverage }});
        Corridors.watchState({{ this._parent.get_name() }});
        {% if this.reference_url %}
        Corridors.reference({{ this._parent.get_name() }}, {{ this.json.reference_url }})
          .then(function (ref) {
            if (ref) Corridors.locator({{ this._parent.get_name() }}, ref.context,
                                       {{ this.json.basemap_style }});
          });
        {% endif %}
        Corridors.panel({{ this._parent.get_name() }}, {{ this.json.panel }}, {{ this.json.tiles }});
        Corridors.legend({{ this._parent.get_name() }}, {{ this.json.legend_html }});
        {% if this.texts_url %}Corridors.textsFrom({{ this.json.texts_url }});{% endif %}
        Corridors.search({{ this._parent.get_name() }}, {{ this.json.search }});
        Corridors.list({{ this._parent.get_name() }});
        {% if this.quick_dates %}
        Corridors.quickDates({{ this._parent.get_name() }}, {{ this.json.quick_dates }});
        {% endif %}
        Corridors.layout({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )
    default_js = [  # noqa: RUF012 (folium's own convention: class-level asset lists)
        ("pattern", vendor_url("pattern")),
        ("corridors_js", asset_url("corridors/corridors.js")),
        ("corridors_state_js", asset_url("corridors/state.js")),
        ("corridors_panel_js", asset_url("corridors/panel.js")),
        ("corridors_reference_js", asset_url("corridors/reference.js")),
        ("corridors_locator_js", asset_url("corridors/locator.js")),
        ("corridors_layout_js", asset_url("corridors/layout.js")),
        ("corridors_search_js", asset_url("corridors/search.js")),
        ("corridors_list_js", asset_url("corridors/list.js")),
        ("corridors_dates_js", asset_url("corridors/dates.js")),
    ]
    default_css = [  # noqa: RUF012
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
        search_url: str | None = None,
        search_index: dict[str, Any] | None = None,
        basemap_preview_url: str | None = None,
        quick_dates: list[dict[str, str]] | None = None,
    ):
        """``search_url``: the search file the browser fetches (``render.interactive.search``);
        without it, ``search_index`` travels inline (a standalone page). ``basemap_preview_url``:
        a light copy of the basemap drawn first (``render.interactive.basemap``). ``quick_dates``:
        buttons on the map that show it on a date at once (static/corridors/dates.js)."""
        super().__init__()
        self._name = "CorridorsSetup"
        self.basemap_url = basemap_url
        self.basemap_style = basemap_style
        self.panel = {"collapsedBelow": PANEL_COLLAPSED_BELOW_PX, "title": "Layers"}
        self.tiles = tiles
        self.legend_html = legend_html
        self.texts_url = texts_url
        self.reference_url = reference_url
        self.search = {"url": search_url, "index": None if search_url else search_index}
        self.quick_dates = quick_dates or []
        # Fetched as soon as the map's frame starts, while its scripts still load: the first
        # paint waits for the basemap preview (render.interactive.bundle.prefetch_script).
        self.prefetch = tuple(u for u in (basemap_preview_url or basemap_url,) if u)
        # Shipped text (legend, notes) is data too: encoded, never template source.
        self.json = {
            "basemap_url": script_json(basemap_url),
            "basemap_style": script_json(basemap_style),
            "basemap_preview_url": script_json(basemap_preview_url),
            "panel": script_json(self.panel),
            "tiles": script_json(tiles),
            "legend_html": script_json(legend_html),
            "texts_url": script_json(texts_url),
            "reference_url": script_json(reference_url),
            "coverage": script_json(coverage),
            "search": script_json(self.search),
            "quick_dates": script_json(self.quick_dates),
        }


class LayerElement(ScriptElement):
    """One layer's data and declaration, handed to ``Corridors.layer`` (a child of its group).

    The data is a template *variable*, encoded once by ``script_json`` (or given already
    encoded, as for an upload): user or source text is never part of a template's source, and
    the rendered script is not compiled again (``ScriptElement``)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        Corridors.layer({{ this._parent._parent.get_name() }}, {{ this._parent.get_name() }},
                        {{ this.info_json }}, {{ this.data_json }});
        {% endmacro %}
        """
    )

    def __init__(
        self, info: dict[str, Any], data: dict[str, Any] | None = None, *, data_json: str | None = None
    ) -> None:
        super().__init__()
        self._name = "CorridorsLayer"
        self.info = info
        self.data = data
        self.info_json = script_json(info)
        self.data_json = data_json if data_json is not None else script_json(data)


class MapState(ScriptElement):
    """State the server sends on every run (date, a feature to focus); applied idempotently."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        Corridors.apply({{ this.state_json }});
        {% endmacro %}
        """
    )

    def __init__(self, state: dict[str, Any]) -> None:
        super().__init__()
        self._name = "CorridorsState"
        self.state = state
        self.state_json = script_json(state)
