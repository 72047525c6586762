"""End-to-end CLI: ``python -m render snapshot`` in a subprocess, as a user would run it."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "render", "snapshot", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_each_format_writes_a_valid_file(tmp_path, fmt):
    out = tmp_path / f"hormuz.{fmt}"
    result = run(
        "--view", "hormuz", "--format", fmt, "--out", str(out), "--dpi", "40", "--size", "social-square"
    )
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    if fmt == "png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
    elif fmt == "svg":
        assert ET.fromstring(data).tag == "{http://www.w3.org/2000/svg}svg"
    else:
        assert data.startswith(b"%PDF") and b"%%EOF" in data[-64:]


def test_custom_bbox_layers_title_and_buffer(tmp_path):
    out = tmp_path / "custom.svg"
    result = run(
        "--bbox",
        "43,37,46,40",
        "--layers",
        "buffer_zone_area,buffer_zone_crossings",
        "--title",
        "My custom map",
        "--buffer-km",
        "50",
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    assert "My custom map" in text and "Border crossing" in text and "Oil pipelines" not in text


def test_all_views_writes_one_file_per_preset(tmp_path):
    result = run(
        "--all-views", str(tmp_path / "out"), "--format", "png", "--dpi", "30", "--size", "social-square"
    )
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted(f"{v}.png" for v in ("region", "tripp", "border", "gas-swap", "hormuz"))
    assert all((tmp_path / "out" / n).read_bytes().startswith(b"\x89PNG") for n in names)


@pytest.mark.parametrize(
    "args,needle",
    [
        (["--view", "atlantis"], "unknown view 'atlantis'"),
        (["--layers", "tripp_route,not_a_layer"], "unknown layer(s) 'not_a_layer'"),
        (["--bbox", "1,2,3"], "bbox needs 4 numbers"),
        (["--bbox", "50,30,40,35"], "lon_min < lon_max"),
        (["--bbox", "a,b,c,d"], "comma-separated numbers"),
    ],
)
def test_user_errors_exit_non_zero_with_a_message(tmp_path, args, needle):
    result = run(*args, "--out", str(tmp_path / "x.png"))
    assert result.returncode != 0
    assert needle in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_unwritable_paths(tmp_path):
    missing = run("--view", "hormuz", "--out", str(tmp_path / "no" / "such" / "dir.png"))
    assert (
        missing.returncode != 0 and "does not exist" in missing.stderr and "Traceback" not in missing.stderr
    )
    directory = run("--view", "hormuz", "--out", str(tmp_path))
    assert directory.returncode != 0 and "is a directory" in directory.stderr


def test_write_failure_is_reported_without_traceback():
    # /proc refuses new files even to root, so this fails the same way for every user.
    result = run("--view", "hormuz", "--dpi", "30", "--out", "/proc/corridors-snapshot.png")
    assert result.returncode != 0
    assert "cannot write /proc/corridors-snapshot.png" in result.stderr and "Traceback" not in result.stderr


def test_buffer_depth_out_of_range():
    result = run("--view", "border", "--buffer-km", "400", "--out", "/tmp/x.png")
    assert result.returncode != 0 and "--buffer-km must be between" in result.stderr


def test_format_all_needs_all_views(tmp_path):
    result = run("--format", "all", "--out", str(tmp_path / "x.png"))
    assert result.returncode != 0 and "--all-views" in result.stderr
