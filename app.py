"""Streamlit page: the corridors map, its controls and messages. Composition only: the widgets
live in ui/, everything else in layers/ and render/."""

from __future__ import annotations

import streamlit as st

from layers.derive import DEFAULT_BUFFER_KM
from layers.events import events_up_to, key_events
from layers.features import Params
from layers.loading import geodata_dir
from layers.period import as_of_line, data_span
from layers.registry import BASEMAP_CREDIT, LAYER_BY_ID, default_visible_ids
from render.assets import missing_assets
from render.interactive import dynamic_groups, state_group
from render.st_map import reported_date, show_map
from render.views import VIEWS
from ui.describe import describe_panel
from ui.downloads import DOWNLOADS_OPEN_KEY, download_panel
from ui.events_panel import EVENTS_OPEN_KEY, FOCUS_KEY, events_table
from ui.export_panel import EXPORT_OPEN_KEY, export_panel
from ui.layout import lazy_expander, page_header, page_style
from ui.resources import cached_atlas, cached_document
from ui.share import DEPTH_KEY, depth_control, read_link, share_box, write_link
from ui.stories import RESTORE_KEY, story_caption, story_picker
from ui.timeline import date_control, event_strip, take_map_date
from ui.upload_panel import upload_groups, upload_panel

TITLE = "Corridors, buffer zones and pipelines"
SUBTITLE = "Caucasus, Iran, Türkiye and the Gulf"
INTRO = (
    "Where the region's transit routes, a reported buffer zone, gas pipelines and the Strait of "
    "Hormuz are, and how each stood on any date: pick a story; click a line for its sources."
)

st.set_page_config(
    page_title="Corridors, buffer zones and pipelines",
    page_icon="🗺️",
    layout="wide",
)
page_style()

if missing := missing_assets():
    st.error(f"Map assets are not installed ({', '.join(missing[:3])} …). Run `make setup`.")
    st.stop()

atlas = cached_atlas(str(geodata_dir()))
span = data_span(atlas)
link = read_link(atlas)

document = cached_document(atlas, str(geodata_dir()))
date_seq = take_map_date(reported_date(document), span)  # a quick date pressed on the map

# Header: title, stories and date; the map fills the window below it (ui/layout.py).
page_header(TITLE, SUBTITLE, INTRO)
stories_col, date_col = st.columns([4, 1], vertical_alignment="bottom")
with stories_col:
    story = story_picker()
with date_col:
    as_of = date_control(span)

st.session_state.setdefault(DEPTH_KEY, DEFAULT_BUFFER_KM)
buffer_km = float(st.session_state[DEPTH_KEY])  # the slider is drawn below the map
params = Params(buffer_km=buffer_km, as_of=as_of)
extra_groups = upload_groups()

focus = st.session_state.get(FOCUS_KEY)
restore = st.session_state.get(RESTORE_KEY)
groups = [*dynamic_groups(atlas, params), state_group(as_of, focus, restore, date_seq), *extra_groups]
state = show_map(document, groups, height=640)
visible = state["visible"] if state["visible"] is not None else set(default_visible_ids())

center = state.get("center")
query = write_link(
    story=story,
    center=(float(center["lat"]), float(center["lng"])) if isinstance(center, dict) else None,
    zoom=state.get("zoom") if isinstance(center, dict) else None,
    layers=sorted(visible) if state["visible"] is not None else None,
    as_of=as_of,
    depth_km=buffer_km,
)
if link.notices:  # named in plain text: the values come from the address bar
    st.warning("Part of the link you opened was not used; the rest of it is shown.")
    st.text("\n".join(link.notices))

chosen = VIEWS[story].story if story else None
# A story's key dates are its navigation: all of them, whatever the chosen date.
story_caption(story, key_events(atlas, chosen.key_events, Params(buffer_km=buffer_km)) if chosen else [])
share_col, depth_col = st.columns([1, 2], vertical_alignment="bottom")
with share_col:
    share_box(query)
with depth_col:
    depth_control(atlas, params)
for name, problems in atlas.problems.items():
    st.warning(f"{name} could not be fully loaded; affected features are not shown.")
    st.text("\n".join(problems[:8]))
st.caption(
    f"{as_of_line(atlas, as_of, LAYER_BY_ID)}. {len(visible)} of {len(LAYER_BY_ID)} layers visible. "
    f"{BASEMAP_CREDIT} Served offline. Figures marked 'as drawn' are measured geodesically "
    "from the geometry shown."
)

events = events_up_to(atlas, visible, params)
# The panels below are drawn only while open (ui.layout.lazy_expander).
events_box, events_open = lazy_expander(
    f"Events up to {as_of:%-d %B %Y}, newest first ({len(events)})", EVENTS_OPEN_KEY
)
with events_box:
    if events_open:
        event_strip(events, as_of, span)
        events_table(events)

describe_panel(atlas, visible, state.get("bounds"), params)

downloads_box, downloads_open = lazy_expander(
    "Download the data shown (GeoJSON, CSV, citations)", DOWNLOADS_OPEN_KEY
)
with downloads_box:
    if downloads_open:
        download_panel(atlas, visible, params, stem=story or "view")

with st.expander("Add your own data to the map", expanded=bool(st.session_state.get("upload"))):
    upload_panel()

export_box, export_open = lazy_expander("Export a print-quality snapshot (PNG, SVG, PDF)", EXPORT_OPEN_KEY)
with export_box:
    if export_open:
        export_panel(atlas, visible=visible, bounds=state.get("bounds"), buffer_km=buffer_km, as_of=as_of)
