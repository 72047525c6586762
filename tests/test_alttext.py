"""The generated description of a view: place, date, features in their state, latest events."""

from __future__ import annotations

from datetime import date

from layers.alttext import describe_view
from layers.features import Params
from render.views import VIEWS


def test_describes_place_date_and_what_is_drawn(atlas):
    view = VIEWS["hormuz"]
    text = describe_view(atlas, view.layers, view.bbox, Params(as_of=date(2026, 7, 2)))
    assert text.startswith("Map of the area from")
    assert "Oman" in text and "Iran" in text
    assert "Situation as of 2 July 2026" in text
    assert "Abu Musa" in text and "dated events up to this date" in text
    assert "TRIPP" not in text  # nothing outside the view's layers


def test_follows_the_chosen_date(atlas):
    view = VIEWS["hormuz"]
    before = describe_view(atlas, view.layers, view.bbox, Params(as_of=date(2025, 6, 1)))
    after = describe_view(atlas, view.layers, view.bbox, Params(as_of=date(2026, 7, 2)))
    assert "Situation as of 1 June 2025" in before
    assert "Strait of Hormuz (existing)" in before
    assert "Strait of Hormuz (restricted" in after
    assert "1 dated event up to this date" in before and "Doha talks" in after


def test_only_features_inside_the_extent_are_named(atlas):
    tripp = VIEWS["tripp"]
    text = describe_view(atlas, tripp.layers + VIEWS["hormuz"].layers, tripp.bbox)
    assert "Abu Musa" not in text and "Meghri" in text


def test_long_lists_are_shortened(atlas):
    view = VIEWS["region"]
    text = describe_view(atlas, view.layers, view.bbox)
    assert " more" in text and len(text) < 4000
