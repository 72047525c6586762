"""KML, KMZ, GPX, GeoPackage, zipped Shapefile and CSV, read through GDAL (pyogrio).

The bytes are written into a private temporary folder under a name GDAL recognises; GDAL
must then confirm the format (a ``.gpkg`` that GDAL opens as a plain SQLite database is
refused). Layer count, feature count and field count come from GDAL's layer info and are
checked before any feature is read. Shapefiles are reprojected from their ``.prj``; CSV
coordinates (longitude/latitude or WKT columns) are parsed here, row by row, so a bad value
is named.
"""

from __future__ import annotations

import io
import math
import re
import tempfile
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import pyogrio
import pyogrio.raw
import shapely
import shapely.errors
from pyogrio.errors import DataLayerError, DataSourceError, FieldError, GeometryError
from pyproj import CRS
from pyproj.exceptions import CRSError, ProjError

from layers.upload.detect import refuse_format
from layers.upload.geometry import checked_crs
from layers.upload.limits import Limits, UploadRefused, megabytes, one_line, report
from layers.upload.normalize import Candidate, check_property_names, title_of
from layers.upload.xmlscan import refuse_bad_places, scan_gpx, scan_kml

FORMAT_NAMES = {
    "kml": "KML",
    "kmz": "KMZ",
    "gpx": "GPX",
    "gpkg": "GeoPackage",
    "shapezip": "zipped Shapefile",
    "csv": "CSV",
}
DRIVERS = {
    "kml": {"LIBKML", "KML"},
    "kmz": {"LIBKML", "KML"},
    "gpx": {"GPX"},
    "gpkg": {"GPKG"},
    "shapezip": {"ESRI Shapefile"},
    "csv": {"CSV"},
}
_SUFFIX = {"kml": "kml", "kmz": "kml", "gpx": "gpx", "gpkg": "gpkg", "csv": "csv"}
GPX_SKIPPED = {"route_points", "track_points"}  # the vertices of routes and tracks, again
# KML display settings GDAL reports as fields: not the feature's information.
KML_STYLE_FIELDS = {"altitudeMode", "tessellate", "extrude", "visibility", "drawOrder", "icon", "snippet"}
SHAPEFILE_PARTS = ("shp", "shx", "dbf", "prj", "cpg")
LON_NAMES = ("longitude", "lon", "lng", "long", "x")
LAT_NAMES = ("latitude", "lat", "y")
WKT_NAMES = ("wkt", "geometry", "geom", "the_geom", "wkt_geom", "shape")
GDAL_ERRORS = (DataSourceError, DataLayerError, FieldError, GeometryError, RuntimeError, OSError)


def _gdal_message(exc: Exception, folder: Path) -> str:
    """GDAL's message without our temporary paths, on one short line."""
    return one_line(str(exc).replace(str(folder) + "/", "").replace(str(folder), ""), 160)


@contextmanager
def _folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="corridors-upload-") as folder:
        yield Path(folder)


def _extract(raw: bytes, folder: Path, wanted: tuple[str, ...], name: str, limits: Limits) -> list[Path]:
    """Members with the wanted suffixes, under safe names (``part1.shp``...), size-capped while
    reading (an archive's declared sizes may lie)."""
    budget = limits.max_archive_bytes
    written: list[Path] = []
    stems: dict[str, int] = {}
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        for member in archive.infolist():
            path = PurePosixPath(member.filename.replace("\\", "/"))
            suffix = path.suffix.lower().lstrip(".")
            if member.is_dir() or suffix not in wanted or path.name.startswith("._"):
                continue
            stem = str(path.with_suffix("")).lower()
            number = stems.setdefault(stem, len(stems) + 1)
            target = folder / f"part{number}.{suffix}"
            with archive.open(member) as source, target.open("wb") as out:
                while chunk := source.read(1 << 16):
                    budget -= len(chunk)
                    if budget < 0:
                        raise UploadRefused(
                            f"{name}: the ZIP archive expands beyond {megabytes(limits.max_archive_bytes)}"
                        )
                    out.write(chunk)
            written.append(target)
    return written


def _sources(raw: bytes, kind: str, text: str | None, folder: Path, name: str, limits: Limits) -> list[Path]:
    if kind == "shapezip":
        files = _extract(raw, folder, SHAPEFILE_PARTS, name, limits)
        shps = sorted(p for p in files if p.suffix == ".shp")
        for shp in shps:
            missing = [f".{s}" for s in ("shx", "dbf") if not shp.with_suffix(f".{s}").exists()]
            if missing:
                raise UploadRefused(
                    f"{name}: the Shapefile in the archive lacks its {' and '.join(missing)} file"
                )
        return shps
    if kind == "kmz":
        files = sorted(_extract(raw, folder, ("kml",), name, limits))
        return files[:1]  # a KMZ's main document; other .kml members are linked resources
    target = folder / f"upload.{_SUFFIX[kind]}"
    target.write_bytes(text.encode("utf-8") if kind == "csv" and text is not None else raw)
    return [target]


def _layers(paths: list[Path], kind: str, name: str, limits: Limits, folder: Path) -> list[tuple[Path, str]]:
    """(file, layer) pairs to read, after GDAL confirmed the format and the counts."""
    pairs: list[tuple[Path, str]] = []
    features = 0
    fields: set[str] = set()
    for path in paths:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                layers = [str(row[0]) for row in pyogrio.list_layers(path)]
        except GDAL_ERRORS as exc:
            why = _gdal_message(exc, folder)
            raise UploadRefused(
                f"{name}: looks like {FORMAT_NAMES[kind]} but GDAL cannot open it ({why})"
            ) from None
        layers = [layer for layer in layers if not (kind == "gpx" and layer in GPX_SKIPPED)]
        for layer in layers:
            if len(pairs) >= limits.max_layers:
                raise UploadRefused(f"{name}: more than {limits.max_layers} layers, over the limit")
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    info = pyogrio.read_info(path, layer=layer, force_feature_count=True)
            except GDAL_ERRORS as exc:
                raise UploadRefused(
                    f"{name}: GDAL cannot read layer {one_line(layer, 40)!r} ({_gdal_message(exc, folder)})"
                ) from None
            if info["driver"] not in DRIVERS[kind]:
                raise refuse_format(name, f"a file GDAL reads as {info['driver']}")
            if info["features"] <= 0:
                continue
            features += info["features"]
            if features > limits.max_features:
                raise UploadRefused(
                    f"{name}: {features:,} features, over the limit of {limits.max_features:,}"
                )
            fields.update(str(f) for f in info["fields"] if str(f) not in KML_STYLE_FIELDS)
            check_property_names(len(fields), name, limits)
            pairs.append((path, layer))
    if not pairs:
        raise UploadRefused(f"{name}: the {FORMAT_NAMES[kind]} file has no features")
    return pairs


def read_ogr(raw: bytes, kind: str, text: str | None, name: str, limits: Limits) -> list[Candidate]:
    """Every feature of a GDAL-read upload, each with its geometry or the reason it has none."""
    with _folder() as folder:
        paths = _sources(raw, kind, text, folder, name, limits)
        if not paths:
            raise refuse_format(name, "a ZIP archive with no readable layer")
        report(f"opening the {FORMAT_NAMES[kind]} file")
        pairs = _layers(paths, kind, name, limits, folder)
        out: list[Candidate] = []
        for path, layer in pairs:
            report(f"reading layer {one_line(layer, 40)}")
            if kind == "csv":
                out += _csv(path, name, folder, len(out))
            else:
                out += _layer(path, layer, kind, name, folder, len(out), several=len(pairs) > 1)
        if kind in ("kml", "kmz", "gpx"):
            _refuse_unreadable_numbers(out, kind, paths[0], name)
        return out


def _refuse_unreadable_numbers(candidates: list[Candidate], kind: str, path: Path, name: str) -> None:
    text = path.read_bytes()
    bad = scan_gpx(text) if kind == "gpx" else scan_kml(text)
    if not bad:
        return
    titles = [title_of({k: v for k, v in c.properties.items() if isinstance(v, str)}) for c in candidates]
    for index, problem in refuse_bad_places(bad, titles, name).items():
        candidates[index].problem = problem


def _read(path: Path, folder: Path, name: str, **kwargs: Any) -> Any:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # GDAL's per-feature warnings; problems are named below
            return pyogrio.read_dataframe(path, **kwargs)
    except GDAL_ERRORS as exc:
        raise UploadRefused(f"{name}: GDAL cannot read the file ({_gdal_message(exc, folder)})") from None


def _layer(
    path: Path, layer: str, kind: str, name: str, folder: Path, start: int, several: bool
) -> list[Candidate]:
    """One layer's features. Geometry is decoded feature by feature: GDAL hands over what
    shapely refuses to build (a one-point line, an unclosed ring), which costs that feature."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            meta, _, wkbs, values = pyogrio.raw.read(path, layer=layer)
    except GDAL_ERRORS as exc:
        raise UploadRefused(f"{name}: GDAL cannot read the file ({_gdal_message(exc, folder)})") from None
    crs = _layer_crs(meta.get("crs"), name)
    keep = [i for i, field in enumerate(meta["fields"]) if str(field) not in KML_STYLE_FIELDS]
    fields = [str(meta["fields"][i]) for i in keep]
    out = []
    for row, wkb in enumerate(wkbs):
        props: dict[str, Any] = {field: values[i][row] for field, i in zip(fields, keep, strict=True)}
        if several:
            props = {"layer": layer, **props}
        geom, problem = _decode(wkb)
        if kind == "shapezip" and crs is None and geom is not None:
            _check_lon_lat(geom, name)
        out.append(Candidate(start + row, props, geometry=geom, crs=crs, problem=problem))
    return out


_GEOS_REASONS = (
    ("point array must contain 0 or >1", "a line needs at least two positions"),
    ("closed linestring", "a polygon ring is not closed or has fewer than 4 positions"),
)


def _decode(wkb: Any) -> tuple[Any, str | None]:
    if wkb is None:
        return None, "has no geometry"
    try:
        with np.errstate(invalid="ignore"):
            return shapely.from_wkb(wkb), None
    except (shapely.errors.GEOSException, ValueError, TypeError) as exc:
        text = str(exc)
        reason = next((r for key, r in _GEOS_REASONS if key in text), None)
        return None, reason or f"the geometry cannot be built ({one_line(text, 80)})"


def _layer_crs(value: Any, name: str) -> CRS | None:
    if not value:
        return None
    try:
        crs = CRS.from_user_input(value)
    except (CRSError, ProjError, ValueError, TypeError):
        raise UploadRefused(
            f'{name}: unknown coordinate reference system "{one_line(str(value), 80)}"'
        ) from None
    return checked_crs(crs, name)


def _check_lon_lat(geom: Any, name: str) -> None:
    """A Shapefile without ``.prj`` is taken as longitude/latitude only if it looks like it."""
    bounds = np.asarray(geom.bounds)
    if all(math.isfinite(b) for b in bounds) and (
        abs(bounds[[0, 2]]).max() > 180 or abs(bounds[[1, 3]]).max() > 90
    ):
        raise UploadRefused(
            f"{name}: the Shapefile has no .prj file and its coordinates are not longitude/latitude; "
            "include the .prj in the ZIP"
        )


def _column(columns: list[str], names: tuple[str, ...]) -> str | None:
    lowered = {c.lower().strip(): c for c in columns}
    return next((lowered[n] for n in names if n in lowered), None)


_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


def _coordinate(text: Any, what: str) -> float:
    value = str(text).strip() if text is not None else ""
    if not value or value.lower() == "nan":
        raise ValueError(f"has no {what}" if not value else f'{what} "{value}" is not a number')
    if _DECIMAL_COMMA.match(value):
        value = value.replace(",", ".")
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f'{what} "{one_line(value, 20)}" is not a number') from None
    if not math.isfinite(number):
        raise ValueError(f'{what} "{one_line(value, 20)}" is not a finite number')
    return number


def _csv(path: Path, name: str, folder: Path, start: int) -> list[Candidate]:
    frame = _read(path, folder, name, read_geometry=False)
    columns = [str(c) for c in frame.columns]
    lon, lat, wkt = _column(columns, LON_NAMES), _column(columns, LAT_NAMES), _column(columns, WKT_NAMES)
    if not ((lon and lat) or wkt):
        raise UploadRefused(
            f"{name}: the CSV has no longitude/latitude columns (lon, lat, …) and no WKT column; "
            f"its columns are {', '.join(one_line(c, 30) for c in columns[:10])}"
        )
    used = {lon, lat} if lon and lat else {wkt}
    out = []
    for i, row in enumerate(frame.to_dict("records")):
        props = {k: v for k, v in row.items() if k not in used}
        where = f"row {i + 1}"
        try:
            if lon and lat:
                geom = shapely.Point(_coordinate(row[lon], "longitude"), _coordinate(row[lat], "latitude"))
            else:
                geom = _wkt(row[wkt])
        except ValueError as exc:
            out.append(Candidate(start + i, props, problem=str(exc), where=where))
            continue
        out.append(Candidate(start + i, props, geometry=geom, where=where))
    return out


def _wkt(text: Any) -> shapely.Geometry:
    value = str(text).strip() if text is not None else ""
    if not value:
        raise ValueError("has no WKT geometry")
    try:
        return shapely.from_wkt(value)
    except (shapely.errors.GEOSException, ValueError, TypeError):
        raise ValueError(f'the WKT "{one_line(value, 40)}" is not readable') from None
