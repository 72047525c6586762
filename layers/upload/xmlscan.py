"""Coordinates in KML and GPX text that GDAL would read as numbers they are not.

GDAL reads a KML coordinate ``abc`` or ``nan`` as 0 and a GPX ``lat="abc"`` as 0, silently:
the feature would be drawn off the coast of Africa. This scan finds such values before GDAL
reads the file, by placemark or point, so the feature can be refused by name.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from layers.upload.limits import UploadRefused, one_line

_SEPARATORS = re.compile(r"[\s,]+")


@dataclass(frozen=True)
class BadPlace:
    """A placemark (KML) or point (GPX) with a coordinate that is not a finite number."""

    what: str  # "placemark 3", "track point 12"
    name: str | None
    value: str


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def _text_of(element: ET.Element, tag: str) -> str | None:
    for child in element:
        if _local(child.tag) == tag and child.text and child.text.strip():
            return child.text.strip()
    return None


def scan_kml(text: bytes) -> list[BadPlace]:
    """Placemarks whose ``<coordinates>`` hold anything but finite numbers."""
    root = _parse(text)
    if root is None:
        return []
    out = []
    for i, mark in enumerate(e for e in root.iter() if _local(e.tag) == "Placemark"):
        for coords in (e for e in mark.iter() if _local(e.tag) == "coordinates"):
            bad = next(
                (t for t in _SEPARATORS.split((coords.text or "").strip()) if t and not _number(t)), None
            )
            if bad is not None:
                out.append(BadPlace(f"placemark {i + 1}", _text_of(mark, "name"), bad))
                break
    return out


def scan_gpx(text: bytes) -> list[BadPlace]:
    """Waypoints, route and track points whose ``lat``/``lon`` are not finite numbers."""
    root = _parse(text)
    if root is None:
        return []
    out = []
    kinds = {"wpt": "waypoint", "rte": "route", "trk": "track"}
    for parent in (e for e in root if _local(e.tag) in kinds):
        points = (
            [parent]
            if _local(parent.tag) == "wpt"
            else [p for p in parent.iter() if _local(p.tag) in ("rtept", "trkpt")]
        )
        for point in points:
            bad = next((point.get(a, "") for a in ("lat", "lon") if not _number(point.get(a, ""))), None)
            if bad is not None:
                out.append(BadPlace(kinds[_local(parent.tag)], _text_of(parent, "name"), bad))
                break
    return out


def _parse(text: bytes) -> ET.Element | None:
    try:
        return ET.fromstring(text)  # DOCTYPE and entities were refused before (detect)
    except (ET.ParseError, ValueError):
        return None  # GDAL reports malformed XML in its own words


def refuse_bad_places(bad: list[BadPlace], titles: list[str | None], name: str) -> dict[int, str]:
    """Candidate index → problem, matching bad places to features by their (unique) name; a bad
    place that matches no single feature refuses the whole file, naming it."""
    problems: dict[int, str] = {}
    for place in bad:
        problem = f'a coordinate is "{one_line(place.value, 20)}", not a number'
        matches = [i for i, title in enumerate(titles) if place.name is not None and title == place.name]
        if len(matches) != 1:
            label = f'{place.what} ("{one_line(place.name, 40)}")' if place.name else place.what
            raise UploadRefused(f"{name}: {label}: {problem}")
        problems[matches[0]] = problem
    return problems
