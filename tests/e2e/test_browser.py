"""The app in real headless Chromium, offline: draws, toggles without remount, keeps the view,
opens sourced popups, recomputes the zone, shows uploads safely."""

from __future__ import annotations

import json
import re
import statistics
import time
from pathlib import Path

import pytest
from playwright.sync_api import Frame
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from layers.registry import LAYERS, default_visible_ids
from tests.e2e.conftest import Session, real_errors, record_timing

pytestmark = pytest.mark.e2e

VIEW = "() => ({lat: map.getCenter().lat, lng: map.getCenter().lng, zoom: map.getZoom()})"
MOUNT_MARK = "() => window.__mountMark"


def visible_in_browser(frame: Frame) -> set[str]:
    return set(
        frame.evaluate(
            "() => Object.keys(Corridors.containers).filter(k => map.hasLayer(Corridors.containers[k]))"
        )
    )


def mark_mount(frame: Frame) -> float:
    return frame.evaluate("() => (window.__mountMark = Math.random())")


def wait_caption(session: Session, text: str, timeout_ms: int = 15_000) -> None:
    session.page.get_by_text(text).first.wait_for(timeout=timeout_ms)


def choose_option(session: Session, label: str, option: str) -> None:
    """Pick a selectbox option; a rerun landing mid-way closes the list, so try again."""
    combobox = session.page.get_by_role("combobox", name=label)
    for _ in range(5):
        session.wait_idle()
        combobox.click()
        combobox.press("ArrowDown")  # opens the list of options
        choice = session.page.get_by_role("option", name=option)
        try:
            choice.click(timeout=3_000)
        except PlaywrightTimeout:
            continue
        if combobox.input_value() == option:
            return
    raise AssertionError(f"could not choose {option!r} in {label!r}")


def test_map_draws_offline_with_every_default_layer(session: Session):
    start = time.monotonic()
    frame = session.map_frame()
    cold_ms = (time.monotonic() - start) * 1000
    record_timing("cold_start_ms", round(cold_ms))
    assert visible_in_browser(frame) == set(default_visible_ids())
    counts = frame.evaluate(
        "() => Object.fromEntries(Object.entries(Corridors.containers)"
        ".map(([k, g]) => [k, g.getLayers().length]))"
    )
    assert all(counts[layer.id] > 0 for layer in LAYERS), counts
    # SVG paths for lines and polygons, icons for points, the offline basemap under them
    assert frame.locator(".leaflet-overlay-pane path").count() > 20
    assert frame.locator(".corridors-shape").count() > 40
    assert frame.locator(".corridors-legend").count() == 1
    assert frame.locator(".leaflet-control-minimap").count() == 1
    assert frame.locator(".corridors-family").count() == 5  # four families + online tiles
    session.page.wait_for_timeout(500)
    assert session.blocked == [], f"the map tried to reach the internet: {session.blocked[:5]}"
    assert real_errors(session.console_errors) == []


def test_every_layer_toggles_in_place_and_keeps_the_view(session: Session):
    frame = session.map_frame()
    frame.evaluate("() => map.setView([38.9, 46.2], 7, {animate: false})")
    view = frame.evaluate(VIEW)
    mark = mark_mount(frame)
    latencies = []
    for layer in LAYERS:
        checkbox = frame.locator(".leaflet-control-layers-overlays label", has_text=layer.title).locator(
            "input"
        )
        before = layer.id in visible_in_browser(frame)
        t0 = frame.evaluate("() => performance.now()")
        checkbox.click()
        # time until the layer's state flipped and the browser painted a frame
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
    # Python learns what is visible: every layer is off now, and the page says so after its rerun.
    wait_caption(session, f"0 of {len(LAYERS)} layers visible")
    assert frame.evaluate(MOUNT_MARK) == mark, "a rerun remounted the map"
    assert frame.evaluate(VIEW) == view
    record_timing("toggle_ms", [round(v, 1) for v in latencies])
    record_timing("toggle_median_ms", round(statistics.median(latencies), 1))
    assert real_errors(session.console_errors) == []


def test_popup_opens_with_status_and_linked_sources(session: Session):
    frame = session.map_frame()
    frame.evaluate(
        """() => {
          map.setView([38.92, 46.25], 10, {animate: false});
          Corridors.containers.tripp_towns.eachLayer(g => g.eachLayer && g.eachLayer(m => {
            if (m.feature && m.feature.properties.name === 'Meghri')
              m._icon.setAttribute('data-test', 'meghri');
          }));
        }"""
    )
    popup = frame.locator(".leaflet-popup-content")
    # A rerun triggered by the view change may still be in flight: click until the popup shows.
    deadline = time.monotonic() + 10
    while popup.count() == 0 and time.monotonic() < deadline:
        frame.locator("[data-test=meghri]").click()
        session.page.wait_for_timeout(300)
    popup.wait_for()
    text = popup.inner_text()
    assert "Meghri" in text and "existing" in text and "Sources" in text
    links = popup.locator("a[href^='https://']")
    assert links.count() >= 1
    assert links.first.get_attribute("rel") == "noopener noreferrer"


def test_route_popup_shows_its_computed_length(session: Session):
    frame = session.map_frame()
    frame.evaluate(
        """() => Corridors.containers.tripp_route.eachLayer(g => g.eachLayer && g.eachLayer(l => {
             map.fitBounds(l.getBounds()); l.fire("click", {latlng: l.getCenter()}, true); }))"""
    )
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "Length as drawn (geodesic)" in text and " km" in text
    assert "Stated positions" in text and "Also called" in text


def test_depth_slider_updates_the_zone_without_remount(session: Session):
    frame = session.map_frame()
    session.wait_idle()  # the first rerun (the map reporting its state) has settled
    view = frame.evaluate(VIEW)
    mark = mark_mount(frame)
    area = """() => { let b = null;
        Corridors.containers.buffer_zone_area.eachLayer(g => g.getBounds && (b = g.getBounds()));
        return b && b.toBBoxString(); }"""
    before = frame.evaluate(area)
    assert before
    metric_before = session.page.get_by_test_id("stMetricValue").first.inner_text()
    thumb = session.page.get_by_role("slider").first
    thumb.focus()
    for _ in range(4):
        thumb.press("ArrowRight")  # 30 → 50 km
    session.page.wait_for_function(
        "old => { const m = document.querySelector('[data-testid=stMetricValue]');"
        " return m && m.innerText !== old; }",
        arg=metric_before,
        timeout=15_000,
    )
    session.wait_idle()  # four key presses queue reruns: wait for the last one
    deadline = time.monotonic() + 15
    while frame.evaluate(area) == before and time.monotonic() < deadline:
        session.page.wait_for_timeout(100)
    assert frame.evaluate(area) != before, "the zone did not change"
    assert frame.evaluate(MOUNT_MARK) == mark, "changing D remounted the map"
    assert frame.evaluate(VIEW) == view, "changing D moved the map"
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
    session.wait_idle()
    session.page.locator("input[type=file]").set_input_files(
        files=[
            {"name": "mine.geojson", "mimeType": "application/json", "buffer": json.dumps(hostile).encode()}
        ]
    )
    wait_caption(session, "Showing 1 features from your file")
    # The server sends the upload as a feature group; wait until it is on the map, then click it.
    frame.wait_for_function(
        """() => { let done = false; map.eachLayer(l => {
             if (!done && l.feature && l.getLatLng && l.getLatLng().lat === 39 && l.getLatLng().lng === 46) {
               l.fire("click", {latlng: l.getLatLng()}, true); done = true; } });
             return done; }""",
        timeout=15_000,
    )
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    assert '<img src=x onerror="alert(1)">' in popup.inner_text()  # shown as text
    assert popup.locator("img").count() == 0 and popup.locator("script").count() == 0
    assert session.dialogs == []
    assert frame.evaluate(MOUNT_MARK) == mark


def test_bad_upload_is_named_and_the_map_keeps_running(session: Session):
    frame = session.map_frame()
    session.wait_idle()
    session.page.locator("input[type=file]").set_input_files(
        files=[
            {
                "name": "broken.geojson",
                "mimeType": "application/json",
                "buffer": b'{"type": "FeatureCollection", "features": [',
            }
        ]
    )
    wait_caption(session, "broken.geojson: not valid JSON")
    assert visible_in_browser(frame) == set(default_visible_ids())


def test_export_from_the_app_draws_what_the_map_shows(session: Session):
    frame = session.map_frame()
    hidden = [layer for layer in LAYERS if layer.family == "hormuz"]
    for layer in hidden:
        frame.locator(".leaflet-control-layers-overlays label", has_text=layer.title).locator("input").click()
    wait_caption(session, f"{len(LAYERS) - len(hidden)} of {len(LAYERS)} layers visible")
    page = session.page
    session.wait_idle()
    page.get_by_text("Export a print-quality snapshot").click()
    choose_option(session, "Format", "SVG")
    page.get_by_role("button", name="Prepare snapshot").click()
    download_button = page.get_by_role("button", name=re.compile(r"Download corridors-current-view\.svg"))
    download_button.wait_for(timeout=30_000)
    assert page.get_by_test_id("stImage").count() == 1  # the preview
    with page.expect_download() as info:
        download_button.click()
    svg = Path(info.value.path()).read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "TRIPP route in Armenia" in svg  # visible layer: in the legend, as text
    for layer in hidden:
        assert layer.legend not in svg, f"hidden layer {layer.id} is in the export"
