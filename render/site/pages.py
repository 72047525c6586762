"""The site's HTML: the index of stories and each story's page around the interactive map.

Every string from the data or the views reaches HTML through ``html.escape`` here, or as JSON
through ``script_json`` (which leaves no ``<``, ``>``, ``&`` or ``'`` in a script element);
the page script sets text with ``textContent`` only.
"""

from __future__ import annotations

from html import escape
from typing import Any

from layers.derive import DEFAULT_BUFFER_KM
from layers.registry import BASEMAP_CREDIT
from layers.timeline import news_date
from render.interactive.elements import script_json
from render.site.depths import depths
from render.site.folder import SiteError
from render.site.stories import Story

SITE_TITLE = "Corridors, buffer zones and pipelines: Caucasus, Iran, Türkiye and the Gulf"
SHORT_TITLE = "Corridors, buffer zones and pipelines"
INTRO = (
    "Maps of the geography behind recent reporting: the TRIPP route through Armenia's Syunik "
    "province, a Turkish buffer zone inside Iran that Turkish outlets reported and Ankara denied, "
    "the Turkmenistan–Iran–Türkiye gas swap and the Strait of Hormuz. Every line carries its "
    "sources, status and confidence: click it on the map to read them. These pages need no "
    "server and fetch nothing from the internet."
)
DEPTH_NOTE = (
    "No map or depth of the reported zone was published. The only depth reported is about 30 km, "
    "which one Turkish outlet attributed to Bloomberg; no other account confirms it. The zone "
    "drawn is Iranian land within D km of the Türkiye–Iran border. Switch it on under Layers "
    "(Reported buffer zone) where a story leaves it off."
)
CREDITS = (
    f"{BASEMAP_CREDIT} Overlays: compiled from the publications cited feature by feature; claims "
    "are attributed, not adopted. Map: Leaflet (BSD-2) and plugins."
)
# Inside a frame (an article's embed) the page is the map with a title bar linking to the full
# page; set before the body is laid out, so the map starts at its final size.
EMBED_DETECT = 'if (window.self !== window.top) document.documentElement.classList.add("site-embedded");'
STYLESHEET = "corridors/site.css"
SCRIPT = "corridors/site.js"


def _e(text: Any) -> str:
    return escape(str(text), quote=True)


def _size(n: int) -> str:
    return f"{n / 1024:,.0f} KB" if n >= 1024 else f"{n} B"


def _nav(stories: list[Story], current: str | None) -> str:
    links = "".join(
        f'<a href="{_e(s.page)}"{" aria-current=page" if s.view.id == current else ""}>{_e(s.label)}</a>'
        for s in stories
    )
    return (
        f'<header class="site-bar"><a class="site-home" href="index.html">{_e(SHORT_TITLE)}</a>'
        f'<nav class="site-stories" aria-label="Stories">{links}</nav></header>'
    )


def _key_dates(story: Story, link: bool) -> str:
    items = []
    for event in story.events:
        day = event.start.isoformat()
        when = (
            f'<a href="{_e(story.page)}#date={_e(day)}">{_e(event.when)}</a>'
            if link
            else f'<button type="button" data-date="{_e(day)}" data-event="{_e(event.id)}" '
            f'aria-pressed="false">{_e(event.when)}</button>'
        )
        source = f' <span class="site-publishers">({_e(event.publishers)})</span>' if event.publishers else ""
        items.append(f"<li>{when} <span>{_e(event.title)}</span>{source}</li>")
    return f'<ol class="site-key-dates">{"".join(items)}</ol>'


def index_html(stories: list[Story], as_of_line: str) -> str:
    """The landing page: the stories with their captions and key dates, and the as-of line."""
    cards = "".join(
        f'<li class="site-card"><h2><a href="{_e(s.page)}">{_e(s.label)}</a></h2>'
        f'<p class="site-caption">{_e(s.caption)}</p><h3>Key dates</h3>{_key_dates(s, link=True)}'
        f'<p><a class="site-open" href="{_e(s.page)}">Open the map: {_e(s.label)}</a></p></li>'
        for s in stories
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>{_e(SITE_TITLE)}</title>\n"
        f'<meta name="description" content="{_e(INTRO)}">\n'
        f'<link rel="stylesheet" href="{STYLESHEET}">\n</head>\n'
        f'<body class="site-index">\n{_nav(stories, None)}\n<main class="site-index-main">\n'
        f'<h1>{_e(SITE_TITLE)}</h1>\n<p class="site-intro">{_e(INTRO)}</p>\n'
        f'<p class="site-as-of">{_e(as_of_line)}</p>\n<ul class="site-cards">{cards}</ul>\n'
        f'<footer class="site-credits">{_e(CREDITS)}</footer>\n</main>\n</body>\n</html>\n'
    )


def _panel(story: Story) -> str:
    day = story.as_of.isoformat()
    options = "".join(
        f'<option value="{km:g}"{" selected" if km == DEFAULT_BUFFER_KM else ""}>{km:g} km</option>'
        for km in depths()
    )
    downloads = "".join(
        f'<li><a href="{_e(d.path)}" download>{_e(d.label)}</a> <span>{_size(d.size)}</span></li>'
        for d in story.downloads
    )
    return (
        '<aside class="site-panel" aria-label="Story">'
        f"<h1>{_e(story.label)}</h1>"
        f'<p class="site-caption">{_e(story.caption)}</p>'
        f'<p class="site-as-of" id="site-as-of">{_e(story.as_of_line)}</p>'
        '<p class="site-notice" id="site-notice" role="status" hidden><span></span> '
        '<button type="button" aria-label="Dismiss the notice">×</button></p>'
        '<section class="site-date"><h2>Date shown</h2>'
        f'<input type="date" id="site-date" aria-label="Date shown" value="{_e(day)}"> '
        '<input type="range" id="site-steps" aria-label="Dates on which the map changes">'
        f'<output id="site-date-text" for="site-date">{_e(news_date(story.as_of))}</output></section>'
        f"<section><h2>Key dates</h2>{_key_dates(story, link=False)}</section>"
        '<section class="site-depth"><h2>Buffer-zone depth</h2>'
        f'<label>Depth D (illustrative) <select id="site-depth">{options}</select></label>'
        f'<p class="site-hint">{_e(DEPTH_NOTE)}</p></section>'
        '<section class="site-downloads"><h2>Download</h2>'
        f"<p>The story's layers as drawn on {_e(news_date(story.as_of))}, buffer zone at "
        f"{DEFAULT_BUFFER_KM:g} km (the date and depth chosen above do not change these files):</p>"
        f"<ul>{downloads}</ul></section>"
        f'<footer class="site-credits">{_e(CREDITS)}</footer>'
        "</aside>"
    )


def _once(html: str, marker: str) -> int:
    if html.count(marker) != 1:
        raise SiteError(f"the map's page has {html.count(marker)} {marker!r}; expected one")
    return html.index(marker)


def story_html(
    map_html: str, story: Story, stories: list[Story], config: dict[str, Any], preload: tuple[str, ...] = ()
) -> str:
    """A story page: the map's own document (``build_map`` rendered, assets relative) with
    the page's title, styles, script and configuration in its head and the story around it.
    ``preload``: data files the map fetches as it starts (the basemap), requested with the
    page's scripts instead of after them."""
    head = (
        f"<title>{_e(story.label)} · {_e(SHORT_TITLE)}</title>\n"
        f'<meta name="description" content="{_e(story.caption)}">\n'
        '<link rel="icon" href="data:,">\n'  # no favicon request
        f"<script>{EMBED_DETECT}</script>\n"
        + "".join(f'<link rel="preload" href="{_e(path)}" as="fetch" crossorigin>\n' for path in preload)
        + f'<link rel="stylesheet" href="{STYLESHEET}">\n'
        f'<script src="{SCRIPT}" defer></script>\n'
        f'<script type="application/json" id="site-config">{script_json(config)}</script>\n'
    )
    at = _once(map_html, "</head>")
    html = map_html[:at] + head + map_html[at:]
    at = _once(html, "<body>")
    embed_bar = (
        f'<div class="site-embed-bar"><strong>{_e(story.label)}</strong> '
        f'<a id="site-full-link" href="{_e(story.page)}" target="_blank" rel="noopener">'
        "Open the full map and story ↗</a></div>"
    )
    body = f'<body class="site-story">\n{_nav(stories, story.view.id)}{embed_bar}{_panel(story)}'
    html = html[:at] + body + html[at + len("<body>") :]
    at = _once(html, "<html>")
    return html[:at] + '<html lang="en">' + html[at + len("<html>") :]
