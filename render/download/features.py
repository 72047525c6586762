"""The features a map draws on a date, as a download holds them: every attribute, dated items
after the date left out (as the map's popups leave them out), the state on the date and the
computed figures.

One rule for every format: ``visible_features`` reads the same per-layer records both
renderers draw (``layers.features.layer_records``), so a download never disagrees with the map.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from shapely.geometry.base import BaseGeometry

from layers.features import Measure, Params, layer_records
from layers.loading import Atlas
from layers.period import default_as_of
from layers.registry import FAMILY_BY_ID, LAYERS, Layer
from layers.timeline import DateError, parse_date
from render.views import check_layers

# Columns a frame carries for the renderers, not attributes of the feature: the derived
# ``date`` (the latest state's; on a chosen date ``state_date`` says when the shown state began)
# and the index of the state in the history.
_INTERNAL = frozenset({"date", "state_index", "computed"})


@dataclass(frozen=True)
class VisibleFeature:
    """One drawn feature: its layer, properties as of the date, and geometry (WGS84 lon/lat)."""

    layer: Layer
    props: dict[str, Any]
    geometry: BaseGeometry
    computed: tuple[Measure, ...]

    @property
    def id(self) -> str:
        """The feature's id (derived parts carry their own, e.g. ``…_inbound``)."""
        return str(self.props["id"])

    @property
    def family_title(self) -> str:
        """The heading of the feature's family."""
        return FAMILY_BY_ID[self.layer.family].title


@dataclass(frozen=True)
class Selection:
    """What a download holds: the layers (registry order), the parameters with the date
    resolved, the features drawn, and each family's reviewed date."""

    layer_ids: tuple[str, ...]
    params: Params
    features: tuple[VisibleFeature, ...]
    reviewed: dict[str, date]

    @property
    def as_of(self) -> date:
        """The date the features are shown on."""
        assert self.params.as_of is not None
        return self.params.as_of


def started_by(value: Any, day: date) -> bool:
    """Whether a dated item had begun by ``day``; undated or unreadable items always have
    (the browser's rule: it removes an item only when its ``data-from`` is after the date)."""
    if not value:
        return True
    try:
        return parse_date(value).start <= day
    except DateError:
        return True


def _dated(items: Any, day: date, when: Any) -> list[Any]:
    return [i for i in items if isinstance(i, Mapping) and started_by(when(i), day)]


def as_of_props(props: Mapping[str, Any], day: date) -> dict[str, Any]:
    """A record's attributes as a reader sees them on ``day``: missing values and renderer
    columns dropped; history, sources, positions and figures dated after ``day`` left out."""
    out = {k: v for k, v in props.items() if v is not None and k not in _INTERNAL}
    if isinstance(out.get("history"), list):
        out["history"] = _dated(out["history"], day, lambda s: s.get("date"))
    if isinstance(out.get("sources"), list):
        out["sources"] = _dated(out["sources"], day, lambda s: s.get("date"))
    if isinstance(out.get("positions"), list):
        out["positions"] = _dated(out["positions"], day, lambda p: p.get("date"))
    if isinstance(out.get("figures"), list):
        out["figures"] = _dated(out["figures"], day, lambda f: (f.get("source") or {}).get("date"))
    return out


def resolve(atlas: Atlas, params: Params) -> Params:
    """The parameters with the date filled in (None: the latest reviewed date, as the app)."""
    if params.as_of is not None:
        return params
    return Params(buffer_km=params.buffer_km, as_of=default_as_of(atlas))


def visible_features(atlas: Atlas, layer_ids: Iterable[str], params: Params = Params()) -> Selection:
    """Every feature the given layers draw on ``params.as_of`` (ViewError for unknown ids)."""
    wanted = set(check_layers(tuple(layer_ids)))
    params = resolve(atlas, params)
    day = params.as_of
    assert day is not None
    layers = [layer for layer in LAYERS if layer.id in wanted]
    features = []
    for layer in layers:
        for props, geom in layer_records(atlas, layer, params):
            computed = tuple(Measure(*m) for m in props.get("computed") or ())
            features.append(VisibleFeature(layer, as_of_props(props, day), geom, computed))
    families = sorted({layer.family for layer in layers}, key=[f for f in FAMILY_BY_ID].index)
    reviewed = {f: atlas.reviewed[f] for f in families if f in atlas.reviewed}
    return Selection(tuple(layer.id for layer in layers), params, tuple(features), reviewed)
