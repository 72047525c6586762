"""Stories: one per preset view, key dates from the data, dates at which the map changes."""

from __future__ import annotations

from layers.loading import Atlas
from layers.period import data_span, default_as_of
from render.site.stories import page_config, step_dates, stories
from render.views import VIEWS


def test_one_story_per_view_with_its_key_dates(atlas: Atlas):
    found = stories(atlas, VIEWS)
    assert [s.view.id for s in found] == list(VIEWS)
    for story in found:
        assert [e.id for e in story.events] == list(story.view.story.key_events)  # all in the data
        assert story.as_of == default_as_of(atlas) and story.page == f"{story.view.id}.html"
        assert story.as_of_line == f"Situation as of 2 July 2026{story.as_of_rest}"
        assert story.as_of_rest.startswith(" · sources reviewed to")


def test_steps_are_the_days_the_map_changes(atlas: Atlas):
    span = data_span(atlas)
    steps = step_dates(atlas, span)
    assert steps[0] == span.first.isoformat() and steps[-1] == span.last.isoformat()
    assert steps == sorted(set(steps))
    assert "2026-03-02" in steps  # the IRGC adviser's closure declaration
    assert "2026-04-02" in steps  # … no longer "recent" 31 days on


def test_page_config(atlas: Atlas):
    story = stories(atlas, {"tripp": VIEWS["tripp"]})[0]
    cfg = page_config(atlas, story, ["2026-01-01"], {"buffer_zone_area": {"30": "data/buffer/x.json"}})
    assert cfg["story"] == "tripp" and cfg["layers"] == list(VIEWS["tripp"].layers)
    assert cfg["bounds"] == [[38.45, 43.6], [40.85, 47.6]]
    assert cfg["depth"] == {
        "layer": "buffer_zone_area",
        "default": 30.0,
        "files": {"30": "data/buffer/x.json"},
    }
    assert "buffer_zone_area" in cfg["known"]
