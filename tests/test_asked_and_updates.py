"""Session 18 (corrob12): the asked attribute of what/which-questions (service/asked.py) and the
update steps around it, on hand-built inputs: which kind a question's asked noun or verb implies,
which spans fit it, names one article spells two ways, roles of 'no longer' / 'now says' / posts
filled and left, one value replacing a retracted one, a change of the asked attribute however far
its words stand, and a statement's date going after the date asked."""

from __future__ import annotations

import pytest

from service.asked import asked_noun, names_a_being
from service.attributes import ASKED_NOUNS, ATTRIBUTES, asked_attribute, fits, narrowed
from service.answering.corroboration import change_subject, corroborate, said_dates_last
from service.answering.grouping import Group, group, spelled_apart, GroupingWeights
from service.answering.sentences import one_stem
from service.revisions import role
from tests.test_corroboration_steps import Sentence, article, candidate, never, snapshot


@pytest.mark.parametrize("question,noun", [
    # a pricing verb: the price
    ("What was the Hallow Lane resurfacing contract worth?", "valuation"),
    ("What are the meteorite fragments worth to collectors?", "valuation"),
    ("What was the painting expected to fetch at auction?", "price"),
    ("What will the new footbridge cost?", "price"),
    ("What did the 2019 landslide cost in repairs?", "price"),
    ("What will a Band C household be charged next year?", "price"),
    ("What does the gallery pay to insure the collection?", "price"),
    ("What did the figurine sell for?", "price"),
    ("What would a parent have to pay to send a child there?", "price"),
    # an estimate of an attribute: that attribute, else any figure
    ("What is the latest estimate for the cost of the library's refit?", "cost"),
    ("What was the first estimate of the cost of repairing the sea wall?", "cost"),
    ("What had the earlier estimate of Spain's growth been?", "amount"),
    ("What is the latest estimate for repairing the harbour wall?", "amount"),
    # the value of: a sum
    ("What is the value of the gas deal with Norway?", "valuation"),
    ("What was the total value of the country's exports?", "valuation"),
    # a date noun: a day
    ("What is the closing date for the care home?", "date"),
    ("What is the last date for swapping tickets?", "date"),
    # a person's or an animal's name
    ("What is the name of the structural engineer dealing with the sinkhole?", "name"),
    ("What is the escaped wolf's name?", "name"),
    ("What is the name of the zoo's new giraffe calf's mother?", "name"),
    ("What name has been given to the otter cub born at the sanctuary?", "name"),
    ("What is Marek's family name?", "name"),
])
def test_the_kind_a_what_question_asks(question, noun):
    assert asked_noun(question, ASKED_NOUNS) == noun
    assert asked_attribute(question, "what").noun == noun


@pytest.mark.parametrize("question", [
    "What will the proceeds from the single pay for?",  # a stranded preposition: another verb
    "What has the former coach been charged with?",
    "What will the lender have to raise to repair its balance sheet?",  # capital, not a price
    "What did the airline warn it would suffer if wage costs are not reduced?",  # a noun in a clause of its own
    "What was Westinghouse trying to avoid by paying Tesla?",  # a gerund after a preposition
    "What was the only comedy to earn a second season?",  # the object earned is no price
    "What is there a push for to reduce consumer drug costs?",  # 'costs' after a noun: a noun
    "What do statements from the member in charge of the bill indicate?",
    "What did the minister say about the cost of the scheme?",  # 'the cost': a noun, asked by no verb
    "What is the name of the technique used in the film?",  # a thing's name: any phrase may answer
    "What was the name of the first Doctor Who serial?",  # 'Who' in a title is no relative pronoun
    "What values does the charity promote?",
    "Which figure from his childhood would he like to play?",
])
def test_questions_whose_words_ask_no_kind(question):
    assert asked_noun(question, ASKED_NOUNS) is None


def test_names_of_beings_not_things():
    assert names_a_being("What is the name of the woman suing the council?")
    assert names_a_being("What was the name of the agent's assistant?")
    assert not names_a_being("What is the name of the new show?")


@pytest.mark.parametrize("noun,text,label,expected", [
    ("name", "Nkemi", "PERSON", True),
    ("name", "Harrowdown Wildlife Park", "FAC", True),
    ("name", "Fiona Marchant", "NP", True),  # capitalised words the tagger read as a phrase
    ("name", "the zoo's breeding female", "NP", False),
    ("date", "30 January", "DATE", True),
    ("date", "Sunday", "DATE", True),
    ("date", "Abbotsleigh", "GPE", False),
    ("price", "£250,000", "MONEY", True),
    ("price", "1863", "DATE", False),
    ("valuation", "Neville Sarto", "PERSON", False),
])
def test_which_spans_fit_the_asked_kind(noun, text, label, expected):
    assert fits(ATTRIBUTES[noun], text, label) is expected


def test_a_name_keeps_every_name_that_fits_not_only_people():
    class C:
        def __init__(self, text, label):
            self.text, self.label = text, label
    spans = [C("Marisol Tighe", "PERSON"), C("Bryony", "ORG"), C("the enclosure fence", "NP")]
    kept = narrowed(ATTRIBUTES["name"], spans)
    assert [c.text for c in kept] == ["Marisol Tighe", "Bryony"]


def test_names_one_article_spells_two_ways_are_two_people():
    a = Sentence("first", "The trust's regional director, Fiona Marchbank, said the repair would cost £1.6m.")
    c = Sentence("notice", "Our report of 2 July named the regional director as Fiona Marchbank. Her name is Fiona Marchant.")
    one = candidate(a, "Fiona Marchbank", 2.2, "PERSON")
    retracted = candidate(c, "Fiona Marchbank", -1.0, "PERSON")
    right = candidate(c, "Fiona Marchant", -1.5, "PERSON")
    assert spelled_apart([one, retracted, right]) == {frozenset({("fiona", "marchbank"), ("fiona", "marchant")})}
    groups = group([one, retracted, right], GroupingWeights())
    assert sorted(g.best.text for g in groups) == ["Fiona Marchant", "Fiona Marchbank"]
    # a given name written short is the same person, not another spelling
    short = Sentence("short", "Ros Fenner won. Rosalind Fenner said she was delighted.")
    assert spelled_apart([candidate(short, "Ros Fenner", 1, "PERSON"), candidate(short, "Rosalind Fenner", 1, "PERSON")]) == set()


@pytest.mark.parametrize("sentence,value,expected", [
    ("Westmoor Buses no longer expects its first electric buses to carry passengers in March.", "March", "old"),
    ("The owners no longer put the number of boxes lost in the storm at 27.", "27", "old"),
    ("The clinic said it could no longer recruit dentists, and that the 6,500 patients would be written to.", "6,500", "current"),
    ("The company now says they will enter service in June, because of a shortage of cells.", "June", "current"),
    ("Brackwater Rovers have sacked their manager, Gus Kendrick, after eight defeats.", "Gus Kendrick", "old"),
    ("Former captain Dominic Fairlie has been appointed interim manager until the summer.", "Dominic Fairlie", "current"),
    ("The council dismissed their claim, Mr Smith said.", "Mr Smith", "plain"),
])
def test_roles_of_accounts_no_longer_given_and_posts(sentence, value, expected):
    start = sentence.index(value)
    assert role(sentence, start, start + len(value)) == expected


def _parsed(doc_id: str, text: str, tokens: list) -> Sentence:
    """A sentence with a hand-built parse: `tokens` as (word, lemma, pos, dep, head index)."""
    s = Sentence(doc_id, text)
    at, built = 0, []
    for word, lemma, pos, dep, head in tokens:
        start = text.index(word, at)
        built.append((start, start + len(word), lemma, pos, dep, head))
        at = start + len(word)
    s.tokens = built
    s.stems = [one_stem(t[0]) for t in tokens]
    s.lemmas = [one_stem(t[1]) for t in tokens]
    return s


COST_REVISED = [("The", "the", "DET", "det", 1), ("cost", "cost", "NOUN", "nsubjpass", 7), ("of", "of", "ADP", "prep", 1),
                ("the", "the", "DET", "det", 4), ("refurbishment", "refurbishment", "NOUN", "pobj", 2),
                ("has", "have", "AUX", "aux", 7), ("been", "be", "AUX", "auxpass", 7), ("revised", "revise", "VERB", "ROOT", 7),
                ("to", "to", "ADP", "prep", 7), ("£4.4m", "£4.4m", "NUM", "pobj", 8)]


def test_the_subject_a_changed_figure_is_said_of():
    s = _parsed("later", "The cost of the refurbishment has been revised to £4.4m.", COST_REVISED)
    assert change_subject(candidate(s, "£4.4m", 0.0, "MONEY")) == {"cost"}


def test_a_change_of_the_asked_attribute_supersedes_however_far_its_words_stand():
    first = article("first", "The ice rink will reopen in November after a £3.8m refurbishment.", "Rink Gazette", "2026-09-03")
    later = article("later", "The cost of the refurbishment has been revised to £4.4m.", "Rink Gazette", "2026-10-20")
    a = Sentence("first", first.text)
    b = _parsed("later", later.text, COST_REVISED)
    groups = [Group([candidate(a, "£3.8m", 1.0, "MONEY")]), Group([candidate(b, "£4.4m", -1.0, "MONEY")])]
    terms = [one_stem(w) for w in ("latest", "estimate", "cost", "rink", "refit")]
    story = corroborate(snapshot(first, later), groups, never, terms)
    assert story.answer.best.text == "£4.4m" and [x.best.text for x in story.superseded] == ["£3.8m"]


def test_a_statements_date_goes_after_the_date_asked():
    said = _parsed("a", "The authority said in a statement on Monday that work would begin in May.", [
        ("The", "the", "DET", "det", 1), ("authority", "authority", "NOUN", "nsubj", 2), ("said", "say", "VERB", "ROOT", 2),
        ("in", "in", "ADP", "prep", 2), ("a", "a", "DET", "det", 5), ("statement", "statement", "NOUN", "pobj", 3),
        ("on", "on", "ADP", "prep", 5), ("Monday", "monday", "PROPN", "pobj", 6), ("that", "that", "SCONJ", "mark", 11),
        ("work", "work", "NOUN", "nsubj", 11), ("would", "would", "AUX", "aux", 11), ("begin", "begin", "VERB", "ccomp", 2),
        ("in", "in", "ADP", "prep", 11), ("May", "may", "PROPN", "pobj", 12)])
    monday, may = Group([candidate(said, "Monday", 1.0, "DATE")]), Group([candidate(said, "May", -0.9, "DATE")])
    terms = [one_stem(w) for w in ("work", "repair", "harbour", "wall", "set", "begin")]
    assert [g.best.text for g in said_dates_last([monday, may], terms, 3)] == ["May", "Monday"]
    # asked when it was said, the statement's date stays first
    asked_said = terms + [one_stem("said")]
    assert [g.best.text for g in said_dates_last([monday, may], asked_said, 3)] == ["Monday", "May"]


def test_one_figure_replaces_a_retracted_one_the_first_given_after_it():
    first = article("first", "The ship lost 27 containers overboard.", "Coast Gazette", "2026-11-16")
    notice = article("notice", "Rovers drew 1-1 on Saturday. The owners no longer put the number lost at 27. "
                               "A count found that 41 containers went overboard.", "Casualty Digest", "2026-11-23")
    a = Sentence("first", first.text)
    b0 = Sentence("notice", "Rovers drew 1-1 on Saturday.", 0)
    b1 = Sentence("notice", "The owners no longer put the number lost at 27.", 29)
    b2 = Sentence("notice", "A count found that 41 containers went overboard.", 78)
    groups = [Group([candidate(a, "27", 3.0), candidate(b1, "27", 1.0)]), Group([candidate(b0, "1", -1.0)]),
              Group([candidate(b2, "41", -1.2)])]
    terms = [one_stem(w) for w in ("containers", "lose", "overboard", "ship")]
    story = corroborate(snapshot(first, notice), groups, never, terms, focus=[one_stem("containers")])
    assert story.answer.best.text == "41"
