"""What each story page says and starts from: one per preset view with a story (label,
caption, key dates resolved from the data), its layers and extent, the date span and the
dates at which anything on the map changes (the page's date steps)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from layers.derive import DEFAULT_BUFFER_KM
from layers.events import EventRow, key_events
from layers.features import Params
from layers.loading import Atlas
from layers.period import Span, as_of_line, data_span, default_as_of
from layers.registry import LAYERS
from layers.timeline import news_date
from render.interactive.data import layer_data
from render.views import View


@dataclass(frozen=True)
class Download:
    """A file the page links to."""

    label: str
    path: str  # relative to the site's root
    size: int  # bytes


@dataclass(frozen=True)
class Story:
    """One story page."""

    view: View
    label: str
    caption: str
    events: tuple[EventRow, ...]
    as_of: date
    as_of_line: str
    downloads: tuple[Download, ...] = ()

    @property
    def page(self) -> str:
        """The page's file name."""
        return f"{self.view.id}.html"

    @property
    def as_of_rest(self) -> str:
        """The as-of line after its date ('· sources reviewed to …'), which the page keeps when
        the reader changes the date."""
        head = f"Situation as of {news_date(self.as_of)}"
        assert self.as_of_line.startswith(head), self.as_of_line
        return self.as_of_line[len(head) :]


def stories(atlas: Atlas, views: dict[str, View]) -> list[Story]:
    """A story per view that has one, in the views' order, on the latest reviewed date."""
    day = default_as_of(atlas)
    out = []
    for view in views.values():
        if view.story is None:
            continue
        events = key_events(atlas, view.story.key_events, Params(as_of=day))
        out.append(
            Story(
                view=view,
                label=view.story.label,
                caption=view.story.caption,
                events=tuple(events),
                as_of=day,
                as_of_line=as_of_line(atlas, day, view.layers),
            )
        )
    return out


def step_dates(atlas: Atlas, span: Span) -> list[str]:
    """Every day on which a feature's state or an event's look changes, inside the span (with
    its ends): the stops of the page's date slider."""
    days = {span.first.isoformat(), span.last.isoformat()}
    for layer in LAYERS:
        data = layer_data(atlas, layer, DEFAULT_BUFFER_KM) or {"features": []}
        for feature in data["features"]:
            days.update(s["from"] for s in feature["properties"]["states"] if s["from"])
    return sorted(d for d in days if span.first.isoformat() <= d <= span.last.isoformat())


def page_config(
    atlas: Atlas, story: Story, steps: list[str], depth_files: dict[str, dict[str, str]]
) -> dict[str, Any]:
    """What ``static/corridors/site.js`` needs: the story's start (layers, extent, date), the
    allowed dates, the depths and their files, and every layer id the map knows."""
    span = data_span(atlas)
    west, south, east, north = story.view.bbox
    layer, files = next(iter(depth_files.items()), ("", {}))
    return {
        "story": story.view.id,
        "layers": list(story.view.layers),
        "bounds": [[south, west], [north, east]],
        "date": story.as_of.isoformat(),
        "first": span.first.isoformat(),
        "last": span.last.isoformat(),
        "steps": steps,
        "known": [layer.id for layer in LAYERS],
        "depth": {"layer": layer, "default": DEFAULT_BUFFER_KM, "files": files},
        "asOfRest": story.as_of_rest,
    }
