"""service/client.py against a real uvicorn: the same models, typed errors, retries, the CLI's --url."""

from __future__ import annotations

import asyncio
import time

import pytest
from typer.testing import CliRunner

from service.cli import app as cli
from service.client import AsyncClient, Client, NotFound, NotReady, TooLarge, Unauthorized, Validation
from service.models import Answer, DocumentList
from tests.live_server import live_server

KEY = "w-client-2a9c4e"
QUESTION = "who mediated earlier swaps?"


@pytest.fixture(scope="module")
def server(seed_index_dir, tmp_path_factory):
    with live_server(seed_index_dir, tmp_path_factory.mktemp("client"), NEWSDESK_WRITE_KEY=KEY) as base:
        yield base


def test_ask_returns_the_servers_model(server):
    with Client(server) as client:
        answer = client.ask(QUESTION)
        assert isinstance(answer, Answer) and "UAE" in answer.answer
        assert isinstance(client.documents(), DocumentList) and client.stats().documents >= 5
        assert client.search("prisoner exchange", k=3).results[0].rank == 1
        assert client.ready()


def test_document_list_pages(server):
    with Client(server) as client:
        total = client.stats().documents
        first, second = client.documents(limit=2), client.documents(limit=2, offset=2)
        assert first.count == second.count == 2 and first.total == total
        assert not {d.doc_id for d in first.documents} & {d.doc_id for d in second.documents}
        everything = client.all_documents()
        assert len(everything) == total == len({d.doc_id for d in everything})

    async def run():
        async with AsyncClient(server) as client:
            return await client.all_documents()

    assert len(asyncio.run(run())) == total


def test_async_client_asks_concurrently(server):
    async def run():
        async with AsyncClient(server) as client:
            return await asyncio.gather(*(client.ask(QUESTION) for _ in range(3)))

    answers = asyncio.run(run())
    assert all(a.answer == answers[0].answer for a in answers)


def test_add_get_delete_with_the_key_from_the_environment(server, monkeypatch):
    monkeypatch.setenv("NEWSDESK_API_KEY", KEY)
    with Client(server) as client:
        added = client.add({"doc_id": "client-1", "text": "The Orlan ferry resumed on Monday, the port said."})
        assert added.doc_id == "client-1" and client.document("client-1").text.startswith("The Orlan ferry")
        assert client.delete("client-1").deleted == "client-1"
        with pytest.raises(NotFound) as missing:
            client.document("client-1")
        assert missing.value.status == 404 and "client-1" in missing.value.detail


def test_typed_errors(server):
    with Client(server, key="wrong-key") as client:
        with pytest.raises(Unauthorized) as denied:
            client.add({"text": "x"})
        assert denied.value.status == 401
    with Client(server, key=KEY) as client:
        with pytest.raises(Validation) as invalid:
            client.ask("   ")
        assert invalid.value.errors[0]["field"] == "question"
        with pytest.raises(Validation):
            client.ask(QUESTION, k=51)
        with pytest.raises(TooLarge) as large:
            client.add({"text": "a" * (17 * 1024 * 1024)})
        assert large.value.status == 413 and "too large" in large.value.detail


def test_not_ready_is_retried_with_backoff_then_raised(seed_index_dir, tmp_path):
    broken = tmp_path / "index"
    broken.mkdir()
    (broken / "CURRENT").write_text("missing-snapshot")
    with live_server(seed_index_dir, tmp_path, wait_ready=False) as base:
        with Client(base, retries=1, backoff=0.05) as client:
            started = time.monotonic()
            with pytest.raises(NotReady) as not_ready:
                client.ask(QUESTION)
            elapsed = time.monotonic() - started
        assert not_ready.value.status == 503 and "could not be loaded" in not_ready.value.detail
        assert elapsed >= 1.5  # one retry after the server's Retry-After (2 s)


def test_cli_url_prints_what_the_local_cli_prints(server, seed_index_dir, monkeypatch):
    runner = CliRunner()
    monkeypatch.setenv("NEWSDESK_INDEX_DIR", str(seed_index_dir))
    local = runner.invoke(cli, ["ask", QUESTION])
    remote = runner.invoke(cli, ["ask", "--url", server, QUESTION])
    assert local.exit_code == 0 and remote.exit_code == 0, remote.output
    assert remote.output == local.output and "UAE" in remote.output
    stats = runner.invoke(cli, ["stats", "--url", server])
    assert stats.exit_code == 0 and '"documents"' in stats.output
    searched = runner.invoke(cli, ["search", "--url", server, "prisoner exchange", "-k", "2"])
    assert searched.exit_code == 0 and searched.output.startswith("1. ")


def test_cli_url_index_uploads_and_reports_errors(server, tmp_path):
    runner = CliRunner()
    article = tmp_path / "orlan bridge.txt"
    article.write_text("Orlan bridge reopens\nThe Orlan bridge reopened on Friday after repairs, the council said.\n")
    denied = runner.invoke(cli, ["index", "--url", server, str(article)])
    assert denied.exit_code == 1 and "401" in denied.output
    done = runner.invoke(cli, ["index", "--url", server, "--key", KEY, str(article)])
    assert done.exit_code == 0 and "added 1" in done.output, done.output
    bad = runner.invoke(cli, ["ask", "--url", server, "x" * 1001])
    assert bad.exit_code == 2
