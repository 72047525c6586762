"""Uploads held by the server: counted while held, released when the holder goes."""

from __future__ import annotations

import gc

import pytest

from layers.upload import MB, UploadRefused
from layers.upload.budget import Budget


class Holder:
    """Stands for a session's upload."""


def test_held_bytes_are_released_when_the_holder_goes():
    budget = Budget(total=10 * MB)
    a, b = Holder(), Holder()
    budget.hold(a, 4 * MB, "a.kml")
    budget.hold(b, 4 * MB, "b.kml")
    assert budget.used == 8 * MB
    del a
    gc.collect()
    assert budget.used == 4 * MB


def test_an_upload_over_the_total_is_refused_by_name():
    budget = Budget(total=10 * MB)
    keep = Holder()
    budget.hold(keep, 8 * MB, "first.gpx")
    with pytest.raises(UploadRefused) as err:
        budget.hold(Holder(), 4 * MB, "second.gpx")
    assert str(err.value).startswith("second.gpx: the server holds 8 MB of uploads")
    assert "over the limit of 10 MB" in str(err.value)
    assert budget.used == 8 * MB
