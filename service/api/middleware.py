"""What makes the API fit to put in front of people: body limits, metrics, request ids, logs, CORS.

Middleware order, outermost first: body-size limit, CORS (so preflights and 401s carry CORS
headers), then request id + access log + metrics (so rejected requests are counted and logged too).
Keys are not middleware: they are `Security` dependencies on the routes (security.py).
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
import time
import uuid
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from fastapi import FastAPI, HTTPException, Request
from fastapi.middleware.cors import CORSMiddleware
from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily

if TYPE_CHECKING:
    from service.settings import Settings

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
access_log = logging.getLogger("newsdesk.access")


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with the current request id, for log shippers."""

    _SKIP = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if request_id_var.get():
            entry["request_id"] = request_id_var.get()
        entry.update({k: v for k, v in record.__dict__.items() if k not in self._SKIP and not k.startswith("_")})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever `sys.stderr` is at the time (servers and test runners swap it)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def configure_logging(level: int = logging.INFO) -> None:
    """Send the `newsdesk.*` loggers to stderr as JSON lines (idempotent)."""
    root = logging.getLogger("newsdesk")
    if not any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        handler = _StderrHandler()
        handler.setFormatter(JsonFormatter())
        root.addHandler(handler)
    root.setLevel(level)


def desk_size(desk) -> dict[str, int]:
    """Documents and chunks in a Newsdesk, for the index-size gauge."""
    documents = desk.documents()
    return {"documents": len(documents), "chunks": sum(d.chunks for d in documents)}


class _IndexSize:
    """Collector that asks the index for its size at scrape time, never in the request path."""

    def __init__(self, index_size: Callable[[], Mapping[str, int]]):
        self.index_size = index_size

    def collect(self):
        gauge = GaugeMetricFamily("newsdesk_index_size", "Items in the loaded index.", labels=["kind"])
        try:
            for kind, value in self.index_size().items():
                gauge.add_metric([kind], float(value))
        except Exception:  # a scrape must not fail because the index is being rebuilt
            logging.getLogger("newsdesk.metrics").warning("index size unavailable", exc_info=True)
        yield gauge


def _route_template(request: Request) -> str:
    """`/documents/{doc_id}` rather than each id, so metric labels stay few."""
    route = request.scope.get("route")
    return getattr(route, "path", None) or "unmatched"


KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def method_label(method: str) -> str:
    """h11 accepts any token as a method: unknown ones share one label so /metrics stays bounded."""
    return method if method in KNOWN_METHODS else "other"


# Body limits per path prefix (bytes); the default covers /ask and /search (a 1,000-character
# question and 100 doc ids, JSON-escaped, fit many times over).
DEFAULT_BODY_LIMIT = 256 * 1024
BODY_LIMITS = {"/documents": 16 * 1024 * 1024, "/slack/events": 1024 * 1024}


def body_limit(path: str) -> int:
    for prefix, limit in BODY_LIMITS.items():
        if path == prefix or path.startswith(prefix + "/"):
            return limit
    return DEFAULT_BODY_LIMIT


class BodyTooLarge(HTTPException):
    """Raised from `receive` once a streamed body passes the limit; the error handler answers 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, _too_large_detail(limit))


def _too_large_detail(limit: int) -> str:
    return f"request body too large (at most {limit} bytes here)"


class BodySizeLimit:
    """ASGI middleware: 413 for a body over the limit, by Content-Length or, for chunked bodies,
    by counting as it streams in; nothing over the limit is ever held in memory."""

    def __init__(self, app, limit_for: Callable[[str], int] = body_limit) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.limit_for(scope.get("path", ""))
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            return await _too_large(send, limit)
        received = 0
        started = False

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await _too_large(send, limit)


async def _too_large(send, limit: int) -> None:
    body = json.dumps({"detail": _too_large_detail(limit), "errors": []}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


def install_hardening(
    app: FastAPI, settings: "Settings", index_size: Callable[[], Mapping[str, int]] | None = None
) -> CollectorRegistry:
    """Add body limits, metrics (served by /metrics), request ids, JSON access logs and CORS;
    returns the metrics registry. Keys are `Security` dependencies on the routes (security.py)."""
    configure_logging()
    registry = CollectorRegistry()
    requests_total = Counter(
        "newsdesk_http_requests_total", "HTTP requests.", ["method", "route", "status"], registry=registry
    )
    latency = Histogram(
        "newsdesk_http_request_duration_seconds",
        "HTTP request latency.",
        ["method", "route"],
        buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
        registry=registry,
    )
    if index_size is not None:
        registry.register(_IndexSize(index_size))
    app.state.metrics = registry

    @app.middleware("http")
    async def observe(request: Request, call_next):
        incoming = request.headers.get("x-request-id", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500
        try:
            response = await call_next(request)
            status = response.status_code
            response.headers["X-Request-ID"] = request_id
            return response
        finally:
            elapsed = time.perf_counter() - started
            route = _route_template(request)
            method = method_label(request.method)
            requests_total.labels(method, route, str(status)).inc()
            latency.labels(method, route).observe(elapsed)
            access_log.info(
                "request",
                extra={
                    "method": request.method[:20],
                    "path": request.url.path[:200],
                    "route": route,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                    "client": request.client.host if request.client else None,
                },
            )
            request_id_var.reset(token)

    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "DELETE", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
            expose_headers=["X-Request-ID"],
        )
    # Added last, so it is the outermost user middleware: oversized bodies are refused before anything reads them.
    app.add_middleware(BodySizeLimit)
    return registry
