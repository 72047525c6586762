"""A static file server on localhost for the static site (tests/e2e and bench/): Python's own
``http.server``, in a thread, on a port from ``$HARNESS_PORTS``; optionally gzip-compressing
text responses the way a CDN or a web server's gzip module does."""

from __future__ import annotations

import gzip
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from harness import free_port

COMPRESSED_TYPES = ("text/", "application/json", "application/geo+json", "application/javascript")


class _Quiet(SimpleHTTPRequestHandler):
    """http.server's handler without a log line per request, keeping connections open
    (HTTP/1.1) as any static host does."""

    protocol_version = "HTTP/1.1"

    extensions_map = {  # noqa: RUF012 (http.server's own convention)
        **SimpleHTTPRequestHandler.extensions_map,
        ".geojson": "application/geo+json",
        ".js": "application/javascript",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Gzip(_Quiet):
    """Text files gzip-compressed when the browser accepts it (compressed once, cached)."""

    cache: dict[tuple[Path, int, int], bytes] = {}  # noqa: RUF012 (shared by the handler threads)

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        ctype = self.guess_type(str(path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and ctype.startswith(COMPRESSED_TYPES)):
            return super().send_head()
        stat = path.stat()
        key = (path, stat.st_mtime_ns, stat.st_size)
        body = self.cache.get(key)
        if body is None:
            body = self.cache[key] = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    """A bytes body that ``SimpleHTTPRequestHandler.do_GET`` copies and closes like a file."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


class StaticServer:
    """Serve ``root`` on ``http://127.0.0.1:<port>`` for the duration of a ``with`` block."""

    def __init__(self, root: Path, *, gzip: bool = False) -> None:
        self.root = root
        self.gzip = gzip
        self.url = ""
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> StaticServer:
        handler = partial(_Gzip if self.gzip else _Quiet, directory=str(self.root))
        self._server = ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
