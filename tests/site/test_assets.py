"""Assets: the map's URLs made relative, the files it loads copied in."""

from __future__ import annotations

import pytest

from render.assets import STATIC_DIR
from render.site.assets import MINIFIED, relative_html
from render.site.folder import SiteError


def test_server_urls_become_paths_relative_to_the_site():
    html = (
        '<script src="/app/static/vendor/leaflet/dist/leaflet.js"></script>'
        '<link rel="stylesheet" href="/app/static/corridors/corridors.css"/>'
        '<script src="/app/static/vendor/leaflet-measure/dist/leaflet-measure.js"></script>'
        'Corridors.basemap(map, "/app/static/data/basemap_countries.geojson", {});'
    )
    out = relative_html(html)
    assert 'src="vendor/leaflet/dist/leaflet.js"' in out and 'href="corridors/corridors.css"' in out
    assert 'src="vendor/leaflet-measure/dist/leaflet-measure.min.js"' in out
    assert '"data/basemap_countries.geojson"' in out and "/app/static" not in out


def test_an_unknown_server_url_is_an_error():
    with pytest.raises(SiteError, match="refers to the app's server"):
        relative_html('<img data-x="/app/static/other.png">')


def test_minified_twins_exist():
    for original, minified in MINIFIED.items():
        assert (STATIC_DIR / original).is_file() and (STATIC_DIR / minified).is_file()
