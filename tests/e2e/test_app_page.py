"""The app's page in a real browser: the map fills the screen on desktop and phone, stories
move it, and the address bar always holds a link that restores what is shown."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from harness import open_browser_session
from tests.e2e.conftest import DESKTOP, Session, real_errors

pytestmark = pytest.mark.e2e


def _map_share(session: Session) -> float:
    """Share of the window's area the map's frame covers (what is on screen)."""
    box = session.page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    assert box is not None
    vw, vh = session.page.viewport_size["width"], session.page.viewport_size["height"]
    visible_h = max(0.0, min(box["y"] + box["height"], vh) - max(box["y"], 0))
    visible_w = max(0.0, min(box["x"] + box["width"], vw) - max(box["x"], 0))
    return visible_w * visible_h / (vw * vh)


def _query(session: Session) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(session.page.url).query).items()}


def test_desktop_map_fills_the_window_below_a_compact_header(session: Session):
    session.map_frame()
    share = _map_share(session)
    box = session.page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    assert box["y"] < 200 and box["y"] + box["height"] <= 900 + 1, box
    assert share > 0.75, share
    assert session.page.get_by_text("Deploy").count() == 0  # no developer chrome
    assert real_errors(session.console_errors) == []


def test_phone_map_takes_most_of_the_screen(phone: Session):
    frame = phone.map_frame()
    assert _map_share(phone) >= 0.70, _map_share(phone)
    # the map inside fills its frame (not the component's fixed height)
    inner = frame.evaluate("() => [map.getContainer().clientHeight, window.innerHeight]")
    assert abs(inner[0] - inner[1]) <= 2, inner


def test_a_story_moves_the_map_and_the_link_restores_it(session: Session, browser):
    frame = session.map_frame()
    session.page.locator('[data-testid="stButtonGroup"] button', has_text="Hormuz").first.click()
    frame.wait_for_function("() => map.hasLayer(Corridors.containers.hormuz_places) && map.getZoom() >= 7")
    assert not frame.evaluate("() => map.hasLayer(Corridors.containers.tripp_route)")
    session.page.get_by_text("About a fifth of the world").wait_for()
    session.page.wait_for_function("() => location.search.includes('story=hormuz')")
    # pan: the address follows the map
    frame.evaluate("() => map.panBy([200, 0], {animate: false})")
    session.page.wait_for_function("() => new URLSearchParams(location.search).get('c') !== null")
    session.page.wait_for_timeout(1500)
    query = _query(session)
    shown = frame.evaluate("() => Corridors.snapshot(map)")
    assert query["story"] == "hormuz" and query["date"] == shown["date"]
    assert set(query["layers"].split(",")) == set(shown["layers"])

    # the link, opened in a fresh page, shows the same view, layers and date
    other = open_browser_session(browser, session.page.url, viewport=DESKTOP, session_class=Session)
    try:
        other_frame = other.map_frame()
        other_frame.wait_for_function(
            "(want) => { const s = Corridors.snapshot(map); return JSON.stringify(s.layers) === JSON.stringify(want.layers)"
            " && Math.abs(s.center[0] - want.center[0]) < 0.01 && Math.abs(s.center[1] - want.center[1]) < 0.01"
            " && s.zoom === want.zoom && s.date === want.date; }",
            arg=shown,
        )
        assert other.blocked == [] and real_errors(other.console_errors) == []
    finally:
        other.close()


def test_a_malformed_link_is_named_and_the_map_still_draws(session: Session, app_url: str):
    session.page.goto(
        f"{app_url}/?story=%3Cscript%3Ealert(1)%3C/script%3E&date=2026-02-30&layers=tripp_route,x"
    )
    frame = session.map_frame()
    session.page.get_by_text("Part of the link you opened was not used").wait_for()
    assert session.page.get_by_text("unknown story").count() == 1
    frame.wait_for_function(
        "() => map.hasLayer(Corridors.containers.tripp_route) && !map.hasLayer(Corridors.containers.hormuz_places)"
    )
    assert real_errors(session.console_errors) == []


def test_downloads_hold_the_visible_layers_on_the_chosen_date(session: Session):
    """GeoJSON equal to the visible layers on the date; one CSV row per feature; one citation per source."""
    import csv
    import io
    import json
    from datetime import date

    from layers.features import Params
    from layers.loading import load_atlas
    from render.download import visible_features

    frame = session.map_frame()
    session.page.locator('[data-testid="stButtonGroup"] button', has_text="TRIPP").first.click()
    frame.wait_for_function("() => map.hasLayer(Corridors.containers.tripp_route) && map.getZoom() >= 8")
    session.page.wait_for_function("() => location.search.includes('story=tripp')")
    session.page.wait_for_timeout(1500)
    shown = frame.evaluate("() => Corridors.snapshot(map)")
    panel = session.page.locator('[data-testid="stExpander"]', has_text="Download the data shown")
    panel.get_by_text("Download the data shown").click()

    def fetch(label: str) -> tuple[str, bytes]:
        with session.page.expect_download() as info:
            panel.get_by_role("button", name=label, exact=True).click()
        download = info.value
        path = download.path()
        assert path is not None
        with open(path, "rb") as fh:
            return download.suggested_filename, fh.read()

    name, raw = fetch("GeoJSON")
    assert name == f"corridors-tripp-{shown['date']}.geojson"
    collection = json.loads(raw)
    expected = visible_features(
        load_atlas(), shown["layers"], Params(as_of=date.fromisoformat(shown["date"]))
    )
    assert sorted(f["properties"]["id"] for f in collection["features"]) == sorted(
        f.id for f in expected.features
    )
    assert {f["properties"]["layer"] for f in collection["features"]} <= set(shown["layers"])

    name, raw = fetch("CSV table")
    assert name.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == len(expected.features)

    name, raw = fetch("CSL-JSON citations")
    assert name.endswith("-sources.json")
    cited = json.loads(raw)
    assert cited and all(item.get("title") for item in cited)
    assert sum(1 for item in cited if item.get("URL")) >= len(cited) - 2
    assert real_errors(session.console_errors) == []
