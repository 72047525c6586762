"""streamlit-folium adapter: show the map and read back what the browser reports.

st_folium remounts the map only when the map's generated script changes. folium elements
cannot be reused across st_folium calls (rendering attaches children with the old ids), so
the app builds a fresh map per run from memoised layer data: the script is identical from
run to run, and parameter changes travel through ``feature_group_to_add`` without a remount.
"""

from __future__ import annotations

from typing import Any

import folium
from streamlit_folium import st_folium

from render.interactive import visible_layer_ids

RETURNED = ["selected_layers", "bounds", "zoom"]


def show_map(
    m: folium.Map,
    dynamic: list[folium.FeatureGroup],
    *,
    key: str = "map",
    height: int = 720,
) -> dict[str, Any]:
    """Render the map; returns st_folium's state plus ``visible`` (None until the browser reports)."""
    state = dict(
        st_folium(
            m,
            key=key,
            height=height,
            use_container_width=True,
            feature_group_to_add=dynamic or None,
            returned_objects=RETURNED,
            # st_folium renders the figure twice by default; one Map.render gives the same
            # script, header and assets (checked in tests) at half the cost of each rerun.
            render=False,
        )
        or {}
    )
    selected = state.get("selected_layers")
    state["visible"] = (
        None
        if selected is None
        else visible_layer_ids(list(selected.values()) if isinstance(selected, dict) else selected)
    )
    return state
