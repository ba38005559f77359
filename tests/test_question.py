"""Question analysis: question → type → the span kind expected first (spaCy's parser, no index)."""

from __future__ import annotations

import pytest

from service.answering.kinds import (CARDINAL, CLAUSE, DATE, DESCRIPTION, GPE, MONEY, NOUN_PHRASE, ORG, PERCENT, PERSON,
                                     POLARITY, QUANTITY, QUOTE, TERM, VERB_OBJECT)
from service.answering.question import analyse


@pytest.mark.parametrize("text,kind,first", [
    ("Who won the election?", "who", PERSON),
    ("When did the strike end?", "when", DATE),
    ("Where was the summit held?", "where", GPE),
    ("How many passengers were on board?", "how many", CARDINAL),
    ("How much did the stadium cost?", "how much", MONEY),
    ("How long did the talks last?", "how long", DATE),
    ("Why did the airline cancel flights?", "why", CLAUSE),
    ("How close will the comet pass to Earth?", "how far", QUANTITY),  # a distance, as 'how far' asks
    ("How near to the coast did the ship sink?", "how far", QUANTITY),
    ("Which country hosted the talks?", "which", GPE),
    ("To which port were the ships diverted?", "which", GPE),  # a port is named by its town
    ("Which company bought the brewery?", "which", ORG),
    ("What year did the bridge open?", "what", DATE),
    ("What pay offer did the drivers accept?", "what", PERCENT),  # a pay deal is a figure
    ("What wage rise did the nurses win?", "what", PERCENT),
    ("What did the minister say about the budget?", "quote", QUOTE),
    ("How did the coach describe the defeat?", "how", DESCRIPTION),
    ("What formula was used for the exchange?", "what", TERM),
    ("What will the committee present next week?", "what", VERB_OBJECT),
    ("What is the capital of the region?", "what", NOUN_PHRASE),
    ("Did the council approve the plan?", "yes-no", POLARITY),
    ("What did the analyst tell reporters about the bank?", "what", QUOTE),  # a speech verb: the words said
    ("What did the singer say he would keep doing?", "what", QUOTE),
    ("What percentage did the minister say was lost?", "what", CARDINAL),  # a typed head noun still leads
    ("How big is the rescue package?", "how much", MONEY),  # a measurable degree is a figure
    ("How high did prices rise?", "how much", MONEY),
    ("How serious is the injury?", "how", DESCRIPTION),
    ("How did the firm respond?", "how", CLAUSE),
    ("How often do the trains run?", "how", DATE),
])
def test_question_type_and_expected_kind(text, kind, first):
    q = analyse(text)
    assert (q.kind, q.expected[0]) == (kind, first)


def test_terms_focus_and_names():
    q = analyse("How many prisoners were released by Ukraine in May?")
    assert q.focus == "prisoner" and "prison" in q.focus_terms
    assert "Ukraine" in q.names and "releas" in q.terms
    assert q.verb == "releas"


@pytest.mark.parametrize("text,topic", [
    ("How long is the diversion while the bridge is shut?", "divers"),  # the copula's subject, not 'shut'
    ("How old is the curator of the toy museum?", "curat"),
    ("Who was the winner of the race?", "winner"),                      # the subject is the wh-word: its complement
    ("How many people were killed in the landslide?", ""),               # no copula: no topic
])
def test_topic_of_a_copular_question(text, topic):
    assert analyse(text).topic == topic


@pytest.mark.parametrize("text, many", [
    ("Which countries sent troops?", True),
    ("Which two cities will the airline stop serving?", True),
    ("Which newcomers are competing for users?", True),
    ("Which country sent troops?", False),
    ("Who won the race?", False),
    ("What did the minister say?", False),
])
def test_a_plural_or_counted_head_noun_asks_for_several(text, many):
    assert analyse(text).many is many


@pytest.mark.parametrize("text,counted", [
    ("How many passengers were on board?", ["passeng"]),  # the article must mention passengers
    ("What percentage of voters turned out?", []),  # '40%' states a percentage without the word
    ("By what percentage did sales fall?", []),
    ("What share of homes have broadband?", []),
    ("What proportion of staff left?", []),
])
def test_counted_terms_leave_out_a_noun_naming_the_figure_kind(text, counted):
    question = analyse(text)
    assert question.counted_terms == counted


def test_a_speech_noun_asks_for_the_words_said():
    q = analyse("What message did the mayor post on her blog after the vote?")
    assert q.expected[:2] == (QUOTE, NOUN_PHRASE)
