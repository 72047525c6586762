"""The command line, in process (one subprocess smoke test): files written, errors as one line."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from render.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(["snapshot", *args])
    except SystemExit as exc:  # argparse's own refusals
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_smoke_as_a_user_runs_it(tmp_path):
    out = tmp_path / "hormuz.png"
    result = subprocess.run(
        [sys.executable, "-m", "render", "snapshot", "--view", "hormuz", "--dpi", "30", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_each_format_writes_a_valid_file(capsys, tmp_path, fmt):
    out = tmp_path / f"hormuz.{fmt}"
    code, stdout, err = run(
        capsys, "--view", "hormuz", "--out", str(out), "--dpi", "30", "--size", "social-square"
    )
    assert code == 0, err
    assert f"wrote {out}" in stdout
    data = out.read_bytes()
    if fmt == "png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
    elif fmt == "svg":
        assert ET.fromstring(data).tag == "{http://www.w3.org/2000/svg}svg"
    else:
        assert data.startswith(b"%PDF") and b"%%EOF" in data[-64:]


def test_custom_bbox_layers_title_buffer_date_and_byline(capsys, tmp_path):
    out = tmp_path / "custom.svg"
    code, _, err = run(
        capsys,
        "--bbox", "43,37,46,40",
        "--layers", "buffer_zone_area,buffer_zone_crossings",
        "--title", "My custom map",
        "--buffer-km", "50",
        "--as-of", "2026-03-01",
        "--byline", "A. Analyst",
        "--out", str(out),
    )  # fmt: skip
    assert code == 0, err
    text = out.read_text()
    assert "My custom map" in text and "Border crossing" in text and "Oil pipelines" not in text
    assert "Situation as of 1 March 2026" in text and "A. Analyst" in text


def test_all_views_writes_one_file_per_preset(capsys, tmp_path):
    code, _, err = run(
        capsys,
        "--all-views",
        str(tmp_path / "out"),
        "--format",
        "png",
        "--dpi",
        "20",
        "--size",
        "social-square",
    )
    assert code == 0, err
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted(f"{v}.png" for v in ("region", "tripp", "border", "gas-swap", "hormuz"))


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--view", "atlantis"], "unknown view 'atlantis'"),
        (["--layers", "tripp_route,not_a_layer"], "unknown layer(s) 'not_a_layer'"),
        (["--bbox", "1,2,3"], "bbox needs 4 numbers"),
        (["--bbox", "50,30,40,35"], "lon_min < lon_max"),
        (["--bbox", "a,b,c,d"], "comma-separated numbers"),
        (["--as-of", "2026-02-30"], "not a calendar date"),
        (["--as-of", "1 March"], "not a date"),
        (["--as-of", "1900-01-01"], "before the data starts"),
        (["--as-of", "2099-01-01"], "after the latest reviewed date"),
        (["--buffer-km", "400"], "buffer depth must be between"),
        (["--dpi", "5000"], "between 20 and 1200 dpi"),
        (["--format", "all"], "--all-views"),
        (["--format", "svg"], "ends in .png but --format is svg"),
        (["--dpi", "many"], "invalid int value"),
    ],
)
def test_user_errors_exit_non_zero_with_one_line(capsys, tmp_path, args, needle):
    code, _, err = run(capsys, *args, "--out", str(tmp_path / "x.png"))
    assert code != 0
    assert needle in err and "Traceback" not in err
    assert not (tmp_path / "x.png").exists()


def test_out_needs_a_known_extension(capsys, tmp_path):
    code, _, err = run(capsys, "--out", str(tmp_path / "map.jpeg"))
    assert code == 2 and "needs a .png, .svg or .pdf extension" in err


def test_unwritable_paths(capsys, tmp_path):
    code, _, err = run(capsys, "--view", "hormuz", "--out", str(tmp_path / "no" / "such" / "dir.png"))
    assert code == 3 and "does not exist" in err
    (tmp_path / "taken.png").mkdir()
    code, _, err = run(capsys, "--view", "hormuz", "--out", str(tmp_path / "taken.png"))
    assert code == 3 and "is a directory" in err


def test_write_failure_is_reported_without_traceback(capsys):
    # /proc refuses new files even to root, so this fails the same way for every user.
    code, _, err = run(capsys, "--view", "hormuz", "--dpi", "20", "--out", "/proc/corridors-snapshot.png")
    assert code == 3 and "cannot write /proc/corridors-snapshot.png" in err


@pytest.mark.parametrize(
    "option",
    ["--view", "--bbox", "--layers", "--title", "--subtitle", "--byline", "--as-of", "--out", "--data"],
)
def test_empty_values_are_named(capsys, option):
    code, _, err = run(capsys, option, "", *([] if option == "--out" else ["--out", "x.png"]))
    assert code == 2 and f"argument {option}: is empty: give a value or leave the option out" in err
    assert "Traceback" not in err


def test_negative_bbox_values_need_no_equals_sign(capsys, tmp_path):
    out = tmp_path / "west.png"  # a bbox starting with "-" is a value, not an option
    code, _, err = run(capsys, "--bbox", "-10,20,30,40", "--dpi", "20", "--out", str(out))
    assert code == 2 and "reaches outside the mapped area" in err and "expected one argument" not in err
    code, _, err = run(capsys, "--bbox", "40,-0.5,44,1.5", "--dpi", "20", "--out", str(out))
    assert code == 2 and "reaches outside the mapped area" in err  # a negative latitude too
    code, _, err = run(capsys, "--bbox", "44,36,48,40", "--dpi", "20", "--out", str(out))
    assert code == 0, err
    assert out.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("where", ["--out", "--all-views"])
def test_over_long_file_names_get_a_message(capsys, tmp_path, where):
    name = "n" * 300
    target = str(tmp_path / (f"{name}.png" if where == "--out" else name))
    code, _, err = run(capsys, where, target, "--dpi", "20")
    assert code == 3 and "bytes long; the limit is 255" in err and "Traceback" not in err
    assert len(err) < 300  # the name is shortened in the message


def test_data_option_and_missing_folder(capsys, tmp_path):
    code, _, err = run(capsys, "--data", str(tmp_path / "nowhere"), "--out", str(tmp_path / "a.png"))
    assert code == 3 and "no such folder" in err
