"""The property contract rejects what it should, naming the feature and the problem."""

from __future__ import annotations

from layers.schema import validate_properties

GOOD = {
    "id": "x_route",
    "name": "X",
    "kind": "route",
    "status": "planned",
    "confidence": "confirmed",
    "geometry_accuracy": "approximate",
    "date": "2026-01-13",
    "description": "A route.",
    "sources": [{"publisher": "P", "title": "T", "url": "https://example.org/a", "date": "2026-01"}],
}


def test_valid_properties_pass():
    assert validate_properties(GOOD, "tripp") == []


def test_each_problem_is_named():
    bad = {**GOOD, "status": "rumoured", "kind": "canal", "date": "13/01/2026", "sources": []}
    errors = validate_properties(bad, "tripp")
    text = "\n".join(errors)
    assert "status 'rumoured'" in text and "kind 'canal'" in text
    assert "date '13/01/2026'" in text and "sources" in text
    assert all(e.startswith("x_route") for e in errors)


def test_source_must_be_complete_and_http():
    bad = {
        **GOOD,
        "sources": [{"publisher": "P", "title": "T", "url": "javascript:alert(1)", "date": "2026"}],
    }
    assert any("http(s)" in e for e in validate_properties(bad, "tripp"))
    missing = {**GOOD, "sources": [{"publisher": "P", "url": "https://e.org"}]}
    errors = validate_properties(missing, "tripp")
    assert any("'title'" in e for e in errors) and any("'date'" in e for e in errors)


def test_positions_need_a_source():
    bad = {**GOOD, "positions": [{"actor": "Iran", "position": "Opposes", "date": "2025"}]}
    assert any("positions[0]" in e for e in validate_properties(bad, "tripp"))
