"""The map's scripts as one file, and its stylesheets as one file.

streamlit-folium loads a map's scripts one after another, each awaited before the next is
requested: a dozen files cost a dozen round trips before the map can start. ``bundle_scripts``
joins the local ones, in order, into one content-addressed file under ``static/data/bundle``
(written once per content, like the texts and reference files), so the browser makes one
request. Classic scripts joined in order run as they would one by one: none of ours or of the
vendored ones has a file-level ``"use strict"`` that would spill over into the next.

streamlit-folium adds the stylesheets only after every script has run, and the map's first
paint waits for its basemap preview, requested by the map's script: ``prefetch_script`` is a
tiny first script that starts both requests at once (the stylesheets as preloads, the data as
fetches that ``Corridors.basemap`` takes over), while the big bundle still downloads.

The stylesheets load in parallel, but six of them took six of the browser's six connections to
the server while the page and the map's data waited for one; ``bundle_styles`` joins them in
order, each relative ``url(...)`` rewritten to the absolute URL it meant.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from render.assets import STATIC_DIR, URL_PREFIX, asset_url
from render.interactive.files import write_file

BUNDLE_DIR = STATIC_DIR / "data" / "bundle"
SOURCE_MAP = re.compile(rb"^\s*//[#@] sourceMappingURL=.*$", re.M)  # it would point beside the bundle
CSS_SOURCE_MAP = re.compile(rb"/\*[#@] sourceMappingURL=.*?\*/")
CSS_URL = re.compile(rb"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


def local_file(url: str) -> Path | None:
    """The file under static/ an app URL serves, or None for any other URL."""
    if not url.startswith(URL_PREFIX + "/"):
        return None
    path = (STATIC_DIR / url[len(URL_PREFIX) + 1 :]).resolve()
    return path if path.is_relative_to(STATIC_DIR.resolve()) and path.is_file() else None


def _local_bytes(url: str, kind: str) -> bytes:
    path = local_file(url)
    if path is None:
        raise ValueError(f"not a local {kind}: {url}")
    return path.read_bytes()


def bundle_body(urls: Sequence[str]) -> bytes:
    """The scripts' texts in order, each closed off from the next."""
    return b"".join(
        b"/* "
        + url.encode()
        + b" */\n"
        + SOURCE_MAP.sub(b"", _local_bytes(url, "script")).rstrip()
        + b"\n;\n"
        for url in urls
    )


def absolute_urls(css: bytes, url: str) -> bytes:
    """``css`` (served at ``url``) with each relative ``url(...)`` made absolute."""
    base = posixpath.dirname(url)

    def fix(match: re.Match[bytes]) -> bytes:
        target = match.group(2).decode().strip()
        if re.match(r"^([a-z][a-z0-9+.-]*:|/|#)", target, re.I):  # data:, http:, absolute, #fragment
            return match.group(0)
        return b'url("' + posixpath.normpath(posixpath.join(base, target)).encode() + b'")'

    return CSS_URL.sub(fix, css)


def styles_body(urls: Sequence[str]) -> bytes:
    """The stylesheets in order, their relative URLs made absolute."""
    parts = []
    for url in urls:
        css = absolute_urls(CSS_SOURCE_MAP.sub(b"", _local_bytes(url, "stylesheet")), url)
        if re.search(rb"@import|@charset", css):
            raise ValueError(f"{url}: @import and @charset must stay at the top of their own file")
        parts.append(b"/* " + url.encode() + b" */\n" + css.rstrip() + b"\n")
    return b"".join(parts)


def _bundle(
    urls: Sequence[str], body: Callable[[Sequence[str]], bytes], suffix: str, folder: Path
) -> list[str]:
    if len(urls) < 2 or any(local_file(u) is None for u in urls):
        return list(urls)
    try:
        name = write_file(body(urls), "map", suffix, folder)
    except (OSError, ValueError):
        return list(urls)
    return [asset_url(f"data/bundle/{name}")]


def bundle_scripts(urls: Sequence[str], folder: Path = BUNDLE_DIR) -> list[str]:
    """One URL for all of ``urls`` when every one is a local file and the bundle can be
    written; otherwise ``urls`` unchanged (the map still loads, only slower)."""
    return _bundle(urls, bundle_body, "js", folder)


def bundle_styles(urls: Sequence[str], folder: Path = BUNDLE_DIR) -> list[str]:
    """One URL for all of ``urls`` (as ``bundle_scripts``), relative URLs made absolute."""
    return _bundle(urls, styles_body, "css", folder)


PREFETCH_JS = """/* Started while the map's scripts load (render/interactive/bundle.py) */
(function (styles, data) {
  "use strict";
  styles.forEach(function (href) {
    var link = document.createElement("link");
    link.rel = "preload"; link.as = "style"; link.href = href;
    document.head.appendChild(link);
  });
  var early = window.CorridorsPrefetch = window.CorridorsPrefetch || {};
  data.forEach(function (url) {
    if (!early[url] && window.fetch) early[url] = fetch(url).catch(function () { return null; });
  });
})(%s, %s);
"""


def prefetch_script(styles: Sequence[str], data: Sequence[str], folder: Path = BUNDLE_DIR) -> list[str]:
    """The URL of a script that starts loading ``styles`` (local stylesheets) and ``data``
    (local files the map's script will fetch) at once; [] when there is nothing to start or
    the file cannot be written."""
    styles = [u for u in styles if local_file(u) is not None]
    data = [u for u in data if local_file(u) is not None]
    if not styles and not data:
        return []
    body = PREFETCH_JS % (json.dumps(styles), json.dumps(data))
    try:
        name = write_file(body.encode(), "prefetch", "js", folder)
    except OSError:
        return []
    return [asset_url(f"data/bundle/{name}")]
