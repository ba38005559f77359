"""'Where did they meet', '*Through* which area', 'which state is she suing HP *from*', 'between which
places', 'on what day of the week', 'which Hollywood official': the rules of binding.py
(preposition_first, located_first, whole_list_first, weekday_first, semi_auxiliary), offices.py,
question.py (preposition, weekday) and demonyms.py (two-word regions), on sentences parsed here with
hand-built candidates and groups (no index, no embedding model)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from index.lexical import tokenize
from service.answering import binding, demonyms, offices
from service.answering.kinds import DATE, GPE, NOUN_PHRASE, PERSON
from service.answering.question import analyse
from tests.parsed import Sentence


def cand(sentence: Sentence, text: str, score: float = 1.0, label: str = NOUN_PHRASE, type_fit: float = 1.0):
    start = sentence.text.index(text)
    return SimpleNamespace(text=text, start=start, end=start + len(text), sentence=sentence, score=score,
                           type_fit=type_fit, label=label)


class Group:
    def __init__(self, *members):
        self.members = list(members)

    @property
    def best(self):
        return max(self.members, key=lambda c: c.score)


def stems(text: str) -> list[str]:
    return list(dict.fromkeys(tokenize(text)))


# -- the question's preposition ---------------------------------------------------------------------

@pytest.mark.parametrize("text, preposition", [
    ("Through which area do the two men take their road trip?", "through"),
    ("At what venue is the rapper due to perform?", "at"),
    ("Between which places are the tickets meant to help spouses travel?", "between"),
    ("Which US state is the woman suing HP from?", "from"),
    ("Which club does Yapp play for?", "for"),
    ("Which bills besides the finance bill does the government want to get through?", ""),  # the bills get through
    ("Which company bought the firm?", ""),
])
def test_a_question_reads_the_preposition_its_wh_phrase_is_the_object_of(text, preposition):
    assert analyse(text).preposition == preposition


def test_a_question_asks_for_a_day_of_the_week():
    assert analyse("On what day of the week did the first phase of the exchange happen?").weekday
    assert not analyse("On what date did the exchange begin?").weekday


def test_two_words_name_one_region():
    assert demonyms.asked_origins(["South", "American", "Olympic"]) == {"south-american"}
    assert demonyms.asked_origins(["American", "steel"]) == {"united-states"}
    assert "south-american" in demonyms.origins("Chilean")


# -- the object of the asked preposition ------------------------------------------------------------

def test_the_object_of_the_asked_preposition_speaks_for_its_group():
    s = Sentence("Sideways tells the story of two men who take a road trip through California's wine regions.")
    place = Group(cand(s, "California", 3.2, GPE), cand(s, "California's wine regions", 3.0))
    men = Group(cand(s, "two men", 1.0))
    out = binding.preposition_first([place, men], "through", stems("area two men take road trip"))
    assert out[0] is place and out[0].best.text == "California's wine regions"


def test_the_object_of_the_asked_preposition_goes_first():
    s = Sentence("The unnamed woman from Georgia says that a chip inside the cartridge tells the printer it needs filling.")
    other = Sentence("A US woman is suing Hewlett Packard, saying its cartridges are programmed to expire.", doc_id="e")
    hp, georgia = Group(cand(other, "Hewlett Packard", 2.2)), Group(cand(s, "Georgia", -0.7, GPE))
    assert binding.preposition_first([hp, georgia], "from", stems("US state woman suing HP"))[0] is georgia
    assert binding.preposition_first([hp, georgia], "", stems("US state woman suing HP"))[0] is hp


def test_a_named_object_of_the_preposition_hung_elsewhere_is_the_fallback():
    s = Sentence("Ministers urged fans to boycott Nelly's concert at Arkansas State University in a bid to have it cancelled.")
    other = Sentence("Church ministers are trying to prevent rapper Nelly performing in Arkansas.", doc_id="e")
    arkansas, venue = Group(cand(other, "Arkansas", 1.3)), Group(cand(s, "Arkansas State University", -1.1))
    assert binding.preposition_first([arkansas, venue], "at", stems("venue rapper due perform"))[0] is venue


def test_a_conjunct_of_the_object_is_an_object_too():
    s = Sentence("According to the study, more than 45 million people in the UK, Germany, US and South Korea now only use a mobile.")
    korea, uk = Group(cand(s, "South Korea", 2.0, GPE)), Group(cand(s, "UK", 1.0, GPE))
    assert binding.preposition_first([korea, uk], "in", stems("country shift mobile marked"))[0] is korea


def test_on_what_day_wants_the_time_the_preposition_gives():
    s = Sentence("Russia and Ukraine exchanged 270 military personnel on Friday, marking the first phase.")
    other = Sentence("The talks were held in Istanbul.", doc_id="e")
    istanbul, friday = Group(cand(other, "Istanbul", 2.0, GPE)), Group(cand(s, "Friday", 0.5, DATE))
    words = stems("day week first phase exchange happen")
    assert binding.preposition_first([istanbul, friday], "on", words, times=True)[0] is friday
    assert binding.preposition_first([istanbul, friday], "on", words, times=False)[0] is istanbul


# -- where: a place the asked verb happens at --------------------------------------------------------

def test_where_a_game_is_played_is_at_a_place_not_against_an_opponent():
    s = Sentence("An amalgamated Under-18 side plays its first match on Thursday, against Italy at the Gnoll.")
    italy, thursday, gnoll = (Group(cand(s, "Italy", 2.5, GPE)), Group(cand(s, "Thursday", 1.5)),
                              Group(cand(s, "the Gnoll", 0.9)))
    words = stems("merged Under-18 side play first game")
    assert binding.located(gnoll.best, words) and not binding.located(thursday.best, words)
    assert binding.located_first([italy, thursday, gnoll], words)[0] is gnoll
    assert binding.located_first([italy, thursday, gnoll], ())[0] is italy


def test_a_located_top_value_stays_and_a_common_noun_never_moves():
    s = Sentence("Mr Pound says he rang Lucy, they met up and have been in contact ever since.")
    station = Sentence("Describing that first meeting at London's King Cross station, he said it was moving.", doc_id="e")
    contact, king = Group(cand(s, "contact", 0.5)), Group(cand(station, "London's King Cross station", 0.0))
    words = stems("Mr Pound Lucy first meet")
    assert binding.located_first([contact, king], words)[0] is king
    spot = Sentence("The photos were taken at a fixed spot by a camera.", doc_id="f")
    fixed = Group(cand(spot, "a fixed spot", 1.0))
    assert binding.located_first([fixed, king], stems("Delft photos taken"))[0] is fixed


@pytest.mark.parametrize("text, expected", [
    ("Where will Ireland play their final match?", True),
    ("At what location was the handover carried out?", True),
    ("Which city hosted the negotiations?", False),
])
def test_which_questions_ask_where(text, expected):
    assert binding.asks_where(analyse(text)) is expected


# -- lists, weekdays, 'is set to' ----------------------------------------------------------------------

def test_a_plural_question_takes_the_whole_list_the_top_value_begins():
    s = Sentence("The rail tickets are meant to help MPs' spouses get between Westminster and their constituencies.")
    top = Group(cand(s, "Westminster", 3.4, GPE), cand(s, "Westminster and their constituencies", 3.3))
    rest = Group(cand(s, "their constituencies", 1.0))
    assert binding.whole_list_first([top, rest], True)[0].best.text == "Westminster and their constituencies"
    lone = Group(cand(s, "Westminster", 3.4, GPE))
    assert binding.whole_list_first([lone, rest], False)[0].best.text == "Westminster"


def test_a_day_of_the_week_speaks_for_its_date():
    s = Sentence("On 23 May 2025, Ukraine and Russia began the exchange, which continued on Friday.")
    date = Group(cand(s, "23 May 2025", 1.3, DATE), cand(s, "Friday", 0.8, DATE))
    assert binding.weekday_first([date], True)[0].best.text == "Friday"
    assert binding.weekday_first([Group(cand(s, "23 May 2025", 1.3, DATE))], False)[0].best.text == "23 May 2025"


def test_is_set_to_is_not_the_asked_verb_set():
    s = Sentence("Text messaging is set to smash more records in 2005, said the MDA.")
    assert binding._targets(s, {"set"}, None) == []
    t = Sentence("The record was set in October 2004.")
    assert binding._targets(t, {"set"}, None) != []


# -- which official: an office of the asked category ---------------------------------------------------

def test_a_broad_category_takes_the_offices_of_its_kind():
    assert "mayor" in offices.with_titles(stems("official"))
    assert offices.with_titles(stems("barrister")) == stems("barrister")


def test_which_official_is_answered_by_the_name_an_office_titles():
    s = Sentence('Hollywood\'s honorary mayor, Johnny Grant, said: "I do hereby proclaim this Godzilla Day."')
    other = Sentence("Movie monster Godzilla has received a star on the Walk of Fame.", doc_id="e")
    godzilla, grant = Group(cand(other, "Godzilla", 1.5, PERSON)), Group(cand(s, "Johnny Grant", 0.1, PERSON))
    focus = offices.with_titles(stems("official"))
    assert binding.titled_first([godzilla, grant], focus, (PERSON,))[0] is grant
    assert binding.titled_first([godzilla, grant], stems("official"), (PERSON,))[0] is godzilla


def test_a_place_in_a_relative_clause_is_not_where_the_asked_thing_happened():
    s = Sentence("Mr Sigarchi, who also edits a newspaper in northern Iran, was sentenced by a revolutionary court in the Gilan area.")
    words = stems("Arash Sigarchi sentenced")
    assert not binding.located(cand(s, "northern Iran", 1.0, GPE), words)
    assert binding.located(cand(s, "the Gilan area", 1.0), words)


def test_an_example_of_the_object_is_an_object_of_the_preposition():
    s = Sentence("Augmented reality has been used to create special effects in films such as Troy and Lord of the Rings and in computer gaming.")
    films, gaming = Group(cand(s, "Troy and Lord of the Rings", 2.0)), Group(cand(s, "computer gaming", 1.0))
    assert binding.preposition_first([films, gaming], "in", stems("films augmented reality used special effects"))[0] is films


def test_the_place_a_where_clause_of_the_asked_verb_hangs_from_is_located():
    s = Sentence("The ministry confirmed the return of its captives to Belarus, where they are receiving medical and psychological support.")
    words = stems("repatriated Russians receiving medical care")
    assert binding.located(cand(s, "Belarus", 1.0, GPE), words)
    assert not binding.located(cand(s, "Belarus", 1.0, GPE), stems("Russians sent home"))


def test_a_name_of_the_asked_kind_stays_before_the_prepositions_object():
    s = Sentence("Bird flu was confirmed at a poultry farm near Welland Cross.")
    named = Sentence("The farm is Saltings Farm, officials said.", doc_id="e")
    saltings, poultry = Group(cand(named, "Saltings Farm", 1.0)), Group(cand(s, "a poultry farm", 0.5))
    words = stems("farm bird flu confirmed Welland Cross")
    assert binding.preposition_first([saltings, poultry], "at", words, focus_terms=stems("farm"))[0] is saltings
    assert binding.preposition_first([saltings, poultry], "at", words)[0] is poultry


# -- when: the asked event's own date ------------------------------------------------------------------

def test_a_question_reads_its_subject():
    assert analyse("When did the largest prisoner exchange begin?").subject == stems("prisoner exchange")
    assert analyse("When did it begin?").subject == []


def test_the_asked_events_date_goes_before_a_background_date():
    event = Sentence("On 23 May 2025, Ukraine and Russia initiated the largest prisoner exchange of their conflict.")
    background = Sentence("The exchange freed 390 people, the largest since the invasion began in 2022.", doc_id="e")
    since, on = Group(cand(background, "2022", 1.8, DATE)), Group(cand(event, "23 May 2025", -0.9, DATE))
    subject = stems("prisoner exchange")
    assert binding.dated_event(on.best, subject) and not binding.dated_event(since.best, subject)
    assert binding.background_date(since.best, subject, stems("begin"))
    assert binding.event_date_first([since, on], subject, stems("begin"))[0] is on
    assert binding.event_date_first([since, on], [], stems("begin"))[0] is since
    assert binding.event_date_first([on, since], subject, stems("begin"))[0] is on


def test_a_date_since_which_something_is_counted_is_background():
    s = Sentence("It was the largest exchange since the full-scale invasion of Ukraine in February 2022.")
    assert binding.background_date(cand(s, "February 2022", 1.0, DATE), stems("prisoner exchange"), stems("begin"))
    t = Sentence("Bullfrog released Populous in 1987.")
    assert not binding.background_date(cand(t, "1987", 1.0, DATE), stems("Bullfrog"), stems("release"))


# -- what the question's subject gives or gets ------------------------------------------------------------

def test_a_question_says_when_its_wh_phrase_is_the_object():
    assert analyse("What will Jerry Lewis receive at the ceremony?").object_asked
    assert analyse("What document does Moscow intend to hand the negotiators?").object_asked
    assert not analyse("What happened at the ceremony?").object_asked


def test_what_the_subject_hands_over_or_is_handed_goes_first():
    s = Sentence("A career achievement award will be handed to veteran actor and comic Jerry Lewis at the ceremony next year.")
    ceremony, award = Group(cand(s, "the ceremony next year", 1.0)), Group(cand(s, "A career achievement award", -0.6))
    assert binding.handed_first([ceremony, award], stems("Jerry Lewis"))[0] is award
    assert binding.handed_first([ceremony, award], ())[0] is ceremony
    t = Sentence("A second round of talks would take place, during which Moscow would present a memorandum to the Ukrainian side.")
    talks, memo = Group(cand(t, "A second round of talks", 1.0)), Group(cand(t, "a memorandum", 0.2))
    assert binding.handed_first([talks, memo], stems("Moscow"))[0] is memo
