"""Declared styles in matplotlib units; user text is never parsed as mathtext."""

from __future__ import annotations

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from layers.styles import Style
from render.snapshot.style import PX_TO_PT, RC, line_kwargs, marker_area, symbol_radius


def test_px_become_points():
    style = Style(color="#000000", weight=4, dash=(10, 5))
    kw = line_kwargs(style)
    assert kw["linewidth"] == 4 * PX_TO_PT and kw["linestyle"] == (0, (7.5, 3.75))
    assert line_kwargs(Style(color="#000000"))["linestyle"] == "solid"


def test_marker_size_and_radius_follow_the_declared_radius():
    small, big = (
        Style(color="#000", radius=4, marker="circle"),
        Style(color="#000", radius=8, marker="circle"),
    )
    assert marker_area(big) == 4 * marker_area(small)
    assert symbol_radius(big) > symbol_radius(small)


def _width(text: str, parse_math: bool) -> float:
    with mpl.rc_context({**RC, "text.parse_math": parse_math}):
        fig = Figure()
        FigureCanvasAgg(fig)
        artist = fig.text(0, 0, text)
        fig.canvas.draw()
        return artist.get_window_extent().width


def test_dollar_signs_stay_text():
    assert RC["text.parse_math"] is False
    prices = "Gas at $5 and oil at $80"
    assert _width(prices, False) > _width(prices, True) + 5  # mathtext would drop the spaces
    assert _width("Cost $\\frac$ estimate", False) > 0  # mathtext raises on this
