"""The map's scripts joined into one file, in order, for streamlit-folium's one-by-one loader."""

from __future__ import annotations

import json
import subprocess

from render.assets import URL_PREFIX, asset_url, vendor_url
from render.interactive.bundle import (
    CSS_URL,
    absolute_urls,
    bundle_body,
    bundle_scripts,
    bundle_styles,
    local_file,
    prefetch_script,
    styles_body,
)

SCRIPTS = [
    vendor_url("leaflet"),
    vendor_url("pattern"),
    asset_url("corridors/corridors.js"),
    asset_url("corridors/state.js"),
]


def test_local_scripts_become_one_file_with_each_text_in_order(tmp_path):
    (url,) = bundle_scripts(SCRIPTS, tmp_path)
    assert url.startswith(URL_PREFIX + "/data/bundle/map-") and url.endswith(".js")
    (written,) = tmp_path.iterdir()
    body = written.read_bytes()
    assert body == bundle_body(SCRIPTS)
    starts = [body.index(local_file(u).read_bytes()[:200]) for u in SCRIPTS]
    assert starts == sorted(starts), "the scripts run in the order the map declared them"
    assert b"sourceMappingURL" not in body


def test_the_same_scripts_give_the_same_file_and_a_change_a_new_one(tmp_path):
    assert bundle_scripts(SCRIPTS, tmp_path) == bundle_scripts(SCRIPTS, tmp_path)
    assert bundle_scripts(SCRIPTS[::-1], tmp_path) != bundle_scripts(SCRIPTS, tmp_path)
    assert len(list(tmp_path.iterdir())) == 2


def test_a_script_from_elsewhere_leaves_the_list_as_it_is(tmp_path):
    urls = [*SCRIPTS, "https://example.org/x.js"]
    assert bundle_scripts(urls, tmp_path) == urls
    assert bundle_scripts([*SCRIPTS, asset_url("../../etc/passwd")], tmp_path)[-1].endswith("passwd")
    assert not list(tmp_path.iterdir())


def test_an_unwritable_folder_leaves_the_list_as_it_is(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert bundle_scripts(SCRIPTS, blocker / "bundle") == SCRIPTS


STYLES = [
    vendor_url("leaflet_css"),
    vendor_url("Control.FullScreen.css"),
    asset_url("corridors/corridors.css"),
]


def test_stylesheets_become_one_file_whose_images_resolve(tmp_path):
    (url,) = bundle_styles(STYLES, tmp_path)
    assert url.endswith(".css")
    body = (tmp_path / url.rsplit("/", 1)[1]).read_bytes()
    assert body == styles_body(STYLES)
    targets = [m.group(2).decode() for m in CSS_URL.finditer(body)]
    assert "/app/static/vendor/leaflet/dist/images/layers.png" in targets
    assert "/app/static/vendor/leaflet.fullscreen/icon-fullscreen.svg" in targets
    for target in targets:
        if target.startswith(URL_PREFIX):
            assert local_file(target) is not None, f"{target} is not served"
        else:
            assert target.startswith(("data:", "#")), target


def test_only_relative_urls_are_rewritten():
    css = b'a{b:url(img/x.png)} c{d:url("../y.svg")} e{f:url(data:image/png;base64,AA)} g{h:url(#v)} i{j:url(/k.png)}'
    out = absolute_urls(css, "/app/static/vendor/pkg/dist/style.css").decode()
    assert 'url("/app/static/vendor/pkg/dist/img/x.png")' in out
    assert 'url("/app/static/vendor/pkg/y.svg")' in out
    assert "url(data:image/png;base64,AA)" in out and "url(#v)" in out and "url(/k.png)" in out


def run_prefetch(script: str) -> dict:
    """Run a prefetch script in Node with a stand-in document and fetch; what it started."""
    harness = (
        "const started = {links: [], fetched: []};"
        "globalThis.window = globalThis;"
        "globalThis.document = {createElement: () => ({}), head: {appendChild: l => started.links.push(l)}};"
        "globalThis.fetch = u => { started.fetched.push(u); return Promise.resolve({ok: true, url: u}); };"
        + script
        + ";console.log(JSON.stringify({...started, keys: Object.keys(window.CorridorsPrefetch || {})}));"
    )
    out = subprocess.run(["node", "-e", harness], capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_the_prefetch_script_starts_the_stylesheets_and_the_data_at_once(tmp_path):
    css, data = asset_url("corridors/corridors.css"), asset_url("corridors/state.js")
    (url,) = prefetch_script([css], [data], tmp_path)
    assert url.startswith(URL_PREFIX + "/data/bundle/prefetch-") and url.endswith(".js")
    started = run_prefetch((tmp_path / url.rsplit("/", 1)[1]).read_text())
    assert started["links"] == [{"rel": "preload", "as": "style", "href": css}]
    assert started["fetched"] == [data] and started["keys"] == [data]


def test_the_prefetch_script_starts_only_local_files_and_nothing_without_them(tmp_path):
    assert prefetch_script(["https://cdn.example/x.css"], ["https://cdn.example/x.json"], tmp_path) == []
    assert list(tmp_path.iterdir()) == []
    quoted = asset_url('corridors/corridors.css"</script>')  # not a file: left out, never spliced
    (url,) = prefetch_script([asset_url("corridors/corridors.css"), quoted], [], tmp_path)
    assert "</script>" not in (tmp_path / url.rsplit("/", 1)[1]).read_text()
