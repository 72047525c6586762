"""Shared fixtures of the snapshot tests: one low-dpi render per preset, and helpers."""

from __future__ import annotations

from typing import Any

import pytest
from matplotlib.figure import Figure

from layers.registry import LAYERS
from render.export import ExportRequest
from render.snapshot import render_snapshot
from render.views import VIEWS

LAYER_IDS = {layer.id for layer in LAYERS}


def snap(atlas, **choices: Any) -> Figure:
    """Render through the same request the app and the CLI build."""
    return render_snapshot(atlas, ExportRequest.create(atlas, **{"dpi": 40, **choices}).spec())


@pytest.fixture(scope="session")
def figures(atlas) -> dict[str, Figure]:
    """One low-dpi render per preset (shared: rendering is the slow part)."""
    return {view: snap(atlas, view=view, dpi=60) for view in VIEWS}


def map_axes(fig: Figure):
    return next(ax for ax in fig.axes if ax.get_gid() == "map")


def text_shape(text, renderer):
    """A text's outline on the page as a shapely polygon: its box turned with it (a slanting sea
    name occupies a slanting strip, not the square around it). Texts are set with
    rotation_mode="anchor": the unturned box turns about its alignment point."""
    from shapely.affinity import rotate
    from shapely.geometry import box

    angle = text.get_rotation()
    if angle:
        text.set_rotation(0)
    b = text.get_window_extent(renderer)
    if not angle:
        return box(b.x0, b.y0, b.x1, b.y1)
    text.set_rotation(angle)
    fx = {"left": 0.0, "center": 0.5, "right": 1.0}[text.get_ha()]
    fy = {"bottom": 0.0, "baseline": 0.0, "center": 0.5, "center_baseline": 0.5, "top": 1.0}[text.get_va()]
    origin = (b.x0 + fx * b.width, b.y0 + fy * b.height)
    return rotate(box(b.x0, b.y0, b.x1, b.y1), angle, origin=origin)


def layer_artists(fig: Figure) -> dict[str, list]:
    out: dict[str, list] = {}
    for artist in map_axes(fig).get_children():
        if artist.get_gid() in LAYER_IDS:
            out.setdefault(artist.get_gid(), []).append(artist)
    return out


def by_gid(fig: Figure, gid: str):
    found = fig.findobj(lambda a: a.get_gid() == gid)
    assert found, f"no artist with gid {gid!r}"
    return found[0]
