"""The app under `streamlit run` and the Chromium that drives it: shared by tests/e2e and bench/."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
LOG_DIR = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"  # Debian's package; Playwright's own browser download fails here
# Without the background-networking flags Chromium keeps dialling Google hosts that the
# closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Request URL prefixes allowed through; everything else is blocked and recorded.
LOCAL = (
    "http://localhost",
    "http://127.0.0.1",
    "ws://localhost",
    "ws://127.0.0.1",
    "data:",
    "blob:",
    "about:",
)


def block_non_local(context: Any, blocked: list[str]) -> None:
    """Let only local requests through a Playwright browser context; record the others."""

    def route(r: Any) -> None:
        if r.request.url.startswith(LOCAL):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)


PORTS_ENV = "HARNESS_PORTS"  # e.g. "8700-8799": servers only on these ports (shared machines)


def free_port() -> int:
    """An unused TCP port (another Streamlit may already hold 8501 on a developer machine),
    from ``$HARNESS_PORTS`` when set."""
    low, _, high = os.environ.get(PORTS_ENV, "").partition("-")
    candidates = range(int(low), int(high or low) + 1) if low else [0]
    for port in candidates:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError(f"no free port in {PORTS_ENV}={os.environ[PORTS_ENV]}")


class StreamlitServer:
    """`streamlit run <script>` on a free localhost port, cwd = project root (so `.streamlit/`
    config and `static/` apply), logging to a file (a never-read pipe would block it)."""

    def __init__(
        self, script: str = "app.py", env: dict[str, str] | None = None, timeout: float = 60
    ) -> None:
        self.script = script
        self.env = env or {}
        self.timeout = timeout
        self.proc: subprocess.Popen | None = None
        self.url = ""
        self.log_path = LOG_DIR / "streamlit.log"

    def __enter__(self) -> StreamlitServer:
        port = free_port()
        LOG_DIR.mkdir(exist_ok=True)
        self.log_path = LOG_DIR / f"streamlit-{port}.log"
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    self.script,
                    "--server.port",
                    str(port),
                    "--server.address",
                    "127.0.0.1",
                    "--server.headless",
                    "true",
                ],
                cwd=ROOT,
                env={**os.environ, **self.env},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(
            f"{self.script} did not start: {self.log_path.read_text(errors='replace')[-2000:]}"
        )

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def rss_mb(self) -> float:
        """Resident memory of the server process and all its children, MB (10^6 bytes)."""
        assert self.proc is not None
        parent = psutil.Process(self.proc.pid)
        procs = [parent, *parent.children(recursive=True)]
        return sum(p.memory_info().rss for p in procs if p.is_running()) / 1e6


def launch_chromium(playwright: Any) -> Any:
    """Debian's Chromium under Playwright, headless, with the flags this closed network needs."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: `apt-get install chromium` (make test does it as root)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@dataclass
class BrowserSession:
    """A fresh browser context and page on the app, with what it logged and tried to fetch."""

    context: Any
    page: Any
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def wait_idle(self, timeout_ms: int = 60_000) -> None:
        """Wait until Streamlit has finished its current script run."""
        self.page.wait_for_function(
            "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=timeout_ms
        )

    def map_frames(self) -> list[Any]:
        """The st_folium iframes on the page (one, unless the map was remounted)."""
        return [f for f in self.page.frames if "st_folium" in f.url and not f.is_detached()]

    def close(self) -> None:
        self.context.close()


def open_browser_session(
    browser: Any,
    url: str,
    *,
    viewport: dict[str, int] | None = None,
    init_script: str | None = None,
    session_class: type[BrowserSession] = BrowserSession,
    before_load: Callable[[Any], None] | None = None,
    context_options: dict[str, Any] | None = None,
) -> Any:
    """A new context (empty cache) on ``url``: non-local requests blocked and recorded, console
    errors and dialogs collected (dialogs dismissed). ``context_options`` go to Playwright's
    ``new_context`` (a touch phone: ``{"has_touch": True, "is_mobile": True}``)."""
    context = browser.new_context(
        viewport=viewport or {"width": 1440, "height": 900}, **(context_options or {})
    )
    if init_script:
        context.add_init_script(init_script)
    page = context.new_page()
    session = session_class(context, page)
    block_non_local(context, session.blocked)
    page.on("console", lambda m: session.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: session.console_errors.append(f"pageerror: {e}"))

    def on_dialog(d: Any) -> None:
        session.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    if before_load is not None:  # more listeners, attached before the first request
        before_load(session)
    page.goto(url)
    return session
