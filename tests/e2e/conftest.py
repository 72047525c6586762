"""The real app as the browser-test fixture: `streamlit run` on localhost, driven by Playwright
in Debian's Chromium with every non-local request blocked."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Frame, Page, sync_playwright

from harness import CHROMIUM, CHROMIUM_ARGS, LOG_DIR, StreamlitServer, block_non_local

ARTIFACTS = LOG_DIR
# Console noise from Chromium and Streamlit that says nothing about our map.
IGNORED_CONSOLE = (
    "Unrecognized feature",
    "allow-scripts and allow-same-origin",
    "Deprecated include of L.Mixin",
)


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    with StreamlitServer("app.py") as server:
        yield server.url


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

    block_non_local(context, s.blocked)
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
