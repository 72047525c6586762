"""A hostile-but-accepted upload for the load benchmark: just under every limit that matters.

Thousands of features, each with many of 100 property names filled with text that escaping
makes longer (``<&>``), template and markup syntax in names, long lines, and self-intersecting
polygons to repair: every check runs at full cost and the file is still shown.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from layers.upload import LIMITS


def hostile_upload(features: int = 3000, seed: int = 7) -> bytes:
    """GeoJSON bytes under ``LIMITS.max_bytes`` that the app accepts."""
    rng = np.random.default_rng(seed)
    names = [f"field_{i:02d}" for i in range(LIMITS.max_property_names - 1)]
    out: list[dict[str, Any]] = []
    for i in range(features):
        keys = rng.choice(len(names), 20, replace=False)
        props = {names[k]: f"<&> {{# {i}-{k}" for k in keys}
        props["name"] = f"site {i} <b>{{% if %}}</b>"
        x, y = 40 + rng.random() * 10, 30 + rng.random() * 10
        geom = (
            {"type": "Point", "coordinates": [round(x, 4), round(y, 4)]}
            if i % 2
            else {
                "type": "LineString",
                "coordinates": [[round(x + j / 100, 4), round(y + j % 2 / 100, 4)] for j in range(12)],
            }
        )
        out.append({"type": "Feature", "properties": props, "geometry": geom})
    for knot in range(6):
        ring = [[round(45 + float(rng.random()), 4), round(35 + float(rng.random()), 4)] for _ in range(300)]
        out.append(
            {
                "type": "Feature",
                "properties": {"name": f"knot {knot}"},
                "geometry": {"type": "Polygon", "coordinates": [[*ring, ring[0]]]},
            }
        )
    raw = json.dumps({"type": "FeatureCollection", "features": out}, separators=(",", ":")).encode()
    assert len(raw) <= LIMITS.max_bytes, f"{len(raw):,} bytes"
    return raw
