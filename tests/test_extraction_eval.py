"""The extraction metrics, and a short run on the real development pages (the full run is README's)."""

from __future__ import annotations

import json

import pytest

from service import evaluate_extraction as extraction
from tests.conftest import SHARED_DATA

PAGES = SHARED_DATA / "web-pages"


def test_snippet_metric_counts_as_trafilatura_does():
    counts = extraction.snippet_counts("The  bridge\nreopened on Saturday. Share this",
                                       must=["bridge reopened", "cost 14 million"], must_not=["Share this", "Most read"])
    assert dict(counts) == {"tp": 1, "fn": 1, "fp": 1, "tn": 1}
    scores = extraction.snippet_scores(counts)
    assert scores["precision"] == 0.5 and scores["recall"] == 0.5 and scores["accuracy"] == 0.5


def test_shingle_metric_keeps_counts_and_averages_pages():
    truth = "one two three four five six"
    assert extraction.shingle_page(truth, truth) == (1.0, 1.0)
    precision, recall = extraction.shingle_page(truth + " menu home sport weather", truth)
    assert recall == 1.0 and precision == pytest.approx(3 / 7)
    repeated = extraction.shingle_page("a b c d a b c d", "a b c d")
    assert repeated[0] == pytest.approx(1 / 5) and repeated[1] == 1.0  # counts: a repeated block is not free
    scores = extraction.evaluate_truth({"p1": truth}, {"p1": truth, "p2": "seven eight nine ten eleven"})
    assert scores["pages"] == 2 and scores["recall"] == 0.5 and scores["precision"] == 0.5


@pytest.mark.skipif(not PAGES.is_dir(), reason="needs ../shared/data/web-pages")
def test_newsdesk_beats_trafilatura_alone_on_a_sample_of_dev_pages():
    result = extraction.evaluate_pages(PAGES, ["newsdesk", "trafilatura"], limit=40)
    ours, alone = result["extractors"]["newsdesk"], result["extractors"]["trafilatura"]
    assert ours["precision"] >= 0.9 and ours["f1"] >= alone["f1"] and ours["precision"] > alone["precision"]


def test_eval_extraction_cli_scores_extract_output_against_truth(tmp_path):
    from typer.testing import CliRunner

    from service.cli import app

    page = tmp_path / "page.html"
    body = ("The harbour board said on Tuesday that the fish market will move to the old quay in June, "
            "ending forty years at the station square. Traders said the quay offers more space.")
    page.write_text(f"<html><body><nav>Home Sport Weather</nav><article><p>{body}</p></article></body></html>")
    runner = CliRunner()
    extracted = runner.invoke(app, ["extract", str(page), "--json"])
    (tmp_path / "extracted.jsonl").write_text("\n".join(l for l in extracted.stdout.splitlines() if l.startswith("{")))
    (tmp_path / "truth.jsonl").write_text(json.dumps({"id": "page.html", "text": body}))
    result = runner.invoke(app, ["eval", "extraction", "--extracted", str(tmp_path / "extracted.jsonl"),
                                 "--truth", str(tmp_path / "truth.jsonl"), "--out", str(tmp_path / "r.json")])
    assert result.exit_code == 0, result.output
    scores = json.loads((tmp_path / "r.json").read_text())
    assert scores["pages"] == 1 and scores["precision"] == 1.0 and scores["recall"] == 1.0
