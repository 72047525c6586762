"""What each registered layer draws: selected or derived features, with computed figures.

Computed figures live in ``computed``: a list of ``(label, value)`` pairs measured from the
geometry being drawn, so a popup and a printed legend say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import geopandas as gpd
from shapely.geometry.base import BaseGeometry

from layers import derive
from layers.loading import Atlas
from layers.measure import area_km2, format_km, format_km2, km_to_nmi, length_km
from layers.registry import Layer

TURKIYE, IRAN, OMAN = "Türkiye", "Iran", "Oman"


@dataclass(frozen=True)
class Params:
    """User-adjustable parameters of derived layers."""

    buffer_km: float = derive.DEFAULT_BUFFER_KM


# Lines through a few waypoints cut every bend of the real route, so they measure short.
_SHORT_NOTE = "straight segments between waypoints: the real route is longer"


def _with_measures(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    frame = frame.copy()
    accuracy = frame["geometry_accuracy"] if "geometry_accuracy" in frame else [None] * len(frame)
    frame["computed"] = [_measures(geom, acc) for geom, acc in zip(frame.geometry, accuracy, strict=True)]
    return frame


def _measures(geom: BaseGeometry | None, accuracy: str | None = None) -> list[tuple[str, str]]:
    if geom is None or geom.is_empty:
        return []
    if geom.geom_type in ("LineString", "MultiLineString"):
        value = format_km(length_km(geom))
        if accuracy in ("approximate", "schematic"):
            value = f"{value} ({_SHORT_NOTE})"
        return [("Length as drawn (geodesic)", value)]
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return [("Area (geodesic)", format_km2(area_km2(geom)))]
    return []


def _selected(atlas: Atlas, layer: Layer) -> gpd.GeoDataFrame | None:
    family = atlas.families.get(layer.family)
    if family is None:
        return None
    return family[family["kind"].isin(layer.kinds)]


def _one(rows: gpd.GeoDataFrame, what: str) -> dict[str, Any]:
    if rows.empty:
        raise LookupError(f"no {what} feature to derive from")
    return rows.drop(columns="geometry").iloc[0].to_dict()


def _frame(records: list[dict[str, Any]], geoms: list[BaseGeometry]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(records, geometry=geoms, crs=4326)


def label_text(props: dict[str, Any]) -> str:
    """A feature's map label; disputed places say so on the map itself, not only in popups."""
    name = str(props.get("name", ""))
    return f"{name} (disputed)" if props.get("disputed") is True else name


def turkiye_iran_border(atlas: Atlas) -> BaseGeometry:
    """The Türkiye–Iran boundary, as the shipped basemap draws it."""
    return derive.shared_border(atlas.country(TURKIYE), atlas.country(IRAN))


def _derive(atlas: Atlas, layer: Layer, rows: gpd.GeoDataFrame, params: Params) -> gpd.GeoDataFrame:
    if layer.derive == "buffer_zone":
        props = _one(rows, "reported_zone")
        zone = derive.cached_buffer_zone(turkiye_iran_border(atlas), atlas.country(IRAN), params.buffer_km)
        frame = _with_measures(_frame([props], [zone]))
        frame.at[frame.index[0], "computed"] = [
            ("Depth D (set by the map user; none was published)", f"{params.buffer_km:g} km"),
            *frame.at[frame.index[0], "computed"],
        ]
        return frame
    if layer.derive in ("tss_lanes", "tss_separation"):
        props = _one(rows, "tss_centreline")
        parts = derive.tss_parts(rows.geometry.iloc[0])
        names = (
            {"separation": "Separation zone"}
            if layer.derive == "tss_separation"
            else {"inbound": "Inbound lane (into the Gulf)", "outbound": "Outbound lane (out of the Gulf)"}
        )
        records = [{**props, "id": f"{props['id']}_{part}", "name": label} for part, label in names.items()]
        frame = _frame(records, [parts[part] for part in names])
        frame["computed"] = [
            [
                (
                    "Width (derived)",
                    f"{derive.TSS_SEPARATION_NMI if part == 'separation' else derive.TSS_LANE_NMI:g} nmi",
                )
            ]
            for part in names
        ]
        return frame
    if layer.derive == "narrowest_width":
        strait = _one(rows[rows["kind"] == "strait"], "strait")
        line = derive.narrowest_crossing(atlas.country(IRAN), atlas.country(OMAN), derive.HORMUZ_STRAIT_BOX)
        km = length_km(line)
        props = {
            **strait,
            "id": "hormuz_narrowest_width",
            "name": "Narrowest width (measured)",
            "geometry_accuracy": "derived",
            "label": True,
            "description": (
                "Shortest distance between Iranian and Omani land in the strait (Larak island to "
                "the Quoin islands), measured geodesically on the shipped GSHHG full-resolution "
                "coastline. Coastline generalisation and which islets count can make it differ "
                "slightly from published figures (21 nautical miles)."
            ),
        }
        frame = _frame([props], [line])
        frame["computed"] = [[("Narrowest width (geodesic)", f"{km:.1f} km = {km_to_nmi(km):.1f} nmi")]]
        return frame
    raise ValueError(f"unknown derivation {layer.derive!r}")


def layer_frame(atlas: Atlas, layer: Layer, params: Params = Params()) -> gpd.GeoDataFrame | None:
    """Features the layer draws (None when its family failed to load)."""
    rows = _selected(atlas, layer)
    if rows is None:
        return None
    if layer.derive:
        return _derive(atlas, layer, rows, params)
    return _with_measures(rows)
