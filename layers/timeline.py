"""Time is data: dates with a precision, a feature's state on a date, an event's phase on a date.

Dates are ISO 8601 at reduced precision: ``YYYY-MM-DD`` (day), ``YYYY-MM`` (month) or ``YYYY``
(year). A state or event dated at month or year precision takes effect at the start of that
period: "2026-03" holds from 1 March 2026. Both renderers ask ``state_on`` and ``event_on``
what a feature looked like on a chosen date; neither compares dates of its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

Precision = Literal["day", "month", "year"]
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# How recent an event is, relative to the chosen date (styles and legend read these ids).
RECENT_DAYS = 30
Recency = Literal["recent", "ongoing", "earlier"]
RECENCY_LABEL: dict[str, str] = {
    "recent": f"In the {RECENT_DAYS} days to the chosen date",
    "ongoing": "Earlier, still in effect",
    "earlier": "Earlier, over",
}


class DateError(ValueError):
    """A date that is not ISO ``YYYY[-MM[-DD]]`` or not a real calendar date."""


@dataclass(frozen=True, order=True)
class FuzzyDate:
    """A date known to a day, a month or a year; ordered by the day it starts."""

    start: date
    precision: Precision

    @property
    def iso(self) -> str:
        """Back to the form it was written in."""
        if self.precision == "year":
            return f"{self.start.year:04d}"
        if self.precision == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return self.start.isoformat()

    @property
    def end(self) -> date:
        """Last day of the period."""
        if self.precision == "day":
            return self.start
        if self.precision == "month":
            nxt = date(self.start.year + self.start.month // 12, self.start.month % 12 + 1, 1)
            return nxt - timedelta(days=1)
        return date(self.start.year, 12, 31)

    def news(self) -> str:
        """News style: '1 March 2026', 'March 2026', '2026'."""
        if self.precision == "year":
            return str(self.start.year)
        month = _MONTHS[self.start.month - 1]
        if self.precision == "month":
            return f"{month} {self.start.year}"
        return f"{self.start.day} {month} {self.start.year}"


def parse_date(text: Any) -> FuzzyDate:
    """``"2026-03-02"`` / ``"2026-03"`` / ``"2026"`` → FuzzyDate; DateError says what is wrong."""
    if isinstance(text, date):
        return FuzzyDate(text, "day")
    match = _ISO.match(str(text).strip()) if isinstance(text, str) else None
    if match is None:
        raise DateError(f"{str(text)[:40]!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = match.groups()
    try:
        start = date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise DateError(f"{text!r} is not a calendar date") from None
    return FuzzyDate(start, "day" if day else "month" if month else "year")


def parse_day(text: Any) -> date:
    """A date to the day (user input, reviewed dates); DateError otherwise."""
    parsed = parse_date(text)
    if parsed.precision != "day":
        raise DateError(f"{text!r} needs a day: YYYY-MM-DD")
    return parsed.start


def news_date(day: date) -> str:
    """'1 March 2026'."""
    return FuzzyDate(day, "day").news()


@dataclass(frozen=True)
class State:
    """One dated state of a feature (see docs/DATA_CONTRACT.md, ``history``)."""

    date: FuzzyDate | None  # None: an undated first state, holding before every dated item
    status: str
    confidence: str
    note: str
    sources: tuple[Mapping[str, Any], ...]
    index: int  # position in the history


def states(history: Sequence[Mapping[str, Any]]) -> list[State]:
    """A validated history as State objects (oldest first)."""
    out = []
    for i, raw in enumerate(history):
        when = raw.get("date")
        out.append(
            State(
                date=None if when is None else parse_date(when),
                status=str(raw["status"]),
                confidence=str(raw["confidence"]),
                note=str(raw.get("note", "")),
                sources=tuple(raw.get("sources") or ()),
                index=i,
            )
        )
    return out


def state_on(history: Sequence[Mapping[str, Any]], day: date | None) -> State | None:
    """The feature's state on ``day``: the latest state that has begun by then.

    None when ``day`` falls before the first state (the feature did not exist yet on the map).
    ``day=None`` means "the latest state".
    """
    all_states = states(history)
    if not all_states:
        return None
    if day is None:
        return all_states[-1]
    current = None
    for state in all_states:
        if state.date is None or state.date.start <= day:
            current = state
        else:
            break
    return current


def breakpoints(history: Sequence[Mapping[str, Any]]) -> list[tuple[date | None, int]]:
    """``(from_day, state index)`` pairs: the intervals ``state_on`` answers with, for a renderer
    that switches states itself (the browser). ``from_day`` None means "from the beginning"."""
    return [(s.date.start if s.date else None, s.index) for s in states(history)]


@dataclass(frozen=True)
class EventPhase:
    """An event as seen on a chosen date."""

    recency: Recency
    days_since_start: int
    ongoing: bool


def event_on(start: Any, end: Any, day: date) -> EventPhase | None:
    """How an event stands on ``day``; None if it had not begun."""
    begun = parse_date(start)
    if begun.start > day:
        return None
    finished = parse_date(end).end if end else None
    ongoing = finished is None or finished >= day
    since = (day - begun.start).days
    if since <= RECENT_DAYS:
        recency: Recency = "recent"
    elif ongoing:
        recency = "ongoing"
    else:
        recency = "earlier"
    return EventPhase(recency, since, ongoing)


def event_label(name: str, start: Any) -> str:
    """Short dated label for a map: 'IRGC declares closure · 2 Mar 2026'."""
    when = parse_date(start)
    text = when.news()
    if when.precision == "day":  # abbreviate the month on the map
        parts = text.split()
        text = f"{parts[0]} {parts[1][:3]} {parts[2]}"
    return f"{name} · {text}"
