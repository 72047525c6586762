"""Users' own files: format detection, limits, a bounded reader and normalisation to WGS84.

- ``limits``: the bounds on an upload, refusals, safe file names
- ``detect``: the format from the content (GeoJSON, KML/KMZ, GPX, GeoPackage, zipped Shapefile, CSV)
- ``geojson``: GeoJSON, structurally checked before any geometry is built
- ``ogr``: every other format, through GDAL (pyogrio)
- ``geometry``: CRS, reprojection, coordinate checks, repair
- ``normalize``: features → a clean GeoDataFrame, with per-feature refusals
- ``worker``: the bounded process (time, memory, priority, how many at once)
- ``budget``: uploads held by the server, per session and in total
- ``read``: the entry point
"""

from layers.upload.limits import (
    ACCEPTED_FORMATS,
    LIMITS,
    MAX_UPLOAD_MB,
    MB,
    UPLOAD_SUFFIXES,
    Limits,
    UploadRefused,
    accepted_formats,
    display_name,
    megabytes,
)
from layers.upload.normalize import Upload
from layers.upload.read import check_size, read_upload, read_upload_bounded
from layers.upload.worker import Bounded, run_bounded

__all__ = [
    "ACCEPTED_FORMATS",
    "LIMITS",
    "MAX_UPLOAD_MB",
    "MB",
    "UPLOAD_SUFFIXES",
    "Bounded",
    "Limits",
    "Upload",
    "UploadRefused",
    "accepted_formats",
    "check_size",
    "display_name",
    "megabytes",
    "read_upload",
    "read_upload_bounded",
    "run_bounded",
]
