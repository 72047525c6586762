"""The buffer zone at every depth the app's slider offers, precomputed for the static site.

The app derives the zone on the server whenever the depth changes. A static site has no
server, so each depth is written once as a small file (about 40 KB; the page holds the default
depth inline) that the page fetches when the reader picks it and hands to ``Corridors.layer``
to replace the layer's content, as the app's ``dynamic_groups`` does.
"""

from __future__ import annotations

import json
from typing import Any

from layers.derive import BUFFER_KM_RANGE, DEFAULT_BUFFER_KM
from layers.loading import Atlas
from layers.registry import LAYERS, Layer
from render.interactive.build import layer_info
from render.interactive.data import layer_data
from render.site.folder import SiteFolder

SLIDER_STEP_KM = 5.0  # app.py's depth slider: 5 to 100 km in steps of 5


def depths() -> list[float]:
    """The depths the app's slider allows, km."""
    low, high = BUFFER_KM_RANGE
    count = round((high - low) / SLIDER_STEP_KM) + 1
    values = [low + i * SLIDER_STEP_KM for i in range(count)]
    assert DEFAULT_BUFFER_KM in values
    return values


def depth_path(layer: Layer, km: float) -> str:
    """Where one depth's file sits in the site."""
    return f"data/buffer/{layer.id}-{km:g}km.json"


def parametric_layers() -> list[Layer]:
    """Layers whose geometry follows the depth (the buffer zone)."""
    return [layer for layer in LAYERS if layer.parametric]


def depth_payload(atlas: Atlas, layer: Layer, km: float) -> dict[str, Any]:
    """What the page hands to ``Corridors.layer`` for a depth: the declaration (adopting the
    registered layer) and the data with its popup texts."""
    return {"info": layer_info(layer, adopt=True), "data": layer_data(atlas, layer, km, with_texts=True)}


def write_depths(atlas: Atlas, folder: SiteFolder) -> dict[str, dict[str, str]]:
    """Write every depth of every parametric layer; ``{layer id: {"30": path, …}}``."""
    files: dict[str, dict[str, str]] = {}
    for layer in parametric_layers():
        files[layer.id] = {}
        for km in depths():
            rel = depth_path(layer, km)
            body = json.dumps(depth_payload(atlas, layer, km), ensure_ascii=False, separators=(",", ":"))
            folder.write_text(rel, body)
            files[layer.id][f"{km:g}"] = rel
    return files
