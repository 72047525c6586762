"""The built site: every page and file, every local reference resolving, nothing remote."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import xyzservices.providers as xyz

from layers.loading import Atlas
from render.download.citations import sources_of
from render.download.features import visible_features
from render.interactive import ONLINE_TILES
from render.site.folder import MARKER
from render.views import VIEWS

STORIES = [v for v in VIEWS.values() if v.story]
URL = re.compile(r"https?://[^\s\"'<>\\]+")
# A comment in folium's MeasureControl template (a workaround's issue link), never fetched.
TEMPLATE_COMMENTS = {"https://github.com/ljagis/leaflet-measure/issues/171"}


class Refs(HTMLParser):
    """Every src and href of a document's elements."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href") and value is not None:
                self.refs.append((tag, name, value))


def refs(page: Path) -> list[tuple[str, str, str]]:
    parser = Refs()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.refs


def config(page: Path) -> dict:
    match = re.search(r'<script type="application/json" id="site-config">(.*?)</script>', page.read_text())
    assert match, page
    return json.loads(match.group(1))


def test_files_present(site: Path):
    names = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert {"index.html", *(f"{v.id}.html" for v in STORIES)} <= names
    assert {
        "corridors/site.js",
        "corridors/site.css",
        "corridors/corridors.js",
        "corridors/state.js",
    } <= names
    assert {"vendor/leaflet/dist/leaflet.js", "vendor/leaflet/dist/images/layers.png"} <= names
    assert "data/basemap_countries.geojson" in names
    assert any(n.startswith("data/texts/texts-") for n in names)
    assert any(n.startswith("data/reference/reference-") for n in names)
    assert len([n for n in names if n.startswith("data/buffer/")]) == 20
    assert len([n for n in names if n.startswith("downloads/")]) == 5 * len(STORIES)
    recorded = set((site / MARKER).read_text().split())
    assert recorded == names - {MARKER}


def test_every_local_reference_resolves_to_a_written_file(site: Path):
    pages = sorted(site.glob("*.html"))
    checked = 0
    for page in pages:
        for tag, attr, value in refs(page):
            parts = urlsplit(value)
            if tag == "a" and parts.scheme in ("http", "https"):
                raise AssertionError(f"{page.name}: remote link {value}")
            if value == "data:,":  # the empty icon: no favicon request
                continue
            assert not parts.scheme and not value.startswith("/"), f"{page.name}: {tag} {attr}={value}"
            if not parts.path:  # "#…" on the page itself
                continue
            assert (page.parent / parts.path).is_file(), f"{page.name}: {value} is missing"
            checked += 1
    assert checked > 60
    for css in site.rglob("*.css"):  # images a stylesheet needs
        for ref in re.findall(r"url\(\s*['\"]?([^'\")#]+)", css.read_text()):
            if not ref.startswith("data:"):
                assert (css.parent / ref).is_file(), f"{css}: {ref}"


def test_files_the_page_script_and_map_fetch_exist(site: Path):
    for view in STORIES:
        page = site / f"{view.id}.html"
        cfg = config(page)
        assert all((site / rel).is_file() for rel in cfg["depth"]["files"].values())
        text = page.read_text()
        for rel in re.findall(r'"(data/[^"]+\.(?:json|geojson))"', text):
            assert (site / rel).is_file(), rel
        assert '"data/basemap_countries.geojson"' in text and '"data/texts/texts-' in text


def test_no_remote_url_but_opt_in_tiles_and_source_links(site: Path, atlas: Atlas):
    """A page may name a URL only as an opt-in online base map (labelled in the layer panel as
    needing the internet) or as a source link in a popup, which nothing fetches."""
    tiles = set()
    for name in ONLINE_TILES:
        provider = xyz.query_name(name)
        tiles.add(provider.build_url())
        tiles |= set(URL.findall(provider.html_attribution))
    sources = {
        s.url for s in sources_of(visible_features(atlas, [layer for v in STORIES for layer in v.layers]))
    }
    for page in site.glob("*.html"):
        text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), page.read_text())
        for url in URL.findall(text):
            assert url in tiles or url in sources or url in TEMPLATE_COMMENTS, f"{page.name}: {url}"
    assert "(needs internet)" in (site / "corridors/panel.js").read_text()


def test_index_lists_every_story_with_its_dates_and_the_data_date(site: Path, atlas: Atlas):
    index = (site / "index.html").read_text()
    for view in STORIES:
        assert f'href="{view.id}.html"' in index
        assert view.story.label.replace("'", "&#x27;") in index
    assert "Situation as of 2 July 2026" in index  # the latest reviewed date, never today's
    assert 'href="tripp.html#date=2025-08-08"' in index


def test_story_page_config_starts_from_the_story(site: Path):
    cfg = config(site / "hormuz.html")
    assert cfg["layers"] == list(VIEWS["hormuz"].layers)
    assert cfg["bounds"] == [[25.0, 54.7], [27.5, 57.9]]
    assert cfg["date"] == cfg["last"] == "2026-07-02" and cfg["first"] < cfg["date"]
    assert cfg["steps"] == sorted(cfg["steps"]) and "2026-03-02" in cfg["steps"]
    assert cfg["depth"]["default"] == 30 and cfg["depth"]["layer"] == "buffer_zone_area"


def test_downloads_on_the_story_page(site: Path):
    page = (site / "border.html").read_text()
    links = re.findall(r'<a href="(downloads/[^"]+)" download>', page)
    assert len(links) == 5 and all((site / rel).stat().st_size > 1000 for rel in links)
    doc = json.loads((site / next(rel for rel in links if rel.endswith(".geojson"))).read_text())
    assert {f["properties"]["layer"] for f in doc["features"]} == set(VIEWS["border"].layers)
