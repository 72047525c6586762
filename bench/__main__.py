"""Browser benchmark: our map app against two reference apps, in headless Chromium, offline.

``.venv/bin/python -m bench`` (``make bench``) starts ``streamlit run`` for app.py and for
bench/apps/naive_app.py and bench/apps/floor_app.py (those find the project's ``static/``
through the symlink bench/apps/static → ../../static, since Streamlit serves the ``static/``
folder beside the main script), drives /usr/bin/chromium with every non-local request blocked,
prints a table with pass/fail per goal and writes bench/results/latest.json and a timestamped
copy. ``--quick`` is a smoke run of a couple of minutes; ``--toggles N`` sets the toggle count.
Then ``bench/load.py`` runs 20 sessions for 2 minutes, without and with a hostile upload, and
writes bench/results/load-latest.json (``--no-load`` skips it; ``python -m bench.load`` runs
only it), and ``bench/site.py`` measures the static site's story pages (first map paint, bytes
per page; bench/results/site.json; ``--no-site`` skips it, ``python -m bench.site`` runs only it).

Timing (all in the browser, on the clock ``performance.timeOrigin + performance.now()`` that
the page and its iframes share; see bench/browser.py):
- in-map toggle: t0 is read in the map iframe right before JS calls ``input.click()`` on the
  layer's checkbox in Leaflet's layer control; t1 is the first animation frame on which the
  layer's on/off state is flipped.
- sidebar change: t0 is read in the page (one CDP round-trip, ~1 ms) right before
  Playwright's click/key press; t1 is the first animation frame, in whichever map iframe (a
  remounted one for the naive app), on which the map shows the new state.
- cold start: the page's navigation start → first frame with every default layer drawn, in a
  fresh browser context (empty cache) on a server that has already served one page.
- share link restore: the same, for a story link with a moved centre, a zoom, layers and a
  date, until the map shows the link's layers; then the centre and zoom are checked.
- search: the time the page's search takes from the input event to the results drawn in its
  list (its own ``performance.now()``; goal: within one 60 Hz frame).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Frame, sync_playwright

from bench import load
from bench.browser import (
    MAP_SCRIPT_BYTES_JS,
    PROBE_FLOOR,
    PROBE_OURS,
    Session,
    cold_start,
    naive_probe,
    open_session,
    summary,
)
from harness import CHROMIUM, CHROMIUM_ARGS, ROOT
from harness import StreamlitServer as Server
from layers.registry import LAYER_BY_ID, default_visible_ids

RESULTS = ROOT / "bench" / "results"
APPS_DIR = ROOT / "bench" / "apps"
SCALE_LAYER = "gas_swap_context"  # "Context pipelines (BTC, SCP, TANAP)", kind context_pipeline
DEFAULTS = frozenset(default_visible_ids())
TOTAL_LAYERS = len(LAYER_BY_ID)
NAIVE_FAMILIES = ("tripp", "buffer_zone", "gas_swap", "hormuz")
GOALS = {
    "inmap_toggle_median_ms": 50.0,
    "remounts": 0,
    "view_kept_pct": 100.0,
    "speedup_vs_naive": 5.0,
    "sidebar_vs_floor": 1.3,
    "cold_start_ms": 2500.0,
    "map_script_kb": 400.0,
    "rss_20_sessions_mb": 350.0,
    "toggle_100k_median_ms": 200.0,
}
CLICK_LAYER_JS = """title => {
  const label = [...document.querySelectorAll('.leaflet-control-layers-overlays label')]
    .find(l => l.textContent.trim() === title);
  const input = label.querySelector('input');
  const t0 = performance.timeOrigin + performance.now();
  input.click();
  return t0;
}"""


def ready_ours(state: dict[str, Any]) -> bool:
    return set(state["on"]) >= DEFAULTS and bool(state["zone"])


def ready_naive(state: dict[str, Any]) -> bool:
    return all(state["on"].values())


def ready_floor(state: dict[str, Any]) -> bool:
    return state["markers"] == 1


APPS = {
    "ours": ("app.py", PROBE_OURS, ready_ours),
    "naive": ("bench/apps/naive_app.py", naive_probe(NAIVE_FAMILIES), ready_naive),
    "floor": ("bench/apps/floor_app.py", PROBE_FLOOR, ready_floor),
}


def same_view(a: list[float], b: list[float]) -> bool:
    return all(abs(x - y) < 1e-6 for x, y in zip(a, b, strict=True))


def settle(session: Session, ms: int = 150) -> None:
    """Let a rerun triggered by the last action start and finish before the next action."""
    session.page.wait_for_timeout(ms)
    session.wait_idle()


def wait_caption(session: Session, visible: int) -> None:
    pattern = re.compile(rf"(^|\D){visible} of {TOTAL_LAYERS} layers visible")
    session.page.get_by_text(pattern).first.wait_for(timeout=60_000)


def payload(session: Session, frame) -> dict[str, Any]:
    """Bytes of the map script, of the websocket traffic so far and of the iframe's fetches."""
    session.page.wait_for_timeout(500)  # late stylesheets and images
    assets = session.asset_bytes()
    return {
        "map_script_kb": round(frame.evaluate(MAP_SCRIPT_BYTES_JS) / 1000, 1),
        "ws_kb_at_load": round(session.ws_bytes[0] / 1000, 1),
        "static_assets_kb": round(assets["static_assets"] / 1000, 1),
        "component_bundle_kb": round(assets["component_bundle"] / 1000, 1),
        "iframe_requests": assets["requests"],
    }


def _layer_is(layer_id: str, want: bool, state: dict[str, Any]) -> bool:
    return (layer_id in state["on"]) is want


def _zone_changed(old_zone: str, state: dict[str, Any]) -> bool:
    return bool(state["zone"]) and state["zone"] != old_zone


def _naive_gas_swap(want: bool, state: dict[str, Any]) -> bool:
    others = all(v for k, v in state["on"].items() if k != "gas_swap")
    return others and state["on"]["gas_swap"] is want


def _markers(want: int, state: dict[str, Any]) -> bool:
    return bool(state["markers"] == want)


def _date_is(want: str, state: dict[str, Any]) -> bool:
    return state.get("date") == want


def date_changes(session: Session, frame, n: int) -> dict[str, Any]:
    """n date changes through the map's quick-date buttons ("As of the article" / "Latest"),
    timed from the click to the first frame on which the map shows the new date; the view is
    set off-default before each change and must be kept, with no remount. The page around the
    map (date field, caption) follows after a server round trip: ``page_followed`` times the
    click to the caption's new date."""
    from layers.loading import load_atlas
    from layers.period import ARTICLE_DATE, default_as_of

    latest = default_as_of(load_atlas()).isoformat()
    buttons = {ARTICLE_DATE.isoformat(): "As of the article", latest: "Latest"}
    captions = {
        ARTICLE_DATE.isoformat(): "1 February 2026",
        latest: f"{default_as_of(load_atlas()):%-d %B %Y}",
    }
    times, followed, remounts, kept = [], [], 0, 0
    for i in range(n):
        want = ARTICLE_DATE.isoformat() if i % 2 == 0 else latest
        view = session.set_view(frame)
        settle(session, 800)
        mark = session.mark(frame)
        button = frame.get_by_role("button", name=buttons[want])
        t0 = session.now()
        button.click()
        frame2, t1, _ = session.wait_state(partial(_date_is, want), t0)
        times.append(t1 - t0)
        session.page.get_by_text(f"Situation as of {captions[want]}").wait_for(timeout=30_000)
        followed.append(session.now() - t0)
        settle(session)
        if session.mounted_with(frame2, mark):
            kept += same_view(session.view(frame2), view)
        else:
            remounts += 1
        frame = frame2
    return {
        **summary(times),
        "control": "the map's quick-date buttons",
        "page_followed": summary(followed),
        "remounts": remounts,
        "view_kept_pct": round(100 * kept / n, 1),
    }


def field_changes(session: Session, frame, n: int) -> dict[str, Any]:
    """n date changes typed into the header's date field (a server round trip each), timed from
    the click outside it that commits the date (as a check box is clicked in the floor app) to
    the first frame on which the map shows it."""
    from layers.loading import load_atlas
    from layers.period import default_as_of

    latest = default_as_of(load_atlas())
    days = [date(2026, 3, 15), latest]
    times = []
    for i in range(n):
        want = days[i % 2]
        settle(session, 500)
        for part, value in (
            ("year", f"{want.year}"),
            ("month", f"{want.month:02d}"),
            ("day", f"{want.day:02d}"),
        ):
            session.page.get_by_role("spinbutton", name=f"{part}, Situation as of").focus()
            session.page.keyboard.type(value)
        session.page.keyboard.press("Enter")
        t0 = session.now()
        session.page.locator("h1").first.click()  # the field commits when focus leaves it
        _, t1, _ = session.wait_state(partial(_date_is, want.isoformat()), t0)
        times.append(t1 - t0)
    return {**summary(times), "control": "the header's date field (typed)"}


def inmap_toggles(session: Session, frame, layer_id: str, n: int) -> dict[str, Any]:
    """Toggle one layer in Leaflet's layer control n times (view set off-default first)."""
    title = LAYER_BY_ID[layer_id].title
    view = session.set_view(frame)
    settle(session, 800)
    mark = session.mark(frame)
    on = layer_id in DEFAULTS
    visible = len(DEFAULTS)
    times, remounts, kept, ws_kb = [], 0, 0, []
    for _ in range(n):
        ws0 = session.ws_bytes[0]
        t0 = frame.evaluate(CLICK_LAYER_JS, title)
        want = not on
        _, t1, _ = session.wait_state(partial(_layer_is, layer_id, want), t0)
        times.append(t1 - t0)
        on, visible = want, visible + (1 if want else -1)
        wait_caption(session, visible)  # Python has heard of the change and rerun
        settle(session)
        ws_kb.append((session.ws_bytes[0] - ws0) / 1000)
        if session.mounted_with(frame, mark):
            kept += same_view(session.view(frame), view)
        else:
            remounts += 1
            frame = session.map_frames()[0]
            mark = session.mark(frame)
    return {
        **summary(times),
        "remounts": remounts,
        "view_kept_pct": round(100 * kept / n, 1),
        "ws_kb_per_toggle": round(sum(ws_kb) / n, 1),
    }


def sidebar_changes(session: Session, frame, app: str, n: int) -> dict[str, Any]:
    """n sidebar-driven map changes: our depth slider, the naive gas_swap checkbox, the floor
    marker checkbox. The view is set off-default before each change; a remount is counted when
    the map shown afterwards lacks the mark set before the change."""
    page = session.page
    times, remounts, kept, ws_kb, to_send, after_send = [], 0, 0, [], [], []
    state = json.loads(frame.evaluate("() => window.__benchLog.at(-1)[0]"))
    thumb = page.get_by_role("slider").first
    control = page.locator(
        "[data-testid=stSidebar] label", has_text="gas_swap" if app == "naive" else "marker"
    )
    for i in range(n):
        view = session.set_view(frame)
        settle(session, 800)
        mark = session.mark(frame)
        ws0 = session.ws_bytes[0]
        if app == "ours":
            thumb.focus()
            old_zone = state["zone"]
            t0 = session.now()
            thumb.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
            accept: Callable[[dict[str, Any]], bool] = partial(_zone_changed, old_zone)
        elif app == "naive":
            want = not state["on"]["gas_swap"]
            t0 = session.now()
            control.click()
            accept = partial(_naive_gas_swap, want)
        else:
            t0 = session.now()
            control.click()
            accept = partial(_markers, 1 - state["markers"])

        frame2, t1, state = session.wait_state(accept, t0)
        times.append(t1 - t0)
        sent = session.first_send_after(t0)
        if sent is not None and sent <= t1:
            to_send.append(sent - t0)
            after_send.append(t1 - sent)
        settle(session)
        ws_kb.append((session.ws_bytes[0] - ws0) / 1000)
        if session.mounted_with(frame2, mark):
            kept += same_view(session.view(frame2), view)
        else:
            remounts += 1
            kept += same_view(session.view(frame2), view)
        frame = frame2
    return {
        **summary(times),
        "control": {
            "ours": "buffer-depth slider (±5 km)",
            "naive": "gas_swap checkbox",
            "floor": "marker checkbox",
        }[app],
        "remounts": remounts,
        "view_kept_pct": round(100 * kept / n, 1),
        "ws_kb_per_change": round(sum(ws_kb) / n, 1),
        "input_to_ws_send": summary(to_send),  # Playwright action + widget handler/debounce
        "ws_send_to_drawn": summary(after_send),  # rerun on the server, transfer, redraw
    }


def memory(browser: Browser, server: Server, probe: str, ready, sessions: int) -> dict[str, Any]:
    """Server RSS with 1 and with ``sessions`` pages open, each having drawn the map."""
    opened: list[Session] = []
    try:
        first = open_session(browser, server.url, probe)
        opened.append(first)
        cold_start(first, ready)
        first.page.wait_for_timeout(1000)
        rss_1 = server.rss_mb()
        for _ in range(sessions - 1):
            opened.append(open_session(browser, server.url, probe))
        for s in opened[1:]:
            cold_start(s, ready)
        opened[-1].page.wait_for_timeout(2000)
        rss_n = server.rss_mb()
    finally:
        for s in opened:
            s.close()
    return {"rss_1_mb": round(rss_1), f"rss_{sessions}_mb": round(rss_n), "sessions": sessions}


SEARCH_QUERIES = ("Zangezur", "Mehri", "Kharg", "Tabriz", "Ba", "pipeline")
SEARCH_JS = """query => {
  const root = document.querySelector('.corridors-search'), input = root.querySelector('input');
  root.removeAttribute('data-ms');
  input.value = query;
  input.dispatchEvent(new Event('input'));
  return root.getAttribute('data-ms');
}"""
# A story link with a moved view, its layers and a date: what a shared link restores.
LINK_QUERY = (
    "story=hormuz&c=26.2579%2C57.0754&z=8.5&date=2026-03-02&depth=30&layers="
    "hormuz_tss_separation%2Chormuz_tss_lanes%2Chormuz_tss_direction%2Chormuz_bypass%2C"
    "hormuz_narrowest%2Chormuz_strait%2Chormuz_places%2Chormuz_events"
)
LINK_LAYERS = frozenset(dict(kv.split("=") for kv in LINK_QUERY.split("&"))["layers"].split("%2C"))


def searches(frame: Frame) -> dict[str, Any]:
    """Search as the reader types: the time from the input event to the results drawn in the
    list (synchronous in the page; the index file is fetched on the box's first focus)."""
    frame.evaluate("() => { const i = document.querySelector('.corridors-search input'); i.focus(); }")
    times = []
    for _ in range(3):
        for query in SEARCH_QUERIES:
            ms = None
            for _ in range(100):  # the index may still be loading: its first result then waits for it
                ms = frame.evaluate(SEARCH_JS, query)
                if ms is not None:
                    break
                frame.wait_for_timeout(20)
            if ms is not None:
                times.append(float(ms))
    return summary(times) | {"queries": list(SEARCH_QUERIES)}


def link_restores(browser: Browser, server: Server, probe: str, n: int) -> dict[str, Any]:
    """Navigation start of a share link → the map showing the link's layers; then checks that the
    centre and zoom are the link's."""
    times, exact = [], 0
    for _ in range(n):
        session = open_session(browser, f"{server.url}/?{LINK_QUERY}", probe)
        try:
            nav = session.page.evaluate("() => performance.timeOrigin")
            frame, t, _ = session.wait_state(lambda s: set(s["on"]) == LINK_LAYERS, nav, timeout_ms=120_000)
            times.append(t - nav)
            settle(session, 300)
            shot = frame.evaluate("() => Corridors.snapshot(map)")
            (lat, lon), zoom = shot["center"], shot["zoom"]
            exact += int(abs(lat - 26.2579) < 0.01 and abs(lon - 57.0754) < 0.01 and zoom == 8.5)
        finally:
            session.close()
    return summary(times) | {"restored_exactly": f"{exact}/{n}"}


def measure_app(browser: Browser, app: str, args: argparse.Namespace) -> dict[str, Any]:
    """Every figure for one app, on one server."""
    script, probe, ready = APPS[app]
    out: dict[str, Any] = {"script": script}
    with Server(script) as server:
        t = time.perf_counter()
        out["memory"] = memory(browser, server, probe, ready, args.sessions)
        print(f"  [{app}] memory done ({time.perf_counter() - t:.0f} s)", flush=True)
        colds, iframes, blocked = [], [], 0
        session = None
        for i in range(args.cold):
            if session is not None:
                session.close()
            session = open_session(browser, server.url, probe)
            frame, ms, iframe_ms = cold_start(session, ready)
            colds.append(ms)
            iframes.append(iframe_ms)
            blocked += len(session.blocked)
            if i == 0:
                out["payload"] = payload(session, frame)
        out["cold_start"] = summary(colds)
        out["cold_start"]["map_iframe_created"] = summary(iframes)
        assert session is not None
        try:
            settle(session, 500)
            if app == "ours":
                out["inmap_toggle"] = inmap_toggles(session, frame, SCALE_LAYER, args.toggles)
                print(f"  [{app}] in-map toggles done", flush=True)
            out["sidebar_change"] = sidebar_changes(session, session.map_frames()[0], app, args.toggles)
            if app == "ours":
                out["date_change"] = date_changes(session, session.map_frames()[0], args.toggles)
                out["date_field_change"] = field_changes(session, session.map_frames()[0], args.toggles)
                print(f"  [{app}] date changes done", flush=True)
                out["search"] = searches(session.map_frames()[0])
                print(f"  [{app}] searches done", flush=True)
            blocked += len(session.blocked)
        finally:
            session.close()
        if app == "ours":
            out["link_restore"] = link_restores(browser, server, probe, args.cold)
            print(f"  [{app}] link restores done", flush=True)
        out["blocked_requests"] = blocked
    return out


def synthetic_geodata(vertices: int, target: Path) -> None:
    """geodata/ plus one context pipeline of ``vertices`` vertices wandering over Türkiye/Iran."""
    shutil.copytree(ROOT / "geodata", target)
    path = target / "gas_swap.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    rng = random.Random(vertices)
    source = {
        "publisher": "corridors-map benchmark",
        "title": "Synthetic scale-test geometry",
        "url": "https://example.org/corridors-bench",
        "date": "2020",
    }
    lon, lat, coords = 32.0, 38.5, []
    for _ in range(vertices):
        lon = min(58.0, max(28.0, lon + rng.uniform(-0.02, 0.03)))
        lat = min(39.5, max(33.0, lat + rng.uniform(-0.03, 0.03)))
        coords.append([round(lon, 4), round(lat, 4)])
    data["features"].append(
        {
            "type": "Feature",
            "properties": {
                "id": f"synthetic_pipeline_{vertices}",
                "name": f"Synthetic benchmark pipeline ({vertices:,} vertices)",
                "kind": "context_pipeline",
                "geometry_accuracy": "schematic",
                "description": "Synthetic line for the browser benchmark's scale test; not a real pipeline.",
                "sources": [source],
                "history": [
                    {
                        "date": "2020",
                        "status": "operating",
                        "confidence": "illustrative",
                        "note": "Synthetic benchmark geometry.",
                        "sources": [source],
                    }
                ],
            },
            "geometry": {"type": "LineString", "coordinates": coords},
        }
    )
    path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")


def measure_scale(browser: Browser, vertices: int, toggles: int) -> dict[str, Any]:
    """Our app with one extra ``vertices``-vertex line in the Context pipelines layer."""
    from layers.loading import load_atlas

    with tempfile.TemporaryDirectory(prefix="bench-geodata-") as tmp:
        folder = Path(tmp) / "geodata"
        synthetic_geodata(vertices, folder)
        problems = load_atlas(folder).problems
        if problems:
            raise RuntimeError(f"synthetic geodata does not load cleanly: {problems}")
        _, probe, ready = APPS["ours"]
        with Server("app.py", {"CORRIDORS_GEODATA": str(folder)}) as server:
            warm = open_session(browser, server.url, probe)
            first_load = cold_start(warm, ready)[1]
            warm.close()
            session = open_session(browser, server.url, probe)
            try:
                frame, cold, _ = cold_start(session, ready)
                pay = payload(session, frame)
                settle(session, 500)
                toggle = inmap_toggles(session, frame, SCALE_LAYER, toggles)
            finally:
                session.close()
            rss = server.rss_mb()
        naive = measure_naive_scale(browser, folder, toggles)
    return {
        "vertices": vertices,
        "server_first_load_ms": round(first_load),
        "cold_start_ms": round(cold),
        "inmap_toggle": toggle,
        "payload": pay,
        "rss_mb": round(rss),
        "naive": naive,
    }


def measure_naive_scale(browser: Browser, folder: Path, toggles: int) -> dict[str, Any]:
    """The naive app on the same synthetic data: its sidebar checkbox of the family that
    carries the synthetic line rebuilds (and remounts) the whole map each time."""
    script, probe, ready = APPS["naive"]
    with Server(script, {"CORRIDORS_GEODATA": str(folder)}) as server:
        session = open_session(browser, server.url, probe)
        try:
            frame, cold, _ = cold_start(session, ready)
            pay = payload(session, frame)
            settle(session, 500)
            change = sidebar_changes(session, frame, "naive", toggles)
        finally:
            session.close()
        rss = server.rss_mb()
    return {"cold_start_ms": round(cold), "sidebar_change": change, "payload": pay, "rss_mb": round(rss)}


def run_snapshot() -> dict[str, Any]:
    """bench/snapshot.py as it is: run it, then read the JSON it writes."""
    proc = subprocess.run(
        [sys.executable, "-m", "bench.snapshot"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    path = RESULTS / "snapshot.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    return {"exit_code": proc.returncode, "stdout": proc.stdout.strip().splitlines(), "results": data}


def run_site(runs: int) -> dict[str, Any]:
    """bench/site.py as it is (the static site's story pages): run it, then read its JSON."""
    proc = subprocess.run(
        [sys.executable, "-m", "bench.site", "--runs", str(runs)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    path = RESULTS / "site.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    return {"exit_code": proc.returncode, "stdout": proc.stdout.strip().splitlines(), "results": data}


def fmt(s: dict[str, Any] | None) -> str:
    if not s or s.get("median") is None:
        return "n/a"
    return f"{s['median']:.0f} / {s['p90']:.0f}"


def judge(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each goal: the measured value, the target, and whether it is met."""
    ours, naive, floor = (results["apps"][a] for a in ("ours", "naive", "floor"))
    inmap = ours["inmap_toggle"]
    slider = ours["sidebar_change"]
    g: dict[str, dict[str, Any]] = {}

    def add(name: str, value: Any, target: str, ok: bool) -> None:
        g[name] = {"value": value, "target": target, "pass": bool(ok)}

    add("in-map toggle median", f"{inmap['median']} ms", "≤ 50 ms", inmap["median"] <= 50)
    remounts = inmap["remounts"] + slider["remounts"]
    add("remounts (in-map + slider)", remounts, "0", remounts == 0)
    kept = min(inmap["view_kept_pct"], slider["view_kept_pct"])
    add("view kept", f"{kept} %", "100 %", kept == 100)
    speedup = naive["sidebar_change"]["median"] / inmap["median"]
    add("toggle speed-up vs naive", f"{speedup:.1f}×", "≥ 5×", speedup >= 5)
    ratio = slider["median"] / floor["sidebar_change"]["median"]
    add("slider vs floor round-trip", f"{ratio:.2f}×", "≤ 1.3×", ratio <= 1.3)
    dated = ours.get("date_change")
    if dated:
        ratio = dated["median"] / floor["sidebar_change"]["median"]
        add("date change vs floor round-trip", f"{ratio:.2f}×", "≤ 1.3×", ratio <= 1.3)
        add(
            "date change: remounts, view kept",
            f"{dated['remounts']}, {dated['view_kept_pct']} %",
            "0, 100 %",
            dated["remounts"] == 0 and dated["view_kept_pct"] == 100,
        )
    cold = ours["cold_start"]["median"]
    add("cold start median", f"{cold} ms", "≤ 2500 ms", cold <= 2500)
    ratio = cold / floor["cold_start"]["median"]
    add("cold start vs floor", f"{ratio:.2f}×", "≤ 1.3×", ratio <= 1.3)
    if ours.get("search"):
        ms = ours["search"]["p90"]
        add("search results drawn, p90", f"{ms} ms", "≤ 16.7 ms (one frame)", ms is not None and ms <= 16.7)
    if ours.get("link_restore"):
        link = ours["link_restore"]
        add(
            "share link restore vs cold start",
            f"{link['median']} ms, exact {link['restored_exactly']}",
            f"≤ {cold} ms, all exact",
            link["median"] is not None
            and link["median"] <= cold * 1.1
            and link["restored_exactly"].split("/")[0] == link["restored_exactly"].split("/")[1],
        )
    kb = ours["payload"]["map_script_kb"]
    add("map script", f"{kb} KB", "≤ 400 KB", kb <= 400)
    rss_key = f"rss_{ours['memory']['sessions']}_mb"
    rss = ours["memory"][rss_key]
    add(f"server RSS, {ours['memory']['sessions']} sessions", f"{rss} MB", "≤ 350 MB", rss <= 350)
    big = [s for s in results["scale"] if s["vertices"] == 100_000]
    if big:
        med = big[0]["inmap_toggle"]["median"]
        add("100k-vertex layer toggle median", f"{med} ms", "≤ 200 ms", med <= 200)
    blocked = sum(results["apps"][a]["blocked_requests"] for a in results["apps"])
    add("non-local requests attempted", blocked, "0", blocked == 0)
    return g


def print_table(results: dict[str, Any]) -> None:
    apps = results["apps"]
    cols = ("ours", "naive", "floor")
    n = apps["ours"]["memory"]["sessions"]

    def row(label: str, values: list[str]) -> None:
        print(f"{label:<38}" + "".join(f"{v:>18}" for v in values))

    print(f"\nBrowser benchmark {results['timestamp']}  (ms: median / p90; {results['toggles']} toggles)")
    row("figure", list(cols))
    row("cold start ms", [fmt(apps[a]["cold_start"]) for a in cols])
    row("in-map toggle ms (layer control)", [fmt(apps[a].get("inmap_toggle")) for a in cols])
    row("sidebar → map changed ms", [fmt(apps[a]["sidebar_change"]) for a in cols])
    row("date change → map changed ms", [fmt(apps[a].get("date_change")) for a in cols])
    row(
        "  quick date → page followed ms",
        [fmt((apps[a].get("date_change") or {}).get("page_followed")) for a in cols],
    )
    row("date typed → map changed ms", [fmt(apps[a].get("date_field_change")) for a in cols])
    row("  control", [apps[a]["sidebar_change"]["control"][:17] for a in cols])
    row(
        "  of which input → websocket send",
        [fmt(apps[a]["sidebar_change"]["input_to_ws_send"]) for a in cols],
    )
    row(
        "  of which websocket send → drawn",
        [fmt(apps[a]["sidebar_change"]["ws_send_to_drawn"]) for a in cols],
    )
    row("cold: map iframe created at ms", [fmt(apps[a]["cold_start"]["map_iframe_created"]) for a in cols])
    row(
        "remounts in-map / sidebar",
        [
            f"{apps[a].get('inmap_toggle', {}).get('remounts', '-')} / "
            f"{apps[a]['sidebar_change']['remounts']}"
            for a in cols
        ],
    )
    row(
        "view kept % in-map / sidebar",
        [
            f"{apps[a].get('inmap_toggle', {}).get('view_kept_pct', '-')} / "
            f"{apps[a]['sidebar_change']['view_kept_pct']}"
            for a in cols
        ],
    )
    row("map script KB", [str(apps[a]["payload"]["map_script_kb"]) for a in cols])
    row("websocket KB at load", [str(apps[a]["payload"]["ws_kb_at_load"]) for a in cols])
    row("websocket KB per sidebar change", [str(apps[a]["sidebar_change"]["ws_kb_per_change"]) for a in cols])
    row(
        "iframe assets KB (static/bundle)",
        [
            f"{apps[a]['payload']['static_assets_kb']:.0f}/{apps[a]['payload']['component_bundle_kb']:.0f}"
            for a in cols
        ],
    )
    row(
        f"server RSS MB 1 / {n} sessions",
        [f"{apps[a]['memory']['rss_1_mb']} / {apps[a]['memory'][f'rss_{n}_mb']}" for a in cols],
    )
    row("non-local requests blocked", [str(apps[a]["blocked_requests"]) for a in cols])
    if results["scale"]:
        print("\nScale (one extra line in 'Context pipelines' / the gas_swap file; ours, then naive):")
        print(
            f"{'vertices':>10}{'cold ms':>10}{'toggle ms med/p90':>20}{'script KB':>12}"
            f"{'ws KB':>10}{'RSS MB':>8}{'naive cold':>12}{'naive toggle':>16}{'naive KB':>10}"
        )
        for s in results["scale"]:
            naive = s.get("naive") or {}
            print(
                f"{s['vertices']:>10,}{s['cold_start_ms']:>10}{fmt(s['inmap_toggle']):>20}"
                f"{s['payload']['map_script_kb']:>12}{s['payload']['ws_kb_at_load']:>10}{s['rss_mb']:>8}"
                f"{naive.get('cold_start_ms', '-'):>12}{fmt(naive.get('sidebar_change')):>16}"
                f"{(naive.get('payload') or {}).get('map_script_kb', '-'):>10}"
            )
    snap = results.get("snapshot")
    if snap and snap.get("results"):
        r = snap["results"]
        st = r.get("static_in_process", {})
        print(
            "\nSnapshot (bench/snapshot.py): "
            + ", ".join(f"{k} {v['median_s']:.2f} s" for k, v in st.items())
            + (
                f", speed-up vs screenshot {r['speedup_png_vs_screenshot']:.1f}×"
                if r.get("speedup_png_vs_screenshot")
                else ""
            )
            + f"; goals met: {r.get('goals_met')}"
        )
    site = results.get("site")
    if site and site.get("results"):
        print("\nStatic site (bench/site.py): " + "; ".join(site["stdout"][-4:-1]))
    print("\nGoals:")
    for name, g in results["goals"].items():
        print(f"  {'PASS' if g['pass'] else 'FAIL'}  {name:<36}{g['value']!s:>14}  (goal {g['target']})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--toggles", type=int, default=20, help="toggles/changes per control (default 20)")
    parser.add_argument("--cold", type=int, default=9, help="cold starts per app (default 9)")
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions for RSS (default 20)")
    parser.add_argument("--scale", default="1000,10000,100000", help="vertex counts for the scale test")
    parser.add_argument("--quick", action="store_true", help="smoke run: few toggles, no 100k, no snapshot")
    parser.add_argument("--no-snapshot", action="store_true", help="skip bench/snapshot.py")
    parser.add_argument("--no-load", action="store_true", help="skip bench/load.py")
    parser.add_argument("--no-site", action="store_true", help="skip bench/site.py (the static site)")
    parser.add_argument(
        "--load-sessions", type=int, default=20, help="sessions in the load test (default 20)"
    )
    parser.add_argument(
        "--load-seconds", type=float, default=120, help="length of each load run (default 120)"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.toggles, args.cold, args.sessions, args.scale, args.no_snapshot = 4, 2, 3, "1000", True
        args.load_sessions, args.load_seconds = 4, 20
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: apt-get install chromium", file=sys.stderr)
        return 2
    link = APPS_DIR / "static"
    if not link.exists():
        link.symlink_to(Path("..") / ".." / "static", target_is_directory=True)
    started = time.perf_counter()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    results: dict[str, Any] = {"timestamp": stamp, "toggles": args.toggles, "quick": args.quick, "apps": {}}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for app in APPS:
                print(f"measuring {app} …", flush=True)
                results["apps"][app] = measure_app(browser, app, args)
            results["scale"] = []
            for vertices in (int(v) for v in args.scale.split(",") if v):
                print(f"measuring scale {vertices:,} vertices …", flush=True)
                results["scale"].append(measure_scale(browser, vertices, args.toggles))
        finally:
            browser.close()
    if not args.no_snapshot:
        print("running bench/snapshot.py …", flush=True)
        results["snapshot"] = run_snapshot()
    if not args.no_site:
        print("running bench/site.py …", flush=True)
        results["site"] = run_site(2 if args.quick else 5)
    if not args.no_load:
        results["load"] = load.measure(args.load_sessions, args.load_seconds)
    results["goals"] = judge(results)
    results["wall_s"] = round(time.perf_counter() - started)
    print_table(results)
    if "load" in results:
        load.report(results["load"])
        load.write(results["load"])
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=1, ensure_ascii=False) + "\n"
    (RESULTS / "latest.json").write_text(text, encoding="utf-8")
    (RESULTS / f"{stamp}.json").write_text(text, encoding="utf-8")
    print(f"\nwrote bench/results/latest.json and bench/results/{stamp}.json ({results['wall_s']} s)")
    site_goals = results.get("site", {}).get("results", {}).get("goals", {}).values()
    goals = [
        *results["goals"].values(),
        *results.get("load", {}).get("goals", {}).values(),
        *(g for g in site_goals if not g.get("informational")),
    ]
    return 0 if all(g["pass"] for g in goals) else 1


if __name__ == "__main__":
    sys.exit(main())
