"""API keys, metrics, request ids with JSON logs, and CORS on the real app over the real desk."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from service.api import create_app
from service.settings import Settings

WRITE_KEY = "w-3c1f0a9e5b7d"
READ_KEY = "r-8e2d4b6a1c0f"
ADMIN_KEY = "a-5f7e9d1b3c2a"


@pytest.fixture
def make_client(desk):
    clients = []

    def make(**overrides) -> TestClient:
        client = TestClient(create_app(desk, Settings(index_dir=desk.index_dir, **overrides)))
        clients.append(client.__enter__())
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


# ---------------------------------------------------------------- keys


def test_writes_need_the_write_key_when_it_is_set(make_client):
    client = make_client(write_key=WRITE_KEY)
    for response in (
        client.post("/documents", json={"text": "x"}),
        client.post("/documents", json={"text": "x"}, headers=bearer("wrong")),
        client.post("/documents", json={"text": "x"}, headers={"Authorization": WRITE_KEY}),  # no scheme
        client.delete("/documents/some-id"),
        client.delete("/documents/some-id", headers=bearer(WRITE_KEY + "x")),
    ):
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert "NEWSDESK_WRITE_KEY" in response.json()["detail"] or "NEWSDESK_ADMIN_KEY" in response.json()["detail"]
        assert response.json()["errors"] == []
    # With the key the request reaches the route: validation (422) and lookup (404) answer.
    assert client.post("/documents", json={"text": "  "}, headers=bearer(WRITE_KEY)).status_code == 422
    # No admin key configured: the write key is the admin key too.
    assert client.delete("/documents/no-such-doc", headers=bearer(WRITE_KEY)).status_code == 404


def test_a_real_write_with_the_key_is_accepted(fresh_desk):
    settings = Settings(index_dir=fresh_desk.index_dir, write_key=WRITE_KEY)
    with TestClient(create_app(fresh_desk, settings)) as client:
        article = {"doc_id": "keyed-1", "title": "Keyed", "text": "The harbour reopened on Tuesday after repairs."}
        assert client.post("/documents", json=article).status_code == 401
        assert client.post("/documents", json=article, headers=bearer(WRITE_KEY)).status_code == 201
        assert client.get("/documents/keyed-1").status_code == 200
        assert client.delete("/documents/keyed-1").status_code == 401
        assert client.delete("/documents/keyed-1", headers=bearer(WRITE_KEY)).status_code == 200


def test_admin_scope_guards_deletes_and_feedback(make_client):
    client = make_client(write_key=WRITE_KEY, admin_key=ADMIN_KEY)
    # The write key adds but neither deletes nor reads feedback (Slack user ids, questions from DMs).
    assert client.post("/documents", json={"text": "  "}, headers=bearer(WRITE_KEY)).status_code == 422
    assert client.delete("/documents/no-such-doc", headers=bearer(WRITE_KEY)).status_code == 401
    assert client.get("/feedback", headers=bearer(WRITE_KEY)).status_code == 401
    assert client.get("/feedback").status_code == 401
    assert client.delete("/documents/no-such-doc", headers=bearer(ADMIN_KEY)).status_code == 404
    assert client.get("/feedback", headers=bearer(ADMIN_KEY)).status_code == 200
    assert client.post("/documents", json={"text": "  "}, headers=bearer(ADMIN_KEY)).status_code == 422


def test_reads_stay_open_with_only_the_write_key(make_client):
    client = make_client(write_key=WRITE_KEY)
    assert client.get("/documents").status_code == 200
    assert client.post("/search", json={"question": "prisoner exchange"}).status_code == 200


def test_non_ascii_or_huge_authorization_is_401_not_500(make_client):
    client = make_client(write_key=WRITE_KEY)
    for value in ("Bearer ключ".encode("utf-8"), b"Bearer " + b"k" * 8000):
        response = client.post("/documents", json={"text": "x"}, headers={"Authorization": value})
        assert response.status_code == 401
        assert len(response.content) < 300


def test_read_key_guards_reads_but_not_probes_metrics_or_slack(make_client):
    client = make_client(write_key=WRITE_KEY, read_key=READ_KEY)
    assert client.get("/documents").status_code == 401
    assert client.post("/ask", json={"question": "Who met in Istanbul?"}).status_code == 401
    assert client.get("/feedback").status_code == 401
    assert client.get("/feedback", headers=bearer(READ_KEY)).status_code == 401
    assert client.get("/documents", headers=bearer(READ_KEY)).status_code == 200
    assert client.get("/documents", headers=bearer(WRITE_KEY)).status_code == 200  # the write key reads too
    assert client.post("/documents", json={"text": "x"}, headers=bearer(READ_KEY)).status_code == 401
    for path in ("/healthz", "/readyz", "/metrics"):
        assert client.get(path).status_code == 200, path
    assert client.post("/slack/events", content=b"{}").status_code == 503  # not configured, not 401


def test_only_a_read_key_does_not_open_writes(make_client):
    """Regression: with only NEWSDESK_READ_KEY set, the read key used to allow writes."""
    client = make_client(read_key=READ_KEY)
    for headers in ({}, bearer(READ_KEY)):
        response = client.delete("/documents/no-such-doc", headers=headers)
        assert response.status_code == 403 and "NEWSDESK_WRITE_KEY" in response.json()["detail"]
        assert client.post("/documents", json={"text": "x"}, headers=headers).status_code == 403


def test_no_keys_means_writes_are_refused(make_client):
    """Regression: with no key set every write used to be open."""
    client = make_client()
    for response in (client.delete("/documents/no-such-doc"), client.post("/documents", json={"text": "x"}),
                     client.get("/feedback")):
        assert response.status_code == 403
        assert "NEWSDESK_ALLOW_OPEN_WRITES" in response.json()["detail"]
    assert client.get("/documents").status_code == 200  # reads stay open


def test_open_writes_only_when_told(make_client):
    client = make_client(allow_open_writes=True)
    assert client.delete("/documents/no-such-doc").status_code == 404
    assert client.get("/feedback").status_code == 200


@pytest.mark.parametrize("overrides, expected", [
    ({}, "writes are DISABLED"),
    ({"allow_open_writes": True}, "writes are OPEN"),
    ({"write_key": WRITE_KEY}, "writes need a key"),
])
def test_start_up_says_loudly_who_may_write(desk, caplog, overrides, expected):
    with caplog.at_level("WARNING", logger="newsdesk.api"):
        with TestClient(create_app(desk, Settings(index_dir=desk.index_dir, **overrides))):
            pass
    assert any(expected in r.getMessage() for r in caplog.records), [r.getMessage() for r in caplog.records]


# ---------------------------------------------------------------- metrics


def _sample(metrics: str, name: str, **labels: str) -> float:
    for line in metrics.splitlines():
        if line.startswith(name + "{") and all(f'{k}="{v}"' in line for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"no sample {name} {labels}")


def test_metrics_count_requests_per_route_template_and_report_index_size(make_client, desk):
    client = make_client()
    for doc_id in ("missing-a", "missing-b", "missing-c"):
        assert client.get(f"/documents/{doc_id}").status_code == 404
    client.get("/no/such/path")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    labels = {"method": "GET", "route": "/documents/{doc_id}"}
    assert _sample(text, "newsdesk_http_requests_total", status="404", **labels) == 3
    assert _sample(text, "newsdesk_http_request_duration_seconds_count", **labels) == 3
    assert _sample(text, "newsdesk_http_request_duration_seconds_bucket", le="+Inf", **labels) == 3
    assert _sample(text, "newsdesk_http_requests_total", route="unmatched", status="404") == 1
    assert "missing-a" not in text
    documents = desk.documents()
    assert _sample(text, "newsdesk_index_size", kind="documents") == len(documents) > 0
    assert _sample(text, "newsdesk_index_size", kind="chunks") == sum(d.chunks for d in documents)


# ---------------------------------------------------------------- request ids and logs


def _log_lines(captured: str) -> list[dict]:
    lines = []
    for line in captured.splitlines():
        try:
            lines.append(json.loads(line))
        except ValueError:
            continue
    return lines


def test_request_id_is_echoed_and_logged_as_json(make_client, capsys):
    client = make_client(write_key=WRITE_KEY)
    response = client.get("/documents/missing-x", headers={"X-Request-ID": "abc-123.req"})
    assert response.headers["x-request-id"] == "abc-123.req"
    rejected = client.post("/documents", json={"text": "x"}, headers={"X-Request-ID": "rejected-1"})
    assert rejected.status_code == 401 and rejected.headers["x-request-id"] == "rejected-1"

    logs = _log_lines(capsys.readouterr().err)
    entry = next(e for e in logs if e.get("request_id") == "abc-123.req")
    assert entry["logger"] == "newsdesk.access"
    assert entry["route"] == "/documents/{doc_id}" and entry["status"] == 404 and entry["method"] == "GET"
    assert entry["duration_ms"] >= 0
    assert any(e.get("request_id") == "rejected-1" and e["status"] == 401 for e in logs)


def test_unusable_request_id_is_replaced(make_client):
    client = make_client()
    for given in ("x" * 500, "bad id with spaces", ""):
        response = client.get("/healthz", headers={"X-Request-ID": given})
        assert re.fullmatch(r"[0-9a-f]{32}", response.headers["x-request-id"])


# ---------------------------------------------------------------- CORS


def test_cors_allows_configured_origins_only(make_client):
    client = make_client(cors_origins=("https://news.example",), read_key=READ_KEY)
    preflight = client.options(
        "/ask",
        headers={"Origin": "https://news.example", "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "authorization,content-type"},
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "https://news.example"
    denied = client.get("/healthz", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in denied.headers
    # A 401 still carries CORS headers, so a browser app can show why.
    unauthorized = client.get("/documents", headers={"Origin": "https://news.example"})
    assert unauthorized.status_code == 401
    assert unauthorized.headers["access-control-allow-origin"] == "https://news.example"


def test_no_cors_headers_unless_configured(make_client):
    client = make_client()
    response = client.get("/healthz", headers={"Origin": "https://news.example"})
    assert "access-control-allow-origin" not in response.headers


def test_settings_read_keys_and_origins_from_env(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSDESK_INDEX_DIR", str(tmp_path))
    monkeypatch.setenv("NEWSDESK_WRITE_KEY", WRITE_KEY)
    monkeypatch.setenv("NEWSDESK_ADMIN_KEY", ADMIN_KEY)
    monkeypatch.setenv("NEWSDESK_ALLOW_OPEN_WRITES", "1")
    monkeypatch.setenv("NEWSDESK_READ_KEY", "  ")
    monkeypatch.setenv("NEWSDESK_CORS_ORIGINS", "https://a.example, https://b.example,")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")
    settings = Settings.from_env()
    assert settings.index_dir == tmp_path and settings.write_key == WRITE_KEY and settings.read_key is None
    assert settings.admin_key == ADMIN_KEY and settings.allow_open_writes
    assert settings.cors_origins == ("https://a.example", "https://b.example")
    assert settings.slack_api_url == "http://127.0.0.1:9/api/"
