"""The files a static site's pages load, copied into it, and the map's asset URLs made relative.

The app's map points at the server's ``/app/static/…`` (``render.assets``); a static site must
work under any path prefix, so every such URL becomes the same path relative to the site's
root, where the files are copied: vendored Leaflet and plugins (``render.assets.LOCAL_ASSETS``
and what their stylesheets refer to), ``static/corridors/*`` and the offline basemap.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from render.assets import BASEMAP_FILE, LOCAL_ASSETS, STATIC_DIR, URL_PREFIX, asset_url, missing_assets
from render.site.folder import SiteError, SiteFolder

CORRIDORS_DIR = STATIC_DIR / "corridors"
BASEMAP_PATH = f"data/{BASEMAP_FILE}"
# The same library, minified (the app serves folium's unminified choice): 237 → 106 KB.
MINIFIED = {
    "vendor/leaflet-measure/dist/leaflet-measure.js": "vendor/leaflet-measure/dist/leaflet-measure.min.js"
}
_ASSET_ATTR = re.compile(r'(?P<attr>\b(?:src|href))="' + re.escape(URL_PREFIX) + r'/(?P<rel>[^"]+)"')
_CSS_URL = re.compile(r"url\(\s*['\"]?(?P<ref>[^'\")]+)['\"]?\s*\)")


def relative_path(rel: str) -> str:
    """A path under static/ as the site serves it (the minified twin where there is one)."""
    return MINIFIED.get(rel, rel)


def relative_html(html: str) -> str:
    """The map's page with every asset URL relative to the site's root; SiteError if any
    server URL is left (a new kind of reference this does not know)."""
    html = _ASSET_ATTR.sub(lambda m: f'{m.group("attr")}="{relative_path(m.group("rel"))}"', html)
    html = html.replace(json.dumps(asset_url(BASEMAP_PATH)), json.dumps(BASEMAP_PATH))
    if URL_PREFIX in html:
        at = html.index(URL_PREFIX)
        raise SiteError(f"the map refers to the app's server: …{html[max(0, at - 60) : at + 80]}…")
    return html


def _copy(folder: SiteFolder, source: Path, rel: str) -> int:
    if not source.is_file():
        raise SiteError(f"{source} is missing: run `make setup`")
    shutil.copyfile(source, folder.path(rel))
    return source.stat().st_size


def _css_refs(css: Path) -> list[Path]:
    """Files a stylesheet refers to (images beside it), existing ones only."""
    refs = []
    for match in _CSS_URL.finditer(css.read_text(encoding="utf-8", errors="replace")):
        ref = match.group("ref").strip()
        if ref.startswith(("#", "data:", "http:", "https:", "//")):
            continue
        target = (css.parent / ref.split("?")[0].split("#")[0]).resolve()
        if target.is_file():
            refs.append(target)
    return refs


def copy_assets(folder: SiteFolder) -> int:
    """Copy vendored assets, the corridors scripts and styles, and the basemap; total bytes."""
    if missing := missing_assets():
        raise SiteError(f"map assets are not installed ({', '.join(missing[:3])}): run `make setup`")
    total = 0
    for rel in {relative_path(f"vendor/{path}") for path in LOCAL_ASSETS.values()}:
        source = STATIC_DIR / rel
        total += _copy(folder, source, rel)
        if source.suffix == ".css":
            for ref in _css_refs(source):
                total += _copy(folder, ref, ref.relative_to(STATIC_DIR).as_posix())
    for source in sorted(CORRIDORS_DIR.glob("*.js")) + sorted(CORRIDORS_DIR.glob("*.css")):
        total += _copy(folder, source, f"corridors/{source.name}")
    total += _copy(folder, STATIC_DIR / BASEMAP_PATH, BASEMAP_PATH)
    return total
