"""The binding step (service/answering/binding.py) on sentences parsed here, with hand-built
candidates and groups (no index, no embedding model): which value a sentence says of the asked
word, and when that moves a value ahead of the scorer's choice."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from service.answering import binding
from service.answering.sentences import one_stem
from service.attributes import ATTRIBUTES
from tests.parsed import Sentence


def cand(sentence: Sentence, text: str, score: float = 1.0, type_fit: float = 1.0, label: str = "CARDINAL"):
    start = sentence.text.index(text)
    return SimpleNamespace(text=text, start=start, end=start + len(text), sentence=sentence, score=score,
                           type_fit=type_fit, label=label)


def group(*members):
    return SimpleNamespace(members=list(members), best=max(members, key=lambda c: c.score))


def words(verb: str) -> set[str]:
    return binding.asked_words(SimpleNamespace(verb=one_stem(verb)), None)


@pytest.mark.parametrize("text, value, verb, expected", [
    ("Regional officials said seven people had been killed and about 40 were missing.", "about 40", "missing", True),
    ("Regional officials said seven people had been killed and about 40 were missing.", "seven", "missing", False),
    ("Regional officials said seven people had been killed and about 40 were missing.", "seven", "kill", True),
    ("The rescue team's leader, Hal Bryce, said she was cold but unhurt.", "Hal Bryce", "lead", True),
    ("Volunteers from the Fenmoor team then spent four hours reaching her.", "Fenmoor", "lead", False),
    ("The council said 310 jobs would be lost at the plant.", "310", "lose", True),
    ("Drivers ended a six-week strike after accepting a pay offer worth 41.7 per cent.", "41.7 per cent", "accept", True),
    ("Drivers ended a six-week strike after accepting a pay offer worth 41.7 per cent.", "a six-week strike", "accept", False),
])
def test_a_value_is_bound_to_the_word_said_of_it(text, value, verb, expected):
    assert binding.bound(cand(Sentence(text), value), words(verb)) is expected


def test_a_named_attribute_binds_its_figure_and_not_the_one_beside():
    sentence = Sentence("Turnout was 38.2 per cent, down from 44 per cent four years ago.")
    turnout = binding.asked_words(SimpleNamespace(verb=""), ATTRIBUTES["turnout"])
    assert binding.bound(cand(sentence, "38.2 per cent"), turnout)
    assert not binding.bound(cand(sentence, "44 per cent"), turnout)


def test_the_value_of_another_verb_in_the_same_sentence_gives_way():
    sentence = Sentence("Regional officials said seven people had been killed and about 40 were missing.")
    missing = words("missing")
    seven, forty = group(cand(sentence, "seven", 3.0)), group(cand(sentence, "about 40", 1.0))
    assert binding.reordered([seven, forty], missing, named=False, margin=0.5)[0] is forty


def test_a_cost_stated_by_its_own_sentence_stays_first():
    """The top value's sentence speaks of the cost, as a modifier: no other sentence's cost replaces it."""
    own = Sentence("The figure includes the cost of cleaning up the land, estimated at around £6m on its own.")
    other = Sentence("The correct cost of the project is £41m.", doc_id="e")
    cost = binding.asked_words(SimpleNamespace(verb=""), ATTRIBUTES["cost"])
    six, forty_one = group(cand(own, "around £6m", 2.0)), group(cand(other, "£41m", 1.9))
    assert binding.reordered([six, forty_one], cost, named=True, margin=0.5)[0] is six


def test_a_named_attribute_moves_its_figure_first_from_another_sentence():
    won = Sentence("Alva Brenner won the election with 54 per cent of the vote.")
    turnout_sentence = Sentence("Turnout was 38.2 per cent, down from 44 per cent.", doc_id="d", start=60)
    turnout = binding.asked_words(SimpleNamespace(verb=""), ATTRIBUTES["turnout"])
    share, turnout_value = group(cand(won, "54 per cent", 2.4)), group(cand(turnout_sentence, "38.2 per cent", -0.2))
    assert binding.reordered([share, turnout_value], turnout, named=True, margin=0.5)[0] is turnout_value


def test_a_verb_moves_a_bound_value_only_within_the_margin():
    other = Sentence("Volunteers from the Fenmoor team then spent four hours reaching her.")
    leader = Sentence("The rescue team's leader, Hal Bryce, said she was cold but unhurt.", doc_id="e")
    lead = words("lead")
    fenmoor, bryce = group(cand(other, "Fenmoor", 1.8)), group(cand(leader, "Hal Bryce", 1.75))
    assert binding.reordered([fenmoor, bryce], lead, named=False, margin=0.5)[0] is bryce
    far = group(cand(leader, "Hal Bryce", 1.0))
    assert binding.reordered([fenmoor, far], lead, named=False, margin=0.5)[0] is fenmoor


def test_a_worse_typed_value_never_moves_first():
    other = Sentence("Volunteers from the Fenmoor team then spent four hours reaching her.")
    leader = Sentence("The rescue team's leader, Hal Bryce, said she was cold but unhurt.", doc_id="e")
    fenmoor, bryce = group(cand(other, "Fenmoor", 1.8)), group(cand(leader, "Hal Bryce", 1.75, type_fit=0.6, label="NP"))
    assert binding.reordered([fenmoor, bryce], words("lead"), named=False, margin=0.5)[0] is fenmoor


def test_a_kind_the_question_asks_for_may_move_ahead_of_its_first_choice():
    """'By how much did the shares rise' wants money first, yet the rise is the percentage."""
    paid = Sentence("Shares in Oskel jumped after Tervane agreed to pay 1.5 billion dollars for it.")
    rose = Sentence("Oskel's shares rose 12% on the news.", doc_id="e")
    rise = words("rise")
    money = group(cand(paid, "1.5 billion dollars", 2.27, 1.0, "MONEY"))
    share = group(cand(rose, "12%", 2.23, 0.8, "PERCENT"))
    assert binding.reordered([money, share], rise, False, 0.5, kinds=("MONEY", "PERCENT"))[0] is share
    assert binding.reordered([money, share], rise, False, 0.5, kinds=("MONEY",))[0] is money


def test_light_verbs_and_no_verb_ask_nothing():
    assert binding.asked_words(SimpleNamespace(verb="be"), None) == set()
    assert binding.asked_words(SimpleNamespace(verb=""), None) == set()
    # a 'what town' question keeps the scorer's choice: only values and people are bound
    assert binding.asked_words(SimpleNamespace(verb="grant", expected=("NP",)), None) == set()
    assert binding.asked_words(SimpleNamespace(verb="grant", expected=("CARDINAL", "NP")), None) == {"grant"}
    assert binding.reordered([group(cand(Sentence("It was 5."), "5"))], set(), False, 0.5)


@pytest.mark.parametrize("text, person, verb", [
    ("The first service will leave at 6.12am, driven by Colette Ambrose.", "Colette Ambrose", "drive"),
    ("The result was declared shortly after 2am by the returning officer, Declan Moyes.", "Declan Moyes", "declare"),
    ("Hollis was shown a red card by the referee, Nadine Okonjo, for a dangerous clear-out.", "Nadine Okonjo", "referee"),
])
def test_the_doer_of_the_asked_verb_goes_first_for_who_however_it_scores(text, person, verb):
    other = Sentence("The reopened railway carried 9,200 journeys, Westway Rail said on Tuesday.")
    said = group(cand(other, "Westway Rail", 1.0, label="PERSON"))
    doer = group(cand(Sentence(text, doc_id="e"), person, -0.3, label="PERSON"))
    asked = words(verb)
    assert binding.reordered([said, doer], asked, False, 0.5, kinds=("PERSON", "ORG"))[0] is doer
    assert binding.reordered([said, doer], asked, False, 0.5, kinds=("CARDINAL",))[0] is said  # not a 'who'


def test_a_person_merely_near_the_asked_verb_keeps_the_scorers_order():
    other = Sentence("The reopened railway carried 9,200 journeys, Westway Rail said on Tuesday.")
    said = group(cand(other, "Westway Rail", 1.0, label="PERSON"))
    near = Sentence("Colette Ambrose said the first train would be driven slowly.", doc_id="e")
    ambrose = group(cand(near, "Colette Ambrose", -0.3, label="PERSON"))
    assert binding.reordered([said, ambrose], words("drive"), False, 0.5, kinds=("PERSON",))[0] is said


WHO_KINDS = ("PERSON", "ORG", "GPE", "NORP")


def test_a_doer_the_tagger_took_for_an_organisation_still_goes_first_for_who():
    venue = Sentence("The winning design was unveiled at the Tenterfield Assembly Rooms on Monday.")
    place = group(cand(venue, "the Tenterfield Assembly Rooms", 1.2, type_fit=0.9, label="ORG"))
    chosen = Sentence("The design was chosen after a public vote by the festival's director, Oswin Talbrook.", doc_id="e")
    doer = group(cand(chosen, "Oswin Talbrook", -1.1, type_fit=0.9, label="ORG"))
    assert binding.reordered([place, doer], words("choose"), False, 0.5, kinds=WHO_KINDS)[0] is doer
    # a person doing it comes before a name tagged otherwise, whatever their order
    person = group(cand(chosen, "Oswin Talbrook", -1.5, label="PERSON"))
    assert binding.reordered([place, doer, person], words("choose"), False, 0.5, kinds=WHO_KINDS)[0] is person


@pytest.mark.parametrize("text, name, other, focus", [
    ("Observers in Carrowby tracked the comet Pellis through the 60-centimetre Harlin Reflector Telescope.",
     "the 60-centimetre Harlin Reflector Telescope", "the comet Pellis", "telescop"),
    ("Inspectors found the disease at Tolley Barn Farm, a dairy farm east of the village.",
     "Tolley Barn Farm", "a dairy farm", "farm"),
])
def test_which_noun_is_answered_by_a_name_of_that_noun(text, name, other, focus):
    sentence = Sentence(text)
    first = group(cand(sentence, other, 1.4, label="NP"))
    named = group(cand(sentence, name, -0.2, label="NP"))
    assert binding.named_focus_first([first, named], [focus])[0] is named
    assert binding.named_focus_first([first, named], [])[0] is first  # no noun asked for: the scorer's order
    worse = group(cand(sentence, name, -0.2, type_fit=0.5, label="NP"))
    assert binding.named_focus_first([first, worse], [focus])[0] is first  # never ahead of a better-typed value


def test_a_common_phrase_of_the_noun_is_no_name_of_it():
    sentence = Sentence("Bird flu was confirmed at a poultry farm run by the Ledwell family near Saxton.")
    assert not binding.names_the_focus(cand(sentence, "a poultry farm", label="NP"), ["farm"])
    assert not binding.names_the_focus(cand(sentence, "the Ledwell family", label="NP"), ["farm"])


@pytest.mark.parametrize("text, person", [
    ("Chair Ottilie Marchbank said the trust would appeal against the ruling.", "Ottilie Marchbank"),
    ("Ottilie Marchbank, the chair, said the trust would appeal against the ruling.", "Ottilie Marchbank"),
])
def test_a_name_titled_by_the_asked_role_is_its_holder(text, person):
    from service.answering.question import analyse

    question = analyse("Who is the chair of the Wenlow Harbour Trust?")
    asked = binding.asked_words(question, None)
    assert one_stem("chair") in asked and not asked & {one_stem("wenlow"), one_stem("harbour")}
    other = Sentence("The ruling was announced in Wenlow by the harbour office on Monday.")
    place = group(cand(other, "Wenlow", 1.3, type_fit=0.8, label="GPE"))
    holder = group(cand(Sentence(text, doc_id="e"), person, 0.9, label="PERSON"))
    assert binding.does(holder.best, asked)
    assert binding.reordered([place, holder], asked, False, 0.5, kinds=WHO_KINDS)[0] is holder
