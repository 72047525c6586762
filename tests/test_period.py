"""The data's span, the checked as-of date and how a map states it."""

from __future__ import annotations

from datetime import date

import pytest

from layers.period import ARTICLE_DATE, AsOfError, as_of_line, check_as_of, data_span, default_as_of


def test_span_runs_from_the_first_dated_item_to_the_latest_reviewed_date(atlas):
    span = data_span(atlas)
    assert span.last == max(atlas.reviewed.values())
    assert span.first < ARTICLE_DATE < span.last
    assert default_as_of(atlas) == span.last  # never today's date
    assert span.last <= date.today()


@pytest.mark.parametrize(
    ("value", "needle"),
    [
        ("2026-02-30", "not a calendar date"),
        ("1 March 2026", "not a date"),
        ("2026-03", "needs a day"),
        ("1800-01-01", "before the data starts"),
        ("2099-01-01", "after the latest reviewed date"),
    ],
)
def test_bad_dates_are_refused_with_the_allowed_span(atlas, value, needle):
    with pytest.raises(AsOfError, match=needle):
        check_as_of(atlas, value)


def test_as_of_line_is_news_style_and_names_each_reviewed_date(atlas):
    one = as_of_line(atlas, date(2026, 3, 1), ["hormuz_places"])
    reviewed = atlas.reviewed["hormuz"]
    assert one == f"Situation as of 1 March 2026 · sources reviewed to {reviewed.day} {reviewed:%B %Y}"
    several = as_of_line(atlas, date(2026, 3, 1), ["hormuz_places", "tripp_route"])
    assert "Strait of Hormuz" in several and "TRIPP corridor" in several
