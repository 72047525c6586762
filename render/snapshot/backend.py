"""The one module that touches matplotlib's private APIs: faster text on the Agg canvas, and
font subsets for PDF made once per set of glyphs.

Pinned to matplotlib 3.11 (``requirements.txt``; ``PINNED_SERIES`` is checked by the tests).
Matplotlib 3.11 draws text glyph by glyph in Python (``RendererAgg._draw_text_glyphs_and_boxes``)
and shapes every string again on every draw, and measures it again on every layout. A map page
draws about 170 strings of 3,600 glyphs, and measures the same names hundreds of times, so:

- a string's shaped glyph run (``FT2Font._layout``) is kept per font files, size and resolution;
- a string's measured size (``get_text_width_height_descent``) is kept per font files, size and
  resolution;
- the per-glyph loop computes the rotation once per string and sets a font's size only when the
  font changes, instead of once per glyph.

The pixels are the same as matplotlib's own (``tests/snapshot/test_backend.py`` compares them).
Font objects belong to one thread (matplotlib keys them by thread, and the app renders each
export in its script run's own thread), so a cached run holds glyph indices and offsets only,
drawn with the calling thread's own font object; a run that needs a fallback font (a glyph the
font lacks) is shaped afresh each time.

A PDF embeds a subset of each font it uses, made by fontTools from the whole font file every
time (about half of a PDF page's time). ``install_pdf_subsets`` keeps the subset's bytes per
font file and set of glyphs, and hands matplotlib a fresh font object read from them each time.
"""

from __future__ import annotations

import io
import math
import threading
from collections import OrderedDict
from functools import lru_cache
from typing import Any

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.font_manager import fontManager as _fontManager
from matplotlib.font_manager import get_font
from matplotlib.ft2font import RenderMode

PINNED_SERIES = "3.11."
CACHE_SIZE = 8192

Run = list[tuple[Any, Any, float, float]]  # (font object, glyph index, x, y) per glyph
_lock = threading.Lock()
_metrics: OrderedDict[tuple[Any, ...], tuple[float, float, float]] = OrderedDict()
_runs: OrderedDict[tuple[Any, ...], tuple[tuple[int, float, float], ...]] = OrderedDict()


def supported() -> bool:
    """Whether the installed matplotlib is the series this adapter was written against."""
    return matplotlib.__version__.startswith(PINNED_SERIES)


def _remember(cache: OrderedDict[Any, Any], key: tuple[Any, ...], value: Any) -> None:
    with _lock:
        cache[key] = value
        if len(cache) > CACHE_SIZE:
            cache.popitem(last=False)


def clear_caches() -> None:
    """Forget every measured string and glyph run (tests; fonts changed)."""
    with _lock:
        _metrics.clear()
        _runs.clear()


class TextRenderer(RendererAgg):
    """``RendererAgg`` with cached text measurement and shaping, and a leaner glyph loop."""

    def get_text_width_height_descent(self, s: str, prop: Any, ismath: Any) -> tuple[float, float, float]:
        if ismath is not False:
            return super().get_text_width_height_descent(s, prop, ismath)
        files = tuple(_fontManager._find_fonts_by_props(prop))
        key = (s, files, prop.get_size_in_points(), self.dpi, get_hinting_flag(), *_font_rc())
        found = _metrics.get(key)
        if found is None:
            found = super().get_text_width_height_descent(s, prop, ismath)
            _remember(_metrics, key, found)
        return found

    def _glyph_run(self, s: str, prop: Any, mtext: Any) -> Run:
        files = tuple(_fontManager._find_fonts_by_props(prop))
        font = get_font(files)  # this thread's font object (matplotlib keys them by thread)
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        flags = get_hinting_flag()
        size = prop.get_size_in_points()
        key = (files, s, size, self.dpi, flags, _hashable(features), _hashable(language), *_font_rc())
        found = _runs.get(key)
        if found is not None:
            return [(font, glyph, x, y) for glyph, x, y in found]
        font.clear()
        font.set_size(size, self.dpi)
        items = font._layout(s, flags=flags, features=features, language=language)
        run = [(item.ft_object, item.glyph_index, item.x, item.y) for item in items]
        if all(f is font for f, _, _, _ in run):  # a run through a fallback font is not kept
            _remember(_runs, key, tuple((glyph, x, y) for _, glyph, x, y in run))
        return run

    def draw_text(
        self,
        gc: Any,
        x: float,
        y: float,
        s: str,
        prop: Any,
        angle: float,
        ismath: Any = False,
        mtext: Any = None,
    ) -> None:
        if ismath:
            super().draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
            return
        run = self._glyph_run(s, prop, mtext)
        size = prop.get_size_in_points()
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        matrix = (0x10000 * np.array([[cos, -sin], [sin, cos]])).round().astype(int)
        flags = get_hinting_flag()
        antialiased = gc.get_antialiased()
        mode = RenderMode.NORMAL if antialiased else RenderMode.MONO
        height = self.height
        bottom = int(height)
        draw_image = self._renderer.draw_text_image
        sized = None
        for font, glyph, dx, dy in run:  # dy is upwards, as in matplotlib's loop
            if font is not sized:
                font.set_size(size, self.dpi)
                sized = font
            font._set_transform(
                matrix,
                [round(0x40 * (x + dx * cos - dy * sin)), round(0x40 * (height - y + dx * sin + dy * cos))],
            )
            bitmap = font._render_glyph(glyph, flags, mode)
            buffer = bitmap.buffer
            if not antialiased:
                buffer *= 0xFF
            draw_image(buffer, bitmap.left, bottom - bitmap.top + buffer.shape[0], 0, gc)


def _font_rc() -> tuple[Any]:
    """The setting that changes a font object's metrics besides its file and size."""
    return (matplotlib.rcParams["text.kerning_factor"],)


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(value)
    return value


class TextCanvas(FigureCanvasAgg):
    """An Agg canvas drawing with ``TextRenderer`` (matplotlib's own one if the pin is not met)."""

    def get_renderer(self) -> RendererAgg:
        if not supported():
            return super().get_renderer()
        w, h = self.get_width_height(physical=True)
        key = w, h, self.figure.dpi
        if self._lastKey != key:
            self.renderer = TextRenderer(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer


def measuring_renderer(dpi: float) -> RendererAgg:
    """A small renderer for measuring text, with the shared measurement cache."""
    return TextRenderer(10, 10, dpi) if supported() else RendererAgg(10, 10, dpi)


_original_subset: Any = None  # matplotlib's own subsetting, kept when the cache is installed


@lru_cache(maxsize=64)
def _subset_bytes(fontfile: Any, glyphs: frozenset[int]) -> tuple[bytes, tuple[tuple[int, int], ...]]:
    from matplotlib.backends import _backend_pdf_ps

    with _original_subset(fontfile, set(glyphs)) as result:
        data = _backend_pdf_ps.font_as_file(result.font).getvalue()
        return data, tuple(result.glyph_index_map.items())


def _cached_subset(fontfile: Any, glyphs: Any) -> Any:
    """``_backend_pdf_ps.get_glyphs_subset`` from bytes kept per font file and glyph set."""
    from fontTools.ttLib import TTFont
    from matplotlib.backends import _backend_pdf_ps

    data, mapping = _subset_bytes(fontfile, frozenset(int(g) for g in glyphs))
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)  # saved again as first made
    return _backend_pdf_ps.SubsetResults(font, dict(mapping))._as_cm()


def install_pdf_subsets() -> bool:
    """Make PDF (and PostScript) font subsets through the cache; whether it is installed (only
    on the pinned series: elsewhere matplotlib's own subsetting is left alone). Called before
    a PDF is saved, not on import: the subsetting code (fontTools) takes 0.1 s to import, and
    a PNG never needs it."""
    global _original_subset
    if not supported():
        return False
    from matplotlib.backends import _backend_pdf_ps

    with _lock:  # two first PDFs at once: the original is kept once, never the cache itself
        current = _backend_pdf_ps.get_glyphs_subset
        if current is not _cached_subset:
            _original_subset = current
            _backend_pdf_ps.get_glyphs_subset = _cached_subset
    return True
