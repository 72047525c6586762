"""Benchmark: the static site's story pages, first map paint and bytes per page.

``.venv/bin/python -m bench.site`` (``make bench`` runs it too) builds the site
(``python -m render site``) into a temporary folder, serves it from a local static server
(Python's ``http.server``), and opens every story page in a fresh headless-Chromium context
(empty cache, every non-local request blocked) a few times. It prints a table and writes
bench/results/site.json.

- first map paint: navigation start → the first animation frame on which the offline basemap
  is drawn (``data-basemap="ready"``) and an overlay path is on the map; both moments are
  also reported apart. A page script's probe (an init script) watches on every frame.
- bytes per page: the sum of ``transferSize`` (headers and body as they crossed the wire) of
  the page and everything it loaded, once the network has been quiet for a second (the popup
  texts are fetched when the browser is idle, so they count). Measured twice: from the plain
  server (no compression) and from the same server gzip-compressing text as a CDN or a web
  server's gzip module does; the goal is judged on the latter, the way readers receive it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, sync_playwright

from harness import CHROMIUM, ROOT, launch_chromium, open_browser_session
from harness.static import StaticServer
from layers.loading import load_atlas
from render.site import build_site
from render.views import VIEWS

RESULTS = ROOT / "bench" / "results" / "site.json"
GOALS = {"first_paint_ms": 1000.0, "bytes_per_page_mb": 1.5}
VIEWPORT = {"width": 1440, "height": 900}
PROBE = """(() => {
  window.__paint = {};
  function frame() {
    const p = window.__paint, now = performance.now();
    const c = document.querySelector('.leaflet-container');
    if (c && p.basemap === undefined && c.getAttribute('data-basemap') === 'ready') p.basemap = now;
    if (p.path === undefined && document.querySelector('.leaflet-overlay-pane path')) p.path = now;
    if (p.basemap === undefined || p.path === undefined) requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
})();"""
BYTES_JS = """() => performance.getEntriesByType('navigation')
  .concat(performance.getEntriesByType('resource'))
  .map(e => ({name: e.name, size: e.transferSize, body: e.decodedBodySize}))"""
PAINTED_JS = (
    "() => window.__paint && window.__paint.basemap !== undefined && window.__paint.path !== undefined"
)


def _stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "median": round(statistics.median(ordered)),
        "p90": round(ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]),
        "min": round(ordered[0]),
    }


def load_page(browser: Browser, url: str) -> dict[str, Any]:
    """One cold load: paint times (ms after navigation start) and what was transferred."""
    s = open_browser_session(browser, url, viewport=VIEWPORT, init_script=PROBE)
    try:
        s.page.wait_for_function(PAINTED_JS, timeout=60_000)
        paint = s.page.evaluate("() => window.__paint")
        count, quiet_since = -1, time.monotonic()
        while time.monotonic() - quiet_since < 1.0:  # the network quiet for a second
            s.page.wait_for_timeout(200)
            n = s.page.evaluate("() => performance.getEntriesByType('resource').length")
            if n != count:
                count, quiet_since = n, time.monotonic()
        entries = s.page.evaluate(BYTES_JS)
        assert s.blocked == [], f"the page tried to reach the internet: {s.blocked[:3]}"
    finally:
        s.close()
    return {
        "basemap_ms": paint["basemap"],
        "path_ms": paint["path"],
        "first_paint_ms": max(paint["basemap"], paint["path"]),
        "bytes": sum(e["size"] for e in entries),
        "body_bytes": sum(e["body"] for e in entries),
        "requests": len(entries),
    }


def measure(browser: Browser, site: Path, runs: int) -> dict[str, Any]:
    """Every story page, ``runs`` cold loads each, from the plain and the compressing server."""
    pages: dict[str, Any] = {}
    stories = [view.id for view in VIEWS.values() if view.story]
    with StaticServer(site) as plain, StaticServer(site, gzip=True) as compressed:
        for story in stories:
            loads = [load_page(browser, f"{plain.url}/{story}.html") for _ in range(runs)]
            packed = load_page(browser, f"{compressed.url}/{story}.html")
            pages[story] = {
                "first_paint_ms": _stats([x["first_paint_ms"] for x in loads]),
                "basemap_ms": _stats([x["basemap_ms"] for x in loads]),
                "first_path_ms": _stats([x["path_ms"] for x in loads]),
                "bytes_plain": loads[-1]["bytes"],
                "bytes_gzip": packed["bytes"],
                "requests": loads[-1]["requests"],
                "first_paint_gzip_ms": round(packed["first_paint_ms"]),
            }
    return pages


def judge(pages: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each goal over the worst page: measured value, target, met or not."""
    worst_paint = max(p["first_paint_ms"]["median"] for p in pages.values())
    worst_gzip = max(p["bytes_gzip"] for p in pages.values()) / 1e6
    worst_plain = max(p["bytes_plain"] for p in pages.values()) / 1e6
    return {
        "first map paint, median (worst page)": {
            "value": f"{worst_paint} ms",
            "target": f"≤ {GOALS['first_paint_ms']:.0f} ms",
            "pass": worst_paint <= GOALS["first_paint_ms"],
        },
        "bytes per page, gzip (worst page)": {
            "value": f"{worst_gzip:.2f} MB",
            "target": f"≤ {GOALS['bytes_per_page_mb']} MB",
            "pass": worst_gzip <= GOALS["bytes_per_page_mb"],
        },
        "bytes per page, uncompressed server (worst page)": {
            "value": f"{worst_plain:.2f} MB",
            "target": f"≤ {GOALS['bytes_per_page_mb']} MB",
            "pass": worst_plain <= GOALS["bytes_per_page_mb"],
            "informational": True,  # a host that does not compress; the basemap alone is 1.1 MB
        },
    }


def report(results: dict[str, Any]) -> None:
    """The table."""
    print(f"\nStatic site benchmark {results['timestamp']} ({results['runs']} cold loads per page)")
    print(
        f"{'page':<10}{'paint ms med/p90':>18}{'basemap ms':>12}{'1st path ms':>13}"
        f"{'MB plain':>10}{'MB gzip':>9}{'requests':>10}"
    )
    for story, p in results["pages"].items():
        print(
            f"{story:<10}{p['first_paint_ms']['median']:>10} / {p['first_paint_ms']['p90']:<5}"
            f"{p['basemap_ms']['median']:>12}{p['first_path_ms']['median']:>13}"
            f"{p['bytes_plain'] / 1e6:>10.2f}{p['bytes_gzip'] / 1e6:>9.2f}{p['requests']:>10}"
        )
    print(
        f"site build {results['build_s']} s, {results['site_mb']} MB on disk; machine load "
        f"{results['load_average'][0]} on {results['cpus']} CPUs"
    )
    for name, g in results["goals"].items():
        mark = "info" if g.get("informational") else ("PASS" if g["pass"] else "FAIL")
        print(f"  {mark:<4}  {name:<50}{g['value']:>10}  (goal {g['target']})")


def run(runs: int = 5) -> dict[str, Any]:
    """Build, measure, judge (no files written)."""
    atlas = load_atlas()
    with tempfile.TemporaryDirectory(prefix="corridors-site-") as tmp:
        site = Path(tmp) / "site"
        t = time.perf_counter()
        build_site(atlas, site)
        build_s = round(time.perf_counter() - t, 1)
        size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        with sync_playwright() as p:
            browser = launch_chromium(p)
            try:
                pages = measure(browser, site, runs)
            finally:
                browser.close()
    return {
        "timestamp": datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"),
        "load_average": [round(x, 1) for x in os.getloadavg()],  # a shared machine skews times
        "cpus": os.cpu_count(),
        "runs": runs,
        "build_s": build_s,
        "site_mb": round(size / 1e6, 1),
        "pages": pages,
        "goals": judge(pages),
    }


def main(argv: list[str] | None = None) -> int:
    """Measure, print, write bench/results/site.json; exit 1 when a goal is missed."""
    parser = argparse.ArgumentParser(prog="python -m bench.site", description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="cold loads per page (default 5)")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: apt-get install chromium", file=sys.stderr)
        return 2
    results = run(args.runs)
    report(results)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0 if all(g["pass"] for g in results["goals"].values() if not g.get("informational")) else 1


if __name__ == "__main__":
    sys.exit(main())
