"""Streamlit page: the corridors map, its controls and messages. Composition only: the widgets
live in ui/, everything else in layers/ and render/."""

from __future__ import annotations

import logging

import streamlit as st

from layers.derive import BUFFER_KM_RANGE, DEFAULT_BUFFER_KM
from layers.events import events_up_to
from layers.features import Params, layer_frame
from layers.loading import geodata_dir
from layers.period import as_of_line, data_span
from layers.registry import BASEMAP_CREDIT, LAYER_BY_ID, default_visible_ids
from layers.upload import ACCEPTED_FORMATS, MAX_UPLOAD_MB, UploadRefused
from layers.upload.budget import BUDGET
from render.assets import missing_assets
from render.interactive import dynamic_groups, state_group
from render.interactive.upload import PreparedUpload, prepare_upload_bounded
from render.st_map import show_map
from ui.events_panel import FOCUS_KEY, events_table
from ui.export_panel import export_panel
from ui.resources import cached_atlas, cached_document
from ui.timeline import date_control, event_strip

st.set_page_config(page_title="Corridors, buffer zones and pipelines", page_icon="🗺️", layout="wide")


def session_upload(upload) -> PreparedUpload:
    """An upload is read once per session (reruns reuse it, refusals included), in a bounded
    worker; the session holds one upload at most, released with the session or the file."""
    key = (upload.file_id, upload.size)
    held = st.session_state.get("_upload_layer")
    if held is None or held[0] != key:
        st.session_state.pop("_upload_layer", None)  # the previous file's memory goes first
        try:
            prepared = prepare_upload_bounded(upload.getvalue(), upload.name)
            BUDGET.hold(prepared, prepared.nbytes, prepared.name)
        except UploadRefused as exc:
            held = (key, str(exc))
        else:
            held = (key, prepared)
        st.session_state["_upload_layer"] = held
    if isinstance(held[1], str):
        raise UploadRefused(held[1])
    return held[1]


if missing := missing_assets():
    st.error(f"Map assets are not installed ({', '.join(missing[:3])} …). Run `make setup`.")
    st.stop()

atlas = cached_atlas(str(geodata_dir()))
span = data_span(atlas)
extra_groups = []

with st.sidebar:
    st.title("Corridors of the Caucasus–Iran–Türkiye–Gulf region")
    st.caption(
        "Switch overlays in the map's layer panel; click a feature for status, confidence, "
        "measured figures and sources. Reported and illustrative geometry is hatched or dotted."
    )
    as_of = date_control(span)
    buffer_km = st.slider(
        "Buffer-zone depth D (km): illustrative",
        min_value=BUFFER_KM_RANGE[0],
        max_value=BUFFER_KM_RANGE[1],
        value=DEFAULT_BUFFER_KM,
        step=5.0,
        key="buffer_km",
        help="No map was published. The only depth reported is about 30 km, which one Turkish outlet "
        "attributed to Bloomberg; no other account confirms it. The zone is Iranian land within D km "
        "of the Türkiye–Iran border in the shipped basemap.",
    )
    params = Params(buffer_km=buffer_km, as_of=as_of)
    zone = layer_frame(atlas, LAYER_BY_ID["buffer_zone_area"], params)
    if zone is not None and not zone.empty:
        area = next(m.value for m in zone["computed"].iloc[0] if m.label.startswith("Area"))
        st.metric("Reported buffer zone: area at this depth (illustrative)", area)
    for name, problems in atlas.problems.items():
        st.warning(f"{name} could not be fully loaded; affected features are not shown.")
        st.text("\n".join(problems[:8]))

    # The format is read from the content, so the file dialog offers every file (type=None).
    upload = st.file_uploader(
        f"Add your own map data ({', '.join(ACCEPTED_FORMATS[:-1])}, CSV; up to {MAX_UPLOAD_MB} MB)",
        max_upload_size=MAX_UPLOAD_MB,
        key="upload",
    )
    if upload is None:
        st.session_state.pop("_upload_layer", None)
    else:
        # User text (file names, properties, CRS names) is shown with st.text only, never as Markdown.
        try:
            prepared = session_upload(upload)
        except UploadRefused as exc:
            st.error("Upload not shown.")
            st.text(str(exc))
        except Exception:  # the one boundary: readers never see a traceback
            logging.getLogger("app").exception("reading an upload failed")
            st.error("Upload not shown: it could not be read (details are in the server log).")
        else:
            extra_groups.append(prepared.group())
            st.success(f"Showing {prepared.count:,} features from your file (dashed black; unverified).")
            if prepared.refused_count:
                st.warning(f"{prepared.refused_count:,} features of the file are not shown:")
                more = prepared.refused_count - len(prepared.refused)
                st.text("\n".join(prepared.refused) + (f"\n… and {more:,} more" if more else ""))

document = cached_document(atlas, str(geodata_dir()))
focus = st.session_state.get(FOCUS_KEY)
state = show_map(document, [*dynamic_groups(atlas, params), state_group(as_of, focus), *extra_groups])
visible = state["visible"] if state["visible"] is not None else set(default_visible_ids())
st.caption(
    f"{as_of_line(atlas, as_of, LAYER_BY_ID)}. {len(visible)} of {len(LAYER_BY_ID)} layers visible. "
    f"{BASEMAP_CREDIT} Served offline. Figures marked 'as drawn' are measured geodesically "
    "from the geometry shown."
)

events = events_up_to(atlas, visible, params)
with st.expander(f"Events up to {as_of:%-d %B %Y}, newest first ({len(events)})", expanded=False):
    event_strip(events, as_of, span)
    events_table(events)

with st.expander("Export a print-quality snapshot (PNG, SVG, PDF)"):
    export_panel(atlas, visible=visible, bounds=state.get("bounds"), buffer_km=buffer_km, as_of=as_of)
