"""Geometry to matplotlib paths: projected, clipped and simplified below a device pixel."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import geopandas as gpd
import numpy as np
from matplotlib.path import Path
from pyproj import CRS
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from layers.features import Params, layer_frame
from layers.loading import Atlas
from layers.registry import Layer
from render.snapshot.projection import BBox


def parts(geom: BaseGeometry | None, types: tuple[str, ...]) -> list[BaseGeometry]:
    """The parts of a (multi)geometry or collection that are of the given types."""
    if geom is None or geom.is_empty:
        return []
    if geom.geom_type in types:
        return [geom]
    if hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in parts(g, types)]
    return []


def polygon_path(geom: BaseGeometry) -> Path | None:
    """(Multi)polygon → one compound Path (holes kept), or None if nothing areal."""
    verts, codes = [], []
    for poly in parts(geom, ("Polygon",)):
        for ring in (poly.exterior, *poly.interiors):
            coords = np.asarray(ring.coords)[:, :2]
            if len(coords) < 4:
                continue
            c = np.full(len(coords), Path.LINETO, dtype=Path.code_type)
            c[0], c[-1] = Path.MOVETO, Path.CLOSEPOLY
            verts.append(coords)
            codes.append(c)
    return Path(np.concatenate(verts), np.concatenate(codes)) if verts else None


def line_path(geom: BaseGeometry) -> Path | None:
    """(Multi)linestring → one compound Path of open parts."""
    verts, codes = [], []
    for line in parts(geom, ("LineString",)):
        coords = np.asarray(line.coords)[:, :2]
        if len(coords) < 2:
            continue
        c = np.full(len(coords), Path.LINETO, dtype=Path.code_type)
        c[0] = Path.MOVETO
        verts.append(coords)
        codes.append(c)
    return Path(np.concatenate(verts), np.concatenate(codes)) if verts else None


@dataclass(frozen=True)
class Country:
    """One basemap country, projected: its path, area and a point inside it for a label."""

    name: str
    path: Path
    area: float
    anchor: tuple[float, float]


@lru_cache(maxsize=32)
def projected_basemap(atlas: Atlas, crs_wkt: str, clip: BBox, tolerance: float) -> tuple[Country, ...]:
    """Basemap clipped to the view (with margin), projected and simplified by ``tolerance``
    (projected metres). Cached per view: it is the costliest part of a render."""
    lon0, lat0, lon1, lat1 = clip
    frame = atlas.basemap[atlas.basemap.intersects(box(lon0, lat0, lon1, lat1))]
    clipped = frame.geometry.clip_by_rect(lon0, lat0, lon1, lat1)
    projected = gpd.GeoSeries(clipped.values, crs=4326).to_crs(CRS.from_wkt(crs_wkt)).simplify(tolerance)
    out = []
    for name, geom in zip(frame["name"], projected, strict=True):
        path = polygon_path(geom)
        if path is None:
            continue
        point = geom.representative_point() if geom.area else geom.centroid
        out.append(Country(str(name), path, float(geom.area), (point.x, point.y)))
    return tuple(out)


@lru_cache(maxsize=256)
def projected_layer(atlas: Atlas, layer: Layer, params: Params, crs_wkt: str) -> gpd.GeoDataFrame | None:
    """A layer's features on the chosen date, projected (None or empty: nothing to draw)."""
    frame = layer_frame(atlas, layer, params)
    if frame is None or frame.empty:
        return None
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    return frame.to_crs(CRS.from_wkt(crs_wkt))


@lru_cache(maxsize=64)
def projected_reference(
    atlas: Atlas, name: str, crs_wkt: str, clip: BBox, tolerance: float
) -> tuple[tuple[dict, BaseGeometry], ...]:
    """A reference layer (``atlas.reference[name]``, or ``"countries"``) clipped to the view with
    margin, projected and simplified: ``(properties, geometry)`` pairs, empty ones left out."""
    frame = atlas.basemap if name == "countries" else atlas.reference.get(name)
    if frame is None or frame.empty:
        return ()
    lon0, lat0, lon1, lat1 = clip
    frame = frame[frame.intersects(box(lon0, lat0, lon1, lat1))]
    if frame.empty:
        return ()
    clipped = frame.geometry.clip_by_rect(lon0, lat0, lon1, lat1)
    projected = gpd.GeoSeries(clipped.values, crs=4326).to_crs(CRS.from_wkt(crs_wkt)).simplify(tolerance)
    rows = frame.drop(columns="geometry").to_dict("records")
    return tuple(
        (row, geom)
        for row, geom in zip(rows, projected, strict=True)
        if geom is not None and not geom.is_empty
    )
