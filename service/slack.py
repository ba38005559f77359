"""The Slack bot: Bolt listeners, Block Kit rendering and the two ways to run it.

HTTP mode is `POST /slack/events` inside the API process (service/api/slack.py); Socket Mode
(`newsdesk slack --socket`) serves teams without a public URL. Both share `build_slack_app`.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING

from pydantic import ValidationError
from slack_bolt import App, BoltResponse
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient

from service.engine import NotReady
from service.feedback import FeedbackStore
from service.filters import Filters, filters_in_text
from service.models import Answer, QuestionRequest

if TYPE_CHECKING:
    from service.engine import Newsdesk
    from service.settings import Settings

log = logging.getLogger("newsdesk.slack")
DeskSource = Callable[[], "Newsdesk"]

# Slack's documented limits; we trim to them rather than let a post fail.
SECTION_LIMIT = 3000
BLOCK_LIMIT = 50
BUTTON_VALUE_LIMIT = 2000
FALLBACK_LIMIT = 3000
WORKING_REACTION = "eyes"
USAGE = ("Ask me a question about the news, e.g. `/ask Who won the election?`; limit it with "
         "`since:2025-05-01 until:2025-05-31 source:bbc.co.uk lang:en`")


# ---------------------------------------------------------------- Block Kit rendering


def _escape(text: str) -> str:
    """Slack mrkdwn treats &, < and > as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clip(text: str, limit: int) -> str:
    """Cut to `limit` characters with an ellipsis, never leaving half an HTML entity."""
    if len(text) <= limit:
        return text
    return re.sub(r"&[a-z]{0,4}$", "", text[: limit - 1]) + "…"


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _clip(text, SECTION_LIMIT)}}


def _context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _clip(text, SECTION_LIMIT)}]}


def _quote(text: str) -> str:
    return "\n".join(f">{line}" for line in _escape(" ".join(text.split())).splitlines() or [""])


def _markers(numbers: list[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def feedback_value(answer: Answer) -> str:
    """The button value carries question and answer (≤ 2,000 chars) so a click needs no lookup."""
    question, reply = answer.question, answer.answer or answer.text
    while True:
        value = json.dumps({"q": question, "a": reply}, ensure_ascii=False)
        excess = len(value) - BUTTON_VALUE_LIMIT
        if excess <= 0:
            return value
        if len(reply) >= len(question):
            reply = reply[: max(0, len(reply) - excess - 1)]
        else:
            question = question[: max(0, len(question) - excess - 1)]


def _feedback_actions(answer: Answer) -> dict:
    value = feedback_value(answer)
    return {
        "type": "actions",
        "block_id": "feedback",
        "elements": [
            {
                "type": "button",
                "action_id": f"feedback_{name}",
                "text": {"type": "plain_text", "text": label, "emoji": True},
                "value": value,
            }
            for name, label in (("up", "👍 Helpful"), ("down", "👎 Not helpful"))
        ],
    }


def answer_blocks(answer: Answer) -> list[dict]:
    """Render an answer: short span, sentence, warnings, sources with quotes, 👍/👎."""
    head: list[dict] = []
    if answer.abstained:
        reason = answer.reason or "the sources do not state an answer"
        head.append(_section(f":warning: *No confident answer:* {_escape(reason)}"))
        if answer.text:
            head.append(_section(_escape(answer.text)))
    else:
        head.append(_section(f"*{_escape(answer.answer or '')}*\n{_escape(answer.text)}"))
    if answer.conflicts:
        stated = "; ".join(_stated(c) for c in answer.conflicts)
        head.append(_section(f":warning: *Sources disagree.* Also stated: {stated}"))
    if answer.superseded:
        earlier = "; ".join(_stated(c) for c in answer.superseded)
        head.append(_section(f":arrows_counterclockwise: *Superseded by later reports:* {earlier}"))

    tail = [
        _context(f"confidence {answer.confidence:.2f} · {_escape(answer.question_type)} question"),
        _feedback_actions(answer),
    ]
    sources: list[dict] = []
    if answer.citations:
        sources = [{"type": "divider"}, _section("*Sources*")]
        room = BLOCK_LIMIT - len(head) - len(tail) - len(sources)
        shown = answer.citations if len(answer.citations) <= room else answer.citations[: room - 1]
        for citation in shown:
            title = _escape(" ".join(citation.title.split()) or citation.doc_id)
            sources.append(_section(f"*[{citation.n}] {_clip(title, 150)}*\n{_quote(citation.quote)}"))
        if len(shown) < len(answer.citations):
            sources.append(_context(f"…and {len(answer.citations) - len(shown)} more sources not shown"))
    return head + sources + tail


def _stated(evidence) -> str:
    """'police said “8,000” [1] (2026-05-02) · 2 independent sources, 3 articles' — a value with who
    reports it, its citations, dates, and how many independent sources state it."""
    who = f"{_escape(evidence.attributed_to)} said " if evidence.attributed_to else ""
    when = f" ({', '.join(evidence.dates)})" if evidence.dates else ""
    count = f"{evidence.sources} independent source{'s' if evidence.sources != 1 else ''}"
    if evidence.articles > evidence.sources:
        count += f", {evidence.articles} articles"
    return f"{who}“{_escape(evidence.value)}” {_markers(evidence.citations)}{when} · {count}"


def fallback_text(answer: Answer) -> str:
    """Plain text for notifications and clients that cannot show blocks."""
    if answer.abstained:
        return _clip(f"No confident answer: {answer.reason or answer.text}", FALLBACK_LIMIT)
    return _clip(answer.text, FALLBACK_LIMIT)


# ---------------------------------------------------------------- listeners


class RecentIds:
    """Event ids seen lately; Slack resends an event (same `event_id`) when unsure we got it."""

    def __init__(self, ttl: float = 3600.0, capacity: int = 10_000):
        self.ttl, self.capacity = ttl, capacity
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, key: str) -> bool:
        now = time.monotonic()
        with self._lock:
            while self._seen and (len(self._seen) > self.capacity or next(iter(self._seen.values())) < now - self.ttl):
                self._seen.popitem(last=False)
            if key in self._seen:
                return False
            self._seen[key] = now
            return True


_MENTION = re.compile(r"<[@!][^>]*>")  # users (<@U1|name>) and specials (<!here>)
_LINK = re.compile(r"<([^>|]+)(?:\|([^>]*))?>")


def question_from_text(text: str) -> str:
    """Strip bot mentions and Slack's link/escape markup from a message."""
    text = _MENTION.sub(" ", text or "")
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(text.split())


def _validated(question: str) -> str:
    """The question as the API would accept it, or ValueError with a short reason (no echo)."""
    try:
        return QuestionRequest(question=question).question
    except ValidationError as error:
        raise ValueError(error.errors()[0]["msg"].removeprefix("Value error, ")) from None


def _ask(get_desk: DeskSource, question: str, filters: Filters | None = None) -> tuple[str, list[dict] | None]:
    """(fallback text, blocks) for a valid question; no blocks while the index is still loading."""
    try:
        answer = get_desk().ask(question, filters=filters)
    except NotReady as error:  # the API loads the index in the background after start-up
        return f"Sorry, I can't answer right now: {error}", None
    return fallback_text(answer), answer_blocks(answer)


def _reply(get_desk: DeskSource, text: str) -> tuple[str, list[dict] | None]:
    """(fallback text, blocks) for a message; blocks is None for a usage or input error."""
    if not question_from_text(text):
        return USAGE, None
    try:
        question, filters = filters_in_text(question_from_text(text))  # since:2025-05-01 source:bbc.co.uk lang:en
        question = _validated(question)
    except ValueError as error:
        return f"Sorry, I can't answer that: {error}.", None
    return _ask(get_desk, question, filters)


def _react(call, channel: str, ts: str) -> None:
    try:
        call(channel=channel, timestamp=ts, name=WORKING_REACTION)
    except Exception:  # a missing reaction must never stop the answer
        log.warning("reaction call failed", exc_info=True)


def _answer_in_thread(get_desk: DeskSource, client: WebClient, event: dict) -> None:
    channel, ts = event["channel"], event["ts"]
    thread_ts = event.get("thread_ts") or ts
    _react(client.reactions_add, channel, ts)
    try:
        text, blocks = _reply(get_desk, event.get("text", ""))
        client.chat_postMessage(
            channel=channel, thread_ts=thread_ts, text=text, blocks=blocks, unfurl_links=False, unfurl_media=False
        )
    except Exception:
        log.exception("answering a Slack message failed")
        try:
            client.chat_postMessage(
                channel=channel, thread_ts=thread_ts, text="Sorry, something went wrong while answering. Please try again."
            )
        except Exception:
            log.warning("could not report the failure to Slack", exc_info=True)
    finally:
        _react(client.reactions_remove, channel, ts)


def _is_from_a_bot(event: dict) -> bool:
    return bool(event.get("bot_id") or event.get("subtype") == "bot_message" or event.get("bot_profile"))


def build_slack_app(
    get_desk: DeskSource, settings: "Settings", feedback: FeedbackStore | None = None, socket_mode: bool = False
) -> App | None:
    """The Bolt app, or None when Slack is not configured (no bot token, or no signing secret over HTTP).

    `get_desk` returns the loaded Newsdesk (the API loads it in the background after start-up).
    """
    if not settings.slack_bot_token or not (socket_mode or settings.slack_signing_secret):
        return None
    base_url = settings.slack_api_url if settings.slack_api_url.endswith("/") else settings.slack_api_url + "/"
    feedback = feedback or FeedbackStore(settings.index_dir)
    seen = RecentIds()
    app = App(
        client=WebClient(token=settings.slack_bot_token, base_url=base_url),
        signing_secret=settings.slack_signing_secret or None,
        request_verification_enabled=not socket_mode,
        # auth.test runs lazily on the first event instead of at import time.
        token_verification_enabled=False,
        logger=logging.getLogger("newsdesk.slack.bolt"),
    )

    @app.middleware
    def skip_repeats(body: dict, request, next):
        """Answer each event once, whatever Slack's retries (`X-Slack-Retry-Num`) resend."""
        event_id = body.get("event_id")
        if event_id and not seen.first_time(str(event_id)):
            log.info("skipping repeated Slack event", extra={"event_id": event_id})
            return BoltResponse(status=200, body="")
        if not event_id and request.headers.get("x-slack-retry-num"):
            return BoltResponse(status=200, body="")
        return next()

    @app.event("app_mention")
    def on_mention(event: dict, client: WebClient):
        if not _is_from_a_bot(event):
            _answer_in_thread(get_desk, client, event)

    @app.event("message")
    def on_message(event: dict, client: WebClient):
        # Channel messages that mention the bot arrive as app_mention; here only DMs count.
        if event.get("channel_type") == "im" and not event.get("subtype") and not _is_from_a_bot(event):
            _answer_in_thread(get_desk, client, event)

    @app.command("/ask")
    def on_ask(ack, command: dict, respond):
        text = command.get("text") or ""
        if not question_from_text(text):
            return ack(response_type="ephemeral", text=USAGE)
        try:
            question = _validated(question_from_text(text))
        except ValueError as error:
            return ack(response_type="ephemeral", text=f"Sorry, I can't answer that: {error}.")
        ack(response_type="ephemeral", text=f"Looking that up: _{_escape(_clip(question, 200))}_ …")
        try:
            text, blocks = _ask(get_desk, question)
            respond(response_type="in_channel" if blocks else "ephemeral", text=text, blocks=blocks)
        except Exception:
            log.exception("answering /ask failed")
            respond(response_type="ephemeral", text="Sorry, something went wrong while answering. Please try again.")

    @app.action(re.compile(r"^feedback_(up|down)$"))
    def on_feedback(ack, body: dict, action: dict, client: WebClient):
        ack()
        try:
            data = json.loads(action.get("value") or "{}")
            question, reply = str(data.get("q", "")), str(data.get("a", ""))
        except (ValueError, AttributeError):
            question, reply = "", ""
        user = str((body.get("user") or {}).get("id", "unknown"))
        value = "up" if action["action_id"] == "feedback_up" else "down"
        feedback.record(question, reply, user, value)
        channel = (body.get("channel") or {}).get("id")
        if channel:
            thread_ts = (body.get("message") or {}).get("thread_ts")
            try:
                client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread_ts, text="Thanks, feedback recorded.")
            except Exception:
                log.warning("could not confirm feedback", exc_info=True)

    return app


# ---------------------------------------------------------------- running it


def socket_mode_handler(desk: "Newsdesk", settings: "Settings") -> SocketModeHandler:
    """The Bolt app behind a Socket Mode connection; `.connect()` it, or `.start()` to block."""
    if not settings.slack_app_token:
        raise SystemExit("Socket Mode needs SLACK_APP_TOKEN (an app-level token, xapp-...).")
    bolt = build_slack_app(lambda: desk, settings, socket_mode=True)
    if bolt is None:
        raise SystemExit("Socket Mode needs SLACK_BOT_TOKEN (the bot token, xoxb-...).")
    return SocketModeHandler(bolt, settings.slack_app_token)


def run_socket_mode(desk: "Newsdesk", settings: "Settings") -> None:
    """Block forever serving Slack over a WebSocket (no public URL needed)."""
    socket_mode_handler(desk, settings).start()
