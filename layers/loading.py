"""Reading and validating the shipped GeoJSON: layer families and the basemap.

Every problem is reported with the file's name and, where it applies, the feature's id, so
the app can show it and keep drawing everything else: a feature with bad geometry (too few
positions, NaN or out-of-range coordinates, a line that repair would turn into a point, a
geometry its layers cannot draw) costs that feature only, and a broken basemap is reported and
replaced by an empty one. Users' uploads are read by ``layers.upload``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
import shapely.geometry

from layers.registry import FAMILIES, LAYERS
from layers.schema import DERIVED_KINDS, EVENT_KIND, reviewed_date, validate_properties
from layers.upload.geojson import check_geometry, parse
from layers.upload.geometry import coordinate_problems, resolve_crs, to_wgs84
from layers.upload.limits import Limits, UploadRefused

GEODATA_DIR = Path(__file__).resolve().parent.parent / "geodata"
GEODATA_ENV = "CORRIDORS_GEODATA"  # lets tests, previews and the CLI point at another folder
BASEMAP_FILE = "basemap_countries.geojson"
# Reference geography beside the basemap (built by scripts/refgeo, `make basemap`): coarse
# countries for insets, named lakes, rivers, populated places and sea/region labels.
REFERENCE_LAYERS = ("context", "lakes", "rivers", "places", "labels")
MAX_LAYER_BYTES = 5 * 1024 * 1024
WORLD = (-180.0, -85.0, 180.0, 85.0)
MAX_BASEMAP_BYTES = 20 * 1024 * 1024
_SHIPPED = Limits(max_depth=32)  # our own files: only the parser's safety bounds apply
_TYPES = {
    "point": ("Point", "MultiPoint"),
    "line": ("LineString", "MultiLineString"),
    "polygon": ("Polygon", "MultiPolygon"),
}
# (family, kind) → the geometry types every layer drawing that kind can draw
GEOMETRY_TYPES: dict[tuple[str, str], set[str]] = {}
for _layer in LAYERS:
    if _layer.derive or _layer.geometry == "mixed":
        continue
    for _kind in _layer.kinds:
        GEOMETRY_TYPES.setdefault((_layer.family, _kind), set(_TYPES[_layer.geometry]))
        GEOMETRY_TYPES[(_layer.family, _kind)] &= set(_TYPES[_layer.geometry])


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

    @property
    def coverage(self) -> tuple[float, float, float, float]:
        """The extent the detailed basemap covers (lon_min, lat_min, lon_max, lat_max); the
        whole world when the basemap could not be read (then nothing limits the map)."""
        if self.basemap.empty:
            return WORLD
        west, south, east, north = (float(v) for v in self.basemap.total_bounds)
        return (west, south, east, north)

    def country(self, name: str) -> shapely.Geometry:
        """One country's polygon from the basemap, by its display name."""
        rows = self.basemap[self.basemap["name"] == name]
        if rows.empty:
            raise KeyError(f"{name!r} is not in the basemap")
        return rows.geometry.iloc[0]


def parse_feature_collection(raw: bytes, name: str, max_bytes: int) -> dict[str, Any]:
    """Decode and structurally check a FeatureCollection; raise GeoJSONError naming the problem."""
    if len(raw) > max_bytes:
        raise GeoJSONError(
            f"{name}: file is {len(raw) / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GeoJSONError(f"{name}: not UTF-8 text (byte {exc.start:,} is not valid UTF-8)") from None
    try:
        collection = parse(text, name, _SHIPPED)
    except UploadRefused as exc:
        raise GeoJSONError(str(exc)) from None
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise GeoJSONError(f"{name}: not a GeoJSON FeatureCollection")
    features = collection.get("features")
    if not isinstance(features, list):
        raise GeoJSONError(f"{name}: 'features' must be a list")
    for i, feature in enumerate(features):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise GeoJSONError(f"{name}: item {i} of 'features' is not a Feature")
    return collection


def _geometry(feature: dict[str, Any], allowed: set[str] | None) -> tuple[Any, str | None]:
    """A feature's shapely geometry, or why it cannot be drawn (structure and types only; the
    coordinates' values are checked for the whole file at once in ``_frame``)."""
    geometry = feature.get("geometry")
    if geometry is None:
        return None, None
    try:
        check_geometry(geometry)
        with np.errstate(invalid="ignore"):  # NaN is reported below, by feature
            geom = shapely.geometry.shape(geometry)
    except Exception as exc:  # check_geometry's reason, or shapely's for what it let through
        return None, str(exc) or type(exc).__name__
    if geom.is_empty:
        return None, "geometry is empty"
    if allowed and geom.geom_type not in allowed:
        return None, f"geometry is a {geom.geom_type}, but its layer draws {' or '.join(sorted(allowed))}"
    return geom, None


def _frame(
    features: list[dict[str, Any]],
    labels: list[str],
    name: str,
    crs: Any,
    problems: list[str],
    family: str = "",
) -> gpd.GeoDataFrame:
    """Features → GeoDataFrame in EPSG:4326; features whose geometry cannot be drawn are dropped
    and named in ``problems`` (as ``<file>: <id>: <reason>``)."""
    rows: list[dict[str, Any]] = []
    kept: list[str] = []
    geoms: list[Any] = []
    for feature, label in zip(features, labels, strict=True):
        props = feature.get("properties") or {}
        allowed = GEOMETRY_TYPES.get((family, str(props.get("kind")))) if family else None
        geom, problem = _geometry(feature, allowed)
        if problem:
            problems.append(f"{name}: {label}: {problem}")
            continue
        rows.append(props)
        kept.append(label)
        geoms.append(geom)
    array = np.array(geoms, dtype=object)
    usable = np.ones(len(array), dtype=bool)
    present = np.flatnonzero([g is not None for g in geoms])
    if len(present):
        array[present] = to_wgs84(array[present], crs)
        for pos, problem in zip(present, coordinate_problems(array[present], crs is not None), strict=True):
            if problem:
                problems.append(f"{name}: {kept[pos]}: {problem}")
                usable[pos] = False
    for pos in present:
        if usable[pos] and not array[pos].is_valid:
            array[pos] = _repaired(array[pos], f"{name}: {kept[pos]}", problems)
            usable[pos] = array[pos] is not None
    keep = np.flatnonzero(usable)
    return gpd.GeoDataFrame(
        [rows[i] for i in keep], geometry=gpd.GeoSeries(list(array[keep]), crs=4326), crs=4326
    )


def _repaired(geom: Any, where: str, problems: list[str]) -> Any:
    """A repaired polygon, or None: an invalid line or point is dropped, never turned into
    another kind of geometry (a zero-length line is not a point)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        fixed = shapely.make_valid(geom, method="structure", keep_collapsed=False)
        if not fixed.is_empty and fixed.geom_type in ("Polygon", "MultiPolygon"):
            problems.append(f"{where}: had invalid geometry, repaired")
            return fixed
    problems.append(f"{where}: invalid {geom.geom_type} (too few distinct positions?); not shown")
    return None


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
    try:
        crs = resolve_crs(_legacy_crs_name(collection, name), name)
    except UploadRefused as exc:
        raise GeoJSONError(str(exc)) from None
    frame = _frame(keep, [f["properties"]["id"] for f in keep], name, crs, problems, family)
    if frame.empty:
        frame = gpd.GeoDataFrame({"id": [], "kind": []}, geometry=gpd.GeoSeries([], crs=4326), crs=4326)
    frame.attrs["reviewed"] = reviewed
    return frame, problems


def _legacy_crs_name(collection: dict[str, Any], name: str) -> str | None:
    member = collection.get("crs")
    if member is None:
        return None
    try:
        return str(member["properties"]["name"])
    except (KeyError, TypeError):
        raise GeoJSONError(f"{name}: the 'crs' member is malformed") from None


def _current(props: dict[str, Any]) -> dict[str, Any]:
    """Properties with the current status, confidence and date filled in from the history
    (the latest state), so that code asking for "now" needs no history of its own."""
    if props["kind"] == EVENT_KIND:
        return {**props, "status": None, "date": props["start"]}
    latest = props["history"][-1]
    return {**props, "status": latest["status"], "confidence": latest["confidence"], "date": latest["date"]}


def geodata_dir() -> Path:
    """The folder layers are read from: ``$CORRIDORS_GEODATA`` or the shipped ``geodata/``
    (the app and the CLI both read it here)."""
    return Path(os.environ.get(GEODATA_ENV) or GEODATA_DIR)


data_dir = geodata_dir  # the default of load_atlas and load_basemap (their parameter shadows the name)


def load_basemap(geodata_dir: Path | None = None) -> tuple[gpd.GeoDataFrame, list[str]]:
    """The shipped countries (GSHHG coast, Natural Earth borders; see scripts/refgeo/countries.py)
    and their problems; a country with bad geometry is dropped and named. Raises GeoJSONError
    for a broken file."""
    path = (geodata_dir or data_dir()) / BASEMAP_FILE
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GeoJSONError(f"{path.name}: cannot be read ({exc.strerror})") from None
    collection = parse_feature_collection(raw, path.name, MAX_BASEMAP_BYTES)
    features = collection["features"]
    labels = [
        str((f.get("properties") or {}).get("name") or f"feature {i + 1}") for i, f in enumerate(features)
    ]
    problems: list[str] = []
    frame = _frame(features, labels, path.name, None, problems)
    if "name" not in frame:
        frame["name"] = None
    return frame, problems


def empty_basemap() -> gpd.GeoDataFrame:
    """A basemap without countries (the shipped one could not be read)."""
    return gpd.GeoDataFrame({"name": []}, geometry=gpd.GeoSeries([], crs=4326), crs=4326)


def reference_path(layer: str, geodata_dir: Path | None = None) -> Path:
    """The file of a reference layer (one of ``REFERENCE_LAYERS``, or ``"countries"``)."""
    folder = geodata_dir or data_dir()
    if layer == "countries":
        return folder / BASEMAP_FILE
    if layer not in REFERENCE_LAYERS:
        raise KeyError(f"unknown reference layer {layer!r}; choose one of {', '.join(REFERENCE_LAYERS)}")
    return folder / f"reference_{layer}.geojson"


def load_reference(layer: str, geodata_dir: Path | None = None) -> gpd.GeoDataFrame:
    """A reference layer as a frame in EPSG:4326 (list properties such as ``other_names`` kept)."""
    return load_reference_checked(layer, geodata_dir)[0]


def load_reference_checked(layer: str, geodata_dir: Path | None = None) -> tuple[gpd.GeoDataFrame, list[str]]:
    """A reference layer and its problems (a feature that cannot be drawn is dropped and named)."""
    path = reference_path(layer, geodata_dir)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GeoJSONError(f"{path.name}: cannot be read ({exc.strerror})") from None
    features = parse_feature_collection(raw, path.name, MAX_LAYER_BYTES)["features"]
    labels = [
        str((f.get("properties") or {}).get("name") or f"feature {i + 1}") for i, f in enumerate(features)
    ]
    problems: list[str] = []
    return _frame(features, labels, path.name, None, problems), problems


def load_atlas(geodata_dir: Path | None = None) -> Atlas:
    """Load the basemap, every registered family and the reference layers from ``geodata_dir``
    (default: ``data_dir()``, as the app and the CLI read it); a broken family, basemap or
    reference layer is reported, never fatal."""
    geodata_dir = geodata_dir or data_dir()
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
    try:
        basemap, issues = load_basemap(geodata_dir)
    except GeoJSONError as exc:
        basemap, issues = empty_basemap(), [f"{exc} (the map is drawn without countries and derived layers)"]
    if issues:
        problems[BASEMAP_FILE] = issues
    reference: dict[str, gpd.GeoDataFrame] = {}
    for name in REFERENCE_LAYERS:  # the map still draws without any of them
        try:
            reference[name], issues = load_reference_checked(name, geodata_dir)
        except GeoJSONError as exc:
            issues = [str(exc)]
        if issues:
            problems[reference_path(name, geodata_dir).name] = issues
    return Atlas(
        basemap=basemap, families=families, problems=problems, reviewed=reviewed, reference=reference
    )
