"""A user's uploaded features as a server-sent group; every property is escaped text."""

from __future__ import annotations

from html import escape

import folium
import geopandas as gpd

from layers.styles import UPLOAD_STYLE
from render.assets import localize
from render.interactive.data import leaflet_style
from render.interactive.elements import LayerElement
from render.popup import upload_popup_html
from render.svg import marker_svg

UPLOAD_ID = "upload"


def upload_group(frame: gpd.GeoDataFrame, filename: str) -> folium.FeatureGroup:
    """The upload as one layer: a neutral dashed style, popups of each feature's own properties."""
    name_column = next((c for c in ("name", "title", "id") if c in frame.columns), None)
    svg, size = marker_svg(UPLOAD_STYLE)
    features = []
    for i, (row, geom) in enumerate(
        zip(frame.drop(columns="geometry").to_dict("records"), frame.geometry, strict=True)
    ):
        value = row.get(name_column) if name_column else None
        title = str(value) if value not in (None, "") and value == value else f"Feature {i + 1}"
        polygon = geom.geom_type in ("Polygon", "MultiPolygon")
        look = (
            {"icon": svg, "size": size}
            if geom.geom_type == "Point"
            else {"style": leaflet_style(UPLOAD_STYLE, polygon)}
        )
        state = {"from": None, **look, "tip": escape(title), "body": "", "label": "", "keys": []}
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "id": f"upload_{i}",
                    "label": False,
                    "rank": None,
                    "states": [state],
                    "head": upload_popup_html(row, title),
                    "tail": "",
                },
                "geometry": geom.__geo_interface__,
            }
        )
    info = {
        "id": UPLOAD_ID,
        "title": f"Your upload: {filename}"[:80],
        "family": "Your data (unverified)",
        "order": 10_000,
        "labels": False,
        "labelMinZoom": 99,
        "rank": 99,
        "arrows": None,
        "arrowSpacing": 0,
        "adopt": False,
    }
    group = folium.FeatureGroup(name="upload", control=False)
    LayerElement(info, {"type": "FeatureCollection", "features": features}).add_to(group)
    return localize(group)
