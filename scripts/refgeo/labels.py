"""The named-areas layer: hand-placed label points for seas, gulfs and the regions the stories name.

Each point is placed by hand in the open water or the middle of the region it names, with the
encyclopedia or gazetteer page that names and describes the feature (``source_url``). Seas follow
the naming of IHO S-23 *Limits of Oceans and Seas*; the Persian Gulf also carries "Arabian Gulf",
the name used by the Arab states. ``rotation_deg`` suggests a label angle for elongated seas,
counter-clockwise from horizontal, measured on a map in a conformal projection.
"""

from __future__ import annotations

from dataclasses import dataclass

from shapely.geometry import Point

from scripts.refgeo.common import feature

BRITANNICA = "https://www.britannica.com/place/"
WIKI = "https://en.wikipedia.org/wiki/"
IHO_S23 = "https://iho.int/uploads/user/pubs/standards/s-23/S-23_Ed3_1953_EN.pdf"


@dataclass(frozen=True)
class Label:
    """A named area's label point, class, rank (1 first) and source page."""

    name: str
    cls: str
    lon: float
    lat: float
    rank: int
    source_url: str
    other_names: tuple[str, ...] = ()
    rotation_deg: float = 0.0
    sovereign: str = ""
    label: str = ""
    note: str = ""


LABELS: tuple[Label, ...] = (
    Label("Black Sea", "sea", 34.5, 43.2, 1, BRITANNICA + "Black-Sea"),
    Label("Caspian Sea", "sea", 50.8, 42.2, 1, BRITANNICA + "Caspian-Sea", rotation_deg=-80.0),
    Label("Mediterranean Sea", "sea", 27.5, 33.8, 1, BRITANNICA + "Mediterranean-Sea"),
    Label("Red Sea", "sea", 38.6, 20.5, 1, BRITANNICA + "Red-Sea", rotation_deg=-58.0),
    Label(
        "Persian Gulf",
        "gulf",
        51.6,
        27.0,
        1,
        BRITANNICA + "Persian-Gulf",
        ("Arabian Gulf",),
        rotation_deg=-28.0,
        note="Called the Arabian Gulf by the Arab states; IHO S-23 names it the Persian Gulf.",
    ),
    Label("Gulf of Oman", "gulf", 58.6, 24.6, 2, BRITANNICA + "Gulf-of-Oman", rotation_deg=-25.0),
    Label("Arabian Sea", "sea", 63.0, 18.0, 1, BRITANNICA + "Arabian-Sea"),
    Label("Gulf of Aden", "gulf", 48.0, 12.6, 2, BRITANNICA + "Gulf-of-Aden", rotation_deg=15.0),
    Label("Aegean Sea", "sea", 25.2, 38.6, 2, BRITANNICA + "Aegean-Sea", rotation_deg=-70.0),
    Label("Sea of Marmara", "sea", 28.0, 40.75, 3, BRITANNICA + "Sea-of-Marmara"),
    Label("Sea of Azov", "sea", 36.6, 46.1, 3, BRITANNICA + "Sea-of-Azov"),
    Label("Gulf of Suez", "gulf", 32.9, 28.9, 3, BRITANNICA + "Gulf-of-Suez", rotation_deg=-55.0),
    Label("Gulf of Aqaba", "gulf", 34.75, 28.75, 3, BRITANNICA + "Gulf-of-Aqaba", rotation_deg=-70.0),
    Label("Strait of Hormuz", "strait", 56.55, 26.35, 2, BRITANNICA + "Strait-of-Hormuz", rotation_deg=40.0),
    Label(
        "Syunik Province",
        "region",
        46.05,
        39.45,
        2,
        WIKI + "Syunik_Province",
        ("Syunik", "Siwnikʻ"),
        sovereign="Armenia",
        label="Syunik",
    ),
    Label(
        "Nakhchivan Autonomous Republic",
        "exclave",
        45.35,
        39.30,
        2,
        WIKI + "Nakhchivan_Autonomous_Republic",
        ("Nakhchivan", "Naxçıvan"),
        sovereign="Azerbaijan",
        label="Nakhchivan (Azerbaijan)",
        note="Exclave of Azerbaijan, separated from the mainland by Armenia's Syunik province.",
    ),
    Label(
        "Musandam",
        "exclave",
        56.25,
        26.10,
        2,
        WIKI + "Musandam_Governorate",
        ("Musandam Governorate", "Musandam Peninsula"),
        sovereign="Oman",
        label="Musandam (Oman)",
        note="Exclave of Oman on the Strait of Hormuz, separated from the mainland by the UAE.",
    ),
)


def build_labels() -> list[dict]:
    """GeoJSON point features: name, class, rank, label text, rotation and source."""
    features = []
    for item in LABELS:
        props = {
            "name": item.name,
            "other_names": list(item.other_names),
            "class": item.cls,
            "rank": item.rank,
            "label": item.label or item.name,
            "rotation_deg": item.rotation_deg,
            "source": "Placed by hand; name and extent per source_url",
            "source_url": item.source_url,
        }
        if item.cls in ("sea", "gulf", "strait"):
            props["limits_source_url"] = IHO_S23
        if item.sovereign:
            props["sovereign"] = item.sovereign
        if item.note:
            props["note"] = item.note
        features.append(feature(Point(item.lon, item.lat), props))
    return features
