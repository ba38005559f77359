"""One error model for every 4xx/5xx the API sends, and the handlers that produce it.

`{"detail": "<one sentence>", "errors": [{"field": "k", "message": "..."}]}`: `errors` lists
per-field reasons for 422s (empty otherwise). No message echoes the submitted values.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from index.encoders import EncoderMismatch
from index.lock import IndexBusy
from index.load import LoadError
from service.engine import NotReady

MESSAGE_LIMIT = 300
RETRY_AFTER_SECONDS = 2


class FieldError(BaseModel):
    field: str = Field(..., description="Dotted path of the offending field ('k', 'doc_ids.0'), or 'body'.")
    message: str = Field(..., description="Why it was rejected; never the submitted value.")


class Error(BaseModel):
    """The body of every error response."""

    detail: str = Field(..., description="What went wrong, in one sentence.")
    errors: list[FieldError] = Field(default_factory=list, description="Per-field reasons (422 only).")

    model_config = {"json_schema_extra": {"examples": [
        {"detail": "invalid request", "errors": [{"field": "k", "message": "Input should be less than or equal to 50"}]}
    ]}}


# Statuses documented on routes, with what each means for this API.
DESCRIPTIONS = {
    400: "Malformed JSON body.",
    401: "Missing or wrong API key (Authorization: Bearer <key>).",
    403: "Writes are disabled on this server (no write key configured).",
    404: "No such document.",
    409: "The index was built with another encoder backend; its vectors must not be mixed.",
    413: "Request body too large.",
    422: "The request does not match the schema; `errors` says which field and why.",
    503: "The index is still loading (or failed to load); retry shortly.",
}


def responses(*statuses: int) -> dict[int | str, dict]:
    """OpenAPI `responses` entries for these statuses, all with the one error model."""
    return {status: {"model": Error, "description": DESCRIPTIONS[status]} for status in statuses}


def error_response(status: int, detail: str, errors: list[dict] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"detail": detail[:MESSAGE_LIMIT], "errors": errors or []}
    return JSONResponse(body, status_code=status, headers=headers)


def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return error_response(400, "malformed JSON body")
    fields = []
    for e in errors:
        location = ".".join(str(part) for part in e.get("loc", ()) if part != "body")
        message = str(e.get("msg", "invalid value")).removeprefix("Value error, ")
        fields.append({"field": location[:200] or "body", "message": message[:MESSAGE_LIMIT]})
    return error_response(422, "invalid request: " + "; ".join(f"{f['field']}: {f['message']}" for f in fields[:3]),
                          fields)


def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(allowed_methods(request))
    return error_response(exc.status_code, str(exc.detail), headers=headers or None)


PROBED_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path (Starlette names only the first route's)."""
    from starlette.routing import Match

    allowed = []
    for method in PROBED_METHODS:
        probe = {**request.scope, "method": method}
        if any(route.matches(probe)[0] == Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return allowed


def _bad_article(request: Request, exc: LoadError) -> JSONResponse:
    return error_response(422, str(exc), [{"field": "body", "message": str(exc)[:MESSAGE_LIMIT]}])


def _other_encoder(request: Request, exc: EncoderMismatch) -> JSONResponse:
    return error_response(409, str(exc))


def _index_busy(request: Request, exc: IndexBusy) -> JSONResponse:
    return error_response(503, str(exc), headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def _not_ready(request: Request, exc: NotReady) -> JSONResponse:
    return error_response(503, str(exc), headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(LoadError, _bad_article)
    app.add_exception_handler(NotReady, _not_ready)
    app.add_exception_handler(EncoderMismatch, _other_encoder)
    app.add_exception_handler(IndexBusy, _index_busy)
