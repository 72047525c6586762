"""The command line, in process (one subprocess smoke test): files written, errors as one line."""

from __future__ import annotations

import json
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


def test_a_png_does_not_load_what_only_a_pdf_needs(tmp_path):
    """The CLI's start-up is most of its wall time: PDF font subsetting (fontTools) is imported
    when a PDF is saved, not for every export."""
    out = tmp_path / "hormuz.png"
    command = ["-m", "render", "snapshot", "--view", "hormuz", "--dpi", "30", "--out"]
    result = subprocess.run(
        [sys.executable, "-X", "importtime", *command, str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert "matplotlib.figure" in imported  # the probe sees imports at all
    assert not {n for n in imported if n.startswith(("fontTools.subset", "fontTools.ttLib"))}
    pdf = subprocess.run(
        [sys.executable, "-X", "importtime", *command, str(tmp_path / "hormuz.pdf")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert pdf.returncode == 0 and "fontTools.subset" in pdf.stderr


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


# `python -m render data`: what a map draws on a date, as data or citations.


def run_data(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(["data", *args])
    except SystemExit as exc:  # argparse's own refusals
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_data_smoke_as_a_user_runs_it(tmp_path):
    out = tmp_path / "hormuz.geojson"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "render",
            "data",
            "--view",
            "hormuz",
            "--as-of",
            "2026-03-01",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and doc["metadata"]["as_of"] == "2026-03-01"


@pytest.mark.parametrize(
    ("fmt", "name", "check"),
    [
        ("geojson", "x.geojson", lambda b: json.loads(b)["type"] == "FeatureCollection"),
        ("csv", "x.csv", lambda b: b.decode("utf-8-sig").startswith("id,layer,family")),
        ("csl", "x.json", lambda b: isinstance(json.loads(b), list)),
        ("bibtex", "x.bib", lambda b: b"@online{" in b),
        ("txt", "x.txt", lambda b: b.startswith(b"Sources of the layers tripp_route")),
    ],
)
def test_data_each_format(capsys, tmp_path, fmt, name, check):
    out = tmp_path / name
    code, stdout, err = run_data(
        capsys, "--layers", "tripp_route,tripp_events", "--format", fmt, "--out", str(out)
    )
    assert code == 0, err
    assert f"wrote {out}" in stdout and check(out.read_bytes())


def test_data_format_from_the_suffix_and_the_date(capsys, tmp_path):
    out = tmp_path / "border.geojson"
    code, _, err = run_data(
        capsys, "--view", "border", "--as-of", "2026-01-01", "--buffer-km", "55", "--out", str(out)
    )
    assert code == 0, err
    doc = json.loads(out.read_text(encoding="utf-8"))
    ids = {f["id"] for f in doc["features"]}
    assert "ev_bloomberg_contingency_report_2026_02_24" not in ids  # reported after the date
    assert doc["metadata"]["buffer_km"] == 55 and doc["metadata"]["as_of"] == "2026-01-01"


def test_data_all_writes_every_format(capsys, tmp_path):
    code, _, err = run_data(capsys, "--view", "tripp", "--as-of", "2026-03-01", "--all", str(tmp_path / "dl"))
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "dl").iterdir()) == [
        "corridors-tripp-2026-03-01-sources.bib",
        "corridors-tripp-2026-03-01-sources.json",
        "corridors-tripp-2026-03-01-sources.txt",
        "corridors-tripp-2026-03-01.csv",
        "corridors-tripp-2026-03-01.geojson",
    ]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--view", "atlantis", "--out", "x.csv"], "unknown view 'atlantis'"),
        (["--layers", "tripp_route,nope", "--out", "x.csv"], "unknown layer(s) 'nope'"),
        (["--layers", ",", "--out", "x.csv"], "no layers given"),
        (["--out", "x.csv"], "one of the arguments --layers --view is required"),
        (["--view", "tripp", "--layers", "tripp_route", "--out", "x.csv"], "not allowed with argument"),
        (["--view", "tripp"], "one of the arguments --out --all is required"),
        (
            ["--view", "tripp", "--as-of", "2026-02-30", "--out", "x.csv"],
            "date: '2026-02-30' is not a calendar date",
        ),
        (["--view", "tripp", "--as-of", "1900-01-01", "--out", "x.csv"], "before the data starts"),
        (["--view", "tripp", "--as-of", "2099-01-01", "--out", "x.csv"], "after the latest reviewed date"),
        (
            ["--view", "tripp", "--buffer-km", "0", "--out", "x.csv"],
            "buffer depth must be between 5 and 100 km",
        ),
        (["--view", "tripp", "--buffer-km", "nan", "--out", "x.csv"], "buffer depth must be between"),
        (["--view", "tripp", "--format", "xls", "--out", "x.csv"], "invalid choice: 'xls'"),
        (
            ["--view", "tripp", "--format", "csv", "--out", "x.bib"],
            "ends in .bib but --format csv writes .csv",
        ),
        (["--view", "tripp", "--out", "x.json"], "give --format (geojson or csl)"),
        (["--view", "tripp", "--out", "x.pdf"], "needs the extension of a format"),
        (["--view", "", "--out", "x.csv"], "argument --view: is empty"),
    ],
)
def test_data_user_errors_exit_2_with_one_line(capsys, tmp_path, monkeypatch, args, needle):
    monkeypatch.chdir(tmp_path)
    code, _, err = run_data(capsys, *args)
    assert code == 2, err
    assert needle in err and "Traceback" not in err and len(err.strip().splitlines()) <= 2
    assert list(tmp_path.iterdir()) == []


def test_data_unwritable_and_missing_folders(capsys, tmp_path):
    code, _, err = run_data(capsys, "--view", "tripp", "--out", str(tmp_path / "no" / "x.csv"))
    assert code == 3 and "does not exist" in err
    code, _, err = run_data(capsys, "--view", "tripp", "--data", str(tmp_path / "nowhere"), "--out", "x.csv")
    assert code == 3 and "no such folder" in err
    code, _, err = run_data(capsys, "--view", "tripp", "--all", str(tmp_path / ("n" * 300)))
    assert code == 3 and "the limit is 255" in err


# `python -m render site OUT`: the static site.


def test_site_writes_a_static_site_and_refuses_foreign_folders(capsys, tmp_path):
    code = main(["site", str(tmp_path / "site")])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "5 story pages" in out.out and (tmp_path / "site" / "index.html").is_file()
    assert main(["site", str(tmp_path / "site")]) == 0  # an earlier site is replaced
    capsys.readouterr()
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep")
    code = main(["site", str(tmp_path / "mine")])
    err = capsys.readouterr().err
    assert code == 3 and "is not empty and holds no earlier site" in err and "Traceback" not in err
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep"
    code = main(["site", str(tmp_path / "mine" / "notes.txt")])
    assert code == 3 and "it is a file" in capsys.readouterr().err


def test_site_usage_errors(capsys, tmp_path):
    with pytest.raises(SystemExit) as exc:
        main(["site"])
    assert exc.value.code == 2 and "the following arguments are required: OUT" in capsys.readouterr().err
    code = main(["site", str(tmp_path / ("n" * 300))])
    assert code == 3 and "the limit is 255" in capsys.readouterr().err
    code = main(["site", str(tmp_path / "x"), "--data", str(tmp_path / "nowhere")])
    assert code == 3 and "no such folder" in capsys.readouterr().err
