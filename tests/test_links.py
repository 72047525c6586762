"""Share links: a state survives the round trip; bad parameters become notices, never errors."""

from __future__ import annotations

from datetime import date

import pytest

from render.links import LinkState, link_params, parse_link


def test_round_trip(atlas):
    params = link_params(
        story="tripp",
        center=(39.05, 46.2),
        zoom=9.25,
        layers=["tripp_route", "tripp_towns"],
        as_of=date(2026, 3, 4),
        depth_km=25.0,
    )
    state = parse_link(atlas, params)
    assert state == LinkState(
        "tripp", (39.05, 46.2), 9.25, ("tripp_route", "tripp_towns"), date(2026, 3, 4), 25.0
    )
    assert state.notices == ()
    assert state.view == {"center": [39.05, 46.2], "zoom": 9.25}


def test_a_story_alone_restores_its_extent(atlas):
    state = parse_link(atlas, {"story": "hormuz"})
    assert state.view == {"bounds": [[25.0, 54.7], [27.5, 57.9]]} and state.layers is None


def test_no_layers_is_a_choice_not_a_default(atlas):
    assert (
        parse_link(
            atlas, link_params(story=None, center=None, zoom=None, layers=[], as_of=None, depth_km=None)
        ).layers
        == ()
    )


@pytest.mark.parametrize(
    "params, notice",
    [
        ({"story": "<script>"}, "unknown story"),
        ({"c": "91,10", "z": "5"}, "map centre"),
        ({"c": "nan,1", "z": "5"}, "map centre"),
        ({"c": "39,46", "z": "99"}, "zoom"),
        ({"c": "39,46"}, "needs both"),
        ({"layers": "tripp_route,evil"}, "unknown layer"),
        ({"date": "2030-01-01"}, "after the latest reviewed date"),
        ({"date": "yesterday"}, "date ignored"),
        ({"depth": "1e9"}, "buffer depth"),
        ({"depth": "inf"}, "buffer depth"),
        ({"utm_source": "x"}, "unknown link parameter"),
        ({"story": "x" * 5000}, "too long"),
    ],
)
def test_bad_parameters_are_named_and_dropped(atlas, params, notice):
    state = parse_link(atlas, {**params, "date": params.get("date", "2026-03-01")})
    assert any(notice in n for n in state.notices), state.notices
    if "layers" in params:
        assert state.layers == ("tripp_route",)  # the good part of a value still applies
    if "date" not in params:
        assert state.as_of == date(2026, 3, 1)  # and the other parameters too


def test_repeated_parameters_take_the_last_value(atlas):
    assert parse_link(atlas, {"story": ["tripp", "border"]}).story == "border"


def test_depth_is_rounded_to_the_slider_step(atlas):
    assert parse_link(atlas, {"depth": "27"}).depth_km == 25.0
