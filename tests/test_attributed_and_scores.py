"""An attribution ('according to X, what …') asks for X's words (question.py), and a score question
wants the match's scoreline (binding.score_first): hand-built sentences and groups, spaCy's parser
only (no index, no embedding model)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from service.answering import binding
from service.answering.candidates import SCORE
from service.answering.kinds import NOUN_PHRASE, QUOTE
from service.answering.question import analyse
from tests.parsed import Sentence


def cand(sentence: Sentence, text: str, score: float = 1.0, label: str = NOUN_PHRASE):
    start = sentence.text.index(text)
    return SimpleNamespace(text=text, start=start, end=start + len(text), sentence=sentence, score=score,
                           type_fit=1.0, label=label)


def group(*members):
    return SimpleNamespace(members=list(members), best=max(members, key=lambda c: c.score))


@pytest.mark.parametrize("text", [
    "According to the ferry company's chief, what were the crews short of?",
    "What, according to the harbour master, caused the delay?",
])
def test_an_attribution_to_a_speaker_asks_for_the_words_said(text):
    q = analyse(text)
    assert q.expected[0] == QUOTE
    assert q.verb != "accord"


def test_an_attribution_to_the_text_itself_asks_for_no_quotation():
    assert QUOTE not in analyse("According to the article, what caused the delay?").expected


@pytest.mark.parametrize("text, scoreline", [
    ("Kell beat Dorn 7-6 (7-3) 6-3 in the final.", "7-6 (7-3) 6-3"),
    ("She won 6-1 7-5 on Sunday.", "6-1 7-5"),
    ("The visitors won 2-0.", "2-0"),
])
def test_a_scoreline_with_its_tie_break_is_one_span(text, scoreline):
    assert [m.group() for m in SCORE.finditer(text)] == [scoreline]


def test_the_full_scoreline_goes_first_for_a_score_question():
    sentence = Sentence("Kell opened her season with a 6-1 7-5 win over Dorn, who led 5-4 in the second set.")
    dorn, games, match = (group(cand(sentence, t, s)) for t, s in (("Dorn", 3.0), ("5-4", 2.0), ("6-1 7-5", 1.0)))
    assert binding.score_first([dorn, games, match], True)[0] is match
    assert binding.score_first([dorn, games, match], False)[0] is dorn


@pytest.mark.parametrize("text, fact, expected", [
    # 'what kind / sort / type of N' asks for N said with a word of its kind
    ("What sort of care are the rescued sailors getting?", "sort_of", ["care"]),
    ("What kind of deal did the two ferry firms extend?", "sort_of", ["deal"]),
    ("What did the ferry firms extend?", "sort_of", []),
    # what did not come about: 'fail to …', a negated main verb
    ("What did the harbour talks fail to produce?", "lacking", True),
    ("What did the union not accept?", "lacking", True),
    ("What did the harbour talks produce?", "lacking", False),
    # a preposition left without its object
    ("What will the ferry company decide on?", "stranded", "on"),
    ("Once the vote is counted, what will the ferry company decide on?", "stranded", "on"),  # after a leading clause
    ("What will the ferry company decide on once the vote is counted?", "stranded", "on"),  # 'once' opens a clause
    ("What did the ferry company decide?", "stranded", ""),
    # a total
    ("How many ferries could the company buy in total?", "total", True),
    ("Altogether, how many crew were rescued?", "total", True),
    ("How many ferries did the company buy?", "total", False),
])
def test_what_the_question_asks(text, fact, expected):
    assert getattr(analyse(text), fact) == expected


def test_the_asked_noun_with_its_kind_goes_first():
    sentence = Sentence("The rescued sailors are in Tromso, where they are receiving medical and psychological care.")
    place = group(cand(sentence, "Tromso", 2.0))
    bare = group(cand(sentence, "care", 1.5))
    kind = group(cand(sentence, "medical and psychological care", 1.0))
    assert binding.sort_first([place, bare, kind], ["care"])[0] is kind
    assert binding.sort_first([place, bare, kind], [])[0] is place


@pytest.mark.parametrize("text, value, wanted", [
    ("The talks did not yield any progress towards a deal.", "any progress towards a deal", True),
    ("The strike has seen little progress towards a deal.", "little progress towards a deal", True),
    ("The talks failed to reach an agreement on pay.", "an agreement on pay", True),
    ("The talks produced an agreement on pay.", "an agreement on pay", False),
])
def test_what_the_text_says_did_not_come_about(text, value, wanted):
    assert binding.wanting(cand(Sentence(text), value)) is wanted


def test_what_did_not_come_about_goes_first_when_asked():
    sentence = Sentence("The talks lasted two hours but did not yield any progress towards a deal.")
    hours = group(cand(sentence, "two hours", 2.0))
    progress = group(cand(sentence, "any progress towards a deal", 1.0))
    for g in (hours, progress):
        g.best.sentence.similarity = 0.5
    assert binding.wanting_first([hours, progress], True)[0] is progress
    assert binding.wanting_first([hours, progress], False)[0] is hours


def test_a_prepositions_gerund_clause_is_a_candidate():
    from service.answering.candidates import gerund_clauses
    sentence = Sentence("The union said it would decide on signing a new contract after the vote is counted.")
    assert "signing a new contract" in [c.text for c in gerund_clauses(sentence)]


def test_a_name_of_the_asked_kind_keeps_its_place_against_another_verbs_subject():
    """'Which ministry said …': the text has the ministry 'indicate' it and someone else 'say' something."""
    first = Sentence("The Transport Ministry indicated that the strike was only the first of several.")
    other = Sentence("Meanwhile, Mayor Ilse Brandt said the ferries would run on Sunday.")
    ministry = group(cand(first, "The Transport Ministry", 2.0))
    mayor = group(cand(other, "Mayor Ilse Brandt", 1.0))
    assert binding.subject_first([ministry, mayor], "say", ["ministri", "ministry"])[0] is ministry
    assert binding.subject_first([ministry, mayor], "say")[0] is mayor  # no asked kind: the sayer goes first


@pytest.mark.parametrize("text, name, label, widened", [
    ("Relatives of the crews gathered in northern Norway on Sunday.", "Norway", "GPE", "northern Norway"),
    ("The firm's plants are mostly in eastern Europe.", "Europe", "LOC", "eastern Europe"),
    ("The firm's plants are mostly in Europe.", "Europe", "LOC", "Europe"),
    ("The North Sea ferries sailed.", "Sea", "ORG", "Sea"),  # not a place's label: unchanged
])
def test_a_place_is_widened_to_the_part_the_text_says(text, name, label, widened):
    c = cand(Sentence(text), name, label=label)
    binding.widen_to_the_part([c])
    assert c.text == widened and text[c.start:c.end] == widened


@pytest.mark.parametrize("text, value, total", [
    ("The yard will build up to 12 of its new ferries.", "12", True),
    ("The yard will build up to 12 of its new ferries.", "up to 12", True),
    ("A total of 780 crew were rescued.", "780", True),
    ("Some 780 crew were rescued in all.", "780", True),
    ("The firm made a firm order for 8 ferries.", "8", False),
])
def test_a_figure_the_text_says_is_a_total(text, value, total):
    assert binding.said_as_total(cand(Sentence(text), value, label="CARDINAL")) is total


def test_the_total_goes_first_when_a_total_is_asked():
    order = Sentence("The firm made a firm order for 8 ferries, with the option to buy 4 more.")
    whole = Sentence("The yard will build up to 12 of its new ferries.")
    four, eight, twelve = (group(cand(s, t, v, label="CARDINAL")) for s, t, v in ((order, "4", 3.0), (order, "8", 2.0), (whole, "12", 1.0)))
    assert binding.total_first([four, eight, twelve], True)[0] is twelve
    assert binding.total_first([four, eight, twelve], False)[0] is four
    far = group(cand(whole, "12", 3.0 - binding.TOTAL_MARGIN - 0.5, label="CARDINAL"))
    assert binding.total_first([four, eight, far], True)[0] is four  # scored far below: the top figure stays


def test_the_cause_before_a_making_phrase_is_a_candidate():
    from service.answering.candidates import consequence_causes, consequence_of
    sentence = Sentence("However, fuel prices doubled over the winter, making the ferry strike all but certain.")
    found = consequence_causes(sentence)
    assert [c.text for c in found] == ["fuel prices doubled over the winter"]
    assert consequence_of(found[0]) == "the ferry strike all but certain."
    assert consequence_causes(Sentence("The ferries ran on time, as planned.")) == []


def test_the_cause_of_what_a_why_question_asks_goes_first():
    sentence = Sentence("Fuel prices doubled over the winter, making the ferry strike all but certain.")
    other = Sentence("The crews voted because of the new rotas.")
    rotas = group(cand(other, "because of the new rotas", 2.0, label="CLAUSE"))
    fuel = group(cand(sentence, "Fuel prices doubled over the winter", 1.0, label="CLAUSE"))
    terms = ["ferri", "strike", "certain"]
    assert binding.consequence_first([rotas, fuel], terms)[0] is fuel
    assert binding.consequence_first([rotas, fuel], ["pay", "rota"])[0] is rotas
