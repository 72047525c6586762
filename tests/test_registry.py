"""Contract test over every registered layer and every shipped feature."""

from __future__ import annotations

import re

import pytest

from layers.features import layer_frame
from layers.registry import FAMILIES, LAYERS, Layer
from layers.schema import FAMILY_KINDS, validate_properties

HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


def test_registry_ids_are_unique_and_snake_case():
    ids = [layer.id for layer in LAYERS]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9_]+", i) for i in ids)
    assert {f.id for f in FAMILIES} == set(FAMILY_KINDS)


def test_every_kind_is_drawn_or_used_by_a_layer():
    for family, kinds in FAMILY_KINDS.items():
        used = {k for layer in LAYERS if layer.family == family for k in layer.kinds}
        assert set(kinds) <= used, f"{family}: kinds without a layer: {set(kinds) - used}"


@pytest.mark.parametrize("layer", LAYERS, ids=lambda layer: layer.id)
def test_layer_contract(layer: Layer, atlas):
    assert layer.id.startswith(layer.family + "_"), "layer ids name their family file"
    assert set(layer.kinds) <= set(FAMILY_KINDS[layer.family])
    assert layer.title and layer.legend
    for colour in (layer.style.color, layer.style.fill_color):
        assert colour is None or HEX.match(colour), f"{layer.id}: {colour!r} is not a colour"
    assert 0 < layer.style.weight <= 8
    frame = layer_frame(atlas, layer)
    assert frame is not None and len(frame) > 0, f"{layer.id} draws nothing"
    expected = {
        "point": {"Point"},
        "line": {"LineString", "MultiLineString"},
        "polygon": {"Polygon", "MultiPolygon"},
        "mixed": {"Point", "LineString", "MultiLineString", "Polygon", "MultiPolygon"},
    }
    assert set(frame.geom_type) <= expected[layer.geometry]
    assert frame.geometry.is_valid.all()
    drawn_only = ["geometry", "computed", "state_note", "state_date", "state_sources", "state_index"]
    for props in frame.drop(columns=[c for c in drawn_only if c in frame]).to_dict("records"):
        clean = {k: v for k, v in props.items() if isinstance(v, list) or (v == v and v is not None)}
        assert validate_properties(clean, layer.family, atlas.reviewed[layer.family]) == []
        assert clean["sources"], f"{clean['id']} has no source"


def test_presentation_is_declared_on_the_layer():
    for layer in LAYERS:
        assert 0 <= layer.label_min_zoom <= 18 and layer.label_rank >= 0
        assert layer.parametric == (layer.derive == "buffer_zone")
    assert [layer.id for layer in LAYERS if layer.parametric] == ["buffer_zone_area"]
    assert {layer.id for layer in LAYERS if layer.events} == {f"{f.id}_events" for f in FAMILIES}


def test_shipped_files_have_no_problems(atlas):
    assert atlas.problems == {}
    assert set(atlas.families) == {f.id for f in FAMILIES}


def test_lines_and_polygons_carry_computed_figures(atlas):
    for layer in LAYERS:
        if layer.geometry in ("point", "mixed"):
            continue
        frame = layer_frame(atlas, layer)
        assert all(frame["computed"]), f"{layer.id} lacks computed figures"


def test_no_typed_in_lengths_or_areas():
    """Figures that geometry can compute must not be stored as data."""
    import json

    from layers.loading import GEODATA_DIR

    for family in FAMILIES:
        text = (GEODATA_DIR / f"{family.id}.geojson").read_text()
        for feature in json.loads(text)["features"]:
            keys = set(feature["properties"])
            assert not keys & {"length_km", "length", "area_km2", "area", "width_km", "width"}, feature[
                "properties"
            ]["id"]
