"""Every string that reaches HTML is escaped; links are http(s) only."""

from __future__ import annotations

from render.popup import popup_html, tooltip_html, upload_popup_html

EVIL = '<img src=x onerror="alert(1)">'


def props(**extra):
    return {
        "name": EVIL,
        "status": "reported",
        "confidence": "reported",
        "geometry_accuracy": "derived",
        "date": "2026-01",
        "description": EVIL,
        "sources": [
            {"publisher": EVIL, "title": EVIL, "url": 'https://example.org/?a=1&b="2"', "date": "2026"}
        ],
        "positions": [
            {
                "actor": EVIL,
                "position": EVIL,
                "date": "2026",
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
    assert "javascript:" not in html.split("href=")[-1].split(">")[0]
    assert 'href="javascript' not in html


def test_popup_shows_status_confidence_figures_and_sources():
    html = popup_html(props(), [("Length as drawn (geodesic)", "34.1 km")])
    for text in (
        "reported",
        "geometry derived",
        "Length as drawn (geodesic)",
        "34.1 km",
        "Sources",
        "Stated positions",
    ):
        assert text in html
    assert 'rel="noopener noreferrer"' in html


def test_tooltip_and_upload_popup_escape():
    assert "<img" not in tooltip_html(props())
    assert "<img" not in upload_popup_html({"a": EVIL, EVIL: 1}, EVIL)
