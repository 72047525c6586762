"""``python -m render site OUT``: the stories as a static site, everything it loads inside OUT.

Pages are written with relative URLs only, so OUT works from any static host, under any path,
and offline from a local file server. Each story page is ``render.interactive.build_map``'s
map (the app's map: layers, styles, labels, popups, legend, reference map, locator) with the
story around it; popup texts and the reference map are the app's static files.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from layers.derive import DEFAULT_BUFFER_KM
from layers.features import Params
from layers.loading import Atlas
from layers.period import as_of_line, data_span, default_as_of
from layers.registry import LAYER_BY_ID
from render.download import FORMATS, download_name, visible_features
from render.interactive import build_map, render_html
from render.interactive.reference import write_reference
from render.interactive.texts import write_texts
from render.site.assets import BASEMAP_PATH, copy_assets, relative_html
from render.site.depths import write_depths
from render.site.folder import SiteFolder
from render.site.pages import index_html, story_html
from render.site.stories import Download, Story, page_config, step_dates, stories
from render.views import VIEWS, View

DOWNLOADS_DIR = "downloads"


def write_downloads(atlas: Atlas, folder: SiteFolder, story: Story) -> Story:
    """The story's layers on its date, in every download format."""
    selection = visible_features(atlas, story.view.layers, Params(DEFAULT_BUFFER_KM, story.as_of))
    files = []
    for fmt in FORMATS.values():
        rel = f"{DOWNLOADS_DIR}/{download_name(story.view.id, selection, fmt.id)}"
        files.append(Download(fmt.label, rel, folder.write_bytes(rel, fmt.write(selection))))
    return replace(story, downloads=tuple(files))


def build_site(atlas: Atlas, out: Path, views: dict[str, View] = VIEWS) -> str:
    """Write the site into ``out`` (SiteError when the folder is not ours to write); returns a
    one-line summary."""
    folder = SiteFolder(out)
    folder.prepare()
    copy_assets(folder)
    texts = write_texts(atlas, DEFAULT_BUFFER_KM, out / "data" / "texts")
    reference = write_reference(atlas, out / "data" / "reference")
    folder.written += [f"data/texts/{texts}", f"data/reference/{reference}"]
    depth_files = write_depths(atlas, folder)
    steps = step_dates(atlas, data_span(atlas))
    pages = [write_downloads(atlas, folder, story) for story in stories(atlas, views)]
    for story in pages:
        m = build_map(
            atlas,
            Params(DEFAULT_BUFFER_KM, story.as_of),
            visible=story.view.layers,
            texts_url=f"data/texts/{texts}",
            reference_url=f"data/reference/{reference}",
        )
        html = relative_html(render_html(m))
        config = page_config(atlas, story, steps, depth_files)
        preload = (BASEMAP_PATH,)  # on the critical path of the first paint; names can wait
        folder.write_text(story.page, story_html(html, story, pages, config, preload))
    folder.write_text("index.html", index_html(pages, as_of_line(atlas, default_as_of(atlas), LAYER_BY_ID)))
    folder.finish()
    size = sum((out / rel).stat().st_size for rel in set(folder.written))
    return (
        f"wrote {out}: index.html and {len(pages)} story pages, "
        f"{sum(len(s.downloads) for s in pages)} downloads ({len(set(folder.written))} files, "
        f"{size / 1e6:.1f} MB); serve it from any static host, e.g. `python -m http.server -d {out}`"
    )
