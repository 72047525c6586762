"""Text measured with the real font metrics, and wrapped to a width in points."""

from __future__ import annotations

from functools import lru_cache

from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.font_manager import FontProperties

from layers.styles import LABEL
from render.snapshot.backend import measuring_renderer


def wrap_text(text: str, width_pt: float, size: float, weight: str = "normal", dpi: float = 72) -> str:
    """Greedy word wrap measured with the real font metrics (DejaVu Sans via matplotlib's text
    layout), so wrapped text never runs off the page whatever its characters. Explicit line
    breaks are kept."""
    if "\n" in text:
        return "\n".join(wrap_text(part, width_pt, size, weight, dpi) for part in text.split("\n"))
    words = text.split()
    if not words:
        return ""
    space = text_width("x x", size, weight, dpi) - 2 * text_width("x", size, weight, dpi)
    lines, current, used = [], [words[0]], text_width(words[0], size, weight, dpi)
    for word in words[1:]:
        w = text_width(word, size, weight, dpi)
        if used + space + w > width_pt:
            lines.append(" ".join(current))
            current, used = [word], w
        else:
            current.append(word)
            used += space + w
    lines.append(" ".join(current))
    return "\n".join(lines)


@lru_cache(maxsize=16384)
def text_width(word: str, size: float, weight: str = "normal", dpi: float = 72) -> float:
    """Width of a string in points as Agg lays it out at ``dpi`` (hinting widens small text)."""
    prop = FontProperties(family=LABEL["font_family"], size=size, weight=weight)
    width, _, _ = _measuring_renderer(dpi).get_text_width_height_descent(word, prop, ismath=False)
    return float(width) * 72 / dpi * 1.01


@lru_cache(maxsize=8)
def _measuring_renderer(dpi: float) -> RendererAgg:
    return measuring_renderer(dpi)
