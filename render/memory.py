"""Give the server's freed memory back to the operating system (glibc only; a no-op elsewhere).

Streamlit runs every session's script in its own thread, and glibc gives each busy thread an
arena of its own; memory freed after a 300-dpi export or an upload stays in those arenas, so
the server's resident size only grows. Fewer arenas (``limit_arenas``, at import) and a trim
after the big, rare jobs (``release``) bring it back near its baseline. Imported by the
export and upload paths, so the settings apply before the first session's thread allocates.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc

_M_ARENA_MAX = -8  # mallopt parameters (malloc.h)
_M_MMAP_THRESHOLD = -3
ARENAS = 2
# Blocks from this size on get their own mapping, returned to the OS when freed. Fixing the
# threshold stops glibc from raising it after the first big free (its default), which would
# put every later multi-MB buffer (a page raster, an upload's layer) on the heap for good.
MMAP_THRESHOLD = 256 * 1024


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


_LIBC = _libc()


def limit_arenas(count: int = ARENAS) -> bool:
    """Cap glibc's malloc arenas for threads started from now on, and map big blocks apart
    (``MMAP_THRESHOLD``); whether it applied."""
    if _LIBC is None:
        return False
    return bool(_LIBC.mallopt(_M_ARENA_MAX, count) and _LIBC.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD))


def settle(*, collect: bool = True) -> None:
    """Mark everything alive now (modules, the loaded atlas) as permanent for the cycle
    collector: ``release``'s full collection after each export then walks only what was made
    since (a few ms instead of ~75 ms with the atlas loaded). Called by the entry points once
    their long-lived data is loaded; garbage made later is still freed. ``collect`` first frees
    the garbage of the start-up (a short-lived command can skip it). The collector is on from
    here, also where start-up turned it off (``python -m render``)."""
    if collect:
        gc.collect()
    gc.freeze()
    gc.enable()


def release() -> bool:
    """Collect garbage and return free heap memory to the OS; whether anything was returned."""
    gc.collect()
    return bool(_LIBC is not None and _LIBC.malloc_trim(0))


limit_arenas()
