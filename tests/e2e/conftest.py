"""The real app as the browser-test fixture: `streamlit run` on localhost, driven by Playwright
in Debian's Chromium with every non-local request blocked."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Frame, sync_playwright

from harness import LOG_DIR, BrowserSession, StreamlitServer, launch_chromium, open_browser_session

ARTIFACTS = LOG_DIR
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
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
    with sync_playwright() as p:
        b = launch_chromium(p)
        yield b
        b.close()


UPLOAD_PANEL = "Add your own data to the map"  # the expander's title (app.py)


@dataclass
class Session(BrowserSession):
    """A page on the app (harness.BrowserSession) plus a wait for the drawn map."""

    def map_frame(self, timeout_ms: int = 30_000) -> Frame:
        """The st_folium iframe, once the map, its layers and the offline basemap are drawn."""
        deadline = time.monotonic() + timeout_ms / 1000
        while time.monotonic() < deadline:
            for frame in self.map_frames():
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

    def upload(self, name: str, data: bytes, mime: str = "application/octet-stream") -> None:
        """Choose a file in the uploader as a reader does: the "Add your own data" panel opened
        first. (A file set on the input of the closed panel made the app open it on the rerun,
        and Streamlit did so only now and then: the result stayed hidden.)"""
        self.wait_idle()
        panel = self.page.locator("details").filter(has_text=UPLOAD_PANEL)
        if not panel.evaluate("d => d.open"):
            panel.locator("summary").click()
        panel.locator("input[type=file]").set_input_files(
            files=[{"name": name, "mimeType": mime, "buffer": data}]
        )


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell that a test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _open(
    request: pytest.FixtureRequest,
    browser: Browser,
    url: str,
    viewport: dict[str, int],
    context_options: dict | None = None,
) -> Iterator[Session]:
    s = open_browser_session(
        browser, url, viewport=viewport, session_class=Session, context_options=context_options
    )
    yield s
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:  # keep what the browser showed, for CI logs
        ARTIFACTS.mkdir(exist_ok=True)
        s.page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    s.close()


@pytest.fixture
def session(request: pytest.FixtureRequest, browser: Browser, app_url: str) -> Iterator[Session]:
    yield from _open(request, browser, app_url, DESKTOP)


@pytest.fixture
def phone(request: pytest.FixtureRequest, browser: Browser, app_url: str) -> Iterator[Session]:
    yield from _open(request, browser, app_url, PHONE)


@pytest.fixture
def touch_phone(request: pytest.FixtureRequest, browser: Browser, app_url: str) -> Iterator[Session]:
    """The phone with a touch screen and a mobile browser (taps, no hover)."""
    yield from _open(request, browser, app_url, PHONE, {"has_touch": True, "is_mobile": True})


def record_timing(name: str, values: list[float] | float) -> None:
    """Append measured times (ms) to test-artifacts/e2e_timings.json for the notes."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "e2e_timings.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    data[name] = values
    path.write_text(json.dumps(data, indent=1))


def real_errors(errors: list[str]) -> list[str]:
    return [e for e in errors if not any(i in e for i in IGNORED_CONSOLE)]
