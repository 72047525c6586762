"""The export panel: a print-quality snapshot of what the map shows, on the chosen date."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import streamlit as st

from layers.loading import Atlas
from render.export import CURRENT_VIEW, ExportError, export, request_from_map
from render.snapshot import FORMATS, PAGES
from render.views import VIEWS

EXPORT_OPEN_KEY = "export_open"  # the export expander's open state


def export_panel(
    atlas: Atlas, *, visible: set[str], bounds: Mapping[str, Any] | None, buffer_km: float, as_of: date
) -> None:
    """Form, spinner, preview and download; the file is built only when asked for."""
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
                bounds=bounds,
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
