"""The "Situation as of" control: a date field, quick dates, and a strip showing where events fall."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from layers.events import EventRow
from layers.period import ARTICLE_DATE, Span

AS_OF_KEY = "as_of"
STRIP_FROM = date(2025, 1, 1)  # the strip shows the period the stories are about


def _set(day: date) -> None:
    st.session_state[AS_OF_KEY] = day


def date_control(span: Span) -> date:
    """The chosen date (default: the latest reviewed date)."""
    st.session_state.setdefault(AS_OF_KEY, span.last)
    return st.date_input(
        "Situation as of",
        min_value=span.first,
        max_value=span.last,
        key=AS_OF_KEY,
        format="YYYY-MM-DD",
        help=f"Any date from {span.first} (the earliest dated item) to {span.last}, the latest date up to "
        "which sources were reviewed.",
    )


def quick_dates(span: Span) -> None:
    """Buttons for the article's date and the latest reviewed one."""
    left, right = st.columns(2)
    left.button(
        "As of the article (1 Feb 2026)",
        key="article_date",
        on_click=_set,
        args=(max(min(ARTICLE_DATE, span.last), span.first),),
        help="1 February 2026, the date of the analysis this map accompanies",
        width="stretch",
    )
    right.button(
        f"Latest reviewed ({span.last:%-d %b %Y})",
        key="latest_date",
        on_click=_set,
        args=(span.last,),
        width="stretch",
    )


def event_strip(events: list[EventRow], as_of: date, span: Span) -> None:
    """Ticks where events fall (by family) and a rule at the chosen date."""
    if not events:
        return
    start = max(STRIP_FROM, span.first)
    frame = pd.DataFrame(
        [{"date": e.start, "family": e.family_short, "event": e.title} for e in events if e.start >= start]
    )
    if frame.empty:
        return
    ticks = (
        alt.Chart(frame)
        .mark_tick(thickness=2, size=12)
        .encode(
            x=alt.X("date:T", title=None, scale=alt.Scale(domain=[start.isoformat(), span.last.isoformat()])),
            y=alt.Y("family:N", title=None, axis=alt.Axis(labelLimit=100, labelOverlap=False)),
            tooltip=["date:T", "family:N", "event:N"],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"date": [as_of]}))
        .mark_rule(color="#D55E00", strokeWidth=2)
        .encode(x="date:T")
    )
    rows = frame["family"].nunique()
    st.altair_chart((ticks + rule).properties(height=24 * rows + 10), width="stretch")
