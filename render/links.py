"""Share links: the map's state as URL parameters, and back.

One vocabulary for the app's query string and the static site's hash:
``story`` (a preset view id), ``c`` (centre ``lat,lon``), ``z`` (zoom), ``layers`` (comma-separated
layer ids, or ``none``), ``date`` (YYYY-MM-DD) and ``depth`` (buffer-zone depth, km). Parsing
never raises: a parameter that is unknown or malformed is dropped and named in a short notice,
and the rest of the link still applies.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from layers.derive import BUFFER_KM_RANGE
from layers.loading import Atlas
from layers.period import AsOfError, check_as_of
from layers.registry import LAYER_BY_ID
from render.views import VIEWS

PARAMS = ("story", "c", "z", "layers", "date", "depth")
NO_LAYERS = "none"
ZOOM_RANGE = (2.0, 18.0)
MAX_VALUE_CHARS = 2000  # longer values are not read at all
DEPTH_STEP_KM = 5.0  # the app's slider step; a link's depth is rounded to it


@dataclass(frozen=True)
class LinkState:
    """What a link asks for; None where it asks nothing (the app's defaults hold)."""

    story: str | None = None
    center: tuple[float, float] | None = None
    zoom: float | None = None
    layers: tuple[str, ...] | None = None
    as_of: date | None = None
    depth_km: float | None = None
    notices: tuple[str, ...] = field(default=(), compare=False)

    @property
    def view(self) -> dict[str, object] | None:
        """The view to restore, as Corridors.apply takes it: centre and zoom, else the story's extent."""
        if self.center is not None and self.zoom is not None:
            return {"center": list(self.center), "zoom": self.zoom}
        if self.story is not None:
            lon0, lat0, lon1, lat1 = VIEWS[self.story].bbox
            return {"bounds": [[lat0, lon0], [lat1, lon1]]}
        return None


def _one(value: str | Sequence[str]) -> str:
    """A parameter given several times counts once (the last, as browsers do)."""
    if isinstance(value, str):
        return value
    return str(value[-1]) if value else ""


def _number(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def parse_link(atlas: Atlas, params: Mapping[str, str | Sequence[str]]) -> LinkState:
    """The state a link asks for; every problem becomes a notice, never an exception."""
    notices: list[str] = []
    values: dict[str, str] = {}
    for key, raw in params.items():
        if key not in PARAMS:
            notices.append(f"unknown link parameter {key[:40]!r} ignored")
            continue
        value = _one(raw).strip()
        if len(value) > MAX_VALUE_CHARS:
            notices.append(f"link parameter {key!r} is too long; ignored")
            continue
        if value:
            values[key] = value

    story = values.get("story")
    if story is not None and story not in VIEWS:
        notices.append(f"unknown story {story[:40]!r} ignored; stories: {', '.join(VIEWS)}")
        story = None

    center: tuple[float, float] | None = None
    if "c" in values:
        try:
            lat, lon = (_number(p) for p in values["c"].split(","))
            if not (-85 <= lat <= 85 and -180 <= lon <= 180):
                raise ValueError
            center = (lat, lon)
        except ValueError:
            notices.append("map centre 'c' must be latitude,longitude in degrees; ignored")
    zoom: float | None = None
    if "z" in values:
        try:
            zoom = _number(values["z"])
            if not ZOOM_RANGE[0] <= zoom <= ZOOM_RANGE[1]:
                raise ValueError
        except ValueError:
            notices.append(f"zoom 'z' must be a number from {ZOOM_RANGE[0]:g} to {ZOOM_RANGE[1]:g}; ignored")
            zoom = None
    if (center is None) != (zoom is None):
        notices.append("a map view needs both 'c' and 'z'; the view part of the link is ignored")
        center, zoom = None, None

    layers: tuple[str, ...] | None = None
    if "layers" in values:
        ids = [i.strip() for i in values["layers"].split(",") if i.strip()]
        if ids == [NO_LAYERS]:
            layers = ()
        else:
            unknown = [i for i in ids if i not in LAYER_BY_ID]
            if unknown:
                shown = ", ".join(repr(i[:40]) for i in unknown[:3]) + (" …" if len(unknown) > 3 else "")
                notices.append(f"unknown layer id(s) {shown} ignored")
            layers = tuple(dict.fromkeys(i for i in ids if i in LAYER_BY_ID))

    as_of: date | None = None
    if "date" in values:
        try:
            as_of = check_as_of(atlas, values["date"])
        except AsOfError as exc:
            notices.append(f"date ignored: {exc}")

    depth: float | None = None
    if "depth" in values:
        low, high = BUFFER_KM_RANGE
        try:
            depth = _number(values["depth"])
            if not low <= depth <= high:
                raise ValueError
            depth = round(depth / DEPTH_STEP_KM) * DEPTH_STEP_KM
        except ValueError:
            notices.append(f"buffer depth must be a number of km from {low:g} to {high:g}; ignored")
            depth = None

    return LinkState(story, center, zoom, layers, as_of, depth, tuple(notices))


def link_params(
    *,
    story: str | None,
    center: tuple[float, float] | None,
    zoom: float | None,
    layers: Sequence[str] | None,
    as_of: date | None,
    depth_km: float | None,
) -> dict[str, str]:
    """The parameters of a link to this state (only what is known), in a stable order."""
    out: dict[str, str] = {}
    if story:
        out["story"] = story
    if center is not None and zoom is not None:
        out["c"] = f"{center[0]:.4f},{center[1]:.4f}"
        out["z"] = f"{zoom:g}"
    if layers is not None:
        ordered = [i for i in LAYER_BY_ID if i in set(layers)]
        out["layers"] = ",".join(ordered) if ordered else NO_LAYERS
    if as_of is not None:
        out["date"] = as_of.isoformat()
    if depth_km is not None:
        out["depth"] = f"{depth_km:g}"
    return out
