"""Memory the server spends on uploads it holds: bounded per session (one upload, replaced by
the next) and in total, and given back when a session ends.

A holder (the session's upload) is registered with its size; when it is garbage-collected
(the session ended, or the user removed or replaced the file) its bytes are released.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

from layers.upload.limits import MB, UploadRefused, megabytes

TOTAL_BYTES = 400 * MB  # all sessions' uploads together


class Budget:
    """Bytes held by live uploads, server-wide."""

    def __init__(self, total: int = TOTAL_BYTES) -> None:
        self.total = total
        self._used = 0
        self._lock = threading.Lock()

    @property
    def used(self) -> int:
        """Bytes held now."""
        with self._lock:
            return self._used

    def hold(self, holder: Any, nbytes: int, name: str) -> None:
        """Count ``holder`` against the budget until it is garbage-collected; UploadRefused if the
        server already holds too much."""
        with self._lock:
            if self._used + nbytes > self.total:
                raise UploadRefused(
                    f"{name}: the server holds {megabytes(self._used)} of uploads from all readers, "
                    f"and this one would take it over the limit of {megabytes(self.total)}; try again later"
                )
            self._used += nbytes
        weakref.finalize(holder, self._release, nbytes)

    def _release(self, nbytes: int) -> None:
        with self._lock:
            self._used -= nbytes


BUDGET = Budget()
