"""Session 17 (corrob11): another outlet's later plain statement of a value that may still change is its
update; a settled past fact told otherwise by two outlets, or by two named sources, stays two accounts.
Hand-built inputs (the attribution test reads a real parse)."""

from __future__ import annotations

from types import SimpleNamespace

from service.answering.corroboration import _speakers, date_precision, restated_later, restates
from service.answering.grouping import Group
from service.revisions import asks_settled_past
from tests.test_corroboration_steps import Parsed, Sentence, article, candidate, snapshot

PLAIN = lambda c: "plain"  # noqa: E731


def _pair(old_text, old_value, new_text, new_value, label="CARDINAL", parsed=False):
    make = Parsed if parsed else Sentence
    first = article("first", old_text, "Marrowfield Times", "2026-05-19")
    later = article("later", new_text, "Campus Ledger", "2026-09-22")
    old = Group([candidate(make("first", first.text), old_value, 1.0, label)])
    new = Group([candidate(make("later", later.text), new_value, 0.5, label)])
    return snapshot(first, later), old, new


def test_another_outlets_later_figure_of_a_changeable_fact_is_its_update():
    snap, old, new = _pair("It will be built on the Hurst Lane campus at a cost of £38m.", "£38m",
                           "The planned veterinary school will cost £44m and building starts in the new year.", "£44m", "MONEY")
    assert [c.text for c in restated_later(snap, [old, new], PLAIN, changeable=True)] == ["£44m"]
    # asked as a settled past fact ('how much did it cost'), two outlets' figures are two accounts
    assert restated_later(snap, [old, new], PLAIN, changeable=False) == []
    # nor an earlier figure after a later one
    assert restated_later(snap, [new, old], PLAIN, changeable=True) == [c for c in new.members]


def test_speculation_is_no_update():
    snap, old, new = _pair("About 4,200 people have signed the petition.", "4,200",
                           "As many as 7,800 people could have signed the petition by now.", "7,800")
    assert restated_later(snap, [old, new], PLAIN, changeable=True) == []


def test_two_named_sources_stay_two_accounts_and_titles_name_no_source():
    snap, old, new = _pair("Dr Ashworth said the villa had 14 rooms.", "14",
                           "Dr Calloway said the villa had 19 rooms.", "19", parsed=True)
    assert _speakers(snap, old.members) == {"ashworth"} and _speakers(snap, new.members) == {"calloway"}
    assert restated_later(snap, [old, new], PLAIN, changeable=True) == []
    snap, old, new = _pair("The campaigners said 4,200 people had signed the petition.", "4,200",
                           "The petition has 7,800 signatures, the campaigners said.", "7,800", parsed=True)
    assert [c.text for c in restated_later(snap, [old, new], PLAIN, changeable=True)] == ["7,800"]


def test_what_restates_a_fact():
    def pair(a_text, a_value, b_text, b_value, label):
        _, old, new = _pair(a_text, a_value, b_text, b_value, label)
        return new.best, old.best
    # a coarser date restates a finer one; a plan restated looks ahead
    assert not restates(*pair("The ban starts on 17 July.", "17 July", "The ban will start in July.", "July", "DATE"))
    assert restates(*pair("The route starts on 1 June.", "1 June", "The service will begin on 29 June.", "29 June", "DATE"))
    assert not restates(*pair("It will be finished by 28 August.", "28 August",
                              "The figures were sent to schools on 4 September.", "4 September", "DATE"))
    # a measure of another dimension; a count of a part
    assert not restates(*pair("The estate covers 48 hectares.", "48 hectares", "It picked 212 tonnes.", "212 tonnes", "QUANTITY"))
    assert not restates(*pair("It will withdraw nine routes.", "nine", "The money keeps three of the routes.", "three", "CARDINAL"))
    assert restates(*pair("It will withdraw nine routes.", "nine", "It is withdrawing 12 routes.", "12", "CARDINAL"))


def test_date_precision():
    def c(text):
        return SimpleNamespace(text=text)
    assert [date_precision(c(t)) for t in ("17 July", "July", "Saturday", "on Fridays", "2027", "last month")] == [3, 2, 2, 1, 1, 1]


def _doc(*words):
    """A hand-built parse: (text, lemma, tag, dep), the first ROOT the head of every aux."""
    tokens = [SimpleNamespace(text=w, lemma_=lemma, tag_=tag, dep_=dep, children=[]) for w, lemma, tag, dep in words]
    root = next(t for t in tokens if t.dep_ == "ROOT")
    root.children = [t for t in tokens if t.dep_ in {"aux", "auxpass"}]
    return tokens


def test_a_question_in_the_simple_past_asks_a_settled_fact():
    assert asks_settled_past(_doc(("How", "how", "WRB", "advmod"), ("much", "much", "JJ", "dobj"), ("did", "do", "VBD", "aux"),
                                  ("it", "it", "PRP", "nsubj"), ("cost", "cost", "VB", "ROOT")))
    assert asks_settled_past(_doc(("How", "how", "WRB", "advmod"), ("many", "many", "JJ", "amod"), ("workers", "worker", "NNS", "nsubj"),
                                  ("were", "be", "VBD", "ROOT"), ("there", "there", "RB", "advmod")))
    assert not asks_settled_past(_doc(("How", "how", "WRB", "advmod"), ("many", "many", "JJ", "amod"), ("cases", "case", "NNS", "nsubjpass"),
                                      ("have", "have", "VBP", "aux"), ("been", "be", "VBN", "auxpass"), ("confirmed", "confirm", "VBN", "ROOT")))
    assert not asks_settled_past(_doc(("How", "how", "WRB", "advmod"), ("much", "much", "JJ", "dobj"), ("will", "will", "MD", "aux"),
                                      ("it", "it", "PRP", "nsubj"), ("cost", "cost", "VB", "ROOT")))
    assert not asks_settled_past(_doc(("Who", "who", "WP", "attr"), ("is", "be", "VBZ", "ROOT"), ("the", "the", "DT", "det"),
                                      ("chief", "chief", "NN", "nsubj")))
    assert not asks_settled_past(None)


def test_two_counts_of_the_asked_noun_are_one_fact_however_the_verbs_differ():
    from service.answering.corroboration import counts_another, counts_focus
    from service.answering.sentences import one_stem
    found = Parsed("a", "Volunteers have searched the fells, and four pieces have now been recovered.")
    risen = Parsed("b", "The number of pieces found has since risen to 11.")
    coins = Parsed("c", "The number of coins found has since risen to 412.")
    people = Parsed("d", "Four people have now been treated.")
    pieces = [one_stem("pieces"), one_stem("piece")]
    assert counts_focus(candidate(found, "four", 1.0), pieces) and counts_focus(candidate(risen, "11", 1.0), pieces)
    assert not counts_focus(candidate(coins, "412", 1.0), pieces) and counts_another(candidate(coins, "412", 1.0), pieces)
    assert not counts_focus(candidate(people, "Four", 1.0), [one_stem("people")])  # people in general tell no fact apart


def test_a_question_after_the_first_value_given():
    from service.revisions import asks_first
    assert asks_first("What reopening date was first given for the rink?")
    assert asks_first("What was the original estimate of the cost?") and asks_first("What was the initial budget?")
    assert not asks_first("Who found the first piece of the meteorite?") and not asks_first("When will the rink reopen?")


def test_the_first_value_given_is_the_earliest_superseded():
    from service.answering.corroboration import first_given
    from service.revisions import Timeline
    a = article("a", "The rink will reopen on 14 November.", "Gazette", "2026-09-03")
    b = article("b", "The rink will reopen in November.", "Monthly", "2026-09-10")
    c = article("c", "The rink is now expected to reopen on 9 January.", "Gazette", "2026-10-20")
    first, month, now = (Group([candidate(Sentence(x.doc_id, x.text), v, 1.0, "DATE")]) for x, v in
                         ((a, "14 November"), (b, "November"), (c, "9 January")))
    ids = {id(g): g for g in (first, month, now)}
    timeline = Timeline(standing=[id(now)], superseded={id(first): None, id(month): id(now)})
    assert first_given(snapshot(a, b, c), id(now), timeline, ids) == id(first)
    assert first_given(snapshot(a, b, c), id(now), Timeline(standing=[id(now)]), ids) == id(now)  # nothing replaced


def test_the_sentence_that_calls_the_answer_earlier_states_its_change_whatever_its_words():
    from service.answering.corroboration import corroborate
    from service.answering.sentences import one_stem
    first = article("a", "The Northern Counties Brass Band Championship will be held at Harlowe Town Hall on 18 April.",
                    "Harlowe Courier", "2026-02-05")
    moved = article("c", "The Northern Counties Brass Band Championship has been moved from Harlowe Town Hall to the "
                         "Dalesgate Pavilion, after cracks were found in the ceiling.", "Pennick Valley Radio", "2026-03-24")
    a, c = Parsed("a", first.text), Parsed("c", moved.text)
    groups = [Group([candidate(a, "Harlowe Town Hall", 1.0, "FAC"), candidate(c, "Harlowe Town Hall", 0.3, "FAC")]),
              Group([candidate(c, "Dalesgate Pavilion", 0.2, "ORG")])]
    terms = [one_stem(w) for w in ("northern", "counties", "brass", "band", "championship", "held")]
    story = corroborate(snapshot(first, moved), groups, lambda g, chosen: False, terms,
                        names=["Northern Counties Brass Band Championship"])
    assert story.answer.best.text == "Dalesgate Pavilion" and [s.group.best.text for s in story.superseded] == ["Harlowe Town Hall"]


def test_words_news_uses_alike_for_what_a_running_figure_counts():
    from service.answering.corroboration import ALIKE
    from service.answering.sentences import one_stem
    for a, b in (("raised", "pledged"), ("killed", "bodies"), ("found", "recovered"), ("signed", "signatures"),
                 ("begin", "starting"), ("evacuated", "displaced"), ("cases", "infections")):
        assert one_stem(b) in ALIKE[one_stem(a)], (a, b)


def test_a_plan_announced_anew_by_another_speaker_replaces_the_earlier_date():
    snap, old, new = _pair("The satellite is due to be launched on 19 March, the university has announced.", "19 March",
                           "The satellite is due to be launched on 14 April, the launch operator has said.", "14 April",
                           "DATE", parsed=True)
    assert _speakers(snap, old.members) and _speakers(snap, new.members) and not _speakers(snap, old.members) & _speakers(snap, new.members)
    assert [c.text for c in restated_later(snap, [old, new], PLAIN, changeable=True)] == ["14 April"]
    # a figure two named sources give stays two accounts (test above); a date a speaker only hopes for is no plan
    snap, old, new = _pair("The drug will be launched in 2028, the company said.", "2028",
                           "The drug could reach patients in 2030, a doctor said.", "2030", "DATE", parsed=True)
    assert restated_later(snap, [old, new], PLAIN, changeable=True) == []
