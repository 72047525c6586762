"""Command line for browser-free exports, e.g.
``python -m render snapshot --view hormuz --format pdf --out hormuz.pdf``.

User errors (unknown view or layer, bad bbox, unwritable path) end with a one-line message on
stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from render.views import VIEWS, ViewError, parse_bbox, parse_layers

EXIT_USAGE = 2
EXIT_IO = 3


def build_parser() -> argparse.ArgumentParser:
    """Top-level parser with one sub-command per tool (only ``snapshot`` so far)."""
    from render.static import DEFAULT_PAGE, FORMATS, PAGES

    parser = argparse.ArgumentParser(
        prog="python -m render", description="Render tools for the corridors map."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    snap = sub.add_parser(
        "snapshot",
        help="export a static map (PNG, SVG or PDF) without a browser",
        description="Export a print-ready static map of a preset view or a custom bbox.",
    )
    where = snap.add_mutually_exclusive_group()
    where.add_argument("--out", type=Path, help="output file")
    where.add_argument("--all-views", type=Path, metavar="DIR", help="write every preset view into DIR")
    snap.add_argument("--view", help=f"preset view: {', '.join(VIEWS)} (default: region)")
    snap.add_argument("--bbox", help="custom extent lon_min,lat_min,lon_max,lat_max (overrides the view's)")
    snap.add_argument("--layers", help="comma-separated layer ids (default: the view's layers)")
    snap.add_argument(
        "--format",
        default=None,
        choices=[*FORMATS, "all"],
        help="output format (default: from --out's suffix, else png); 'all' needs --all-views",
    )
    snap.add_argument("--size", default=DEFAULT_PAGE, choices=list(PAGES), help="page size")
    snap.add_argument("--dpi", type=int, default=300, help="PNG resolution (default 300)")
    snap.add_argument("--title", help="title (default: the view's)")
    snap.add_argument("--subtitle", help="subtitle (default: the view's)")
    snap.add_argument("--as-of", help="as-of date in the subtitle (default: newest feature date)")
    snap.add_argument(
        "--buffer-km", type=float, default=None, help="depth of the illustrative buffer zone, km"
    )
    snap.set_defaults(func=run_snapshot)
    return parser


def _fail(message: str, code: int = EXIT_USAGE) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def _check_writable(path: Path) -> str | None:
    """Why ``path`` cannot be written, or None (checked before the render, which takes time)."""
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        return f"cannot write {path}: it is a directory"
    if not parent.is_dir():
        return f"cannot write {path}: directory {parent} does not exist"
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return f"cannot write {path}: permission denied"
    return None


def run_snapshot(args: argparse.Namespace) -> int:
    """Validate everything first, then render and write."""
    from layers.derive import BUFFER_KM_RANGE, DEFAULT_BUFFER_KM
    from layers.features import Params

    try:
        layers = parse_layers(args.layers)
        bbox = parse_bbox(args.bbox) if args.bbox else None
        if args.view and args.view not in VIEWS:
            raise ViewError(f"unknown view {args.view!r}; choose one of: {', '.join(VIEWS)}")
    except ViewError as exc:
        return _fail(str(exc))
    if args.dpi < 20 or args.dpi > 1200:
        return _fail(f"--dpi must be between 20 and 1200 (got {args.dpi})")
    buffer_km = DEFAULT_BUFFER_KM if args.buffer_km is None else args.buffer_km
    low, high = BUFFER_KM_RANGE
    if not low <= buffer_km <= high:
        return _fail(f"--buffer-km must be between {low:g} and {high:g} (got {buffer_km:g})")

    if args.all_views is not None:
        fmts = ["png", "svg", "pdf"] if args.format == "all" else [args.format or "png"]
        try:
            args.all_views.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return _fail(f"cannot create {args.all_views}: {exc.strerror}", EXIT_IO)
        jobs = [(view, args.all_views / f"{view}.{fmt}", fmt) for view in VIEWS for fmt in fmts]
    else:
        if args.out is None:
            return _fail("give --out FILE or --all-views DIR")
        suffix = args.out.suffix.lower().lstrip(".")
        fmt = args.format or (suffix if suffix in ("png", "svg", "pdf") else "png")
        if fmt == "all":
            return _fail("--format all needs --all-views DIR")
        jobs = [(args.view, args.out, fmt)]
    for _, path, _ in jobs:
        problem = _check_writable(path)
        if problem:
            return _fail(problem, EXIT_IO)

    from layers.loading import load_atlas
    from render.static import export_snapshot

    atlas = load_atlas()
    for view, path, fmt in jobs:
        data = export_snapshot(
            atlas,
            fmt=fmt,
            view=view,
            layers=layers,
            bbox=bbox if args.all_views is None else None,
            params=Params(buffer_km=buffer_km),
            page=args.size,
            dpi=args.dpi,
            title=args.title if args.all_views is None else None,
            subtitle=args.subtitle,
            as_of=args.as_of,
        )
        try:
            path.write_bytes(data)
        except OSError as exc:
            return _fail(f"cannot write {path}: {exc.strerror}", EXIT_IO)
        print(f"wrote {path} ({len(data) / 1024:,.0f} KiB)")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.func(args)
