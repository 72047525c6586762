"""One legend structure: what it contains, and both renderers drawing it the same way."""

from __future__ import annotations

import re
from html import unescape

import pytest

from layers.features import Params
from layers.legend import CONFIDENCE_HEADING, LAYERS_HEADING, STATUS_HEADING, feature_keys, legend_sections
from layers.registry import LAYER_BY_ID, LAYERS
from render.export import ExportRequest
from render.interactive import legend_html
from render.snapshot import render_snapshot
from render.views import VIEWS


def test_layer_rows_come_top_layer_first():
    sections = legend_sections_for(["tripp_route", "tripp_railways", "tripp_towns"])
    assert sections[0].heading == LAYERS_HEADING
    assert [e.key for e in sections[0].entries] == ["tripp_towns", "tripp_route", "tripp_railways"]


def legend_sections_for(ids):
    from layers.loading import load_atlas

    return legend_sections(load_atlas(), ids)


def test_keys_follow_the_features_on_the_date(atlas):
    sections = {s.heading: s for s in legend_sections(atlas, ["buffer_zone_area"], Params())}
    assert "status:reported" in {e.key for e in sections[STATUS_HEADING].entries}
    assert "confidence:reported" in {e.key for e in sections[CONFIDENCE_HEADING].entries}
    assert sections[STATUS_HEADING].entries[0].layers == ("buffer_zone_area",)


def test_feature_keys_one_rule_for_both_renderers():
    assert feature_keys(LAYER_BY_ID["tripp_route"], "planned", "confirmed") == ["status:planned"]
    assert feature_keys(LAYER_BY_ID["buffer_zone_area"], "reported", "reported") == [
        "status:reported",
        "confidence:reported",
    ]
    assert feature_keys(LAYER_BY_ID["tripp_towns"], "existing", "reported") == ["confidence:hollow"]
    assert feature_keys(LAYER_BY_ID["hormuz_events"], None, "confirmed", "recent") == ["recency:recent"]


def test_any_date_widens_the_keys_to_every_state(atlas):
    ids = [layer.id for layer in LAYERS]
    today = {e.key for s in legend_sections(atlas, ids) for e in s.entries}
    ever = {e.key for s in legend_sections(atlas, ids, any_date=True) for e in s.entries}
    assert today <= ever and {"recency:recent", "recency:ongoing", "recency:earlier"} <= ever


def _browser_structure(html: str) -> list[tuple[str, list[str]]]:
    out = []
    for section in re.findall(r"<section>(.*?)</section>", html):
        heading = unescape(re.search(r"<h4>(.*?)</h4>", section).group(1))
        out.append((heading, re.findall(r'data-legend-key="([^"]+)"', section)))
    return out


def _print_structure(fig) -> list[tuple[str, list[str]]]:
    legend = next(ax for ax in fig.axes if ax.get_gid() == "legend")
    items = []
    for text in legend.texts:  # in drawing order: headings and rows as laid out
        gid = str(text.get_gid())
        if gid == "legend_heading":
            items.append((" ".join(text.get_text().split()), []))  # wrapped to the column
        elif gid.startswith("legend_text:"):
            items[-1][1].append(gid.split(":", 1)[1])
    return items


@pytest.mark.parametrize("view", list(VIEWS))
def test_both_renderers_draw_the_same_legend_for_every_preset(atlas, view):
    request = ExportRequest.create(atlas, view=view, dpi=30)
    fig = render_snapshot(atlas, request.spec())
    assert set(fig.snapshot.layers) == set(VIEWS[view].layers), "every preset layer draws something"
    params = Params(buffer_km=request.buffer_km, as_of=request.as_of)
    drawn = set(fig.snapshot.feature_ids)
    browser = _browser_structure(
        legend_html(atlas, params, fig.snapshot.layers, any_date=False, ids_in_view=drawn)
    )
    printed = _print_structure(fig)
    assert printed == browser
    assert printed[0][0] == LAYERS_HEADING and len(printed) >= 2


def test_print_keys_come_from_the_features_the_page_drew(atlas):
    """Events drawn as lines (closures across the strait, the blockade line) lie east of 54°E:
    their key is in the legend of a page showing them, not of one west of them."""
    keys = {}
    for name, bbox in (("east", (54.0, 22.0, 62.0, 28.0)), ("west", (46.0, 24.0, 53.0, 30.5))):
        request = ExportRequest.create(atlas, bbox=bbox, layers=["hormuz_events"], dpi=30)
        keys[name] = render_snapshot(atlas, request.spec()).snapshot.legend_keys
    assert any(k.startswith("event:line:") for k in keys["east"])
    assert not any(k.startswith("event:line") for k in keys["west"]) and "events" in keys["west"]


def test_an_event_line_is_drawn_as_its_key_shows_it(atlas):
    """One key per look a line event has on the page: a closure line drawn grey because it is
    over has a grey key, not the yellow of a recent one."""
    from datetime import date

    from layers.features import layer_records
    from layers.legend import EVENT_LINE_KEY
    from layers.styles import event_style

    style = event_style("recent", "confirmed", "line")
    entries = {
        e.key: e
        for s in legend_sections(atlas, ["hormuz_events"], Params(), any_date=True)
        for e in s.entries
        if e.key.startswith(EVENT_LINE_KEY)
    }
    assert set(entries) == {f"{EVENT_LINE_KEY}:recent", f"{EVENT_LINE_KEY}:earlier"}
    entry = entries[f"{EVENT_LINE_KEY}:recent"]
    assert entries[f"{EVENT_LINE_KEY}:earlier"].style == event_style("earlier", "confirmed", "line")
    assert entries[f"{EVENT_LINE_KEY}:earlier"].label.endswith("is over")
    # an earlier event still in effect is drawn as a recent one (only a point's size differs)
    for attr in ("color", "casing", "dash", "weight", "opacity"):
        assert getattr(event_style("ongoing", "confirmed", "line"), attr) == getattr(entry.style, attr)
    # On a date when the only line drawn in the strait is over, the page's key is the grey one.
    day = date(2026, 7, 2)
    layer = LAYER_BY_ID["hormuz_events"]
    closure = next(
        r
        for r, g in layer_records(atlas, layer, Params(as_of=day))
        if r["id"] == "ev_2026_03_02_closure_declared"
    )
    assert closure["recency"] == "earlier"
    page = {
        e.key: e
        for s in legend_sections(atlas, ["hormuz_events"], Params(as_of=day), ids_in_view={closure["id"]})
        for e in s.entries
    }
    assert f"{EVENT_LINE_KEY}:earlier" in page and f"{EVENT_LINE_KEY}:recent" not in page
    assert page[f"{EVENT_LINE_KEY}:earlier"].style != style
    assert entry.style == style and style.casing == "#000000" and style.dash
