"""The Stories control: choosing a story moves the map to it, switches on its layers and shows
its caption and key dates (each date a button that sets the map's date)."""

from __future__ import annotations

import streamlit as st

from layers.events import EventRow
from layers.registry import LAYER_BY_ID
from render.views import VIEWS
from ui.timeline import AS_OF_KEY

STORY_KEY = "story"
RESTORE_KEY = "restore"  # the view and layers the map is asked to show once (a story, a link)


def _story_chosen() -> None:
    story = st.session_state.get(STORY_KEY)
    if story in VIEWS:
        view = VIEWS[story]
        lon0, lat0, lon1, lat1 = view.bbox
        nonce = f"story-{story}-{st.session_state.get('_story_count', 0) + 1}"
        st.session_state["_story_count"] = st.session_state.get("_story_count", 0) + 1
        st.session_state[RESTORE_KEY] = {
            "view": {"bounds": [[lat0, lon0], [lat1, lon1]]},
            "layers": list(view.layers),
            "nonce": nonce,
        }


def story_picker() -> str | None:
    """The stories as one row of choices; returns the chosen story's id (or None)."""
    labels = {vid: (v.story.label if v.story else v.title) for vid, v in VIEWS.items()}
    return st.pills(
        "Stories",
        list(VIEWS),
        format_func=labels.__getitem__,
        selection_mode="single",
        key=STORY_KEY,
        on_change=_story_chosen,
        label_visibility="collapsed",
        help="Each story moves the map, switches on its layers and explains what it shows.",
    )


def _set_date(row: EventRow) -> None:
    st.session_state[AS_OF_KEY] = row.start


def story_caption(story: str | None, key_events: list[EventRow]) -> None:
    """The chosen story's title, caption and key dates (shipped text)."""
    view = VIEWS.get(story) if story else None
    if view is None or view.story is None:
        return
    st.markdown(f"**{view.title}.** {view.story.caption}")
    if any(LAYER_BY_ID[i].parametric for i in view.layers):
        st.caption("The zone's depth D is set in the side panel (» at the top left).")
    if key_events:
        st.caption("Key dates (choose one to see the map on that day):")
        cols = st.columns(3)
        for i, row in enumerate(key_events):
            col = cols[i % len(cols)]
            col.button(
                f"{row.when}: {row.title}",
                key=f"key_date_{story}_{row.id}",
                on_click=_set_date,
                args=(row,),
                help=row.publishers,
                width="stretch",
            )
