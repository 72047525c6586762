"""Command line: ``python -m scripts.refgeo [layer …]`` rebuilds the reference layers in geodata/."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import geopandas as gpd

from scripts.refgeo.common import CONTEXT_EXTENT, DETAIL_EXTENT, GEODATA, feature, single_or_multi
from scripts.refgeo.common import write_collection as write


def _frame_features(frame: gpd.GeoDataFrame) -> list[dict]:
    columns = [c for c in frame.columns if c != "geometry"]
    return [
        feature(single_or_multi(geom), dict(zip(columns, values, strict=True)))
        for geom, *values in zip(frame.geometry, *(frame[c] for c in columns), strict=True)
    ]


def _countries() -> int:
    from scripts.refgeo.countries import build_countries

    return write(
        GEODATA / "basemap_countries.geojson",
        _frame_features(build_countries()),
        DETAIL_EXTENT,
        "Countries for the detailed map: GSHHG coast, Natural Earth 1:10m borders; a coverage "
        "(neighbours share border vertices exactly). Built by scripts/refgeo (make basemap).",
    )


def _context() -> int:
    from scripts.refgeo.context import build_context

    return write(
        GEODATA / "reference_context.geojson",
        _frame_features(build_context()),
        CONTEXT_EXTENT,
        "Coarse countries for locator insets (Natural Earth 1:50m). Built by scripts/refgeo.",
    )


def _lakes() -> int:
    from scripts.refgeo.lakes import build_lakes

    return write(
        GEODATA / "reference_lakes.geojson",
        build_lakes(),
        DETAIL_EXTENT,
        "Named lakes (GSHHG shapes, names from sourced name points). Built by scripts/refgeo.",
    )


def _rivers() -> int:
    from scripts.refgeo.rivers import build_rivers

    return write(
        GEODATA / "reference_rivers.geojson",
        build_rivers(),
        DETAIL_EXTENT,
        "Named rivers (WDBII lines traced through sourced waypoints). Built by scripts/refgeo.",
    )


def _places() -> int:
    from scripts.refgeo.places import build_places

    return write(
        GEODATA / "reference_places.geojson",
        build_places(),
        DETAIL_EXTENT,
        "Capitals and major cities (GeoNames, CC BY 4.0). Built by scripts/refgeo.",
    )


def _labels() -> int:
    from scripts.refgeo.labels import build_labels

    return write(
        GEODATA / "reference_labels.geojson",
        build_labels(),
        CONTEXT_EXTENT,
        "Hand-placed, sourced labels for seas, gulfs and regions. Built by scripts/refgeo.",
    )


BUILDERS: dict[str, Callable[[], int]] = {
    "countries": _countries,
    "context": _context,
    "lakes": _lakes,
    "rivers": _rivers,
    "places": _places,
    "labels": _labels,
}


def main() -> None:
    """Rebuild the named layers (all by default) and report each file's size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("layers", nargs="*", help=f"any of {', '.join(BUILDERS)} (default: all)")
    args = parser.parse_args()
    unknown = set(args.layers) - set(BUILDERS)
    if unknown:
        parser.error(f"unknown layer(s) {', '.join(sorted(unknown))}; choose from {', '.join(BUILDERS)}")
    for name in args.layers or BUILDERS:
        start = time.perf_counter()
        size = BUILDERS[name]()
        print(f"{name:10s} {size:>10,} bytes  {time.perf_counter() - start:5.1f} s")


if __name__ == "__main__":
    main()
