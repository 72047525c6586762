"""Pixel baselines: a missing layer or moved furniture shows; anti-aliasing noise does not.

A missing baseline fails. Regenerate deliberately with ``UPDATE_BASELINES=1`` and review the PNGs.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from render.snapshot import save_figure
from tests.snapshot.conftest import snap

BASELINES = Path(__file__).parent / "baselines"
# Fixed dates: the baselines must not change when the data gains later events.
CASES = {
    "hormuz_square_40dpi.png": {"view": "hormuz", "page": "social-square", "dpi": 40, "as_of": "2026-04-20"},
    "border_a4landscape_30dpi.png": {
        "view": "border",
        "page": "a4-landscape",
        "dpi": 30,
        "as_of": "2026-03-01",
    },
}
MAX_MEAN_ABS_DIFF = 2.0  # 0–255 scale


@pytest.mark.parametrize("name", list(CASES))
def test_image_baseline(atlas, name, tmp_path):
    actual = save_figure(snap(atlas, **CASES[name]), "png")
    path = BASELINES / name
    if os.environ.get("UPDATE_BASELINES") == "1":
        path.write_bytes(actual)
        pytest.skip(f"baseline {name} regenerated: review it before committing")
    if not path.exists():
        pytest.fail(f"missing baseline {path}; generate it with UPDATE_BASELINES=1 and review it")
    with Image.open(path) as expected_im, Image.open(io.BytesIO(actual)) as actual_im:
        expected = np.asarray(expected_im.convert("RGB"), dtype=np.int16)
        got = np.asarray(actual_im.convert("RGB"), dtype=np.int16)
    assert got.shape == expected.shape
    diff = float(np.abs(got - expected).mean())
    if diff > MAX_MEAN_ABS_DIFF:
        (tmp_path / name).write_bytes(actual)
        pytest.fail(
            f"{name}: mean abs diff {diff:.2f} > {MAX_MEAN_ABS_DIFF}; actual image in {tmp_path / name}"
        )
