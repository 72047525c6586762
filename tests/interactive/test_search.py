"""The search index: every feature by its name and sourced other names, every reference name,
each saying what it is and where; served as a content-addressed file or inline."""

from __future__ import annotations

import json
import re

import pytest

from layers.registry import LAYERS
from render.interactive import build_map, render_html
from render.interactive.data import layer_data
from render.interactive.search import search_index, search_url, write_search


@pytest.fixture(scope="module")
def entries(atlas) -> list[dict]:
    return search_index(atlas)["entries"]


def by_name(entries: list[dict], name: str) -> list[dict]:
    return [e for e in entries if e["name"] == name]


def test_every_feature_of_every_layer_is_found_by_its_id(atlas, entries):
    features = {e["id"]: e for e in entries if e["kind"] == "feature"}
    for layer in LAYERS:
        for f in layer_data(atlas, layer, 30.0)["features"]:
            entry = features.get(f["properties"]["id"])
            assert entry is not None and entry["layer"] == layer.id and entry["what"] == layer.title
    assert all((e["at"] is None) != (e["bounds"] is None) for e in features.values())


def test_other_names_come_from_the_data(entries):
    (tripp,) = by_name(entries, "TRIPP section through Syunik (Meghri)")
    assert any(n.startswith("Zangezur corridor") for n in tripp["other"])
    assert tripp["bounds"] and tripp["what"] == "TRIPP route through Syunik"
    (kharg,) = by_name(entries, "Kharg Island oil terminal")
    assert kharg["other"] == ["Khark", "Jazireh-ye Khark"] and kharg["at"] == [29.24, 50.32]
    (meghri,) = by_name(entries, "Meghri")
    assert meghri["kind"] == "feature" and meghri["other"] == []  # no sourced "Mehri" in the data
    # derived features (lanes, the measured width) copy their source's attributes, not its names
    assert by_name(entries, "Narrowest width (measured)")[0]["other"] == []


def test_reference_places_say_what_they_are(entries):
    places = {e["name"]: e for e in entries if e["kind"] == "place"}
    assert places["Urmia"]["other"] == ["Orūmīyeh"] and places["Urmia"]["what"] == "City, Iran"
    assert places["Persian Gulf"]["other"] == ["Arabian Gulf"] and places["Persian Gulf"]["zoom"]
    assert places["Iran"]["what"] == "Country" and places["Iran"]["bounds"]
    assert places["Lake Urmia"]["bounds"] and places["Aras (Araks, Araz)"]["what"] == "River"
    assert all(e["at"] for e in places.values())


def test_search_file_is_named_by_its_content(atlas, tmp_path):
    a = write_search(atlas, tmp_path)
    assert a == write_search(atlas, tmp_path) and a.startswith("search-") and a.endswith(".json")
    assert [p.name for p in tmp_path.iterdir()] == [a]
    assert json.loads((tmp_path / a).read_text(encoding="utf-8")) == search_index(atlas)
    assert search_url(a) == f"/app/static/data/search/{a}"


def search_call(html: str) -> dict:
    match = re.search(r"Corridors\.search\(\w+, (\{.*?\})\);\n", html)
    assert match, "the map has no search box"
    return json.loads(match.group(1))


def test_the_map_fetches_the_index_or_carries_it_inline(atlas):
    served = search_call(render_html(build_map(atlas, search_url="/app/static/data/search/s.json")))
    assert served == {"index": None, "url": "/app/static/data/search/s.json"}
    inline = search_call(render_html(build_map(atlas)))
    assert inline["url"] is None and len(inline["index"]["entries"]) == len(search_index(atlas)["entries"])
