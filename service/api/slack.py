"""POST /slack/events: Slack's HTTP mode, signature-checked, dispatched to Bolt off the event loop."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.concurrency import run_in_threadpool

from service.api.errors import error_response

router = APIRouter(include_in_schema=False)
TIMESTAMP_DIGITS = 12


@router.post("/slack/events")
async def slack_events(request: Request) -> Response:
    state = request.app.state
    bolt, verifier, settings = state.slack_bolt, state.slack_verifier, state.settings
    if bolt is None or verifier is None:
        missing = [name for name, value in (("SLACK_BOT_TOKEN", settings.slack_bot_token),
                                            ("SLACK_SIGNING_SECRET", settings.slack_signing_secret)) if not value]
        return error_response(503, f"Slack is not configured on this server: set {' and '.join(missing)}.")
    # Bolt's own check raises (→ 500) on a non-numeric timestamp; Slack's answer to a bad one is 401.
    timestamp = request.headers.get("x-slack-request-timestamp", "")
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= TIMESTAMP_DIGITS):
        return error_response(401, "invalid request: X-Slack-Request-Timestamp must be Unix time in seconds")
    body = await request.body()  # bounded by the body-size middleware, chunked or not
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return error_response(400, "request body is not UTF-8")
    if not verifier.is_valid(text, timestamp, request.headers.get("x-slack-signature")):
        return error_response(401, "invalid request signature")
    # Bolt parses and dispatches synchronously (the first event calls auth.test): keep it off the event loop.
    return await run_in_threadpool(_dispatch, bolt, request, body)


def _dispatch(bolt: App, request: Request, body: bytes) -> Response:
    """What Bolt's FastAPI adapter does, run in a worker thread."""
    try:
        bolt_request = to_bolt_request(request, body)
    except ValueError:
        return error_response(400, "malformed Slack payload")
    return to_starlette_response(bolt.dispatch(bolt_request))
