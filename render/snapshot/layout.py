"""Where title, map, legend, inset and footer go on each page size (figure fractions).

The title block and the footer are measured first (their text wraps to the page), then the
map, legend and inset share what is left, so nothing overlaps on any page size.
"""

from __future__ import annotations

from dataclasses import dataclass

# Page sizes in inches (width, height).
PAGES: dict[str, tuple[float, float]] = {
    "a4-landscape": (11.69, 8.27),
    "a4-portrait": (8.27, 11.69),
    "letter-landscape": (11.0, 8.5),
    "letter-portrait": (8.5, 11.0),
    "slide-16x9": (13.333, 7.5),
    "social-square": (7.2, 7.2),  # 1080 px at 150 dpi
}
DEFAULT_PAGE = "a4-landscape"
MARGIN_IN = 0.3
GAP_IN = 0.18
Rect = tuple[float, float, float, float]  # figure-fraction x, y, w, h


@dataclass(frozen=True)
class Page:
    """A page's size, margin and the text scale that suits it."""

    width: float
    height: float
    scale: float

    @property
    def text_width(self) -> float:
        """Inches between the side margins."""
        return self.width - 2 * MARGIN_IN


@dataclass(frozen=True)
class Layout:
    """A page's regions."""

    page: tuple[float, float]
    title: tuple[float, float]  # figure-fraction anchor (left, top)
    map: Rect
    legend: Rect
    inset: Rect
    legend_columns: int
    footer: tuple[float, float, float]  # x, y (fractions), width in inches
    scale: float


def page_of(page: str) -> Page:
    """Size and text scale of a named page; ValueError for an unknown one."""
    if page not in PAGES:
        raise ValueError(f"unknown page size {page!r}; choose one of: {', '.join(PAGES)}")
    W, H = PAGES[page]
    return Page(W, H, max(0.9, min(1.1, min(W, H) / 8.27)))


# Tried in turn until the legend fits: a larger share of the page, then without the inset.
LEGEND_GROWTH: tuple[tuple[float, bool], ...] = (
    (0.0, True),
    (0.06, True),
    (0.12, True),
    (0.0, False),
    (0.08, False),
    (0.16, False),
)


def page_layout(
    page: str, header_h: float = 0.95, footer_h: float = 0.85, grow: float = 0.0, inset: bool = True
) -> Layout:
    """Regions of a page, given the measured height of the title block and footer (inches);
    ``grow`` gives the legend a larger share of the page, and without ``inset`` the legend
    takes the locator's place (an empty inset rectangle then)."""
    p = page_of(page)
    W, H, m, gap = p.width, p.height, MARGIN_IN, GAP_IN

    def frac(x: float, y: float, w: float, h: float) -> Rect:
        return (x / W, y / H, w / W, h / H)

    body_y = m + footer_h + gap
    body_h = H - m - header_h - gap - body_y
    if W / H > 1.15:  # landscape: legend and inset in a right-hand column
        side = max(2.9, (0.27 + grow) * W)
        map_w = W - 2 * m - side - gap
        inset_h = min(side * 0.62, body_h * 0.3)
        map_rect = frac(m, body_y, map_w, body_h)
        if inset:
            inset_rect = frac(W - m - side, body_y, side, inset_h)
            legend = frac(W - m - side, body_y + inset_h + gap, side, body_h - inset_h - gap)
        else:
            inset_rect = (0.0, 0.0, 0.0, 0.0)
            legend = frac(W - m - side, body_y, side, body_h)
        cols = 1
    else:  # portrait / square: legend in columns under the map, inset beside it
        leg_h = body_h * ((0.32 if H > W else 0.36) + grow)
        inset_w = min(2.2, 0.3 * W, leg_h * 1.4)
        map_rect = frac(m, body_y + leg_h + gap, W - 2 * m, body_h - leg_h - gap)
        if inset:
            inset_rect = frac(W - m - inset_w, body_y, inset_w, leg_h)
            legend = frac(m, body_y, W - 2 * m - inset_w - gap, leg_h)
        else:
            inset_rect = (0.0, 0.0, 0.0, 0.0)
            legend = frac(m, body_y, W - 2 * m, leg_h)
        cols = 2
    footer = (m / W, m / H, W - 2 * m)
    return Layout((W, H), (m / W, 1 - m / H), map_rect, legend, inset_rect, cols, footer, p.scale)
