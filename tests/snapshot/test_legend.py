"""The print legend: the shared sections, swatches drawn exactly as the map draws."""

from __future__ import annotations

import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.patches import PathPatch

from layers.legend import EVENTS_KEY
from layers.registry import LAYER_BY_ID
from render.views import VIEWS


def legend_axes(fig):
    return next(ax for ax in fig.axes if ax.get_gid() == "legend")


def test_legend_rows_are_the_visible_layers_and_the_keys_in_use(figures):
    for view, fig in figures.items():
        layer_keys = [k for k in fig.snapshot.legend_keys if ":" not in k]
        assert set(VIEWS[view].layers) == set(fig.snapshot.layers)
        expected = {
            i for i in fig.snapshot.layers if not LAYER_BY_ID[i].events and not LAYER_BY_ID[i].name_only
        }
        assert set(layer_keys) == expected | (
            {EVENTS_KEY} if len(expected) < len(fig.snapshot.layers) else set()
        )
        texts = " ".join(" ".join(t.get_text().split()) for t in legend_axes(fig).texts)
        for layer_id in expected:
            assert " ".join(LAYER_BY_ID[layer_id].legend.split()) in texts
    assert "status:reported" in figures["border"].snapshot.legend_keys
    assert "confidence:reported" in figures["border"].snapshot.legend_keys


def test_swatches_use_the_layer_style(figures):
    legend = legend_axes(figures["region"])
    for layer_id in figures["region"].snapshot.layers:
        if LAYER_BY_ID[layer_id].name_only:
            continue  # a name on the water has no legend row
        if LAYER_BY_ID[layer_id].events:
            layer_id = EVENTS_KEY
        style = LAYER_BY_ID.get(layer_id, LAYER_BY_ID["hormuz_events"]).style
        swatch = legend.findobj(lambda a, i=layer_id: a.get_gid() == f"legend:{i}")
        assert swatch, layer_id
        artist = swatch[0]
        if isinstance(artist, PathCollection):
            assert np.allclose(artist.get_edgecolor()[0], to_rgba(style.color, style.opacity))
        else:
            assert isinstance(artist, PathPatch)
            assert np.allclose(to_rgba(artist.get_edgecolor()), to_rgba(style.color, style.opacity))
            if style.dash:
                assert artist.get_linestyle() != "solid"


def test_legend_text_stays_inside_its_panel(figures):
    for fig in figures.values():
        renderer = fig.canvas.get_renderer()
        legend = legend_axes(fig)
        frame = legend.get_window_extent(renderer)
        for text in legend.texts:
            bb = text.get_window_extent(renderer)
            assert bb.y0 >= frame.y0 - 2 and bb.x1 <= fig.bbox.x1, text.get_text()
