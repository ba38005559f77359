"""Golden questions over seeds/: short verbatim answers, faithful citations, abstention, conflicts.

The answerer never sees this file; `golden.jsonl` holds paraphrases that share few words with
the articles, unanswerable questions, and one question the sources disagree on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from service.evaluate import is_right, load_golden

GOLDEN = load_golden(Path(__file__).parent / "golden.jsonl")
ANSWERABLE = [g for g in GOLDEN if not g.get("unanswerable")]
UNANSWERABLE = [g for g in GOLDEN if g.get("unanswerable")]


@pytest.fixture(scope="module")
def answers(desk):
    return {g["question"]: desk.ask(g["question"]) for g in GOLDEN}


def test_golden_set_is_substantial():
    assert len(ANSWERABLE) >= 25 and len(UNANSWERABLE) >= 5
    assert any(g.get("conflict") for g in GOLDEN)


def test_headline_question(desk):
    answer = desk.ask("who mediated earlier swaps?")
    assert not answer.abstained
    assert "United Arab Emirates" in answer.answer or "UAE" in answer.answer
    assert answer.citations[0].doc_id.startswith("002_")
    assert answer.answer in answer.citations[0].quote
    assert answer.text.endswith("[1]") or "[1]" in answer.text


def test_golden_accuracy(answers):
    wrong = [(g["question"], answers[g["question"]].answer) for g in ANSWERABLE if not is_right(g, answers[g["question"]])]
    accuracy = 1 - len(wrong) / len(ANSWERABLE)
    assert accuracy >= 0.85, f"accuracy {accuracy:.0%}; wrong: {wrong}"


@pytest.mark.parametrize("golden", UNANSWERABLE, ids=lambda g: g["question"])
def test_unanswerable_questions_abstain(answers, golden):
    answer = answers[golden["question"]]
    assert answer.abstained and answer.answer is None
    assert answer.reason and answer.reason in answer.text
    assert answer.confidence == 0.0


def test_every_quote_is_verbatim_at_its_offsets(desk, answers):
    for question, answer in answers.items():
        for citation in answer.citations:
            document = desk.document(citation.doc_id)
            assert document.text[citation.start:citation.end] == citation.quote, question
            assert f"[{citation.n}]" in answer.text, question
        if not answer.abstained and answer.question_type != "yes-no":
            assert answer.answer in answer.citations[0].quote, question
        for passage in answer.passages:
            assert desk.document(passage.doc_id).text[passage.start:passage.end] == passage.text


def test_answers_are_short_spans(answers):
    for golden in ANSWERABLE:
        answer = answers[golden["question"]]
        if not answer.abstained:
            assert len(answer.answer.split()) <= 25, golden["question"]
            assert 0.0 < answer.confidence <= 1.0


def test_disagreeing_sources_are_both_reported(answers):
    golden = next(g for g in GOLDEN if g.get("conflict"))
    answer = answers[golden["question"]]
    stated = {e.value for e in answer.support + answer.conflicts}
    for value in golden["conflict"]:
        assert any(value in s for s in stated), (value, stated)
    cited_docs = {answer.citations[n - 1].doc_id for e in answer.support + answer.conflicts for n in e.citations}
    assert len(cited_docs) >= 2
    assert "source" in answer.text
