"""Process-wide cached resources: the loaded atlas and the rendered base map."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from layers.derive import DEFAULT_BUFFER_KM
from layers.loading import Atlas, load_atlas
from render import memory
from render.interactive import build_map
from render.interactive.basemap import preview_url, write_preview
from render.interactive.reference import reference_url, write_reference
from render.interactive.texts import texts_url, write_texts
from render.st_map import MapDocument, prepare_document


@st.cache_resource(show_spinner=False)
def cached_atlas(folder: str) -> Atlas:
    """Layers are loaded once per process (per folder), shared by every session; the cycle
    collector then leaves them alone (``render.memory.settle``)."""
    atlas = load_atlas(Path(folder))
    memory.settle()
    return atlas


@st.cache_resource(show_spinner=False)
def cached_document(_atlas: Atlas, folder: str) -> MapDocument:
    """The base map is rendered once per process; parameters travel as dynamic groups, and
    popup texts, the reference map and a light first basemap as static files the browser
    fetches once."""
    url = texts_url(write_texts(_atlas, DEFAULT_BUFFER_KM))
    ref = reference_url(write_reference(_atlas))
    preview = write_preview()
    return prepare_document(
        build_map(
            _atlas,
            include_dynamic=False,
            texts_url=url,
            reference_url=ref,
            basemap_preview_url=preview_url(preview) if preview else None,
            with_quick_dates=True,
        )
    )
