"""What every download says about itself: the date shown, the families' reviewed dates, the
layers, the generator, and the licence and attribution of what it holds."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

from layers.registry import BASEMAP_CREDIT, LAYER_BY_ID
from render.download.features import Selection

PACKAGE = "corridors-map"
# The repository declares no licence for the compiled overlays; this says so rather than
# inventing one (the credits of the basemap the derived geometry comes from are declared).
LICENCE_NOTE = (
    "No licence is declared for the compiled overlay data: ask the map's authors before reuse, "
    "and cite the original publications listed in each feature's sources. Facts are summarised "
    "in the project's own words; claims are attributed, not adopted."
)
ATTRIBUTION = (
    "Overlays compiled by the corridors-map project from the publications cited feature by "
    f"feature. Derived geometry (buffer zone, narrowest width) is computed from the basemap: {BASEMAP_CREDIT}"
)


def generator() -> str:
    """'corridors-map 0.1.0' (the installed package), or the bare name outside an install."""
    try:
        return f"{PACKAGE} {version(PACKAGE)}"
    except PackageNotFoundError:
        return PACKAGE


def metadata(selection: Selection) -> dict[str, Any]:
    """The self-description shared by the GeoJSON member and the other formats' headers."""
    parametric = any(LAYER_BY_ID[i].parametric for i in selection.layer_ids)
    return {
        "as_of": selection.as_of.isoformat(),
        "reviewed": {family: day.isoformat() for family, day in selection.reviewed.items()},
        "layers": list(selection.layer_ids),
        **({"buffer_km": selection.params.buffer_km} if parametric else {}),
        "features": len(selection.features),
        "generator": generator(),
        "licence": LICENCE_NOTE,
        "attribution": ATTRIBUTION,
        "note": (
            "Features drawn on as_of, as on the map: states, sources, positions and figures dated "
            "after as_of are left out; lengths and areas are geodesic (WGS84), from the geometry."
        ),
    }
