"""'Which <nationality> <noun>', 'what must X do' and 'what did X say Y <verb>': the rules of
demonyms.py, binding.py (from_asked_place_first, names_the_focus, titled names, acting_first,
objects_first), question.py (origins, hyphenated heads, doers, inner verbs) and candidates.deeds,
on sentences parsed here with hand-built candidates and groups (no index, no embedding model)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from service.answering import binding, demonyms
from service.answering.candidates import deeds
from service.answering.kinds import NOUN_PHRASE, ORG, PERSON, VERB_OBJECT
from service.answering.question import analyse
from tests.parsed import Sentence


def cand(sentence: Sentence, text: str, score: float = 1.0, label: str = NOUN_PHRASE, type_fit: float = 1.0):
    start = sentence.text.index(text)
    return SimpleNamespace(text=text, start=start, end=start + len(text), sentence=sentence, score=score,
                           type_fit=type_fit, label=label)


def group(*members):
    return SimpleNamespace(members=list(members), best=max(members, key=lambda c: c.score))


# -- demonyms ----------------------------------------------------------------------------------

@pytest.mark.parametrize("word, country", [("Brazilian", "brazil"), ("Brazil's", "brazil"), ("Finnish", "finland"),
                                           ("South Korean", "south-korea"), ("energy", None)])
def test_a_nationality_word_names_its_country(word, country):
    assert demonyms.country(word) == country


def test_a_country_lies_in_its_regions():
    assert {"namibia", "african"} <= demonyms.origins("Namibian")
    assert "nordic" in demonyms.origins("Finnish")
    assert demonyms.origins("Europe") == {"european"}


def test_the_words_a_question_asks_for_are_the_most_specific():
    assert demonyms.asked_origins(["Brazilian", "energy"]) == {"brazil"}
    assert demonyms.asked_origins(["European", "aircraft"]) == {"european"}
    assert demonyms.asked_origins(["pop"]) == frozenset()


# -- which <nationality> <noun> -------------------------------------------------------------------

@pytest.mark.parametrize("text, focus, origins", [
    ("Which Brazilian energy company could sign up to the deal?", "company", {"brazil"}),
    ("Which Nordic anti-virus firm received the reports?", "firm", {"nordic"}),
    ("Which film-maker directed the film?", "maker", set()),
    ("Which African athlete took part in the gathering?", "athlete", {"african"}),
])
def test_a_which_question_reads_its_head_noun_and_origin(text, focus, origins):
    q = analyse(text)
    assert q.focus == focus and set(q.origins) == origins


def test_an_athlete_is_a_person():
    assert analyse("Which African athlete took part in the gathering?").expected[0] == PERSON


def test_the_name_the_text_says_is_from_the_asked_country_goes_first():
    venezuela = Sentence("The deal is between Venezuelan energy firm PDVSA and Argentina's Enarsa.")
    brazil = Sentence("President Chavez added that Brazil's Petrobras could join the deal soon.", doc_id="e")
    pdvsa = group(cand(venezuela, "PDVSA", 1.3, ORG))
    petrobras = group(cand(brazil, "Brazil's Petrobras", 0.3))
    assert binding.from_asked_place_first([pdvsa, petrobras], {"brazil"})[0] is petrobras
    assert binding.from_asked_place_first([pdvsa, petrobras], {"venezuela"})[0] is pdvsa
    assert binding.from_asked_place_first([pdvsa, petrobras], frozenset())[0] is pdvsa


def test_a_place_or_a_bare_nationality_is_not_the_name_asked_for():
    sentence = Sentence("The pressure eased on Laporte despite the defeat at the Stade de France.")
    other = Sentence("Namibian athlete Frankie Fredericks attended.", doc_id="e")
    laporte, stade = group(cand(sentence, "Laporte", 1.0, PERSON)), group(cand(sentence, "the Stade de France", 0.5))
    assert binding.from_asked_place_first([laporte, stade], {"france"})[0] is laporte
    assert not binding.is_a_name(cand(other, "Namibian athlete"))
    assert binding.from_asked_place(cand(other, "Frankie Fredericks", label=PERSON), {"african"})


@pytest.mark.parametrize("text, value, focus, expected", [
    ("The award went to the 1.2-metre Greyfell Telescope.", "the 1.2-metre Greyfell Telescope", "telescop", True),
    ("Sideways was named best film by the Los Angeles Film Critics Association.", "the Los Angeles Film Critics Association", "film", False),
    ("About 60 people attended, now members of the Athletes' Commission.", "the Athletes' Commission", "athlet", False),
])
def test_a_name_of_the_asked_kind_has_the_noun_as_its_head_or_title(text, value, focus, expected):
    assert binding.names_the_focus(cand(Sentence(text), value), {focus}) is expected


def test_a_title_of_the_asked_kind_is_cut_from_the_name():
    sentence = Sentence("Record company Universal is responsible for the global distribution of the single.")
    universal = cand(sentence, "Record company Universal")
    binding.name_the_focus([universal], ["compani", "company"])
    assert universal.text == "Universal"
    judge = cand(Sentence("The case was heard by Judge Rowan Pilbeam."), "Judge Rowan Pilbeam")
    binding.name_the_focus([judge], ["judg", "judge"])
    assert judge.text == "Judge Rowan Pilbeam"


# -- what must X do ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, doers", [
    ("What does Sella think the French coach must do to have any chance?", ["coach"]),
    ("What did Clooney invite O'Reilly to do?", ["reilli"]),
    ("What did the executive do to his broken hard disk?", ["execut"]),
])
def test_a_do_question_asks_what_its_doer_does(text, doers):
    q = analyse(text)
    assert q.acts and q.expected[0] == VERB_OBJECT or q.expected[:2] == ("QUOTE", VERB_OBJECT)
    assert set(doers) <= set(q.doers)


def test_the_verb_phrase_done_by_the_asked_doer_goes_first():
    said = Sentence("The French could lose that game at half-time, Sella said.")
    believes = Sentence("Sella believes coach Bernard Laporte must recall Frederic Michalak.", doc_id="e")
    lose = group(cand(said, "lose that game", 1.9, VERB_OBJECT))
    recall = group(cand(believes, "recall Frederic Michalak", -0.3, VERB_OBJECT))
    assert binding.acting_first([lose, recall], ["coach"])[0] is recall
    assert binding.acting_first([lose, recall], [])[0] is lose


def test_a_relative_clause_says_what_its_noun_did():
    sentence = Sentence("An executive who froze his broken hard disk has topped a list of mishaps.")
    froze = cand(sentence, "froze his broken hard disk", label=VERB_OBJECT)
    assert binding.done_by(froze, ["execut"])
    assert not binding.done_by(cand(sentence, "a list of mishaps", label=VERB_OBJECT), ["execut"])


def test_a_conjoined_verb_shares_its_subject():
    sentence = Sentence('Matt Carter said it was a "fantastic gift" that would help Labour "fight and win the election".')
    assert binding.done_by(cand(sentence, "win the election", label=VERB_OBJECT), ["labour"])


def test_a_quotation_stating_the_deed_keeps_its_place():
    sentence = Sentence("\"Nevertheless, victims soon calm down when they realise the damage,\" he said.")
    quote = group(cand(sentence, "Nevertheless, victims soon calm down when they realise the damage", 2.0, "QUOTE"))
    calm = group(cand(sentence, "calm", 0.5, VERB_OBJECT))
    assert binding.acting_first([quote, calm], ["victim"])[0] is quote


def test_deeds_are_verbs_with_and_without_their_object():
    texts = {c.text for c in deeds(Sentence("An executive who froze his broken hard disk topped the list."))}
    assert {"froze", "froze his broken hard disk"} <= texts
    assert "closing down for good" in {c.text for c in deeds(Sentence("The site is closing down for good, its owners said."))}
    assert "co-present the TV special" in {c.text for c in deeds(Sentence("He urged her to co-present the TV special."))}


# -- what did X say Y <verb> ------------------------------------------------------------------------

def test_a_reported_clause_names_the_verb_asked_about():
    assert analyse("What did Hughes say the evidence does not support?").inner_verb == "support"
    assert analyse("What did Phillips say young players are looking for?").inner_verb == "look"
    assert analyse("Which cabinet minister said 12,500 posts had gone?").inner_verb == ""


def test_the_object_of_the_asked_verb_goes_first():
    sentence = Sentence("\"The evidence simply does not support his claims that the party speaks for them,\" he said.")
    other = Sentence("\"This year that opportunity will be denied them,\" he added.", doc_id="e")
    denied = group(cand(other, "This year that opportunity will be denied them", 2.0, "QUOTE"))
    claims = group(cand(sentence, "his claims that the party speaks for them", 0.4, VERB_OBJECT))
    assert binding.object_of(claims.best, {"support"})
    assert binding.objects_first([denied, claims], "support")[0] is claims
    assert binding.objects_first([denied, claims], "")[0] is denied


# -- describing questions --------------------------------------------------------------------------

def test_the_described_thing_itself_is_no_description_of_it():
    sentence = Sentence("The Wales Students rugby side has become a casualty of the reorganisation at youth level.")
    words = ["side", "student", "wale"]
    assert not binding.describes(cand(sentence, "rugby side", label="DESCRIPTION"), words, modifying=True)
    assert binding.describes(cand(sentence, "a casualty of the reorganisation at youth level", label="DESCRIPTION"), words)


def test_a_title_before_a_name_describes_it():
    from service.answering.candidates import titles
    sentence = Sentence("Quirky comedy Sideways was named the best film of the year.")
    assert "Quirky comedy" in {c.text for c in titles(sentence)}
    assert binding.describes(cand(sentence, "Quirky comedy", label="DESCRIPTION"), ["sideway"])
    wood = Sentence("Former captain Keith Wood believes Ireland can win.")
    assert "Former captain" in {c.text for c in titles(wood)}
    assert binding.describes(cand(wood, "Former captain", label="DESCRIPTION"), ["wood", "keith"])


def test_a_description_keeps_its_hyphenated_words_whole():
    from service.answering.candidates import descriptions
    texts = {c.text for c in descriptions(Sentence("It ordered the 7E7, which Boeing says is super-economical."))}
    assert "super-economical" in texts and "super" not in texts


def test_a_passive_describing_question_describes_its_subject():
    assert "sideway" in analyse("How is the film Sideways described?").described


def test_a_cued_description_stops_before_its_aside():
    sentence = Sentence("GPRS is often described as 2.5G technology - 2.5 generation - sitting between 2G and 3G.")
    top = group(cand(sentence, "2.5G technology - 2.5 generation - sitting between 2G and 3G", 1.0))
    binding.before_the_aside([top])
    assert top.best.text == "2.5G technology"


def test_the_name_titled_with_the_asked_noun_goes_first():
    firm = Sentence("Cobbold Freight denied that she had been dismissed unfairly.")
    hers = Sentence("Her barrister, Jonah Ekwueme, told the hearing that the brakes had failed.", doc_id="e")
    cobbold = group(cand(firm, "Cobbold Freight", 1.0, ORG))
    jonah = group(cand(hers, "Jonah Ekwueme", 0.2, PERSON))
    assert binding.titled_first([cobbold, jonah], ["barrist"], (PERSON, NOUN_PHRASE))[0] is jonah
    assert binding.titled_first([cobbold, jonah], ["barrist"], (NOUN_PHRASE,))[0] is cobbold
    judge = group(cand(Sentence("Judge Rowan Pilbeam sentenced him."), "Judge Rowan Pilbeam", 1.0, PERSON))
    assert binding.titled_first([judge, jonah], ["judg"], (PERSON, NOUN_PHRASE))[0] is judge


def test_the_subject_of_the_asked_verb_goes_first():
    q = analyse("Which European aircraft maker announced the first pre-sale of a competitor?")
    assert q.subject_of == "announc"
    sentence = Sentence("Airbus this week announced the first pre-sale of its rival - the A350.")
    a350, airbus = group(cand(sentence, "A350", 0.8, "PRODUCT")), group(cand(sentence, "Airbus", 0.7))
    assert binding.subject_first([a350, airbus], q.subject_of)[0] is airbus
    assert binding.subject_first([a350, airbus], "")[0] is a350


def test_the_object_of_the_stranded_preposition_goes_first():
    q = analyse("What part of his game is Yapp still working on?")
    assert q.stranded == "on"
    said = Sentence("Wales coach Mike Ruddock says John Yapp has what it takes.")
    working = Sentence("He is working hard on his scrummaging technique, which he is keen to improve.", doc_id="e")
    coach = group(cand(said, "Wales coach Mike Ruddock", 0.2))
    technique = group(cand(working, "his scrummaging technique", -1.5))
    assert binding.stranded_first([coach, technique], q.stranded, q.terms)[0] is technique
    assert binding.stranded_first([coach, technique], "", q.terms)[0] is coach
    assert analyse("What did he say about the plan?").stranded == ""
    assert analyse("Which bills does the government want to get through?").stranded == ""
    assert analyse("What did Palmer say about where data can be recovered from?").stranded == ""


def test_the_doer_of_the_passive_is_the_asked_verbs_subject():
    sentence = Sentence("The earlier swap was mediated by Qatar, officials said.")
    qatar, swap = cand(sentence, "Qatar", 0.5, "GPE"), cand(sentence, "The earlier swap", 0.9)
    assert binding.subject_of(qatar, "mediat") and not binding.subject_of(swap, "mediat")
    led = Sentence("The bid, led by Halvern Group, was backed by Tomas Reyes.")
    halvern, reyes = cand(led, "Halvern Group", 0.5, "ORG"), cand(led, "Tomas Reyes", 0.9, "PERSON")
    assert binding.subject_first([group(reyes), group(halvern)], "led")[0].best is halvern
    beside = Sentence("The talks were held in Doha by the lake.")
    assert not binding.subject_of(cand(beside, "Doha"), "held")
