"""The Streamlit page, driven by AppTest (no browser); widgets found by key."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from layers.loading import GEODATA_DIR, GEODATA_ENV, geodata_dir, load_atlas
from layers.period import ARTICLE_DATE, data_span
from render.st_map import DATE_URL, component_key
from ui.describe import DESCRIBE_OPEN_KEY
from ui.downloads import DOWNLOADS_OPEN_KEY
from ui.events_panel import EVENTS_OPEN_KEY
from ui.export_panel import EXPORT_OPEN_KEY
from ui.resources import cached_atlas, cached_document
from ui.share import SHARE_OPEN_KEY

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def run_app(*, opened: tuple[str, ...] = ()) -> AppTest:
    """The page after a first run, with the lazy panels whose keys are in ``opened`` open."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key in opened:
        at.session_state[key] = True
    at.run()
    assert not at.exception, at.exception
    return at


def area(at: AppTest) -> str:
    caption = next(c.value for c in at.caption if c.value.startswith("Reported buffer zone at this depth"))
    return caption.split(": ", 1)[1].removesuffix(" (illustrative)")


def test_app_renders_map_zone_area_and_the_dated_caption():
    at = run_app()
    span = data_span(load_atlas())
    assert at.slider(key="buffer_km").value == 30.0
    assert at.date_input(key="as_of").value == span.last
    assert area(at).startswith("about ") and area(at).endswith("km²")
    assert not at.error and not at.warning
    caption = " ".join(c.value for c in at.caption)
    assert "Situation as of" in caption and "sources reviewed to" in caption


def test_depth_slider_recomputes_the_area():
    at = run_app()
    before = area(at)
    at.slider(key="buffer_km").set_value(60.0).run()
    after = area(at)
    assert before != after
    assert int(after.split()[1].replace(",", "")) > int(before.split()[1].replace(",", ""))


def press_on_map(at: AppTest, entry: str) -> AppTest:
    """What the map reports after a quick-date press (render/st_map.py BRIDGE_JS): its
    component value, with the date among ``selected_layers``."""
    atlas = cached_atlas(str(geodata_dir()))
    key = component_key(cached_document(atlas, str(geodata_dir())))
    at.session_state[key] = {"selected_layers": [{"name": entry, "url": DATE_URL}], "zoom": 5}
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_date_pressed_on_the_map_becomes_the_chosen_date_once_per_press():
    at = run_app()
    last = data_span(load_atlas()).last
    press_on_map(at, f"{ARTICLE_DATE}@1")
    assert at.date_input(key="as_of").value == ARTICLE_DATE
    assert any("Situation as of 1 February 2026" in c.value for c in at.caption)
    # the date field then moves the date; the same press, reported again, does not undo it
    at.date_input(key="as_of").set_value(last).run()
    press_on_map(at, f"{ARTICLE_DATE}@1")
    assert at.date_input(key="as_of").value == last
    # a date outside the data, or a malformed report, changes nothing (it comes from the browser)
    press_on_map(at, "2099-01-01@2")
    press_on_map(at, "<b>x</b>@3")
    assert at.date_input(key="as_of").value == last and not at.error


def test_broken_layer_file_is_named_and_the_rest_still_shows(tmp_path, monkeypatch: pytest.MonkeyPatch):
    shutil.copytree(GEODATA_DIR, tmp_path, dirs_exist_ok=True)
    data = json.loads((tmp_path / "gas_swap.geojson").read_text())
    (tmp_path / "gas_swap.geojson").write_text(json.dumps(data)[:-40])  # truncated: broken JSON
    monkeypatch.setenv(GEODATA_ENV, str(tmp_path))
    at = run_app()
    assert any("gas_swap.geojson" in w.value for w in at.warning)
    assert any("not valid JSON" in t.value for t in at.text)
    assert area(at).endswith("km²")  # the other layers still load


def test_export_panel_prepares_a_download():
    at = run_app(opened=(EXPORT_OPEN_KEY,))
    at.selectbox(key="export_page").set_value("social-square")
    at.button(key="FormSubmitter:export-Prepare snapshot").click().run()
    assert not at.exception, at.exception
    labels = [d.proto.label for d in at.get("download_button")]
    assert any("corridors-custom-view-" in label for label in labels), labels


@pytest.mark.parametrize("damage", ["truncated basemap", "nan basemap"])
def test_broken_basemap_is_named_and_the_app_still_runs(tmp_path, monkeypatch: pytest.MonkeyPatch, damage):
    shutil.copytree(GEODATA_DIR, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "basemap_countries.geojson"
    text = path.read_text()
    if damage == "truncated basemap":
        path.write_text(text[: len(text) // 3])
    else:
        path.write_text(
            text.replace("[", "[NaN, ", 1).replace("[NaN, [", "[[", 1).replace("[[[[", "[[[[NaN, 1], ", 1)
        )
    monkeypatch.setenv(GEODATA_ENV, str(tmp_path))
    at = run_app()
    assert any("basemap_countries.geojson" in w.value for w in at.warning)
    assert any("basemap_countries.geojson: " in t.value for t in at.text)


def _map_state(at: AppTest) -> dict:
    """The state the app sends the map on this run (the CorridorsState script's JSON)."""
    import re

    script = next(c.proto.json_args for c in at.get("component_instance"))
    args = json.loads(script)
    found = re.search(r"Corridors\.apply\((\{.*?\})\);", args["feature_group"], re.S)
    assert found, "no state sent to the map"
    return json.loads(found.group(1))


def test_a_story_moves_the_map_switches_its_layers_and_explains_itself():
    at = run_app()
    at.button_group(key="story").set_value("hormuz").run()
    state = _map_state(at)
    from render.views import VIEWS

    assert state["layers"] == list(VIEWS["hormuz"].layers)
    assert state["view"] == {"bounds": [[25.0, 54.7], [27.5, 57.9]]} and state["nonce"]
    text = " ".join(m.value for m in at.markdown)
    assert "U.S. Energy Information Administration" in text  # the caption attributes its claims
    assert any(b.label.startswith("18 June 2026: ") for b in at.button)
    assert at.query_params["story"] in ("hormuz", ["hormuz"])


def test_a_key_date_sets_the_map_date():
    at = run_app()
    at.button_group(key="story").set_value("tripp").run()
    at.button(key="key_date_tripp_ev_washington_declaration").click().run()
    assert at.date_input(key="as_of").value.isoformat() == "2025-08-08"
    assert _map_state(at)["date"] == "2025-08-08"


def test_a_shared_link_restores_story_date_depth_and_layers():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(
        {
            "story": "border",
            "date": "2026-02-26",
            "depth": "45",
            "layers": "buffer_zone_area,buffer_zone_events",
        }
    )
    at.run()
    assert not at.exception and not at.warning
    assert at.date_input(key="as_of").value.isoformat() == "2026-02-26"
    assert at.slider(key="buffer_km").value == 45.0
    state = _map_state(at)
    assert state["layers"] == ["buffer_zone_area", "buffer_zone_events"] and state["nonce"] == "link"
    assert state["view"] == {"bounds": [[36.5, 42.3], [40.2, 46.3]]}


def test_a_malformed_link_is_named_and_the_rest_applies():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"story": "nowhere", "date": "2026-13-45", "depth": "50", "z": "<b>"})
    at.run()
    assert not at.exception
    assert any("link" in w.value for w in at.warning)
    notices = " ".join(t.value for t in at.text)
    assert "unknown story" in notices and "date ignored" in notices and "zoom 'z'" in notices
    assert at.slider(key="buffer_km").value == 50.0


def test_downloads_offer_every_format_for_the_visible_layers():
    at = run_app(opened=(DOWNLOADS_OPEN_KEY,))
    buttons = {b.proto.label: b.proto for b in at.get("download_button")}
    labels = ["GeoJSON", "CSV table", "CSL-JSON citations", "BibTeX citations", "Source list (text)"]
    assert all(buttons[label].deferred_file_id for label in labels)  # each file is built on click only
    assert any("visible layers as on" in c.value for c in at.caption)


def test_downloads_leave_out_the_readers_own_uploads():
    from ui.downloads import shipped_layers

    assert shipped_layers(["upload:mine.geojson", "tripp_route", "hormuz_places"]) == [
        "tripp_route",
        "hormuz_places",
    ]


def test_the_heavy_panels_are_drawn_only_when_opened():
    """Drawn closed, they held the map's first paint back (bench/, cold start)."""
    closed = run_app()
    assert not closed.get("download_button") and not closed.dataframe
    assert not closed.get("code") and not closed.get("vega_lite_chart")
    assert not [s for s in closed.selectbox if s.key == "export_page"]
    at = run_app(
        opened=(EVENTS_OPEN_KEY, SHARE_OPEN_KEY, DOWNLOADS_OPEN_KEY, EXPORT_OPEN_KEY, DESCRIBE_OPEN_KEY)
    )
    assert at.dataframe and at.get("vega_lite_chart"), "the events table and strip"
    link, description = (c.proto.code_text for c in at.get("code"))
    assert "date=" in link and "depth=" in link
    assert description.startswith("Map of the area from ")
    assert at.get("download_button") and at.selectbox(key="export_page")
