"""Is the answer said to be the asked attribute of the asked thing (service/answering/stated.py), on
sentences parsed here with hand-built candidates (no index, no embedding model)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from service.answering import stated
from service.answering.question import analyse
from service.attributes import asked_attribute, checked
from tests.parsed import Sentence


def cand(text: str, value: str, label: str = "CARDINAL"):
    sentence = Sentence(text)
    start = text.index(value)
    return SimpleNamespace(text=value, label=label, sentence=sentence, start=start, end=start + len(value))


def asked(question: str) -> stated.Asked:
    q = analyse(question)
    return stated.asked(q, checked(asked_attribute(q.text, q.kind, q.action)))


def verdict(question: str, text: str, value: str, label: str = "CARDINAL") -> str | None:
    return stated.unstated(asked(question), cand(text, value, label))


def test_an_asked_noun_of_another_kind_is_not_the_one_asked():
    q = "What was Germany's inflation rate at the end of 2004?"
    assert asked(q).kind_words == {"inflat"}
    assert verdict(q, "Eurozone interest rates are at 2%, but officials talk about the threat of inflation.", "2%",
                   "PERCENT") == "kind_contradicted"
    assert verdict(q, "Germany's inflation rate was 2.1% in December.", "2.1%", "PERCENT") is None
    # a grading word ('annual') is no other kind; no kind-word at all contradicts nothing
    assert verdict(q, "The annual rate was 2.1% in December.", "2.1%", "PERCENT") is None


def test_a_counted_noun_is_of_another_kind_only_by_a_compound_noun():
    q = "How many less critical fixes were also released?"
    assert verdict(q, "Four other important fixes were also released.", "Four") is None


def test_a_value_dated_to_another_year_is_not_the_one_asked():
    q = "What was the US trade deficit with China in 2002?"
    text = "The US's overall trade deficit with China was $124bn in 2003, and is expected to rise to $150bn for 2004."
    assert verdict(q, text, "$124bn", "MONEY") == "year_contradicted"
    assert verdict("What was the US trade deficit with China in 2003?", text, "$124bn", "MONEY") is None
    # a year said of another figure of the sentence does not date this one
    assert verdict("How many British films were made in the UK in 2004?",
                   "Twenty-seven British films were made in the UK last year, compared with 45 in 2003.",
                   "Twenty-seven") is None


def test_a_difference_is_not_the_value():
    text = "It is £6,000 less than the salary the previous mayor had asked for."
    assert verdict("What salary will the mayor be paid?", text, "£6,000", "MONEY") == "difference_not_value"
    assert verdict("By how much is the salary lower than the one asked for?", text, "£6,000", "MONEY") is None


def test_a_name_the_question_gives_does_not_answer_it():
    q = "What is the name of the Evening Standard reporter Livingstone insulted?"
    text = "It's a dispute between Ken Livingstone and a reporter on the Evening Standard."
    assert verdict(q, text, "Ken Livingstone", "NP") == "names_the_subject"
    assert verdict(q, "Oliver Finegold, the reporter, complained.", "Oliver Finegold", "PERSON") is None
    # a relative of a possessed name, a namesake of a longer name, a title: not the question's own subject
    assert verdict("What was Tesla's father's name?", "His father, Milutin Tesla, was a priest.", "Milutin Tesla",
                   "PERSON") is None
    assert verdict("Which of Genghis Khan's sons completed the conquest?", "Ogedei Khan completed it.", "Ogedei Khan",
                   "PERSON") is None
    assert verdict("What Doctor was first referred to as his secret?", "It was the War Doctor.", "the War Doctor",
                   "NP") is None
    # a noun phrase that merely ends in a name of the question is no name
    assert verdict("What did a Saints spokesman confirm about Wales?", "We have had an approach from Wales, he said.",
                   "an approach from Wales", "NP") is None


def test_an_age_said_of_someone_else_is_not_the_age_asked():
    q = "How old is Haile Gebrselassie?"
    text = "The 22-year-old will chase a record held by his mentor Haile Gebrselassie, who set it in 2003."
    assert verdict(q, text, "22-year-old", "DATE") == "age_of_another"
    assert verdict(q, "Haile Gebrselassie, 31, will run in London.", "31", "DATE") is None
    # 'at age 39' is said of the clause's subject however far the name is
    assert verdict("How old was Peyton Manning when he played in Super Bowl 50?",
                   "Peyton Manning became the oldest quarterback ever to play in a Super Bowl at age 39.", "age 39",
                   "DATE") is None
    assert verdict("How old is Floella Benjamin?", "She first appeared on Playschool 25 years ago.", "25 years ago",
                   "DATE") == "age_of_another"


def test_a_count_of_what_there_is_does_not_count_an_event():
    q = "How many Foreign Office staff will lose their jobs because of the closures?"
    assert verdict(q, "The Foreign Office currently has about 6,100 UK-based staff.", "about 6,100") == "stock_not_event"
    assert verdict(q, "About 300 staff will lose their jobs.", "About 300") is None
    # a question that itself asks how many there are is answered by 'has'
    assert verdict("How many UK-based staff does the Foreign Office employ?",
                   "The Foreign Office currently has about 6,100 UK-based staff.", "about 6,100") is None


def test_checks_switched_off_say_nothing():
    a = asked("What salary will the mayor be paid?")
    c = cand("It is £6,000 less than the salary the previous mayor had asked for.", "£6,000", "MONEY")
    assert stated.unstated(a, c, stated.CheckSwitches(difference_not_value=False)) is None
    assert stated.every_check(a, c)["difference_not_value"]
    assert "difference" in stated.reason("difference_not_value", a.noun)


@pytest.mark.parametrize("value, expected", [
    ("58", True), ("21-year-old", True), ("14-year-olds", True), ("40-year", True), ("aged 58", True),
    ("2003", False), ("5 February", False), ("next Tuesday", False), ("the 1990s", False),
])
def test_an_age_or_a_small_number_does_not_say_when(value, expected):
    assert stated.not_a_time(asked("When was Robert Jackson first elected to parliament?"), value) is expected
    assert not stated.not_a_time(asked("How many films did he make?"), value)


def test_a_sentence_about_what_the_question_excludes_is_seen_but_the_check_is_off():
    q = "When will Google start indexing channels from outside the US?"
    assert asked(q).excluded == {"us"}
    text = "Google Video has been indexing US-based programmes from PBS and C-SPAN since December."
    assert stated.every_check(asked(q), cand(text, "December", "DATE"))["exclusion_dropped"]
    assert verdict(q, text, "December", "DATE") is None  # off: 'other than X' questions are answered beside X
    assert verdict(q, "Google will index channels from outside the US from March.", "March", "DATE") is None
    assert verdict(q, "Google will add international channels in March.", "March", "DATE") is None


def test_a_value_said_of_another_attribute_is_not_the_one_asked():
    q = "How much revenue did the film division generate in the fourth quarter?"
    text = "But its film division saw profits slump 27% to $284m, helped by box-office flops."
    assert verdict(q, text, "$284m", "MONEY") == "other_attribute"
    assert verdict(q, "Its film division's revenue rose to $284m.", "$284m", "MONEY") is None
    # one attribute named as another the text may use for it ('price' for 'cost') contradicts nothing
    assert verdict("What was the cost of the repairs?", "The price of the repairs rose to £6m.", "£6m", "MONEY") is None


def test_a_subject_named_otherwise_is_off_by_default():
    q = "How much did Euronext previously offer for the LSE?"
    c = cand("Deutsche Boerse previously offered £1.3bn, which was rejected by the LSE.", "£1.3bn", "MONEY")
    assert stated.every_check(asked(q), c)["subject_substituted"]
    assert stated.unstated(asked(q), c) is None


def test_the_event_named_by_an_irregular_form_is_named():
    q = "How many visitors did the Dunmore Arts Festival draw?"
    text = "The article also said the festival drew 22,000 visitors; the correct figure is 27,000."
    assert verdict(q, text, "27,000") is None
