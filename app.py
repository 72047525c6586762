"""Streamlit page: the corridors map, its controls and messages. No domain logic here."""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from layers.derive import BUFFER_KM_RANGE, DEFAULT_BUFFER_KM
from layers.features import Params, layer_frame
from layers.loading import Atlas, geodata_dir, load_atlas
from layers.period import ARTICLE_DATE, ARTICLE_LABEL, as_of_line, data_span
from layers.registry import BASEMAP_CREDIT, LAYER_BY_ID, default_visible_ids
from layers.upload import ACCEPTED_FORMATS, MAX_UPLOAD_MB, UploadRefused
from layers.upload.budget import BUDGET
from render.assets import missing_assets
from render.export import CURRENT_VIEW, ExportError, export, request_from_map
from render.interactive import build_map, dynamic_groups, state_group
from render.interactive.upload import PreparedUpload, prepare_upload_bounded
from render.snapshot import FORMATS, PAGES
from render.st_map import MapDocument, prepare_document, show_map
from render.views import VIEWS

st.set_page_config(page_title="Corridors, buffer zones and pipelines", page_icon="🗺️", layout="wide")


@st.cache_resource(show_spinner=False)
def cached_atlas(folder: str) -> Atlas:
    """Layers are loaded once per process (per folder), shared by every session."""
    return load_atlas(Path(folder))


@st.cache_resource(show_spinner=False)
def cached_document(_atlas: Atlas, folder: str) -> MapDocument:
    """The base map is rendered once per process; parameters travel as dynamic groups."""
    return prepare_document(build_map(_atlas, include_dynamic=False))


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
    if st.button(f"Show the map {ARTICLE_LABEL}", key="article_date"):
        st.session_state["as_of"] = max(min(ARTICLE_DATE, span.last), span.first)
    as_of = st.date_input(
        "Situation as of",
        value=span.last,
        min_value=span.first,
        max_value=span.last,
        key="as_of",
        format="YYYY-MM-DD",
        help=f"Any date from {span.first} (the earliest dated item) to {span.last} (the latest date "
        "up to which sources were reviewed).",
    )
    buffer_km = st.slider(
        "Buffer-zone depth D (km): illustrative",
        min_value=BUFFER_KM_RANGE[0],
        max_value=BUFFER_KM_RANGE[1],
        value=DEFAULT_BUFFER_KM,
        step=5.0,
        key="buffer_km",
        help="No depth or map was published with the January 2026 reports; the zone is Iranian "
        "land within D km of the Türkiye–Iran border in the shipped basemap.",
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
state = show_map(document, [*dynamic_groups(atlas, params), state_group(as_of), *extra_groups])
visible = state["visible"] if state["visible"] is not None else set(default_visible_ids())
st.caption(
    f"{as_of_line(atlas, as_of, LAYER_BY_ID)}. {len(visible)} of {len(LAYER_BY_ID)} layers visible. "
    f"{BASEMAP_CREDIT} Served offline. Figures marked 'as drawn' are measured geodesically "
    "from the geometry shown."
)

with st.expander("Export a print-quality snapshot (PNG, SVG, PDF)"):
    with st.form("export"):
        extent_col, format_col, page_col, dpi_col = st.columns(4)
        extent = extent_col.selectbox(
            "Extent",
            [CURRENT_VIEW, *VIEWS],
            format_func=lambda v: "Current map view" if v == CURRENT_VIEW else f"Preset: {v}",
            key="export_extent",
        )
        fmt = format_col.selectbox("Format", FORMATS, format_func=str.upper, key="export_format")
        page = page_col.selectbox("Page", list(PAGES), key="export_page")
        dpi = dpi_col.select_slider("PNG resolution (dpi)", [96, 150, 200, 300], value=300, key="export_dpi")
        title = st.text_input("Title (optional)", max_chars=120, key="export_title")
        submitted = st.form_submit_button("Prepare snapshot", type="primary")
    st.caption(
        "The snapshot draws the layers switched on in the map, on the date chosen above, with "
        "legend, scale bar and sources."
    )
    if submitted:
        try:
            request = request_from_map(
                atlas,
                visible=visible,
                bounds=state.get("bounds"),
                extent=extent,
                fmt=fmt,
                page=page,
                dpi=dpi,
                title=title or None,
                buffer_km=buffer_km,
                as_of=as_of,
            )
        except ExportError as exc:
            st.error("Cannot export this view.")
            st.text(str(exc))
        else:
            with st.spinner("Rendering the snapshot…"):
                st.session_state["snapshot"] = export(atlas, request, preview=True)
    result = st.session_state.get("snapshot")
    if result is not None:
        req = result.request
        if set(req.layers) != visible or req.buffer_km != buffer_km or req.as_of != as_of:
            st.info("The map has changed since this snapshot was prepared: prepare it again to include it.")
        st.image(result.preview_png, caption=f"Preview of {result.filename}")
        st.download_button(
            f"Download {result.filename} ({len(result.data) / 1024:,.0f} KiB)",
            data=result.data,
            file_name=result.filename,
            mime=result.mime,
            on_click="ignore",
            key="export_download",
        )
