"""Rebuild the shipped offline basemap from Natural Earth 10m (npm package world-atlas).

Run ``make basemap``. The source is Natural Earth admin-0 at 1:10m (public domain) as
TopoJSON in ``node_modules/world-atlas/countries-10m.json``, installed by ``make setup``.
The extract is clipped to the region and simplified as a *coverage*, so that shared
borders stay shared after simplification: the buffer-zone layer derives the
Türkiye–Iran border from exactly those shared edges.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import geopandas as gpd
import shapely

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "world-atlas" / "countries-10m.json"
TARGET = ROOT / "geodata" / "basemap_countries.geojson"

# lon_min, lat_min, lon_max, lat_max: Anatolia to Turkmenistan, Caucasus to the Red Sea.
REGION_BBOX = (25.0, 20.0, 66.0, 46.0)
# Degrees; about 100 m at these latitudes: keeps Hormuz islands and the Araks border.
SIMPLIFY_TOLERANCE = 0.001
COORD_DECIMALS = 4  # about 11 m

# Natural Earth names, mapped to the names the product shows (Türkiye's official name).
DISPLAY_NAMES = {"Turkey": "Türkiye"}


def build_basemap(source: Path = SOURCE, target: Path = TARGET) -> gpd.GeoDataFrame:
    """Clip, simplify and write the basemap; returns what was written."""
    countries = gpd.read_file(source, layer="countries").set_crs(4326, allow_override=True)
    # A few Natural Earth rings self-touch; repair before any overlay operation.
    countries["geometry"] = shapely.make_valid(
        countries.geometry.values, method="structure", keep_collapsed=False
    )
    clipped = countries.clip(shapely.box(*REGION_BBOX), keep_geom_type=True)
    clipped = clipped[~clipped.geometry.is_empty].copy()
    clipped["geometry"] = shapely.coverage_simplify(
        clipped.geometry.values, SIMPLIFY_TOLERANCE, simplify_boundary=True
    )
    clipped["geometry"] = shapely.set_precision(clipped.geometry.values, 10**-COORD_DECIMALS)
    clipped = clipped[~clipped.geometry.is_empty]
    clipped["name"] = clipped["name"].replace(DISPLAY_NAMES)
    out = gpd.GeoDataFrame(
        {
            "iso_n3": clipped["id"].astype(str),
            "name": clipped["name"],
            "source": "Natural Earth 1:10m admin-0 via world-atlas 2.0.2 (public domain)",
        },
        geometry=clipped.geometry,
        crs=4326,
    ).sort_values("iso_n3")
    collection = json.loads(out.to_json(drop_id=True))
    target.write_text(json.dumps(collection, separators=(",", ":"), ensure_ascii=False) + "\n")
    return out


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--target", type=Path, default=TARGET)
    args = parser.parse_args()
    out = build_basemap(args.source, args.target)
    print(f"wrote {len(out)} countries to {args.target} ({args.target.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
