"""The text alternative to the map: a description of the current view generated from the data
(layers.alttext), shown to copy; the same text goes into exported files."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from layers.alttext import describe_view
from layers.features import Params
from layers.loading import Atlas
from render.views import REGION_BBOX, ViewError, bbox_from_leaflet_bounds
from ui.layout import lazy_expander

DESCRIBE_OPEN_KEY = "describe_open"  # the expander's open state


def describe_panel(atlas: Atlas, visible: set[str], bounds: Mapping[str, Any] | None, params: Params) -> None:
    """An expander with the current view's description (copy button included), drawn only
    while open."""
    box, is_open = lazy_expander("Describe this view in words (alt text)", DESCRIBE_OPEN_KEY)
    if not is_open:
        return
    try:
        bbox = bbox_from_leaflet_bounds(bounds) if bounds else REGION_BBOX
    except ViewError:
        bbox = REGION_BBOX
    with box:
        st.caption(
            "Generated from the data for the area, layers and date on the map: paste it as the "
            "alternative text of a screenshot. Each feature's popup and the list view (☰ on the map) "
            "give the same information."
        )
        st.code(describe_view(atlas, visible, bbox, params), language=None, wrap_lines=True)
