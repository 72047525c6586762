"""Dates with a precision, a feature's state on a date, an event's phase on a date."""

from __future__ import annotations

from datetime import date

import pytest

from layers.timeline import (
    DateError,
    breakpoints,
    event_label,
    event_on,
    news_date,
    parse_date,
    parse_day,
    state_on,
)

SRC = [{"publisher": "P", "title": "T", "url": "https://e.org", "date": "2026"}]
HISTORY = [
    {"date": "2025-08-08", "status": "planned", "confidence": "confirmed", "note": "a", "sources": SRC},
    {"date": "2026-03", "status": "suspended", "confidence": "reported", "note": "b", "sources": SRC},
    {"date": "2026-05-26", "status": "planned", "confidence": "reported", "note": "c", "sources": SRC},
]


@pytest.mark.parametrize(
    ("text", "start", "precision", "news"),
    [
        ("2026-03-02", date(2026, 3, 2), "day", "2 March 2026"),
        ("2026-03", date(2026, 3, 1), "month", "March 2026"),
        ("2026", date(2026, 1, 1), "year", "2026"),
    ],
)
def test_dates_keep_their_precision(text, start, precision, news):
    parsed = parse_date(text)
    assert (parsed.start, parsed.precision, parsed.iso, parsed.news()) == (start, precision, text, news)


def test_period_ends():
    assert parse_date("2026-02").end == date(2026, 2, 28)
    assert parse_date("2024-02").end == date(2024, 2, 29)
    assert parse_date("2026").end == date(2026, 12, 31)
    assert parse_date("2026-12").end == date(2026, 12, 31)


@pytest.mark.parametrize("bad", ["2026-02-30", "March 2026", "26-03-01", "", None, "2026-13", "2026-3-1"])
def test_bad_dates_are_refused(bad):
    with pytest.raises(DateError):
        parse_date(bad)


def test_user_dates_need_a_day():
    assert parse_day("2026-03-01") == date(2026, 3, 1)
    with pytest.raises(DateError, match="needs a day"):
        parse_day("2026-03")


def test_state_before_the_first_does_not_exist():
    assert state_on(HISTORY, date(2025, 8, 7)) is None


@pytest.mark.parametrize(
    ("day", "note"),
    [
        (date(2025, 8, 8), "a"),  # on the day it begins
        (date(2026, 2, 28), "a"),  # between states
        (date(2026, 3, 1), "b"),  # a month-precision state holds from the 1st
        (date(2026, 5, 25), "b"),
        (date(2026, 11, 25), "c"),  # after the last
        (None, "c"),  # latest
    ],
)
def test_state_on_a_date(day, note):
    assert state_on(HISTORY, day).note == note


def test_undated_first_state_holds_from_the_beginning():
    history = [{**HISTORY[0], "date": None}, HISTORY[1]]
    assert state_on(history, date(1900, 1, 1)).index == 0
    assert breakpoints(history) == [(None, 0), (date(2026, 3, 1), 1)]


def test_event_phases():
    assert event_on("2026-03-02", None, date(2026, 3, 1)) is None
    assert event_on("2026-03-02", None, date(2026, 3, 2)).recency == "recent"
    assert event_on("2026-03-02", None, date(2026, 5, 1)).recency == "ongoing"
    ended = event_on("2026-03-02", "2026-03-10", date(2026, 5, 1))
    assert ended.recency == "earlier" and not ended.ongoing
    assert event_on("2026-03", "2026-04", date(2026, 4, 30)).ongoing  # a month-precision end lasts the month


def test_labels_and_news_dates():
    assert event_label("Strait declared closed", "2026-03-02") == "Strait declared closed · 2 Mar 2026"
    assert event_label("Deal", "2026-05") == "Deal · May 2026"
    assert news_date(date(2026, 11, 20)) == "20 November 2026"
