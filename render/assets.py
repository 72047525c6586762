"""Front-end assets the map needs, served by the app itself so the map works offline.

folium points every script and stylesheet at public CDNs; streamlit-folium awaits each one,
so a single unreachable CDN leaves the map blank. ``make setup`` installs the pinned npm
packages (package.json / package-lock.json) and ``install_assets`` copies the files below
into ``static/vendor``, which Streamlit serves at ``/app/static/vendor``.
``localize`` then rewrites every element of a map to those local URLs.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import TypeVar

from branca.element import Element

E = TypeVar("E", bound=Element)

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
STATIC_DIR = ROOT / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
URL_PREFIX = "/app/static"
BASEMAP_FILE = "basemap_countries.geojson"

# Directories copied from node_modules (CSS refers to images and fonts beside it).
VENDOR_TREES = (
    "leaflet/dist",
    "leaflet.fullscreen",
    "leaflet-measure/dist",
    "leaflet.pattern/dist",
)

# folium's asset names → local files under static/vendor.
LOCAL_ASSETS: dict[str, str] = {
    "leaflet": "leaflet/dist/leaflet.js",
    "leaflet_css": "leaflet/dist/leaflet.css",
    "Control.Fullscreen.js": "leaflet.fullscreen/Control.FullScreen.js",
    "Control.FullScreen.css": "leaflet.fullscreen/Control.FullScreen.css",
    "leaflet_measure_js": "leaflet-measure/dist/leaflet-measure.js",
    "leaflet_measure_css": "leaflet-measure/dist/leaflet-measure.css",
    "pattern": "leaflet.pattern/dist/leaflet.pattern.js",
}
# folium's defaults the map does not use: jQuery, Bootstrap, glyphicons, Font Awesome and
# awesome-markers serve folium.Icon markers and Bootstrap popups, which this map has none of.
UNUSED_ASSETS = frozenset(
    {
        "jquery",
        "bootstrap",
        "bootstrap_css",
        "glyphicons_css",
        "awesome_markers",
        "awesome_markers_css",
        "awesome_markers_font_css",
        "awesome_rotate_css",
    }
)


def asset_url(relative: str) -> str:
    """URL of a file under static/ as the browser requests it."""
    return f"{URL_PREFIX}/{relative}"


def vendor_url(name: str) -> str:
    """Local URL of one of folium's named assets."""
    return asset_url(f"vendor/{LOCAL_ASSETS[name]}")


def _walk(element: Element):
    yield element
    for child in element._children.values():
        yield from _walk(child)


def localize(root: E) -> E:
    """Point every asset of a map (or of a group rendered apart from it) at the app's own
    server; an asset without a local copy is an error."""
    for element in _walk(root):
        for attr in ("default_js", "default_css"):
            assets = getattr(element, attr, None)
            if not assets:
                continue
            local = []
            for name, url in assets:
                if url.startswith(URL_PREFIX):
                    local.append((name, url))
                elif name in LOCAL_ASSETS:
                    local.append((name, vendor_url(name)))
                elif name not in UNUSED_ASSETS:
                    raise KeyError(f"no local copy of asset {name!r} ({url}); add it to render/assets.py")
            setattr(element, attr, local)  # instance attribute: folium's class lists stay intact
    return root


def missing_assets() -> list[str]:
    """Local files the map needs that are not installed yet (run ``make setup``)."""
    files = [VENDOR_DIR / rel for rel in LOCAL_ASSETS.values()] + [STATIC_DIR / "data" / BASEMAP_FILE]
    return [str(f.relative_to(ROOT)) for f in files if not f.is_file()]


def install_assets() -> None:
    """Copy the pinned npm packages' files into static/vendor."""
    if not NODE_MODULES.is_dir():
        raise SystemExit("node_modules is missing: run `npm ci` (make setup does)")
    for tree in VENDOR_TREES:
        source, target = NODE_MODULES / tree, VENDOR_DIR / tree
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(
            source, target, ignore=shutil.ignore_patterns("*.map", "*.md", "*.html", "package.json")
        )
    data = STATIC_DIR / "data"
    data.mkdir(parents=True, exist_ok=True)
    # The offline basemap is fetched by the browser from the app's own server.
    shutil.copyfile(ROOT / "geodata" / BASEMAP_FILE, data / BASEMAP_FILE)
    if missing := missing_assets():
        raise SystemExit(f"assets still missing after install: {missing}")


if __name__ == "__main__":
    if sys.argv[1:] != ["install"]:
        raise SystemExit("usage: python -m render.assets install")
    install_assets()
    print(f"installed {len(LOCAL_ASSETS)} assets into {VENDOR_DIR.relative_to(ROOT)}")
