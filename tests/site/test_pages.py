"""Pages: every story and caption on them, and every string escaped."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from layers.loading import Atlas
from render.site import build_site
from render.site.folder import SiteError
from render.site.pages import story_html
from render.site.stories import stories
from render.views import VIEWS, Story

HOSTILE = "<script>alert(1)</script> & \"quoted\" 'single' {{ x }}"


@pytest.fixture(scope="module")
def hostile_site(atlas: Atlas, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site whose story label and caption are markup, as a careless edit of views.py might be."""
    view = replace(
        VIEWS["tripp"],
        story=Story(f"Label {HOSTILE}", f"Caption {HOSTILE}", VIEWS["tripp"].story.key_events),
    )
    out = tmp_path_factory.mktemp("hostile") / "out"
    build_site(atlas, out, {"tripp": view, "hormuz": VIEWS["hormuz"]})
    return out


def test_stories_and_captions_on_the_index_and_pages(site: Path):
    index = (site / "index.html").read_text()
    for view in VIEWS.values():
        page = (site / f"{view.id}.html").read_text()
        caption = view.story.caption.replace("'", "&#x27;")
        assert caption in index and caption in page
        assert f"<h1>{view.story.label}</h1>" in page
        assert page.count("aria-current=page") == 1
        assert len(re.findall(r'<button type="button" data-date="\d{4}-\d{2}-\d{2}"', page)) == len(
            view.story.key_events
        )


def test_every_string_is_escaped(hostile_site: Path):
    for name in ("index.html", "tripp.html", "hormuz.html"):
        text = (hostile_site / name).read_text()
        assert "<script>alert(1)</script>" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &#x27;single&#x27;" in text
    tripp = (hostile_site / "tripp.html").read_text()
    assert tripp.count("</script>") == tripp.count("<script")  # nothing closed a script early
    assert "<title>Label &lt;script&gt;" in tripp and 'content="Caption &lt;script&gt;' in tripp


def test_the_map_document_must_have_one_head_and_body(atlas: Atlas):
    story = stories(atlas, {"tripp": VIEWS["tripp"]})[0]
    with pytest.raises(SiteError, match="expected one"):
        story_html("<html><head></head><body><body></body></html>", story, [story], {})
    page = story_html(
        "<html>\n<head></head>\n<body>\n<div></div></body>\n</html>", story, [story], {"a": "</script>"}
    )
    assert page.startswith('<html lang="en">') and '<body class="site-story">' in page
    assert '{"a": "\\u003c/script\\u003e"}' in page
