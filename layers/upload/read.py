"""One entry point for an upload: size check, format detection, the reader, normalisation.

``read_upload`` runs in the calling process (tests, tools); ``read_upload_bounded`` runs it in
a bounded worker (``layers.upload.worker``), as the app does. Either returns an ``Upload`` or
raises ``UploadRefused``: no other exception leaves this module for any input.
"""

from __future__ import annotations

import logging

from layers.upload.detect import sniff
from layers.upload.geojson import read_geojson
from layers.upload.limits import LIMITS, MB, Limits, UploadRefused, display_name, megabytes, report
from layers.upload.normalize import Upload, normalize
from layers.upload.worker import Bounded, run_bounded

LOG = logging.getLogger(__name__)


def check_size(size: int, name: str, limits: Limits = LIMITS) -> None:
    """Refuse a file over the byte limit (before anything reads it)."""
    if size > limits.max_bytes:
        shown = megabytes(size)
        if f"{size / MB:.1f}" == f"{limits.max_bytes / MB:.1f}":  # 5 MB and a few bytes
            shown = f"{size:,} bytes"
            limit = f"{megabytes(limits.max_bytes)} ({limits.max_bytes:,} bytes)"
        else:
            limit = megabytes(limits.max_bytes)
        raise UploadRefused(f"{name}: the file is {shown}, over the limit of {limit}")


def read_upload(raw: bytes, filename: str, limits: Limits = LIMITS) -> Upload:
    """A user's file (any accepted format) as features in EPSG:4326, or a named refusal."""
    name = display_name(filename)
    check_size(len(raw), name, limits)
    report("detecting the format")
    sniffed = sniff(raw, name, limits)
    try:
        if sniffed.kind == "geojson":
            assert sniffed.text is not None
            candidates = read_geojson(sniffed.text, name, limits)
            fmt = "GeoJSON"
        else:
            # GDAL (pyogrio) loads only for a format that needs it: the print CLI and the
            # shipped data, which read GeoJSON through this package, never do.
            from layers.upload.ogr import FORMAT_NAMES, read_ogr

            candidates = read_ogr(raw, sniffed.kind, sniffed.text, name, limits)
            fmt = FORMAT_NAMES[sniffed.kind]
        return normalize(candidates, name, fmt, limits)
    except UploadRefused:
        raise
    except MemoryError:
        raise
    except RecursionError:
        raise UploadRefused(f"{name}: the file is nested too deeply to read") from None
    except Exception:
        LOG.exception("unexpected error reading upload %s", name)
        raise UploadRefused(
            f"{name}: the file could not be read (an unexpected error; details are in the server log)"
        ) from None


def read_upload_bounded(raw: bytes, filename: str, limits: Limits = LIMITS) -> Bounded:
    """``read_upload`` in a bounded worker process; ``.value`` is the Upload."""
    name = display_name(filename)
    check_size(len(raw), name, limits)  # before the bytes are copied to a worker
    return run_bounded("layers.upload.read:read_upload", (raw, filename, limits), name, limits)
