"""Encoding a snapshot figure as PNG, SVG or PDF, with the metadata a print desk and a screen
reader need: title, author, a one-paragraph description (the alt text), keywords, resolution
and colour space."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from html import escape
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure

from render.snapshot.backend import install_pdf_subsets
from render.snapshot.png import encode_png
from render.snapshot.style import RC

FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
MIME_TYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
CREATOR = "Corridors map (render/snapshot)"


def _meta(fig: Figure) -> dict[str, str]:
    info = getattr(fig, "snapshot", None)
    if info is None:
        return {}
    return {
        "title": info.title,
        "author": info.author,
        "description": info.description,
        "keywords": info.keywords,
    }


def _svg_with_title(svg: bytes, meta: dict[str, str]) -> bytes:
    """SVG readers (and screen readers) look for <title> and <desc> first in the root element."""
    if not meta:
        return svg
    text = svg.decode("utf-8")
    start = text.index("<svg")
    end = text.index(">", start) + 1
    extra = f"\n <title>{escape(meta['title'])}</title>\n <desc>{escape(meta['description'])}</desc>"
    return (text[:end] + extra + text[end:]).encode("utf-8")


def save_figure(fig: Figure, fmt: str, dpi: int | None = None) -> bytes:
    """Encode a snapshot figure (PNG at the figure's resolution unless ``dpi`` is given)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    meta = _meta(fig)
    buf = io.BytesIO()
    with mpl.rc_context(RC):
        if fmt == "png":
            if dpi is not None and dpi != fig.dpi:
                fig.set_dpi(dpi)
            fig.canvas.draw()
            rgba = np.asarray(fig.canvas.buffer_rgba())  # type: ignore[attr-defined]
            text = {
                "Title": meta.get("title", ""),
                "Description": meta.get("description", ""),
                "Author": meta.get("author", ""),
            }
            return encode_png(rgba, fig.dpi, text)
        metadata: dict[str, Any]
        if fmt == "pdf":
            install_pdf_subsets()
            metadata = {
                "Title": meta.get("title"),
                "Author": meta.get("author"),
                "Subject": meta.get("description"),
                "Keywords": meta.get("keywords"),
                "Creator": CREATOR,
                "CreationDate": datetime.now(UTC),
            }
        else:
            metadata = {"Date": None, "Title": meta.get("title"), "Description": meta.get("description")}
        fig.savefig(buf, format=fmt, dpi=dpi or fig.dpi, facecolor=fig.get_facecolor(), metadata=metadata)
    data = buf.getvalue()
    return _svg_with_title(data, meta) if fmt == "svg" else data
