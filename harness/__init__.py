"""The app under `streamlit run` and the Chromium that drives it: shared by tests/e2e and bench/."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
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


def free_port() -> int:
    """An unused TCP port (another Streamlit may already hold 8501 on a developer machine)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
