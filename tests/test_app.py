"""The Streamlit page, driven by AppTest (no browser)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from layers.loading import GEODATA_DIR, GEODATA_ENV

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def run_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def area(at: AppTest) -> str:
    return next(m.value for m in at.metric if "area" in m.label.lower())


def test_app_renders_map_and_zone_area():
    at = run_app()
    assert at.slider(key="buffer_km").value == 30.0
    assert area(at).endswith("km²")
    assert not at.error and not at.warning
    assert any("14 of 14 layers visible" in c.value for c in at.caption)


def test_depth_slider_recomputes_the_area():
    at = run_app()
    before = area(at)
    at.slider(key="buffer_km").set_value(60.0).run()
    after = area(at)
    assert before != after
    assert int(after.split()[0].replace(",", "")) > int(before.split()[0].replace(",", ""))


def test_broken_layer_file_is_named_and_the_rest_still_shows(tmp_path, monkeypatch: pytest.MonkeyPatch):
    shutil.copytree(GEODATA_DIR, tmp_path, dirs_exist_ok=True)
    data = json.loads((tmp_path / "gas_swap.geojson").read_text())
    (tmp_path / "gas_swap.geojson").write_text(json.dumps(data)[:-40])  # truncated: broken JSON
    monkeypatch.setenv(GEODATA_ENV, str(tmp_path))
    at = run_app()
    assert any("gas_swap.geojson" in w.value and "not valid JSON" in w.value for w in at.warning)
    assert area(at).endswith("km²")  # the other layers still load


def test_export_panel_prepares_a_download():
    at = run_app()
    at.selectbox[2].set_value("social-square")  # page
    at.button[0].click().run()  # the form's submit button
    assert not at.exception, at.exception
    downloads = at.get("download_button")
    assert downloads, "no download button after preparing the snapshot"
    assert "corridors-current-view.png" in downloads[0].proto.label
