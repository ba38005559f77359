"""Agreement across newsrooms, ages read with the word after them, and changes under a headline of the
asked thing — on hand-built candidates (no model, no index)."""

from __future__ import annotations

import dataclasses

from service.answering.corroboration import agreed_first, corroborate, headline_words, kind_of, outlets_stating
from service.answering.grouping import Group
from tests.test_corroboration_steps import Sentence, article, candidate, never, snapshot

# 'How many people belong to the Northvale council pension scheme?'
TERMS = ["peopl", "belong", "northval", "council", "pension", "scheme"]
NAMES = ["Northvale"]
FOCUS = ["peopl"]
MARGIN = 2.0


def pension_story(second_outlet: str = "Pension Fund Monitor", second_text: str | None = None):
    a = article("a", "The six councils in the Northvale pension fund pay the pensions of 41,000 members.", "Selsdon Echo")
    c = article("c", second_text or "The Northvale fund, which pays the pensions of 41,000 members, lost £84m.", second_outlet)
    sa, sc = Sentence("a", a.text), Sentence("c", c.text)
    six = Group([candidate(sa, "six", 1.0)])
    members = Group([candidate(sc, "41,000", 0.6), candidate(sa, "41,000", 0.2)])
    return snapshot(a, c), [six, members]


def test_a_figure_two_outlets_give_for_the_asked_thing_goes_first():
    snap, groups = pension_story()
    assert outlets_stating(snap, groups[1]) == 2 and outlets_stating(snap, groups[0]) == 1
    ordered = agreed_first(snap, groups, MARGIN, TERMS, NAMES, FOCUS)
    assert [g.best.text for g in ordered] == ["41,000", "six"]


def test_one_outlets_two_articles_are_no_agreement():
    snap, groups = pension_story(second_outlet="Selsdon Echo")
    assert [g.best.text for g in agreed_first(snap, groups, MARGIN, TERMS, NAMES, FOCUS)] == ["six", "41,000"]


def test_an_agreed_figure_scored_far_below_stays_behind():
    snap, groups = pension_story()
    assert [g.best.text for g in agreed_first(snap, groups, 0.3, TERMS, NAMES, FOCUS)] == ["six", "41,000"]


def test_agreement_beside_no_word_of_the_question_counts_nothing():
    snap, groups = pension_story(second_text="The firm, founded with 41,000 shares, lost £84m in the year.")
    assert [g.best.text for g in agreed_first(snap, groups, MARGIN, TERMS, NAMES, FOCUS)] == ["six", "41,000"]


def test_a_small_count_is_no_agreement_and_names_are_left_alone():
    a = article("a", "One member of the Northvale pension board resigned over the loss of 412 jobs.", "Selsdon Echo")
    c = article("c", "Only one Northvale pension trustee voted against.", "Pension Fund Monitor")
    sa, sc = Sentence("a", a.text), Sentence("c", c.text)
    groups = [Group([candidate(sa, "412", 1.0)]), Group([candidate(sc, "one", 0.9), candidate(sa, "One", 0.5)])]
    assert [g.best.text for g in agreed_first(snapshot(a, c), groups, MARGIN, TERMS, NAMES, FOCUS)] == ["412", "one"]
    people = [Group([candidate(sa, "Northvale", 1.0, "GPE")]), Group([candidate(sc, "Northvale", 0.9, "GPE")])]
    assert agreed_first(snapshot(a, c), people, MARGIN, TERMS, NAMES, FOCUS) == people


def test_an_earlier_figure_repeated_is_no_agreement():
    a = article("a", "The pension scheme now has 44,000 members, up from 41,000.", "Selsdon Echo")
    c = article("c", "The Northvale pension scheme has 41,000 members.", "Pension Fund Monitor")
    b = article("b", "Membership of the pension scheme is 39,000, the council said.", "Hoxley Herald")
    sa, sc, sb = Sentence("a", a.text), Sentence("c", c.text), Sentence("b", b.text)
    groups = [Group([candidate(sb, "39,000", 1.0)]),
              Group([candidate(sc, "41,000", 0.8), candidate(sa, "41,000", 0.1)])]
    assert [g.best.text for g in agreed_first(snapshot(a, b, c), groups, MARGIN, TERMS, NAMES, FOCUS)] == ["39,000", "41,000"]


def test_a_length_of_time_followed_by_old_is_an_age():
    s = Sentence("a", "Palaeontologists say the rocks are about 150 million years old.")
    t = Sentence("b", "By his reckoning the prints are closer to 140 million years old.")
    assert kind_of(candidate(s, "about 150 million years", 1.0, "DATE")) == "age"
    assert kind_of(candidate(t, "140 million years old", 1.0, "DATE")) == "age"
    assert kind_of(candidate(Sentence("c", "The dig lasted 150 years in all."), "150 years", 1.0, "DATE")) == "duration"


def test_a_change_under_a_headline_of_the_asked_thing_supersedes():
    # 'From what date will visitors have to pay to park at Wellbury General?'
    first = article("a", "Visitors to Wellbury General will have to pay to park from 1 April, the trust said.",
                    "Wellbury Standard", "2026-01-20")
    said = "The charges will now start on 1 June, the trust said."
    later = article("c", "The Wellbury General trust has put back its plans after a consultation. " + said,
                    "Health Estates Review", "2026-03-18")
    later = dataclasses.replace(later, title="Wellbury delays car park charges after consultation")
    sa, sc = Sentence("a", first.text), Sentence("c", said, start=later.text.index(said))
    snap = snapshot(first, later)
    terms = ["date", "visitor", "have", "pay", "park", "wellburi", "general"]
    assert headline_words(snap, candidate(sc, "1 June", 0.0, "DATE"), {"visitor", "pay", "park"}) == {"park"}
    groups = [Group([candidate(sa, "1 April", 3.5, "DATE")]), Group([candidate(sc, "1 June", -1.6, "DATE")])]
    result = corroborate(snap, groups, never, terms, names=["Wellbury", "General"], focus=["date"])
    assert result.answer.best.text == "1 June"
    assert [a.best.text for a in result.superseded] == ["1 April"]


def test_a_date_in_a_sentence_never_read_joins_the_weekday_it_resolves_to():
    """'21 May' in another outlet's sentence not read is the 'Thursday' of an article published on
    Friday 22 May: with the dates resolved it is one more source of that day."""
    from datetime import date
    from types import SimpleNamespace

    from service.answering.grouping import attach_unread, same

    from index.dates import resolve

    a = Sentence("a", "Saxholm Water issued the notice on Thursday evening.")
    thursday = candidate(a, "Thursday", 1.0, "DATE")
    thursday.resolved, thursday.type_fit = resolve("Thursday", date(2026, 5, 22)), 1.0
    text = "The notice was issued on 21 May after the parasite was detected."
    start = text.index("21 May")
    unread = [SimpleNamespace(doc_id="b", text=text, entities=[(start, start + 6, "DATE")], tokens=[])]

    def anchored(cs):
        for c in cs:
            c.resolved = resolve(c.text, date(2026, 5, 23))
    plain = Group([thursday])
    attach_unread(plain, unread, lambda d: True)
    assert [c.text for c in plain.members] == ["Thursday"]  # as written, no two words alike
    resolved = Group([thursday])
    attach_unread(resolved, unread, lambda d: True, anchored)
    assert [c.text for c in resolved.members] == ["Thursday", "21 May"]
    assert same(resolved.members[1], thursday)


def test_two_outlets_giving_the_asked_figure_agree_on_it():
    from service.answering.corroboration import account, agreed_on

    snap, groups = pension_story()
    assert agreed_on(snap, account(snap, groups[1]), TERMS, NAMES, FOCUS) == 2
    assert agreed_on(snap, account(snap, groups[0]), TERMS, NAMES, FOCUS) == 0  # 'six': a small count, one outlet
    other, same_outlet = pension_story(second_outlet="Selsdon Echo")
    assert agreed_on(other, account(other, same_outlet[1]), TERMS, NAMES, FOCUS) == 1
