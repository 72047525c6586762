"""Share links in the app: the address's query string is read once per session (a malformed
value is named in a notice, the rest applies) and rewritten as the map changes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from urllib.parse import urlencode

import streamlit as st

from layers.derive import BUFFER_KM_RANGE
from layers.features import Params, layer_frame
from layers.loading import Atlas
from layers.registry import LAYER_BY_ID
from render.links import DEPTH_STEP_KM, LinkState, link_params, parse_link
from render.views import VIEWS
from ui.stories import RESTORE_KEY, STORY_KEY
from ui.timeline import AS_OF_KEY

LINK_KEY = "_link"
DEPTH_KEY = "buffer_km"
SHARE_OPEN_KEY = "share_open"  # the share popover's open state


def read_link(atlas: Atlas) -> LinkState:
    """The link the session opened with; seeds the widgets and the map's first view once."""
    if LINK_KEY not in st.session_state:
        params = {key: st.query_params.get_all(key) for key in st.query_params}
        link = parse_link(atlas, params)
        st.session_state[LINK_KEY] = link
        if link.as_of is not None:
            st.session_state[AS_OF_KEY] = link.as_of
        if link.depth_km is not None:
            st.session_state[DEPTH_KEY] = link.depth_km
        if link.story is not None:
            st.session_state[STORY_KEY] = link.story
        layers = link.layers
        if layers is None and link.story is not None:
            layers = VIEWS[link.story].layers
        if link.view is not None or layers is not None:
            st.session_state[RESTORE_KEY] = {
                "view": link.view,
                "layers": list(layers) if layers is not None else None,
                "nonce": "link",
            }
    return st.session_state[LINK_KEY]


def write_link(
    *,
    story: str | None,
    center: tuple[float, float] | None,
    zoom: float | None,
    layers: Sequence[str] | None,
    as_of: date,
    depth_km: float,
) -> str:
    """Put the current state in the address bar (without a rerun); returns the query string."""
    params = link_params(story=story, center=center, zoom=zoom, layers=layers, as_of=as_of, depth_km=depth_km)
    if dict(st.query_params) != params:
        st.query_params.from_dict(params)
    return urlencode(params, safe=",")


def share_box(query: str) -> None:
    """The link to this view, with a copy button (st.code has one)."""
    base = (st.context.url or "").split("?", 1)[0]
    # drawn only while open: st.code's highlighter is the page's largest script (~1.5 MB)
    box = st.popover(
        "Share this view",
        help="A link that opens the map exactly as you see it now",
        key=SHARE_OPEN_KEY,
        on_change="rerun",
    )
    with box:
        if box.open:
            st.caption("Copy this link: it opens the same story, view, layers, date and zone depth.")
            st.code(f"{base}?{query}", language=None, wrap_lines=True)


def depth_control(atlas: Atlas, params: Params) -> float:
    """The buffer-zone depth slider (its value is in the link) and the zone's area at that depth."""
    low, high = BUFFER_KM_RANGE
    depth = st.slider(
        "Buffer-zone depth D (km): illustrative",
        min_value=low,
        max_value=high,
        step=DEPTH_STEP_KM,
        key=DEPTH_KEY,
        help="No map was published. The only depth reported is about 30 km, which one Turkish outlet "
        "attributed to Bloomberg; no other account confirms it. The zone is Iranian land within D km "
        "of the Türkiye–Iran border in the shipped basemap.",
    )
    zone = layer_frame(atlas, LAYER_BY_ID["buffer_zone_area"], params)
    if zone is not None and not zone.empty:
        area = next(m.value for m in zone["computed"].iloc[0] if m.label.startswith("Area"))
        st.caption(f"Reported buffer zone at this depth: {area} (illustrative)")
    return float(depth)
