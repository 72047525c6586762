"""The browser's per-state data: every state styled by the same rule as print, texts escaped,
popup texts apart from the map's script."""

from __future__ import annotations

from dataclasses import replace

from layers.registry import LAYER_BY_ID, LAYERS
from layers.styles import event_style, feature_style
from layers.timeline import breakpoints
from render.interactive.data import clear_caches, layer_data, layer_texts, look


def style_mismatches(atlas, layers) -> list[str]:
    """Features whose browser states do not look like the declared style refined per state."""
    bad = []
    for layer in layers:
        if layer.events:
            continue
        clear_caches()
        data = layer_data(atlas, layer, 30.0)
        frame = atlas.families[layer.family].set_index("id")
        for feature in data["features"]:
            props = feature["properties"]
            if props["id"] not in frame.index:  # derived features: their own test below
                continue
            history = frame.loc[props["id"], "history"]
            for state, raw in zip(props["states"], history, strict=True):
                accuracy = frame.loc[props["id"]].get("geometry_accuracy")
                style = feature_style(layer.style, raw["status"], raw["confidence"], accuracy)
                if data["looks"][state["look"]] != look(style, feature["geometry"]["type"]):
                    bad.append(f"{layer.id}:{props['id']}")
    clear_caches()
    return bad


def test_every_state_has_the_declared_style(atlas):
    assert style_mismatches(atlas, LAYERS) == []


def test_a_changed_colour_is_caught(atlas, monkeypatch):
    """The check above can fail: one layer drawn in a colour it does not declare."""
    import render.interactive.data as data

    real = data.feature_style
    monkeypatch.setattr(
        data, "feature_style", lambda base, s, c, a=None: replace(real(base, s, c, a), color="#123456")
    )
    assert any(
        m.startswith("tripp_railways:") for m in style_mismatches(atlas, [LAYER_BY_ID["tripp_railways"]])
    )


def test_states_follow_the_history_breakpoints(atlas):
    route = layer_data(atlas, LAYER_BY_ID["tripp_route"], 30.0)["features"][0]["properties"]
    history = atlas.families["tripp"].set_index("id").loc[route["id"], "history"]
    assert [s["from"] for s in route["states"]] == [
        d.isoformat() if d else None for d, _ in breakpoints(history)
    ]
    texts = layer_texts(atlas, LAYER_BY_ID["tripp_route"], 30.0)[route["id"]]
    assert len(texts["bodies"]) == len(route["states"]) and all("Status:" in b for b in texts["bodies"])


def test_popup_texts_travel_apart_unless_asked_for(atlas):
    layer = LAYER_BY_ID["hormuz_places"]
    assert "texts" not in layer_data(atlas, layer, 30.0)
    inline = layer_data(atlas, layer, 30.0, with_texts=True)
    assert set(inline["texts"]) == {f["properties"]["id"] for f in inline["features"]}
    assert "head" not in inline["features"][0]["properties"]


def test_events_change_style_as_they_age(atlas):
    data = layer_data(atlas, LAYER_BY_ID["hormuz_events"], 30.0)
    aged = [f for f in data["features"] if len(f["properties"]["states"]) >= 2]
    assert aged
    first, second = aged[0]["properties"]["states"][:2]
    assert first["recency"] == "recent" and second["recency"] in ("ongoing", "earlier")
    assert first["look"] != second["look"]
    point = next(f for f in data["features"] if f["geometry"]["type"] == "Point")
    shown = data["looks"][point["properties"]["states"][0]["look"]]
    assert shown in [look(event_style("recent", c, "point"), "Point") for c in ("confirmed", "reported")]


def test_hostile_feature_text_is_escaped(atlas):
    frame = atlas.families["tripp"].copy()
    frame.loc[frame["id"] == "meghri", "name"] = "<script>alert('x')</script>"
    hostile = replace(atlas, families={**atlas.families, "tripp": frame})  # a new atlas: no cached results
    layer = LAYER_BY_ID["tripp_towns"]
    props = next(
        f["properties"]
        for f in layer_data(hostile, layer, 30.0)["features"]
        if f["properties"]["id"] == "meghri"
    )
    head = layer_texts(hostile, layer, 30.0)["meghri"]["head"]
    assert "<script>" not in head and "&lt;script&gt;" in head
    assert all("<script>" not in s["tip"] for s in props["states"])
    # labels are plain text: the browser sets them with textContent, never as markup
    assert all(s["label"] == "<script>alert('x')</script>" for s in props["states"])


def test_disputed_places_say_so_in_their_label(atlas):
    features = layer_data(atlas, LAYER_BY_ID["hormuz_places"], 30.0)["features"]
    labels = {f["properties"]["id"]: f["properties"]["states"][-1]["label"] for f in features}
    assert labels["island_abu_musa"] == "Abu Musa (disputed)" and labels["island_qeshm"] == "Qeshm"


def test_texts_file_is_named_by_its_content(atlas, tmp_path):
    from render.interactive.texts import write_texts

    a = write_texts(atlas, 30.0, tmp_path)
    assert a == write_texts(atlas, 30.0, tmp_path) and (tmp_path / a).exists()
    assert a.startswith("texts-") and len(list(tmp_path.iterdir())) == 1
