"""Reference app "naive": the streamlit-folium README pattern, for the benchmark only.

A fresh ``folium.Map`` is built on every rerun from the same GeoJSON files as the real app
(one plain ``folium.GeoJson`` per family file, one sidebar checkbox per file) and handed to
``st_folium`` with its default returned objects.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import folium  # noqa: E402
import streamlit as st  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from layers.loading import geodata_dir  # noqa: E402
from render.assets import localize  # noqa: E402

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
