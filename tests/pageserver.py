"""A real HTTP server on a 127.x loopback address for fetch tests and the bench.

Routes map a path to a behaviour: a static page, a redirect, a scripted sequence
(500 then 200), or a raw handler that can drip, hang or truncate.  The server
records every request (path, headers) and the peak number of requests in flight,
so tests can assert retries, robots.txt caching, conditional headers and
politeness without mocks.
"""

from __future__ import annotations

import gzip
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "pages"

Handler = Callable[["Request"], None]


@dataclass
class Request:
    """What a route handler gets: the request plus helpers to answer it."""

    path: str
    headers: dict[str, str]
    handler: BaseHTTPRequestHandler
    server: PageServer

    def send(self, status: int = 200, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.handler.send_response(status)
        headers = dict(headers or {})
        headers.setdefault("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.handler.send_header(key, value)
        self.handler.end_headers()
        if body:
            self.handler.wfile.write(body)

    def send_head(self, status: int, headers: dict[str, str]) -> None:
        self.handler.send_response(status)
        for key, value in headers.items():
            self.handler.send_header(key, value)
        self.handler.end_headers()
        self.handler.wfile.flush()

    def write(self, data: bytes) -> None:
        self.handler.wfile.write(data)
        self.handler.wfile.flush()

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; returns early (True) when the server stops."""
        return self.server.stopping.wait(seconds)


# ------------------------------------------------------------------ behaviours

def page(body: bytes | str, content_type: str = "text/html", status: int = 200,
         headers: dict[str, str] | None = None) -> Handler:
    data = body.encode("utf-8") if isinstance(body, str) else body

    def handle(req: Request) -> None:
        req.send(status, data, {"Content-Type": content_type, **(headers or {})})
    return handle


def gzipped(body: bytes, content_type: str = "text/html; charset=utf-8") -> Handler:
    data = gzip.compress(body)

    def handle(req: Request) -> None:
        req.send(200, data, {"Content-Type": content_type, "Content-Encoding": "gzip"})
    return handle


def redirect(location: str, status: int = 302) -> Handler:
    def handle(req: Request) -> None:
        req.send(status, b"", {"Location": location})
    return handle


def status(code: int, headers: dict[str, str] | None = None) -> Handler:
    def handle(req: Request) -> None:
        req.send(code, f"status {code}".encode(), {"Content-Type": "text/plain", **(headers or {})})
    return handle


def sequence(*handlers: Handler) -> Handler:
    """Answer the n-th request with the n-th handler (the last one repeats)."""
    lock = threading.Lock()
    calls = [0]

    def handle(req: Request) -> None:
        with lock:
            index = min(calls[0], len(handlers) - 1)
            calls[0] += 1
        handlers[index](req)
    return handle


def slow_drip(interval: float = 0.2, chunks: int = 100) -> Handler:
    """Headers at once, then one byte every ``interval`` s: each read is quick, the whole is not."""
    def handle(req: Request) -> None:
        req.send_head(200, {"Content-Type": "text/html", "Content-Length": str(chunks)})
        for _ in range(chunks):
            if req.wait(interval):
                return
            req.write(b"x")
    return handle


def hang(before_headers: bool = True, seconds: float = 10.0) -> Handler:
    def handle(req: Request) -> None:
        if not before_headers:
            req.send_head(200, {"Content-Type": "text/html", "Content-Length": "1000"})
        req.wait(seconds)
    return handle


def truncated(body: bytes = b"<p>only part of the page</p>", claimed: int = 5000) -> Handler:
    def handle(req: Request) -> None:
        req.send_head(200, {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(claimed)})
        req.write(body)
        req.handler.close_connection = True
    return handle


def conditional(body: bytes, etag: str, last_modified: str,
                content_type: str = "text/html; charset=utf-8") -> Handler:
    """200 with validators, 304 when the client sends a matching one."""
    def handle(req: Request) -> None:
        if req.headers.get("if-none-match") == etag or req.headers.get("if-modified-since") == last_modified:
            req.send(304, b"", {"ETag": etag})
            return
        req.send(200, body, {"Content-Type": content_type, "ETag": etag, "Last-Modified": last_modified})
    return handle


def slow_page(body: bytes | str, seconds: float, content_type: str = "text/html; charset=utf-8") -> Handler:
    inner = page(body, content_type)

    def handle(req: Request) -> None:
        req.wait(seconds)
        inner(req)
    return handle


# ------------------------------------------------------------------ server

class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 128


@dataclass
class PageServer:
    """ThreadingHTTPServer on ``host`` (a 127.x address), port 0, in a daemon thread."""

    routes: dict[str, Handler] = field(default_factory=dict)
    host: str = "127.0.0.1"
    port: int = 0
    hits: Counter[str] = field(default_factory=Counter)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    in_flight: int = 0
    peak_in_flight: int = 0

    def __post_init__(self) -> None:
        if not self.host.startswith("127."):
            raise ValueError("PageServer binds loopback (127.x) addresses only")
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def route(self, path: str, handler: Handler) -> str:
        """Add a route and return its absolute URL."""
        self.routes[path] = handler
        return self.url(path)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # silence stderr
                pass

            def do_GET(self) -> None:  # noqa: N802 (stdlib name)
                headers = {k.lower(): v for k, v in self.headers.items()}
                with server._lock:
                    server.hits[self.path] += 1
                    server.requests.append((self.path, headers))
                    server.in_flight += 1
                    server.peak_in_flight = max(server.peak_in_flight, server.in_flight)
                try:
                    route = server.routes.get(self.path) or server.routes.get(self.path.split("?", 1)[0])
                    request = Request(self.path, headers, self, server)
                    if route is None:
                        request.send(404, b"not found", {"Content-Type": "text/plain"})
                    else:
                        route(request)
                except (TimeoutError, BrokenPipeError, ConnectionResetError):
                    self.close_connection = True
                finally:
                    with server._lock:
                        server.in_flight -= 1

        return _Handler

    def start(self) -> PageServer:
        self._httpd = _Server((self.host, self.port), self._handler_class())
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True, name=f"pageserver-{self.host}:{self.port}")
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> PageServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def count(self, path: str) -> int:
        with self._lock:
            return self.hits[path]

    def headers_for(self, path: str) -> list[dict[str, str]]:
        with self._lock:
            return [h for p, h in self.requests if p == path]


def fixture_page(name: str, encoding: str = "utf-8", declare: str = "none",
                 declared_as: str | None = None) -> tuple[bytes, str]:
    """Encode a fixture page and return (body, Content-Type header).

    ``declare`` says where the charset is declared: 'meta' (<meta charset>),
    'http-equiv', 'header' (Content-Type parameter only), 'bom', or 'none'.
    ``declared_as`` lets a test declare a *wrong* charset.
    """
    text = (FIXTURES / name).read_text(encoding="utf-8")
    label = declared_as or encoding
    tag = ""
    if declare == "meta":
        tag = f'<meta charset="{label}">'
    elif declare == "http-equiv":
        tag = f'<meta http-equiv="Content-Type" content="text/html; charset={label}">'
    body = text.replace("<!--CHARSET-->", tag).encode(encoding)
    if declare == "bom":
        body = "\ufeff".encode(encoding) + body
    content_type = f"text/html; charset={label}" if declare == "header" else "text/html"
    return body, content_type
