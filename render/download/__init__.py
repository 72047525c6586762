"""Download what you see: the features a map draws on a date, as data and as citations.

- ``features``: the visible features on a date (the records both renderers draw)
- ``geojson``: RFC 7946 FeatureCollection with every attribute and a metadata member
- ``table``: CSV, one row per feature, with geodesic measures and a formula-injection guard
- ``citations``: the sources as CSL-JSON, BibTeX and a plain list
- ``meta``: date, reviewed dates, generator, licence and attribution

Plain functions, no Streamlit: the app, ``python -m render data`` and the static site call
``build_download``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from layers.features import Params
from layers.loading import Atlas
from render.download.citations import bibtex_bytes, csl_bytes, text_bytes
from render.download.features import Selection, visible_features
from render.download.geojson import geojson_bytes
from render.download.table import csv_bytes


@dataclass(frozen=True)
class Format:
    """One download format: file suffix, media type, a label for a link, and its writer."""

    id: str
    suffix: str
    mime: str
    label: str
    write: Callable[[Selection], bytes]


FORMATS: dict[str, Format] = {
    f.id: f
    for f in (
        Format("geojson", ".geojson", "application/geo+json", "GeoJSON", geojson_bytes),
        Format("csv", ".csv", "text/csv", "CSV table", csv_bytes),
        Format("csl", ".json", "application/vnd.citationstyles.csl+json", "CSL-JSON citations", csl_bytes),
        Format("bibtex", ".bib", "application/x-bibtex", "BibTeX citations", bibtex_bytes),
        Format("txt", ".txt", "text/plain", "Source list (text)", text_bytes),
    )
}


@dataclass(frozen=True)
class Download:
    """A file to hand to the reader."""

    data: bytes
    filename: str
    mime: str


def file_name(stem: str, day: date, fmt: str) -> str:
    """``corridors-<stem>-<date>[-sources].<suffix>``; citation files say they are sources."""
    kind = "-sources" if fmt in ("csl", "bibtex", "txt") else ""
    return f"corridors-{stem}-{day.isoformat()}{kind}{FORMATS[fmt].suffix}"


def download_name(stem: str, selection: Selection, fmt: str) -> str:
    """The file name of ``selection`` in ``fmt`` (see ``file_name``)."""
    return file_name(stem, selection.as_of, fmt)


def build_download(
    atlas: Atlas, layer_ids: Iterable[str], params: Params, fmt: str, *, stem: str = "custom"
) -> Download:
    """One download of the given layers on ``params.as_of`` (None: the latest reviewed date);
    KeyError for an unknown format, ViewError for unknown layers."""
    form = FORMATS[fmt]
    selection = visible_features(atlas, layer_ids, params)
    return Download(form.write(selection), download_name(stem, selection, fmt), form.mime)


__all__ = [
    "FORMATS",
    "Download",
    "Format",
    "Selection",
    "build_download",
    "download_name",
    "file_name",
    "visible_features",
]
