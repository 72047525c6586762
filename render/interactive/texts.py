"""Popup texts served as a static file: the browser fetches them once, when idle or when the
first popup opens, and caches them (they are most of the map's data, and most readers open
only a few popups).

The file name carries a digest of its content, so a new data set never meets an old cache and
several data folders can be served side by side.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from layers.loading import Atlas
from layers.registry import LAYERS
from render.assets import STATIC_DIR, asset_url
from render.interactive.data import layer_texts
from render.interactive.files import write_json

TEXTS_DIR = STATIC_DIR / "data" / "texts"


def all_texts(atlas: Atlas, buffer_km: float) -> dict[str, dict[str, Any]]:
    """Every non-parametric layer's popup texts: ``{layer id: {feature id: texts}}``."""
    return {layer.id: layer_texts(atlas, layer, buffer_km) for layer in LAYERS if not layer.parametric}


def write_texts(atlas: Atlas, buffer_km: float, folder: Path = TEXTS_DIR) -> str:
    """Write the texts file (if new) into ``folder``; returns its name."""
    return write_json(all_texts(atlas, buffer_km), "texts", folder)


def texts_url(name: str) -> str:
    """URL the app serves a texts file at."""
    return asset_url(f"data/texts/{name}")
