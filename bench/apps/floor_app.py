"""Reference app "floor": the cheapest possible Streamlit round-trip that changes a map.

A bare ``st_folium`` map (no tiles, local assets) whose only content is one marker, shown or
hidden by a sidebar checkbox through ``feature_group_to_add`` (so the map is never remounted).
"""

from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

from render.assets import localize

st.set_page_config(page_title="floor reference", layout="wide")
show = st.sidebar.checkbox("marker", value=True, key="marker")

m = localize(folium.Map(location=[34.0, 46.0], zoom_start=5, tiles=None))
group = folium.FeatureGroup(name="marker")
if show:
    folium.Marker([34.0, 46.0], tooltip="marker").add_to(group)
st_folium(m, width=1100, height=720, feature_group_to_add=group, key="floor")
