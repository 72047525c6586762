"""The reference file the browser fetches: every country name carries the outline the map needs to
put the name inside the part of the country a zoomed-in view shows."""

from __future__ import annotations

import shapely
from shapely.geometry import Point, Polygon

from render.interactive.reference import AREA_TOLERANCE_DEG, browser_labels


def test_each_country_name_carries_an_outline_of_its_land(atlas):
    countries = {
        str(name): geom for name, geom in zip(atlas.basemap["name"], atlas.basemap.geometry, strict=True)
    }
    labels = [label for label in browser_labels(atlas) if label["cls"] == "country"]
    assert len(labels) >= 20
    for label in labels:
        rings = label["area"]
        assert rings, label["text"]
        outline = [shapely.make_valid(Polygon(ring)) for ring in rings]  # a simplified ring may cross itself
        assert all(ring[0] == ring[-1] and len(ring) >= 4 for ring in rings), label["text"]
        # the name's usual place lies in its outline, and the outline on the country's land
        # (within the simplification's tolerance, plus the rounding)
        home = Point(label["lon"], label["lat"])
        assert any(part.buffer(AREA_TOLERANCE_DEG).contains(home) for part in outline), label["text"]
        land = next(g for name, g in countries.items() if name.upper() == label["text"])
        for part in outline:
            assert part.difference(land.buffer(AREA_TOLERANCE_DEG + 0.01)).area < 0.01 * part.area, label[
                "text"
            ]
    assert all("area" not in label for label in browser_labels(atlas) if label["cls"] != "country")
