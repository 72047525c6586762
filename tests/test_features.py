"""What a layer draws on a date: features that exist then, in the state they were in."""

from __future__ import annotations

from datetime import date

from layers.features import Params, layer_frame
from layers.registry import LAYER_BY_ID
from layers.timeline import parse_date, state_on


def row(frame, fid):
    return frame[frame["id"] == fid].iloc[0]


def test_features_do_not_exist_before_their_first_state(atlas):
    route = LAYER_BY_ID["tripp_route"]
    first = parse_date(
        atlas.families["tripp"].set_index("id").loc["tripp_syunik_section", "history"][0]["date"]
    )
    before = layer_frame(atlas, route, Params(as_of=first.start.replace(year=first.start.year - 1)))
    assert "tripp_syunik_section" not in set(before["id"])
    on = layer_frame(atlas, route, Params(as_of=first.start))
    assert "tripp_syunik_section" in set(on["id"])


def test_state_on_the_chosen_date_drives_status_and_note(atlas):
    strait = atlas.families["hormuz"].set_index("id").loc["strait_of_hormuz"]
    places = LAYER_BY_ID["hormuz_strait"]
    for day in (date(2026, 2, 1), date(2026, 3, 10), atlas.reviewed["hormuz"]):
        expected = state_on(strait["history"], day)
        got = row(layer_frame(atlas, places, Params(as_of=day)), "strait_of_hormuz")
        assert (got["status"], got["confidence"], got["state_note"]) == (
            expected.status,
            expected.confidence,
            expected.note,
        )
    # the strait's state changed between the article and the latest review
    article = row(layer_frame(atlas, places, Params(as_of=date(2026, 2, 1))), "strait_of_hormuz")
    latest = row(layer_frame(atlas, places, Params()), "strait_of_hormuz")
    assert (article["status"], article["state_note"]) != (latest["status"], latest["state_note"])


def test_events_appear_once_begun_and_age(atlas):
    events = LAYER_BY_ID["hormuz_events"]
    frame = atlas.families["hormuz"]
    first = min(parse_date(s).start for s in frame.loc[frame["kind"] == "event", "start"])
    before = date.fromordinal(first.toordinal() - 1)
    assert layer_frame(atlas, events, Params(as_of=before)).empty
    on_first = layer_frame(atlas, events, Params(as_of=first))
    assert len(on_first) >= 1 and set(on_first["recency"]) == {"recent"}
    latest = layer_frame(atlas, events, Params())
    assert len(latest) == (frame["kind"] == "event").sum()
    assert "earlier" in set(latest["recency"])  # months after the first events, they have aged
