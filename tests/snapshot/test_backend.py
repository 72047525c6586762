"""The text adapter: the same pixels as matplotlib's own Agg renderer, from cached layouts."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from render.snapshot import backend as agg
from render.snapshot.encode import save_figure


def _draw(canvas_class: type) -> np.ndarray:
    fig = Figure(figsize=(3, 2), dpi=150, facecolor="white")
    canvas_class(fig)
    fig.text(0.05, 0.8, "Meghri · Ağrı · Qeshm", fontsize=9, family="DejaVu Sans")
    fig.text(0.1, 0.5, "Strait of Hormuz", fontsize=7, style="italic", rotation=28)
    fig.text(0.5, 0.2, "TRIPP\nsection", fontsize=11, weight="bold", ha="center")
    fig.text(
        0.6,
        0.6,
        "Araks",
        fontsize=8,
        rotation=-71.5,
        path_effects=[patheffects.withStroke(linewidth=2, foreground="white")],
    )
    fig.text(0.7, 0.85, r"$21\ \mathrm{nmi}$", fontsize=8)  # mathtext: matplotlib's own path
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()


def test_the_pinned_series_is_installed():
    """The adapter touches private matplotlib APIs: a new series must be checked before use."""
    assert agg.supported(), f"matplotlib {matplotlib.__version__} is not {agg.PINNED_SERIES}x"


@pytest.mark.parametrize("warm", [False, True])
def test_text_draws_pixel_for_pixel_as_matplotlib(warm):
    if not warm:
        agg.clear_caches()
    theirs = _draw(FigureCanvasAgg)
    ours = _draw(agg.TextCanvas)
    assert theirs.shape == ours.shape
    assert (theirs[..., :3] < 128).any()  # text was drawn at all
    assert np.array_equal(theirs, ours)


def test_measurements_are_matplotlibs_and_are_reused(monkeypatch):
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    agg.clear_caches()
    prop = FontProperties(family="DejaVu Sans", size=8.5, weight="bold")
    expected = RendererAgg(10, 10, 300).get_text_width_height_descent("Nakhchivan", prop, ismath=False)
    renderer = agg.measuring_renderer(300)
    assert renderer.get_text_width_height_descent("Nakhchivan", prop, ismath=False) == expected
    calls = []
    monkeypatch.setattr(
        RendererAgg,
        "get_text_width_height_descent",
        lambda self, *a: calls.append(a) or (0.0, 0.0, 0.0),
    )
    assert renderer.get_text_width_height_descent("Nakhchivan", prop, ismath=False) == expected
    assert calls == []  # served from the cache
    other = FontProperties(family="DejaVu Sans", size=9, weight="bold")
    assert renderer.get_text_width_height_descent("Nakhchivan", other, ismath=False) == (0.0, 0.0, 0.0)
    assert len(calls) == 1  # another size is measured again


def test_glyph_runs_hold_no_font_objects_and_serve_every_thread():
    """matplotlib gives each thread its own font objects (the app renders each export in its
    script run's thread): a cached run holds glyph indices and offsets only, and another thread
    draws it with its own font, pixel for pixel."""
    import threading

    agg.clear_caches()
    _draw(agg.TextCanvas)
    kept = list(agg._runs.values())
    assert kept and all(isinstance(v, (int, float)) for run in kept for glyph in run for v in glyph)
    result: list[np.ndarray] = []
    worker = threading.Thread(target=lambda: result.append(_draw(agg.TextCanvas)))
    worker.start()
    worker.join()
    assert len(agg._runs) == len(kept)  # the other thread used the same runs
    assert np.array_equal(result[0], _draw(FigureCanvasAgg))


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
def test_a_run_through_a_fallback_font_is_not_kept():
    """A glyph the font lacks comes from a fallback font object: such a run is shaped afresh."""
    agg.clear_caches()
    fig = Figure(figsize=(2, 1), dpi=100)
    agg.TextCanvas(fig)
    fig.text(0.1, 0.5, "Hormuz \u6d77\u5ce1", family="DejaVu Sans")  # CJK: not in DejaVu Sans
    fig.canvas.draw()
    assert not any(glyphs for glyphs in agg._runs.values() if len(glyphs) == 9)


def _embedded_fonts(pdf: bytes) -> list[dict]:
    """Each embedded TrueType font's tables (raw bytes; ``head`` left out: it holds a time)."""
    import io
    import re
    import zlib

    from fontTools.ttLib import TTFont

    fonts = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            body = zlib.decompress(match.group(1))
        except zlib.error:
            continue
        if body[:4] == b"\x00\x01\x00\x00":
            font = TTFont(io.BytesIO(body))
            fonts.append({tag: font.reader[tag] for tag in font.reader.tables if tag != "head"})
    return fonts


def _pdf() -> bytes:
    import io

    fig = Figure(figsize=(3, 2))
    fig.text(0.1, 0.5, "Qeshm · Ağrı · Nakhchivan", fontsize=9, family="DejaVu Sans")
    fig.text(0.1, 0.2, "Strait of Hormuz", fontsize=8, weight="bold", family="DejaVu Sans")
    out = io.BytesIO()
    with matplotlib.rc_context({"pdf.fonttype": 42}):  # embedded TrueType, as the print pages
        fig.savefig(out, format="pdf")
    return out.getvalue()


def test_pdf_font_subsets_are_made_once_and_equal_matplotlibs(monkeypatch):
    from matplotlib.backends import _backend_pdf_ps

    save_figure(Figure(figsize=(1, 1)), "pdf")  # a PDF export installs the cache
    assert agg.install_pdf_subsets()  # again: it keeps matplotlib's own, not itself, as the original
    assert _backend_pdf_ps.get_glyphs_subset is agg._cached_subset
    assert agg._original_subset is not agg._cached_subset
    monkeypatch.setattr(_backend_pdf_ps, "get_glyphs_subset", agg._original_subset)
    theirs = _embedded_fonts(_pdf())
    agg._subset_bytes.cache_clear()
    calls, original = [], agg._original_subset

    def counting(fontfile, glyphs):
        calls.append(fontfile)
        return original(fontfile, glyphs)

    monkeypatch.setattr(agg, "_original_subset", counting)
    monkeypatch.setattr(_backend_pdf_ps, "get_glyphs_subset", agg._cached_subset)
    first, second = _embedded_fonts(_pdf()), _embedded_fonts(_pdf())
    assert len(theirs) >= 2 and first == theirs and second == theirs
    assert len(calls) == len(theirs)  # one subset per font, made for the first PDF only
