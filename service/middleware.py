"""What makes the API fit to put in front of people: keys, metrics, request ids, logs, CORS.

Middleware order, outermost first: CORS (so preflights and 401s carry CORS headers), then
request id + access log + metrics (so rejected requests are counted and logged too), then keys.
"""

from __future__ import annotations

import contextvars
import hmac
import json
import logging
import re
import sys
import time
import uuid
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

if TYPE_CHECKING:
    from service.settings import Settings

OPEN_PATHS = frozenset({"/healthz", "/readyz", "/metrics", "/slack/events"})
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
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


def bearer_token(request: Request) -> bytes:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip().encode("utf-8") if scheme.lower() == "bearer" else b""


def _key_matches(given: bytes, *keys: str | None) -> bool:
    # Every configured key is compared (constant time each) so timing tells nothing about which.
    results = [hmac.compare_digest(given, key.encode("utf-8")) for key in keys if key]
    return bool(given) and any(results)


def permits(settings: "Settings", given: bytes, write: bool) -> bool:
    """Whether a presented key may read, or write documents: the one rule `require_keys` applies."""
    if write:
        if settings.api_key:
            return _key_matches(given, settings.api_key)
        return not settings.read_key or _key_matches(given, settings.read_key)
    return not settings.read_key or _key_matches(given, settings.read_key, settings.api_key)


def _unauthorized(detail: str) -> JSONResponse:
    return JSONResponse(status_code=401, content={"detail": detail}, headers={"WWW-Authenticate": "Bearer"})


def install_hardening(
    app: FastAPI, settings: "Settings", index_size: Callable[[], Mapping[str, int]] | None = None
) -> CollectorRegistry:
    """Add keys, `/metrics`, request ids, JSON access logs and CORS; returns the metrics registry."""
    from service.web import is_public  # the page's own files need no key (imports this module)

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

    @app.get("/metrics", include_in_schema=False)
    def metrics() -> Response:
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    @app.middleware("http")
    async def require_keys(request: Request, call_next):
        path, method = request.url.path, request.method
        if method == "OPTIONS" or path in OPEN_PATHS or (method in ("GET", "HEAD") and is_public(path)):
            return await call_next(request)
        write = method in WRITE_METHODS and path.startswith("/documents")
        if not permits(settings, bearer_token(request), write):
            key = "NEWSDESK_API_KEY" if write and settings.api_key else "NEWSDESK_READ_KEY"
            return _unauthorized(f"this endpoint needs Authorization: Bearer <{key}>")
        return await call_next(request)

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
            requests_total.labels(request.method, route, str(status)).inc()
            latency.labels(request.method, route).observe(elapsed)
            access_log.info(
                "request",
                extra={
                    "method": request.method,
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
    return registry
