"""The browser legend: ``layers.legend`` sections as HTML, rows keyed for the browser's sync.

Each row carries ``data-legend-key`` (a layer row's key, or a status / confidence / recency
key) and ``data-legend-layers`` (the layers that make it relevant): the browser shows a layer
row while one of its layers is on, and a key row while a visible feature uses it on the chosen
date.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from layers.features import Params
from layers.legend import LegendEntry, LegendSection, legend_sections
from layers.loading import Atlas
from layers.notes import UNCERTAINTY_NOTE
from render.svg import swatch_svg


def _row(entry: LegendEntry) -> str:
    keys = f'data-legend-key="{escape(entry.key)}" data-legend-layers="{escape(" ".join(entry.layers))}"'
    swatch = swatch_svg(entry.style, entry.geometry)
    return f'<div class="row" {keys}>{swatch}<span>{escape(entry.label)}</span></div>'


def sections_html(sections: list[LegendSection]) -> str:
    """Headings and rows, in the shared order."""
    out = []
    for section in sections:
        rows = "".join(_row(e) for e in section.entries)
        out.append(f"<section><h4>{escape(section.heading)}</h4>{rows}</section>")
    return "".join(out)


def legend_html(
    atlas: Atlas,
    params: Params,
    layer_ids: Iterable[str],
    *,
    any_date: bool = True,
    open_: bool = False,
    ids_in_view: set[str] | None = None,
) -> str:
    """The legend panel; ``any_date`` keeps rows every date may need (the browser hides the rest)."""
    sections = legend_sections(atlas, layer_ids, params, any_date=any_date, ids_in_view=ids_in_view)
    note = f"{UNCERTAINTY_NOTE} Click any feature for its sources."
    return (
        f'<details class="corridors-legend"{" open" if open_ else ""}><summary>Legend</summary>'
        + sections_html(sections)
        + f"<p>{escape(note)}</p></details>"
    )
