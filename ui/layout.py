"""The page's frame: one stylesheet for the app's own chrome (compact header, the map filling
the window below it, no developer chrome, visible keyboard focus) and the header itself."""

from __future__ import annotations

from html import escape
from typing import Any

import streamlit as st

# The map's iframe is sized by CSS to the window, less the header above it (px, measured in
# Chromium at 1440×900 and 390×844; tests/e2e checks the map's share of the screen). Streamlit
# gives the component a fixed height; the map inside follows its frame (static/corridors/streamlit.css).
HEADER_PX = {"desktop": 176, "phone": 220}
PHONE_MAX_PX = 640  # Streamlit stacks columns below this width

CSS = f"""
<style>
header[data-testid="stHeader"] {{ display: none; }}
[data-testid="stMainBlockContainer"], .block-container {{
  padding: 0.5rem 1.5rem 1rem 1.5rem; max-width: none;
}}
.app-title {{ font-size: 1.15rem; font-weight: 700; margin: 0; line-height: 1.3; }}
.app-title .sub {{ font-weight: 400; color: #555; }}
.app-intro {{ font-size: 0.85rem; color: #555; margin: 0.1rem 0 0 0; line-height: 1.35; }}
[data-testid="stButtonGroup"] > div {{ flex-wrap: wrap; }}
iframe[title="streamlit_folium.st_folium"] {{
  height: calc(100vh - {HEADER_PX["desktop"]}px) !important;
  height: calc(100dvh - {HEADER_PX["desktop"]}px) !important;
  min-height: 360px;
}}
@media (max-width: {PHONE_MAX_PX}px) {{
  [data-testid="stMainBlockContainer"], .block-container {{ padding-left: 0.4rem; padding-right: 0.4rem; }}
  .app-title {{ font-size: 0.95rem; }}
  .app-title .sub {{ display: none; }}
  .app-intro {{ font-size: 0.75rem; }}
  [data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] {{ gap: 0.45rem; }}
  [data-testid="stDateInput"] label {{ display: none; }}
  iframe[title="streamlit_folium.st_folium"] {{
    height: calc(100vh - {HEADER_PX["phone"]}px) !important;
    height: calc(100dvh - {HEADER_PX["phone"]}px) !important;
  }}
}}
:focus-visible {{ outline: 2px solid #0072B2 !important; outline-offset: 2px; }}
</style>
"""


def page_style() -> None:
    """Apply the app's stylesheet (shipped text only; nothing from users reaches it)."""
    st.html(CSS)


def page_header(title: str, subtitle: str, intro: str) -> None:
    """The compact header: title and the one line that says what the map is."""
    st.html(
        f'<h1 class="app-title">{escape(title)}<span class="sub"> · {escape(subtitle)}</span></h1>'
        f'<p class="app-intro">{escape(intro)}</p>'
    )


def lazy_expander(label: str, key: str) -> tuple[Any, bool]:
    """An expander whose content the caller draws only while it is open (``key`` holds that
    state; opening it reruns the page). Drawn closed, the page's heavier widgets (chart, table,
    forms, code box) held the map's first paint back: bench/, cold start."""
    box = st.expander(label, key=key, on_change="rerun")
    return box, bool(box.open)
