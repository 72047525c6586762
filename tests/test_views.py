"""Views: presets reference registered layers; extents and map bounds are checked."""

from __future__ import annotations

import pytest

from layers.registry import LAYER_BY_ID
from render.interactive import REGION_BOUNDS
from render.views import REGION_BBOX, VIEWS, ViewError, bbox_from_leaflet_bounds, check_bbox, parse_bbox


def test_region_bbox_matches_interactive_bounds():
    (lat0, lon0), (lat1, lon1) = REGION_BOUNDS
    assert (lon0, lat0, lon1, lat1) == REGION_BBOX


def test_presets_reference_registered_layers_and_valid_boxes():
    assert set(VIEWS) == {"region", "tripp", "border", "gas-swap", "hormuz"}
    for view in VIEWS.values():
        assert set(view.layers) <= set(LAYER_BY_ID) and view.layers
        assert check_bbox(view.bbox) == view.bbox


def test_leaflet_bounds_to_bbox():
    bounds = {"_southWest": {"lat": 25.0, "lng": 54.5}, "_northEast": {"lat": 27.5, "lng": 58.0}}
    assert bbox_from_leaflet_bounds(bounds) == (54.5, 25.0, 58.0, 27.5)
    with pytest.raises(ViewError):
        bbox_from_leaflet_bounds({"_southWest": {"lat": 1}})


@pytest.mark.parametrize(
    "text", ["1,2,3", "a,b,c,d", "10,40,5,45", "10,95,20,96", "0,0,0.001,0.001", "nan,1,2,3"]
)
def test_bad_bbox_rejected(text):
    with pytest.raises(ViewError):
        parse_bbox(text)


def test_every_view_tells_its_story_with_dated_events_from_the_data(atlas):
    from layers.events import key_events
    from layers.features import Params

    for view in VIEWS.values():
        assert view.story is not None, view.id
        sentences = [s for s in view.story.caption.split(". ") if s]
        assert 2 <= len(sentences) <= 4 and len(view.story.caption) < 600, view.id
        rows = key_events(atlas, view.story.key_events, Params())
        assert {r.id for r in rows} == set(view.story.key_events), f"{view.id}: unknown event ids"
        assert [r.start for r in rows] == sorted(r.start for r in rows), view.id
        assert all(r.publishers for r in rows), view.id
