"""Text wrapped with the real font metrics."""

from __future__ import annotations

from render.snapshot.text import text_width, wrap_text


def test_wrapped_lines_fit_the_width():
    text = "Situation as of 1 March 2026 · sources reviewed to 2 July 2026, with a long tail of words"
    wrapped = wrap_text(text, 120, 9)
    assert "\n" in wrapped
    assert all(text_width(line, 9) <= 120 for line in wrapped.split("\n"))
    assert " ".join(wrapped.split()) == text


def test_explicit_line_breaks_are_kept():
    assert wrap_text("first line\nsecond line", 500, 9) == "first line\nsecond line"
    assert wrap_text("", 100, 9) == ""
