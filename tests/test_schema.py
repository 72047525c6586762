"""The data contract rejects what it should, naming the feature and the problem."""

from __future__ import annotations

from datetime import date

import pytest

from layers.schema import reviewed_date, validate_properties

SRC = {"publisher": "P", "title": "T", "url": "https://example.org/a", "date": "2026-01"}
STATE = {
    "date": "2026-01-13",
    "status": "planned",
    "confidence": "confirmed",
    "note": "Said by X.",
    "sources": [SRC],
}
GOOD = {
    "id": "x_route",
    "name": "X",
    "kind": "route",
    "geometry_accuracy": "approximate",
    "description": "A route.",
    "sources": [SRC],
    "history": [STATE],
}
EVENT = {
    "id": "x_signed",
    "name": "Deal signed",
    "kind": "event",
    "event_type": "agreement",
    "start": "2026-05-26",
    "confidence": "reported",
    "geometry_accuracy": "approximate",
    "description": "Signed, according to Y.",
    "sources": [SRC],
}
REVIEWED = date(2026, 6, 1)


def errors(props, family="tripp"):
    return "\n".join(validate_properties(props, family, REVIEWED))


def test_valid_feature_and_event_pass():
    assert validate_properties(GOOD, "tripp", REVIEWED) == []
    assert validate_properties(EVENT, "tripp", REVIEWED) == []


def test_each_problem_is_named():
    bad = {
        **GOOD,
        "kind": "canal",
        "sources": [],
        "history": [{**STATE, "status": "rumoured", "date": "13/01/2026"}],
    }
    text = errors(bad)
    assert "kind 'canal'" in text and "status 'rumoured'" in text
    assert "'13/01/2026' is not a date" in text and "sources" in text
    assert all(line.startswith("x_route") for line in text.splitlines())


@pytest.mark.parametrize(
    ("history", "needle"),
    [
        ([], "non-empty 'history'"),
        ([{**STATE, "date": "2026-02"}, {**STATE, "date": "2026-01-13"}], "before the state above it"),
        ([{**STATE, "date": "2026-07-01"}], "after the family's reviewed date 2026-06-01"),
        ([{**STATE, "date": None}], "only a place's first state may be undated"),
        ([{**STATE, "note": ""}], "needs a 'note'"),
        ([{**STATE, "sources": []}], "history[0]: needs a non-empty 'sources'"),
        ([{**STATE, "confidence": "sure"}], "confidence 'sure'"),
    ],
)
def test_history_rules(history, needle):
    assert needle in errors({**GOOD, "history": history})


def test_a_place_may_start_undated_and_current_state_must_agree():
    town = {**GOOD, "kind": "town", "history": [{**STATE, "date": None, "status": "existing"}]}
    assert errors(town) == ""
    assert "disagrees with the latest state" in errors({**GOOD, "status": "operating"})


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"start": None}, "missing 'start'"),
        ({"event_type": "rumour"}, "event_type 'rumour'"),
        ({"end": "2026-05-01"}, "ends (2026-05-01) before it starts"),
        ({"start": "2026-06-02"}, "after the family's reviewed date"),
    ],
)
def test_event_rules(change, needle):
    assert needle in errors({**EVENT, **change})


def test_sources_and_positions_are_checked():
    bad = {
        **GOOD,
        "sources": [{"publisher": "P", "title": "T", "url": "javascript:alert(1)", "date": "2026"}],
    }
    assert "http(s)" in errors(bad)
    assert "positions[0]" in errors({**GOOD, "positions": [{"actor": "Iran", "position": "Opposes"}]})


def test_reviewed_date_is_required_real_and_not_in_the_future():
    assert reviewed_date({"reviewed": "2026-06-01"}, "f.geojson", today=date(2026, 11, 25)) == REVIEWED
    for collection, needle in [
        ({}, "no 'reviewed' date"),
        ({"reviewed": "2026-06"}, "needs a day"),
        ({"reviewed": "2026-12-01"}, "in the future"),
    ]:
        with pytest.raises(ValueError, match=needle):
            reviewed_date(collection, "f.geojson", today=date(2026, 11, 25))
