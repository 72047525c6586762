"""What an upload may cost, the refusal it gets when it costs more, and how it is named.

Every limit is checked before the work it protects (bytes before decoding, nesting before
parsing, features and property names before building anything, vertices before repair), and
each has its own message naming the file, the feature where one is at fault, and the limit.

Sizes are in MB of 1,048,576 bytes: the unit Streamlit's ``server.maxUploadSize`` and its
uploader widget use, so the widget, ``.streamlit/config.toml`` and our messages agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

MB = 1024 * 1024  # Streamlit's "MB" (server.maxUploadSize × 1024 × 1024)
MAX_UPLOAD_MB = 5  # equal to server.maxUploadSize in .streamlit/config.toml (a test checks)
ACCEPTED_FORMATS = (
    "GeoJSON",
    "KML",
    "KMZ",
    "GPX",
    "GeoPackage",
    "zipped Shapefile",
    "CSV with longitude/latitude or WKT columns",
)
# File name suffixes offered by the uploader's file dialog (the content decides the format).
UPLOAD_SUFFIXES = ("geojson", "json", "kml", "kmz", "gpx", "gpkg", "zip", "csv", "txt")


@dataclass(frozen=True)
class Limits:
    """Bounds on one upload. The defaults are the app's; tests pass smaller ones."""

    max_bytes: int = MAX_UPLOAD_MB * MB
    max_depth: int = 20  # JSON nesting: a MultiPolygon needs 8, a nested GeometryCollection a few more
    max_features: int = 5_000
    max_vertices: int = 200_000  # in the whole file, before and after repair
    max_property_names: int = 100  # distinct names in the whole file
    max_properties: int = 50  # per feature
    max_string_chars: int = 10_000  # one property value (a KML description can be long)
    max_name_chars: int = 200  # one property name
    max_layers: int = 20  # layers in a GeoPackage, folders in a KML, shapefiles in a ZIP
    max_archive_members: int = 100
    max_archive_bytes: int = 4 * MAX_UPLOAD_MB * MB  # uncompressed, all members together
    seconds: float = 20.0  # wall time for parsing, repair and reprojection
    memory_mb: int = 768  # address space the reader may add to its baseline
    payload_bytes: int = 6 * MAX_UPLOAD_MB * MB  # what the browser gets for the layer


LIMITS = Limits()


class UploadRefused(ValueError):
    """An upload that will not be shown; the message names the file and the reason. When the
    bounded worker refused it, ``cost`` is what reading cost (``layers.upload.worker.Bounded``)."""

    cost: object = None


def megabytes(n: int) -> str:
    """Bytes in the uploader's unit, e.g. ``5.3 MB`` (1 MB = 1,048,576 bytes)."""
    value = n / MB
    return f"{value:.0f} MB" if value == int(value) else f"{value:.1f} MB"


_UNSAFE = re.compile(r"[^\w.\-+,() ]+")


def display_name(filename: str | None, limit: int = 80) -> str:
    """A file name safe to show anywhere: control and format characters (NUL, bidi overrides)
    removed, markup characters replaced, whitespace collapsed, length bounded."""
    text = "".join(
        " " if unicodedata.category(c) in ("Zs", "Zl", "Zp") or c in "\t\r\n" else c
        for c in str(filename or "")
        if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    )
    text = " ".join(_UNSAFE.sub("_", text).split())
    if len(text) > limit:
        _, dot, suffix = text.rpartition(".")
        keep = f".{suffix}" if dot and len(suffix) <= 8 else ""
        text = text[: limit - len(keep) - 1] + "…" + keep
    return text or "upload"


def one_line(text: str, limit: int) -> str:
    """User text for a message: control characters removed, one line, at most ``limit`` chars."""
    text = "".join(
        c for c in text if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn") or c in "\t\n\r"
    )
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def feature_label(index: int, title: str | None) -> str:
    """``feature 3 ("Yerevan")``: 1-based position, and the feature's own name if it has one."""
    short = one_line(title, 40) if title else ""
    return f'feature {index + 1} ("{short}")' if short else f"feature {index + 1}"


def accepted_formats() -> str:
    """The accepted formats as one phrase, for refusals."""
    return ", ".join(ACCEPTED_FORMATS)


_reporter: list[Callable[[str], None]] = []


def set_reporter(callback: Callable[[str], None] | None) -> None:
    """Where ``report`` sends stages (the bounded worker passes them to the server, so a
    refusal for time or memory can say what the reader was doing)."""
    _reporter[:] = [callback] if callback else []


def report(stage: str) -> None:
    """Say what the reader is doing now (cheap; a no-op unless a reporter is set)."""
    for callback in _reporter:
        callback(stage)
