"""Shipped data: a bad feature costs that feature only (file and id named), a broken family is
reported by name, and nothing in the data folder, basemap included, can stop loading.
Uploads are tested in tests/upload/."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from layers.loading import BASEMAP_FILE, GEODATA_DIR, load_atlas, load_basemap, load_family

ROOT = Path(__file__).resolve().parent.parent


def test_broken_family_is_reported_by_name_and_others_still_load(tmp_path: Path):
    shutil.copytree(GEODATA_DIR, tmp_path, dirs_exist_ok=True)
    (tmp_path / "tripp.geojson").write_text('{"type": "FeatureCollection", "features": [')
    atlas = load_atlas(tmp_path)
    assert "tripp" not in atlas.families
    assert set(atlas.families) == {"buffer_zone", "gas_swap", "hormuz"}
    assert "not valid JSON" in atlas.problems["tripp.geojson"][0]
    assert "line 1" in atlas.problems["tripp.geojson"][0]


def test_invalid_feature_is_dropped_and_named(tmp_path: Path):
    data = json.loads((GEODATA_DIR / "hormuz.geojson").read_text())
    data["features"][0]["properties"]["history"][-1]["status"] = "rumoured"
    path = tmp_path / "hormuz.geojson"
    path.write_text(json.dumps(data))
    frame, problems = load_family(path)
    assert len(frame) == len(data["features"]) - 1
    fid = data["features"][0]["properties"]["id"]
    assert any(p.startswith(f"hormuz.geojson: {fid}") and "rumoured" in p for p in problems)


def test_unordered_or_unsourced_history_costs_that_feature_only(tmp_path: Path):
    data = json.loads((GEODATA_DIR / "tripp.geojson").read_text())
    route = next(f for f in data["features"] if f["properties"]["kind"] == "route")
    route["properties"]["history"].append(
        {**route["properties"]["history"][0], "date": "1990", "sources": []}
    )
    (tmp_path / "tripp.geojson").write_text(json.dumps(data))
    frame, problems = load_family(tmp_path / "tripp.geojson")
    assert route["properties"]["id"] not in set(frame["id"])
    assert len(frame) == len(data["features"]) - 1
    text = "\n".join(problems)
    assert "before the state above it" in text and "needs a non-empty 'sources'" in text


def test_current_state_is_the_latest_in_the_history(atlas):
    frame = atlas.families["hormuz"]
    for _, row in frame.iterrows():
        if row["kind"] != "event":
            assert (row["status"], row["confidence"]) == (
                row["history"][-1]["status"],
                row["history"][-1]["confidence"],
            )


def test_family_without_a_reviewed_date_is_refused_by_name(tmp_path: Path):
    shutil.copytree(GEODATA_DIR, tmp_path, dirs_exist_ok=True)
    data = json.loads((tmp_path / "gas_swap.geojson").read_text())
    del data["reviewed"]
    (tmp_path / "gas_swap.geojson").write_text(json.dumps(data))
    atlas = load_atlas(tmp_path)
    assert "gas_swap" not in atlas.families and "gas_swap" not in atlas.reviewed
    assert "no 'reviewed' date" in atlas.problems["gas_swap.geojson"][0]
    assert set(atlas.reviewed) == {"tripp", "buffer_zone", "hormuz"}


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(GEODATA_DIR, tmp_path, dirs_exist_ok=True)
    return tmp_path


def _edit(folder: Path, family: str, change) -> dict:
    """Change one family file in a copied data folder; returns the feature changed."""
    data = json.loads((folder / f"{family}.geojson").read_text())
    feature = change(data["features"])
    (folder / f"{family}.geojson").write_text(json.dumps(data))
    return feature


def _first(kind: str):
    def pick(features):
        return next(f for f in features if f["properties"]["kind"] == kind)

    return pick


def _line(features, coordinates):
    feature = _first("pipeline")(features)
    feature["geometry"] = {"type": "LineString", "coordinates": coordinates}
    return feature


@pytest.mark.parametrize(
    ("coordinates", "reason"),
    [
        ([[52.0, 37.0]], "a line needs at least two positions"),
        ([[52.0, 37.0], [52.0, 37.0]], "invalid LineString"),
        ([[52.0, 37.0], [float("nan"), 37.5]], "not a finite number"),
        ([[52.0, 37.0], ["53.0", 37.5]], "is text"),
        ([[52.0, 37.0], [253.0, 37.5]], "longitude 253 is outside"),
    ],
    ids=["one-point line", "zero-length line", "NaN longitude", "text coordinate", "longitude 253"],
)
def test_bad_feature_geometry_costs_that_feature_only(tmp_path: Path, coordinates, reason):
    folder = _copy(tmp_path)
    feature = _edit(folder, "gas_swap", lambda fs: _line(fs, coordinates))
    fid = feature["properties"]["id"]
    atlas = load_atlas(folder)
    frame = atlas.families["gas_swap"]
    assert fid not in set(frame["id"])
    assert len(frame) == len(load_atlas().families["gas_swap"]) - 1
    problems = atlas.problems["gas_swap.geojson"]
    assert any(p.startswith(f"gas_swap.geojson: {fid}: ") and reason in p for p in problems), problems
    assert set(atlas.families) == {"tripp", "buffer_zone", "gas_swap", "hormuz"}


def test_zero_length_line_is_not_turned_into_a_point_and_the_map_still_draws(tmp_path: Path):
    from render.interactive import build_map, render_html

    folder = _copy(tmp_path)
    fid = _edit(folder, "gas_swap", lambda fs: _line(fs, [[52.0, 37.0], [52.0, 37.0]]))["properties"]["id"]
    atlas = load_atlas(folder)
    frame = atlas.families["gas_swap"]
    assert fid not in set(frame["id"])
    assert set(frame[frame["kind"] == "pipeline"].geom_type) == {"LineString"}
    assert "Corridors.layer(" in render_html(build_map(atlas))


def test_geometry_of_the_wrong_kind_for_its_layer_is_dropped(tmp_path: Path):
    folder = _copy(tmp_path)

    def to_point(features):
        feature = _first("pipeline")(features)
        feature["geometry"] = {"type": "Point", "coordinates": [52.0, 37.0]}
        return feature

    fid = _edit(folder, "gas_swap", to_point)["properties"]["id"]
    atlas = load_atlas(folder)
    assert fid not in set(atlas.families["gas_swap"]["id"])
    assert any("is a Point, but its layer draws" in p for p in atlas.problems["gas_swap.geojson"])


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"[" * 50_000 + b"]" * 50_000, "nested 50,000 levels deep"),
        (b'{"type": "FeatureCollection", "features": [], "n": ' + b"9" * 5000 + b"}", "reviewed"),
        (b"\xff\xfe{", "not UTF-8"),
        (b"", "not valid JSON"),
    ],
    ids=["deep nesting", "5000-digit number", "not UTF-8", "empty"],
)
def test_hostile_family_file_is_reported_by_name(tmp_path: Path, content: bytes, reason: str):
    folder = _copy(tmp_path)
    (folder / "hormuz.geojson").write_bytes(content)
    atlas = load_atlas(folder)
    assert "hormuz" not in atlas.families and len(atlas.families) == 3
    message = atlas.problems["hormuz.geojson"][0]
    assert message.startswith("hormuz.geojson: ") and reason in message


def test_template_syntax_in_shipped_text_is_data(tmp_path: Path):
    from render.interactive import build_map, render_html

    folder = _copy(tmp_path)

    def describe(features):
        feature = _first("pipeline")(features)
        feature["properties"]["description"] = "Yerevan {#1 hub, growth {% of GDP {{ 7*7 }}"
        return feature

    _edit(folder, "gas_swap", describe)
    html = render_html(build_map(load_atlas(folder)))
    assert "Yerevan \\u007b#1 hub" in html and "{{ 7*7 }}" not in html and ">49<" not in html


@pytest.mark.parametrize(
    "damage",
    ["truncated", "missing", "nan longitude", "not a collection"],
)
def test_basemap_problems_are_named_and_never_fatal(tmp_path: Path, damage: str):
    from render.export import ExportRequest, export
    from render.interactive import build_map, render_html

    folder = _copy(tmp_path)
    path = folder / BASEMAP_FILE
    text = path.read_text()
    if damage == "truncated":
        path.write_text(text[: len(text) // 2])
    elif damage == "missing":
        path.unlink()
    elif damage == "nan longitude":
        data = json.loads(text)
        ring = data["features"][0]["geometry"]["coordinates"][0]
        ring = ring[0] if isinstance(ring[0][0], list) else ring
        ring[1][0] = float("nan")
        path.write_text(json.dumps(data))
    else:
        path.write_text('{"type": "Feature"}')
    atlas = load_atlas(folder)
    message = atlas.problems[BASEMAP_FILE][0]
    assert message.startswith(f"{BASEMAP_FILE}: "), message
    if damage == "nan longitude":
        assert "not a finite number" in message and 0 < len(atlas.basemap) < len(load_basemap()[0])
    else:
        assert atlas.basemap.empty and set(atlas.families) == {"tripp", "buffer_zone", "gas_swap", "hormuz"}
    assert "Corridors.layer(" in render_html(build_map(atlas))
    data = export(atlas, ExportRequest.create(atlas, view="border", fmt="png", dpi=20)).data
    assert data.startswith(b"\x89PNG")


def test_cli_reads_the_same_data_folder_as_the_app_and_names_broken_data(tmp_path: Path):
    folder = _copy(tmp_path / "data")
    (folder / BASEMAP_FILE).write_text('{"type": "FeatureCollection", "features": [')
    for how in (["--data", str(folder)], []):
        out = tmp_path / f"x{len(how)}.png"
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "render",
                "snapshot",
                "--view",
                "hormuz",
                "--dpi",
                "20",
                "--out",
                str(out),
                *how,
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "CORRIDORS_GEODATA": str(folder)},
        )
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        assert (
            f"warning: {BASEMAP_FILE} could not be fully loaded: {BASEMAP_FILE}: not valid JSON"
            in result.stderr
        )
        assert out.read_bytes().startswith(b"\x89PNG")
