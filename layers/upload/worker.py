"""Run a reader in a separate, bounded process, so that a hostile file costs its own session only.

The server starts ``python -m layers.upload.worker`` per upload and sends it the function to
call and its arguments (pickled, on stdin). The worker lowers its priority, limits its address
space (``RLIMIT_AS``: baseline after imports + ``memory_mb``) and its CPU time
(``RLIMIT_CPU``), reports each stage it enters on stderr, and sends back the result, a refusal
or an error (pickled, on stdout). The server also bounds the wall time and the number of
workers running at once. Whatever happens (timeout, memory, crash), the caller gets an
``UploadRefused`` naming the file, the limit and the stage; tracebacks go to the server log.

A fresh interpreter per upload (about 0.6 s of imports) keeps the server's own memory out of
it: nothing a reader allocates stays in the server, and nothing of the server (threads, locks,
sessions) is forked into the reader.
"""

from __future__ import annotations

import importlib
import logging
import os
import pickle
import resource
import signal
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from typing import Any

from layers.upload.limits import LIMITS, Limits, UploadRefused, set_reporter

LOG = logging.getLogger(__name__)
MAX_WORKERS = 2  # readers at once, server-wide (2 cores: the server keeps one)
QUEUE_SECONDS = 30.0  # how long an upload waits for a free reader before it is refused
STAGE = "\x1estage "  # prefix of stage lines on the worker's stderr
NICE = 10  # the reader yields the CPU to the server's own threads
# Readers the upload path imports only when a file needs them (GDAL, through pyogrio): the
# worker loads them before its limits, so their libraries never count against a file's memory.
PRELOAD = ("layers.upload.ogr",)
_slots = threading.BoundedSemaphore(MAX_WORKERS)
# GDAL/PROJ must not reach the network; BLAS needs no thread pool for this work.
WORKER_ENV = {
    "PROJ_NETWORK": "OFF",
    "GDAL_HTTP_TIMEOUT": "1",
    "GDAL_HTTP_MAX_RETRY": "0",
    "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".none",
    "GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR",
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "PYTHONWARNINGS": "ignore",
}


@dataclass(frozen=True)
class Bounded:
    """A worker's result with what it cost: wall seconds, CPU seconds, peak resident MB."""

    value: Any
    seconds: float
    cpu_seconds: float
    peak_mb: float


def run_bounded(target: str, args: tuple[Any, ...], name: str, limits: Limits = LIMITS) -> Bounded:
    """Call ``module:function`` with ``args`` in a bounded worker; UploadRefused on any failure."""
    if not _slots.acquire(timeout=QUEUE_SECONDS):
        raise UploadRefused(f"{name}: the server is busy reading other uploads; try again in a minute")
    try:
        return _run(target, args, name, limits)
    finally:
        _slots.release()


def _run(target: str, args: tuple[Any, ...], name: str, limits: Limits) -> Bounded:
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "layers.upload.worker", str(limits.memory_mb), str(limits.seconds)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, **WORKER_ENV},
    )
    # Wall time: CPU time is bounded in the worker; this catches a worker that waits. It is
    # generous because the worker runs at low priority and may wait for the CPU on a busy server.
    wall = 6 * limits.seconds + 30
    try:
        out, err = proc.communicate(pickle.dumps((target, args)), timeout=wall)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise UploadRefused(
            f"{name}: reading took longer than {wall:g} s and was stopped{_stage(err)}"
        ) from None
    seconds = time.monotonic() - start
    if proc.returncode != 0 or not out:
        raise _crash(proc.returncode, err, name, limits)
    status, value, cpu, peak = pickle.loads(out)
    if status == "ok":
        return Bounded(value, seconds, cpu, peak)
    if status == "refused":
        refusal = UploadRefused(value)
        refusal.cost = Bounded(None, seconds, cpu, peak)
        raise refusal
    if status == "memory":
        raise UploadRefused(
            f"{name}: reading needs more than the {limits.memory_mb:,} MB of memory an upload may use{value}"
        )
    LOG.error("upload reader failed on %s:\n%s", name, value)
    raise UploadRefused(
        f"{name}: the file could not be read (an unexpected error; details are in the server log)"
    )


def _stage(err: bytes) -> str:
    stages = [
        # split on newlines only: str.splitlines would also split at the \x1e of STAGE
        line[len(STAGE) :]
        for line in err.decode("utf-8", "replace").split("\n")
        if line.startswith(STAGE)
    ]
    return f" while {stages[-1]}" if stages else ""


def _crash(code: int, err: bytes, name: str, limits: Limits) -> UploadRefused:
    stage = _stage(err)
    if code == -signal.SIGXCPU:
        return UploadRefused(
            f"{name}: reading needs more than the {limits.seconds:g} s of processing an upload may use"
            f"{stage}; simplify or split the file"
        )
    LOG.error("upload reader for %s ended with %s: %s", name, code, err[-2000:])
    if code in (-signal.SIGKILL, -signal.SIGSEGV, -signal.SIGABRT, -signal.SIGBUS):
        return UploadRefused(
            f"{name}: the reader was stopped{stage}: beyond the {limits.seconds:g} s of processing or the "
            f"{limits.memory_mb:,} MB of memory an upload may use"
        )
    return UploadRefused(
        f"{name}: the file could not be read (the reader failed; details are in the server log)"
    )


def _peak_mb() -> float:
    """This process's peak resident memory, MB (``VmHWM``: unlike ``ru_maxrss``, it does not
    carry over the parent's peak across fork and exec)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _address_space() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _limit_self(memory_mb: int, seconds: float) -> None:
    os.nice(NICE)
    limit = _address_space() + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = int(used.ru_utime + used.ru_stime + seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))


_last_stage: list[str] = []


def _say(stage: str) -> None:
    _last_stage[:] = [stage]
    sys.stderr.write(f"{STAGE}{stage}\n")
    sys.stderr.flush()


def _while() -> str:
    return f" (stopped while {_last_stage[0]})" if _last_stage else ""


def main() -> None:
    """Worker entry point: read the job, run it within the limits, write the outcome."""
    memory_mb, seconds = int(sys.argv[1]), float(sys.argv[2])
    job = sys.stdin.buffer.read()
    target, args = pickle.loads(job)
    module, _, function = target.partition(":")
    call = getattr(importlib.import_module(module), function)  # imports count against no limit
    for name in PRELOAD:
        importlib.import_module(name)
    set_reporter(_say)
    _limit_self(memory_mb, seconds)
    try:
        outcome: tuple[str, Any] = ("ok", call(*args))
    except UploadRefused as exc:
        outcome = ("refused", str(exc))
    except MemoryError:
        outcome = ("memory", _while())
    except Exception as exc:
        if "bad_alloc" in str(exc) or "memory" in str(exc).lower():
            outcome = ("memory", _while())
        else:
            outcome = ("error", traceback.format_exc())
    used = resource.getrusage(resource.RUSAGE_SELF)
    reply = pickle.dumps((*outcome, used.ru_utime + used.ru_stime, _peak_mb()))
    sys.stdout.buffer.write(reply)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
