"""The static snapshot renderer: same declarations as the interactive map, print furniture, formats.

Baselines: tests/baselines/*.png are compared with a mean-absolute-difference tolerance; a
missing baseline fails. Regenerate deliberately with ``UPDATE_BASELINES=1`` and review the PNGs.
"""

from __future__ import annotations

import gc
import io
import math
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgb, to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, PathPatch
from PIL import Image
from pypdf import PdfReader
from pyproj import CRS, Proj, Transformer

from layers.features import Params
from layers.legend import layer_entries
from layers.measure import GEOD
from layers.registry import LAYER_BY_ID, LAYERS
from layers.styles import STATUS_DASH, feature_style
from render.static import (
    PAGES,
    PX_TO_PT,
    export_snapshot,
    nice_length,
    north_angle,
    render_snapshot,
    save_figure,
)
from render.views import REGION_BBOX, VIEWS, ViewError, bbox_from_leaflet_bounds, check_bbox, parse_bbox

BASELINES = Path(__file__).parent / "baselines"
AS_OF = "2026-11-25"
LAYER_IDS = {layer.id for layer in LAYERS}


@pytest.fixture(scope="module")
def figures(atlas):
    """One low-dpi render per preset (shared: rendering is the slow part)."""
    return {view: render_snapshot(atlas, view=view, dpi=60, as_of=AS_OF) for view in VIEWS}


def map_axes(fig: Figure):
    return next(ax for ax in fig.axes if ax.get_gid() == "map")


def layer_artists(fig: Figure) -> dict[str, list]:
    out: dict[str, list] = {}
    for artist in map_axes(fig).get_children():
        if artist.get_gid() in LAYER_IDS:
            out.setdefault(artist.get_gid(), []).append(artist)
    return out


def by_gid(fig: Figure, gid: str):
    found = fig.findobj(lambda a: a.get_gid() == gid)
    assert found, f"no artist with gid {gid!r}"
    return found[0]


# ---- views -----------------------------------------------------------------------------------


def test_region_bbox_matches_interactive_bounds():
    from render.interactive import REGION_BOUNDS

    (lat0, lon0), (lat1, lon1) = REGION_BOUNDS
    assert (lon0, lat0, lon1, lat1) == REGION_BBOX


def test_presets_reference_registered_layers_and_valid_boxes():
    assert set(VIEWS) == {"region", "tripp", "border", "gas-swap", "hormuz"}
    for view in VIEWS.values():
        assert set(view.layers) <= LAYER_IDS and view.layers
        assert check_bbox(view.bbox) == view.bbox


def test_leaflet_bounds_to_bbox():
    bounds = {"_southWest": {"lat": 25.0, "lng": 54.5}, "_northEast": {"lat": 27.5, "lng": 58.0}}
    assert bbox_from_leaflet_bounds(bounds) == (54.5, 25.0, 58.0, 27.5)
    wrapped = {"_southWest": {"lat": 10, "lng": -200}, "_northEast": {"lat": 40, "lng": -150}}
    assert bbox_from_leaflet_bounds(wrapped)[0] == -180
    with pytest.raises(ViewError):
        bbox_from_leaflet_bounds({"_southWest": {"lat": 1}})


@pytest.mark.parametrize(
    "text", ["1,2,3", "a,b,c,d", "10,40,5,45", "10,95,20,96", "0,0,0.001,0.001", "nan,1,2,3"]
)
def test_bad_bbox_rejected(text):
    with pytest.raises(ViewError):
        parse_bbox(text)


def test_nice_length():
    assert [nice_length(v) for v in (1.3, 2.7, 7.9, 13, 470, 0.3)] == [1, 2, 5, 10, 200, 0.2]


# ---- same declarations as the interactive map ---------------------------------------------------


@pytest.mark.parametrize("view", list(VIEWS))
def test_legend_entries_equal_visible_layers(figures, view):
    fig = figures[view]
    layer_keys = [k for k in fig.snapshot.legend_keys if ":" not in k]
    assert set(layer_keys) == set(VIEWS[view].layers) == set(fig.snapshot.layers)
    assert layer_keys == [e.key for e in layer_entries(VIEWS[view].layers)]  # same order as the HTML legend
    legend = next(ax for ax in fig.axes if ax.get_gid() == "legend")
    texts = " ".join(" ".join(t.get_text().split()) for t in legend.texts)
    for layer_id in layer_keys:
        assert LAYER_BY_ID[layer_id].legend in texts
        assert legend.findobj(lambda a, i=layer_id: a.get_gid() == f"legend:{i}")


def test_status_and_confidence_keys_follow_what_is_drawn(figures):
    border = figures["border"].snapshot.legend_keys
    assert "status:reported" in border and "confidence:reported" in border
    tripp = figures["tripp"].snapshot.legend_keys
    assert "status:under construction" in tripp and "status:planned" in tripp
    assert not any(k.startswith("confidence:") for k in tripp)  # nothing hatched in that view


def test_every_visible_layer_drawn_and_hidden_ones_not(atlas):
    visible = ["tripp_route", "gas_swap_flows", "hormuz_places", "buffer_zone_area", "hormuz_tss_lanes"]
    fig = render_snapshot(atlas, view="region", layers=visible, dpi=50)
    drawn = layer_artists(fig)
    assert set(drawn) == set(visible)
    assert all(len(drawn[i]) >= 1 for i in visible)


def test_drawn_colours_widths_dashes_and_hatches_equal_declared_styles(figures):
    fig = figures["region"]
    checked = set()
    for layer_id, artists in layer_artists(fig).items():
        layer = LAYER_BY_ID[layer_id]
        for artist in artists:
            if isinstance(artist, FancyArrowPatch):  # flow arrows
                assert layer.style.arrows
                assert to_rgb(artist.get_facecolor()) == to_rgb(layer.style.color)
            elif isinstance(artist, PathCollection):  # point symbols
                assert np.allclose(artist.get_edgecolor()[0][:3], to_rgb(layer.style.color))
                assert np.allclose(artist.get_facecolor()[0][:3], to_rgb(layer.style.fill_color))
                assert np.allclose(artist.get_linewidths(), layer.style.weight * PX_TO_PT)
            elif isinstance(artist, PathPatch):
                assert to_rgba(artist.get_edgecolor()) == pytest.approx(
                    to_rgba(layer.style.color, layer.style.opacity)
                )
                assert artist.get_linewidth() == pytest.approx(layer.style.weight * PX_TO_PT)
                if layer.geometry == "polygon":
                    assert to_rgba(artist.get_facecolor()) == pytest.approx(
                        to_rgba(layer.style.fill_color, layer.style.fill_opacity)
                    )
            else:
                pytest.fail(f"unexpected artist {artist!r} for {layer_id}")
            checked.add(layer_id)
    assert checked == set(VIEWS["region"].layers)


def test_status_dash_and_confidence_hatch(atlas, figures):
    drawn = layer_artists(figures["region"])
    railway = drawn["tripp_railways"][0]  # under construction
    _offset, dashes = (
        railway.get_linestyle() if isinstance(railway.get_linestyle(), tuple) else railway._dash_pattern
    )
    assert tuple(dashes) == pytest.approx(tuple(v * PX_TO_PT for v in STATUS_DASH["under construction"]))
    zone = drawn["buffer_zone_area"][0]  # reported confidence → hatched
    expected = feature_style(LAYER_BY_ID["buffer_zone_area"].style, "reported", "reported").hatch
    assert zone.get_hatch() == expected == "///"
    assert len(drawn["gas_swap_flows"]) > 2 and any(
        isinstance(a, FancyArrowPatch) for a in drawn["gas_swap_flows"]
    )


def test_labels_do_not_overlap_and_fit_the_map(figures):
    for view, fig in figures.items():
        renderer = fig.canvas.get_renderer()
        ax = map_axes(fig)
        frame = ax.get_window_extent(renderer)
        boxes = [
            t.get_window_extent(renderer)
            for t in ax.texts
            if str(t.get_gid()).startswith(("label:", "country"))
        ]
        assert boxes, view
        for i, a in enumerate(boxes):
            assert frame.x0 - 1 <= a.x0 and a.x1 <= frame.x1 + 1, view
            assert not any(a.overlaps(b) for b in boxes[i + 1 :]), view


def test_hormuz_labels_every_named_place(figures):
    texts = {t.get_text() for t in map_axes(figures["hormuz"]).texts}
    assert {
        "Abu Musa (disputed)",
        "Greater Tunb (disputed)",
        "Lesser Tunb (disputed)",
        "Strait of Hormuz",
    } <= texts


def test_notes_mark_disputed_islands_and_credits_name_basemap(figures):
    fig = figures["hormuz"]
    note = " ".join(by_gid(fig, "note").get_text().split())
    assert "Abu Musa" in note and "Tunb" in note and "Disputed sovereignty" in note
    assert "illustrative" in note
    credits = " ".join(by_gid(fig, "credits").get_text().split())
    assert "Natural Earth 1:10m, public domain" in credits and "Sources:" in credits
    assert AS_OF in by_gid(fig, "subtitle").get_text()


def test_buffer_parameter_changes_the_zone(atlas):
    def area(km):
        fig = render_snapshot(atlas, view="border", dpi=30, params=Params(buffer_km=km))
        verts = layer_artists(fig)["buffer_zone_area"][0].get_path().vertices
        x, y = verts[:, 0], verts[:, 1]
        return abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))

    assert area(60) > 1.5 * area(20)


# ---- print furniture ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "view,page",
    [
        ("hormuz", "a4-landscape"),
        ("region", "a4-portrait"),
        ("gas-swap", "slide-16x9"),
        ("tripp", "social-square"),
    ],
)
def test_scale_bar_length_matches_geodesic(atlas, view, page):
    fig = render_snapshot(atlas, view=view, page=page, dpi=40)
    bar = by_gid(fig, "scale_bar")
    label = by_gid(fig, "scale_label").get_text()
    km = float(re.fullmatch(r"([\d.]+) km", label).group(1))
    assert km == nice_length(km)
    xs = bar.get_xdata()
    length = abs(xs[1] - xs[0])
    x0, y0, x1, y1 = fig.snapshot.extent
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    inv = Transformer.from_crs(fig.snapshot.crs, 4326, always_xy=True)
    (la, lb), (pa, pb) = inv.transform([cx - length / 2, cx + length / 2], [cy, cy])
    measured = GEOD.inv(la, pa, lb, pb)[2] / 1000
    assert measured == pytest.approx(km, rel=0.01)
    assert 0.1 < length / (x1 - x0) < 0.35  # a sensible share of the map width


def test_north_arrow_points_to_true_north(figures):
    for fig in figures.values():
        arrow = by_gid(fig, "north_arrow")
        (ax_, ay), (bx, by) = arrow._posA_posB
        drawn = math.degrees(math.atan2(bx - ax_, by - ay))
        x0, y0, x1, y1 = fig.snapshot.extent
        inv = Transformer.from_crs(fig.snapshot.crs, 4326, always_xy=True)
        lon, lat = inv.transform((x0 + x1) / 2, (y0 + y1) / 2)
        expected = -Proj(fig.snapshot.crs).get_factors(lon, lat).meridian_convergence
        assert drawn == pytest.approx(expected, abs=0.2)
        assert by_gid(fig, "north_label").get_text() == "N"


def test_north_angle_follows_meridian_convergence_off_centre():
    crs = CRS.from_proj4("+proj=lcc +lat_1=30 +lat_2=40 +lat_0=35 +lon_0=40 +ellps=WGS84 +units=m")
    fwd = Transformer.from_crs(4326, crs, always_xy=True)
    x, y = fwd.transform(52, 37)
    angle = north_angle(crs, (x - 1e4, y - 1e4, x + 1e4, y + 1e4))
    assert angle < -5  # east of the central meridian, north leans left
    assert angle == pytest.approx(-Proj(crs).get_factors(52, 37).meridian_convergence, abs=0.05)


def test_inset_outlines_the_view(figures):
    inset = next(ax for ax in figures["hormuz"].axes if ax.get_gid() == "inset")
    outline = inset.findobj(lambda a: a.get_gid() == "inset_view")[0].get_path().get_extents()
    xmin, xmax = inset.get_xlim()
    assert (outline.x1 - outline.x0) < 0.3 * (xmax - xmin)  # a small box in a regional map


@pytest.mark.parametrize("page", list(PAGES))
def test_pages_sizes_and_legend_fits(atlas, page):
    fig = render_snapshot(atlas, view="region", page=page, dpi=72)  # hinting distorts tiny dpi
    assert tuple(fig.get_size_inches()) == pytest.approx(PAGES[page])
    renderer = fig.canvas.get_renderer()
    page_box = fig.bbox
    for text in fig.findobj(lambda a: hasattr(a, "get_text") and a.get_gid() in ("title", "credits", "note")):
        bb = text.get_window_extent(renderer)
        assert bb.x1 <= page_box.x1 + 1 and bb.y0 >= -1, (page, text.get_gid())
    legend = next(ax for ax in fig.axes if ax.get_gid() == "legend")
    frame = legend.get_window_extent(renderer)
    for text in legend.texts:
        bb = text.get_window_extent(renderer)
        assert bb.y0 >= frame.y0 - 2 and bb.x1 <= page_box.x1, (page, text.get_text())


def test_fonts_are_the_bundled_dejavu(figures):
    families = {t.get_fontname() for t in figures["hormuz"].findobj(lambda a: hasattr(a, "get_fontname"))}
    assert families == {"DejaVu Sans"}


# ---- formats ------------------------------------------------------------------------------------


def test_pdf_is_vector_with_real_text(atlas):
    data = export_snapshot(atlas, fmt="pdf", view="hormuz", as_of=AS_OF)
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    resources = page["/Resources"]
    xobjects = resources.get("/XObject", {})
    images = [x for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image"]
    assert not [im for im in images if im.get_object()["/Width"] * im.get_object()["/Height"] > 64 * 64]
    fonts = [f.get_object()["/BaseFont"] for f in resources["/Font"].values()]
    assert any("DejaVuSans" in str(f) for f in fonts)
    assert b"Tj" in page.get_contents().get_data() or b"TJ" in page.get_contents().get_data()
    text = " ".join(page.extract_text().split())
    assert "Strait of Hormuz" in text and "Natural Earth" in text


def test_svg_keeps_title_and_legend_as_text(atlas):
    data = export_snapshot(atlas, fmt="svg", view="hormuz", as_of=AS_OF)
    root = ET.fromstring(data)
    assert root.tag.endswith("svg")
    ns = "{http://www.w3.org/2000/svg}"
    texts = ["".join(el.itertext()) for el in root.iter(f"{ns}text")]
    joined = " ".join(" ".join(texts).split())
    assert VIEWS["hormuz"].title.split(":")[0] in joined
    for entry in layer_entries(VIEWS["hormuz"].layers):
        assert " ".join(entry.label.split()) in joined, entry.label
    assert b"<image" not in data  # nothing rasterised


def test_png_size_follows_dpi(atlas):
    data = export_snapshot(atlas, fmt="png", view="tripp", page="social-square", dpi=50)
    with Image.open(io.BytesIO(data)) as im:
        assert im.size == (360, 360)


def test_unknown_format_and_page_rejected(atlas):
    with pytest.raises(ValueError):
        export_snapshot(atlas, fmt="gif", view="hormuz")
    with pytest.raises(ValueError):
        render_snapshot(atlas, view="hormuz", page="a3")
    with pytest.raises(ViewError):
        render_snapshot(atlas, view="nowhere")
    with pytest.raises(ViewError):
        render_snapshot(atlas, view="hormuz", layers=["nope"])


# ---- resources ----------------------------------------------------------------------------------


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def _live_figures() -> int:
    gc.collect()
    return sum(isinstance(o, Figure) for o in gc.get_objects())


def test_exports_close_figures_and_memory_stays_flat(atlas):
    import matplotlib.pyplot as plt

    before_figs = _live_figures()
    for _ in range(5):  # warm caches
        export_snapshot(atlas, fmt="png", view="hormuz", page="social-square", dpi=30)
    rss = _rss_mb()
    for i in range(50):
        export_snapshot(atlas, fmt=("png", "svg", "pdf")[i % 3], view="hormuz", page="social-square", dpi=30)
    growth = _rss_mb() - rss
    assert plt.get_fignums() == []
    assert _live_figures() <= before_figs
    assert growth < 40, f"RSS grew {growth:.1f} MB over 50 exports"


# ---- image baselines ----------------------------------------------------------------------------

BASELINE_CASES = {
    "hormuz_square_40dpi.png": {"view": "hormuz", "page": "social-square", "dpi": 40},
    "border_a4landscape_30dpi.png": {"view": "border", "page": "a4-landscape", "dpi": 30},
}
MAX_MEAN_ABS_DIFF = 2.0  # 0–255 scale: catches a missing layer or moved furniture, not AA noise


@pytest.mark.parametrize("name", list(BASELINE_CASES))
def test_image_baseline(atlas, name, tmp_path):
    fig = render_snapshot(atlas, as_of=AS_OF, **BASELINE_CASES[name])
    actual = save_figure(fig, "png")
    path = BASELINES / name
    if os.environ.get("UPDATE_BASELINES") == "1":
        BASELINES.mkdir(exist_ok=True)
        path.write_bytes(actual)
        pytest.skip(f"baseline {name} regenerated: review it before committing")
    if not path.exists():
        pytest.fail(f"missing baseline {path}; generate it with UPDATE_BASELINES=1 and review it")
    with Image.open(path) as expected_im, Image.open(io.BytesIO(actual)) as actual_im:
        expected = np.asarray(expected_im.convert("RGB"), dtype=np.int16)
        got = np.asarray(actual_im.convert("RGB"), dtype=np.int16)
    assert got.shape == expected.shape
    diff = float(np.abs(got - expected).mean())
    if diff > MAX_MEAN_ABS_DIFF:
        (tmp_path / name).write_bytes(actual)
        pytest.fail(
            f"{name}: mean abs diff {diff:.2f} > {MAX_MEAN_ABS_DIFF}; actual image in {tmp_path / name}"
        )


def test_notes_give_measured_figures_of_derived_layers(atlas):
    from layers.features import Params, layer_frame
    from layers.registry import LAYER_BY_ID

    fig = render_snapshot(atlas, view="border", params=Params(buffer_km=45), dpi=30)
    notes = " ".join(fig.snapshot.notes)
    area = dict(layer_frame(atlas, LAYER_BY_ID["buffer_zone_area"], Params(buffer_km=45))["computed"].iloc[0])
    assert "45 km" in notes and area["Area (geodesic)"] in notes
