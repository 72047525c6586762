"""Download what you see: the layers switched on in the map, on the chosen date, as GeoJSON, a CSV
table and citations (render.download builds them; the file is made only when its button is pressed)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import streamlit as st

from layers.features import Params
from layers.loading import Atlas
from layers.registry import LAYER_BY_ID
from render.download import FORMATS, build_download, file_name

DOWNLOADS_OPEN_KEY = "downloads_open"  # the downloads expander's open state
HELP = {
    "geojson": "Every visible feature with all its attributes, history and sources up to the date",
    "csv": "One row per feature: name, layer, status, confidence, measured figures, sources",
    "csl": "The sources cited by the visible features, for Zotero, Pandoc and citation managers",
    "bibtex": "The same sources for LaTeX",
    "txt": "The same sources as a plain list",
}


def shipped_layers(visible: Iterable[str]) -> list[str]:
    """The visible layers that come with the map (uploads are the reader's own: not re-offered)."""
    return [layer_id for layer_id in LAYER_BY_ID if layer_id in set(visible)]


def _builder(atlas: Atlas, layer_ids: list[str], params: Params, fmt: str, stem: str) -> Callable[[], bytes]:
    def build() -> bytes:
        return build_download(atlas, layer_ids, params, fmt, stem=stem).data

    return build


def download_panel(atlas: Atlas, visible: Iterable[str], params: Params, stem: str) -> None:
    """One button per format, for the visible shipped layers on ``params.as_of``."""
    layer_ids = shipped_layers(visible)
    assert params.as_of is not None
    st.caption(
        f"{len(layer_ids)} visible layer{'s' if len(layer_ids) != 1 else ''} as on "
        f"{params.as_of:%-d %B %Y}: what the map shows, with every attribute and source. "
        "Reuse with attribution to the sources named."
    )
    if not layer_ids:
        st.info("Switch on at least one layer in the map to download its data.")
        return
    columns = st.columns(len(FORMATS))
    for column, fmt in zip(columns, FORMATS.values(), strict=True):
        column.download_button(
            fmt.label,
            data=_builder(atlas, layer_ids, params, fmt.id, stem),
            file_name=file_name(stem, params.as_of, fmt.id),
            mime=fmt.mime,
            key=f"download_{fmt.id}",
            help=HELP.get(fmt.id),
            on_click="ignore",
            width="stretch",
        )
