"""The period the data covers, the date a map shows, and how that date is stated.

The honest "as of" of a family is its reviewed date (the day up to which its sources were
searched); a map shows the situation on a chosen date inside the data's span and says both.
Nothing here reads the clock: the default date is the latest reviewed date, never today.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from layers.loading import Atlas
from layers.registry import FAMILY_BY_ID, LAYER_BY_ID
from layers.schema import EVENT_KIND
from layers.timeline import DateError, news_date, parse_date, parse_day

# The analysis the map accompanies (../shared/seed/article.txt) is dated 1 February 2026.
ARTICLE_DATE = date(2026, 2, 1)
ARTICLE_LABEL = "as of the article (1 February 2026)"


class AsOfError(ValueError):
    """A chosen date the data cannot answer for (the message says why and what is allowed)."""


@dataclass(frozen=True)
class Span:
    """First dated item in the data and the latest reviewed date."""

    first: date
    last: date


def _dated_items(atlas: Atlas) -> Iterable[date]:
    for frame in atlas.families.values():
        for kind, history, start in zip(
            frame["kind"],
            frame["history"] if "history" in frame else [None] * len(frame),
            frame["start"] if "start" in frame else [None] * len(frame),
            strict=True,
        ):
            if kind == EVENT_KIND:
                yield parse_date(start).start
            elif isinstance(history, list):
                yield from (parse_date(s["date"]).start for s in history if s.get("date"))


def data_span(atlas: Atlas) -> Span:
    """Earliest dated state or event, and the latest reviewed date of any family."""
    if not atlas.reviewed:
        raise AsOfError("no layer family loaded, so there is no dated data")
    last = max(atlas.reviewed.values())
    first = min(_dated_items(atlas), default=last)
    return Span(first=min(first, last), last=last)


def default_as_of(atlas: Atlas) -> date:
    """The date a map shows unless the user chooses: the latest reviewed date."""
    return data_span(atlas).last


def check_as_of(atlas: Atlas, value: str | date) -> date:
    """A user's date, checked against the data's span; AsOfError says what is wrong."""
    try:
        day = value if isinstance(value, date) else parse_day(value)
    except DateError as exc:
        raise AsOfError(f"{exc}") from None
    span = data_span(atlas)
    if day < span.first:
        raise AsOfError(
            f"{day} is before the data starts ({span.first}); choose a date from {span.first} to {span.last}"
        )
    if day > span.last:
        raise AsOfError(
            f"{day} is after the latest reviewed date ({span.last}): the data cannot say what "
            f"happened then; choose a date from {span.first} to {span.last}"
        )
    return day


def reviewed_for(atlas: Atlas, layer_ids: Iterable[str]) -> dict[str, date]:
    """Reviewed date of each family that the given layers draw, by family title."""
    families = {LAYER_BY_ID[i].family for i in layer_ids if i in LAYER_BY_ID}
    return {FAMILY_BY_ID[f].title: atlas.reviewed[f] for f in sorted(families) if f in atlas.reviewed}


def as_of_line(atlas: Atlas, as_of: date, layer_ids: Iterable[str]) -> str:
    """News-style dating for a map: 'Situation as of 1 March 2026 · sources reviewed to 20 November 2026'."""
    reviewed = reviewed_for(atlas, layer_ids)
    dates = sorted(set(reviewed.values()))
    if not dates:
        return f"Situation as of {news_date(as_of)}"
    if len(dates) == 1:
        return f"Situation as of {news_date(as_of)} · sources reviewed to {news_date(dates[0])}"
    listed = "; ".join(f"{title} {news_date(day)}" for title, day in reviewed.items())
    return f"Situation as of {news_date(as_of)} · sources reviewed to: {listed}"
