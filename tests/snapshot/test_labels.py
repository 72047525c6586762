"""Labels: never overlapping, inside the frame, by priority, shown from each layer's scale."""

from __future__ import annotations

from tests.snapshot.conftest import map_axes, snap, text_shape


def test_labels_do_not_overlap_and_fit_the_map(figures):
    for view, fig in figures.items():
        renderer = fig.canvas.get_renderer()
        ax = map_axes(fig)
        frame = ax.get_window_extent(renderer)
        texts = [t for t in ax.texts if str(t.get_gid()).startswith(("label:", "ref:"))]
        shapes = [text_shape(t, renderer) for t in texts]
        assert shapes, view
        for i, a in enumerate(shapes):
            x0, _, x1, _ = a.bounds
            assert frame.x0 - 1 <= x0 and x1 <= frame.x1 + 1, view
            clash = [
                texts[i + 1 + j].get_text()
                for j, b in enumerate(shapes[i + 1 :])
                if a.intersection(b).area > 1
            ]
            assert not clash, (view, texts[i].get_text(), clash)


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
