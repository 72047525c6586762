"""Reading and validating GeoJSON: shipped layer families, the basemap, and user uploads.

Every problem is reported with the file's name and, where it applies, the feature's id, so
the app can show it and keep drawing everything else.
"""

from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

from layers.registry import FAMILIES
from layers.schema import DERIVED_KINDS, EVENT_KIND, reviewed_date, validate_properties

GEODATA_DIR = Path(__file__).resolve().parent.parent / "geodata"
GEODATA_ENV = "CORRIDORS_GEODATA"  # lets tests and previews point the app at another folder
BASEMAP_FILE = "basemap_countries.geojson"
# Reference geography beside the basemap (built by scripts/refgeo, `make basemap`): coarse
# countries for insets, named lakes, rivers, populated places and sea/region labels.
REFERENCE_LAYERS = ("context", "lakes", "rivers", "places", "labels")
MAX_LAYER_BYTES = 5 * 1024 * 1024
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UPLOAD_FEATURES = 5000
_WGS84_NAMES = {"EPSG:4326", "OGC:CRS84", "URN:OGC:DEF:CRS:OGC:1.3:CRS84", "URN:OGC:DEF:CRS:EPSG::4326"}


class GeoJSONError(ValueError):
    """A GeoJSON file that cannot be used; the message names the file and the problem."""


@dataclass(eq=False)  # identity-hashed: derived results are memoised per loaded atlas
class Atlas:
    """Everything loaded from ``geodata/``: basemap, one frame per family, and problems."""

    basemap: gpd.GeoDataFrame
    families: dict[str, gpd.GeoDataFrame]
    problems: dict[str, list[str]] = field(default_factory=dict)
    reviewed: dict[str, date] = field(default_factory=dict)  # family id → reviewed date
    reference: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)  # REFERENCE_LAYERS by name

    def country(self, name: str) -> shapely.Geometry:
        """One country's polygon from the basemap, by its display name."""
        rows = self.basemap[self.basemap["name"] == name]
        if rows.empty:
            raise KeyError(f"{name!r} is not in the basemap")
        return rows.geometry.iloc[0]


def _declared_crs(collection: dict[str, Any], name: str) -> CRS | None:
    """The legacy GeoJSON 2008 ``crs`` member, if any (RFC 7946 files have none)."""
    member = collection.get("crs")
    if member is None:
        return None
    try:
        crs_name = str(member["properties"]["name"])
    except (KeyError, TypeError):
        raise GeoJSONError(f"{name}: the 'crs' member is malformed") from None
    if crs_name.upper() in _WGS84_NAMES:
        return None
    try:
        return CRS.from_user_input(crs_name)
    except CRSError:
        raise GeoJSONError(f"{name}: unknown coordinate reference system {crs_name[:80]!r}") from None


def parse_feature_collection(raw: bytes, name: str, max_bytes: int) -> dict[str, Any]:
    """Decode and structurally check a FeatureCollection; raise GeoJSONError naming the problem."""
    if len(raw) > max_bytes:
        raise GeoJSONError(
            f"{name}: file is {len(raw) / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit"
        )
    try:
        collection = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise GeoJSONError(f"{name}: not UTF-8 text (is it a binary file?)") from None
    except json.JSONDecodeError as exc:
        raise GeoJSONError(
            f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise GeoJSONError(f"{name}: not a GeoJSON FeatureCollection")
    features = collection.get("features")
    if not isinstance(features, list):
        raise GeoJSONError(f"{name}: 'features' must be a list")
    for i, feature in enumerate(features):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise GeoJSONError(f"{name}: item {i} of 'features' is not a Feature")
    return collection


def _frame(collection: dict[str, Any], name: str) -> gpd.GeoDataFrame:
    """Features → GeoDataFrame in EPSG:4326, reprojecting a declared legacy CRS."""
    crs = _declared_crs(collection, name)
    try:
        frame = gpd.GeoDataFrame.from_features(collection["features"], crs=crs or 4326)
    except Exception as exc:  # shapely/geopandas raise several types for bad geometry
        raise GeoJSONError(f"{name}: unreadable geometry ({type(exc).__name__}: {exc})"[:300]) from None
    if "geometry" not in frame:
        frame = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([None] * len(frame)), crs=crs or 4326)
    if crs is not None:
        frame = frame.to_crs(4326)
    geoms = frame.geometry[frame.geometry.notna() & ~frame.geometry.is_empty]
    if len(geoms):
        minx, miny, maxx, maxy = geoms.total_bounds
        if not all(math.isfinite(v) for v in (minx, miny, maxx, maxy)):
            raise GeoJSONError(f"{name}: coordinates are not finite numbers")
        if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
            raise GeoJSONError(
                f"{name}: coordinates reach ({maxx:,.0f}, {maxy:,.0f}), outside longitude/latitude; "
                "the file looks projected: export it as WGS84 (EPSG:4326) or declare its 'crs'"
            )
    return frame


def _repair(frame: gpd.GeoDataFrame, name: str, problems: list[str]) -> gpd.GeoDataFrame:
    present = frame.geometry.notna()
    invalid = present & ~frame.geometry.is_valid
    for idx in frame.index[invalid]:
        problems.append(
            f"{name}: feature {frame.at[idx, 'id'] if 'id' in frame else idx} had invalid geometry, repaired"
        )
    if invalid.any():
        frame.loc[invalid, "geometry"] = shapely.make_valid(frame.geometry[invalid].values)
    return frame


def load_family(path: Path) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Load one family file; invalid features are dropped and listed, a broken file raises."""
    name, family = path.name, path.stem
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GeoJSONError(f"{name}: cannot be read ({exc.strerror})") from None
    collection = parse_feature_collection(raw, name, MAX_LAYER_BYTES)
    try:
        reviewed = reviewed_date(collection, name)
    except ValueError as exc:
        raise GeoJSONError(str(exc)) from None
    problems: list[str] = []
    keep = []
    seen: set[str] = set()
    for feature in collection["features"]:
        props = feature.get("properties")
        errors = validate_properties(props, family, reviewed)
        if not errors and props["id"] in seen:
            errors = [f"{props['id']}: duplicate id"]
        if not errors and feature.get("geometry") is None and props["kind"] not in DERIVED_KINDS:
            errors = [f"{props['id']}: geometry is missing"]
        if errors:
            problems += [f"{name}: {e}" for e in errors]
            continue
        seen.add(props["id"])
        keep.append({**feature, "properties": _current(props)})
    frame = _frame({**collection, "features": keep}, name)
    frame.attrs["reviewed"] = reviewed
    return _repair(frame, name, problems), problems


def _current(props: dict[str, Any]) -> dict[str, Any]:
    """Properties with the current status, confidence and date filled in from the history
    (the latest state), so that code asking for "now" needs no history of its own."""
    if props["kind"] == EVENT_KIND:
        return {**props, "status": None, "date": props["start"]}
    latest = props["history"][-1]
    return {**props, "status": latest["status"], "confidence": latest["confidence"], "date": latest["date"]}


def geodata_dir() -> Path:
    """The folder layers are read from: ``$CORRIDORS_GEODATA`` or the shipped ``geodata/``."""
    return Path(os.environ.get(GEODATA_ENV) or GEODATA_DIR)


def load_basemap(geodata_dir: Path = GEODATA_DIR) -> gpd.GeoDataFrame:
    """The shipped countries: GSHHG coast, Natural Earth borders (see scripts/refgeo/countries.py)."""
    path = geodata_dir / BASEMAP_FILE
    return _frame(parse_feature_collection(path.read_bytes(), path.name, 20 * 1024 * 1024), path.name)


def reference_path(layer: str, geodata_dir: Path = GEODATA_DIR) -> Path:
    """The file of a reference layer (one of ``REFERENCE_LAYERS``, or ``"countries"``)."""
    if layer == "countries":
        return geodata_dir / BASEMAP_FILE
    if layer not in REFERENCE_LAYERS:
        raise KeyError(f"unknown reference layer {layer!r}; choose one of {', '.join(REFERENCE_LAYERS)}")
    return geodata_dir / f"reference_{layer}.geojson"


def load_reference(layer: str, geodata_dir: Path = GEODATA_DIR) -> gpd.GeoDataFrame:
    """A reference layer as a frame in EPSG:4326 (list properties such as ``other_names`` kept)."""
    path = reference_path(layer, geodata_dir)
    return _frame(parse_feature_collection(path.read_bytes(), path.name, MAX_LAYER_BYTES), path.name)


def load_atlas(geodata_dir: Path = GEODATA_DIR) -> Atlas:
    """Load the basemap and every registered family; a broken family is reported, not fatal."""
    families: dict[str, gpd.GeoDataFrame] = {}
    problems: dict[str, list[str]] = {}
    reviewed: dict[str, date] = {}
    for family in FAMILIES:
        path = geodata_dir / f"{family.id}.geojson"
        try:
            frame, issues = load_family(path)
        except GeoJSONError as exc:
            problems[path.name] = [str(exc)]
            continue
        families[family.id] = frame
        reviewed[family.id] = frame.attrs["reviewed"]
        if issues:
            problems[path.name] = issues
    reference: dict[str, gpd.GeoDataFrame] = {}
    for name in REFERENCE_LAYERS:  # the map still draws without any of them
        try:
            reference[name] = load_reference(name, geodata_dir)
        except (GeoJSONError, OSError) as exc:
            problems[reference_path(name, geodata_dir).name] = [str(exc)]
    return Atlas(
        basemap=load_basemap(geodata_dir),
        families=families,
        problems=problems,
        reviewed=reviewed,
        reference=reference,
    )


_SAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")


def load_upload(raw: bytes, filename: str) -> gpd.GeoDataFrame:
    """A user's own GeoJSON: size-capped, CRS-normalised, every property kept as plain text."""
    name = _SAFE_NAME.sub("_", filename)[:80] or "upload"
    collection = parse_feature_collection(raw, name, MAX_UPLOAD_BYTES)
    if not collection["features"]:
        raise GeoJSONError(f"{name}: the FeatureCollection has no features")
    if len(collection["features"]) > MAX_UPLOAD_FEATURES:
        raise GeoJSONError(
            f"{name}: {len(collection['features']):,} features, over the {MAX_UPLOAD_FEATURES:,} limit"
        )
    frame = _frame(collection, name)
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    if frame.empty:
        raise GeoJSONError(f"{name}: no feature has a geometry")
    frame = _repair(frame, name, [])
    # Property values become strings here so that nothing downstream can mistake them for markup.
    for column in frame.columns.drop("geometry"):
        frame[column] = frame[column].map(lambda v: "" if v is None else str(v)[:500])
    return frame
