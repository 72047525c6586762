"""Targets for the bounded worker in tests: misbehaving readers (imported by the worker)."""

from __future__ import annotations

import os
import sys
import time

from layers.upload.limits import report


def spin(seconds: float) -> str:
    """Burn CPU (a reader stuck in C code would look the same)."""
    report("spinning")
    end = time.monotonic() + seconds
    x = 0
    while time.monotonic() < end:
        x += 1
    return "done"


def hog(megabytes: int) -> int:
    """Allocate and touch memory."""
    report("allocating")
    block = bytearray(megabytes * 1024 * 1024)
    return len(block)


def abort() -> None:
    """Die like a C library that hit a failed allocation."""
    report("crashing")
    os.abort()


def fail() -> None:
    """An unexpected Python error."""
    raise KeyError("something nobody foresaw at /srv/app/secret.py")


def echo(value: object) -> object:
    return value


def loaded(module: str) -> bool:
    """Whether ``module`` was imported before the call (by the worker, not by this file)."""
    return module in sys.modules
