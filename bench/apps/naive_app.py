"""Reference app "naive": the streamlit-folium README pattern, for the benchmark only.

A fresh ``folium.Map`` is built on every rerun from the same GeoJSON files as the real app
(one plain ``folium.GeoJson`` per family file, one sidebar checkbox per file) and handed to
``st_folium`` with its default returned objects.
"""

from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

from layers.loading import geodata_dir
from render.assets import localize

FAMILIES = ("tripp", "buffer_zone", "gas_swap", "hormuz")

st.set_page_config(page_title="naive reference", layout="wide")
shown = {family: st.sidebar.checkbox(family, value=True, key=family) for family in FAMILIES}

m = folium.Map(location=[34.0, 46.0], zoom_start=5, tiles=None)
for family in FAMILIES:
    if shown[family]:
        folium.GeoJson(
            str(geodata_dir() / f"{family}.geojson"),
            name=family,
            tooltip=folium.GeoJsonTooltip(fields=["name"]),
        ).add_to(m)
localize(m)
st_folium(m, width=1100, height=720)
