"""The corpus (tests/upload/corpus.py): every malformed or hostile file gets its own message,
within a time bound in process and a time and memory bound in the bounded worker."""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from harness import LOG_DIR
from layers.upload import LIMITS, UploadRefused, read_upload, read_upload_bounded
from tests.upload.corpus import Case, all_cases

_TMP = Path(tempfile.mkdtemp(prefix="corpus-"))
CASES = all_cases(_TMP)
shutil.rmtree(_TMP, ignore_errors=True)
FORMATS = ("geojson", "kml", "kmz", "zip", "gpx", "gpkg", "shp", "csv", "txt", "png")
SECONDS_IN_PROCESS = 10.0  # the worker's budget is LIMITS.seconds of CPU; in process we allow half
PEAK_MB = 600  # worker peak resident memory, imports (about 170 MB) included
COSTS: dict[str, dict[str, float]] = {}


def test_the_corpus_is_large_and_covers_every_format():
    assert len(CASES) >= 150
    assert len({c.id for c in CASES}) == len(CASES)
    suffixes = {c.filename.rsplit(".", 1)[-1] for c in CASES}
    assert {"geojson", "kml", "kmz", "gpx", "gpkg", "zip", "csv"} <= suffixes
    assert sum(c.shown is None for c in CASES) >= 80  # refused outright
    assert sum(c.shown is not None and c.expect != "" for c in CASES) >= 40  # refused by feature


def attempt(read, case: Case) -> object:
    """``read(case)``: what it returned, or the refusal it raised."""
    try:
        return read(case.data, case.filename)
    except UploadRefused as exc:
        return exc


def check(case: Case, outcome: object) -> None:
    """The outcome is the one the case expects (an Upload or a refusal with its message)."""
    if isinstance(outcome, UploadRefused):
        message = str(outcome)
        assert case.shown is None, f"refused, but {case.shown} features should show: {message}"
        assert case.expect in message, message
        assert "Traceback" not in message and "/tmp/" not in message and ".py" not in message
        return
    upload = getattr(outcome, "value", outcome)
    assert case.shown is not None, f"accepted, but should be refused with {case.expect!r}"
    assert len(upload.frame) == case.shown
    if case.expect:
        assert any(case.expect in r for r in upload.refused), upload.refused
    else:
        assert upload.refused == []
    assert upload.frame.crs.to_epsg() == 4326
    assert upload.frame.geometry.is_valid.all() and not upload.frame.geometry.is_empty.any()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_file_gets_its_own_message_in_time(case: Case):
    start = time.perf_counter()
    check(case, attempt(read_upload, case))
    assert time.perf_counter() - start < SECONDS_IN_PROCESS


@pytest.fixture(scope="module")
def costs():
    yield COSTS
    if COSTS:
        LOG_DIR.mkdir(exist_ok=True)
        worst = max(COSTS.items(), key=lambda kv: kv[1]["seconds"])
        heaviest = max(COSTS.items(), key=lambda kv: kv[1]["peak_mb"])
        summary = {"cases": len(COSTS), "slowest": worst, "heaviest": heaviest, "all": COSTS}
        (LOG_DIR / "upload_corpus.json").write_text(json.dumps(summary, indent=1))


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_file_in_the_bounded_worker_within_time_and_memory(case: Case, costs):
    outcome = attempt(read_upload_bounded, case)
    check(case, outcome)
    cost = outcome.cost if isinstance(outcome, UploadRefused) else outcome
    if cost is None:  # refused before any worker started: the byte limit
        assert case.expect.startswith("the file is")
        return
    costs[case.id] = {
        "seconds": round(cost.seconds, 2),
        "cpu": round(cost.cpu_seconds, 2),
        "peak_mb": round(cost.peak_mb),
    }
    assert cost.cpu_seconds < LIMITS.seconds
    assert cost.peak_mb < PEAK_MB
