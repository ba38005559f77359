"""What makes the API fit to put in front of people: metrics, request ids, logs, CORS.

Body limits are FastAPI's `max_body_size` (constants here). Middleware order, outermost first: CORS (so preflights and 401s carry CORS
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

from fastapi import FastAPI
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


def _route_template(scope: dict) -> str:
    """`/documents/{doc_id}` rather than each id, so metric labels stay few."""
    route = scope.get("route")
    return getattr(route, "path", None) or "unmatched"


KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def method_label(method: str) -> str:
    """h11 accepts any token as a method: unknown ones share one label so /metrics stays bounded."""
    return method if method in KNOWN_METHODS else "other"


class Observe:
    """Request id (the client's `X-Request-ID` when well-formed, else a new one; echoed on the
    response and in every log line), JSON access log and metrics, as plain ASGI: Starlette's
    `BaseHTTPMiddleware` costs a task group and memory streams per request."""

    def __init__(self, app, requests_total: Counter, latency: Histogram) -> None:
        self.app = app
        self.requests_total = requests_total
        self.latency = latency

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        incoming = ""
        for name, value in scope.get("headers") or ():
            if name == b"x-request-id":
                incoming = value.decode("latin-1")
                break
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [(k, v) for k, v in message.get("headers") or () if k.lower() != b"x-request-id"]
                message = {**message, "headers": headers + [(b"x-request-id", request_id.encode("latin-1"))]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = _route_template(scope)
            method = method_label(scope["method"])
            self.requests_total.labels(method, route, str(status)).inc()
            self.latency.labels(method, route).observe(elapsed)
            client = scope.get("client")
            access_log.info(
                "request",
                extra={
                    "method": scope["method"][:20],
                    "path": scope["path"][:200],
                    "route": route,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                    "client": client[0] if client else None,
                },
            )
            request_id_var.reset(token)


# Request body limits in bytes, enforced by FastAPI's own `max_body_size` (Content-Length and
# chunked bodies alike, 413 before the body is held): the app-wide default covers /ask and /search
# (a 1,000-character question and 100 doc ids, JSON-escaped, fit many times over).
DEFAULT_BODY_LIMIT = 256 * 1024
DOCUMENT_BODY_LIMIT = 16 * 1024 * 1024  # ArticleIn.text is at most 2,000,000 characters
SLACK_BODY_LIMIT = 1024 * 1024


def install_hardening(
    app: FastAPI, settings: "Settings", index_size: Callable[[], Mapping[str, int]] | None = None
) -> CollectorRegistry:
    """Add metrics (served by /metrics), request ids, JSON access logs and CORS;
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

    app.add_middleware(Observe, requests_total=requests_total, latency=latency)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "DELETE", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
            expose_headers=["X-Request-ID"],
        )
    return registry


class JsonTooLarge:
    """Outermost ASGI wrapper: FastAPI's body limit answers a declared-too-large body with a
    plain-text 413 from outside the exception handlers; send the one error model instead."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        rewriting = False

        async def rewrite(message):
            nonlocal rewriting
            if message["type"] == "http.response.start" and message["status"] == 413:
                content_type = dict(message.get("headers") or []).get(b"content-type", b"")
                rewriting = content_type.startswith(b"text/plain")
                if rewriting:
                    return
            if rewriting and message["type"] == "http.response.body":
                if message.get("more_body"):
                    return
                limit = scope.get("starlette.max_body_size")
                detail = "request body too large" + (f" (at most {limit} bytes here)" if limit else "")
                body = json.dumps({"detail": detail, "errors": []}).encode()
                await send({"type": "http.response.start", "status": 413,
                            "headers": [(b"content-type", b"application/json"),
                                        (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
                await send({"type": "http.response.body", "body": body})
                return
            await send(message)

        await self.app(scope, receive, rewrite)
