"""A download as an RFC 7946 GeoJSON FeatureCollection: WGS84 lon/lat, no ``crs`` member,
polygons wound counter-clockwise, every attribute of each feature and a ``metadata`` member
(date, reviewed dates, generator, licence and attribution)."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from render.download.features import Selection, VisibleFeature
from render.download.meta import metadata

# 6 decimals of a degree: about 0.1 m, finer than any geometry here is known (RFC 7946 §11.2).
COORD_DECIMALS = 6


def rfc7946_geometry(geom: BaseGeometry) -> dict[str, Any]:
    """Geometry as RFC 7946 wants it: exteriors counter-clockwise, holes clockwise, rounded."""
    geom = shapely.orient_polygons(geom, exterior_cw=False)
    geom = shapely.transform(geom, lambda xy: np.round(xy, COORD_DECIMALS))
    return geom.__geo_interface__


def _plain(value: Any) -> Any:
    """JSON for what a frame may hold besides JSON's own types (numpy scalars, tuples)."""
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def feature_json(feature: VisibleFeature) -> dict[str, Any]:
    """One Feature: the record's attributes, its layer and family, and the computed figures."""
    props = {
        "id": feature.id,
        "layer": feature.layer.id,
        "layer_title": feature.layer.title,
        "family": feature.layer.family,
        "family_title": feature.family_title,
        **{k: v for k, v in feature.props.items() if k != "id"},
        "computed": [m._asdict() for m in feature.computed],
    }
    return {
        "type": "Feature",
        "id": feature.id,
        "properties": props,
        "geometry": rfc7946_geometry(feature.geometry),
    }


def geojson_dict(selection: Selection) -> dict[str, Any]:
    """The FeatureCollection (a ``metadata`` foreign member; RFC 7946 §6.1)."""
    features = [feature_json(f) for f in selection.features]
    return {"type": "FeatureCollection", "metadata": metadata(selection), "features": features}


def geojson_bytes(selection: Selection) -> bytes:
    """UTF-8 GeoJSON text (RFC 7946 §11: UTF-8, no byte-order mark)."""
    text = json.dumps(geojson_dict(selection), ensure_ascii=False, default=_plain, indent=1)
    return (text + "\n").encode("utf-8")
