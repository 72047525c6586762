"""The static site in real headless Chromium, from a local static server under a path prefix,
offline: every story page draws its map, opens popups, restores the state from the address's
hash and writes it back, and links downloads that resolve; a malformed hash is ignored with a
notice. Any request leaving the machine, or a script error, fails the test."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from harness import open_browser_session
from harness.static import StaticServer
from layers.features import Params, layer_records
from layers.loading import Atlas
from layers.registry import LAYER_BY_ID
from render.site import build_site
from render.views import VIEWS
from tests.e2e.conftest import ARTIFACTS, DESKTOP, PHONE, Session, real_errors

pytestmark = pytest.mark.e2e

STORIES = [view.id for view in VIEWS.values() if view.story]
READY = """() => { const m = window.Corridors && Corridors.state.map; if (!m) return false;
  const c = m.getContainer(); return c.getAttribute('data-basemap') === 'ready'
    && c.getAttribute('data-reference') === 'ready' && c.getAttribute('data-site') === 'ready'; }"""
VISIBLE = "() => Object.keys(Corridors.containers).filter(k => Corridors.state.map.hasLayer(Corridors.containers[k])).sort()"
VIEW = "() => { const m = Corridors.state.map, c = m.getCenter(); return [c.lat, c.lng, m.getZoom()]; }"
DRAWN = (
    """id => { const e = Corridors.layers[id]; return e.features.filter(l => e.geo.hasLayer(l)).length; }"""
)
ZONE_EAST = "() => Corridors.layers.buffer_zone_area.features[0].getBounds().getEast()"


# An article embedding a story as README.md's "Embed the map" shows.
ARTICLE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Article</title></head>
<body style="max-width: 760px; margin: 0 auto"><p>Text before the map.</p>
<div style="position: relative; width: 100%; aspect-ratio: 4 / 3; min-height: 420px; max-height: 90vh;">
  <iframe src="hormuz.html#date=2026-03-02" title="Interactive map: the Strait of Hormuz" loading="lazy"
          allow="fullscreen" style="position: absolute; inset: 0; width: 100%; height: 100%; border: 0;"></iframe>
</div><p>Text after the map.</p></body></html>"""


@pytest.fixture(scope="module")
def site_url(atlas: Atlas, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site served under a path prefix (/maps/corridors/), as a host might place it."""
    root = tmp_path_factory.mktemp("host")
    build_site(atlas, root / "maps" / "corridors")
    (root / "maps" / "corridors" / "article.html").write_text(ARTICLE, encoding="utf-8")
    with StaticServer(root) as server:
        yield f"{server.url}/maps/corridors"


@pytest.fixture
def open_page(request: pytest.FixtureRequest, browser: Browser, site_url: str):
    """Open a page of the site (path and hash); each session fails its test on a request that
    leaves the machine or a script error."""
    sessions: list[Session] = []

    def go(path: str, viewport: dict[str, int] = DESKTOP, *, story: bool = True) -> Session:
        s = open_browser_session(browser, f"{site_url}/{path}", viewport=viewport, session_class=Session)
        sessions.append(s)
        if story:
            s.page.wait_for_function(READY, timeout=30_000)
        return s

    yield go
    report = getattr(request.node, "report_call", None)
    for i, s in enumerate(sessions):
        if report is not None and report.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            s.page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{i}.png"))
        s.close()
    for s in sessions:
        assert s.blocked == [], f"the site tried to reach the internet: {s.blocked[:5]}"
        assert real_errors(s.console_errors) == []


def hash_of(page: Page) -> dict[str, str]:
    text = page.evaluate("() => location.hash").lstrip("#")
    return dict(part.split("=", 1) for part in text.split("&") if "=" in part)


def wait_hash(page: Page, key: str, value: str) -> None:
    page.wait_for_function(
        "([k, v]) => new URLSearchParams(location.hash.slice(1)).get(k) === v",
        arg=[key, value],
        timeout=10_000,
    )


# A feature of the story's (non-event) layers that a click at its position would hit: the map
# moves to it, and the element under that point must be the feature's own.
FIND_CLICKABLE = """layers => {
  const m = Corridors.state.map, box = m.getContainer().getBoundingClientRect();
  for (const id of layers) {
    const e = Corridors.layers[id];
    for (const l of e.features) {
      if (!e.geo.hasLayer(l) || !l.getElement) continue;
      if (l.getLatLng) m.setView(l.getLatLng(), Math.max(m.getZoom(), 8), {animate: false});
      else m.fitBounds(l.getBounds(), {animate: false});
      const at = l.getLatLng ? l.getLatLng() : l.getLatLngs().flat(3)[0];
      const p = m.latLngToContainerPoint(at), x = box.left + p.x, y = box.top + p.y;
      const el = l.getElement(), hit = document.elementFromPoint(x, y);
      if (el && hit && (el === hit || el.contains(hit))) return [l._corridors.id, x, y];
    }
  }
  return null;
}"""


def name_of(atlas: Atlas, layers: tuple[str, ...], fid: str) -> str:
    for layer in layers:
        for props, _ in layer_records(atlas, LAYER_BY_ID[layer], Params()):
            if props["id"] == fid:
                return str(props["name"])
    raise AssertionError(fid)


@pytest.mark.parametrize("story", STORIES)
def test_story_page_draws_the_story(open_page, story: str):
    s = open_page(f"{story}.html")
    view = VIEWS[story]
    assert s.page.evaluate(VISIBLE) == sorted(view.layers)
    drawn = {layer: s.page.evaluate(DRAWN, layer) for layer in view.layers}
    assert sum(drawn.values()) > 3 and all(n > 0 for i, n in drawn.items() if not LAYER_BY_ID[i].min_zoom), (
        drawn
    )
    assert s.page.locator(".leaflet-overlay-pane path").count() > 0
    markers = s.page.locator(".folium-map > .leaflet-map-pane > .leaflet-marker-pane").inner_text()
    assert "undefined" not in markers and "NaN" not in markers  # a name-only look is no text of its own
    lat, lon, _ = s.page.evaluate(VIEW)
    west, south, east, north = view.bbox
    assert south < lat < north and west < lon < east  # the story's extent, not the region's
    assert s.page.locator(".site-panel h1").inner_text() == view.story.label
    assert view.story.caption in s.page.locator(".site-caption").inner_text()
    assert s.page.locator(".corridors-legend").count() == 1
    assert s.page.locator("label[data-layer]").count() == len(LAYER_BY_ID)
    hashed = hash_of(s.page)
    assert hashed["date"] == "2026-07-02" and hashed["km"] == "30"
    assert sorted(hashed["layers"].split(",")) == sorted(view.layers)


@pytest.mark.parametrize("story", STORIES)
def test_a_click_opens_a_sourced_popup(open_page, atlas: Atlas, story: str):
    s = open_page(f"{story}.html")
    layers = [i for i in VIEWS[story].layers if not LAYER_BY_ID[i].events and not LAYER_BY_ID[i].name_only]
    layers.sort(key=lambda i: LAYER_BY_ID[i].geometry != "point")  # a symbol is the surest target
    found = None
    for _ in range(5):  # the same target twice in a row: the map has settled (no pending move)
        first = s.page.evaluate(FIND_CLICKABLE, layers)
        s.page.wait_for_timeout(300)
        found = s.page.evaluate(FIND_CLICKABLE, layers)
        if found == first:
            break
    assert found, "no feature of the story can be clicked"
    fid, x, y = found
    s.page.mouse.click(x, y)  # a real click, as a reader's
    popup = s.page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    s.page.wait_for_function(
        "() => !document.querySelector('.leaflet-popup-content').textContent.includes('Loading')"
    )
    text = popup.inner_text()
    assert name_of(atlas, VIEWS[story].layers, fid) in text and "Sources" in text, text[:300]


@pytest.mark.parametrize("story", STORIES)
def test_the_hash_restores_the_state_and_follows_changes(open_page, story: str):
    view = VIEWS[story]
    west, south, east, north = view.bbox
    lat, lon, zoom = round((south + north) / 2, 3), round((west + east) / 2, 3), 7.5
    key = view.story.key_events[1]
    layers = sorted({view.layers[0], view.layers[-1], "buffer_zone_area"})
    s = open_page(f"{story}.html#view={lat},{lon},{zoom}&layers={','.join(layers)}&date=2026-03-01&km=45")
    page = s.page
    got_lat, got_lon, got_zoom = page.evaluate(VIEW)
    assert abs(got_lat - lat) < 1e-6 and abs(got_lon - lon) < 1e-6 and got_zoom == zoom
    assert page.evaluate(VISIBLE) == layers
    assert page.evaluate("() => Corridors.state.date") == "2026-03-01"
    assert page.locator("#site-date").input_value() == "2026-03-01"
    assert page.locator("#site-date-text").inner_text() == "1 March 2026"
    assert page.locator("#site-as-of").inner_text().startswith("Situation as of 1 March 2026 ·")
    page.wait_for_function("() => Corridors.state.map.getContainer().getAttribute('data-buffer-km') === '45'")
    assert page.locator("#site-depth").input_value() == "45"
    east_45 = page.evaluate(ZONE_EAST)
    assert page.locator("#site-notice").is_hidden()

    # A key date sets the map's date, and the hash follows.
    button = page.locator(f"button[data-event='{key}']")
    day = button.get_attribute("data-date")
    button.click()
    wait_hash(page, "date", day)
    assert (
        page.evaluate("() => Corridors.state.date") == day and button.get_attribute("aria-pressed") == "true"
    )
    # So does the date input, a pan and a layer switched off in the panel.
    page.locator("#site-date").fill("2026-06-01")
    page.locator("#site-date").dispatch_event("change")
    wait_hash(page, "date", "2026-06-01")
    before = hash_of(page)["view"]
    page.evaluate("() => { Corridors.state.map.panBy([80, 0], {animate: false}); }")
    page.wait_for_function("v => new URLSearchParams(location.hash.slice(1)).get('view') !== v", arg=before)
    page.locator(f"label[data-layer={layers[0]}] input").click()
    wait_hash(page, "layers", ",".join(layers[1:]))
    page.locator("#site-depth").select_option("70")
    wait_hash(page, "km", "70")
    assert page.evaluate(ZONE_EAST) > east_45 + 0.1  # a deeper zone reaches further into Iran
    # A hash typed or pasted later is applied too.
    page.evaluate("() => { location.hash = 'date=2025-12-01&km=10'; }")
    page.wait_for_function("() => Corridors.state.date === '2025-12-01'")
    page.wait_for_function("() => Corridors.state.map.getContainer().getAttribute('data-buffer-km') === '10'")


@pytest.mark.parametrize("story", STORIES)
def test_malformed_hash_values_are_ignored_with_a_notice(open_page, story: str):
    s = open_page(f"{story}.html#date=2026-13-45&layers=nope,<b>x</b>&view=a,b,c&km=7&zzz=%E0%A4%A&qqq=1")
    page = s.page
    notice = page.locator("#site-notice")
    assert notice.is_visible()
    text = notice.inner_text()
    for part in (
        "2026-13-45",
        "nope, <b>x</b>",
        "a,b,c",
        "depth “7” (5 to 100 km in steps of 5)",
        "zzz=%E0%A4%A” (not readable)",
        "qqq",
    ):
        assert part in text, (part, text)
    assert page.locator("#site-notice b").count() == 0  # shown as text, not markup
    assert page.evaluate(VISIBLE) == sorted(VIEWS[story].layers)  # the story's own start
    assert page.evaluate("() => Corridors.state.date") == "2026-07-02"
    page.locator("#site-notice button").click()
    assert notice.is_hidden()


def test_a_date_outside_the_data_is_refused_with_a_notice(open_page):
    s = open_page("tripp.html#date=2026-03-01")
    page = s.page
    date_input = page.locator("#site-date")
    date_input.fill("2099-01-01")  # typed: the input's max does not stop a year
    date_input.dispatch_event("change")
    notice = page.locator("#site-notice")
    notice.wait_for(state="visible", timeout=10_000)
    text = notice.inner_text()
    assert text.startswith("That date is outside the data: “2099-01-01” (choose a day from ")
    assert "not understood" not in text  # not the link's notice: the link was fine
    assert page.evaluate("() => Corridors.state.date") == "2026-03-01"
    assert date_input.input_value() == "2026-03-01"  # the input shows the map's date again
    assert hash_of(page)["date"] == "2026-03-01"


def test_a_depth_that_cannot_be_loaded_says_so_and_keeps_the_zone(open_page):
    s = open_page("border.html")
    page = s.page
    page.route("**/buffer_zone_area-45km.json", lambda route: route.fulfill(status=404, body="gone"))
    east_30 = page.evaluate(ZONE_EAST)
    try:
        page.locator("#site-depth").select_option("45")
        notice = page.locator("#site-notice")
        notice.wait_for(state="visible", timeout=10_000)
    finally:  # Chromium logs the 404 the test asked for: not a script error
        s.console_errors[:] = [e for e in s.console_errors if "404" not in e]
    assert notice.inner_text().startswith("Could not load the zone at 45 km (HTTP 404).")
    assert page.locator("#site-depth").input_value() == "30"  # the control shows the zone drawn
    assert page.evaluate("() => Corridors.state.map.getContainer().getAttribute('data-buffer-km')") == "30"
    assert page.evaluate(ZONE_EAST) == east_30 and hash_of(page)["km"] == "30"


@pytest.mark.parametrize("story", STORIES)
def test_downloads_resolve(open_page, story: str):
    s = open_page(f"{story}.html")
    links = s.page.locator(".site-downloads a[download]")
    assert links.count() == 5
    for i in range(links.count()):
        href = links.nth(i).get_attribute("href")
        result: dict[str, Any] = s.page.evaluate(
            "href => fetch(href).then(async r => ({status: r.status, body: await r.text()}))", href
        )
        assert result["status"] == 200 and len(result["body"]) > 500, href
        if href.endswith(".geojson"):
            doc = json.loads(result["body"])
            assert {f["properties"]["layer"] for f in doc["features"]} <= set(VIEWS[story].layers)


def test_index_links_every_story_and_a_key_date_opens_on_its_date(open_page):
    s = open_page("index.html", story=False)
    for story in STORIES:
        assert s.page.locator(f".site-card h2 a[href='{story}.html']").count() == 1
    s.page.locator("a[href='tripp.html#date=2025-08-08']").first.click()
    s.page.wait_for_function(READY, timeout=30_000)
    assert s.page.evaluate("() => Corridors.state.date") == "2025-08-08"


def test_phone_layout_shows_map_then_story(open_page):
    s = open_page("tripp.html", viewport=PHONE)
    map_box = s.page.locator(".folium-map").bounding_box()
    panel_box = s.page.locator(".site-panel").bounding_box()
    assert map_box and panel_box and map_box["height"] > 400 and map_box["width"] == PHONE["width"]
    assert panel_box["y"] >= map_box["y"] + map_box["height"] - 1  # below the map, not over it
    # No room for the locator on a phone: it is not shown, and it starts folded should the
    # map grow (a phone turned sideways)
    s.page.wait_for_selector(".corridors-locator-toggle[aria-expanded=false]", state="attached")
    assert s.page.locator(".corridors-locator").is_hidden()


def test_embedded_in_an_article_the_frame_is_the_map(open_page):
    s = open_page("article.html", story=False)
    # A lazy iframe holds a complete about:blank document before it navigates: wait for the story.
    s.page.wait_for_function(
        """() => { const w = document.querySelector('iframe').contentWindow;
          return !!w && w.location.pathname.endsWith('/hormuz.html') && w.document.readyState === 'complete'; }""",
        timeout=30_000,
    )
    frame = next(f for f in s.page.frames if f.url.split("#")[0].endswith("/hormuz.html"))
    frame.wait_for_function(READY, timeout=30_000)
    assert frame.evaluate("() => document.documentElement.classList.contains('site-embedded')")
    assert frame.evaluate("() => Corridors.state.date") == "2026-03-02"
    assert frame.locator(".site-panel h1").is_hidden() and frame.locator(".site-bar").is_hidden()
    bar = frame.locator(".site-embed-bar").bounding_box()
    box = frame.locator(".folium-map").bounding_box()
    iframe = s.page.locator("iframe").bounding_box()
    assert bar and box and iframe and abs(bar["height"] + box["height"] - iframe["height"]) < 2
    link = frame.locator("#site-full-link")
    assert link.get_attribute("target") == "_blank"
    frame.evaluate("() => { Corridors.setDate('2026-04-13'); }")
    frame.wait_for_function(
        "() => document.getElementById('site-full-link').getAttribute('href').includes('date=2026-04-13')"
    )
    assert link.get_attribute("href").startswith("hormuz.html#view=")
