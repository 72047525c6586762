"""A corpus of malformed and hostile uploads, made at test time (nothing large is committed).

Each case is bytes, a file name and what must happen: ``refused`` with a message containing
``expect``, or ``shown`` features with ``expect`` among the per-feature refusals (or no
refusal when ``expect`` is empty). Built from small generators, one per format.
"""

from __future__ import annotations

import io
import json
import math
import sqlite3
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely


@dataclass(frozen=True)
class Case:
    id: str
    filename: str
    data: bytes
    expect: str  # a part of the message (refusal) or of one per-feature refusal
    shown: int | None = None  # None: the whole file is refused


def fc(features: list[Any], **extra: Any) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": features, **extra}).encode()


def feature(geom: Any, /, **props: Any) -> dict[str, Any]:
    return {"type": "Feature", "properties": props, "geometry": geom}


def point(x: Any = 44.5, y: Any = 40.2, /, **props: Any) -> dict[str, Any]:
    return feature({"type": "Point", "coordinates": [x, y]}, **props)


def line(coords: Any, /, **props: Any) -> dict[str, Any]:
    return feature({"type": "LineString", "coordinates": coords}, **props)


def star(n: int, seed: int = 1) -> list[list[float]]:
    rng = np.random.default_rng(seed)
    pts = np.round(np.c_[44 + rng.random(n), 40 + rng.random(n)], 4).tolist()
    return [*pts, pts[0]]


OK = point(name="fine")
CRS = {"type": "name", "properties": {"name": "x"}}


def crs(name: str) -> dict[str, Any]:
    return {"type": "name", "properties": {"name": name}}


def geojson_cases() -> Iterator[Case]:
    g = "geojson"
    yield Case(
        "json-unclosed", f"a.{g}", b'{"type": "FeatureCollection", "features": [', "not valid JSON (line 1"
    )
    yield Case("json-garbage", f"a.{g}", b"{nope", "not valid JSON")
    yield Case("json-trailing", f"a.{g}", fc([OK]) + b"}}", "not valid JSON")
    yield Case("json-null", f"a.{g}", b"null", "neither JSON, XML nor CSV")
    yield Case("json-array", f"a.{g}", b"[1, 2]", "JSON that is not a GeoJSON object")
    yield Case("json-string", f"a.{g}", b'"FeatureCollection"', "neither JSON, XML nor CSV")
    yield Case("json-empty-object", f"a.{g}", b"{}", 'JSON without a GeoJSON "type"')
    yield Case("empty-file", f"a.{g}", b"", "the file is empty")
    yield Case("whitespace-file", f"a.{g}", b" \n\t ", "the file is empty")
    yield Case("topojson", f"a.{g}", b'{"type": "Topology", "objects": {}}', "TopoJSON")
    yield Case("esrijson", f"a.{g}", b'{"geometryType": "esriGeometryPoint", "features": []}', "Esri JSON")
    yield Case(
        "features-not-list",
        f"a.{g}",
        b'{"type": "FeatureCollection", "features": {}}',
        '"features" must be a list',
    )
    yield Case("no-features", f"a.{g}", fc([]), "has no features")
    yield Case(
        "latin1",
        f"a.{g}",
        fc([point(name="cafe")]).replace(b"cafe", "café".encode("latin-1")),
        "is not valid UTF-8",
    )
    yield Case("utf16-le", f"a.{g}", fc([point(name="Ереван")]).decode().encode("utf-16"), "", 1)
    yield Case("utf16-be-bom", f"a.{g}", b"\xfe\xff" + fc([OK]).decode().encode("utf-16-be"), "", 1)
    yield Case("utf16-broken", f"a.{g}", b"\xff\xfe" + b"{\x00\x00\xd8", "is not valid UTF-16")
    yield Case("utf8-bom", f"a.{g}", b"\xef\xbb\xbf" + fc([OK]), "", 1)
    yield Case(
        "deep-arrays",
        f"a.{g}",
        b"[" * 100_000 + b"]" * 100_000,
        "nested 100,000 levels deep, over the limit of 20",
    )
    yield Case(
        "deep-props",
        f"a.{g}",
        fc([point(p=json.loads("[" * 30 + "]" * 30))]),
        "nested 34 levels deep, over the limit of 20",
    )
    nested = {"type": "Point", "coordinates": [44, 40]}
    for _ in range(3):
        nested = {"type": "GeometryCollection", "geometries": [nested]}
    yield Case(
        "nested-collections", f"a.{g}", fc([OK, feature(nested, name="gc3")]), "nested more than two deep", 1
    )
    big = b"1" * 5000
    yield Case(
        "5000-digit-coordinate",
        f"a.{g}",
        fc([OK, point(0, 40, name="big")]).replace(b"[0, 40]", b"[" + big + b", 40]"),
        "5,000-digit number",
        1,
    )
    yield Case("5000-digit-property", f"a.{g}", fc([point(v=0)]).replace(b'"v": 0', b'"v": ' + big), "", 1)
    yield Case(
        "20000-digit-property",
        f"a.{g}",
        fc([OK, point(v=0, name="n")]).replace(b'"v": 0', b'"v": ' + b"7" * 20000),
        'property "v" is 20,000 characters long, over the limit of 10,000',
        1,
    )
    yield Case(
        "exp-overflow",
        f"a.{g}",
        fc([OK, point(0, 40, name="e")]).replace(b"[0, 40]", b"[1e400, 40]"),
        "not a finite number",
        1,
    )
    yield Case(
        "nan-after-valid",
        f"a.{g}",
        fc([OK, point(0, 40, name="nan")]).replace(b"[0, 40]", b"[NaN, 40]"),
        'feature 2 ("nan"): a coordinate is not a finite number',
        1,
    )
    yield Case(
        "infinity",
        f"a.{g}",
        fc([OK, point(0, 40, name="i")]).replace(b"[0, 40]", b"[-Infinity, 40]"),
        "not a finite number",
        1,
    )
    yield Case(
        "all-nan", f"a.{g}", fc([point(0, 40)]).replace(b"[0, 40]", b"[NaN, NaN]"), "no feature can be shown"
    )
    yield Case(
        "string-coordinates",
        f"a.{g}",
        fc([OK, point("44.5", "40.2", name="s")]),
        'a coordinate is text ("44.5"), not a number',
        1,
    )
    yield Case("null-coordinate", f"a.{g}", fc([OK, point(None, 40)]), "a coordinate is null", 1)
    yield Case("bool-coordinate", f"a.{g}", fc([OK, point(True, 40)]), "a coordinate is bool", 1)
    yield Case(
        "object-coordinates",
        f"a.{g}",
        fc([OK, feature({"type": "Point", "coordinates": {"x": 1}})]),
        "coordinates are not an array",
        1,
    )
    yield Case(
        "one-number-position",
        f"a.{g}",
        fc([OK, feature({"type": "Point", "coordinates": [44]})]),
        "a position has 1 numbers",
        1,
    )
    yield Case(
        "five-number-position",
        f"a.{g}",
        fc([OK, feature({"type": "Point", "coordinates": [1, 2, 3, 4, 5]})]),
        "a position has 5 numbers",
        1,
    )
    yield Case(
        "one-point-line",
        f"a.{g}",
        fc([OK, line([[44, 40]], name="short")]),
        'feature 2 ("short"): a line needs at least two positions',
        1,
    )
    yield Case(
        "zero-length-line",
        f"a.{g}",
        fc([OK, line([[44, 40], [44, 40]], name="z")]),
        "a line needs at least two distinct positions",
        1,
    )
    yield Case("empty-line", f"a.{g}", fc([OK, line([])]), "the LineString has no positions", 1)
    ring3 = {"type": "Polygon", "coordinates": [[[44, 40], [45, 40], [44, 40]]]}
    yield Case("three-position-ring", f"a.{g}", fc([OK, feature(ring3)]), "a closed ring needs at least 4", 1)
    flat = {"type": "Polygon", "coordinates": [[[44, 40], [45, 40], [46, 40], [44, 40]]]}
    yield Case("flat-polygon", f"a.{g}", fc([OK, feature(flat, name="flat")]), "the polygon has no area", 1)
    for n in (250, 1000):
        poly = {"type": "Polygon", "coordinates": [star(n)]}
        yield Case(f"star-{n}-repaired", f"a.{g}", fc([feature(poly, name="star")]), "", 1)
    yield Case(
        "unknown-type",
        f"a.{g}",
        fc([OK, feature({"type": "Circle", "coordinates": [1, 2]})]),
        'unknown geometry type "Circle"',
        1,
    )
    md = "![i](http://evil.example/t.png) [x](http://evil.example)"
    yield Case(
        "markdown-type",
        f"a.{g}",
        fc([OK, feature({"type": md, "coordinates": [1, 2]})]),
        f'unknown geometry type "{md[:30]}',
        1,
    )
    yield Case(
        "empty-collection",
        f"a.{g}",
        fc([OK, feature({"type": "GeometryCollection", "geometries": []})]),
        "has no geometries",
        1,
    )
    yield Case(
        "null-geometry",
        f"a.{g}",
        fc([OK, feature(None, name="nogeo")]),
        'feature 2 ("nogeo"): has no geometry',
        1,
    )
    yield Case("all-null-geometry", f"a.{g}", fc([feature(None), feature(None)]), "no feature can be shown")
    yield Case(
        "properties-list",
        f"a.{g}",
        fc([OK, {"type": "Feature", "properties": [1], "geometry": OK["geometry"]}]),
        '"properties" is not an object',
        1,
    )
    yield Case("item-not-feature", f"a.{g}", fc([OK, 5]), "is not a GeoJSON Feature", 1)
    yield Case(
        "features-5001",
        f"a.{g}",
        fc([point(44 + i / 1e4, 40) for i in range(5001)]),
        "5,001 features, over the limit of 5,000",
    )
    yield Case(
        "vertices-200001",
        f"a.{g}",
        fc([line([[44 + i / 1e6, 40] for i in range(200_001)])]),
        "more vertices than the limit of 200,000",
    )
    yield Case(
        "n-by-n-names",
        f"a.{g}",
        fc([point(44, 40, **{f"key_{i}": i}) for i in range(3000)]),
        "more distinct property names than the limit of 100",
    )
    yield Case(
        "properties-51",
        f"a.{g}",
        fc([OK, point(**{f"k{i}": i for i in range(51)})]),
        "has 51 properties, over the limit of 50 per feature",
        1,
    )
    yield Case(
        "long-value",
        f"a.{g}",
        fc([OK, point(note="x" * 10_001, name="long")]),
        'property "note" is 10,001 characters long, over the limit of 10,000',
        1,
    )
    yield Case(
        "long-name",
        f"a.{g}",
        fc([OK, point(**{"k" * 201: 1})]),
        "a property name is 201 characters long, over the limit of 200",
        1,
    )
    yield Case("projected-no-crs", f"a.{g}", fc([point(4_950_000, 4_870_000)]), "looks projected")
    yield Case(
        "longitude-200", f"a.{g}", fc([OK, point(200.5, 40, name="far")]), "longitude 200.5 is outside", 1
    )
    yield Case("latitude-95", f"a.{g}", fc([OK, point(44, 95, name="north")]), "latitude 95 is outside", 1)
    yield Case(
        "longitude-180-epsilon",
        f"a.{g}",
        fc([point(180.0000001, 40), point(-180.0000001, -90.0000001)]),
        "",
        2,
    )
    yield Case(
        "crs-mars",
        f"a.{g}",
        fc([OK], crs=crs("IAU_2015:49900")),
        '"IAU_2015:49900" is not a CRS of the Earth',
    )
    yield Case("crs-moon", f"a.{g}", fc([OK], crs=crs("IAU_2015:30100")), "is not a CRS of the Earth")
    local = 'LOCAL_CS["Site grid",LOCAL_DATUM["x",0],UNIT["metre",1],AXIS["X",EAST],AXIS["Y",NORTH]]'
    yield Case("crs-engineering", f"a.{g}", fc([OK], crs=crs(local)), "local engineering CRS")
    yield Case(
        "crs-unknown",
        f"a.{g}",
        fc([OK], crs=crs("EPSG:999999")),
        'unknown coordinate reference system "EPSG:999999"',
    )
    yield Case(
        "crs-proj-string",
        f"a.{g}",
        fc([OK], crs=crs("+proj=ortho +nadgrids=/etc/passwd")),
        "PROJ strings are not accepted",
    )
    yield Case("crs-vertical", f"a.{g}", fc([OK], crs=crs("EPSG:5703")), "is a vertical CRS")
    yield Case("crs-markdown", f"a.{g}", fc([OK], crs=crs(md)), f'unknown coordinate reference system "{md}"')
    yield Case(
        "crs-link",
        f"a.{g}",
        fc([OK], crs={"type": "link", "properties": {"href": "http://evil.example"}}),
        "given as a link",
    )
    yield Case("crs-malformed", f"a.{g}", fc([OK], crs={"type": "name"}), 'the "crs" member is malformed')
    yield Case("crs-huge", f"a.{g}", fc([OK], crs=crs("x" * 30_000)), "over 20,000 characters")
    yield Case(
        "crs-3857", f"a.{g}", fc([point(4_950_000, 4_870_000)], crs=crs("urn:ogc:def:crs:EPSG::3857")), "", 1
    )
    yield Case("crs-crs84", f"a.{g}", fc([OK], crs=crs("urn:ogc:def:crs:OGC:1.3:CRS84")), "", 1)
    yield Case(
        "utm-out-of-domain",
        f"a.{g}",
        fc([point(500000, 4_400_000), point(1e30, 1e30, name="void")], crs=crs("EPSG:32638")),
        'feature 2 ("void")',
        1,
    )
    yield Case("property-called-geometry", f"a.{g}", fc([point(geometry="not me", name="g")]), "", 1)
    yield Case("single-feature", f"a.{g}", json.dumps(OK).encode(), "", 1)
    yield Case("bare-geometry", f"a.{g}", json.dumps(OK["geometry"]).encode(), "", 1)
    yield Case(
        "duplicate-keys",
        f"a.{g}",
        b'{"type": "FeatureCollection", "features": [], "features": [' + json.dumps(OK).encode() + b"]}",
        "",
        1,
    )
    payload = '<img src=x onerror="alert(1)"> {#1 {% of {{ 7*7 }} $x^2$ [a](javascript:alert(1))'
    yield Case("injection-accepted", f"a.{g}", fc([point(name=payload, **{payload: payload})]), "", 1)
    yield Case(
        "over-byte-limit",
        f"a.{g}",
        b" " * (5 * 1024 * 1024 + 1),
        "the file is 5,242,881 bytes, over the limit of 5 MB (5,242,880 bytes)",
    )
    yield Case(
        "over-byte-limit-6mb", f"a.{g}", b" " * (6 * 1024 * 1024), "the file is 6 MB, over the limit of 5 MB"
    )
    yield Case("nul-in-name", "a\x00b<script>.geojson", b"{nope", "ab_script_.geojson: not valid JSON")
    yield Case("bidi-name", "evil\u202egnp.geojson", b"{nope", "evilgnp.geojson: not valid JSON")
    yield Case("long-file-name", "x" * 300 + ".geojson", b"{nope", "xxxx….geojson: not valid JSON")
    yield Case(
        "markdown-file-name",
        "[a](http://evil.example) ![i](http://evil.example/i.png).geojson",
        b"{nope",
        "_a_(http_evil.example) _i_(http_evil.example_i.png).geojson: not valid JSON",
    )


def kml(body: str, head: str = '<?xml version="1.0" encoding="UTF-8"?>') -> bytes:
    return f'{head}<kml xmlns="http://www.opengis.net/kml/2.2"><Document>{body}</Document></kml>'.encode()


def placemark(name: str | None, coords: str, geom: str = "Point", extra: str = "") -> str:
    label = f"<name>{name}</name>" if name is not None else ""
    return f"<Placemark>{label}{extra}<{geom}><coordinates>{coords}</coordinates></{geom}></Placemark>"


def polygon_kml(name: str, coords: str) -> str:
    ring = f"<outerBoundaryIs><LinearRing><coordinates>{coords}</coordinates></LinearRing></outerBoundaryIs>"
    return f"<Placemark><name>{name}</name><Polygon>{ring}</Polygon></Placemark>"


def kmz(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


PM = placemark("A", "44,40")


def kml_cases() -> Iterator[Case]:
    yield Case("kml-ok", "a.kml", kml(PM + placemark("L", "44,40 45,41", "LineString")), "", 2)
    yield Case("kml-no-extension", "a", kml(PM), "", 1)
    yield Case("kml-wrong-extension", "a.csv", kml(PM), "", 1)
    yield Case(
        "kml-nan",
        "a.kml",
        kml(PM + placemark("B", "nan,nan")),
        'feature 2 ("B"): a coordinate is "nan", not a number',
        1,
    )
    yield Case(
        "kml-text-coordinate",
        "a.kml",
        kml(PM + placemark("B", "abc,def")),
        'a coordinate is "abc", not a number',
        1,
    )
    yield Case(
        "kml-text-unnamed", "a.kml", kml(PM + placemark(None, "abc,1")), 'placemark 2: a coordinate is "abc"'
    )
    yield Case("kml-inf", "a.kml", kml(PM + placemark("B", "inf,40")), 'a coordinate is "inf"', 1)
    yield Case("kml-lon-500", "a.kml", kml(PM + placemark("B", "500,40")), "looks projected", 1)
    yield Case("kml-lat-95", "a.kml", kml(PM + placemark("B", "44,95")), "latitude 95 is outside", 1)
    yield Case(
        "kml-one-point-line",
        "a.kml",
        kml(PM + placemark("L", "44,40", "LineString")),
        "a line needs at least two positions",
        1,
    )
    yield Case(
        "kml-open-ring", "a.kml", kml(PM + polygon_kml("P", "44,40 45,40")), "a polygon ring is not closed", 1
    )
    yield Case("kml-empty", "a.kml", kml(""), "the KML file has no features")
    yield Case("kml-truncated", "a.kml", kml(PM)[:-30], "looks like KML but GDAL cannot open it")
    yield Case(
        "kml-doctype",
        "a.kml",
        kml(PM, '<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "aaaa">]>'),
        "DOCTYPE or entity declarations",
    )
    laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    yield Case(
        "kml-billion-laughs",
        "a.kml",
        kml(placemark("&lol2;", "44,40"), laughs),
        "DOCTYPE or entity declarations",
    )
    yield Case(
        "kml-xxe",
        "a.kml",
        kml(PM, '<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'),
        "DOCTYPE",
    )
    yield Case(
        "kml-folders-25",
        "a.kml",
        kml("".join(f"<Folder><name>f{i}</name>{PM}</Folder>" for i in range(25))),
        "more than 20 layers",
    )
    data = "".join(
        f'<Placemark><name>A{i}</name><ExtendedData><Data name="k{i}"><value>v</value></Data></ExtendedData><Point><coordinates>44,40</coordinates></Point></Placemark>'
        for i in range(150)
    )
    yield Case("kml-n-by-n", "a.kml", kml(data), "more distinct property names than the limit of 100")
    yield Case(
        "kml-multigeometry",
        "a.kml",
        kml(
            "<Placemark><name>M</name><MultiGeometry><Point><coordinates>44,40</coordinates></Point><LineString><coordinates>44,40 45,41</coordinates></LineString></MultiGeometry></Placemark>"
        ),
        "",
        1,
    )
    yield Case(
        "kml-long-description",
        "a.kml",
        kml(PM + placemark("D", "44,40", extra=f"<description>{'x' * 10_001}</description>")),
        'property "description" is 10,001 characters long',
        1,
    )
    yield Case(
        "kml-html-description",
        "a.kml",
        kml(
            placemark(
                "H", "44,40", extra="<description><![CDATA[<img src=x onerror=alert(1)>]]></description>"
            )
        ),
        "",
        1,
    )
    yield Case(
        "kml-network-link",
        "a.kml",
        kml("<NetworkLink><Link><href>http://evil.example/x.kml</href></Link></NetworkLink>"),
        "has no features",
    )
    yield Case(
        "kml-root-other",
        "a.kml",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
        "an XML document with root element <svg>",
    )
    yield Case("html-page", "a.kml", b"<html><body><script>alert(1)</script></body></html>", "an HTML page")
    yield Case("xml-malformed", "a.kml", b"<<<>>>", "malformed XML")
    yield Case("kmz-ok", "a.kmz", kmz({"doc.kml": kml(PM), "files/icon.png": b"\x89PNG"}), "", 1)
    yield Case("kmz-traversal-name", "a.kmz", kmz({"../../../../tmp/evil.kml": kml(PM)}), "", 1)
    yield Case(
        "kmz-bad-kml",
        "a.kmz",
        kmz({"doc.kml": b"<kml><Document><Placemark>"}),
        "looks like KMZ but GDAL cannot open it",
    )
    yield Case(
        "zip-bomb-declared",
        "a.kmz",
        kmz({"doc.kml": kml(PM) + b" " * (30 * 1024 * 1024)}),
        "the ZIP archive expands to 30.0 MB, over the limit of 20 MB",
    )
    yield Case(
        "zip-many-members",
        "a.kmz",
        kmz({f"f{i}.txt": b"x" for i in range(150)} | {"doc.kml": kml(PM)}),
        "holds 151 files, over the limit of 100",
    )
    yield Case("zip-nothing-useful", "a.zip", kmz({"readme.txt": b"hello"}), "neither a .kml nor a .shp file")
    yield Case("zip-damaged", "a.kmz", kmz({"doc.kml": kml(PM)})[:40], "a damaged ZIP archive")
    yield Case(
        "office-docx",
        "a.docx",
        kmz({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>"}),
        "an Office document",
    )


def gpx(body: str, head: str = '<?xml version="1.0"?>') -> bytes:
    return f'{head}<gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">{body}</gpx>'.encode()


WPT = '<wpt lat="40" lon="44"><name>B</name></wpt>'


def gpx_cases() -> Iterator[Case]:
    track = '<trk><name>T</name><trkseg><trkpt lat="40" lon="44"/><trkpt lat="41" lon="45"/></trkseg></trk>'
    yield Case(
        "gpx-ok",
        "a.gpx",
        gpx(
            WPT + track + '<rte><name>R</name><rtept lat="40" lon="44"/><rtept lat="40.5" lon="44.5"/></rte>'
        ),
        "",
        3,
    )
    yield Case(
        "gpx-lat-text",
        "a.gpx",
        gpx('<wpt lat="abc" lon="44"><name>A</name></wpt>' + WPT),
        'feature 1 ("A"): a coordinate is "abc", not a number',
        1,
    )
    yield Case(
        "gpx-lat-nan",
        "a.gpx",
        gpx('<wpt lat="nan" lon="44"><name>A</name></wpt>' + WPT),
        'a coordinate is "nan"',
        1,
    )
    yield Case(
        "gpx-lat-95",
        "a.gpx",
        gpx('<wpt lat="95" lon="44"><name>A</name></wpt>' + WPT),
        "latitude 95 is outside",
        1,
    )
    yield Case(
        "gpx-track-text",
        "a.gpx",
        gpx(
            WPT
            + '<trk><name>T</name><trkseg><trkpt lat="40" lon="44"/><trkpt lat="x" lon="45"/></trkseg></trk>'
        ),
        'feature 2 ("T"): a coordinate is "x"',
        1,
    )
    yield Case(
        "gpx-one-point-route",
        "a.gpx",
        gpx(WPT + '<rte><name>R</name><rtept lat="40" lon="44"/></rte>'),
        "a line needs at least two positions",
        1,
    )
    yield Case("gpx-empty", "a.gpx", gpx(""), "the GPX file has no features")
    yield Case("gpx-truncated", "a.gpx", gpx(WPT)[:-20], "looks like GPX but GDAL cannot open it")
    yield Case(
        "gpx-doctype", "a.gpx", gpx(WPT, '<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY e "x">]>'), "DOCTYPE"
    )
    yield Case(
        "gpx-javascript-link",
        "a.gpx",
        gpx(
            '<wpt lat="40" lon="44"><name>L</name><link href="javascript:alert(1)"><text>click</text></link></wpt>'
        ),
        "",
        1,
    )
    yield Case(
        "gpx-5001-waypoints",
        "a.gpx",
        gpx("".join(f'<wpt lat="40" lon="{44 + i / 1e4}"/>' for i in range(5001))),
        "5,001 features, over the limit of 5,000",
    )
    yield Case(
        "gpx-unnamed-bad", "a.gpx", gpx('<wpt lat="q" lon="44"/>' + WPT), 'waypoint: a coordinate is "q"'
    )


def _gpkg(frame: gpd.GeoDataFrame | None, tmp: Path, layers: int = 1, name: str = "t.gpkg") -> bytes:
    path = tmp / name
    for i in range(layers):
        assert frame is not None
        frame.to_file(path, layer=f"layer{i}", driver="GPKG")
    return path.read_bytes()


def gpkg_cases(tmp: Path) -> Iterator[Case]:
    base = gpd.GeoDataFrame(
        {"name": ["A", "B"]}, geometry=[shapely.Point(44, 40), shapely.Point(45, 41)], crs=4326
    )
    yield Case("gpkg-ok", "a.gpkg", _gpkg(base, tmp, name="ok.gpkg"), "", 2)
    yield Case("gpkg-3857", "a.gpkg", _gpkg(base.to_crs(3857), tmp, name="m.gpkg"), "", 2)
    yield Case("gpkg-utm", "a.gpkg", _gpkg(base.to_crs(32638), tmp, name="u.gpkg"), "", 2)
    yield Case(
        "gpkg-layers-25", "a.gpkg", _gpkg(base, tmp, layers=25, name="many.gpkg"), "more than 20 layers"
    )
    wide = gpd.GeoDataFrame({f"f{i}": [1] for i in range(120)}, geometry=[shapely.Point(44, 40)], crs=4326)
    yield Case(
        "gpkg-120-fields",
        "a.gpkg",
        _gpkg(wide, tmp, name="wide.gpkg"),
        "more distinct property names than the limit of 100",
    )
    nan = gpd.GeoDataFrame(
        {"name": ["A", "NaN"]},
        geometry=[shapely.Point(44, 40), shapely.LineString([(44, 40), (math.nan, 41)])],
        crs=4326,
    )
    yield Case(
        "gpkg-nan",
        "a.gpkg",
        _gpkg(nan, tmp, name="nan.gpkg"),
        'feature 2 ("NaN"): a coordinate is not a finite number',
        1,
    )
    many = gpd.GeoDataFrame({"i": range(5001)}, geometry=[shapely.Point(44, 40)] * 5001, crs=4326)
    yield Case(
        "gpkg-5001",
        "a.gpkg",
        _gpkg(many, tmp, name="many5001.gpkg"),
        "5,001 features, over the limit of 5,000",
    )
    mars = base.set_crs("IAU_2015:49900", allow_override=True)
    yield Case("gpkg-mars", "a.gpkg", _gpkg(mars, tmp, name="mars.gpkg"), "is not a CRS of the Earth")
    empty = gpd.GeoDataFrame({"name": []}, geometry=[], crs=4326)
    yield Case(
        "gpkg-empty", "a.gpkg", _gpkg(empty, tmp, name="empty.gpkg"), "the GeoPackage file has no features"
    )
    plain = tmp / "plain.sqlite"
    with sqlite3.connect(plain) as db:
        db.execute("CREATE TABLE t (a INTEGER)")
        db.execute("INSERT INTO t VALUES (1)")
    yield Case(
        "sqlite-not-gpkg",
        "a.gpkg",
        plain.read_bytes(),
        "looks like GeoPackage but GDAL cannot open it (At least one of the required GeoPackage tables",
    )
    yield Case("gpkg-truncated", "a.gpkg", _gpkg(base, tmp, name="cut.gpkg")[:2000], "GDAL cannot open it")
    yield Case("sqlite-header-only", "a.gpkg", b"SQLite format 3\x00" + b"\x00" * 100, "GDAL cannot open it")


def _shapefile(frame: gpd.GeoDataFrame, tmp: Path, stem: str, drop: tuple[str, ...] = ()) -> dict[str, bytes]:
    folder = tmp / stem
    folder.mkdir()
    frame.to_file(folder / f"{stem}.shp")
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.suffix.lstrip(".") not in drop}


def shapefile_cases(tmp: Path) -> Iterator[Case]:
    base = gpd.GeoDataFrame(
        {"name": ["A", "B"]}, geometry=[shapely.Point(44, 40), shapely.Point(45, 41)], crs=4326
    )
    yield Case("shp-ok", "a.zip", kmz(_shapefile(base, tmp, "ok")), "", 2)
    yield Case("shp-utm-prj", "a.zip", kmz(_shapefile(base.to_crs(32638), tmp, "utm")), "", 2)
    yield Case("shp-no-prj-lonlat", "a.zip", kmz(_shapefile(base, tmp, "noprj", drop=("prj",))), "", 2)
    yield Case(
        "shp-no-prj-projected",
        "a.zip",
        kmz(_shapefile(base.to_crs(32638), tmp, "noprjutm", drop=("prj",))),
        "has no .prj file and its coordinates are not longitude/latitude",
    )
    yield Case(
        "shp-no-dbf", "a.zip", kmz(_shapefile(base, tmp, "nodbf", drop=("dbf",))), "lacks its .dbf file"
    )
    parts = _shapefile(base, tmp, "cut")
    parts["cut.shp"] = parts["cut.shp"][:60]
    yield Case("shp-truncated", "a.zip", kmz(parts), "GDAL")
    two = _shapefile(base, tmp, "one") | {f"sub/{k}": v for k, v in _shapefile(base, tmp, "two").items()}
    yield Case("shp-two-in-zip", "a.zip", kmz(two), "", 4)
    prj = _shapefile(base, tmp, "badprj")
    prj["badprj.prj"] = b'LOCAL_CS["x",LOCAL_DATUM["x",0],UNIT["metre",1]]'
    yield Case("shp-engineering-prj", "a.zip", kmz(prj), "")
    wide = gpd.GeoDataFrame({f"f{i}": [1] for i in range(120)}, geometry=[shapely.Point(44, 40)], crs=4326)
    yield Case("shp-120-fields", "a.zip", kmz(_shapefile(wide, tmp, "wide")), "more distinct property names")
    bare = _shapefile(base, tmp, "bare")["bare.shp"]
    yield Case("shp-bare", "a.shp", bare, "a bare Shapefile .shp")


def csv_cases() -> Iterator[Case]:
    yield Case("csv-ok", "a.csv", b"name,lon,lat\nA,44,40\nB,45,41\n", "", 2)
    yield Case("csv-latitude-longitude", "a.csv", b"Latitude,Longitude,name\n40,44,A\n", "", 1)
    yield Case("csv-wkt", "a.csv", b'name,WKT\nA,"POINT (44 40)"\nB,"LINESTRING (44 40, 45 41)"\n', "", 2)
    yield Case(
        "csv-no-coordinates", "a.csv", b"name,value\nA,1\n", "the CSV has no longitude/latitude columns"
    )
    yield Case(
        "csv-text-longitude",
        "a.csv",
        b"name,lon,lat\nA,44,40\nB,abc,41\n",
        'row 2 ("B"): longitude "abc" is not a number',
        1,
    )
    yield Case(
        "csv-empty-latitude", "a.csv", b"name,lon,lat\nA,44,40\nB,45,\n", 'row 2 ("B"): has no latitude', 1
    )
    yield Case("csv-nan", "a.csv", b"name,lon,lat\nA,44,40\nB,nan,41\n", 'longitude "nan" is not a number', 1)
    yield Case(
        "csv-inf", "a.csv", b"name,lon,lat\nA,44,40\nB,inf,41\n", 'longitude "inf" is not a finite number', 1
    )
    yield Case("csv-lat-95", "a.csv", b"name,lon,lat\nA,44,40\nB,45,95\n", "latitude 95 is outside", 1)
    yield Case("csv-decimal-comma", "a.csv", b"name;lon;lat\nA;44,5;40,2\n", "", 1)
    yield Case(
        "csv-wkt-garbage",
        "a.csv",
        b"name,WKT\nA,POINT (44 40)\nB,garbage\n",
        'the WKT "garbage" is not readable',
        1,
    )
    yield Case("csv-wkt-empty", "a.csv", b'name,WKT\nA,"POINT (44 40)"\nB,\n', "has no WKT geometry", 1)
    yield Case("csv-header-only", "a.csv", b"name,lon,lat\n", "has no features")
    rows = "".join(f"{i},44,40\n" for i in range(5001))
    yield Case(
        "csv-5001-rows", "a.csv", ("i,lon,lat\n" + rows).encode(), "5,001 features, over the limit of 5,000"
    )
    yield Case(
        "csv-120-columns",
        "a.csv",
        (
            ",".join(["lon", "lat", *[f"c{i}" for i in range(120)]])
            + "\n"
            + ",".join(["44", "40"] + ["1"] * 120)
            + "\n"
        ).encode(),
        "more distinct property names",
    )
    yield Case(
        "csv-long-cell",
        "a.csv",
        f"lon,lat,note\n44,40,{'x' * 10_001}\n45,41,ok\n".encode(),
        'property "note" is 10,001 characters long',
        1,
    )
    yield Case(
        "csv-latin1",
        "a.csv",
        "name,lon,lat\ncafé,44,40\n".encode("latin-1"),
        "not UTF-8 text: byte 16 (0xE9) is not valid UTF-8",
    )
    yield Case("csv-utf16", "a.csv", "name,lon,lat\nЕреван,44.5,40.2\n".encode("utf-16"), "", 1)
    yield Case("csv-formula", "a.csv", b'name,lon,lat\n"=HYPERLINK(""http://evil.example"")",44,40\n', "", 1)
    yield Case("csv-x-y", "a.csv", b"x,y\n44,40\n", "", 1)
    yield Case("plain-text", "a.txt", b"hello world\nthis is not data\n", "neither JSON, XML nor CSV")


def binary_cases() -> Iterator[Case]:
    for name, data, what in [
        ("png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "a PNG image"),
        ("jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 64, "a JPEG image"),
        ("gif", b"GIF89a" + b"\x00" * 64, "a GIF image"),
        ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF document"),
        ("gzip", b"\x1f\x8b\x08\x00" + b"\x00" * 64, "a gzip archive"),
        ("7z", b"7z\xbc\xaf\x27\x1c" + b"\x00" * 64, "a 7-Zip archive"),
        ("rar", b"Rar!\x1a\x07\x00" + b"\x00" * 64, "a RAR archive"),
        ("elf", b"\x7fELF" + b"\x00" * 64, "a program"),
        ("exe", b"MZ\x90\x00" + b"\x00" * 64, "a Windows program"),
        ("random-binary", bytes(range(256)) * 8, "binary data"),
        ("nul-text", b"a,b\n\x00\x00\x00", "binary data"),
    ]:
        yield Case(f"binary-{name}", f"a.{name}", data, what)


def all_cases(tmp: Path) -> list[Case]:
    return [
        *geojson_cases(),
        *kml_cases(),
        *gpx_cases(),
        *gpkg_cases(tmp),
        *shapefile_cases(tmp),
        *csv_cases(),
        *binary_cases(),
    ]
