"""A local stand-in for Eurostat's dissemination API: a threaded HTTP server on 127.0.0.1.

It answers ``GET /eurostat/api/dissemination/sdmx/2.1/data/<CODE>?format=TSV&compressed=true``
(the API's own path) with the file registered for ``CODE``, and can misbehave the ways
the real service can: no such dataset (404), a truncated gzip, a stall longer than the
client's time-out, an HTML error page served with status 200.
"""

from __future__ import annotations

import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

API_PATH = "/eurostat/api/dissemination/sdmx/2.1"
HTML_PAGE = (
    b"<!DOCTYPE html><html><head><title>Eurostat - Service unavailable</title></head>"
    b"<body><h1>The service is temporarily unavailable</h1></body></html>"
)


class FakeEurostat:
    """Serves registered files; ``modes`` make one dataset misbehave."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.modes: dict[str, str] = {}
        self.requests: Counter[str] = Counter()
        self.queries: list[dict] = []
        self.release = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet test output
                return

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                url = urlparse(self.path)
                prefix = API_PATH + "/data/"
                if not url.path.startswith(prefix):
                    self.send_error(404)
                    return
                code = url.path[len(prefix) :].strip("/").lower()
                fake.requests[code] += 1
                fake.queries.append(parse_qs(url.query))
                mode = fake.modes.get(code, "ok")
                body = fake.files.get(code)
                if body is None:
                    self.send_error(404, "Not Found")
                    return
                if mode == "html":
                    self._send(HTML_PAGE, "text/html; charset=utf-8")
                elif mode == "truncated":
                    self._send(body[: len(body) // 2], "application/octet-stream")
                elif mode == "stall":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/octet-stream")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body[:64])
                    self.wfile.flush()
                    fake.release.wait(10)
                else:
                    self._send(body, "application/octet-stream")

            def _send(self, body: bytes, kind: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}{API_PATH}"

    def add(self, code: str, path: Path) -> None:
        self.files[code.lower()] = Path(path).read_bytes()

    def __enter__(self) -> FakeEurostat:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)
