"""The style vocabulary: land, sea and every line stay apart in greyscale (a photocopied page,
a reader who sees no hue), and no meaning hangs on colour alone."""

from __future__ import annotations

import pytest
from matplotlib.colors import to_rgb

from layers.registry import LAYERS
from layers.styles import BASEMAP, CONFIDENCE_HATCH, STATUS_DASH

MIN_BACKGROUND_DL = 6.0  # CIE L* between sea and either kind of land
MIN_LINE_DL = 12.0  # between a line and every background it is drawn on


def lightness(colour: str) -> float:
    """CIE L* (0 black … 100 white) of an sRGB colour: what a greyscale print keeps."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    y = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 116 * y ** (1 / 3) - 16 if y > 0.008856 else 903.3 * y


BACKGROUNDS = {name: BASEMAP[name] for name in ("sea", "land", "focus_land")}  # type: ignore[literal-required]


def test_land_and_sea_differ_in_greyscale():
    sea = lightness(BASEMAP["sea"])
    for land in ("land", "focus_land"):
        assert abs(lightness(BASEMAP[land]) - sea) >= MIN_BACKGROUND_DL, land  # type: ignore[literal-required]


@pytest.mark.parametrize(
    "layer", [layer for layer in LAYERS if layer.geometry in ("line", "polygon")], ids=str
)
def test_every_line_stands_out_from_land_and_sea_in_greyscale(layer):
    for name, background in BACKGROUNDS.items():
        gap = abs(lightness(layer.style.color) - lightness(background))
        assert gap >= MIN_LINE_DL, f"{layer.id} on {name}: ΔL* {gap:.1f}"


def test_status_and_confidence_do_not_rely_on_colour():
    patterns = {status: p for status, p in STATUS_DASH.items() if p is not None and status != "proposed"}
    assert len(set(patterns.values())) == len(patterns)  # one pattern per status ("proposed" = "planned")
    assert STATUS_DASH["proposed"] == STATUS_DASH["planned"]
    assert {h for h in CONFIDENCE_HATCH.values() if h} == {"///"}


def test_the_check_can_fail():
    assert lightness("#BFD6E6") - lightness("#C3D9E8") < MIN_LINE_DL  # two pale blues: too close
