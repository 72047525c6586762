"""The reference map in print: every preset names what a reader looks for, as text in the SVG."""

from __future__ import annotations

import re
from html import unescape

import pytest

from render.export import ExportRequest, export

# What each preset must name (country names are set in capitals). Multi-line labels are
# matched line by line, so a name is found however it wraps.
KEY_NAMES = {
    "region": [
        "TÜRKIYE", "IRAN", "IRAQ", "SAUDI ARABIA", "TURKMENISTAN", "ARMENIA", "AZERBAIJAN",
        "Black Sea", "Caspian Sea", "Persian Gulf",
        "Ankara", "Tehran", "Baku", "Yerevan", "Baghdad", "Riyadh", "Ashgabat",
        "Strait of Hormuz", "Meghri",
    ],
    "tripp": [
        "ARMENIA", "AZERBAIJAN", "IRAN", "TÜRKIYE", "Yerevan", "Aras (Araks, Araz)",
        "Nakhchivan", "Meghri", "Agarak", "Kapan", "Julfa", "Ordubad",
    ],
    "border": ["TÜRKIYE", "IRAN", "Lake Van", "Lake Urmia", "Kapıköy", "Gürbulak", "Esendere"],
    "gas-swap": [
        "TÜRKIYE", "IRAN", "TURKMENISTAN", "AZERBAIJAN", "Caspian Sea", "Black Sea",
        "Ankara", "Tehran", "Ashgabat", "Baku",
    ],
    "hormuz": [
        "IRAN", "OMAN", "UNITED ARAB EMIRATES", "Strait of Hormuz", "Musandam (Oman)",
        "Bandar Abbas", "Qeshm", "Larak", "Khasab", "Abu Musa", "Fujairah", "Jask",
    ],
}  # fmt: skip


def svg_text(svg: str) -> str:
    """All text of an SVG drawn by matplotlib with svg.fonttype "none" (one line per element)."""
    texts = re.findall(r"<text\b[^>]*>(.*?)</text>", svg, re.S)
    return "\n".join(unescape(re.sub(r"<[^>]+>", "", t)) for t in texts)


@pytest.mark.parametrize("view", list(KEY_NAMES))
def test_key_names_are_text_in_every_preset_svg(atlas, view):
    svg = export(atlas, ExportRequest.create(atlas, view=view, fmt="svg", dpi=30)).data.decode()
    text = svg_text(svg)
    missing = [name for name in KEY_NAMES[view] if name not in text]
    assert not missing, f"{view}: not named: {missing}"


def test_a_check_for_names_can_fail(atlas):
    svg = export(atlas, ExportRequest.create(atlas, view="hormuz", fmt="svg", dpi=30)).data.decode()
    assert "Ankara" not in svg_text(svg)  # far outside the Hormuz view
