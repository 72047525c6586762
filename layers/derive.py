"""Geometry that follows from other geometry: the reported buffer zone, the Hormuz lanes,
the strait's narrowest width. Distances are applied in a local UTM projection (metres);
figures are then measured geodesically by ``layers.measure``."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import LineString, MultiLineString, Polygon, box
from shapely.geometry.base import BaseGeometry
from shapely.ops import linemerge, nearest_points

from layers.measure import METRES_PER_NMI

# The Strait of Hormuz proper: between Iran's coast and islands (Larak, Hormuz, eastern
# Qeshm) and Oman's Musandam peninsula and the Quoin islands. The narrowest width is the
# shortest distance between Iranian and Omani land inside this box.
HORMUZ_STRAIT_BOX = (55.9, 25.9, 57.0, 26.95)

# Traffic separation scheme dimensions (IMO scheme as summarised by EIA: lanes 2 nmi wide,
# separated by a 2 nmi buffer).
TSS_SEPARATION_NMI = 2.0
TSS_LANE_NMI = 2.0

# The only depth in any report: Ulusal (25 Feb 2026) attributed "about 30 km" to Bloomberg's
# report; no other account gives one (see the zone's figures in geodata/buffer_zone.geojson).
DEFAULT_BUFFER_KM = 30.0
BUFFER_KM_RANGE = (5.0, 100.0)


def utm_crs(geom: BaseGeometry) -> CRS:
    """The WGS84 UTM zone containing the geometry's centroid (metres)."""
    centroid = geom.centroid
    zone = int((centroid.x + 180) // 6) + 1
    return CRS.from_epsg((32600 if centroid.y >= 0 else 32700) + zone)


def _transformers(crs: CRS) -> tuple[Transformer, Transformer]:
    forward = Transformer.from_crs(4326, crs, always_xy=True)
    back = Transformer.from_crs(crs, 4326, always_xy=True)
    return forward, back


def transform(fn, geom: BaseGeometry) -> BaseGeometry:
    """Apply a pyproj ``Transformer.transform`` to every coordinate (vectorised)."""
    return shapely.transform(geom, lambda xy: np.column_stack(fn(xy[:, 0], xy[:, 1])))


def shared_border(a: BaseGeometry, b: BaseGeometry) -> LineString | MultiLineString:
    """The boundary two neighbouring country polygons share (the basemap is a coverage)."""
    border = shapely.intersection(a.boundary, b.boundary)
    lines = [
        g for g in getattr(border, "geoms", [border]) if g.geom_type in ("LineString", "MultiLineString")
    ]
    if not lines:
        raise ValueError("the two countries share no border in the basemap")
    merged = linemerge(shapely.union_all(lines))
    return merged


BOX_MARGIN_DEG = 1e-7  # about a centimetre: what a pair's overlap box is widened by


def coverage_borders(polygons: list[BaseGeometry]) -> BaseGeometry:
    """Every boundary two polygons of a coverage share (the countries' borders, not the coasts
    and not the edges where an extract was clipped)."""
    if not polygons:
        return MultiLineString()
    # Pairs whose boxes overlap, each once; the shared part of their outlines is their border
    # (empty for neighbours' boxes only). A "touches" predicate would compute a full relate of
    # two detailed coasts per pair first: three times slower for the same result on a coverage.
    # A shared border lies inside both boxes, so each outline is first cut to the overlap of the
    # two boxes (widened by a hair, so a border along a box's edge is kept): the overlay then
    # nodes a few hundred vertices instead of two whole coasts.
    left, right = shapely.STRtree(polygons).query(polygons)
    pair = left < right
    left, right = left[pair], right[pair]
    outlines = np.asarray(shapely.boundary(polygons), dtype=object)
    bounds = shapely.bounds(outlines)
    lo = np.maximum(bounds[left, :2], bounds[right, :2]) - BOX_MARGIN_DEG
    hi = np.minimum(bounds[left, 2:], bounds[right, 2:]) + BOX_MARGIN_DEG
    shared = [
        shapely.intersection(
            shapely.clip_by_rect(outlines[i], x0, y0, x1, y1),
            shapely.clip_by_rect(outlines[j], x0, y0, x1, y1),
        )
        for i, j, (x0, y0), (x1, y1) in zip(left, right, lo, hi, strict=True)
    ]
    lines = [g for g in shared if not g.is_empty]
    return shapely.line_merge(shapely.union_all(lines)) if lines else MultiLineString()


def buffer_zone(border: BaseGeometry, territory: BaseGeometry, distance_km: float) -> BaseGeometry:
    """Part of ``territory`` within ``distance_km`` of ``border`` (both lon/lat)."""
    if not BUFFER_KM_RANGE[0] <= distance_km <= BUFFER_KM_RANGE[1]:
        raise ValueError(f"buffer depth must be within {BUFFER_KM_RANGE} km, got {distance_km}")
    forward, back = _transformers(utm_crs(border))
    border_m = transform(forward.transform, border)
    # Only the part of the territory near the border matters; clipping first keeps it fast.
    reach = border.buffer(distance_km / 50.0).envelope  # degrees, generous at these latitudes
    territory_m = transform(forward.transform, territory.intersection(reach))
    zone_m = territory_m.intersection(border_m.buffer(distance_km * 1000.0, quad_segs=16))
    return shapely.make_valid(transform(back.transform, zone_m))


@lru_cache(maxsize=64)
def _cached_buffer_zone(border_wkb: bytes, territory_wkb: bytes, distance_km: float) -> BaseGeometry:
    return buffer_zone(shapely.from_wkb(border_wkb), shapely.from_wkb(territory_wkb), distance_km)


def cached_buffer_zone(border: BaseGeometry, territory: BaseGeometry, distance_km: float) -> BaseGeometry:
    """``buffer_zone`` memoised per depth: a slider revisits the same values."""
    return _cached_buffer_zone(shapely.to_wkb(border), shapely.to_wkb(territory), float(distance_km))


def tss_parts(centreline: LineString) -> dict[str, Polygon]:
    """Separation zone and lanes around the separation zone's centreline.

    The centreline runs in the inbound direction (into the Persian Gulf); with keep-right
    traffic the inbound lane lies to starboard (right), the outbound lane to port (left).
    """
    forward, back = _transformers(utm_crs(centreline))
    line = transform(forward.transform, centreline)
    half_sep = TSS_SEPARATION_NMI / 2 * METRES_PER_NMI
    outer = half_sep + TSS_LANE_NMI * METRES_PER_NMI
    flat = {"cap_style": "flat", "join_style": "round", "quad_segs": 16}
    separation = line.buffer(half_sep, **flat)
    # shapely: single-sided buffers go left for positive distances, right for negative.
    starboard = line.buffer(-outer, single_sided=True, **flat).difference(separation)
    port = line.buffer(outer, single_sided=True, **flat).difference(separation)
    parts = {"separation": separation, "inbound": starboard, "outbound": port}
    return {name: shapely.make_valid(transform(back.transform, geom)) for name, geom in parts.items()}


def tss_axes(centreline: LineString) -> dict[str, LineString]:
    """The middle line of each lane, drawn in its direction of travel: inbound along the
    centreline (into the Gulf), outbound against it."""
    forward, back = _transformers(utm_crs(centreline))
    line = transform(forward.transform, centreline)
    middle = (TSS_SEPARATION_NMI / 2 + TSS_LANE_NMI / 2) * METRES_PER_NMI
    inbound = line.offset_curve(-middle, join_style="round")  # starboard, as the lane itself
    outbound = line.offset_curve(middle, join_style="round").reverse()
    axes = {"inbound": inbound, "outbound": outbound}
    return {name: transform(back.transform, geom) for name, geom in axes.items()}


def narrowest_crossing(
    land_a: BaseGeometry, land_b: BaseGeometry, window: tuple[float, float, float, float]
) -> LineString:
    """Shortest segment between two countries' land inside ``window`` (lon/lat box)."""
    area = box(*window)
    a, b = land_a.intersection(area), land_b.intersection(area)
    if a.is_empty or b.is_empty:
        raise ValueError("one of the two shores lies outside the measuring window")
    forward, back = _transformers(utm_crs(area))
    pa, pb = nearest_points(transform(forward.transform, a), transform(forward.transform, b))
    return transform(back.transform, LineString([pa, pb]))
