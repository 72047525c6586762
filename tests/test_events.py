"""The events list: visible families only, up to the date, newest first."""

from __future__ import annotations

from datetime import date

from layers.events import events_up_to
from layers.features import Params


def test_newest_first_and_only_up_to_the_date(atlas):
    rows = events_up_to(atlas, ["hormuz_events", "tripp_events"], Params(as_of=date(2026, 4, 30)))
    assert rows and all(r.start <= date(2026, 4, 30) for r in rows)
    assert [r.start for r in rows] == sorted((r.start for r in rows), reverse=True)
    assert {r.layer for r in rows} <= {"hormuz_events", "tripp_events"}
    assert all(r.title and r.publishers for r in rows)


def test_hidden_families_are_left_out(atlas):
    assert events_up_to(atlas, ["hormuz_places"], Params()) == []
    everything = events_up_to(atlas, [f"{f}_events" for f in atlas.families], Params())
    assert len(everything) == sum((frame["kind"] == "event").sum() for frame in atlas.families.values())
