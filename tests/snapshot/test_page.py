"""The whole page: title, dated subtitle, credits, notes, sizes; parameters reach the map."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from layers.features import Params, layer_frame
from layers.period import default_as_of
from layers.registry import LAYER_BY_ID
from render.snapshot import PAGES
from tests.snapshot.conftest import by_gid, layer_artists, snap


def test_subtitle_states_the_chosen_date_and_the_reviewed_date(atlas, figures):
    reviewed = atlas.reviewed["hormuz"]
    sub = " ".join(by_gid(figures["hormuz"], "subtitle").get_text().split())
    assert f"Situation as of {default_as_of(atlas).day} " in sub
    assert f"sources reviewed to {reviewed.day} {reviewed:%B %Y}" in sub
    early = snap(atlas, view="hormuz", as_of="2026-03-01", dpi=30)
    assert "Situation as of 1 March 2026" in " ".join(by_gid(early, "subtitle").get_text().split())
    assert early.snapshot.as_of == date(2026, 3, 1)
    assert str(date.today()) not in by_gid(figures["hormuz"], "subtitle").get_text()


def test_notes_and_credits(figures):
    fig = figures["hormuz"]
    note = " ".join(by_gid(fig, "note").get_text().split())
    assert "Abu Musa" in note and "Disputed sovereignty" in note and "illustrative" in note
    credits = " ".join(by_gid(fig, "credits").get_text().split())
    assert "Natural Earth 1:10m, public domain" in credits and "Sources:" in credits
    assert "layers/" not in credits and "pyproj" not in credits  # reader language


def test_buffer_parameter_changes_the_zone_and_the_notes(atlas):
    def area(km):
        fig = snap(atlas, view="border", dpi=30, buffer_km=km)
        verts = layer_artists(fig)["buffer_zone_area"][0].get_path().vertices
        x, y = verts[:, 0], verts[:, 1]
        return abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1))), fig

    small, _ = area(20)
    large, fig = area(60)
    assert large > 1.5 * small
    zone = {
        m.label: m.value
        for m in layer_frame(atlas, LAYER_BY_ID["buffer_zone_area"], Params(buffer_km=60))["computed"].iloc[0]
    }
    notes = " ".join(fig.snapshot.notes)
    assert "60 km" in notes and zone["Area (geodesic, rounded)"] in notes
    assert zone["Area (geodesic, rounded)"].startswith("about ") and zone[
        "Area (geodesic, rounded)"
    ].endswith(",000 km²")


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_size_keeps_text_on_the_page(atlas, page):
    fig = snap(atlas, view="region", page=page, dpi=72)  # hinting distorts tiny dpi
    assert tuple(fig.get_size_inches()) == pytest.approx(PAGES[page])
    renderer = fig.canvas.get_renderer()
    for gid in ("title", "subtitle", "credits", "note"):
        bb = by_gid(fig, gid).get_window_extent(renderer)
        assert bb.x0 >= -1 and bb.x1 <= fig.bbox.x1 + 1 and bb.y0 >= -1 and bb.y1 <= fig.bbox.y1 + 1, (
            page,
            gid,
        )
    legend = next(ax for ax in fig.axes if ax.get_gid() == "legend")
    for text in legend.texts:  # the legend's rows and headings stay on the page
        bb = text.get_window_extent(renderer)
        assert bb.x0 >= -1 and bb.x1 <= fig.bbox.x1 + 1 and bb.y0 >= -1 and bb.y1 <= fig.bbox.y1 + 1, (
            page,
            text.get_text(),
        )
    # no text on any page is set below 6.5 pt (map labels, legend, notes, credits, furniture)
    sizes = {
        t.get_text()[:30]: t.get_fontsize()
        for t in fig.findobj(lambda a: hasattr(a, "get_fontsize") and hasattr(a, "get_text"))
        if t.get_text().strip() and t.get_visible()
    }
    small = {k: v for k, v in sizes.items() if v < 6.5 - 1e-6}
    assert not small, (page, small)


def test_fonts_are_the_bundled_dejavu(figures):
    families = {t.get_fontname() for t in figures["hormuz"].findobj(lambda a: hasattr(a, "get_fontname"))}
    assert families == {"DejaVu Sans"}


def test_a_small_page_keeps_the_layers_in_the_legend_and_explains_patterns_in_the_notes(atlas):
    fig = snap(atlas, view="region", page="social-square", dpi=40)
    assert set(fig.snapshot.legend_keys) <= set(fig.snapshot.layers) | {"events"}
    assert by_gid(fig, "note").get_text().startswith("Dotted or dashed lines mark status")
    roomy = snap(atlas, view="region", dpi=40)  # A4 landscape has room for the keys
    assert any(k.startswith("status:") for k in roomy.snapshot.legend_keys)
