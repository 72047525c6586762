"""The bounded worker: time, memory and crashes become named refusals; costs are measured."""

from __future__ import annotations

import logging

import pytest

from layers.upload import Limits, UploadRefused, read_upload_bounded, run_bounded
from tests.upload.corpus import fc, feature, star

SMALL = Limits(seconds=2, memory_mb=200)


def test_result_and_costs_come_back():
    result = run_bounded("tests.upload.jobs:echo", ({"a": [1, 2]},), "x.geojson", SMALL)
    assert result.value == {"a": [1, 2]}
    assert 0 < result.seconds < 30 and result.cpu_seconds >= 0 and 50 < result.peak_mb < 400


def test_gdal_is_loaded_before_the_limits_though_the_reader_imports_it_lazily():
    """The upload path imports pyogrio only for a format that needs it; in the worker it must
    already be there, so GDAL's libraries never count against the file's memory limit."""
    assert run_bounded("tests.upload.jobs:loaded", ("pyogrio",), "x.kml", SMALL).value is True


def test_a_reader_that_runs_too_long_is_stopped_and_named():
    with pytest.raises(UploadRefused) as err:
        run_bounded("tests.upload.jobs:spin", (60,), "slow.geojson", SMALL)
    message = str(err.value)
    assert message.startswith("slow.geojson: reading needs more than the 2 s of processing")
    assert "while spinning" in message


def test_a_reader_that_needs_too_much_memory_is_stopped_and_named():
    with pytest.raises(UploadRefused) as err:
        run_bounded("tests.upload.jobs:hog", (2000,), "big.geojson", SMALL)
    message = str(err.value)
    assert message.startswith("big.geojson: reading needs more than the 200 MB of memory")
    assert "while allocating" in message


def test_a_crashing_reader_is_a_refusal(caplog: pytest.LogCaptureFixture):
    with (
        caplog.at_level(logging.ERROR),
        pytest.raises(UploadRefused, match=r"^crash.kml: the reader was stopped while crashing"),
    ):
        run_bounded("tests.upload.jobs:abort", (), "crash.kml", SMALL)


def test_an_unexpected_error_is_logged_not_shown(caplog: pytest.LogCaptureFixture):
    with caplog.at_level(logging.ERROR), pytest.raises(UploadRefused) as err:
        run_bounded("tests.upload.jobs:fail", (), "odd.gpx", SMALL)
    assert str(err.value) == (
        "odd.gpx: the file could not be read (an unexpected error; details are in the server log)"
    )
    assert "/srv/app/secret.py" in caplog.text and "Traceback" in caplog.text


@pytest.mark.slow
def test_a_self_intersecting_polygon_too_costly_to_repair_is_refused_by_stage():
    poly = {"type": "Polygon", "coordinates": [star(2500, seed=3)]}
    raw = fc([feature(poly, name="knot")])
    assert len(raw) < 100_000  # a small file
    with pytest.raises(UploadRefused) as err:
        read_upload_bounded(raw, "knot.geojson", Limits(seconds=2))
    message = str(err.value)
    assert "more than the 2 s of processing" in message
    assert 'while repairing feature 1 ("knot")' in message
