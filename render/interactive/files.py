"""Content-addressed files under static/: written once, named by a digest of their content.

A new data set never meets an old cache, several data folders can be served side by side, and
a reader never sees half a file (each is written to a temporary name, then renamed)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any


def write_json(payload: Any, prefix: str, folder: Path) -> str:
    """Write ``payload`` as ``<prefix>-<digest>.json`` into ``folder`` (if new); returns the name."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return write_file(body, prefix, "json", folder)


def write_file(body: bytes, prefix: str, suffix: str, folder: Path) -> str:
    """Write ``body`` as ``<prefix>-<digest>.<suffix>`` into ``folder`` (if new); returns the name."""
    name = f"{prefix}-{hashlib.sha256(body).hexdigest()[:16]}.{suffix}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if not path.exists():
        tmp = path.with_suffix(f".{id(body)}.tmp")
        tmp.write_bytes(body)
        tmp.replace(path)  # atomic: a reader never sees half a file
    return name
