"""The events list: newest first, up to the chosen date; choosing one moves the map to it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from layers.events import EventRow

FOCUS_KEY = "focus"
EVENTS_OPEN_KEY = "events_open"  # the events expander's open state
TABLE_KEY = "events_table"
_IDS_KEY = "events_table_ids"


def _chosen() -> None:
    """Selection callback (runs before the page reruns, so the map gets the request at once)."""
    selection = st.session_state.get(TABLE_KEY)
    rows = selection.selection.rows if selection is not None else []
    ids = st.session_state.get(_IDS_KEY, [])
    if rows and rows[0] < len(ids):
        nonce = (st.session_state.get(FOCUS_KEY) or {}).get("nonce", 0) + 1
        st.session_state[FOCUS_KEY] = {"id": ids[rows[0]], "nonce": nonce}


def events_table(events: list[EventRow]) -> None:
    """The events as a table; choosing a row asks the map to show that event."""
    if not events:
        st.caption("No event of the visible layers had happened by this date.")
        return
    st.session_state[_IDS_KEY] = [e.id for e in events]
    frame = pd.DataFrame(
        {
            "Date": [e.when for e in events],
            "Event": [e.title for e in events],
            "Family": [e.family for e in events],
            "Source": [e.publishers for e in events],
        }
    )
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        height=min(36 * (len(events) + 1), 320),
        on_select=_chosen,
        selection_mode="single-row",
        key=TABLE_KEY,
    )
