"""Citations: every source a reader can open on the date, once per URL, in three formats."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from shapely.geometry import Point

from layers.features import Params
from layers.registry import LAYER_BY_ID, LAYERS
from render.download.citations import (
    DEFAULT_TYPE,
    Source,
    bibtex_text,
    citation_keys,
    csl_items,
    sources_of,
    tex_escape,
    text_lines,
)
from render.download.features import Selection, VisibleFeature, started_by, visible_features
from render.views import VIEWS

DAY = date(2026, 3, 1)


def raw_urls(selection: Selection) -> set[str]:
    """Distinct URLs counted directly from the records (independently of the module)."""
    urls: set[str] = set()
    for f in selection.features:
        p = f.props
        found = list(p.get("sources") or [])
        found += [s for st in p.get("history") or [] for s in st.get("sources") or []]
        found += [x.get("source") or {} for x in [*(p.get("positions") or []), *(p.get("figures") or [])]]
        urls |= {s["url"] for s in found if s.get("url")}
    return urls


def parse_bibtex(text: str) -> list[tuple[str, dict[str, str]]]:
    """A small BibTeX reader: entries found by brace matching; fails on unbalanced braces."""
    entries = []
    i = 0
    while (at := text.find("@", i)) >= 0:
        head = re.match(r"@(\w+)\{([^,\s]+),", text[at:])
        assert head, text[at : at + 80]
        depth, start, j = 0, at + text[at:].index("{"), 0
        for j in range(start, len(text)):
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            if depth == 0:
                break
        assert depth == 0, f"unbalanced entry {head.group(2)}"
        body = text[at + len(head.group(0)) : j]
        fields = dict(re.findall(r"^\s*(\w+) = \{(.*)\},?$", body, flags=re.M))
        entries.append((head.group(2), fields))
        i = j + 1
    return entries


def test_one_citation_per_distinct_url(atlas):
    selection = visible_features(atlas, [layer.id for layer in LAYERS], Params(as_of=DAY))
    urls = raw_urls(selection)
    assert len(sources_of(selection)) == len(urls) > 100
    assert len(csl_items(selection)) == len(urls)
    assert len(parse_bibtex(bibtex_text(selection))) == len(urls)
    assert len(text_lines(selection)) == len(urls)
    assert {i["URL"] for i in csl_items(selection)} == urls


def test_sources_dated_after_the_date_are_not_cited(atlas):
    """Only sources a reader could open on the date, and those of the states shown by then (a
    later report may be the evidence for an earlier state)."""
    early = visible_features(atlas, VIEWS["hormuz"].layers, Params(as_of=DAY))
    late = visible_features(atlas, VIEWS["hormuz"].layers, Params())
    evidence = {s["url"] for f in early.features for st in f.props.get("history", []) for s in st["sources"]}
    cited = sources_of(early)
    assert all(started_by(s.date, DAY) or s.url in evidence for s in cited)
    assert any(not started_by(s.date, DAY) for s in cited)  # such evidence exists in the data
    later = {s.url for s in sources_of(late)} - {s.url for s in cited}
    assert later and all(not started_by(s.date, DAY) for s in sources_of(late) if s.url in later)


def test_csl_items(atlas):
    items = csl_items(visible_features(atlas, VIEWS["gas-swap"].layers, Params(as_of=DAY)))
    assert len({i["id"] for i in items}) == len(items)
    assert {i["type"] for i in items} <= {"article-newspaper", "webpage", "report"}
    for item in items:
        assert item["title"] and item["URL"].startswith("http") and item["container-title"]
        (parts,) = item["issued"]["date-parts"]
        assert 1 <= len(parts) <= 3 and 1900 < parts[0] <= 2026
    json.dumps(items)


def test_csl_type_and_date_precision():
    assert Source("U.S. Energy Information Administration (EIA)", "t", "u", "2024").csl_type == "report"
    assert Source("Wikipedia", "t", "u", "").csl_type == "webpage"
    assert Source("Reuters (via Malay Mail)", "t", "u", "").csl_type == DEFAULT_TYPE == "article-newspaper"
    selection = _selection(
        [
            {"publisher": "A", "title": "Year", "url": "https://a/1", "date": "2025"},
            {"publisher": "A", "title": "Month", "url": "https://a/2", "date": "2025-06"},
            {"publisher": "A", "title": "Day", "url": "https://a/3", "date": "2025-06-07"},
            {"publisher": "A", "title": "Again", "url": "https://a/3", "date": "2025-06-07"},
        ]
    )
    issued = {i["title"]: i["issued"]["date-parts"][0] for i in csl_items(selection)}
    assert issued == {"Year": [2025], "Month": [2025, 6], "Day": [2025, 6, 7]}


def _selection(sources: list[dict[str, Any]]) -> Selection:
    feature = VisibleFeature(LAYER_BY_ID["tripp_towns"], {"id": "x", "sources": sources}, Point(46, 39), ())
    return Selection(("tripp_towns",), Params(as_of=DAY), (feature,), {})


def test_bibtex_keys_unique_and_special_characters_escaped(atlas):
    entries = parse_bibtex(bibtex_text(visible_features(atlas, [layer.id for layer in LAYERS], Params())))
    keys = [k for k, _ in entries]
    assert len(set(keys)) == len(keys) and all(k[0].isalpha() for k in keys)
    hostile = _selection(
        [
            {
                "publisher": "R&D {Co} 100%",
                "title": "A } title { with \\ $x$ #1 _a_ ^b ~c",
                "url": "https://h/1?a=1&b={x}",
                "date": "2026",
            },
            {
                "publisher": "R&D {Co} 100%",
                "title": "A } title { with \\ $x$ #1 _a_ ^b ~c",
                "url": "https://h/2",
                "date": "2026",
            },
        ]
    )
    (k1, f1), (k2, _) = parse_bibtex(bibtex_text(hostile))
    assert k1 != k2
    assert f1["organization"] == r"R\&D \textbraceleft{}Co\textbraceright{} 100\%"
    assert "\\$x\\$" in f1["title"] and "\\#1" in f1["title"] and "\\_a\\_" in f1["title"]
    assert f1["url"] == "https://h/1?a=1&b=%7Bx%7D"
    assert tex_escape("line\nbreak") == "line break"


def test_citation_keys_from_publisher_year_and_title():
    sources = [
        Source("Reuters", "Strait closed again", "u1", "2026-03-02"),
        Source("Reuters", "Strait closed", "u2", "2026"),
    ]
    assert citation_keys(sources) == ["reuters2026strait", "reuters2026straita"]
    assert citation_keys([Source("1news.az", "Иран", "u", "")]) == ["src1newsnd"]


def test_text_list(atlas):
    lines = text_lines(visible_features(atlas, ["tripp_route"], Params(as_of=DAY)))
    assert all(line.count(", ") >= 2 and "http" in line for line in lines)
    assert any(re.search(r', "[^"]+", \d{1,2} \w+ \d{4}, https?://', line) for line in lines)
