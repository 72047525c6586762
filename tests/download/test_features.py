"""The visible features on a date: the renderers' records, dated items after the date left out."""

from __future__ import annotations

from datetime import date

import pytest

from layers.features import Params, layer_records
from layers.period import default_as_of
from layers.registry import LAYER_BY_ID
from render.download.features import as_of_props, started_by, visible_features
from render.views import VIEWS, ViewError

TRIPP = VIEWS["tripp"].layers
DAY = date(2026, 3, 1)


def test_ids_are_those_the_renderers_draw(atlas):
    selection = visible_features(atlas, TRIPP, Params(as_of=DAY))
    expected = [
        str(props["id"])
        for i in TRIPP
        for props, _ in layer_records(atlas, LAYER_BY_ID[i], Params(as_of=DAY))
    ]
    assert [f.id for f in selection.features] == expected
    assert len(expected) > 20


def test_an_event_after_the_date_is_absent(atlas):
    before = {f.id for f in visible_features(atlas, ["tripp_events"], Params(as_of=DAY)).features}
    after = {f.id for f in visible_features(atlas, ["tripp_events"], Params(as_of=date(2026, 6, 1))).features}
    assert "ev_tripp_signed_yerevan" not in before  # signed 26 May 2026
    assert "ev_tripp_signed_yerevan" in after


def test_a_date_before_a_feature_existed_excludes_it(atlas):
    # The route's first state is the Washington declaration of 8 August 2025.
    early = visible_features(atlas, ["tripp_route"], Params(as_of=date(2025, 8, 7)))
    later = visible_features(atlas, ["tripp_route"], Params(as_of=date(2025, 8, 8)))
    assert early.features == ()
    assert [f.id for f in later.features] == ["tripp_syunik_section"]


def test_states_and_sources_after_the_date_are_left_out(atlas):
    (route,) = visible_features(atlas, ["tripp_route"], Params(as_of=date(2025, 12, 1))).features
    assert [s["date"] for s in route.props["history"]] == ["2025-08-08", "2025-11-17"]
    assert route.props["state_date"] == "2025-11-17"
    assert all(started_by(s.get("date"), date(2025, 12, 1)) for s in route.props["sources"])
    (latest,) = visible_features(atlas, ["tripp_route"], Params()).features
    assert len(latest.props["history"]) > 2


def test_as_of_props_drops_missing_values_and_renderer_columns():
    props = {
        "id": "x",
        "event_type": None,
        "date": "2026-03",
        "state_index": 2,
        "sources": [{"url": "a", "date": "2026-02"}, {"url": "b", "date": "2026-04-02"}, {"url": "c"}],
        "positions": [{"date": "2027"}],
        "figures": [{"source": {"date": "2025"}}, {"source": {"date": "2026-03-02"}}],
    }
    out = as_of_props(props, date(2026, 3, 1))
    assert set(out) == {"id", "sources", "positions", "figures"}
    assert [s["url"] for s in out["sources"]] == ["a", "c"]
    assert out["positions"] == [] and len(out["figures"]) == 1


def test_no_date_means_the_latest_reviewed_date(atlas):
    selection = visible_features(atlas, TRIPP, Params())
    assert selection.as_of == default_as_of(atlas)
    assert set(selection.reviewed) == {"tripp"}


def test_unknown_layers_are_refused(atlas):
    with pytest.raises(ViewError, match="unknown layer"):
        visible_features(atlas, ["tripp_route", "nope"], Params())
