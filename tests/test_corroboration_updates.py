"""Updates, reprints and story membership (issue 15, session 15), on hand-built inputs.

- a figure an earlier article gave as a forecast gives way to a later article's outcome of it;
- a rival account stated as a change is that change, whatever noun it counts;
- a bare count read nowhere else joins the answer when a word of the question stands beside it;
- a question's names written together are one name for story membership; when the tagger found no
  name, the question's capitalised words tell its story.
"""

from __future__ import annotations

from types import SimpleNamespace

from service.answering.corroboration import corroborate, on_story, story_names
from service.answering.grouping import Group, attach_unread
from service.answering.sentences import one_stem
from service.revisions import forecast, outcome
from tests.test_corroboration_steps import Parsed, Sentence, article, candidate, never, snapshot


def always(group, chosen) -> bool:
    return True


def test_forecast_and_outcome_wording():
    expected = "It was built by Carvell and is expected to cost £48m, most of it from grants."
    assert forecast(expected, expected.index("£48m"))
    hoped = "They had expected 30,000 visitors over the two days."
    assert forecast(hoped, hoped.index("30,000"))
    ended = "The bypass has ended up costing £57m, the county council has confirmed."
    assert not forecast(ended, ended.index("£57m")) and outcome(ended, ended.index("£57m"))
    claim = "The union has warned that up to 300 jobs could go at the plant."
    assert not forecast(claim, claim.index("up to 300")) and not outcome(claim, claim.index("up to 300"))
    estimate = "Police estimated that 6,500 people took part."
    assert not forecast(estimate, estimate.index("6,500"))


def _bypass(later_text: str, later_date: str = "2026-10-06"):
    first = article("first", "The Aldersby bypass is expected to cost £48m, most of it from government grants.", "Aldersby Post",
                    "2026-09-01")
    later = article("later", later_text, "Tern Valley Radio", later_date)
    return first, later, Sentence("first", first.text), Sentence("later", later.text)


def test_a_later_outcome_supersedes_an_earlier_forecast():
    first, later, a, b = _bypass("The Aldersby bypass has ended up costing £57m, the council has confirmed.")
    groups = [Group([candidate(b, "£57m", 3.0, "MONEY")]), Group([candidate(a, "£48m", 0.5, "MONEY")])]
    terms = [one_stem(w) for w in ("cost", "bypass", "Aldersby")]
    story = corroborate(snapshot(first, later), groups, always, terms, names=["Aldersby"])
    assert story.answer.best.text == "£57m" and not story.conflicts
    assert [x.best.text for x in story.superseded] == ["£48m"]


def test_an_earlier_forecast_chosen_gives_way_to_the_later_outcome():
    first, later, a, b = _bypass("The Aldersby bypass has ended up costing £57m, the council has confirmed.")
    groups = [Group([candidate(a, "£48m", 3.0, "MONEY")]), Group([candidate(b, "£57m", 0.5, "MONEY")])]
    terms = [one_stem(w) for w in ("cost", "bypass")]
    story = corroborate(snapshot(first, later), groups, always, terms)
    assert story.answer.best.text == "£57m" and [x.best.text for x in story.superseded] == ["£48m"]


def test_a_forecast_against_a_hedged_claim_or_a_same_day_figure_stays_a_conflict():
    for text, day in (("Campaigners say the bypass could cost £57m.", "2026-10-06"),
                      ("The bypass cost £57m, the campaign group said.", "2026-09-01")):
        first, later, a, b = _bypass(text, day)
        groups = [Group([candidate(a, "£48m", 3.0, "MONEY")]), Group([candidate(b, "£57m", 0.5, "MONEY")])]
        story = corroborate(snapshot(first, later), groups, always, [one_stem("cost")])
        assert story.answer.best.text == "£48m" and not story.superseded
        assert [x.best.text for x in story.conflicts] == ["£57m"]


def test_a_rival_stated_as_a_change_of_another_noun_is_still_the_change():
    """'the number of entrants having risen to 3,100' is the later count of the runners it rivals, not
    a rival account left standing beside it."""
    first = article("first", "So far 2,400 runners have entered the marathon.", "Strettonbury Advertiser", "2026-03-18")
    later = article("later", "A record field will line up, with the number of entrants having risen to 3,100.",
                    "Vale Sound FM", "2026-04-22")
    a, b = Parsed("first", first.text), Parsed("later", later.text)
    groups = [Group([candidate(a, "2,400", 1.8)]), Group([candidate(b, "3,100", -0.2)])]
    terms = [one_stem(w) for w in ("runners", "signed", "marathon")]
    story = corroborate(snapshot(first, later), groups, always, terms, focus=[one_stem("runners")])
    assert story.answer.best.text == "3,100" and [x.best.text for x in story.superseded] == ["2,400"]
    assert not story.conflicts


def _unread(doc_id: str, text: str, figure: str):
    start = text.index(figure)
    sentence = Sentence(doc_id, text)
    return SimpleNamespace(doc_id=doc_id, text=text, entities=[(start, start + len(figure), "CARDINAL")],
                           tokens=sentence.tokens, stems=sentence.stems, lemmas=sentence.lemmas, start=0,
                           end=len(text), index=0)


def test_a_bare_count_joins_the_answer_when_a_word_of_the_question_stands_beside_it():
    best = candidate(Sentence("a", "The tram, carrying 46 passengers, derailed on a curve."), "46", 2.7)
    best.type_fit = 1.0
    asked = {one_stem(w) for w in ("passengers", "board", "tram", "derailed")}
    beside = [_unread("c", "Of the 46 people on board, five were treated in hospital.", "46")]
    chosen = Group([best])
    attach_unread(chosen, beside, lambda d: True, asked=asked)
    assert [c.sentence.doc_id for c in chosen.members] == ["a", "c"]
    elsewhere = [_unread("d", "The depot, built in 1990, has 46 bays for its fleet.", "46")]
    chosen = Group([best])
    attach_unread(chosen, elsewhere, lambda d: True, asked=asked)
    assert [c.sentence.doc_id for c in chosen.members] == ["a"]
    chosen = Group([best])
    attach_unread(chosen, beside, lambda d: True)  # no words of the question given: bare counts never join
    assert [c.sentence.doc_id for c in chosen.members] == ["a"]
    own_count = Group([candidate(Sentence("c", "The tram was carrying 52 passengers."), "52", 0.5)])
    chosen = Group([best])  # an article whose own count is another is that count's source, not this one's
    attach_unread(chosen, beside, lambda d: True, asked=asked, rivals=[own_count])
    assert [c.sentence.doc_id for c in chosen.members] == ["a"]


def test_names_written_together_are_one_name_of_the_story():
    question = "Who is the chief executive of the Northmere Learning Trust?"
    assert story_names(question, ["Northmere", "Learning", "Trust"]) == ["Northmere Learning Trust"]
    assert story_names("When does Larkspur Air's Wyncliffe to Lisbon service begin?",
                       ["Larkspur", "Air", "Wyncliffe", "Lisbon"]) == ["Larkspur Air", "Wyncliffe", "Lisbon"]
    assert story_names("How many of the Tamsley and Selbridge patients waited?", ["Tamsley", "Selbridge"]) == [
        "Tamsley", "Selbridge"]
    own = article("own", "The Northmere Learning Trust's chief executive, Alistair Pennock, said so.", "Clarion")
    other = article("other", "The Ridgeline Learning Trust's chief executive, Naomi Fairbrother, said so.", "Weekly")
    snap = snapshot(own, other)
    groups = [Group([candidate(Sentence("other", other.text), "Naomi Fairbrother", 2.0, "PERSON")]),
              Group([candidate(Sentence("own", own.text), "Alistair Pennock", 1.0, "PERSON")])]
    kept = on_story(snap, groups, story_names(question, ["Northmere", "Learning", "Trust"]))
    assert [g.best.text for g in kept] == ["Alistair Pennock"]


def test_capitalised_words_tell_the_story_when_the_tagger_found_no_name():
    assert story_names("Who chairs the committee in charge of the Northvale pension fund?", []) == ["Northvale"]
    assert story_names("What did Fenmoor's chief say?", []) == ["Fenmoor"]
    assert story_names("How many people died?", []) == []
    assert story_names("Who won?", ["Ros Fenner"]) == ["Ros Fenner"]  # the tagger's names, when it found some


def test_words_news_uses_alike_for_a_worth_or_an_expectation_make_two_accounts_of_one_figure():
    """'valued the tapestry at about £400,000' / 'could be worth as much as £1.5m'; 'had expected 30,000
    visitors' / 'had planned for about 18,000 people': another outlet's account, a conflict."""
    for own, other, asked, values in (
            ("A valuation suggests the tapestry could be worth as much as £1.5m.",
             "The museum director valued the tapestry at about £400,000.", ("worth",), ("as much as £1.5m", "about £400,000")),
            ("They had expected 30,000 visitors over the two days.",
             "The council had planned for about 18,000 people over the weekend.", ("expected",), ("30,000", "about 18,000"))):
        first, second = article("a", own, "Pendle Post"), article("b", other, "Vale Times")
        a, b = Sentence("a", first.text), Sentence("b", second.text)
        label = "MONEY" if "£" in values[0] else "CARDINAL"
        groups = [Group([candidate(a, values[0], 1.0, label)]), Group([candidate(b, values[1], 0.2, label)])]
        story = corroborate(snapshot(first, second), groups, never, [one_stem(w) for w in asked], looked_at=0)
        assert [x.best.text for x in story.conflicts] == [values[1]]


def test_a_correction_opening_with_a_long_description_of_its_report_retracts_what_it_said():
    from service.revisions import role

    text = ("Correction: Our report on 13 October about the derailment of a tram in Caddonfield city centre, supplied "
            "by a news agency, said the tram came off the rails near the Quarry Street stop.")
    value = "the Quarry Street stop"
    assert role(text, text.index(value), text.index(value) + len(value)) == "retracted"
    plain = ("Traders on Quarry Street, several of whom told us about the derailment of a tram in the city centre on "
             "Monday evening, said the tram came off the rails near the Quarry Street stop.")
    assert role(plain, plain.rindex(value), plain.rindex(value) + len(value)) != "retracted"
    aside = ("However, Mr Johnson, who was forced to apologise last year for an article in the magazine he edits about "
             "supporters grieving over the death of a well-known local footballer last winter, said Mr Blair \"should butt out of\" the row.")
    quote = "should butt out of"
    assert role(aside, aside.index(quote), aside.index(quote) + len(quote)) != "retracted"  # names no report it corrects


def _correction(*texts: str):
    from tests.test_corroboration_steps import _named

    notice = article("notice", " ".join(texts), "Emberton Times", "2026-05-11")
    return notice, [_named(Sentence("notice", t, start=notice.text.index(t))) for t in texts]


def test_the_right_name_set_before_the_retracted_one_it_contrasts_replaces_it():
    notice, (said, spoken, sorry) = _correction(
        "Correction: Our report of 8 May said that Laurence Quayle said at the count that they would be back.",
        "Those words were spoken by Hilary Banfield, the party's agent, and not by Mr Quayle.",
        "We apologise to Mr Quayle and to Ms Banfield for the error.")
    groups = [Group([candidate(said, "Laurence Quayle", 3.0, "PERSON"), candidate(spoken, "Mr Quayle", 0.5, "PERSON")]),
              Group([candidate(sorry, "Ms Banfield", -1.0, "PERSON")]),
              Group([candidate(spoken, "Hilary Banfield", -1.5, "PERSON")])]
    story = corroborate(snapshot(notice), groups, never, [one_stem("said")])
    assert story.answer.best.text == "Hilary Banfield"
    assert [x.best.text for x in story.superseded] == ["Laurence Quayle"]


def test_the_retracted_person_named_again_by_title_is_no_replacement():
    notice, (quoted, denied, given) = _correction(
        "Correction: Our article of 2 June quoted Shirley Maddern as calling the decision a hammer blow.",
        "Ms Maddern did not make that remark.",
        "It was said by Dennis Overbury, the union's shop steward.")
    groups = [Group([candidate(quoted, "Shirley Maddern", 3.0, "PERSON")]),
              Group([candidate(denied, "Ms Maddern", 1.0, "PERSON")]),
              Group([candidate(given, "Dennis Overbury", 0.2, "PERSON")])]
    story = corroborate(snapshot(notice), groups, never, [one_stem("described")])
    assert story.answer.best.text == "Dennis Overbury"


def test_what_describes_the_corrected_report_is_no_replacement():
    """'Our report …, which was supplied by Northern Press Wire, said that the fire broke out in the packing
    warehouse.' names who supplied the report: the replacement is the place the notice gives after it."""
    notice, (said, fact) = _correction(
        "Correction: Our report of 12 October on the fire, which was supplied by Northern Press Wire, said that "
        "the fire broke out in the packing warehouse.",
        "Kettleby Fire has told us that the fire started in the moulding shop.")
    groups = [Group([candidate(said, "the packing warehouse", 2.0, "NP")]),
              Group([candidate(said, "Northern Press Wire", 0.5, "NP")]),  # read as a noun phrase too
              Group([candidate(fact, "the moulding shop", -0.5, "NP")])]
    story = corroborate(snapshot(notice), groups, never, [one_stem(w) for w in ("fire", "start", "part")])
    assert story.answer.best.text == "the moulding shop"


# Session 16 (corrob10): uncued updates by one outlet, running totals, the named event's head noun,
# a correction notice that names none of the story's names.
def test_one_outlets_later_plain_figure_is_its_update_and_another_outlets_a_conflict():
    from service.answering.corroboration import restated_later
    first = article("first", "Three people were injured when the coach overturned, police said.", "Tarnby Echo", "2026-09-08")
    same = article("same", "Seven people were injured when the coach overturned, police said.", "Tarnby Echo", "2026-09-10")
    other = article("other", "Seven people were injured when the coach overturned.", "Road News", "2026-09-10")
    a, b, c = Sentence("first", first.text), Sentence("same", same.text), Sentence("other", other.text)
    old, new, rival = Group([candidate(a, "Three", 1.0)]), Group([candidate(b, "Seven", 0.5)]), Group([candidate(c, "Seven", 0.5)])
    plain = lambda c: "plain"  # noqa: E731
    assert [x.sentence.doc_id for x in restated_later(snapshot(first, same), [old, new], plain)] == ["same"]
    assert restated_later(snapshot(first, other), [old, rival], plain) == []  # another outlet: two accounts
    hedged = article("hedged", "Seven people may have been injured, police said.", "Tarnby Echo", "2026-09-10")
    h = Group([candidate(Sentence("hedged", hedged.text), "Seven", 0.5)])
    assert restated_later(snapshot(first, hedged), [old, h], plain) == []  # no outcome


def test_a_running_total_grown_in_another_outlet_is_the_update():
    from service.answering.corroboration import restated_later, running_total
    first = article("first", "A farmer reported that two sheep had been killed near the park.", "Kessingmoor Advertiser", "2026-10-27")
    later = article("later", "Five sheep have been killed in fields around the plantation.", "Keeper Review", "2026-11-06")
    fewer = article("fewer", "One sheep has been killed in fields around the plantation.", "Keeper Review", "2026-11-06")
    a, b, f = Sentence("first", first.text), Sentence("later", later.text), Sentence("fewer", fewer.text)
    old, new, low = Group([candidate(a, "two", 1.0)]), Group([candidate(b, "Five", 0.5)]), Group([candidate(f, "One", 0.5)])
    assert running_total(new.best) and not running_total(old.best)
    plain = lambda c: "plain"  # noqa: E731
    assert [x.text for x in restated_later(snapshot(first, later), [old, new], plain)] == ["Five"]
    assert restated_later(snapshot(first, fewer), [old, low], plain) == []  # a running total does not fall


def test_the_heads_of_the_questions_names():
    from service.answering.corroboration import name_heads
    assert name_heads("What date is the Cresswold County Show?", ["Cresswold County"]) == ["Show"]
    assert name_heads("When will the Hartwell Beer Festival be held?", ["Hartwell Beer Festival"]) == ["Festival"]
    assert name_heads("When did Kestrel open?", ["Kestrel"]) == []


def test_a_correction_notice_of_the_outlet_belongs_to_its_reports_story():
    from service.answering.corroboration import about_story
    report = article("report", "Justin Harwell resigned. The union president, Mo Akindele, said his position was impossible.",
                     "Wystan Chronicle", "2026-02-10")
    notice = article("notice", "Correction: Our report on 10 February about the vice-chancellor's resignation attributed a "
                     "quotation to Mo Akindele. The words were spoken by Lara Quist.", "Wystan Chronicle", "2026-02-13")
    elsewhere = article("elsewhere", "Correction: Our report on 10 February about the vice-chancellor's resignation was wrong.",
                        "Other Paper", "2026-02-13")
    snap = snapshot(report, notice, elsewhere)
    assert about_story(snap, "notice", ["Harwell"]) and not about_story(snap, "elsewhere", ["Harwell"])
