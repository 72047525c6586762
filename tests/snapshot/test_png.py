"""The PNG writer: a valid image with the page's pixels, resolution, colour space and text."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from render.snapshot.png import encode_png


def _image() -> np.ndarray:
    rng = np.random.default_rng(7)
    rgba = rng.integers(0, 256, size=(37, 53, 4), dtype=np.uint8)
    rgba[:, :, 3] = 255
    return rgba


def test_pixels_survive_a_round_trip():
    rgba = _image()
    im = Image.open(io.BytesIO(encode_png(rgba, 300)))
    assert im.mode == "RGB" and im.size == (53, 37)
    assert np.array_equal(np.asarray(im), rgba[:, :, :3])


def test_resolution_colour_space_and_text_are_recorded():
    text = {"Title": "Strait of Hormuz", "Description": "Karte · Straße — ünïcödé", "Author": ""}
    im = Image.open(io.BytesIO(encode_png(_image(), 300, text)))
    assert [round(v) for v in im.info["dpi"]] == [300, 300]
    assert "srgb" in im.info
    assert im.text["Title"] == "Strait of Hormuz"
    assert im.text["Description"] == text["Description"]
    assert "Author" not in im.text  # empty values are left out


def test_exported_png_carries_the_alt_text(atlas):
    from render.export import ExportRequest, export

    result = export(atlas, ExportRequest.create(atlas, view="hormuz", dpi=40))
    im = Image.open(io.BytesIO(result.data))
    assert im.text["Title"].startswith("Strait of Hormuz")
    assert "Strait of Hormuz" in im.text["Description"] and "2 July 2026" in im.text["Description"]


def test_a_large_image_is_compressed_in_bands_that_decode_as_one(monkeypatch):
    """Bands compressed apart (in parallel) still make one valid zlib stream with the right
    checksum: PIL verifies the stream, zlib the Adler-32."""
    import zlib

    import render.snapshot.png as png

    monkeypatch.setattr(png, "MIN_BAND_BYTES", 1)  # a small image in several bands
    monkeypatch.setattr(png.os, "cpu_count", lambda: 3)
    rgba = _image()
    assert png.band_count(rgba.shape[0] * (1 + rgba.shape[1] * 3)) == 3
    data = encode_png(rgba, 300)
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(data))), rgba[:, :, :3])
    start = data.index(b"IDAT") + 4
    length = int.from_bytes(data[start - 8 : start - 4], "big")
    rows = zlib.decompress(data[start : start + length])  # raises if the Adler-32 is wrong
    assert len(rows) == 37 * (1 + 53 * 3)


def test_adler32_of_joined_bytes_is_combined_from_the_parts():
    import os
    import zlib

    from render.snapshot.png import adler32_combine

    for a, b in ((os.urandom(70_001), os.urandom(99_999)), (b"", b"abc"), (b"\xff" * 6000, b"\x00")):
        assert adler32_combine(zlib.adler32(a), zlib.adler32(b), len(b)) == zlib.adler32(a + b)
