"""The kinds blind news questions fail most (issue 7): the words said, how something is described,
a coined term. Extractors, question analysis and binding on sentences parsed here (tests/parsed.py)
or read as plain text: no index, no embedding model."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from service.answering import binding
from service.answering import candidates as extractors
from service.answering.kinds import CLAUSE, DESCRIPTION, NOUN_PHRASE, QUOTE, TERM
from service.answering.question import analyse
from tests.parsed import Sentence


def spans(found) -> list[str]:
    return [c.text for c in found]


# -- quotations ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    # a quotation begun in the sentence before, the attribution, a second part: not ' he said, '
    ('It\'s come completely out of the blue," he said, "I never would have guessed it would happen."',
     ["It's come completely out of the blue", "I never would have guessed it would happen"]),
    ('"Peace is close," he said.', ["Peace is close"]),
    ('He called it "a disgrace", adding "we will fight on to the end".', ["a disgrace", "we will fight on to the end"]),
    ('Ms Hewitt said: "Adults should be treated as adults.', ["Adults should be treated as adults"]),
    ("Nothing quoted here.", []),
])
def test_quotations_pair_marks_by_the_side_they_stand_on(text, expected):
    assert [text[a:b] for a, b in extractors.quotation_spans(text)] == expected


def test_mark_sides_read_straight_marks_by_their_neighbours():
    assert extractors.mark_sides('blue," he said, "I') == [(5, "close"), (16, "open")]
    assert extractors.mark_sides('a 12 " gap') == []  # between spaces: neither side


# -- descriptions ----------------------------------------------------------------------------------


def test_an_apposition_describes_the_noun_it_follows():
    s = Sentence("However Nasdaq, an icon of the 1990s technology boom, recently poured cold water on those suggestions.")
    assert "an icon of the 1990s technology boom" in spans(extractors.appositions(s))


def test_words_between_dashes_after_a_noun_are_a_description():
    s = Sentence("The IAAF - athletics' world governing body - has met anti-doping officials.")
    assert "athletics' world governing body" in spans(extractors.appositions(s))
    assert extractors.appositions(Sentence("It rained - then it stopped.")) == []


def test_an_adjective_keeps_the_infinitive_that_completes_it():
    s = Sentence("The Wales game was amazing to watch but the French could lose.")
    assert spans(extractors.with_infinitive(s)) == ["amazing to watch"]


def test_a_manner_phrase_with_and_without_its_in():
    s = Sentence("But we must look at their potential in a responsible and grown-up way.")
    assert spans(extractors.manners(s)) == ["in a responsible and grown-up way", "a responsible and grown-up way"]


def test_descriptions_include_the_new_kinds():
    s = Sentence("However Nasdaq, an icon of the 1990s technology boom, recently poured cold water on those suggestions.")
    found = extractors.descriptions(s)
    assert ("an icon of the 1990s technology boom", DESCRIPTION) in [(c.text, c.label) for c in found]


# -- coined terms ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text, term", [
    ("The side, known as the Palancas Negras, won again.", "Palancas Negras"),
    ('The scheme, dubbed "cash for trash", was dropped.', "cash for trash"),
    ("The practice is known as sampling among musicians.", "sampling"),
])
def test_a_term_cue_introduces_the_term(text, term):
    assert term in spans(extractors.named_terms(Sentence(text)))


def test_terms_run_the_cue_extractor():
    assert "Palancas Negras" in spans(extractors.terms(Sentence("The side, known as the Palancas Negras, won again.")))


# -- question analysis ---------------------------------------------------------------------------


@pytest.mark.parametrize("text, first, described", [
    ("How is Nasdaq described in relation to the tech boom?", DESCRIPTION, ["nasdaq"]),  # a passive participle
    ("How did the coach describe the defeat?", DESCRIPTION, ["defeat"]),  # not the speaker
    ("How does the article describe the IAAF?", DESCRIPTION, ["iaaf"]),
    ("What was the ship called?", DESCRIPTION, ["ship"]),
    ("In what manner did the minister say the cuts should be made?", DESCRIPTION, []),
])
def test_a_describing_question_wants_a_description_of_its_object(text, first, described):
    q = analyse(text)
    assert q.expected[0] == first
    assert q.described == described


def test_what_is_x_called_may_be_answered_by_a_term():
    assert TERM in analyse("What is the practice of copying songs called?").expected


def test_how_did_x_say_asks_for_a_manner_first():
    assert analyse("How did the researcher say the project began?").expected[:2] == (DESCRIPTION, CLAUSE)
    assert analyse("How did the firm respond?").expected[0] == CLAUSE  # no speech verb: a clause as before


# -- binding: the description said of the described thing -----------------------------------------


def cand(sentence: Sentence, text: str, score: float, label: str = DESCRIPTION):
    start = sentence.text.index(text)
    return SimpleNamespace(text=text, start=start, end=start + len(text), sentence=sentence, score=score,
                           type_fit=1.0, label=label)


def group(member):
    return SimpleNamespace(members=[member], best=member)


@pytest.mark.parametrize("text, span, word, expected", [
    ("However Nasdaq, an icon of the 1990s technology boom, recently poured cold water on it.", "an icon of the 1990s technology boom", "nasdaq", True),
    ("However Nasdaq, an icon of the 1990s technology boom, recently poured cold water on it.", "cold", "nasdaq", False),
    ("The Wales game was amazing to watch.", "amazing to watch", "wale", True),
    ('He left over the party\'s "dangerous" views on Europe.', "dangerous", "view", True),
    ("The IAAF - athletics' world governing body - has met officials.", "athletics' world governing body", "iaaf", True),
])
def test_a_description_is_said_of_the_described_word(text, span, word, expected):
    s = Sentence(text)
    assert binding.describes(cand(s, span, 1.0), {word}, modifying=True) is expected


def test_an_adjective_keeps_the_top_description_but_does_not_move_one():
    s = Sentence('The show described as "A Concert of Hope" will be commercial-free, a free show.')
    named, free = group(cand(s, "A Concert of Hope", 2.0)), group(cand(s, "free", 0.5))
    assert binding.described_first([named, free], {"show"})[0] is named
    assert not binding.describes(free.best, {"show"})


def test_the_description_of_the_described_thing_goes_first():
    s = Sentence("However Nasdaq, an icon of the 1990s technology boom, recently poured cold water on it.")
    cold, icon = group(cand(s, "cold", 2.0)), group(cand(s, "an icon of the 1990s technology boom", 0.5))
    assert binding.described_first([cold, icon], {"nasdaq"})[0] is icon
    assert binding.described_first([cold, icon], set()) == [cold, icon]  # not a describing question
    noun = group(cand(s, "an icon of the 1990s technology boom", 0.5, NOUN_PHRASE))
    assert binding.described_first([cold, noun], {"nasdaq"})[0] is cold  # only a describing kind moves
    assert QUOTE not in binding.DESCRIBING_KINDS


@pytest.mark.parametrize("text, many", [
    ("Who are the members of the group?", True),
    ("Who were the winners?", True),
    ("Who is the chairman?", False),
])
def test_who_are_the_plural_asks_for_several(text, many):
    assert analyse(text).many is many


def test_the_name_a_described_word_stands_in_apposition_to():
    s = Sentence("Sampling, now a standard practice among musicians, involves taking a segment of one track.")
    assert binding.named_as(cand(s, "Sampling", 1.0, NOUN_PHRASE), {"practic"})
    assert not binding.named_as(cand(s, "musicians", 1.0, NOUN_PHRASE), {"practic"})
    top, name = group(cand(s, "musicians", 2.0)), group(cand(s, "Sampling", 0.1, NOUN_PHRASE))
    assert binding.described_first([top, name], {"practic"})[0] is name
    assert analyse("What is the practice of lifting a segment of one recording into another song called?").described == ["practic"]


# -- a quotation running over sentences --------------------------------------------------------


def test_a_sentence_inside_a_quotation_opened_earlier_in_its_paragraph_is_quoted():
    from service.answering.quotes import continues_quotation, left_open

    text = 'Mr Asplin said: "We tried hard. I just hope Manchester can handle the crowds.\n"Next year," he said.'
    second = text.index("I just")
    assert continues_quotation(text, second)
    assert not continues_quotation(text, text.index('"Next'))  # a new paragraph
    assert not left_open('He said: "We tried hard." Then he left. ')
    s = Sentence("I just hope Manchester can handle the crowds.")
    assert extractors.quotations(s) == []
    s.in_quotation = True
    assert spans(extractors.quotations(s)) == ["I just hope Manchester can handle the crowds"]
    assert "Manchester can handle the crowds" in spans(extractors.quotation_parts(s))


def test_a_description_in_the_describers_own_words_stays_first():
    sentence = Sentence("He praised the deal, calling it a “historic trade pact”, and said the deal was complete.")
    own = SimpleNamespace(text="historic trade pact", sentence=sentence, score=1.0, label=QUOTE,
                          start=sentence.text.index("historic trade pact"), end=sentence.text.index("historic trade pact") + 19)
    said = SimpleNamespace(text="complete", sentence=sentence, score=0.5, label=DESCRIPTION,
                           start=sentence.text.index("complete"), end=sentence.text.index("complete") + 8)
    groups = [SimpleNamespace(members=[own], best=own), SimpleNamespace(members=[said], best=said)]
    assert binding.in_own_words(own) and not binding.in_own_words(said)
    assert binding.described_first(groups, ["deal"])[0].best is own
    assert binding.described_first(groups[::-1], ["deal"])[0].best is said  # 'the deal was complete': said of it, kept
