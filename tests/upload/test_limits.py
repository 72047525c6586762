"""Each limit has its own message naming the file, the feature where one is at fault, and the
limit; the byte limit is one number in the widget, the server config and the message."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from layers.upload import MAX_UPLOAD_MB, MB, Limits, UploadRefused, display_name, megabytes, read_upload
from tests.upload.corpus import fc, feature, line, point

ROOT = Path(__file__).resolve().parents[2]
TINY = Limits(
    max_bytes=2000,
    max_depth=9,
    max_features=3,
    max_vertices=10,
    max_property_names=4,
    max_properties=3,
    max_string_chars=20,
    max_name_chars=10,
)


def test_byte_limit_is_one_number_in_config_widget_and_messages():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB
    assert config["client"]["showErrorDetails"] == "none"
    panel = (ROOT / "ui" / "upload_panel.py").read_text()
    assert "max_upload_size=MAX_UPLOAD_MB" in panel and "up to {MAX_UPLOAD_MB} MB" in panel
    assert megabytes(MAX_UPLOAD_MB * MB) == f"{MAX_UPLOAD_MB} MB"
    assert megabytes(int(5.3 * MB)) == "5.3 MB"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b" " * 2001, "f.geojson: the file is 2,001 bytes, over the limit of 0.0 MB (2,000 bytes)"),
        (b"[" * 10 + b"]" * 10, "f.geojson: JSON nested 10 levels deep, over the limit of 9"),
        (fc([point(), point(), point(), point()]), "f.geojson: 4 features, over the limit of 3"),
        (fc([line([[44, 40]] * 11)]), "f.geojson: the file has more vertices than the limit of 10"),
        (
            fc([point(a=1, b=1), point(c=1), point(d=1, e=1)]),
            "more distinct property names than the limit of 4",
        ),
    ],
    ids=["bytes", "depth", "features", "vertices", "property names"],
)
def test_file_limits_refuse_the_file(raw: bytes, message: str):
    with pytest.raises(UploadRefused) as err:
        read_upload(raw, "f.geojson", TINY)
    assert message in str(err.value)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            point(a=1, b=2, c=3, d=4),
            "f.geojson: feature 2: has 4 properties, over the limit of 3 per feature",
        ),
        (
            point(name="long", a="x" * 21),
            'f.geojson: feature 2 ("long"): property "a" is 21 characters long, over the limit of 20',
        ),
        (
            point(abcdefghijk=1),
            "f.geojson: feature 2: a property name is 11 characters long, over the limit of 10",
        ),
    ],
    ids=["properties per feature", "string length", "name length"],
)
def test_feature_limits_refuse_that_feature(bad, message: str):
    limits = Limits(max_properties=3, max_string_chars=20, max_name_chars=10)
    upload = read_upload(fc([point(name="ok"), bad]), "f.geojson", limits)
    assert len(upload.frame) == 1 and upload.refused == [message]


def test_vertices_after_repair_are_counted():
    bowtie = {"type": "Polygon", "coordinates": [[[44, 40], [45, 41], [45, 40], [44, 41], [44, 40]]]}
    limits = Limits(max_vertices=5)
    with pytest.raises(
        UploadRefused, match="after repairing self-intersecting polygons, the file has 8 vertices"
    ):
        read_upload(fc([feature(bowtie)]), "bow.geojson", limits)


def test_features_keep_their_own_properties_only():
    upload = read_upload(fc([point(name="A", a="1"), point(b="2")]), "f.geojson")
    rows = upload.frame.drop(columns="geometry").to_dict("records")
    assert rows == [{"name": "A", "a": "1", "b": None}, {"name": None, "a": None, "b": "2"}]


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("mine.geojson", "mine.geojson"),
        ("a\x00b.geojson", "ab.geojson"),
        ("évian‮gnp.kml", "éviangnp.kml"),
        ("<img src=x onerror=alert(1)>.json", "_img src_x onerror_alert(1)_.json"),
        (
            "[x](http://e.example) ![i](http://e.example/i.png).kml",
            "_x_(http_e.example) _i_(http_e.example_i.png).kml",
        ),
        ("{{ 7*7 }} {#.csv", "_ 7_7 _ _.csv"),
        ("", "upload"),
        ("x" * 200 + ".geojson", "x" * 71 + "….geojson"),
    ],
)
def test_file_names_are_safe_to_show(raw: str, shown: str):
    assert display_name(raw) == shown
