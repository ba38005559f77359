"""service.revisions.changed_in_parse on sentences parsed here (new wording, no index): a figure or
date reported as the outcome of a change, whatever words stand between the change and the value."""

from __future__ import annotations

import pytest

from index.annotate import load_nlp
from service.answering.sentences import one_stem
from service.revisions import changed_in_parse


def _parse(text: str):
    doc = load_nlp()(text)
    tokens = [(t.idx, t.idx + len(t.text), t.lemma_.lower(), t.pos_, t.dep_, t.head.i) for t in doc]
    return tokens, [one_stem(t.lemma_.lower()) for t in doc]


def _changed(text: str, value: str, asked: set[str] = frozenset()) -> bool:
    tokens, lemmas = _parse(text)
    start = text.index(value)
    inside = [i for i, t in enumerate(tokens) if t[0] < start + len(value) and t[1] > start]
    return changed_in_parse(tokens, inside[0], inside[-1] + 1, asked, lemmas)


@pytest.mark.parametrize("text, value, expected", [
    # the outcome of a change, however far the verb stands from its 'to'
    ("The harbour board has lifted its estimate of the damage to the quay walls to £7.2m.", "£7.2m", True),
    ("By Thursday the tally of confirmed infections had reached 64, the agency said.", "64", True),
    ("The number of stranded drivers soared overnight to 310.", "310", True),
    ("A revised estimate puts the clean-up bill at £2.6 million.", "£2.6 million", True),
    ("Stewards said on Sunday that 900 runners were now registered.", "900", True),
    # no change: a plain statement, the size of a change, the old value, an estimate without a newer source
    ("Fares will rise by 4 per cent in January, the operator said.", "4 per cent", False),
    ("The trust put the number of cancelled operations at 1,150.", "1,150", False),
    ("The library lent 48,000 books last year, up from 41,000.", "41,000", False),
    ("The new pavilion will cost £3.1m, the club said.", "£3.1m", False),
    ("Organisers counted 2,300 riders at the start line.", "2,300", False),
])
def test_change_read_from_the_parse(text, value, expected):
    assert _changed(text, value) is expected


def test_the_question_own_verb_reports_no_change():
    """'What height did the river reach?': 'the river reached 5.1 metres' answers it, it reports no change."""
    text = "By Tuesday night the river had reached 5.1 metres at the Eastgate gauge."
    assert _changed(text, "5.1 metres") is True
    assert _changed(text, "5.1 metres", {one_stem("reach")}) is False


def test_a_newer_source_named_by_according_to():
    text = "Volunteers have planted 4,800 trees on the moor, according to the latest tally."
    assert _changed(text, "4,800") is True
    assert _changed("Volunteers have planted 4,800 trees on the moor, according to the trust.", "4,800") is False


def test_the_question_own_verb_still_takes_a_newer_source():
    text = "Crews have now pumped 3.2 million litres out of the flooded mine."
    assert _changed(text, "3.2 million litres", {one_stem("pump")}) is True


def test_where_a_running_figure_stands():
    assert _changed("The number of flights cancelled at Orlby airport stands at 212, the operator said.", "212") is True
    assert _changed("The old lighthouse stands at 40 metres above the bay.", "40 metres") is False


def test_stands_at_in_the_words_when_the_parse_misreads_it():
    """The parser may take 'leak' for the subject of 'stands'; the words still say where the number stands."""
    from service.revisions import role

    text = "The number of pupils sent home after the Orlby school boiler leak stands at 64, the council said."
    start = text.index("64")
    assert role(text, start, start + 2) == "current"
    text = "The old lighthouse stands at 40 metres above the bay."
    start = text.index("40 metres")
    assert role(text, start, start + 9) == "plain"


def test_arrival_is_a_change_only_in_the_perfect():
    assert _changed("The petition has topped 5,000 signatures.", "5,000") is True
    assert _changed("Turnout in the Orlby council election reached 44 per cent.", "44 per cent") is False


@pytest.mark.parametrize("text, value, expected", [
    # a contrast that names no value corrects nothing
    ("The engineers say a full repair will cost £2.7m, because every cable should be renewed rather than "
     "only the three that snapped.", "£2.7m", "plain"),
    # one that names the retracted value makes its sentence a correction
    ("The prize went to Ilse Marrin rather than Tom Avery, the judges confirmed.", "Ilse Marrin", "current"),
    ("The grant was £62,000, not £26,000.", "£62,000", "current"),
])
def test_a_contrast_corrects_only_when_it_names_a_value(text, value, expected):
    from service.revisions import role

    start = text.index(value)
    assert role(text, start, start + len(value)) == expected
