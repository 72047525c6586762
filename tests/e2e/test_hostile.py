"""Hostile input in the real app: injection payloads in names, values, file names, CRS,
geometry types and link parameters render as text (nothing executes, nothing becomes a link,
an image or a template error), refusals are named without a traceback, and every accepted
feature draws and opens its own popup."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Frame

from layers.registry import default_visible_ids
from tests.e2e.conftest import Session, real_errors
from tests.e2e.test_browser import visible_in_browser, wait_text
from tests.upload.corpus import fc, feature, gpx, point

pytestmark = pytest.mark.e2e

EVIL = "http://evil.example"
PAYLOADS = {
    "img": f'<img src="{EVIL}/x.png" onerror="window.__pwned=1">',
    "script": "</script><script>window.__pwned=2</script>",
    "markdown": f"[click me]({EVIL}/a) ![pic]({EVIL}/i.png)",
    "jinja_comment": "Yerevan {#1 hub",
    "jinja_block": "growth {% of GDP",
    "jinja_expr": "{{ 7*7 }} {{'map_div'}}",
    "math": "$x^2$ costs $5 and $80",
    "attr": '" onmouseover="window.__pwned=3" x="',
    "js_url": "javascript:window.__pwned=4",
}
NO_TRACE = re.compile(r"Traceback|File \"/|\.py\"|/work/|site-packages")


def upload(session: Session, name: str, data: bytes, mime: str = "application/octet-stream") -> None:
    session.upload(name, data, mime)


def popup_of(frame: Frame, feature_id: str) -> dict:
    """Open a feature's popup the way a click does; its text, and the elements inside it."""
    return frame.evaluate(
        """id => { map.closePopup();
             const l = Corridors.layers.upload.features.find(f => f._corridors.id === id);
             const t = l.getLayers ? l.getLayers()[0] : l;
             const at = t.getLatLng ? t.getLatLng() : t.getBounds().getCenter();
             t.fire('click', {latlng: at}, true);
             const all = document.querySelectorAll('.leaflet-popup-content'), el = all[all.length - 1];
             return {text: el ? el.innerText : null, links: el ? el.querySelectorAll('a').length : -1,
                     images: el ? el.querySelectorAll('img').length : -1,
                     scripts: el ? el.querySelectorAll('script').length : -1,
                     tip: l._corridorsTip}; }""",
        feature_id,
    )


def assert_nothing_ran(session: Session, frame: Frame) -> None:
    session.page.wait_for_timeout(300)
    assert session.dialogs == []
    assert frame.evaluate("() => window.__pwned === undefined")
    assert session.page.evaluate("() => window.__pwned === undefined")
    assert session.blocked == [], f"something tried to load from outside: {session.blocked[:3]}"
    assert real_errors(session.console_errors) == []


def main_elements(session: Session, selector: str) -> int:
    return session.page.locator(f"[data-testid=stMain] [data-testid=stAlert] {selector}").count()


def test_payloads_in_names_values_and_file_name_render_as_text(session: Session):
    frame = session.map_frame()
    props = {f"{key} {payload}": payload for key, payload in PAYLOADS.items()}
    features = [point(44 + i * 0.2, 40, name=payload, **props) for i, payload in enumerate(PAYLOADS.values())]
    file_name = f"{PAYLOADS['markdown']} {PAYLOADS['jinja_expr']} <b>x</b>.geojson"
    upload(session, file_name, fc(features), "application/json")
    wait_text(session, f"Showing {len(PAYLOADS)} features from your file")
    frame.wait_for_function("() => !!Corridors.layers.upload", timeout=15_000)
    for i, payload in enumerate(PAYLOADS.values()):
        shown = popup_of(frame, f"upload_{i}")
        text = " ".join(shown["text"].split())
        assert " ".join(payload.split()) in text, (payload, text)
        assert shown["links"] == shown["images"] == shown["scripts"] == 0
        assert "49" not in text.replace(payload, "")
    title = frame.evaluate("() => Corridors.layers.upload.info.title")
    assert title.startswith("Your upload: ") and "<" not in title and "[" not in title and "{" not in title
    assert session.page.locator("[data-testid=stMain] img").count() == 0
    assert_nothing_ran(session, frame)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "crs.geojson",
            fc([point()], crs={"type": "name", "properties": {"name": PAYLOADS["markdown"]}}),
            f'crs.geojson: unknown coordinate reference system "{PAYLOADS["markdown"]}"',
        ),
        (
            "type.geojson",
            fc([feature({"type": PAYLOADS["markdown"], "coordinates": [1, 2]})]),
            'type.geojson: feature 1: unknown geometry type "[click me](http://evil.example/a) ![pic…"',
        ),
        ("deep.geojson", b"[" * 50_000 + b"]" * 50_000, "deep.geojson: JSON nested 50,000 levels deep"),
        (
            "digits.geojson",
            fc([point(0, 40)]).replace(b"[0, 40]", b"[" + b"9" * 5000 + b", 40]"),
            "digits.geojson: feature 1: a coordinate is a 5,000-digit number",
        ),
        (
            "mars.geojson",
            fc([point()], crs={"type": "name", "properties": {"name": "IAU_2015:49900"}}),
            'mars.geojson: "IAU_2015:49900" is not a CRS of the Earth',
        ),
        (
            "pic.kml",
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 32,
            "pic.kml: a PNG image, not a format this map reads. Accepted: GeoJSON",
        ),
        ("nul\x00name.geojson", b"{nope", "nulname.geojson: not valid JSON"),
    ],
    ids=[
        "markdown CRS",
        "markdown geometry type",
        "deep nesting",
        "5000 digits",
        "Mars",
        "image",
        "NUL in name",
    ],
)
def test_refusals_are_named_as_text_without_traceback(session: Session, name: str, data: bytes, message: str):
    frame = session.map_frame()
    try:
        upload(session, name, data)
    except Exception as exc:  # a browser that will not carry the name: nothing reached the server
        pytest.skip(f"the browser refused the file name: {exc}")
    wait_text(session, "Upload not shown.")
    texts = session.page.locator("[data-testid=stMain] [data-testid=stText]").all_inner_texts()
    assert any(message in t for t in texts), texts
    body = session.page.locator("body").inner_text()
    assert not NO_TRACE.search(body), NO_TRACE.search(body)
    assert session.page.locator("[data-testid=stMain] a[href*='evil.example']").count() == 0
    assert session.page.locator("[data-testid=stMain] img").count() == 0
    assert visible_in_browser(frame) == set(default_visible_ids())
    assert_nothing_ran(session, frame)


def test_multi_part_geometries_and_collections_draw_and_open_their_own_popups(session: Session):
    frame = session.map_frame()
    features = [
        feature({"type": "MultiPoint", "coordinates": [[44.5, 40.2], [45, 40]]}, name="many points"),
        feature(
            {"type": "MultiLineString", "coordinates": [[[44, 38], [45, 38.5]], [[44, 37], [45, 37.5]]]},
            kind="x",
        ),
        feature(
            {"type": "MultiPolygon", "coordinates": [[[[48, 38], [49, 38], [49, 39], [48, 38]]]]},
            name="areas",
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
            name="mixed",
        ),
        point(0, 40, name="broken"),
    ]
    raw = fc(features).replace(b"[0, 40]", b"[NaN, 40]")
    upload(session, "multi.geojson", raw, "application/json")
    wait_text(session, "Showing 4 features from your file")
    wait_text(session, "1 features of the file are not shown")
    wait_text(session, 'multi.geojson: feature 5 ("broken"): a coordinate is not a finite number')
    frame.wait_for_function("() => !!Corridors.layers.upload", timeout=15_000)
    drawn = frame.evaluate(
        """() => Corridors.layers.upload.features.map(l => {
             const parts = l.getLayers ? l.getLayers() : [l];
             return parts.filter(p => p._icon || p._path).length; })"""
    )
    assert drawn == [2, 1, 1, 3]
    expected = [("many points", None), ("Feature 2", "kind"), ("areas", None), ("mixed", None)]
    for i, (title, key) in enumerate(expected):
        shown = popup_of(frame, f"upload_{i}")
        assert shown["text"].startswith(title), shown
        assert "nan" not in shown["text"].lower()
        if key:
            assert key in shown["text"] and "name" not in shown["text"]
    assert_nothing_ran(session, frame)


def test_other_formats_and_link_parameters(session: Session):
    frame = session.map_frame()
    link = gpx(
        f'<wpt lat="40" lon="44"><name>L</name><link href="{PAYLOADS["js_url"]}"><text>{PAYLOADS["img"].replace("<", "&lt;")}</text></link></wpt>'
    )
    upload(session, "track.gpx", link)
    wait_text(session, "Showing 1 features from your file")
    frame.wait_for_function("() => !!Corridors.layers.upload", timeout=15_000)
    shown = popup_of(frame, "upload_0")
    assert PAYLOADS["js_url"] in shown["text"] and shown["links"] == 0 and shown["images"] == 0
    upload(
        session, "places.csv", b"name,lon,lat,url\nA,44.5,40.2,javascript:alert(1)\nB,abc,40\n", "text/csv"
    )
    wait_text(session, 'places.csv: row 2 ("B"): longitude "abc" is not a number')
    session.page.goto(
        f"{session.page.url.split('?')[0]}?focus={PAYLOADS['script']}&view={PAYLOADS['markdown']}"
    )
    frame = session.map_frame()
    assert_nothing_ran(session, frame)
