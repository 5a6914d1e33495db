"""What the three fake channel servers share: a WSGI app on a thread, faults.

A fake is a small WSGI application that checks credentials the way the real API
does, pages the way it does, and can be told to misbehave: HTTP 429 with
Retry-After, 500, slow answers, an expired token. Tests, the benchmark and the
demo run it on 127.0.0.1 in a thread; the connectors are pointed at it by URL.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

STATUS_TEXT = {200: "OK", 400: "Bad Request", 401: "Unauthorized",
               403: "Forbidden", 404: "Not Found", 429: "Too Many Requests",
               500: "Internal Server Error", 503: "Service Unavailable"}


@dataclass
class Fault:
    """One injected misbehaviour, used by the next request whose path contains `path`."""

    kind: str  # "status" or "slow"
    status: int = 500
    retry_after: str | None = None
    seconds: float = 0.0
    path: str = ""
    body: Any = None


@dataclass
class Request:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes
    params: dict[str, list[str]] = field(default_factory=dict)

    def param(self, name: str, default: str = "") -> str:
        values = self.params.get(name)
        return values[0] if values else default

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8") or "null")

    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in urllib.parse.parse_qs(self.body.decode()).items()}


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


class FakeServer:
    """Subclasses implement `handle(request) -> (status, headers, body)`."""

    def __init__(self) -> None:
        self.faults: list[Fault] = []
        self.requests: list[Request] = []
        self.lock = threading.RLock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- faults --------------------------------------------------------------
    def inject(self, *faults: Fault) -> None:
        with self.lock:
            self.faults.extend(faults)

    def _take_fault(self, path: str) -> Fault | None:
        with self.lock:
            for index, fault in enumerate(self.faults):
                if fault.path in path:
                    return self.faults.pop(index)
        return None

    # -- WSGI ----------------------------------------------------------------
    def __call__(self, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        headers = {key[5:].replace("_", "-").lower(): value
                   for key, value in environ.items() if key.startswith("HTTP_")}
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        query = environ.get("QUERY_STRING", "")
        request = Request(
            method=environ["REQUEST_METHOD"],
            path=environ.get("PATH_INFO", ""),
            query=query, headers=headers, body=body,
            params=urllib.parse.parse_qs(query, keep_blank_values=True))
        with self.lock:
            self.requests.append(request)
        fault = self._take_fault(request.path)
        extra: list[tuple[str, str]] = []
        if fault is not None and fault.kind == "slow":
            time.sleep(fault.seconds)
            fault = None
        if fault is not None:
            status, payload = fault.status, fault.body or {"message": "injected fault"}
            if fault.retry_after is not None:
                extra.append(("Retry-After", fault.retry_after))
        else:
            status, more, payload = self.handle(request)
            extra.extend(more.items())
        data = payload if isinstance(payload, bytes) else json.dumps(
            payload, ensure_ascii=False).encode()
        start_response(f"{status} {STATUS_TEXT.get(status, 'Status')}", [
            ("Content-Type", "application/json;charset=UTF-8"),
            ("Content-Length", str(len(data))), *extra])
        return [data]

    def handle(self, request: Request) -> tuple[int, dict[str, str], Any]:
        raise NotImplementedError

    # -- thread --------------------------------------------------------------
    def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve on a background thread; returns the base URL."""
        self._server = make_server(host, port, self, server_class=_Server,
                                   handler_class=_QuietHandler)
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        name=f"fake-{type(self).__name__}",
                                        daemon=True)
        self._thread.start()
        return self.base_url

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def count(self, path_part: str) -> int:
        with self.lock:
            return sum(1 for request in self.requests if path_part in request.path)
