"""Notes under the legend: uncertain, disputed (as the data says), measured, dated events."""

from __future__ import annotations

from datetime import date

from layers.features import Params
from layers.notes import MapNotes, collect_notes


def test_disputed_places_are_grouped_by_what_the_data_says(atlas):
    notes = collect_notes(atlas, ["hormuz_places"]).sentences()
    disputed = [n for n in notes if n.startswith("Disputed sovereignty")]
    assert disputed and all("the map takes no position" in n for n in disputed)
    sovereignty = atlas.families["hormuz"].set_index("id").loc["island_abu_musa", "sovereignty"]
    assert any(sovereignty in n and "Abu Musa" in n for n in disputed)


def test_only_measured_figures_are_listed(atlas):
    notes = " ".join(collect_notes(atlas, ["hormuz_narrowest", "hormuz_tss_lanes"]).sentences())
    assert "Narrowest width (geodesic)" in notes
    assert "Width (IMO scheme)" not in notes  # a declared lane width is not a measurement


def test_events_are_listed_newest_first_up_to_the_date(atlas):
    early = collect_notes(atlas, ["hormuz_events"], Params(as_of=date(2026, 3, 3)))
    late = collect_notes(atlas, ["hormuz_events"])
    assert 0 < len(early.events) < len(late.events)
    assert late.events[0] != early.events[0]


def test_long_lists_are_shortened():
    notes = MapNotes(not_confirmed=["a", "b", "c", "d", "e"])
    assert "and 2 more" in " ".join(notes.sentences())
