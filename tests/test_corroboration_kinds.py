"""Every kind of corroboration issue 15 names, end to end on mini-clusters written before they were
run (tests/corroboration_kinds.py), asked of the whole index (seeds + clusters + distractors) and
judged by the clusters eval's own rules. Real index, real model.

Questions the answerer's scoring or asked-attribute steps still get wrong (not the corroboration
step) are strict xfails naming why, so they turn red the day they pass."""

from __future__ import annotations

from datetime import date

import pytest

from service.evaluate import judge_cluster_question
from tests.corroboration_kinds import ARTICLES, QUESTIONS

SCORING = {  # question → why the value is wrong (a step other than corroboration)
    "What pay offer did the Korsby bus drivers accept?": "a pay offer is a figure: the asked attribute is not checked",
    "How long was the girl stranded on Carrow Crag?": "'14-year-old' is an age, yet fits 'how long' as a duration",
    "Who led the team that rescued the girl on Carrow Crag?": "the tagger calls 'Fenmoor' a person and it scores first",
    "How many people were missing after the Osterby landslide?": "the figure beside 'killed' outscores the one beside 'missing'",
    "What was the turnout in the Kestrel Bay mayoral election?": "the vote share outscores the figure beside 'Turnout'",
}


@pytest.fixture(scope="module")
def kinds(seed_index_dir, desk, tmp_path_factory):
    import shutil

    from service.engine import Newsdesk

    target = tmp_path_factory.mktemp("kinds") / "index"
    shutil.copytree(seed_index_dir, target)
    news = Newsdesk(target, embedder=desk.embedder)
    news.add(ARTICLES)
    return news


def _expectation(q: dict) -> dict:
    return {"answers": q["answers"], "kind": q["kind"], "independent_sources": q.get("sources"),
            "conflict_values": q.get("conflict_values"), "superseded": q.get("superseded")}


@pytest.mark.parametrize("q", [
    pytest.param(q, id=q["q"], marks=[pytest.mark.xfail(reason=SCORING[q["q"]], strict=True)] if q["q"] in SCORING else [])
    for q in QUESTIONS])
def test_kind(kinds, q):
    answer = kinds.ask(q["q"])
    verdict = judge_cluster_question(_expectation(q), answer)
    assert verdict["ok"], answer.text


def test_kinds_covered():
    assert {q["kind"] for q in QUESTIONS} == {"agree", "conflict", "update", "correction", "syndicated", "single"}
    assert len({a.doc_id for a in ARTICLES}) == len(ARTICLES)


def test_a_conflict_is_attributed_and_dated_in_the_text(kinds):
    answer = kinds.ask("How many people took part in the march in Harwick?")
    shown = {e.value: e for e in answer.support + answer.conflicts}
    assert set(shown) == {"6,500", "18,000"}
    assert shown["18,000"].attributed_to == "Organisers" and shown["18,000"].dates == ["2026-03-09"]
    assert "Organisers said 18,000" in answer.text and "9 March 2026" in answer.text
    for e in answer.support + answer.conflicts:  # each value quotes the sentence that states it
        assert all(e.value in answer.citations[n - 1].quote for n in e.citations)


def test_wire_copies_count_once_and_the_text_says_so(kinds):
    answer = kinds.ask("Who led the team that rescued the girl on Carrow Crag?")
    bryce = next(e for e in answer.support + answer.conflicts if e.value == "Hal Bryce")
    assert bryce.sources == 1 and bryce.articles == 3
    assert bryce.attributed_to is None  # he is the one speaking, not the one reported


def test_a_correction_never_supports_the_speaker_it_retracts(kinds):
    answer = kinds.ask("Who said the town of Dunmore had never looked so alive?")
    assert all("Lindqvist" not in e.value for e in answer.support + answer.conflicts)
    assert [e.value for e in answer.superseded] == ["Cara Lindqvist"]


def test_as_of_answers_as_things_stood(kinds):
    before = kinds.ask("When will the new Pellworth swimming pool open?", as_of=date(2026, 2, 1))
    assert before.answer == "2 March" and not before.superseded
    now = kinds.ask("When will the new Pellworth swimming pool open?")
    assert now.answer == "13 April" and [e.value for e in now.superseded] == ["2 March"]
    assert now.superseded[0].dates == ["2026-01-20"] and "superseded: 2 March (20 January 2026)" in now.text
    toll = kinds.ask("How many people were killed in the Osterby landslide?", as_of=date(2026, 10, 5))
    assert toll.answer == "12" and "seven" in [e.value for e in toll.superseded] and not toll.conflicts
