"""The "your own data" uploader: read once per session in a bounded worker; every message about
the file is shown as plain text (file names and properties are user text)."""

from __future__ import annotations

import logging

import folium
import streamlit as st

from layers.upload import ACCEPTED_FORMATS, MAX_UPLOAD_MB, UploadRefused
from layers.upload.budget import BUDGET
from render.interactive.upload import PreparedUpload, prepare_upload_bounded

HELD_KEY = "_upload_layer"


def session_upload(upload) -> PreparedUpload:
    """An upload is read once per session (reruns reuse it, refusals included), in a bounded
    worker; the session holds one upload at most, released with the session or the file."""
    key = (upload.file_id, upload.size)
    held = st.session_state.get(HELD_KEY)
    if held is None or held[0] != key:
        st.session_state.pop(HELD_KEY, None)  # the previous file's memory goes first
        try:
            prepared = prepare_upload_bounded(upload.getvalue(), upload.name)
            BUDGET.hold(prepared, prepared.nbytes, prepared.name)
        except UploadRefused as exc:
            held = (key, str(exc))
        else:
            held = (key, prepared)
        st.session_state[HELD_KEY] = held
    if isinstance(held[1], str):
        raise UploadRefused(held[1])
    return held[1]


UPLOAD_KEY = "upload"


def upload_groups() -> list[folium.FeatureGroup]:
    """The map group of the accepted upload, if any (read before the map is drawn; the uploader
    itself is drawn below the map, and its value is already in the session state)."""
    upload = st.session_state.get(UPLOAD_KEY)
    if upload is None:
        st.session_state.pop(HELD_KEY, None)
        return []
    try:
        return [session_upload(upload).group()]
    except UploadRefused:
        return []
    except Exception:  # the one boundary: readers never see a traceback (upload_panel says so)
        logging.getLogger("app").exception("reading an upload failed")
        st.session_state[HELD_KEY] = ((upload.file_id, upload.size), "it could not be read")
        return []


def upload_panel() -> None:
    """The uploader and what became of the file; every message about it is plain text."""
    # The format is read from the content, so the file dialog offers every file (type=None).
    upload = st.file_uploader(
        f"Add your own map data ({', '.join(ACCEPTED_FORMATS[:-1])}, CSV; up to {MAX_UPLOAD_MB} MB)",
        max_upload_size=MAX_UPLOAD_MB,
        key=UPLOAD_KEY,
    )
    held = st.session_state.get(HELD_KEY)
    if upload is None or held is None:
        return
    if isinstance(held[1], str):
        st.error("Upload not shown.")
        st.text(held[1])
        return
    prepared: PreparedUpload = held[1]
    st.success(f"Showing {prepared.count:,} features from your file (dashed black; unverified).")
    if prepared.refused_count:
        st.warning(f"{prepared.refused_count:,} features of the file are not shown:")
        more = prepared.refused_count - len(prepared.refused)
        st.text("\n".join(prepared.refused) + (f"\n… and {more:,} more" if more else ""))
