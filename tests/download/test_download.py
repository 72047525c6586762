"""The package's entry point: one download in a named format, with its file name and type."""

from __future__ import annotations

import json
from datetime import date

import pytest

from layers.features import Params
from render.download import FORMATS, build_download
from render.views import ViewError


def test_every_format_with_its_name_and_type(atlas):
    names = {}
    for fmt in FORMATS:
        d = build_download(atlas, ["tripp_route"], Params(as_of=date(2026, 3, 1)), fmt, stem="tripp")
        names[fmt] = d.filename
        assert d.mime == FORMATS[fmt].mime and len(d.data) > 100
    assert names == {
        "geojson": "corridors-tripp-2026-03-01.geojson",
        "csv": "corridors-tripp-2026-03-01.csv",
        "csl": "corridors-tripp-2026-03-01-sources.json",
        "bibtex": "corridors-tripp-2026-03-01-sources.bib",
        "txt": "corridors-tripp-2026-03-01-sources.txt",
    }
    latest = build_download(atlas, ["tripp_route"], Params(), "geojson")
    assert json.loads(latest.data)["metadata"]["as_of"] == "2026-07-02"  # the latest reviewed date
    assert latest.filename == "corridors-custom-2026-07-02.geojson"


def test_unknown_format_or_layer(atlas):
    with pytest.raises(KeyError):
        build_download(atlas, ["tripp_route"], Params(), "xlsx")
    with pytest.raises(ViewError):
        build_download(atlas, ["nope"], Params(), "csv")
