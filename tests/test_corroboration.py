"""Values that mean the same thing group together; copies of one article count once."""

from __future__ import annotations

import pytest

from index.documents import Article
from service.normalize import number_value, same_value


@pytest.mark.parametrize("a,b,kind", [
    ("1,000", "1000", "CARDINAL"), ("1,000", "one thousand", "CARDINAL"), ("2.5 million", "2,500,000", "CARDINAL"),
    ("390", "three hundred and ninety", "CARDINAL"),
    ("Zelensky", "Zelenskyy", "PERSON"), ("Zelensky", "Volodymyr Zelensky", "PERSON"),
    ("Sergei Lavrov", "Sergey Lavrov", "PERSON"), ("UAE", "the United Arab Emirates", None),
    ("16 May", "May 16", "DATE"),
])
def test_same_value(a, b, kind):
    assert same_value(a, b, kind) and same_value(b, a, kind)


@pytest.mark.parametrize("a,b,kind", [
    ("390", "780", "CARDINAL"), ("1,000", "100", "CARDINAL"), ("Zelensky", "Putin", "PERSON"),
    ("16 May", "23 May", "DATE"), ("the swap", "the talks", "NP"),
])
def test_different_values(a, b, kind):
    assert not same_value(a, b, kind)


def test_number_value():
    assert number_value("about 400") == 400
    assert number_value("1,000-for-1,000") == 1000
    assert number_value("no number here") is None


def test_disagreeing_sources_are_reported_with_quotes(desk):
    answer = desk.ask("How many prisoners were exchanged in total?")
    values = {e.value: e for e in answer.support + answer.conflicts}
    assert "780" in values and "390" in values
    for evidence in answer.support + answer.conflicts:
        for n in evidence.citations:
            citation = answer.citations[n - 1]
            assert evidence.value in citation.quote
            assert desk.document(citation.doc_id).text[citation.start:citation.end] == citation.quote
    assert "1 source reports" in answer.text or "sources report" in answer.text


def test_agreeing_sources_are_counted(desk):
    answer = desk.ask("How many prisoners did each side release in the first phase?")
    assert answer.answer == "390"
    assert answer.support[0].sources >= 2
    assert len({answer.citations[n - 1].doc_id for n in answer.support[0].citations}) == answer.support[0].sources


def test_syndicated_copy_counts_once(fresh_desk):
    original = fresh_desk.document("002_0099220ac315c304")
    fresh_desk.add([Article("syndicated-copy", "Copy", original.text)])
    passages = fresh_desk.search("who mediated earlier swaps?", k=5)
    spans = [(p.start, p.end, p.text) for p in passages]
    assert len(spans) == len(set(p.text for p in passages)), "a copy filled a slot of the top-k"
    answer = fresh_desk.ask("who mediated earlier swaps?")
    assert "UAE" in answer.answer or "United Arab Emirates" in answer.answer
    assert answer.support[0].sources == 1


def test_relative_dates_resolve_to_the_publication_date(fresh_desk):
    fresh_desk.add([Article("dated", "Talks resume", "Published 3 March 2025.\nThe two delegations met in Geneva on Friday "
                            "to discuss a ceasefire. The meeting lasted four hours.", published="2025-03-03")])
    answer = fresh_desk.ask("When did the delegations meet in Geneva?", doc_ids=["dated"])
    assert answer.answer == "Friday"
    assert answer.resolved_date == "2025-02-28"
    assert "28 February 2025" in answer.text
