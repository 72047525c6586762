"""The reference map both renderers draw under the story: water, rivers, places and names.

One declaration of the label classes (like a tile basemap's: country names first, then capitals
and seas, then regions, rivers and lakes, then towns), each with the zoom it shows from (print:
the equivalent zoom of its scale), its placement priority and its typography. The browser's
CSS is generated from these classes and the print renderer sets its text with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import geopandas as gpd
from shapely.geometry import LineString, MultiLineString, Point, Polygon, box
from shapely.geometry.base import BaseGeometry

from layers.derive import coverage_borders
from layers.loading import Atlas
from layers.styles import BASEMAP, FOCUS_COUNTRIES, WATER_NAME

WATER_TEXT = WATER_NAME  # names on water: seas, gulfs, straits, rivers, lakes
LAND_TEXT = "#4A4A4A"
REGION_TEXT = "#7A5230"


@dataclass(frozen=True)
class LabelClass:
    """How a kind of name is shown: from which zoom, how urgently, in which type."""

    min_zoom: float
    priority: int  # placement order, lower first; story labels (their layers' ranks, < 60) go first
    size_px: float
    color: str
    weight: int = 400
    italic: bool = False
    upper: bool = False
    spacing_em: float = 0.0  # letter spacing in the browser (print keeps normal spacing, stays searchable)


LABEL_CLASSES: dict[str, LabelClass] = {
    "country": LabelClass(3, 60, 12, LAND_TEXT, 700, upper=True, spacing_em=0.12),
    "sea": LabelClass(3, 61, 12.5, WATER_TEXT, italic=True, spacing_em=0.18),
    "gulf": LabelClass(4, 62, 11.5, WATER_TEXT, italic=True, spacing_em=0.1),
    "strait": LabelClass(6, 62, 11, WATER_TEXT, italic=True),
    "exclave": LabelClass(5, 63, 10.5, REGION_TEXT, 700, italic=True),
    "capital": LabelClass(4, 64, 11.5, "#1F1F1F", 700),
    "region": LabelClass(6, 66, 10.5, REGION_TEXT, italic=True, upper=True, spacing_em=0.08),
    "river": LabelClass(6, 70, 10, WATER_TEXT, italic=True),
    "lake": LabelClass(6, 71, 10, WATER_TEXT, italic=True),
    "city1": LabelClass(5, 75, 11, "#2A2A2A"),
    "city2": LabelClass(6, 76, 10.5, "#2A2A2A"),
    "city3": LabelClass(7, 77, 10, "#333333"),
    "city4": LabelClass(8, 78, 10, "#333333"),
}
# A sea's other name is added as a second line from this zoom (at smaller scales the two lines
# would be larger than the gulf they name).
ALIAS_MIN_ZOOM = 5.0
# Natural Earth units that are not countries a reader looks for: left unnamed (their land is
# drawn). Northern Cyprus is labelled as Cyprus's, as most maps do; the map takes no position.
UNLABELLED_UNITS = frozenset({"Akrotiri", "Dhekelia", "Cyprus U.N. Buffer Zone", "Baikonur", "N. Cyprus"})
# A country's name is shown when this share of the map (or more) shows its land, or all of it.
COUNTRY_MIN_SHARE = 0.004
# Reference symbols: a ring for capitals, a dot for towns (px).
PLACE_SYMBOL = {"capital": {"radius": 3.6, "weight": 1.4}, "city": {"radius": 2.2, "weight": 0.8}}
RIVER_WIDTH_PX = {1: 1.4, 2: 1.0, 3: 0.8}
RIVER_COLOUR = "#6FA3C8"
LAKE_EDGE = "#8FB3CF"


@dataclass(frozen=True)
class RefLabel:
    """A name to place: where, what class, and (for areas and rivers) the shape it names."""

    key: str
    text: str
    cls: str
    anchor: Point
    shape: BaseGeometry | None = None  # a country's land or a river's line
    rotation: float = 0.0  # degrees counter-clockwise, as suggested by the data (seas)
    symbol: str | None = None  # "capital" | "city": a place symbol at the anchor
    alias: str | None = None  # "(also called …)": a second line, from ALIAS_MIN_ZOOM
    rank: int = 3  # 1: the main seas and gulfs, named before any country

    @property
    def style(self) -> LabelClass:
        return LABEL_CLASSES[self.cls]

    @property
    def priority(self) -> int:
        """Placement order: the class's, but the main seas and gulfs (rank 1) before countries,
        so a small country's name at the water's edge cannot take the gulf's only place; the
        countries the map is about before both."""
        country = LABEL_CLASSES["country"].priority
        if self.cls == "country" and self.text in FOCUS_COUNTRIES:
            return country - 2
        if self.rank == 1 and self.cls in ("sea", "gulf"):
            return country - 1
        return self.style.priority

    @property
    def display(self) -> str:
        """The name as set on a map at the scale where it shows first (no alias line)."""
        return self.text.upper() if self.style.upper else self.text

    def display_at(self, zoom: float) -> str:
        """The name as set at this (equivalent) zoom: with its other name once there is room."""
        return f"{self.display}\n{self.alias}" if self.alias and zoom >= ALIAS_MIN_ZOOM else self.display


def _largest(geom: BaseGeometry) -> BaseGeometry:
    parts = list(getattr(geom, "geoms", [geom]))
    return max(parts, key=lambda g: g.area if isinstance(g, Polygon) else g.length)


def _countries(atlas: Atlas) -> list[RefLabel]:
    out = []
    for name, geom in zip(atlas.basemap["name"], atlas.basemap.geometry, strict=True):
        if geom is None or geom.is_empty or name in UNLABELLED_UNITS:
            continue
        main = _largest(geom)
        out.append(RefLabel(f"country:{name}", str(name), "country", main.representative_point(), shape=geom))
    return out


def _named(frame: gpd.GeoDataFrame | None) -> list[dict[str, Any]]:
    if frame is None or frame.empty:
        return []
    return [
        {**row, "geometry": geom}
        for row, geom in zip(frame.drop(columns="geometry").to_dict("records"), frame.geometry, strict=True)
    ]


def _places(atlas: Atlas) -> list[RefLabel]:
    out = []
    for row in _named(atlas.reference.get("places")):
        capital = bool(row.get("capital"))
        cls = "capital" if capital else f"city{min(max(int(row.get('rank') or 4), 1), 4)}"
        out.append(
            RefLabel(
                f"place:{row['name']}",
                str(row["name"]),
                cls,
                row["geometry"],
                symbol="capital" if capital else "city",
            )
        )
    return out


def _areas(atlas: Atlas) -> list[RefLabel]:
    out = []
    for row in _named(atlas.reference.get("labels")):
        cls = str(row.get("class") or "sea")
        text = str(row.get("label") or row["name"])
        others = [n for n in row.get("other_names") or [] if isinstance(n, str) and n and n != text]
        # "Persian Gulf", also called "Arabian Gulf": the other name where the gulf is big enough
        alias = f"(also called {others[0]})" if others and cls in ("sea", "gulf") else None
        rotation = float(row.get("rotation_deg") or 0.0)
        out.append(
            RefLabel(
                f"area:{row['name']}",
                text,
                cls if cls in LABEL_CLASSES else "sea",
                row["geometry"],
                rotation=rotation,
                alias=alias,
                rank=int(row.get("rank") or 3),
            )
        )
    for row in _named(atlas.reference.get("lakes")):
        geom = row["geometry"]
        out.append(
            RefLabel(f"lake:{row['name']}", str(row["name"]), "lake", geom.representative_point(), shape=geom)
        )
    return out


def _rivers(atlas: Atlas) -> list[RefLabel]:
    out = []
    for row in _named(atlas.reference.get("rivers")):
        line = _largest(row["geometry"])
        if not isinstance(line, LineString) or line.length == 0:
            continue
        out.append(
            RefLabel(
                f"river:{row['name']}",
                str(row["name"]),
                "river",
                line.interpolate(0.5, normalized=True),
                shape=line,
            )
        )
    return out


@lru_cache(maxsize=8)
def reference_labels(atlas: Atlas) -> tuple[RefLabel, ...]:
    """Every reference name, in no particular order (renderers filter by zoom and place by priority)."""
    return tuple(_countries(atlas) + _areas(atlas) + _rivers(atlas) + _places(atlas))


@lru_cache(maxsize=8)
def land_layers(atlas: Atlas) -> dict[str, Any]:
    """Land to draw, without straight false coasts where the detailed extract ends: the detailed
    countries, the wide context's countries outside the extract, and the borders of each (lon/lat)."""
    detail = [g for g in atlas.basemap.geometry.values if g is not None and not g.is_empty]
    covered = box(*atlas.coverage) if not atlas.basemap.empty else Polygon()
    context = atlas.reference.get("context")
    outside_names: list[str] = []
    outside: list[BaseGeometry] = []
    context_borders: BaseGeometry = MultiLineString()
    if context is not None and not context.empty:
        geoms = [g for g in context.geometry.values]
        context_borders = coverage_borders(geoms).difference(covered)
        for name, geom in zip(context["name"], geoms, strict=True):
            rest = geom.difference(covered)
            if not rest.is_empty:
                outside_names.append(str(name))
                outside.append(rest)
    return {
        "borders": coverage_borders(detail),
        "context_names": outside_names,
        "context": outside,
        "context_borders": context_borders,
    }


def place_core(text: str) -> str:
    """The place a label names, without its state, aside or second line ('Strait of Hormuz ·
    closed' → 'strait of hormuz'): labels with the same core name one place. Print compares
    them here; the browser gets each label's core with its data."""
    return text.split("\n")[0].split(" · ")[0].split(" — ")[0].split(" (")[0].strip().casefold()


def same_place(a: str, b: str) -> bool:
    """Whether two label texts name the same place ('Iğdır' and 'Iğdır', 'Strait of Hormuz' and
    'Strait of Hormuz · closed'), for one label per place."""
    return place_core(a) == place_core(b)


def water_colour() -> str:
    """Lakes are drawn in the sea's colour."""
    return BASEMAP["sea"]
