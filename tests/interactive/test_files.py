"""Content-addressed static files: one name per content, written whole."""

from __future__ import annotations

import json

from render.interactive.files import write_json


def test_same_content_same_file_new_content_new_file(tmp_path):
    a = write_json({"x": 1}, "thing", tmp_path)
    assert a == write_json({"x": 1}, "thing", tmp_path)
    b = write_json({"x": 2}, "thing", tmp_path)
    assert a != b and a.startswith("thing-") and b.endswith(".json")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([a, b])  # no temporary file left
    assert json.loads((tmp_path / a).read_text(encoding="utf-8")) == {"x": 1}


def test_text_is_kept_as_utf8(tmp_path):
    name = write_json({"name": "Iğdır"}, "t", tmp_path)
    assert "Iğdır" in (tmp_path / name).read_text(encoding="utf-8")
