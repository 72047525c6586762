"""The app in real headless Chromium, offline: draws, toggles without remount, keeps the view,
opens sourced popups, switches dates in place, recomputes the zone, shows uploads safely."""

from __future__ import annotations

import json
import re
import statistics
import time
from pathlib import Path

import pytest
from playwright.sync_api import Frame
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from layers.features import Params, layer_frame
from layers.loading import GEODATA_DIR, load_atlas
from layers.period import ARTICLE_DATE, data_span
from layers.registry import LAYER_BY_ID, LAYERS, default_visible_ids
from layers.styles import BASEMAP
from layers.timeline import state_on
from tests.e2e.conftest import Session, real_errors, record_timing

pytestmark = pytest.mark.e2e

VIEW = "() => ({lat: map.getCenter().lat, lng: map.getCenter().lng, zoom: map.getZoom()})"
MOUNT_MARK = "() => window.__mountMark"
STATE_OF = """id => { for (const k in Corridors.layers) for (const l of Corridors.layers[k].features)
  if (l._corridors.id === id) return l._corridorsState; return null; }"""


def visible_in_browser(frame: Frame) -> set[str]:
    return set(
        frame.evaluate(
            "() => Object.keys(Corridors.containers).filter(k => map.hasLayer(Corridors.containers[k]))"
        )
    )


def mark_mount(frame: Frame) -> float:
    return frame.evaluate("() => (window.__mountMark = Math.random())")


def wait_text(session: Session, text: str, timeout_ms: int = 15_000) -> None:
    session.page.get_by_text(text).first.wait_for(timeout=timeout_ms)


def toggle(frame: Frame, layer_id: str) -> None:
    frame.locator(f"label[data-layer={layer_id}] input").click()


def choose_option(session: Session, label: str, option: str) -> None:
    """Pick a selectbox option; a rerun landing mid-way closes the list, so try again."""
    combobox = session.page.get_by_role("combobox", name=label)
    for _ in range(5):
        session.wait_idle()
        combobox.click()
        combobox.press("ArrowDown")
        try:
            session.page.get_by_role("option", name=option).click(timeout=3_000)
        except PlaywrightTimeout:
            continue
        if combobox.input_value() == option:
            return
    raise AssertionError(f"could not choose {option!r} in {label!r}")


def open_popup(session: Session, frame: Frame, feature_id: str) -> str:
    """Click a feature (by id) until its popup shows; returns the popup text."""
    popup = frame.locator(".leaflet-popup-content")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        frame.evaluate(
            """id => { for (const k in Corridors.layers) for (const l of Corridors.layers[k].features)
                 if (l._corridors.id === id) {
                   if (l.getLatLng) map.setView(l.getLatLng(), Math.max(map.getZoom(), 9), {animate: false});
                   else map.fitBounds(l.getBounds(), {animate: false});
                   l.fire('click', {latlng: l.getLatLng ? l.getLatLng() : l.getBounds().getCenter()}, true); } }""",
            feature_id,
        )
        session.page.wait_for_timeout(300)
        if popup.count():
            return popup.inner_text()
    raise AssertionError(f"no popup for {feature_id}")


def test_map_draws_offline_with_every_default_layer(session: Session):
    start = time.monotonic()
    frame = session.map_frame()
    record_timing("cold_start_ms", round((time.monotonic() - start) * 1000))
    assert visible_in_browser(frame) == set(default_visible_ids())
    counts = frame.evaluate(
        "() => Object.fromEntries(Object.entries(Corridors.layers).map(([k, e]) => [k, e.features.length]))"
    )
    assert all(counts[layer.id] > 0 for layer in LAYERS), counts
    assert frame.locator(".leaflet-overlay-pane path").count() > 20
    assert frame.locator(".corridors-shape").count() > 40
    assert frame.locator(".corridors-legend").count() == 1
    assert frame.locator(".corridors-family").count() == 5  # base map + four families
    assert frame.locator("label[data-layer]").count() == len(LAYERS)
    session.page.wait_for_timeout(500)
    assert session.blocked == [], f"the map tried to reach the internet: {session.blocked[:5]}"
    assert real_errors(session.console_errors) == []


# The basemap pane's paths in drawing order: land (either fill) or water, and path length.
BASEMAP_PATHS = """land => [...map.getPane('corridorsBasemap').querySelectorAll('path')].map(p => [
  land.includes((p.getAttribute('fill') || '').toUpperCase()) ? 'land' : 'other',
  (p.getAttribute('d') || '').length])"""
LAND_FILLS = [BASEMAP["land"].upper(), BASEMAP["focus_land"].upper()]


def test_a_light_basemap_first_then_the_full_one_under_lakes_and_rivers(session: Session):
    frame = session.map_frame()
    frame.wait_for_function("() => map.getContainer().getAttribute('data-reference') === 'ready'")
    frame.wait_for_function(
        "() => map.getContainer().getAttribute('data-basemap-detail') === 'ready'", timeout=15_000
    )
    full = json.loads((GEODATA_DIR / "basemap_countries.geojson").read_text(encoding="utf-8"))
    paths = frame.evaluate(BASEMAP_PATHS, LAND_FILLS)
    land = [i for i, (kind, _) in enumerate(paths) if kind == "land"]
    assert len(land) == len(full["features"]), "the preview was removed, the full basemap drawn once"
    assert land == list(range(len(land))), "the land lies under the lakes and rivers"
    assert len(paths) > len(land), "lakes and rivers are drawn"
    light = frame.evaluate(
        "url => fetch(url).then(r => r.json()).then(c => c.features.length)",
        frame.evaluate(
            "() => performance.getEntriesByType('resource').map(e => e.name).find(n => n.includes('/basemap/preview-'))"
        ),
    )
    assert light == len(full["features"]), "the preview was fetched and had every country"
    assert real_errors(session.console_errors) == []


def test_the_basemap_preview_and_the_stylesheet_are_requested_before_the_scripts_arrive(session: Session):
    """The frame's first script starts them, so they load while the big bundle downloads (its
    loader adds the stylesheets only after every script, and the map's script would ask for
    the preview only once it runs); the map takes the preview over and fetches it only once."""
    frame = session.map_frame()
    entries = frame.evaluate(
        "() => performance.getEntriesByType('resource').map(e => [e.name, e.startTime, e.responseEnd])"
    )
    bundle = next(e for e in entries if re.search(r"/bundle/map-\w+\.js$", e[0]))
    previews = [e for e in entries if "/basemap/preview-" in e[0]]
    styles = [e for e in entries if re.search(r"/bundle/map-\w+\.css$", e[0])]
    assert len(previews) == 1, "the map fetched the preview again"
    assert previews[0][1] <= bundle[1], (previews, bundle)
    assert styles and styles[0][1] <= bundle[1], (styles, bundle)
    assert real_errors(session.console_errors) == []


def test_every_layer_toggles_in_place_and_keeps_the_view(session: Session):
    frame = session.map_frame()
    frame.evaluate("() => map.setView([38.9, 46.2], 7, {animate: false})")
    view = frame.evaluate(VIEW)
    mark = mark_mount(frame)
    latencies = []
    for layer in LAYERS:
        before = layer.id in visible_in_browser(frame)
        t0 = frame.evaluate("() => performance.now()")
        toggle(frame, layer.id)
        t1 = frame.evaluate(
            """([id, want]) => new Promise(resolve => {
                 const check = () => map.hasLayer(Corridors.containers[id]) === want
                   ? requestAnimationFrame(() => resolve(performance.now())) : setTimeout(check, 1);
                 check();
               })""",
            [layer.id, not before],
        )
        latencies.append(t1 - t0)
        assert (layer.id in visible_in_browser(frame)) is not before
        assert frame.evaluate(MOUNT_MARK) == mark, f"toggling {layer.id} remounted the map"
        assert frame.evaluate(VIEW) == view, f"toggling {layer.id} lost the view"
    wait_text(session, f"0 of {len(LAYERS)} layers visible")  # Python heard of every change
    assert frame.evaluate(MOUNT_MARK) == mark and frame.evaluate(VIEW) == view
    record_timing("toggle_median_ms", round(statistics.median(latencies), 1))
    assert real_errors(session.console_errors) == []


def test_popup_spells_out_status_and_links_sources(session: Session):
    frame = session.map_frame()
    text = open_popup(session, frame, "meghri")
    assert "Meghri" in text and "Status: Existing" in text and "Confidence: Confirmed" in text
    assert "Sources" in text
    links = frame.locator(".leaflet-popup-content a[href^='https://']")
    assert links.count() >= 1 and links.first.get_attribute("rel") == "noopener noreferrer"


def test_route_popup_shows_its_length_positions_and_history(session: Session):
    frame = session.map_frame()
    text = open_popup(session, frame, "tripp_syunik_section")
    assert "Length as drawn (geodesic)" in text and " km" in text
    assert "Stated positions" in text and "History" in text


def test_date_change_restyles_in_place_and_keeps_the_view(session: Session):
    atlas = load_atlas()
    history = atlas.families["hormuz"].set_index("id").loc["strait_of_hormuz", "history"]
    latest, article = state_on(history, None), state_on(history, ARTICLE_DATE)
    assert (latest.status, latest.note) != (article.status, article.note)
    frame = session.map_frame()
    session.wait_idle()
    frame.evaluate("() => map.setView([26.5, 56.3], 8, {animate: false})")
    view = frame.evaluate(VIEW)
    mark = mark_mount(frame)
    assert frame.evaluate(STATE_OF, "strait_of_hormuz") == latest.index
    # the map's quick date: the map changes in the press's own task, before any server reply
    t0 = time.monotonic()
    now = frame.evaluate(
        """() => { document.querySelector('.corridors-date-button[data-date="2026-02-01"]').click();
                   return map.getContainer().getAttribute('data-date'); }"""
    )
    assert now == ARTICLE_DATE.isoformat()
    assert frame.evaluate(STATE_OF, "strait_of_hormuz") == article.index
    record_timing("date_change_ms", round((time.monotonic() - t0) * 1000))
    # ... and the page follows: the server takes the date in (field, caption), the map keeps it
    wait_text(session, "Situation as of 1 February 2026")
    session.wait_idle()
    assert date_field(session) == ARTICLE_DATE.isoformat()
    assert frame.evaluate("() => map.getContainer().getAttribute('data-date')") == ARTICLE_DATE.isoformat()
    pressed = frame.locator(".corridors-date-button[aria-pressed=true]")
    assert pressed.count() == 1 and pressed.inner_text().startswith("As of the article")
    assert frame.evaluate(MOUNT_MARK) == mark, "changing the date remounted the map"
    assert frame.evaluate(VIEW) == view, "changing the date moved the map"
    text = open_popup(session, frame, "strait_of_hormuz")
    assert article.note[:40] in " ".join(text.split())
    shown = frame.evaluate("() => Corridors.layers.hormuz_events.geo.getLayers().length")
    then = layer_frame(atlas, LAYER_BY_ID["hormuz_events"], Params(as_of=ARTICLE_DATE))
    assert shown == len(then) < len(atlas.families["hormuz"].query("kind == 'event'"))
    # back to the latest reviewed date, typed into the date field
    last = data_span(atlas).last
    for part, value in (("year", f"{last.year}"), ("month", f"{last.month:02d}"), ("day", f"{last.day:02d}")):
        spin = session.page.get_by_role("spinbutton", name=f"{part}, Situation as of")
        spin.focus()
        session.page.keyboard.type(value)
    session.page.keyboard.press("Enter")  # the field commits on Enter / leaving it
    session.page.locator("h1").first.click()
    frame.wait_for_function(
        "(want) => (" + STATE_OF + ")('strait_of_hormuz') === want", arg=latest.index, timeout=15_000
    )
    assert frame.evaluate(MOUNT_MARK) == mark
    assert frame.locator(".corridors-date-button[aria-pressed=true]").inner_text().startswith("Latest")
    assert real_errors(session.console_errors) == []


def date_field(session: Session) -> str:
    """The header's date field, as YYYY-MM-DD."""
    parts = ("year", "month", "day")
    return "-".join(
        session.page.get_by_role("spinbutton", name=f"{p}, Situation as of").inner_text() for p in parts
    )


def test_quick_date_presses_end_on_the_last_one_on_the_map_and_in_the_page(session: Session):
    """Presses faster than the server's replies: a reply sent before the latest press must not
    move the map back (dateSeq), and the page ends on the last press too."""
    frame = session.map_frame()
    session.wait_idle()
    mark = mark_mount(frame)
    last = data_span(load_atlas()).last.isoformat()
    frame.evaluate(
        """() => { window.__dates = [];
                   map.on('corridors:date', e => window.__dates.push(e.date)); }"""
    )
    # 60 ms apart: each server reply arrives after the next press
    frame.evaluate(
        """async (dates) => {
             for (const d of dates) {
               document.querySelector(`.corridors-date-button[data-date="${d}"]`).click();
               await new Promise(r => setTimeout(r, 60));
             }
           }""",
        [ARTICLE_DATE.isoformat(), last, ARTICLE_DATE.isoformat(), last],
    )
    session.page.wait_for_timeout(1500)  # the presses' reruns begin
    session.wait_idle()
    assert date_field(session) == last
    assert frame.evaluate("() => map.getContainer().getAttribute('data-date')") == last
    # the map moved only when pressed: no stale reply flipped it in between
    assert frame.evaluate("() => window.__dates") == [ARTICLE_DATE.isoformat(), last] * 2
    assert frame.evaluate(MOUNT_MARK) == mark
    assert real_errors(session.console_errors) == []


def test_depth_slider_updates_the_zone_without_remount(session: Session):
    frame = session.map_frame()
    session.wait_idle()
    view = frame.evaluate(VIEW)
    mark = mark_mount(frame)
    area = "() => { const e = Corridors.layers.buffer_zone_area; let b = null; e.geo.eachLayer(g => b = g.getBounds()); return b && b.toBBoxString(); }"
    before = frame.evaluate(area)
    assert before
    zone_area = session.page.get_by_text("Reported buffer zone at this depth")
    metric_before = zone_area.inner_text()
    thumb = session.page.get_by_role("slider").first
    thumb.focus()
    for _ in range(4):
        thumb.press("ArrowRight")  # 30 → 50 km
    session.page.wait_for_function(
        "old => [...document.querySelectorAll('[data-testid=stCaptionContainer]')].some("
        "m => m.innerText.startsWith('Reported buffer zone at this depth') && m.innerText !== old)",
        arg=metric_before,
        timeout=15_000,
    )
    session.wait_idle()
    deadline = time.monotonic() + 15
    while frame.evaluate(area) == before and time.monotonic() < deadline:
        session.page.wait_for_timeout(100)
    assert frame.evaluate(area) != before, "the zone did not change"
    assert frame.evaluate(MOUNT_MARK) == mark and frame.evaluate(VIEW) == view
    assert frame.evaluate("() => map.hasLayer(Corridors.containers.buffer_zone_area)")
    assert real_errors(session.console_errors) == []


def test_upload_with_markup_is_shown_as_text(session: Session):
    frame = session.map_frame()
    mark = mark_mount(frame)
    hostile = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": '<img src=x onerror="alert(1)">', "note": "<script>alert(2)</script>"},
                "geometry": {"type": "Point", "coordinates": [46.0, 39.0]},
            }
        ],
    }
    session.upload("mine.geojson", json.dumps(hostile).encode(), "application/json")
    wait_text(session, "Showing 1 features from your file")
    frame.wait_for_function("() => !!Corridors.layers.upload", timeout=15_000)
    text = open_popup(session, frame, "upload_0")
    assert '<img src=x onerror="alert(1)">' in text
    popup = frame.locator(".leaflet-popup-content")
    assert popup.locator("img").count() == 0 and popup.locator("script").count() == 0
    assert session.dialogs == [] and frame.evaluate(MOUNT_MARK) == mark


def test_bad_upload_is_named_and_the_map_keeps_running(session: Session):
    frame = session.map_frame()
    session.upload("broken.geojson", b'{"type": "FeatureCollection", "features": [', "application/json")
    wait_text(session, "broken.geojson: not valid JSON")
    assert visible_in_browser(frame) == set(default_visible_ids())


def test_export_from_the_app_draws_what_the_map_shows(session: Session):
    frame = session.map_frame()
    hidden = [layer for layer in LAYERS if layer.family == "hormuz"]
    for layer in hidden:
        toggle(frame, layer.id)
    wait_text(session, f"{len(LAYERS) - len(hidden)} of {len(LAYERS)} layers visible")
    page = session.page
    session.wait_idle()
    page.get_by_text("Export a print-quality snapshot").click()
    choose_option(session, "Format", "SVG")
    page.get_by_role("button", name="Prepare snapshot").click()
    download_button = page.get_by_role("button", name=re.compile(r"Download corridors-custom-view-.*\.svg"))
    download_button.wait_for(timeout=30_000)
    assert page.get_by_test_id("stImage").count() == 1
    with page.expect_download() as info:
        download_button.click()
    svg = Path(info.value.path()).read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert 'id="legend_text:tripp_route"' in svg  # a visible layer, in the legend as text
    for layer in hidden:
        assert f'id="{layer.id}' not in svg, f"hidden layer {layer.id} is drawn in the export"
        assert f'legend_text:{layer.id}"' not in svg, f"hidden layer {layer.id} is in the legend"
