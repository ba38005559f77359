"""The real Bolt app inside the real API, against a fake Slack Web API on 127.0.0.1.

Requests are signed exactly as Slack signs them; answers come from the real `desk`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from dataclasses import replace
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from slack_sdk.models.blocks import Block

from service.models import Answer, Citation, Evidence
from service.settings import Settings
from service.slack import (
    BLOCK_LIMIT,
    BUTTON_VALUE_LIMIT,
    SECTION_LIMIT,
    answer_blocks,
    build_slack_app,
    question_from_text,
    socket_mode_handler,
)
from tests.fake_slack import BOT_ID, BOT_USER_ID, TEAM_ID, FakeSlack

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
QUESTION = "How many prisoners did Ukraine and Russia exchange?"


@pytest.fixture(scope="module")
def slack():
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def settings(slack, desk):
    slack.reset()
    yield Settings(
        index_dir=desk.index_dir,
        slack_bot_token="xoxb-test-token",
        slack_signing_secret=SECRET,
        slack_api_url=slack.api_url,
        allow_open_writes=True,  # GET /feedback is admin scope
    )
    # Let every answer still being worked on finish, so its calls don't land in the next test.
    slack.wait_for("reactions.remove", len(slack.of("reactions.add")))


@pytest.fixture
def api(desk, settings):
    from service.api import create_app

    with TestClient(create_app(desk, settings)) as client:
        yield client


def sign(body: str, timestamp: str | None = None, secret: str = SECRET) -> dict[str, str]:
    timestamp = timestamp or str(int(time.time()))
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": f"v0={digest}"}


def post_json(api: TestClient, payload: dict, **headers: str):
    body = json.dumps(payload)
    return api.post(
        "/slack/events", content=body, headers={"Content-Type": "application/json", **sign(body), **headers}
    )


def post_form(api: TestClient, fields: dict):
    body = urlencode(fields)
    return api.post(
        "/slack/events",
        content=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", **sign(body)},
    )


def event_callback(event: dict, event_id: str | None = None) -> dict:
    return {
        "token": "legacy",
        "team_id": TEAM_ID,
        "api_app_id": "A0NEWS",
        "type": "event_callback",
        "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
        "event_time": int(time.time()),
        "event": event,
    }


def mention(text: str, ts: str = "1718000000.000100", **extra) -> dict:
    return {"type": "app_mention", "user": "U0ALICE", "text": text, "ts": ts, "channel": "C0NEWS", **extra}


def direct_message(text: str, ts: str = "1718000000.000200", **extra) -> dict:
    return {"type": "message", "channel_type": "im", "user": "U0ALICE", "text": text, "ts": ts, "channel": "D0ALICE", **extra}


def all_text(blocks: list[dict]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def assert_within_slack_limits(blocks: list[dict]) -> None:
    assert len(blocks) <= BLOCK_LIMIT
    for block in blocks:
        Block.parse(block).validate_json()  # the SDK's own Block Kit validation raises on any limit
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= SECTION_LIMIT
        for element in block.get("elements", []):
            assert len(element.get("value", "")) <= BUTTON_VALUE_LIMIT


# ---------------------------------------------------------------- events


def test_url_verification_echoes_the_challenge(api):
    response = post_json(api, {"token": "legacy", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "type": "url_verification"})
    assert response.status_code == 200
    assert response.json()["challenge"] == "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"


def test_mention_gets_a_threaded_answer_with_sources_and_eyes(api, slack, desk):
    response = post_json(api, event_callback(mention(f"<@{BOT_USER_ID}> {QUESTION}")))
    assert response.status_code == 200

    post = slack.wait_for("chat.postMessage")[0]
    slack.wait_for("reactions.remove")
    assert post.args["channel"] == "C0NEWS"
    assert post.args["thread_ts"] == "1718000000.000100"
    assert post.authorization == "Bearer xoxb-test-token"

    expected = desk.ask(QUESTION)
    assert not expected.abstained and expected.citations
    text = all_text(post.args["blocks"])
    assert "*Sources*" in text
    first = expected.citations[0]
    assert f"[{first.n}]" in text
    assert " ".join(first.quote.split())[:60].replace("&", "&amp;") in text
    assert expected.answer in text
    assert post.args["text"]  # a notification fallback is always sent
    assert_within_slack_limits(post.args["blocks"])

    added, removed = slack.of("reactions.add"), slack.of("reactions.remove")
    assert [c.args["name"] for c in added + removed] == ["eyes", "eyes"]
    assert added[0].args["timestamp"] == removed[0].args["timestamp"] == "1718000000.000100"
    assert added[0].at <= post.at <= removed[0].at


def test_mention_inside_a_thread_answers_in_that_thread(api, slack):
    event = mention(f"<@{BOT_USER_ID}> {QUESTION}", ts="1718000000.000300", thread_ts="1717999999.000001")
    post_json(api, event_callback(event))
    post = slack.wait_for("chat.postMessage")[0]
    assert post.args["thread_ts"] == "1717999999.000001"


def test_direct_message_is_answered_in_its_thread(api, slack):
    assert post_json(api, event_callback(direct_message(QUESTION))).status_code == 200
    post = slack.wait_for("chat.postMessage")[0]
    assert post.args["channel"] == "D0ALICE"
    assert post.args["thread_ts"] == "1718000000.000200"
    assert "*Sources*" in all_text(post.args["blocks"])


def test_failure_still_removes_the_eyes_reaction(api, slack):
    slack.failing.add("chat.postMessage")
    post_json(api, event_callback(mention(f"<@{BOT_USER_ID}> {QUESTION}")))
    slack.wait_for("reactions.remove")
    assert len(slack.of("reactions.add")) == 1
    assert len(slack.of("chat.postMessage")) == 2  # the answer, then the apology; both refused


def test_empty_mention_gets_usage_not_an_answer(api, slack):
    post_json(api, event_callback(mention(f"<@{BOT_USER_ID}>")))
    post = slack.wait_for("chat.postMessage")[0]
    assert "/ask" in post.args["text"] and not post.args.get("blocks")


def test_over_long_question_is_refused_without_echo(api, slack):
    question = "why " * 600
    post_json(api, event_callback(mention(f"<@{BOT_USER_ID}> {question}")))
    post = slack.wait_for("chat.postMessage")[0]
    assert "too long" in post.args["text"]
    assert len(post.args["text"]) < 200


def _answered_after(api, slack: FakeSlack, done: int) -> list:
    """Send a fresh mention and wait for it: ignored events sent earlier had their chance by then."""
    post_json(api, event_callback(mention(f"<@{BOT_USER_ID}> {QUESTION}", ts="1718000999.000999")))
    slack.wait_for("chat.postMessage", done + 1)
    time.sleep(0.3)
    return slack.of("chat.postMessage")


def test_retry_and_resent_event_id_are_answered_once(api, slack):
    payload = event_callback(mention(f"<@{BOT_USER_ID}> {QUESTION}"))
    assert post_json(api, payload).status_code == 200
    slack.wait_for("chat.postMessage")
    retry = post_json(api, payload, **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert retry.status_code == 200
    assert post_json(api, payload).status_code == 200  # same event_id, no retry header
    posts = _answered_after(api, slack, done=1)
    assert len(posts) == 2
    assert [p.args["thread_ts"] for p in posts] == ["1718000000.000100", "1718000999.000999"]
    assert len(slack.of("reactions.add")) == 2


def test_own_and_other_bot_messages_are_ignored(api, slack):
    own = direct_message(QUESTION, user=BOT_USER_ID, ts="1718000000.000401")
    own_bot = direct_message(QUESTION, bot_id=BOT_ID, subtype="bot_message", ts="1718000000.000402")
    other_bot = mention(f"<@{BOT_USER_ID}> {QUESTION}", user="U0OTHERBOT", bot_id="B0OTHER", ts="1718000000.000403")
    for event in (own, own_bot, other_bot):
        assert post_json(api, event_callback(event)).status_code == 200
    posts = _answered_after(api, slack, done=0)
    assert [p.args["thread_ts"] for p in posts] == ["1718000999.000999"]
    assert len(slack.of("reactions.add")) == 1


# ---------------------------------------------------------------- slash command and feedback


def test_slash_command_acks_fast_then_posts_the_answer(api, slack):
    started = time.monotonic()
    response = post_form(
        api,
        {
            "token": "legacy",
            "team_id": TEAM_ID,
            "channel_id": "C0NEWS",
            "user_id": "U0ALICE",
            "command": "/ask",
            "text": QUESTION,
            "response_url": slack.response_url("ask-1"),
            "trigger_id": "1.2.3",
        },
    )
    assert time.monotonic() - started < 3.0
    assert response.status_code == 200
    ack = response.json()
    assert ack["response_type"] == "ephemeral"
    assert "Looking that up" in ack["text"]

    reply = slack.wait_for("response_url")[0]
    assert reply.path == "/response/ask-1"
    assert reply.args["response_type"] == "in_channel"
    assert "*Sources*" in all_text(reply.args["blocks"])
    assert not slack.of("chat.postMessage")


def test_slash_command_without_text_explains_usage(api, slack):
    response = post_form(api, {"team_id": TEAM_ID, "user_id": "U0ALICE", "channel_id": "C0NEWS", "command": "/ask",
                               "text": "  ", "response_url": slack.response_url()})
    assert response.status_code == 200
    assert "/ask" in response.json()["text"]


def test_feedback_click_is_stored_and_summarised(api, slack, desk):
    before = api.get("/feedback").json()
    answer = desk.ask(QUESTION)
    buttons = next(b for b in answer_blocks(answer) if b["type"] == "actions")["elements"]
    down = next(e for e in buttons if e["action_id"] == "feedback_down")
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM_ID},
        "user": {"id": "U0CAROL"},
        "api_app_id": "A0NEWS",
        "channel": {"id": "C0NEWS"},
        "message": {"ts": "1718000001.000001", "thread_ts": "1718000000.000100"},
        "container": {"type": "message", "message_ts": "1718000001.000001", "channel_id": "C0NEWS"},
        "response_url": slack.response_url("click"),
        "trigger_id": "1.2.3",
        "actions": [{**down, "block_id": "feedback", "action_ts": str(time.time())}],
    }
    response = post_form(api, {"payload": json.dumps(payload)})
    assert response.status_code == 200
    confirmation = slack.wait_for("chat.postEphemeral")[0]
    assert confirmation.args["user"] == "U0CAROL"

    after = api.get("/feedback").json()
    assert after["down"] == before["down"] + 1 and after["up"] == before["up"]
    latest = after["recent"][0]
    assert latest == {**latest, "question": QUESTION, "user": "U0CAROL", "value": "down"}
    assert latest["answer"] == (answer.answer or answer.text)


# ---------------------------------------------------------------- Socket Mode


def test_socket_mode_answers_over_a_real_websocket(desk, slack, settings):
    handler = socket_mode_handler(desk, replace(settings, slack_app_token="xapp-test", slack_signing_secret=None))
    handler.connect()
    try:
        opened = slack.wait_for("apps.connections.open")[0]
        assert opened.authorization == "Bearer xapp-test"
        payload = event_callback(mention(f"<@{BOT_USER_ID}> {QUESTION}"))
        envelope = {"envelope_id": "env-1", "type": "events_api", "accepts_response_payload": False,
                    "retry_attempt": 0, "retry_reason": "", "payload": payload}
        slack.send_envelope(envelope)
        post = slack.wait_for("chat.postMessage")[0]
        assert post.args["thread_ts"] == "1718000000.000100" and "*Sources*" in all_text(post.args["blocks"])
        assert slack.wait_for("socket_ack")[0].args == {"envelope_id": "env-1"}

        # Slack redelivers an unacknowledged envelope with the same event_id: acknowledged, not answered.
        slack.send_envelope({**envelope, "envelope_id": "env-2", "retry_attempt": 1, "retry_reason": "timeout"})
        assert slack.wait_for("socket_ack", 2)[1].args == {"envelope_id": "env-2"}

        command = {"team_id": TEAM_ID, "channel_id": "C0NEWS", "user_id": "U0ALICE", "command": "/ask",
                   "text": QUESTION, "response_url": slack.response_url("socket-ask"), "trigger_id": "1.2.3"}
        slack.send_envelope({"envelope_id": "env-3", "type": "slash_commands", "accepts_response_payload": True,
                             "payload": command})
        ack = slack.wait_for("socket_ack", 3)[2].args
        assert ack["envelope_id"] == "env-3" and "Looking that up" in ack["payload"]["text"]
        reply = slack.wait_for("response_url")[0]
        assert reply.args["response_type"] == "in_channel" and "*Sources*" in all_text(reply.args["blocks"])
        assert len(slack.of("chat.postMessage")) == 1
    finally:
        handler.close()


def test_socket_mode_without_tokens_explains_what_is_missing(desk, settings):
    with pytest.raises(SystemExit, match="SLACK_APP_TOKEN"):
        socket_mode_handler(desk, settings)
    with pytest.raises(SystemExit, match="SLACK_BOT_TOKEN"):
        socket_mode_handler(desk, replace(settings, slack_bot_token=None, slack_app_token="xapp-test"))


# ---------------------------------------------------------------- request verification


def test_bad_signature_is_rejected(api, slack):
    body = json.dumps(event_callback(mention(QUESTION)))
    headers = {"Content-Type": "application/json", **sign(body, secret="not-the-secret")}
    assert api.post("/slack/events", content=body, headers=headers).status_code == 401
    unsigned = api.post("/slack/events", content=body, headers={"Content-Type": "application/json"})
    assert unsigned.status_code == 401
    assert not slack.calls


def test_timestamp_older_than_five_minutes_is_rejected(api, slack):
    body = json.dumps(event_callback(mention(QUESTION)))
    stale = str(int(time.time()) - 6 * 60)
    headers = {"Content-Type": "application/json", **sign(body, timestamp=stale)}
    assert api.post("/slack/events", content=body, headers=headers).status_code == 401
    assert not slack.calls


@pytest.mark.parametrize("timestamp", ["yesterday", "", "1e9", "-5", " 17", "1" * 5000, "１２３"])
def test_non_numeric_timestamp_is_401_not_500(api, slack, timestamp):
    body = json.dumps(event_callback(mention(QUESTION)))
    headers = {"Content-Type": "application/json", **sign(body, timestamp=timestamp)}
    headers["X-Slack-Request-Timestamp"] = timestamp.encode("utf-8")  # raw bytes, as a client could send
    response = api.post("/slack/events", content=body.encode(), headers=headers)
    assert response.status_code == 401
    assert len(response.content) < 300
    assert not slack.calls


def test_without_a_token_slack_answers_503_and_the_api_still_works(desk, settings):
    from service.api import create_app

    bare = replace(settings, slack_bot_token=None, slack_signing_secret=None)
    assert build_slack_app(lambda: desk, bare) is None
    with TestClient(create_app(desk, bare)) as client:
        response = client.post("/slack/events", json={"type": "url_verification", "challenge": "x"})
        assert response.status_code == 503
        assert "SLACK_BOT_TOKEN" in response.json()["detail"]
        assert client.get("/healthz").status_code == 200
        assert client.get("/feedback").status_code == 200


# ---------------------------------------------------------------- rendering


def _answer(**overrides) -> Answer:
    fields = dict(
        question=QUESTION,
        answer="780",
        text="Ukraine and Russia exchanged 780 prisoners [1].",
        abstained=False,
        confidence=0.82,
        question_type="quantity",
        citations=[Citation(n=1, doc_id="d1", chunk_id="d1:0", title="Prisoner swap", quote="They exchanged 780 <prisoners> & more.", start=0, end=38)],
        support=[Evidence(value="780", citations=[1], sources=1)],
    )
    return Answer(**{**fields, **overrides})


def test_over_long_answer_is_trimmed_to_slack_limits():
    huge = Citation(n=1, doc_id="d", chunk_id="d:0", title="T" * 5000, quote="word " * 2000, start=0, end=10_000)
    answer = _answer(
        question="q" * 1000,
        answer="A" * 5000,
        text="S" * 9000,
        citations=[huge.model_copy(update={"n": n}) for n in range(1, 121)],
        conflicts=[Evidence(value="V" * 4000, citations=list(range(1, 60)), sources=3)],
    )
    blocks = answer_blocks(answer)
    assert_within_slack_limits(blocks)
    assert len(blocks) == BLOCK_LIMIT
    assert "more sources not shown" in all_text(blocks[-3:])
    value = json.loads(blocks[-1]["elements"][0]["value"])
    assert value["q"].startswith("qqq") and value["a"].startswith("AAA")


@pytest.mark.parametrize("question", [QUESTION, "Where were the direct talks held?", "What is the capital of Mongolia?"])
def test_real_answers_render_with_their_warnings(desk, question):
    answer = desk.ask(question)
    blocks = answer_blocks(answer)
    assert_within_slack_limits(blocks)
    text = all_text(blocks)
    assert ("No confident answer" in text) == answer.abstained
    assert ("Sources disagree" in text) == bool(answer.conflicts)
    for citation in answer.citations:
        assert f"*[{citation.n}] " in text


def test_button_value_fits_even_with_wide_characters():
    blocks = answer_blocks(_answer(question="記" * 1000, answer="者" * 3000, text="字" * 3000))
    assert_within_slack_limits(blocks)


def test_abstain_and_conflict_warnings_are_visible():
    abstained = answer_blocks(_answer(answer=None, abstained=True, reason="no source states a number", text="I could not find that.", citations=[]))
    assert ":warning:" in abstained[0]["text"]["text"] and "no source states a number" in abstained[0]["text"]["text"]
    conflicted = answer_blocks(_answer(conflicts=[Evidence(value="1,000", citations=[2], sources=1)]))
    warning = next(b for b in conflicted if "disagree" in b.get("text", {}).get("text", ""))
    assert "1,000" in warning["text"]["text"] and "[2]" in warning["text"]["text"]
    assert_within_slack_limits(abstained + conflicted)


def test_markup_in_quotes_is_escaped():
    text = all_text(answer_blocks(_answer()))
    assert "&lt;prisoners&gt; &amp; more" in text and "<prisoners>" not in text


def test_question_is_taken_from_slack_markup():
    assert question_from_text(f"<@{BOT_USER_ID}> who &amp; why <https://x.org|this> now?") == "who & why this now?"
    assert question_from_text(f"<@{BOT_USER_ID}|newsdesk>") == ""
    assert question_from_text("<!here> <@U0BOB|bob> where? <#C0NEWS|news>") == "where? news"


def test_conflicts_and_superseded_values_show_who_and_when():
    answer = _answer(conflicts=[Evidence(value="25,000", citations=[2], sources=1, dates=["2026-05-03"],
                                         attributed_to="Organisers")],
                     superseded=[Evidence(value="9", citations=[3], sources=1, dates=["2026-05-01"])])
    blocks = answer_blocks(answer)
    assert_within_slack_limits(blocks)
    text = all_text(blocks)
    assert "Organisers said “25,000” [2] (2026-05-03) · 1 independent source" in text
    assert "Superseded by later reports:* “9” [3] (2026-05-01) · 1 independent source" in text
