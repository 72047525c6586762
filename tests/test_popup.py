"""Popups and tooltips: every string escaped, links http(s) only, status spelled out."""

from __future__ import annotations

import re

from render.popup import (
    event_html,
    popup_head,
    popup_html,
    popup_tail,
    state_html,
    tooltip_text,
    upload_popup_html,
)

EVIL = '<img src=x onerror="alert(1)">'
SRC = {"publisher": EVIL, "title": EVIL, "url": 'https://example.org/?a=1&b="2"', "date": "2026"}


def props(**extra):
    return {
        "name": EVIL,
        "status": "reported",
        "confidence": "reported",
        "geometry_accuracy": "derived",
        "description": EVIL,
        "sources": [SRC],
        "history": [
            {
                "date": "2026-01",
                "status": "planned",
                "confidence": "confirmed",
                "note": EVIL,
                "sources": [SRC],
            },
            {
                "date": "2026-03-02",
                "status": "reported",
                "confidence": "reported",
                "note": "Later.",
                "sources": [SRC],
            },
        ],
        "positions": [
            {
                "actor": EVIL,
                "position": EVIL,
                "date": "2026-02",
                "source": {"publisher": "P", "title": "T", "url": "javascript:alert(1)", "date": "2026"},
            }
        ],
        **extra,
    }


def test_popup_escapes_every_field():
    html = popup_html(props(), [("Area", "1 km²")])
    assert "<img" not in html and 'onerror="' not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert 'href="https://example.org/?a=1&amp;b=&quot;2&quot;"' in html
    assert 'href="javascript' not in html


def test_state_is_spelled_out_with_its_date():
    html = state_html(
        {"date": "2026-03-02", "status": "planned", "confidence": "reported", "note": "Said by X."}
    )
    assert "<strong>Status:</strong> Planned" in html and "<strong>Confidence:</strong>" in html
    assert "Reported by media, not confirmed" in html and "since 2 March 2026" in html


def test_tail_dates_items_for_the_browser_filter():
    tail = popup_tail(props(), [("Length as drawn (geodesic)", "34.1 km")])
    assert 'data-from="2026-03-02"' in tail and 'data-from="2026-02-01"' in tail
    assert "History" in tail and "Stated positions" in tail and "Sources" in tail
    assert "34.1 km" in tail and 'rel="noopener noreferrer"' in tail


def test_head_marks_contested_territory():
    assert "Sovereignty disputed" in popup_head({"name": "Abu Musa", "disputed": True})
    assert "Sovereignty disputed" not in popup_head({"name": "A zone"})


def test_event_dating():
    html = event_html(
        {"start": "2026-03-02", "end": "2026-04-08", "event_type": "closure", "confidence": "reported"},
        "Earlier, over",
    )
    assert "Closure" in html and "2 March 2026 – 8 April 2026" in html and "Earlier, over" in html
    assert "(no end reported)" in event_html(
        {"start": "2026-03", "event_type": "attack", "confidence": "confirmed"}, "x"
    )


def test_tooltip_and_upload_popup_escape():
    assert "<img" not in tooltip_text(EVIL, "reported", "reported")
    html = upload_popup_html({"a": EVIL, EVIL: 1, "empty": float("nan")}, EVIL)
    assert "<img" not in html and "nan" not in html


def test_first_screen_holds_figures_and_description_and_the_rest_is_folded():
    tail = popup_tail(
        {**props(), "other_names": [{"name": "Other", "used_by": "X"}]},
        [("Length as drawn (geodesic)", "34.1 km")],
    )
    figures, description = tail.index('class="figures"'), tail.index('class="description"')
    folded = tail.index("<details")
    assert figures < description < folded
    sections = re.findall(r'<details class="(\w+)"([^>]*)>', tail)
    assert [name for name, _ in sections] == ["names", "positions", "history", "sources"]
    assert all(attrs == "" for _, attrs in sections), "every section starts closed"
    assert 'History <span class="count">(2)</span>' in tail


def test_a_number_and_its_unit_never_part():
    tail = popup_tail(
        {"figures": [{"label": "Capacity", "value": "10 bcm/yr", "source": {}}]},
        [("Length as drawn (geodesic)", "34.1 km (straight segments)"), ("Area", "about 11,000 km²")],
    )
    for figure in ("34.1 km", "10 bcm/yr", "11,000 km²"):
        assert f'<span class="nb">{figure}</span>' in tail, figure
    assert popup_tail({}, [("Size", EVIL)]).count("<img") == 0  # still escaped


def test_tooltip_names_status_and_confidence():
    tip = tooltip_text("TRIPP", "planned", "confirmed")
    assert tip == "TRIPP — Status: Planned · Confidence: Confirmed"
    assert tooltip_text("Zone", "reported", "reported") == (
        "Zone — Status: Reported, unconfirmed · Confidence: Reported by media, not confirmed"
    )
    assert tooltip_text("Event", None, "confirmed") == "Event — Confidence: Confirmed"
