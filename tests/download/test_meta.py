"""What every download says about itself."""

from __future__ import annotations

from datetime import date

from layers.features import Params
from render.download.features import visible_features
from render.download.meta import LICENCE_NOTE, generator, metadata


def test_metadata(atlas):
    meta = metadata(visible_features(atlas, ["tripp_route", "hormuz_strait"], Params(as_of=date(2026, 3, 1))))
    assert meta["as_of"] == "2026-03-01"
    assert meta["reviewed"] == {"tripp": "2026-06-01", "hormuz": "2026-07-02"}
    assert meta["layers"] == ["tripp_route", "hormuz_strait"] and meta["features"] == 2
    assert "buffer_km" not in meta  # only when a layer depends on it
    assert meta["licence"] == LICENCE_NOTE and "No licence is declared" in LICENCE_NOTE
    assert meta["generator"] == generator() and generator().startswith("corridors-map ")
    zone = metadata(visible_features(atlas, ["buffer_zone_area"], Params(buffer_km=15)))
    assert zone["buffer_km"] == 15
