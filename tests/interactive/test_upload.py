"""An upload as the browser gets it: every geometry draws and has its popup, each popup shows
the feature's own properties, and no user text reaches a template engine or markup."""

from __future__ import annotations

import json
import re
from html import escape

import folium
import pytest

from layers.upload import Limits, UploadRefused, read_upload
from render.interactive.upload import prepare_upload, upload_features, upload_group
from render.st_map import feature_group_script
from tests.upload.corpus import fc, feature, point

PAYLOADS = [
    "Yerevan {#1 hub",
    "growth {% of GDP",
    "{{ 7*7 }}",
    "{{'map_div'}}",
    "{%- raw %}x{% endraw %}",
    '<img src=x onerror="alert(1)">',
    "</script><script>alert(2)</script>",
    "[link](http://evil.example) ![img](http://evil.example/i.png)",
    "$x^2$ \\alpha",
]
MULTI = [
    feature({"type": "MultiPoint", "coordinates": [[44.5, 40.2], [45, 40]]}, name="mp"),
    feature({"type": "MultiLineString", "coordinates": [[[44, 38], [45, 38.5]], [[44, 37], [45, 37.5]]]}),
    feature(
        {"type": "MultiPolygon", "coordinates": [[[[48, 38], [49, 38], [49, 39], [48, 38]]]]}, name="poly"
    ),
    feature(
        {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Point", "coordinates": [46, 39]},
                {"type": "LineString", "coordinates": [[46, 39], [47, 39.5]]},
                {"type": "Polygon", "coordinates": [[[46, 38], [47, 38], [47, 38.5], [46, 38]]]},
            ],
        },
        name="coll",
    ),
]


def features_of(raw: bytes) -> list[dict]:
    return upload_features(read_upload(raw, "mine.geojson").frame)


def test_every_geometry_has_a_symbol_and_a_style():
    for f in features_of(fc(MULTI)):
        (state,) = f["properties"]["states"]
        assert state["icon"].startswith("<svg") and state["size"] > 0 and state["style"]["color"]
    collection = features_of(fc(MULTI))[3]
    assert collection["geometry"]["type"] == "GeometryCollection"
    assert collection["properties"]["states"][0]["style"]["fillOpacity"] > 0  # it has an area


def test_popups_show_own_properties_and_a_title_never_nan():
    shown = features_of(fc([point(name="A", a="1"), point(b="2"), point(title="T")]))
    second = shown[1]["properties"]["head"]
    assert "Feature 2" in second and "nan" not in second.lower() and ">b<" in second and ">a<" not in second
    assert "<h3>T</h3>" in shown[2]["properties"]["head"]


def test_user_text_is_escaped_in_popups_and_tooltips():
    (f,) = features_of(fc([point(name=PAYLOADS[5], **{PAYLOADS[6]: PAYLOADS[7]})]))
    html = f["properties"]["head"] + f["properties"]["states"][0]["tip"]
    assert "<img" not in html and "<script" not in html and "&lt;img src=x" in html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_template_syntax_in_upload_text_is_never_compiled(payload: str):
    raw = fc([point(name=payload, **{payload: payload})])
    group = upload_group(read_upload(raw, f"{payload}.geojson").frame, f"{payload}.geojson")
    script = feature_group_script([group])
    assert script is not None and "Corridors.layer(" in script
    assert "{{" not in script and "{%" not in script and "{#" not in script
    # a standalone page too: branca would compile the rendered script as a template
    m = folium.Map(tiles=None)
    upload_group(read_upload(raw, "x.geojson").frame, "x.geojson").add_to(m)
    page = m.get_root().render()
    data = re.search(r"Corridors\.layer\([^,]+,[^,]+,\s*(\{.*?\}),\s*(\{.*\})\);", page, re.DOTALL)
    assert data is not None
    decoded = json.loads(data.group(2))  # what the browser reads back: the text as it was
    assert decoded["features"][0]["properties"]["states"][0]["tip"] == escape(payload)


def test_prepared_upload_carries_only_the_encoded_layer():
    prepared = prepare_upload(fc([*MULTI, point(0, 0, name="bad").copy()]), "mine.geojson")
    assert prepared.count == 5 and prepared.fmt == "GeoJSON"
    assert json.loads(prepared.data_json)["type"] == "FeatureCollection"
    assert prepared.info["title"] == "Your upload: mine.geojson"
    script = feature_group_script([prepared.group()])
    assert script is not None and prepared.data_json in script


def test_payload_limit_for_the_browser():
    with pytest.raises(UploadRefused, match=r"the map would need .* for this file, over the limit of"):
        prepare_upload(fc([point(name="<" * 3000)]), "lt.geojson", Limits(payload_bytes=10_000))


def test_two_features_with_different_properties_show_only_their_own():
    a, b = features_of(fc([point(name="Depot", capacity=5, empty=None), point(title="Line", operator="ADY")]))
    head_a, head_b = a["properties"]["head"], b["properties"]["head"]
    rows = lambda head: re.findall(r"<th>(.*?)</th><td>(.*?)</td>", head)  # noqa: E731
    assert rows(head_a) == [("name", "Depot"), ("capacity", "5")]
    assert rows(head_b) == [("title", "Line"), ("operator", "ADY")]
    assert "nan" not in (head_a + head_b).lower() and "None" not in head_a + head_b
    assert a["properties"]["name"] == "Depot" and b["properties"]["name"] == "Line"


def test_upload_declares_its_panel_row_legend_key_and_arrival():
    raw = fc([point(name="A")])
    prepared = prepare_upload(raw, "mine.geojson")
    info = prepared.info
    assert info["upload"] is True and info["family"] == "Your data (unverified)"
    assert info["swatch"].startswith("<svg") and 'stroke-dasharray="6 3"' in info["swatch"]
    # the map moves to an upload once: the nonce is the same on every rerun, new for a new file
    assert prepare_upload(raw, "mine.geojson").info["nonce"] == info["nonce"]
    assert prepare_upload(fc([point(name="B")]), "mine.geojson").info["nonce"] != info["nonce"]
    assert prepare_upload(raw, "other.geojson").info["nonce"] != info["nonce"]
    group_info = json.loads(
        re.search(r"Corridors\.layer\(\w+, \w+,\s*(\{.*?\}),", script_of(prepared)).group(1)
    )
    assert group_info["nonce"] == info["nonce"]


def script_of(prepared) -> str:
    script = feature_group_script([prepared.group()])
    assert script is not None
    return script
