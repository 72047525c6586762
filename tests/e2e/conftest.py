"""The real app as the browser-test fixture: `streamlit run` on localhost, driven by Playwright
in Debian's Chromium with every non-local request blocked."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Frame, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL = (
    "http://localhost",
    "http://127.0.0.1",
    "ws://localhost",
    "ws://127.0.0.1",
    "data:",
    "blob:",
    "about:",
)
ARTIFACTS = ROOT / "test-artifacts"
# Console noise from Chromium and Streamlit that says nothing about our map.
IGNORED_CONSOLE = (
    "Unrecognized feature",
    "allow-scripts and allow-same-origin",
    "Deprecated include of L.Mixin",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def start_streamlit(
    script: str = "app.py", env: dict[str, str] | None = None
) -> tuple[subprocess.Popen, str]:
    """Start `streamlit run` on a free port; returns the process and its base URL."""
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = (ARTIFACTS / f"streamlit-{port}.log").open("wb")  # a file, not a pipe: a full pipe blocks
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{url}/_stcore/health")
    except RuntimeError:
        proc.kill()
        tail = (ARTIFACTS / f"streamlit-{port}.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(tail) from None
    return proc, url


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    proc, url = start_streamlit()
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install chromium` (make test does it as root)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class Session:
    """A page on the app plus what it logged and what it tried to fetch from outside."""

    page: Page
    console_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def wait_idle(self, timeout_ms: int = 20_000) -> None:
        """Wait until Streamlit has finished its current script run."""
        self.page.wait_for_function(
            "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=timeout_ms
        )

    def map_frame(self, timeout_ms: int = 30_000) -> Frame:
        """The st_folium iframe, once the map, its layers and the offline basemap are drawn."""
        deadline = time.monotonic() + timeout_ms / 1000
        while time.monotonic() < deadline:
            for frame in self.page.frames:
                if "st_folium" not in frame.url:
                    continue
                try:
                    ready = frame.evaluate(
                        "() => !!(window.map && window.Corridors && "
                        "map.getContainer().getAttribute('data-basemap') === 'ready')"
                    )
                except Exception:  # frame navigating
                    ready = False
                if ready:
                    return frame
            self.page.wait_for_timeout(50)
        raise AssertionError("the map did not draw")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell that a test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def session(request: pytest.FixtureRequest, browser: Browser, app_url: str) -> Iterator[Session]:
    context = browser.new_context(viewport={"width": 1400, "height": 950})
    page = context.new_page()
    s = Session(page)

    def route(r) -> None:
        if r.request.url.startswith(LOCAL):
            r.continue_()
        else:
            s.blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page.on("console", lambda m: s.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: s.console_errors.append(f"pageerror: {e}"))

    def on_dialog(d) -> None:
        s.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    page.goto(app_url)
    yield s
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:  # keep what the browser showed, for CI logs
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def record_timing(name: str, values: list[float] | float) -> None:
    """Append measured times (ms) to test-artifacts/e2e_timings.json for the notes."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "e2e_timings.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    data[name] = values
    path.write_text(json.dumps(data, indent=1))


def real_errors(errors: list[str]) -> list[str]:
    return [e for e in errors if not any(i in e for i in IGNORED_CONSOLE)]
