"""The "Situation as of" control: a date field, the dates pressed on the map (its quick-date
buttons, static/corridors/dates.js), and a strip showing where events fall."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from layers.events import EventRow
from layers.period import Span

AS_OF_KEY = "as_of"
DATE_SEQ_KEY = "_map_date_seq"  # how many of the map's quick-date presses were taken in
STRIP_FROM = date(2025, 1, 1)  # the strip shows the period the stories are about


def take_map_date(choice: tuple[date, int] | None, span: Span) -> int:
    """A date pressed on the map (``render.st_map.reported_date``: the date and the press's
    count) becomes the chosen date, once per press; call before ``date_control``. The map has
    shown it already. Returns the number of presses taken in, which the map is sent back so
    that it ignores a date sent before its latest press. A date outside the data's span (the
    value comes from the browser) is not taken."""
    taken = int(st.session_state.get(DATE_SEQ_KEY, 0))
    if choice is None or choice[1] <= taken:
        return taken
    day, seq = choice
    st.session_state[DATE_SEQ_KEY] = seq
    if span.first <= day <= span.last:
        st.session_state[AS_OF_KEY] = day
    return seq


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
