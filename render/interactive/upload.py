"""A user's uploaded features as a server-sent group; every property is escaped text.

Every accepted feature draws and opens its popup, whatever its geometry: each carries both a
point symbol (for its points, also inside multi-parts and collections) and a path style (for
its lines and areas), and its popup lists its own properties only.

``prepare_upload`` reads the file and encodes the browser's data in one go; the app runs it in
the bounded worker (``prepare_upload_bounded``), so the server receives one string per upload
and keeps nothing else of it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from html import escape
from typing import Any

import folium
import geopandas as gpd

from layers.styles import UPLOAD_STYLE
from layers.upload import (
    LIMITS,
    Limits,
    UploadRefused,
    check_size,
    display_name,
    megabytes,
    read_upload,
    run_bounded,
)
from layers.upload.normalize import title_of
from render import memory
from render.assets import localize
from render.interactive.data import leaflet_style
from render.interactive.elements import LayerElement, script_json
from render.popup import upload_popup_html
from render.svg import marker_svg, swatch_svg

UPLOAD_ID = "upload"
_POLYGONAL = ("Polygon", "MultiPolygon")


def _has_polygon(geom: Any) -> bool:
    if geom.geom_type in _POLYGONAL:
        return True
    return geom.geom_type == "GeometryCollection" and any(_has_polygon(g) for g in geom.geoms)


def upload_features(frame: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """The browser's features: one state each, with symbol and style for any geometry."""
    svg, size = marker_svg(UPLOAD_STYLE)
    geometry = frame.geometry.name
    features = []
    for i, (row, geom) in enumerate(
        zip(frame.drop(columns=geometry).to_dict("records"), frame.geometry, strict=True)
    ):
        own = {k: v for k, v in row.items() if isinstance(v, str) and v != ""}
        title = title_of(own) or f"Feature {i + 1}"
        state: dict[str, Any] = {
            "from": None,
            "icon": svg,
            "size": size,
            "style": leaflet_style(UPLOAD_STYLE, _has_polygon(geom)),
            "tip": escape(title),
            "body": "",
            "label": "",
            "keys": [],
        }
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "id": f"upload_{i}",
                    "name": title,
                    "label": False,
                    "rank": None,
                    "states": [state],
                    "head": upload_popup_html(own, title),
                    "tail": "",
                },
                "geometry": geom.__geo_interface__,
            }
        )
    return features


def upload_info(filename: str, data_json: str = "") -> dict[str, Any]:
    """The layer's declaration for the browser (panel and legend title from the file's safe
    name; ``nonce``: a digest of the data, so the map moves to an upload once, when it arrives;
    ``swatch``: its legend key, drawn from UPLOAD_STYLE)."""
    return {
        "id": UPLOAD_ID,
        "upload": True,
        "nonce": hashlib.sha256(f"{filename}\n{data_json}".encode()).hexdigest()[:16],
        "swatch": swatch_svg(UPLOAD_STYLE, "line"),
        "title": f"Your upload: {display_name(filename, 60)}",
        "family": "Your data (unverified)",
        "order": 10_000,
        "labels": False,
        "labelMinZoom": 99,
        "rank": 99,
        "arrows": None,
        "arrowSpacing": 0,
        "adopt": False,
    }


def _group(info: dict[str, Any], data_json: str) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="upload", control=False)
    LayerElement(info, data_json=data_json).add_to(group)
    return localize(group)


def upload_group(frame: gpd.GeoDataFrame, filename: str) -> folium.FeatureGroup:
    """The upload as one layer: a neutral dashed style, popups of each feature's own properties."""
    data_json = script_json({"type": "FeatureCollection", "features": upload_features(frame)})
    return _group(upload_info(filename, data_json), data_json)


@dataclass(frozen=True)
class PreparedUpload:
    """What the server keeps of an accepted upload: the encoded layer and what to tell the user."""

    name: str
    fmt: str
    count: int
    data_json: str
    info: dict[str, Any]
    refused: list[str] = field(default_factory=list)
    refused_count: int = 0
    seconds: float = 0.0  # worker wall time
    peak_mb: float = 0.0  # worker peak resident memory

    @property
    def nbytes(self) -> int:
        """What holding it costs the server, about (the encoded layer dominates)."""
        return len(self.data_json) * 2 + sum(len(m) for m in self.refused)

    def group(self) -> folium.FeatureGroup:
        """The layer for ``show_map`` (cheap: the data is already encoded)."""
        return _group(self.info, self.data_json)


def prepare_upload(raw: bytes, filename: str, limits: Limits = LIMITS) -> PreparedUpload:
    """Read the file and encode its layer; UploadRefused if either is over its limits."""
    upload = read_upload(raw, filename, limits)
    data_json = script_json({"type": "FeatureCollection", "features": upload_features(upload.frame)})
    if len(data_json) > limits.payload_bytes:
        raise UploadRefused(
            f"{upload.name}: the map would need {megabytes(len(data_json))} for this file, over the limit of "
            f"{megabytes(limits.payload_bytes)}"
        )
    return PreparedUpload(
        name=upload.name,
        fmt=upload.fmt,
        count=len(upload.frame),
        data_json=data_json,
        info=upload_info(filename, data_json),
        refused=upload.refused,
        refused_count=upload.refused_count,
    )


def prepare_upload_bounded(raw: bytes, filename: str, limits: Limits = LIMITS) -> PreparedUpload:
    """``prepare_upload`` in the bounded worker (time, memory, priority); UploadRefused on failure."""
    name = display_name(filename)
    check_size(len(raw), name, limits)
    try:
        result = run_bounded(
            "render.interactive.upload:prepare_upload", (raw, filename, limits), name, limits
        )
    finally:
        memory.release()  # the pickled result and the copy of the bytes
    return replace(result.value, seconds=result.seconds, peak_mb=result.peak_mb)
