"""Interactive adapter: the Leaflet map (folium) drawn from the layer declarations.

- ``build``: the map, its parameter-driven groups and the per-run map state
- ``data``: each layer's features with all their dated states, as the browser gets them
- ``elements``: folium elements (set-up, one per layer, map state) and generated label CSS
- ``legend``: the shared legend structure as HTML
- ``upload``: a user's uploaded file as a layer
"""

from render.interactive.build import (
    ONLINE_TILES,
    REGION_BOUNDS,
    build_map,
    control_order,
    dynamic_groups,
    render_html,
    state_group,
)
from render.interactive.legend import legend_html
from render.interactive.upload import upload_group

__all__ = [
    "ONLINE_TILES",
    "REGION_BOUNDS",
    "build_map",
    "control_order",
    "dynamic_groups",
    "legend_html",
    "render_html",
    "state_group",
    "upload_group",
]
