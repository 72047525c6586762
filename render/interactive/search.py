"""The search index: every feature's name and other names, and the reference places, as one
static file the browser fetches once (``static/corridors/search.js`` matches in the browser).

Each entry says what it is (``what``: the layer's title, or the kind of place) and where: a
feature is found by ``layer`` and ``id`` (the browser opens its popup, on the live geometry),
a place by ``at`` (lat, lon) with a zoom, or by ``bounds`` ([[south, west], [north, east]]).
Other names come from the data only (``other_names``: the features' sourced names, GeoNames'
alternate names of places); nothing is added here.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from shapely.geometry.base import BaseGeometry

from layers.derive import DEFAULT_BUFFER_KM
from layers.features import Params, layer_records
from layers.loading import Atlas
from layers.reference import RefLabel, reference_labels
from layers.registry import LAYERS
from render.assets import STATIC_DIR, asset_url
from render.interactive.files import write_json

SEARCH_DIR = STATIC_DIR / "data" / "search"
COORD_DECIMALS = 4
# What a reference name is, in a word, and the zoom a result moves the map to (None: fit the
# shape's bounds).
PLACE_KIND: dict[str, tuple[str, float | None]] = {
    "country": ("Country", None),
    "sea": ("Sea", 6),
    "gulf": ("Gulf", 6),
    "strait": ("Strait", 8),
    "exclave": ("Region", 8),
    "region": ("Region", 8),
    "capital": ("Capital", 9),
    "river": ("River", None),
    "lake": ("Lake", None),
    "city1": ("City", 9),
    "city2": ("City", 10),
    "city3": ("City", 10),
    "city4": ("City", 11),
}
# Which reference frame holds the other names of a label, by the prefix of its key.
_FRAME_OF_KEY = {"area": "labels", "lake": "lakes", "river": "rivers", "place": "places"}


def _round(value: float) -> float:
    return round(float(value), COORD_DECIMALS)


def _bounds(geom: BaseGeometry) -> list[list[float]]:
    west, south, east, north = geom.bounds
    return [[_round(south), _round(west)], [_round(north), _round(east)]]


def _names(value: Any) -> list[str]:
    """Other names as text: the features' ``[{name, used_by}]`` or the places' plain strings."""
    if not isinstance(value, list | tuple):
        return []
    out = []
    for item in value:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip() and name not in out:
            out.append(name.strip())
    return out


def feature_entries(atlas: Atlas) -> list[dict[str, Any]]:
    """One entry per feature of every layer, whatever its date (the browser says when a
    feature is not on the map on the chosen date). Derived features (lanes, the measured width)
    copy their source's attributes, so only their own name is searched."""
    out = []
    for layer in LAYERS:
        records = layer_records(atlas, layer, Params(buffer_km=DEFAULT_BUFFER_KM, as_of=date.max))
        for props, geom in records:
            name = str(props.get("name") or "").strip()
            if not name:
                continue
            point = geom.geom_type == "Point"
            out.append(
                {
                    "name": name,
                    "other": []
                    if layer.derive
                    else [n for n in _names(props.get("other_names")) if n != name],
                    "kind": "feature",
                    "what": layer.title,
                    "layer": layer.id,
                    "id": str(props["id"]),
                    "at": [_round(geom.y), _round(geom.x)] if point else None,
                    "bounds": None if point else _bounds(geom),
                }
            )
    return out


def _other_names(atlas: Atlas) -> dict[str, list[str]]:
    """Other names of reference names by label key ("place:Urmia" → ["Orūmīyeh"])."""
    out: dict[str, list[str]] = {}
    for prefix, frame_name in _FRAME_OF_KEY.items():
        frame = atlas.reference.get(frame_name)
        if frame is None or "other_names" not in frame:
            continue
        for name, others in zip(frame["name"], frame["other_names"], strict=True):
            out[f"{prefix}:{name}"] = _names(others)
    return out


def _what(label: RefLabel, country: str | None) -> str:
    kind = PLACE_KIND.get(label.cls, ("Place", None))[0]
    return f"{kind}, {country}" if country and label.cls.startswith(("city", "capital")) else kind


def place_entries(atlas: Atlas) -> list[dict[str, Any]]:
    """One entry per reference name: countries, seas, gulfs, regions, rivers, lakes, places."""
    others = _other_names(atlas)
    places = atlas.reference.get("places")
    country_of = (
        dict(zip(places["name"], places["country_name"], strict=True))
        if places is not None and "country_name" in places
        else {}
    )
    out = []
    for label in reference_labels(atlas):
        zoom = PLACE_KIND.get(label.cls, ("Place", 8))[1]
        shape = label.shape if zoom is None and label.shape is not None else None
        name = label.key.split(":", 1)[1]
        country = country_of.get(name) if label.key.startswith("place:") else None
        out.append(
            {
                "name": name,
                "other": [n for n in others.get(label.key, []) if n != name],
                "kind": "place",
                "what": _what(label, country if isinstance(country, str) else None),
                "at": [_round(label.anchor.y), _round(label.anchor.x)],
                "zoom": zoom,
                "bounds": _bounds(shape) if shape is not None else None,
            }
        )
    return out


def search_index(atlas: Atlas) -> dict[str, Any]:
    """What the browser searches: features first (the story), then places."""
    return {"entries": feature_entries(atlas) + place_entries(atlas)}


def write_search(atlas: Atlas, folder: Path = SEARCH_DIR) -> str:
    """Write the search file (if new) into ``folder``; returns its name (content-addressed)."""
    return write_json(search_index(atlas), "search", folder)


def search_url(name: str) -> str:
    """URL the app serves a search file at."""
    return asset_url(f"data/search/{name}")
