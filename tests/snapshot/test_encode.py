"""PNG, SVG and PDF: real text, vector output, sizes, and memory that stays flat."""

from __future__ import annotations

import gc
import io
import os
import xml.etree.ElementTree as ET

import pytest
from matplotlib.figure import Figure
from PIL import Image
from pypdf import PdfReader

from render.export import ExportRequest, export
from render.snapshot import save_figure
from render.views import VIEWS
from tests.snapshot.conftest import snap


def data(atlas, fmt: str, **choices) -> bytes:
    return export(atlas, ExportRequest.create(atlas, fmt=fmt, **{"dpi": 40, **choices})).data


def test_pdf_is_vector_with_real_text(atlas):
    pdf = data(atlas, "pdf", view="hormuz")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    resources = page["/Resources"]
    images = [x for x in resources.get("/XObject", {}).values() if x.get_object().get("/Subtype") == "/Image"]
    assert not [im for im in images if im.get_object()["/Width"] * im.get_object()["/Height"] > 64 * 64]
    fonts = [f.get_object()["/BaseFont"] for f in resources["/Font"].values()]
    assert any("DejaVuSans" in str(f) for f in fonts)
    text = " ".join(page.extract_text().split())
    assert "Strait of Hormuz" in text and "Natural Earth" in text and "Situation as of" in text


def test_svg_keeps_title_and_legend_as_text(atlas):
    svg = data(atlas, "svg", view="hormuz")
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    joined = " ".join(" ".join("".join(el.itertext()) for el in root.iter(f"{ns}text")).split())
    assert VIEWS["hormuz"].title.split(":")[0] in joined
    assert "Oil pipelines that bypass Hormuz" in joined
    assert b"<image" not in svg


def test_png_size_follows_dpi(atlas):
    png = data(atlas, "png", view="tripp", page="social-square", dpi=50)
    with Image.open(io.BytesIO(png)) as im:
        assert im.size == (360, 360)


def test_unknown_format_is_refused(atlas):
    fig = snap(atlas, view="hormuz", dpi=20)
    with pytest.raises(ValueError, match="unknown format"):
        save_figure(fig, "gif")


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


@pytest.mark.slow
def test_exports_close_figures_and_memory_stays_flat(atlas):
    import matplotlib.pyplot as plt

    def live() -> int:
        gc.collect()
        return sum(isinstance(o, Figure) for o in gc.get_objects())

    before = live()
    for _ in range(3):  # warm caches
        data(atlas, "png", view="hormuz", page="social-square", dpi=30)
    rss = _rss_mb()
    for i in range(15):
        data(atlas, ("png", "svg", "pdf")[i % 3], view="hormuz", page="social-square", dpi=30)
    growth = _rss_mb() - rss
    assert plt.get_fignums() == [] and live() <= before
    assert growth < 30, f"RSS grew {growth:.1f} MB over 15 exports"
