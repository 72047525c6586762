"""From the features a reader found to a clean GeoDataFrame in EPSG:4326.

Each reader (``geojson``, ``ogr``) returns ``Candidate``s: one per feature, with its own
properties and either a geometry or the reason it has none. ``normalize`` applies the
per-feature limits, reprojects, checks coordinates and repairs geometry; a feature that fails
is refused by name and the others are kept. Property values become text here (a feature's own
properties only: a property another feature has is None, never "nan").
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from layers.upload.geometry import check_vertices, clamp, coordinate_problems, repair, to_wgs84
from layers.upload.limits import Limits, UploadRefused, feature_label, one_line, report

TITLE_KEYS = ("name", "title", "label", "id")
MAX_LISTED_REFUSALS = 20  # refusals kept in full; the rest are counted


@dataclass
class Candidate:
    """One feature as read: its position in the file, own properties and geometry (or why not)."""

    index: int
    properties: dict[str, Any]
    geometry: shapely.Geometry | None = None
    problem: str | None = None
    crs: CRS | None = None  # None: WGS84 longitude/latitude
    where: str | None = None  # "row 4" for CSV; default "feature N"


@dataclass
class Upload:
    """A readable upload: the features shown and the ones refused (by name, with the reason)."""

    name: str
    fmt: str
    frame: gpd.GeoDataFrame
    refused: list[str] = field(default_factory=list)
    refused_count: int = 0
    notes: list[str] = field(default_factory=list)


def text_value(value: Any) -> str | None:
    """A property value as the text a popup shows; None when absent (None, NaN, empty)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None if math.isnan(value) else str(value)
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, str):
        return value if value != "" else None
    if isinstance(value, int | float | np.integer | np.floating):
        return str(value.item() if isinstance(value, np.generic) else value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return f"({len(bytes(value)):,} bytes of binary data)"
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "), default=str)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    text = str(value)
    return None if text in ("", "NaT", "nan", "<NA>") else text


def title_of(properties: dict[str, str]) -> str | None:
    """The feature's own name, if it has one: the first of name/title/label/id (any case)."""
    lowered = {str(k).lower(): v for k, v in properties.items()}
    for key in TITLE_KEYS:
        value = lowered.get(key)
        if value:
            short = one_line(value, 120)
            if short:
                return short
    return None


def _label(c: Candidate, title: str | None) -> str:
    if c.where:
        return f'{c.where} ("{one_line(title, 40)}")' if title else c.where
    return feature_label(c.index, title)


def _check_properties(props: dict[str, str], limits: Limits) -> str | None:
    if len(props) > limits.max_properties:
        return f"has {len(props):,} properties, over the limit of {limits.max_properties:,} per feature"
    for key, value in props.items():
        if len(key) > limits.max_name_chars:
            return (
                f"a property name is {len(key):,} characters long, over the limit of "
                f"{limits.max_name_chars:,}"
            )
        if len(value) > limits.max_string_chars:
            return (
                f'property "{one_line(key, 40)}" is {len(value):,} characters long, over the limit of '
                f"{limits.max_string_chars:,}"
            )
    return None


def check_property_names(count: int, name: str, limits: Limits) -> None:
    """Refuse a file whose features use too many distinct property names (an N×N table)."""
    if count > limits.max_property_names:
        raise UploadRefused(
            f"{name}: the features use more distinct property names than the limit of "
            f"{limits.max_property_names:,} (features that each have their own names make a table too "
            "wide to show)"
        )


def normalize(candidates: list[Candidate], name: str, fmt: str, limits: Limits) -> Upload:
    """The features that can be drawn, in EPSG:4326, with per-feature refusals for the rest."""
    report("checking features")
    refused: list[tuple[int, str]] = []
    kept: list[tuple[Candidate, dict[str, str], str]] = []
    names: dict[str, None] = {}
    for c in candidates:
        props = {str(k): v for k, v in ((k, text_value(v)) for k, v in c.properties.items()) if v is not None}
        label = _label(c, title_of(props))
        problem: str | None = c.problem or _check_properties(props, limits)
        if problem is None and (c.geometry is None or c.geometry.is_empty):
            problem = "has no geometry"
        if problem:
            refused.append((c.index, f"{name}: {label}: {problem}"))
            continue
        names.update(dict.fromkeys(props))
        kept.append((c, props, label))
    check_property_names(len(names), name, limits)
    geoms = np.array([c.geometry for c, _, _ in kept], dtype=object)
    check_vertices(int(shapely.get_num_coordinates(geoms).sum()) if len(geoms) else 0, name, limits)
    geoms = _reproject(geoms, [c.crs for c, _, _ in kept])
    problems = coordinate_problems(geoms, projected_input=any(c.crs is not None for c, _, _ in kept))
    survivors = []
    for (c, props, label), geom, bad in zip(kept, geoms, problems, strict=True):
        if bad:
            refused.append((c.index, f"{name}: {label}: {bad}"))
        else:
            survivors.append((c, props, label, geom))
    final = _repaired(survivors, name, refused)
    check_vertices(
        int(shapely.get_num_coordinates(np.array([g for *_, g in final], dtype=object)).sum())
        if final
        else 0,
        name,
        limits,
        after_repair=True,
    )
    refused.sort()
    messages = [m for _, m in refused]
    if not final:
        shown = "\n".join(messages[:5]) if messages else f"{name}: the file has no features"
        more = f"\n… and {len(messages) - 5:,} more" if len(messages) > 5 else ""
        raise UploadRefused(f"{name}: no feature can be shown.\n{shown}{more}")
    return Upload(
        name=name,
        fmt=fmt,
        frame=_frame([props for _, props, _, _ in final], [g for *_, g in final], list(names)),
        refused=messages[:MAX_LISTED_REFUSALS],
        refused_count=len(messages),
    )


def _reproject(geoms: np.ndarray, crss: list[CRS | None]) -> np.ndarray:
    out = shapely.force_2d(geoms) if len(geoms) else geoms
    for crs in {id(c): c for c in crss if c is not None}.values():
        where = np.array([c is crs for c in crss])
        out[where] = to_wgs84(geoms[where], crs)
    return out


def _repaired(
    survivors: list[tuple[Candidate, dict[str, str], str, Any]], name: str, refused: list[tuple[int, str]]
) -> list[tuple[Candidate, dict[str, str], str, Any]]:
    if not survivors:
        return []
    geoms = clamp(np.array([g for *_, g in survivors], dtype=object))
    valid = shapely.is_valid(geoms)
    out = []
    for (c, props, label, _), geom, ok in zip(survivors, geoms, valid, strict=True):
        if not ok:
            geom, problem = repair(geom, label)
            if problem:
                refused.append((c.index, f"{name}: {label}: {problem}"))
                continue
        out.append((c, props, label, geom))
    return out


def _frame(rows: list[dict[str, str]], geoms: list[Any], names: list[str]) -> gpd.GeoDataFrame:
    """Columns for every property name (None where a feature lacks it); the geometry column is
    ``geometry`` unless a property has that name."""
    geometry = "geometry"
    while geometry in names:
        geometry = f"_{geometry}"
    # object columns: pandas' string dtype would turn a missing value into NaN
    columns: dict[str, Any] = {n: pd.Series([row.get(n) for row in rows], dtype=object) for n in names}
    columns[geometry] = geoms
    return gpd.GeoDataFrame(columns, geometry=geometry, crs=4326)
