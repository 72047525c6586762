"""Labels: never overlapping, inside the frame, by priority, shown from each layer's scale."""

from __future__ import annotations

from tests.snapshot.conftest import map_axes, snap


def test_labels_do_not_overlap_and_fit_the_map(figures):
    for view, fig in figures.items():
        renderer = fig.canvas.get_renderer()
        ax = map_axes(fig)
        frame = ax.get_window_extent(renderer)
        boxes = [
            t.get_window_extent(renderer) for t in ax.texts if str(t.get_gid()).startswith(("label:", "ref:"))
        ]
        assert boxes, view
        for i, a in enumerate(boxes):
            assert frame.x0 - 1 <= a.x0 and a.x1 <= frame.x1 + 1, view
            assert not any(a.overlaps(b) for b in boxes[i + 1 :]), view


def test_hormuz_labels_the_disputed_islands(figures):
    texts = {t.get_text() for t in map_axes(figures["hormuz"]).texts if str(t.get_gid()).startswith("label:")}
    assert {"Abu Musa (disputed)", "Greater Tunb (disputed)", "Lesser Tunb (disputed)"} <= texts


def test_labels_follow_the_layer_minimum_zoom(atlas, figures):
    region, tripp = figures["region"].snapshot, figures["tripp"].snapshot
    assert region.zoom < 7 <= tripp.zoom  # towns label from zoom 7, as in the browser
    region_texts = {t.get_gid() for t in map_axes(figures["region"]).texts}
    tripp_texts = {t.get_gid() for t in map_axes(figures["tripp"]).texts}
    assert "label:tripp_towns" not in region_texts and "label:tripp_towns" in tripp_texts


def test_dropped_labels_are_named(atlas):
    fig = snap(atlas, view="tripp", page="social-square", dpi=30)
    info = fig.snapshot
    assert info.labels_placed > 0 and isinstance(info.labels_dropped, list)
