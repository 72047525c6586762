"""Browser side of the benchmark: `streamlit run` servers and Playwright sessions on them.

Every st_folium iframe gets a small probe (a Playwright init script) that checks the app's map
state on every animation frame and logs each change with ``performance.timeOrigin +
performance.now()``: a clock shared by the page and its iframes, so a click timed in one
document and a redraw seen in another (a remounted iframe) can be subtracted. A logged change
is therefore stamped at the first requestAnimationFrame after the state flipped.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Browser, Frame, Request, WebSocket

from harness import BrowserSession, open_browser_session

VIEWPORT = {"width": 1440, "height": 900}
NON_DEFAULT_VIEW = ([38.9, 46.2], 7)  # Meghri area, zoom 7: not where any of the apps opens
VIEW_JS = "() => [map.getCenter().lat, map.getCenter().lng, map.getZoom()]"
NOW_JS = "() => performance.timeOrigin + performance.now()"

# Probes: JS functions of no argument returning a JSON string of the map state, or null while
# the map is not there yet. They run on every animation frame, so they must stay cheap.
PROBE_OURS = """() => {
  if (!window.map || !window.Corridors || map.getContainer().getAttribute('data-basemap') !== 'ready')
    return null;
  const c = Corridors.containers;
  let zone = '';
  const z = c.buffer_zone_area;
  if (z) z.eachLayer(g => { if (g.getBounds) zone = g.getBounds().toBBoxString(); });
  const date = map.getContainer().getAttribute('data-date');
  return JSON.stringify({on: Object.keys(c).filter(k => map.hasLayer(c[k])).sort(), zone: zone, date: date});
}"""
PROBE_NAIVE = """() => {
  if (!window.map) return null;
  const family = %s;  // feature id -> family file
  const on = {tripp: false, buffer_zone: false, gas_swap: false, hormuz: false};
  for (const k in map._layers) {
    const f = map._layers[k].feature;
    if (f && f.properties && family[f.properties.id]) on[family[f.properties.id]] = true;
  }
  return JSON.stringify({on: on});
}"""


def naive_probe(families: tuple[str, ...]) -> str:
    """PROBE_NAIVE with the feature ids of each family file: plain folium.GeoJson layers carry
    no family name, and points (the buffer-zone crossings) draw no SVG path to tag."""
    from layers.loading import geodata_dir

    family = {}
    for name in families:
        collection = json.loads((geodata_dir() / f"{name}.geojson").read_text(encoding="utf-8"))
        family.update({f["properties"]["id"]: name for f in collection["features"] if f.get("geometry")})
    return PROBE_NAIVE % json.dumps(family)


PROBE_FLOOR = """() => {
  if (!window.map) return null;
  return JSON.stringify({markers: document.getElementsByClassName('leaflet-marker-icon').length});
}"""

INIT_SCRIPT = """(() => {
  // An iframe's initial about:blank window is reused by its first same-origin navigation, so
  // this may run before the st_folium URL is known, and the new document drops the pending
  // animation frame: a timer (which survives) re-arms the per-frame loop when it stalls.
  if (window === window.top && !window.__benchSends) {
    // The page's websocket sends (widget changes going to the server), on the same clock.
    window.__benchSends = [];
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (data) {
      window.__benchSends.push(performance.timeOrigin + performance.now());
      return send.call(this, data);
    };
  }
  const probe = %s;
  let last = null, lastTick = 0, loop = 0;
  const tick = (mine) => {
    if (mine !== loop) return;  // a newer loop took over
    lastTick = performance.now();
    if (location.href.includes('st_folium')) {
      let s = null;
      try { s = probe(); } catch (e) { s = null; }
      if (s !== null && s !== last) {
        last = s;
        (window.__benchLog = window.__benchLog || []).push([s, performance.timeOrigin + performance.now()]);
      }
    }
    requestAnimationFrame(() => tick(mine));
  };
  const arm = () => { const mine = ++loop; requestAnimationFrame(() => tick(mine)); };
  arm();
  setInterval(() => { if (performance.now() - lastTick > 100) arm(); }, 40);
})();"""

# Size of what the map runs: inline scripts of the iframe plus the feature group and layer
# control strings st_folium evals (they never become <script> elements), in UTF-8 bytes.
MAP_SCRIPT_BYTES_JS = """() => {
  const enc = new TextEncoder();
  let n = 0;
  for (const s of document.scripts) if (!s.src) n += enc.encode(s.textContent).length;
  const g = window.__GLOBAL_DATA__ || {};
  n += enc.encode(g.last_feature_group || '').length + enc.encode(g.last_layer_control || '').length;
  return n;
}"""


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile: no interpolation between two toggles that really happened."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary(values: list[float]) -> dict[str, Any]:
    """Median, p90 and the raw values (ms, rounded) of one measured series."""
    if not values:
        return {"n": 0, "median": None, "p90": None, "values": []}
    return {
        "n": len(values),
        "median": round(statistics.median(values), 1),
        "p90": round(percentile(values, 90), 1),
        "values": [round(v, 1) for v in values],
    }


@dataclass
class Session(BrowserSession):
    """harness.BrowserSession plus what the page fetched and received (bytes) and the probe log."""

    requests: list[tuple[str, Request]] = field(default_factory=list)  # (frame url, request)
    ws_bytes: list[int] = field(default_factory=lambda: [0])  # received over Streamlit's websocket

    def first_send_after(self, t0: float) -> float | None:
        """When the page next sent a websocket message (the widget value) after ``t0``."""
        return self.page.evaluate("t0 => (window.__benchSends || []).find(t => t >= t0) ?? null", t0)

    def now(self) -> float:
        """The page's clock (epoch ms, sub-ms), the same clock the probes stamp with."""
        return self.page.evaluate(NOW_JS)

    def wait_state(
        self,
        accept: Callable[[dict[str, Any]], bool],
        since: float,
        *,
        fresh_frame: bool = False,
        timeout_ms: int = 60_000,
    ) -> tuple[Frame, float, dict[str, Any]]:
        """First probe log entry at or after ``since`` whose state ``accept``s, in any map
        iframe (only in iframes without our mount mark if ``fresh_frame``): (frame, time, state).
        Polling here only decides when we look; the time is the one the probe logged."""
        deadline = time.monotonic() + timeout_ms / 1000
        while time.monotonic() < deadline:
            for frame in self.map_frames():
                try:
                    log, marked = frame.evaluate("() => [window.__benchLog || [], window.__mountMark]")
                except Exception:  # frame navigating or detached
                    continue
                if fresh_frame and marked is not None:
                    continue
                for state, t in log:
                    if t >= since and accept(parsed := json.loads(state)):
                        return frame, t, parsed
            self.page.wait_for_timeout(20)
        raise TimeoutError("the map did not reach the expected state")

    def mark(self, frame: Frame) -> float:
        """Mark the iframe's window and its map: a remount loses one of the two marks."""
        return frame.evaluate("() => (window.__mountMark = window.map.__mountMark = Math.random())")

    @staticmethod
    def mounted_with(frame: Frame, mark: float) -> bool:
        try:
            return frame.evaluate("m => window.__mountMark === m && window.map.__mountMark === m", mark)
        except Exception:
            return False

    @staticmethod
    def set_view(frame: Frame) -> list[float]:
        center, zoom = NON_DEFAULT_VIEW
        frame.evaluate(f"() => map.setView({json.dumps(center)}, {zoom}, {{animate: false}})")
        return frame.evaluate(VIEW_JS)

    @staticmethod
    def view(frame: Frame) -> list[float]:
        return frame.evaluate(VIEW_JS)

    def asset_bytes(self) -> dict[str, int]:
        """Bytes the map iframe fetched: local static assets vs the st_folium component bundle."""
        out = {"static_assets": 0, "component_bundle": 0, "requests": 0}
        for frame_url, request in self.requests:
            if "st_folium" not in frame_url and "/component/" not in request.url:
                continue
            try:
                size = request.sizes()["responseBodySize"]
            except Exception:
                continue
            out["requests"] += 1
            out["static_assets" if "/app/static/" in request.url else "component_bundle"] += max(size, 0)
        return out


def open_session(browser: Browser, url: str, probe: str | None) -> Session:
    """A fresh context (empty cache) on the app, non-local requests blocked, probe installed."""

    def listen(session: Session) -> None:
        def on_request(request: Request) -> None:
            try:
                frame_url = request.frame.url
            except Exception:
                frame_url = ""
            session.requests.append((frame_url, request))

        def on_ws(ws: WebSocket) -> None:
            def received(payload: str | bytes) -> None:
                session.ws_bytes[0] += len(payload)

            ws.on("framereceived", received)

        session.page.on("request", on_request)
        session.page.on("websocket", on_ws)

    return open_browser_session(
        browser,
        url,
        viewport=VIEWPORT,
        init_script=INIT_SCRIPT % probe if probe else None,
        session_class=Session,
        before_load=listen,
    )


@contextmanager
def session_on(browser: Browser, url: str, probe: str | None) -> Iterator[Session]:
    session = open_session(browser, url, probe)
    try:
        yield session
    finally:
        session.close()


def cold_start(session: Session, ready: Callable[[dict[str, Any]], bool]) -> tuple[Frame, float, float]:
    """Navigation start of the page → first frame on which the probe saw every default layer;
    also when (after navigation start) the map iframe's window was created."""
    nav = session.page.evaluate("() => performance.timeOrigin")
    frame, t, _ = session.wait_state(ready, nav, timeout_ms=120_000)
    return frame, t - nav, frame.evaluate("() => performance.timeOrigin") - nav
