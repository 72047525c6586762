"""Load: concurrent sessions on one server, with and without a hostile-but-accepted upload.

``python -m bench.load`` (also a step of ``make bench``) runs the app twice on a fresh server,
each time with ``--sessions`` browser sessions for ``--seconds``: every session keeps changing
things (layer toggles in the map, the date, the buffer-zone depth) with a short pause between
actions, a few sessions prepare 300-dpi exports at the same moment, and in the second run one
session uploads ``bench.hostile.hostile_upload()``. Reported per run: errors (page errors,
actions that never completed, error boxes), websocket disconnects, the other sessions' action
latency (median and 90th percentile: from the browser action to the page showing the server's
answer), export times, server CPU (mean and peak, % of one core) and server RSS (peak, at the
end, and after the sessions closed). Results go to bench/results/load-<stamp>.json and
load-latest.json.

Sessions are spread over a few browsers, one thread each (Playwright's sync API is per
thread); each thread drives its sessions without blocking on any one of them, polling what
each is waiting for, so all sessions have actions in flight at once. On a 2-core machine the
browsers share the CPU with the server: compare latencies together with the server's CPU.
"""

from __future__ import annotations

import argparse
import json
import statistics
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
from playwright.sync_api import sync_playwright

from bench.hostile import hostile_upload
from harness import BrowserSession, StreamlitServer, launch_chromium, open_browser_session
from layers.registry import LAYERS

RESULTS = Path(__file__).resolve().parent / "results"
TIMEOUT_S = 45.0  # an action not answered by then is an error
# Exports wait for a free slot (render.export.EXPORT_SLOTS) and uploads run at low priority:
# on a loaded 2-core machine both take minutes, by design, without being errors.
SLOW_TIMEOUT_S = 240.0
PAUSE_S = 1.0  # between a session's answered action and its next
TOGGLE_IDS = [layer.id for layer in LAYERS if layer.family in ("tripp", "hormuz")]
CAPTION_JS = """() => { const c = [...document.querySelectorAll('[data-testid=stCaptionContainer]')]
  .map(e => e.innerText).find(t => t.includes('layers visible')); return c || ''; }"""
METRIC_JS = """() => { const c = [...document.querySelectorAll('[data-testid=stCaptionContainer]')]
  .map(e => e.innerText).find(t => t.startsWith('Reported buffer zone at this depth')); return c || ''; }"""
ERROR_JS = "() => document.querySelectorAll('[data-testid=stException]').length"


@dataclass
class Driven:
    """One session under load: what it waits for and what it measured."""

    index: int
    session: BrowserSession
    role: str = "reader"  # "reader", "uploader"
    pending: tuple[str, float, Any] | None = None  # (action, t0, check) while in flight
    next_at: float = 0.0
    step: int = 0
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    disconnects: int = 0
    exported: list[float] = field(default_factory=list)
    export_due: float | None = None
    upload_due: float | None = None


def _frame(s: BrowserSession) -> Any:
    frames = s.map_frames()
    return frames[0] if frames else None


def _watch_socket(d: Driven) -> None:
    def on_ws(ws: Any) -> None:
        if "_stcore/stream" in ws.url:
            ws.on("close", lambda _ws: _count_close(d))

    d.session.page.on("websocket", on_ws)


def _count_close(d: Driven) -> None:
    d.disconnects += 1


def _start(d: Driven, now: float, upload: bytes | None) -> None:
    """Begin the session's next action; ``pending`` says how to tell it is answered."""
    page, frame = d.session.page, _frame(d.session)
    if d.upload_due is not None and now >= d.upload_due and upload is not None:
        d.upload_due = None
        page.locator("input[type=file]").set_input_files(
            files=[{"name": "hostile.geojson", "mimeType": "application/json", "buffer": upload}]
        )
        d.pending = ("upload", now, lambda: page.get_by_text("features from your file").count() > 0)
        return
    if d.export_due is not None and now >= d.export_due:
        d.export_due = None
        page.get_by_text("Export a print-quality snapshot").click()
        page.get_by_role("button", name="Prepare snapshot").click()
        d.pending = ("export", now, lambda: page.get_by_role("button", name="Download").count() > 0)
        return
    kind = ("toggle", "depth", "toggle", "date")[d.step % 4]
    d.step += 1
    if kind == "date" and "1 February 2026" in page.evaluate(CAPTION_JS):
        kind = "toggle"  # the date is the article's already: one date change per session
    if kind == "toggle" and frame is not None:
        before = page.evaluate(CAPTION_JS)
        layer = TOGGLE_IDS[(d.index + d.step) % len(TOGGLE_IDS)]
        frame.evaluate("id => document.querySelector(`label[data-layer=${id}] input`).click()", layer)
        d.pending = ("toggle", now, lambda: page.evaluate(CAPTION_JS) not in ("", before))
    elif kind == "depth":
        before = page.evaluate(METRIC_JS)
        thumb = page.get_by_role("slider").first
        thumb.focus()
        thumb.press("ArrowRight" if (d.step // 4) % 4 < 2 else "ArrowLeft")
        d.pending = ("depth", now, lambda: page.evaluate(METRIC_JS) not in ("", before))
    else:
        frame.get_by_role("button", name="As of the article").click()  # the map's quick date
        d.pending = ("date", now, lambda: "1 February 2026" in page.evaluate(CAPTION_JS))


def _poll(d: Driven, now: float) -> None:
    assert d.pending is not None
    action, t0, check = d.pending
    try:
        done = check()
    except Exception as exc:  # page navigating or closed
        done, d.errors = False, [*d.errors, f"{action}: {type(exc).__name__}"]
    if done:
        d.latencies.setdefault(action, []).append(now - t0)
        if action == "export":
            d.exported.append(now - t0)
        d.pending, d.next_at = None, now + PAUSE_S
    elif now - t0 > (SLOW_TIMEOUT_S if action in ("export", "upload") else TIMEOUT_S):
        d.errors.append(f"{action}: no answer in {now - t0:.0f} s")
        d.pending, d.next_at = None, now + PAUSE_S


def _drive(sessions: list[Driven], until: float, upload: bytes | None) -> None:
    """One thread's sessions, round-robin, never waiting on one of them."""
    while time.monotonic() < until or any(d.pending for d in sessions):
        now = time.monotonic()
        for d in sessions:
            try:
                if d.pending is not None:
                    _poll(d, now)
                elif now < until and now >= d.next_at:
                    _start(d, now, upload)
            except Exception as exc:
                d.errors.append(f"driver: {type(exc).__name__}: {str(exc)[:120]}")
                d.pending, d.next_at = None, now + PAUSE_S
        time.sleep(0.02)


def _open(browser: Any, url: str, index: int) -> Driven:
    session = open_browser_session(browser, url)
    d = Driven(index, session)
    _watch_socket(d)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        frame = _frame(session)
        if frame is not None and frame.evaluate("() => !!(window.map && window.Corridors)"):
            break
        session.page.wait_for_timeout(200)
    else:
        d.errors.append("map did not draw")
    return d


def _thread(
    url: str, indexes: list[int], plan: dict[str, Any], start: threading.Barrier, out: list[Driven]
) -> None:
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            driven = [_open(browser, url, i) for i in indexes]
            for d in driven:
                if d.index in plan["exporters"]:
                    d.export_due = 0.0
                if d.index == plan["uploader"]:
                    d.role = "uploader"
            start.wait()
            begin = time.monotonic()
            for d in driven:
                d.next_at = begin + (d.index % 10) * 0.1
                if d.export_due is not None:
                    d.export_due = begin + plan["export_at"]
                if d.role == "uploader" and plan["upload"] is not None:
                    d.upload_due = begin + plan["upload_at"]
            _drive(driven, begin + plan["seconds"], plan["upload"])
            for d in driven:
                d.errors += [f"page: {e[:120]}" for e in d.session.console_errors if "pageerror" in e]
                if d.session.page.evaluate(ERROR_JS):
                    d.errors.append("an exception box is shown")
            out.extend(driven)
            for d in driven:
                d.session.close()
        finally:
            browser.close()


def _sampler(server: StreamlitServer, stop: threading.Event, samples: list[tuple[float, float]]) -> None:
    assert server.proc is not None
    proc = psutil.Process(server.proc.pid)
    proc.cpu_percent(None)
    while not stop.wait(1.0):
        try:
            samples.append((proc.cpu_percent(None), server.rss_mb()))
        except psutil.Error:
            break


def run(sessions: int, seconds: float, browsers: int, hostile: bool) -> dict[str, Any]:
    """One load run on a fresh server; the figures of the docstring."""
    plan = {
        "seconds": seconds,
        "exporters": set(range(1, 6)) if sessions >= 6 else {1},
        "export_at": seconds * 0.4,
        "uploader": 0,
        "upload_at": seconds * 0.15,
        "upload": hostile_upload() if hostile else None,
    }
    with StreamlitServer("app.py", timeout=120) as server:
        baseline = server.rss_mb()
        groups = [list(range(sessions))[b::browsers] for b in range(browsers)]
        start = threading.Barrier(len(groups) + 1)
        out: list[Driven] = []
        threads = [
            threading.Thread(target=_thread, args=(server.url, g, plan, start, out)) for g in groups if g
        ]
        for t in threads:
            t.start()
        start.wait(timeout=600)
        stop, samples = threading.Event(), list[tuple[float, float]]()
        sampler = threading.Thread(target=_sampler, args=(server, stop, samples))
        sampler.start()
        for t in threads:
            t.join()
        at_end = server.rss_mb()
        time.sleep(10)
        after_close = server.rss_mb()
        stop.set()
        sampler.join()
    others = [d for d in out if d.role != "uploader"]
    latencies = [
        x for d in others for k, v in d.latencies.items() if k not in ("export", "upload") for x in v
    ]
    by_action = {
        k: _stats([x for d in others for x in d.latencies.get(k, [])]) for k in ("toggle", "depth", "date")
    }
    uploader = next((d for d in out if d.role == "uploader"), None)
    return {
        "hostile_upload": hostile,
        "sessions": sessions,
        "seconds": seconds,
        "actions": len(latencies),
        "errors": sum(len(d.errors) for d in out),
        "error_samples": [e for d in out for e in d.errors][:10],
        "disconnects": sum(d.disconnects for d in out),
        "others_latency_s": _stats(latencies),
        "by_action_s": by_action,
        "exports_s": sorted(round(x, 1) for d in out for x in d.exported),
        "upload_s": [round(x, 1) for x in (uploader.latencies.get("upload", []) if uploader else [])],
        "server_cpu_pct": {
            "mean": round(statistics.fmean([c for c, _ in samples]), 0) if samples else None,
            "max": round(max((c for c, _ in samples), default=0), 0),
        },
        "server_rss_mb": {
            "baseline": round(baseline),
            "peak": round(max((r for _, r in samples), default=at_end)),
            "end": round(at_end),
            "after_sessions_closed": round(after_close),
        },
    }


def _stats(values: list[float]) -> dict[str, float | int | None]:
    if not values:
        return {"n": 0, "median": None, "p90": None}
    ordered = sorted(values)
    return {
        "n": len(values),
        "median": round(statistics.median(ordered), 2),
        "p90": round(ordered[int(0.9 * (len(ordered) - 1))], 2),
    }


def report(results: dict[str, Any]) -> None:
    """Print both runs side by side, and the goals."""
    a, b = results["without"], results["with"]
    rows = [
        ("errors", a["errors"], b["errors"]),
        ("websocket disconnects", a["disconnects"], b["disconnects"]),
        ("actions by other sessions", a["actions"], b["actions"]),
        ("others' latency median (s)", a["others_latency_s"]["median"], b["others_latency_s"]["median"]),
        ("others' latency p90 (s)", a["others_latency_s"]["p90"], b["others_latency_s"]["p90"]),
        *[
            (f"  {k} median (s)", a["by_action_s"][k]["median"], b["by_action_s"][k]["median"])
            for k in a["by_action_s"]
        ],
        ("server CPU mean / max (% of a core)", _pair(a["server_cpu_pct"]), _pair(b["server_cpu_pct"])),
        ("server RSS peak (MB)", a["server_rss_mb"]["peak"], b["server_rss_mb"]["peak"]),
        ("server RSS at the end (MB)", a["server_rss_mb"]["end"], b["server_rss_mb"]["end"]),
        (
            "server RSS after close (MB)",
            a["server_rss_mb"]["after_sessions_closed"],
            b["server_rss_mb"]["after_sessions_closed"],
        ),
        ("exports (s)", a["exports_s"], b["exports_s"]),
        ("hostile upload shown after (s)", "-", b["upload_s"]),
    ]
    print(f"\nLoad: {a['sessions']} sessions × {a['seconds']:g} s, without / with a hostile upload")
    for label, x, y in rows:
        print(f"  {label:<38}{x!s:>16}  {y!s:>16}")
    print("\nGoals:")
    for name, g in results["goals"].items():
        print(f"  {'PASS' if g['pass'] else 'FAIL'}  {name:<44}{g['value']!s:>10}  (goal {g['target']})")


def _pair(cpu: dict[str, Any]) -> str:
    return f"{cpu['mean']} / {cpu['max']}"


def goals(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    a, b = results["without"], results["with"]
    ratio = (
        round(b["others_latency_s"]["median"] / a["others_latency_s"]["median"], 2)
        if a["others_latency_s"]["median"] and b["others_latency_s"]["median"]
        else None
    )
    out = {
        "errors (both runs)": (a["errors"] + b["errors"], "0", a["errors"] + b["errors"] == 0),
        "disconnects (both runs)": (
            a["disconnects"] + b["disconnects"],
            "0",
            a["disconnects"] + b["disconnects"] == 0,
        ),
        "server RSS at the end, MB (with upload)": (
            b["server_rss_mb"]["end"],
            "<= 400",
            b["server_rss_mb"]["end"] <= 400,
        ),
        "others' median latency, with / without": (ratio, "<= 1.5", ratio is not None and ratio <= 1.5),
    }
    return {k: {"value": v, "target": t, "pass": ok} for k, (v, t, ok) in out.items()}


def measure(sessions: int = 20, seconds: float = 120, browsers: int = 4) -> dict[str, Any]:
    """Both runs and the goals (used by ``python -m bench``)."""
    results: dict[str, Any] = {"timestamp": datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")}
    print(f"load: {sessions} sessions, {seconds:g} s, without a hostile upload …", flush=True)
    results["without"] = run(sessions, seconds, browsers, hostile=False)
    print(f"load: {sessions} sessions, {seconds:g} s, with a hostile upload …", flush=True)
    results["with"] = run(sessions, seconds, browsers, hostile=True)
    results["goals"] = goals(results)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions (default 20)")
    parser.add_argument("--seconds", type=float, default=120, help="length of each run (default 120)")
    parser.add_argument("--browsers", type=int, default=4, help="browsers the sessions are spread over")
    args = parser.parse_args(argv)
    results = measure(args.sessions, args.seconds, args.browsers)
    report(results)
    write(results)
    return 0 if all(g["pass"] for g in results["goals"].values()) else 1


def write(results: dict[str, Any]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=1) + "\n"
    (RESULTS / "load-latest.json").write_text(text, encoding="utf-8")
    (RESULTS / f"load-{results['timestamp']}.json").write_text(text, encoding="utf-8")
    print(f"\nwrote bench/results/load-latest.json and bench/results/load-{results['timestamp']}.json")


if __name__ == "__main__":
    raise SystemExit(main())
