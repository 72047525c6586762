"""Command line for browser-free exports, e.g.
``python -m render snapshot --view hormuz --format pdf --out hormuz.pdf``,
``python -m render data --view tripp --format geojson --out tripp.geojson`` (what a map draws on a
date, as data or citations) and ``python -m render site OUT/`` (the static site).

User errors (unknown view or layer, bad bbox or date, empty values, unwritable or over-long
path, broken data) end with a one-line message on stderr and a non-zero exit, never a
traceback. Requests are built and checked by ``render.export.ExportRequest``, exactly as the
app builds them, from the same data folder (``--data``, else ``$CORRIDORS_GEODATA``, else the
shipped ``geodata/``).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from render.views import VIEWS, ViewError, get_view, parse_bbox, parse_layers

if TYPE_CHECKING:
    from layers.loading import Atlas

EXIT_USAGE = 2
EXIT_IO = 3
FORMAT_CHOICES = ("png", "svg", "pdf")
MAX_NAME_BYTES = 255  # one file or folder name (Linux, macOS, Windows)
# Options whose value may start with "-" (a western longitude): argparse would take
# "--bbox -10,20,30,40" for two options.
_NEGATIVE_OK = ("--bbox",)
_NUMBERS = re.compile(r"^-[\d.]")


def _text(value: str) -> str:
    """A text option's value; an empty one is a mistake ("--title ''"), not "no title"."""
    if not value.strip():
        raise argparse.ArgumentTypeError("is empty: give a value or leave the option out")
    return value


def _path(value: str) -> Path:
    return Path(_text(value))


class _Parser(argparse.ArgumentParser):
    """argparse that reports errors as one line with exit status 2 (its own style, kept short)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"error: {message}\n(see `python -m render {self.prog.split()[-1]} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    """Top-level parser with one sub-command per tool."""
    from render.snapshot import DEFAULT_PAGE, PAGES

    parser = _Parser(prog="python -m render", description="Render tools for the corridors map.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    snap = sub.add_parser(
        "snapshot",
        help="export a static map (PNG, SVG or PDF) without a browser",
        description="Export a print-ready static map of a preset view or a custom bbox.",
    )
    where = snap.add_mutually_exclusive_group()
    where.add_argument("--out", type=_path, help="output file")
    where.add_argument("--all-views", type=_path, metavar="DIR", help="write every preset view into DIR")
    snap.add_argument("--view", type=_text, help=f"preset view: {', '.join(VIEWS)} (default: region)")
    snap.add_argument(
        "--bbox", type=_text, help="custom extent lon_min,lat_min,lon_max,lat_max (overrides the view's)"
    )
    snap.add_argument("--layers", type=_text, help="comma-separated layer ids (default: the view's layers)")
    snap.add_argument(
        "--format",
        default=None,
        choices=[*FORMAT_CHOICES, "all"],
        help="output format (default: from --out's suffix, else png); 'all' needs --all-views",
    )
    snap.add_argument("--size", default=DEFAULT_PAGE, choices=list(PAGES), help="page size")
    snap.add_argument("--dpi", type=int, default=300, help="PNG resolution (default 300)")
    snap.add_argument("--title", type=_text, help="title (default: the view's)")
    snap.add_argument("--subtitle", type=_text, help="subtitle (default: the view's)")
    snap.add_argument("--byline", type=_text, help="who made the map, printed in the credits")
    _add_state(snap, "show the situation on this date")
    snap.set_defaults(func=run_snapshot)
    _add_data(sub)
    _add_site(sub)
    return parser


def _add_data_dir(parser: Any) -> None:
    parser.add_argument(
        "--data",
        type=_path,
        metavar="DIR",
        help="read layers from DIR (default: $CORRIDORS_GEODATA, else the shipped geodata/)",
    )


def _add_state(parser: Any, as_of: str) -> None:
    """The map state a command draws: the date, the buffer depth and the data folder."""
    parser.add_argument(
        "--as-of", type=_text, help=f"{as_of}, YYYY-MM-DD (default: the latest reviewed date)"
    )
    parser.add_argument(
        "--buffer-km", type=float, default=None, help="depth of the illustrative buffer zone, km"
    )
    _add_data_dir(parser)


def _add_data(sub: Any) -> None:
    from render.download import FORMATS

    data = sub.add_parser(
        "data",
        help="export what a map draws on a date as GeoJSON or CSV, or its sources as citations",
        description="Export the features of some layers on a date (GeoJSON, CSV) or their sources "
        "(CSL-JSON, BibTeX, text).",
    )
    what = data.add_mutually_exclusive_group(required=True)
    what.add_argument("--layers", type=_text, help="comma-separated layer ids")
    what.add_argument("--view", type=_text, help=f"the layers of a preset view: {', '.join(VIEWS)}")
    where = data.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", type=_path, help="output file")
    where.add_argument("--all", type=_path, metavar="DIR", help="write every format into DIR")
    data.add_argument(
        "--format",
        choices=list(FORMATS),
        help="output format (default: from --out's suffix: "
        + ", ".join(f"{f.suffix} {f.id}" for f in FORMATS.values() if f.suffix != ".json")
        + ")",
    )
    _add_state(data, "the features drawn on this date")
    data.set_defaults(func=run_data)


def _add_site(sub: Any) -> None:
    site = sub.add_parser(
        "site",
        help="write the static site: one page per story, data downloads, every asset (no server)",
        description="Write a self-contained static site into OUT (works from any static host, offline).",
    )
    site.add_argument(
        "out", type=_path, metavar="OUT", help="folder to write (new, empty or an earlier site)"
    )
    _add_data_dir(site)
    site.set_defaults(func=run_site)


def _fail(message: str, code: int = EXIT_USAGE) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def _short(path: Path | str, limit: int = 80) -> str:
    text = str(path)
    return text if len(text) <= limit else f"{text[: limit // 2]}…{text[-limit // 2 :]}"


def _long_name(path: Path) -> str | None:
    """Why a path has a name the file system will refuse, or None."""
    for part in path.parts:
        size = len(part.encode("utf-8", "surrogateescape"))
        if size > MAX_NAME_BYTES:
            return (
                f"cannot write {_short(path)}: the name {_short(part, 40)!r} is {size:,} bytes long; "
                f"the limit is {MAX_NAME_BYTES}"
            )
    return None


def _make_folder(path: Path) -> str | None:
    """Create the output folder ``path`` (and its parents): why it cannot be, or None."""
    if problem := _long_name(path):
        return problem
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"cannot create {_short(path)}: {exc.strerror}"
    return None


def _check_writable(path: Path) -> str | None:
    """Why ``path`` cannot be written, or None (checked before the render, which takes time)."""
    if problem := _long_name(path):
        return problem
    parent = path.parent if str(path.parent) else Path(".")
    try:
        if path.is_dir():
            return f"cannot write {_short(path)}: it is a directory"
        if not parent.is_dir():
            return f"cannot write {_short(path)}: directory {_short(parent)} does not exist"
        if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            return f"cannot write {_short(path)}: permission denied"
    except OSError as exc:
        return f"cannot write {_short(path)}: {exc.strerror}"
    return None


def _jobs(args: argparse.Namespace) -> list[tuple[str | None, Path, str]] | str:
    """(view, path, format) to write, or why the arguments cannot work."""
    if args.all_views is not None:
        fmts = list(FORMAT_CHOICES) if args.format == "all" else [args.format or "png"]
        return [(view, args.all_views / f"{view}.{fmt}", fmt) for view in VIEWS for fmt in fmts]
    if args.out is None:
        return "give --out FILE or --all-views DIR"
    suffix = args.out.suffix.lower().lstrip(".")
    if args.format == "all":
        return "--format all needs --all-views DIR"
    if suffix not in FORMAT_CHOICES:
        return f"--out {args.out.name!r} needs a .png, .svg or .pdf extension"
    if args.format and args.format != suffix:
        return f"--out {args.out.name!r} ends in .{suffix} but --format is {args.format}"
    return [(args.view, args.out, suffix)]


def run_snapshot(args: argparse.Namespace) -> int:
    """Validate everything first, then render and write."""
    from render.export import ExportError, ExportRequest, export

    jobs = _jobs(args)
    if isinstance(jobs, str):
        return _fail(jobs)
    try:
        layers = parse_layers(args.layers)
        bbox = parse_bbox(args.bbox) if args.bbox is not None else None
    except ViewError as exc:
        return _fail(str(exc))
    atlas = _load(args.data)
    if isinstance(atlas, str):
        return _fail(atlas, EXIT_IO)
    requests = []
    for view, path, fmt in jobs:
        single = args.all_views is None
        try:
            request = ExportRequest.create(
                atlas,
                view=view,
                bbox=bbox if single else None,
                layers=layers,
                fmt=fmt,
                page=args.size,
                dpi=args.dpi,
                title=args.title if single else None,
                subtitle=args.subtitle,
                buffer_km=args.buffer_km,
                as_of=args.as_of,
                byline=args.byline,
            )
        except ExportError as exc:
            return _fail(str(exc))
        requests.append((request, path))
    if args.all_views is not None and (problem := _make_folder(args.all_views)):
        return _fail(problem, EXIT_IO)
    for _, path in requests:
        if problem := _check_writable(path):
            return _fail(problem, EXIT_IO)
    for request, path in requests:
        try:
            data = export(atlas, request).data
        except ExportError as exc:
            return _fail(str(exc))
        try:
            path.write_bytes(data)
        except OSError as exc:
            return _fail(f"cannot write {_short(path)}: {exc.strerror}", EXIT_IO)
        print(f"wrote {path} ({len(data) / 1024:,.0f} KiB)")
    return 0


def _load(folder: Path | None) -> Atlas | str:
    """The atlas from ``--data`` (or the default folder); a str says why it cannot be read.
    A family that fails to load is a warning: everything else is still drawn or written."""
    from layers.loading import geodata_dir, load_atlas

    folder = folder or geodata_dir()
    if not folder.is_dir():
        return f"--data {_short(folder)}: no such folder"
    from render import memory

    atlas = load_atlas(folder)
    memory.settle(collect=False)  # the process ends after its job: no start-up garbage to free
    for name, problems in atlas.problems.items():
        print(f"warning: {name} could not be fully loaded: {problems[0]}", file=sys.stderr)
    return atlas


def _data_jobs(args: argparse.Namespace) -> list[tuple[str, Path]] | str:
    """(format, path) to write, or why the arguments cannot work."""
    from render.download import FORMATS

    if args.all is not None:
        formats = [args.format] if args.format else list(FORMATS)
        return [(fmt, args.all) for fmt in formats]  # file names follow once the date is known
    suffix = args.out.suffix.lower()
    matching = [f.id for f in FORMATS.values() if f.suffix == suffix]
    if suffix == ".json":  # GeoJSON or CSL-JSON: the user says which
        matching.insert(0, "geojson")
    if args.format is None:
        if len(matching) != 1:
            if matching:
                return f"--out {args.out.name!r}: give --format ({' or '.join(matching)})"
            known = ", ".join(f"{f.suffix} ({f.id})" for f in FORMATS.values() if f.suffix != ".json")
            return (
                f"--out {args.out.name!r} needs the extension of a format: {known}, "
                ".json (with --format geojson or csl)"
            )
        return [(matching[0], args.out)]
    wanted = FORMATS[args.format].suffix
    if suffix != wanted and not (args.format == "geojson" and suffix == ".json"):
        ending = suffix or "no extension"
        return f"--out {args.out.name!r} ends in {ending} but --format {args.format} writes {wanted}"
    return [(args.format, args.out)]


def run_data(args: argparse.Namespace) -> int:
    """Validate everything first, then collect the features once and write each format."""
    from layers.derive import BUFFER_KM_RANGE, DEFAULT_BUFFER_KM
    from layers.features import Params
    from layers.period import AsOfError, check_as_of, default_as_of
    from render.download import FORMATS, download_name, visible_features

    jobs = _data_jobs(args)
    if isinstance(jobs, str):
        return _fail(jobs)
    try:
        layers = parse_layers(args.layers) or get_view(args.view).layers
    except ViewError as exc:
        return _fail(str(exc))
    depth = DEFAULT_BUFFER_KM if args.buffer_km is None else args.buffer_km
    if not BUFFER_KM_RANGE[0] <= depth <= BUFFER_KM_RANGE[1]:  # the message of render.export
        low, high = BUFFER_KM_RANGE
        return _fail(f"buffer depth must be between {low:g} and {high:g} km (got {depth:g})")
    atlas = _load(args.data)
    if isinstance(atlas, str):
        return _fail(atlas, EXIT_IO)
    try:
        day = default_as_of(atlas) if args.as_of is None else check_as_of(atlas, args.as_of)
    except AsOfError as exc:
        return _fail(f"date: {exc}")
    selection = visible_features(atlas, layers, Params(buffer_km=depth, as_of=day))
    stem = args.view or "custom"
    if args.all is not None:
        if problem := _make_folder(args.all):
            return _fail(problem, EXIT_IO)
        jobs = [(fmt, folder / download_name(stem, selection, fmt)) for fmt, folder in jobs]
    for _, path in jobs:
        if problem := _check_writable(path):
            return _fail(problem, EXIT_IO)
    for fmt, path in jobs:
        data = FORMATS[fmt].write(selection)
        try:
            path.write_bytes(data)
        except OSError as exc:
            return _fail(f"cannot write {_short(path)}: {exc.strerror}", EXIT_IO)
        print(f"wrote {path} ({len(data) / 1024:,.0f} KiB, {len(selection.features)} features)")
    return 0


def run_site(args: argparse.Namespace) -> int:
    """Check the folder, then write the whole site."""
    from render.site import SiteError, build_site

    if problem := _long_name(args.out):
        return _fail(problem, EXIT_IO)
    atlas = _load(args.data)
    if isinstance(atlas, str):
        return _fail(atlas, EXIT_IO)
    try:
        report = build_site(atlas, args.out)
    except SiteError as exc:
        return _fail(str(exc), EXIT_IO)
    except OSError as exc:
        return _fail(f"cannot write {_short(exc.filename or args.out)}: {exc.strerror}", EXIT_IO)
    print(report)
    return 0


def join_negative_values(argv: Sequence[str]) -> list[str]:
    """``--bbox -10,20,30,40`` → ``--bbox=-10,20,30,40`` (argparse would read an option)."""
    out: list[str] = []
    args = list(argv)
    i = 0
    while i < len(args):
        if args[i] in _NEGATIVE_OK and i + 1 < len(args) and _NUMBERS.match(args[i + 1]):
            out.append(f"{args[i]}={args[i + 1]}")
            i += 2
            continue
        out.append(args[i])
        i += 1
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(join_negative_values(sys.argv[1:] if argv is None else argv))
    return int(args.func(args))
