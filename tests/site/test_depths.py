"""Buffer depths: every depth the app's slider offers, each a layer the page can adopt."""

from __future__ import annotations

from layers.derive import BUFFER_KM_RANGE, DEFAULT_BUFFER_KM
from layers.loading import Atlas
from layers.registry import LAYER_BY_ID
from render.site.depths import depth_path, depth_payload, depths, parametric_layers


def test_the_sliders_depths():
    assert depths() == [float(km) for km in range(5, 101, 5)]
    assert depths()[0] == BUFFER_KM_RANGE[0] and depths()[-1] == BUFFER_KM_RANGE[1]
    assert DEFAULT_BUFFER_KM in depths()
    assert [layer.id for layer in parametric_layers()] == ["buffer_zone_area"]


def test_a_depth_replaces_the_layer_with_its_own_zone_and_texts(atlas: Atlas):
    layer = LAYER_BY_ID["buffer_zone_area"]
    shallow, deep = depth_payload(atlas, layer, 10), depth_payload(atlas, layer, 80)
    assert shallow["info"]["adopt"] is True and shallow["info"]["id"] == layer.id
    (feature,) = deep["data"]["features"]
    texts = deep["data"]["texts"][feature["properties"]["id"]]
    assert (
        "80 km" in texts["tail"]
        and "80 km" not in shallow["data"]["texts"][feature["properties"]["id"]]["tail"]
    )
    assert shallow["data"]["features"][0]["geometry"] != feature["geometry"]
    assert depth_path(layer, 5.0) == "data/buffer/buffer_zone_area-5km.json"
