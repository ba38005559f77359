"""Filters (since, until, sources, language) applied inside retrieval, in the engine, the API,
the CLI and the Slack bot; `since` after every document → an abstention that says why."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from fastapi.testclient import TestClient

from index.documents import Article
from service.filters import Filters, chunk_mask, filters_in_text

QUESTION = "How much does an adult ticket for the Lake Orvin ferry cost?"
REPORTS = [
    Article("orvin-jan", "Lake Orvin ferry fares set for the year",
            "Lake Orvin ferry fares set for the year\n\nAn adult ticket for the Lake Orvin ferry costs 12 euros this year, "
            "the ferry company said on Friday. Children under six travel free.",
            published="2025-01-10", url="https://www.orvingazette.example/2025/01/ferry", site="Orvin Gazette", language="en"),
    Article("orvin-mar", "Lake Orvin ferry raises fares",
            "Lake Orvin ferry raises fares\n\nAn adult ticket for the Lake Orvin ferry now costs 15 euros, the ferry "
            "company said on Saturday, citing the price of fuel. Children under six still travel free.",
            published="2025-03-15", url="https://news.lakesidepost.example/ferry-fares", site="Lakeside Post", language="en"),
    Article("orvin-apr", "Lake Orvin ferry fare cut",
            "Lake Orvin ferry fare cut\n\nAn adult ticket for the Lake Orvin ferry costs 11 euros from May, the Orvin "
            "Gazette learned on Monday, after the region agreed to subsidise the crossing.",
            published="2025-04-20", url="https://www.orvingazette.example/2025/04/ferry-cut", site="Orvin Gazette", language="en"),
    Article("orvin-de", "Fähre auf dem Orvinsee wird teurer",
            "Fähre auf dem Orvinsee wird teurer\n\nEin Ticket für Erwachsene kostet auf der Fähre über den Orvinsee "
            "jetzt 15 Euro, teilte die Reederei am Samstag mit.",
            published="2025-03-16", url="https://www.seebote.example/faehre", site="Seebote", language="de"),
]


@pytest.fixture(scope="module")
def filtered_desk(tmp_path_factory, seed_index_dir, desk):
    import shutil

    from service.engine import Newsdesk

    directory = tmp_path_factory.mktemp("filters") / "index"
    shutil.copytree(seed_index_dir, directory)
    fresh = Newsdesk(directory, embedder=desk.embedder)
    fresh.add(REPORTS)
    return fresh


def cited(answer) -> set[str]:
    return {c.doc_id for c in answer.citations} | {p.doc_id for p in answer.passages}


def test_a_question_is_answered_only_from_the_requested_period_and_source(filtered_desk):
    march = filtered_desk.ask(QUESTION, filters=Filters.of(since=date(2025, 3, 1), until=date(2025, 3, 31),
                                                           sources=["lakesidepost.example"]))
    assert not march.abstained and "15 euros" in march.answer and cited(march) == {"orvin-mar"}
    gazette = filtered_desk.ask(QUESTION, filters=Filters.of(sources=["Orvin Gazette"], until=date(2025, 2, 1)))
    assert "12 euros" in gazette.answer and cited(gazette) == {"orvin-jan"}
    spring = filtered_desk.ask(QUESTION, filters=Filters.of(since=date(2025, 4, 1), sources=["orvingazette.example"]))
    assert "11 euros" in spring.answer and cited(spring) <= {"orvin-apr"}


def test_since_after_every_document_abstains_and_says_why(filtered_desk):
    answer = filtered_desk.ask(QUESTION, filters=Filters.of(since=date(2031, 1, 1)))
    assert answer.abstained and not answer.citations
    assert "no indexed article was published on or after 2031-01-01" in answer.reason
    assert "the newest is from" in answer.reason
    unknown = filtered_desk.ask(QUESTION, filters=Filters.of(sources=["nowhere.example"]))
    assert unknown.abstained and "from nowhere.example" in unknown.reason


def test_language_filter(filtered_desk):
    passages = filtered_desk.search("Fähre Orvinsee Ticket", k=5, filters=Filters.of(language="de"))
    assert {p.doc_id for p in passages} == {"orvin-de"}
    assert "orvin-de" not in {p.doc_id for p in filtered_desk.search(QUESTION, k=10, filters=Filters.of(language="en"))}


def test_the_mask_is_applied_inside_candidate_search(filtered_desk, monkeypatch):
    """With candidate lists shorter than the allowed rows, a filtered search must still find the
    allowed rows' best chunks: dropping results after an unfiltered search would find none."""
    from service import retrieve as retrieval

    snapshot = filtered_desk.snapshot
    vector = filtered_desk.embedder.encode_one(QUESTION)
    top = {h.row for h in retrieval.retrieve(snapshot, QUESTION, vector, 5)}
    mask = np.ones(len(snapshot.chunks), dtype=bool)
    mask[list(top)] = False  # forbid the unfiltered winners
    monkeypatch.setattr(retrieval, "CANDIDATES", 5)
    hits = retrieval.retrieve(snapshot, QUESTION, vector, 5, mask=mask)
    assert len(hits) == 5 and not {h.row for h in hits} & top and all(mask[h.row] for h in hits)
    for mode in ("bm25", "dense"):
        assert all(mask[h.row] for h in retrieval.retrieve(snapshot, QUESTION, vector, 5, mode=mode, mask=mask))


def test_api_filters_and_document_paging(filtered_desk, tmp_path):
    from service.api import create_app
    from service.settings import Settings

    with TestClient(create_app(filtered_desk, Settings(index_dir=tmp_path / "state"))) as client:
        body = {"question": QUESTION, "since": "2025-03-01", "until": "2025-03-31", "sources": ["Lakeside Post"]}
        answer = client.post("/ask", json=body).json()
        assert "15 euros" in answer["answer"] and {c["doc_id"] for c in answer["citations"]} == {"orvin-mar"}
        results = client.post("/search", json={**body, "k": 10}).json()["results"]
        assert results and {r["doc_id"] for r in results} == {"orvin-mar"}
        late = client.post("/ask", json={"question": QUESTION, "since": "2031-01-01"}).json()
        assert late["abstained"] and "2031-01-01" in late["reason"]
        bad = client.post("/ask", json={"question": QUESTION, "since": "2025-05-01", "until": "2025-01-01"})
        # An empty period is schema-valid (JSON Schema cannot relate two fields): no 422, nothing matches.
        assert bad.status_code == 200 and bad.json()["abstained"], bad.text

        page = client.get("/documents", params={"sources": "orvingazette.example", "limit": 1}).json()
        assert page["total"] == 2 and page["count"] == 1 and page["documents"][0]["doc_id"] == "orvin-jan"
        second = client.get("/documents", params={"sources": "orvingazette.example", "limit": 1, "offset": 1}).json()
        assert second["documents"][0]["doc_id"] == "orvin-apr" and second["documents"][0]["site"] == "Orvin Gazette"
        german = client.get("/documents", params={"language": "de"}).json()
        assert [d["doc_id"] for d in german["documents"]] == ["orvin-de"] and german["documents"][0]["language"] == "de"
        assert client.get("/documents", params={"limit": 0}).status_code == 422
        assert client.get("/documents", params={"since": "not-a-date"}).status_code == 422


def test_cli_filters(filtered_desk, monkeypatch):
    from typer.testing import CliRunner

    from service import cli

    monkeypatch.setenv("NEWSDESK_INDEX_DIR", str(filtered_desk.index_dir))
    result = CliRunner().invoke(cli.app, ["ask", QUESTION, "--since", "2025-03-01", "--until", "2025-03-31",
                                          "--source", "lakesidepost.example"])
    assert result.exit_code == 0, result.output
    assert "15 euros" in result.output and "orvin-jan" not in result.output and "orvin-apr" not in result.output
    late = CliRunner().invoke(cli.app, ["ask", QUESTION, "--since", "2031-01-01"])
    assert "no indexed article was published on or after 2031-01-01" in late.output


def test_slack_filter_words():
    question, filters = filters_in_text("since:2025-03-01 source:bbc.co.uk lang:EN What did the ministry say?")
    assert question == "What did the ministry say?"
    assert filters == Filters(since=date(2025, 3, 1), sources=("bbc.co.uk",), language="en")
    with pytest.raises(ValueError, match="since"):
        filters_in_text("since:yesterday what happened?")


def test_slack_answers_within_the_filters(filtered_desk):
    from service.slack import _reply

    text, blocks = _reply(lambda: filtered_desk, f"<@U1> since:2025-03-01 until:2025-03-31 source:lakesidepost.example {QUESTION}")
    assert blocks is not None and "15 euros" in text
    text, blocks = _reply(lambda: filtered_desk, f"since:2031-01-01 {QUESTION}")
    assert "2031-01-01" in text


def test_chunk_mask_marks_only_the_documents_rows(filtered_desk):
    snapshot = filtered_desk.snapshot
    mask = chunk_mask(snapshot, ["orvin-mar"])
    assert mask.sum() == len(snapshot.chunks_by_doc["orvin-mar"])
    assert all(snapshot.chunks[r].doc_id == "orvin-mar" for r in np.flatnonzero(mask))


def test_many_named_documents_compete_through_candidate_search(filtered_desk, monkeypatch):
    """`doc_ids` holding more rows than a candidate search scores (an as_of over a large archive)
    become a row mask; a few named documents are still scored row by row. Either way only their
    chunks are returned."""
    from service import retrieve as retrieval

    snapshot = filtered_desk.snapshot
    vector = filtered_desk.embedder.encode_one(QUESTION)
    docs = list(snapshot.documents)[1:]
    mask, named = retrieval.many_documents_as_mask(snapshot, docs, 5)
    assert mask is None and named == docs  # the seeds' rows are fewer than CANDIDATES
    monkeypatch.setattr(retrieval, "CANDIDATES", 5)
    mask, named = retrieval.many_documents_as_mask(snapshot, docs, 5)
    assert named is None and mask.sum() == sum(len(snapshot.chunks_by_doc[d]) for d in docs)
    one = docs[:1]
    assert retrieval.many_documents_as_mask(snapshot, one, 50) == (None, one)
    hits = retrieval.LocalRetriever()(snapshot, QUESTION, vector, 5, doc_ids=docs)
    assert len(hits) == 5 and all(snapshot.chunks[h.row].doc_id in docs for h in hits)
