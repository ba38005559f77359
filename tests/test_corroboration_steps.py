"""The corroboration step on hand-built candidates (no model, no index): which articles are about
the question's story, when another outlet's own figure is a conflict, lower-scored sentences that
still support a value, and who a sentence says reports a value."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import SimpleNamespace

from index.documents import Article
from service.answering.corroboration import _governs, comparable, corroborate, on_story
from service.answering.grouping import Group, GroupingWeights, attach, tighten, unread_values
from service.answering.sentences import one_stem


@dataclass
class Sentence:
    doc_id: str
    text: str
    start: int = 0
    tokens: list = field(default_factory=list)
    stems: list = field(default_factory=list)
    lemmas: list = field(default_factory=list)
    similarity: float = 0.8
    coverage: float = 0.8
    heading: bool = False

    def __post_init__(self):
        self.end = self.start + len(self.text)
        for m in re.finditer(r"[\w,.%€£-]+", self.text):
            word = m.group().rstrip(".,")
            i = len(self.tokens)
            self.tokens.append((m.start(), m.start() + len(word), word.lower(), "X", "dep", i))
            self.stems.append(one_stem(word))
            self.lemmas.append(one_stem(word))

    def copy_of(self, other) -> bool:
        return False


def candidate(sentence: Sentence, text: str, score: float, label: str = "CARDINAL"):
    start = sentence.text.index(text)
    return SimpleNamespace(text=text, label=label, start=start, end=start + len(text), score=score,
                           sentence=sentence, resolved=None, shown=text)


def snapshot(*articles: Article):
    return SimpleNamespace(documents={a.doc_id: a for a in articles}, memo={})


def article(doc_id: str, text: str, outlet: str, published: str = "2026-03-08") -> Article:
    return Article(doc_id, doc_id, text, published=published, source=outlet,
                   url=f"https://www.{outlet.lower().replace(' ', '')}.example/{doc_id}")


def never(group, chosen) -> bool:
    return False


MARCH = ["peopl", "took", "march", "harwick"]  # 'How many people took part in the march in Harwick?'


def story(other_text: str, other_outlet: str = "Campaign Weekly"):
    police = article("a", "Police estimated that 6,500 people took part in the march in Harwick.", "Harwick Echo")
    other = article("b", other_text, other_outlet)
    a, b = Sentence("a", police.text), Sentence("b", other.text)
    figure = re.search(r"\d[\d,]*", other.text).group()
    chosen = Group([candidate(a, "6,500", 3.1)])
    rival = Group([candidate(b, figure, 1.7)])
    return snapshot(police, other), [chosen, rival]


def test_another_outlets_own_figure_for_the_same_thing_is_a_conflict():
    snap, groups = story("Organisers put the number of marchers in Harwick at 18,000 on Saturday.")
    result = corroborate(snap, groups, never, MARCH, names=["Harwick"], focus=["peopl"])
    assert result.answer.best.text == "6,500"
    assert [a.best.text for a in result.conflicts] == ["18,000"]
    assert [d.isoformat() for d in result.conflicts[0].dates] == ["2026-03-08"]


def test_a_figure_said_of_something_else_is_no_conflict():
    snap, groups = story("Harwick, a town of 18,000 households, has had a fire station since 1921.")
    result = corroborate(snap, groups, never, MARCH, names=["Harwick"], focus=["peopl"])
    assert not result.conflicts


def test_one_outlet_disagreeing_with_itself_is_no_conflict_between_sources():
    snap, groups = story("Organisers put the number of marchers in Harwick at 18,000 on Saturday.", "Harwick Echo")
    result = corroborate(snap, groups, never, MARCH, names=["Harwick"], focus=["peopl"])
    assert not result.conflicts


def test_articles_about_another_story_support_nothing():
    pool = article("pool", "The new Pellworth swimming pool will open on 2 March, the trust said.", "Lakeside Star")
    library = article("library", "The new Amberley library opened on 2 March after a two-year build.", "Lakeside Star")
    costs = article("costs", "The Amberley library cost £6 million.", "Lakeside Star")
    snap = snapshot(pool, library, costs)
    p, l, c = Sentence("pool", pool.text), Sentence("library", library.text), Sentence("costs", costs.text)
    groups = [Group([candidate(p, "2 March", 2.0, "DATE"), candidate(l, "2 March", 1.5, "DATE")]),
              Group([candidate(c, "£6 million", 1.0, "MONEY")])]
    kept = on_story(snap, groups, ["Pellworth"])
    assert len(kept) == 1 and [m.sentence.doc_id for m in kept[0].members] == ["pool"]
    assert len(groups[0].members) == 2  # the caller's groups are untouched
    assert on_story(snap, groups, []) == groups  # a question without names keeps everything


def test_the_first_group_stays_even_off_story():
    library = article("library", "The new Amberley library opened on 2 March.", "Lakeside Star")
    snap = snapshot(library)
    groups = [Group([candidate(Sentence("library", library.text), "2 March", 2.0, "DATE")])]
    assert on_story(snap, groups, ["Pellworth"]) == groups


def test_an_off_story_first_group_gives_way_to_the_storys_value():
    library = article("library", "The new Amberley library opened on 2 March.", "Lakeside Star")
    pool = article("pool", "The Pellworth pool will open on 13 April.", "Pellworth News")
    snap = snapshot(library, pool)
    other = Group([candidate(Sentence("library", library.text), "2 March", 2.0, "DATE")])
    own = Group([candidate(Sentence("pool", pool.text), "13 April", 1.5, "DATE")])
    assert on_story(snap, [other, own], ["Pellworth"]) == [own]


def test_lower_scored_candidates_join_the_values_they_state():
    a = Sentence("a", "Members voted to accept a pay rise of 7.5 per cent.")
    b = Sentence("b", "The settlement gives roughly 640 workers a 7.5% increase.")
    groups = [Group([candidate(a, "7.5 per cent", 2.2, "PERCENT")]), Group([candidate(a, "Members", 2.0, "NP")])]
    rest = [candidate(b, "7.5%", 1.2, "PERCENT"), candidate(b, "640", 1.1), candidate(b, "workers", 1.0, "NP")]
    attach(groups, rest)
    assert [m.text for m in groups[0].members] == ["7.5 per cent", "7.5%"]
    assert [m.text for m in groups[1].members] == ["Members"]
    assert len(groups) == 2  # never a value of their own


def test_a_speaker_inside_the_subject_is_not_an_attribution():
    # 'leader, Hal Bryce, said': Hal Bryce (3, 4) hangs from 'leader' (2), the subject of 'said' (5).
    tokens = [(0, 3, "the", "DET", "det", 2), (4, 8, "team", "NOUN", "poss", 2), (9, 15, "leader", "NOUN", "nsubj", 5),
              (16, 19, "hal", "PROPN", "compound", 4), (20, 25, "bryce", "PROPN", "appos", 2),
              (26, 30, "say", "VERB", "ROOT", 5)]
    assert _governs(tokens, 2, 4) and _governs(tokens, 2, 3)
    assert not _governs(tokens, 4, 2) and not _governs(tokens, 3, 5)


def test_two_outlets_giving_different_years_conflict():
    """'When was Kellmark founded?' — 2021 in one outlet, 2020 in another: a conflict, dated."""
    one = article("one", "Kellmark, which was founded in 2021, now employs 40 people.", "Trade Daily", "2026-04-01")
    two = article("two", "Founded in 2020 by two engineers, Kellmark makes drones.", "Tech Weekly", "2026-04-03")
    a, b = Sentence("one", one.text), Sentence("two", two.text)
    groups = [Group([candidate(a, "2021", 2.0, "DATE")]), Group([candidate(b, "2020", 1.0, "DATE")])]
    result = corroborate(snapshot(one, two), groups, never, ["kellmark", "found"], names=["Kellmark"])
    assert result.answer.best.text == "2021" and [c.best.text for c in result.conflicts] == ["2020"]
    assert not result.superseded


def test_a_correction_hands_over_to_the_value_it_gives_however_low_that_scores():
    first = article("first", "\"Never so alive,\" said the festival director, Cara Lindqvist, on Tuesday.", "Dunmore Times",
                    "2026-07-01")
    fix = article("fix", "Correction: an article wrongly attributed the remark to Cara Lindqvist. It was made by the "
                  "mayor, Piet Hallam.", "Dunmore Times", "2026-07-02")
    a, b = Sentence("first", first.text), Sentence("fix", fix.text)
    filler = [Group([candidate(a, "Tuesday", 1.0 - i / 100, "PERSON")]) for i in range(12)]
    groups = [Group([candidate(a, "Cara Lindqvist", 2.0, "PERSON"), candidate(b, "Cara Lindqvist", 1.9, "PERSON")]),
              *filler, Group([candidate(b, "Piet Hallam", -3.0, "PERSON")])]
    result = corroborate(snapshot(first, fix), groups, never, ["said", "aliv"], names=[])
    assert result.answer.best.text == "Piet Hallam"
    assert [s.best.text for s in result.superseded] == ["Cara Lindqvist"] and not result.conflicts


def test_a_surname_the_tagger_missed_joins_its_person():
    from service.answering.grouping import attach_names

    a = Sentence("a", "The restoration was led by the engineer Dr Amara Osei.")
    b = Sentence("b", "Osei, who led the restoration, said the pool would stay open.")
    osei = Group([candidate(a, "Dr Amara Osei", 2.0, "PERSON")])
    surname, pool = candidate(b, "Osei", 0.5, "NP"), candidate(b, "the pool", 0.4, "NP")
    surname.type_fit = pool.type_fit = 0.05  # a noun phrase fits a 'who' question poorly: not grouped
    attach_names([osei], [surname, pool], min_fit=0.6)
    assert surname in osei.members and pool not in osei.members
    # two people of that surname in the retrieved set: a bare surname names neither
    c = Sentence("c", "Her brother, Kofi Osei, ran the pumps.")
    first, second = Group([candidate(a, "Dr Amara Osei", 2.0, "PERSON")]), Group([candidate(c, "Kofi Osei", 1.5, "PERSON")])
    attach_names([first, second], [surname], min_fit=0.6)
    assert surname not in first.members + second.members


def test_a_figure_phrase_is_shown_as_the_figure_it_holds():
    a = Sentence("a", "The runway will close for a fortnight in November, when traffic is at its lowest.")
    b = Sentence("b", "The runway will be shut for two weeks in the autumn.")
    wide, tight = candidate(a, "a fortnight in November", 1.8, "NP"), candidate(a, "a fortnight", 1.3, "NP")
    other = candidate(b, "two weeks", 0.2, "DATE")
    groups = [Group([wide, tight, other])]
    tighten(groups)
    assert [m.text for m in groups[0].members] == ["a fortnight", "a fortnight", "two weeks"]
    assert (wide.start, wide.end) == (tight.start, tight.end)


def test_a_phrase_is_kept_whole_when_no_figure_inside_states_its_value():
    a = Sentence("a", "Garside was jailed for four years and six months on Monday.")
    whole = candidate(a, "four years and six months", 2.0, "DATE")
    part = candidate(a, "four years", 1.0, "DATE")  # another value: not in the group
    groups = [Group([whole]), Group([part])]
    tighten(groups)
    assert groups[0].best.text == "four years and six months"
    b = Sentence("b", "The asteroid 2026 GK4 measures about 340 metres across.")
    name, year = candidate(b, "2026 GK4", 1.0), candidate(b, "2026", 0.5)
    about, metres = candidate(b, "about 340 metres", 1.0, "QUANTITY"), candidate(b, "340 metres", 0.5, "QUANTITY")
    groups = [Group([name, year]), Group([about, metres])]
    tighten(groups)
    assert name.text == "2026 GK4" and about.text == "about 340 metres"  # a name; a qualifier kept


def test_a_correction_gives_its_value_from_the_candidates_the_scorer_never_ranked():
    old = article("old", "The fun run started at Tanners Quay.", "Bramwick Courier", "2026-06-08")
    fix = article("fix", "Correction: Our report said that the race started at Tanners Quay. That was wrong. "
                  "This year the start was moved to Orchard Meadow.", "Bramwick Courier", "2026-06-10")
    s_old = Sentence("old", old.text)
    s_fix = Sentence("fix", "Correction: Our report said that the race started at Tanners Quay.")
    s_new = Sentence("fix", "This year the start was moved to Orchard Meadow.", start=fix.text.index("This year"))
    chosen = Group([candidate(s_fix, "Tanners Quay", 2.0, "ORG"), candidate(s_old, "Tanners Quay", 1.8, "ORG")])
    spare = [candidate(s_new, "Orchard Meadow", -4.0, "NP"), candidate(s_new, "the start", -4.0, "NP")]
    snap = snapshot(old, fix)
    terms = [one_stem(w) for w in ("where", "start", "fun", "run")]
    without = corroborate(snap, [chosen], never, terms)
    assert without.answer.best.text == "Tanners Quay"  # nothing in view replaces it
    story = corroborate(snap, [chosen], never, terms, spare=spare, regroup=lambda cs: [Group([c]) for c in cs])
    assert story.answer.best.text == "Orchard Meadow"
    assert [a.best.text for a in story.superseded] == ["Tanners Quay"]


def test_a_later_change_the_scorer_never_ranked_supersedes_the_answer():
    first = article("first", "The company said it now expects pre-tax profit of £35m for the year.", "Fenmarch Post",
                    "2026-06-09")
    later = article("later", "On Thursday it revised its profit forecast again, to £28m, two days after telling "
                    "investors to expect £35m.", "Markets Ledger", "2026-06-12")
    a, b = Sentence("first", first.text), Sentence("later", later.text)
    chosen = Group([candidate(a, "£35m", 2.8, "MONEY"), candidate(b, "£35m", -2.0, "MONEY")])
    spare = [candidate(b, "£28m", -4.0, "MONEY")]
    terms = [one_stem(w) for w in ("pre-tax", "profit", "expect", "year")]
    snap = snapshot(first, later)
    assert corroborate(snap, [chosen], never, terms).answer.best.text == "£35m"
    story = corroborate(snap, [chosen], never, terms, spare=spare, regroup=lambda cs: [Group([c]) for c in cs])
    assert story.answer.best.text == "£28m"
    assert [x.best.text for x in story.superseded] == ["£35m"] and not story.conflicts


def test_an_unranked_figure_stated_without_change_language_changes_nothing():
    first = article("first", "The company said it expects pre-tax profit of £35m for the year.", "Fenmarch Post",
                    "2026-06-09")
    later = article("later", "Its profit last year was £28m.", "Markets Ledger", "2026-06-12")
    a, b = Sentence("first", first.text), Sentence("later", later.text)
    chosen = Group([candidate(a, "£35m", 2.8, "MONEY")])
    spare = [candidate(b, "£28m", -4.0, "MONEY")]
    terms = [one_stem(w) for w in ("pre-tax", "profit", "expect", "year")]
    story = corroborate(snapshot(first, later), [chosen], never, terms, spare=spare,
                        regroup=lambda cs: [Group([c]) for c in cs])
    assert story.answer.best.text == "£35m" and not story.superseded and not story.conflicts


def test_an_unranked_change_in_another_storys_article_supersedes_nothing():
    ours = article("ours", "Health officials have confirmed 31 cases of measles in Gorsey Bank.", "Gorsey Advertiser",
                   "2026-02-05")
    other = article("other", "Confirmed measles cases in Hollinbury have risen to 28.", "County Health News",
                    "2026-02-10")
    a, b = Sentence("ours", ours.text), Sentence("other", other.text)
    chosen = Group([candidate(a, "31", 2.5)])
    spare = [candidate(b, "28", -4.0)]
    terms = [one_stem(w) for w in ("measles", "cases", "confirmed", "Gorsey", "Bank")]
    story = corroborate(snapshot(ours, other), [chosen], never, terms, names=["Gorsey", "Bank"], spare=spare,
                        regroup=lambda cs: [Group([c]) for c in cs])
    assert story.answer.best.text == "31" and not story.superseded


def test_an_article_reporting_a_change_states_the_earlier_figure_as_earlier():
    first = article("first", "It will be built at a cost of £38m, the university said.", "Marrowfield Times", "2026-05-19")
    later = article("later", "The cost of the school has risen to £44m, the finance committee was told. When the school "
                    "was announced in May, the university put the cost at £38m.", "Campus Ledger", "2026-09-22")
    a = Sentence("first", first.text)
    b1 = Sentence("later", later.text[:later.text.index(" When") + 1].strip())
    b2 = Sentence("later", later.text[later.text.index("When"):], start=later.text.index("When"))
    groups = [Group([candidate(a, "£38m", 1.9, "MONEY"), candidate(b2, "£38m", -0.2, "MONEY")]),
              Group([candidate(b1, "£44m", 0.9, "MONEY")])]
    terms = [one_stem(w) for w in ("cost", "build", "school")]
    story = corroborate(snapshot(first, later), groups, never, terms)
    assert story.answer.best.text == "£44m"
    assert [x.best.text for x in story.superseded] == ["£38m"] and not story.conflicts


def test_another_fact_in_an_article_reporting_a_change_stays_as_it_is():
    first = article("first", "Seven people were killed and about 40 were missing, police said.", "Vale News", "2026-05-19")
    later = article("later", "The number of people killed has risen to 12. About 40 people are still missing.",
                    "Vale Post", "2026-05-20")
    a = Sentence("first", first.text)
    b1 = Sentence("later", "The number of people killed has risen to 12.")
    b2 = Sentence("later", "About 40 people are still missing.", start=later.text.index("About"))
    groups = [Group([candidate(a, "about 40", 1.9), candidate(b2, "About 40", 1.0)]), Group([candidate(b1, "12", 0.9)])]
    terms = [one_stem(w) for w in ("people", "missing")]
    story = corroborate(snapshot(first, later), groups, never, terms, focus=[one_stem("people")])
    assert story.answer.best.text == "about 40" and not story.superseded


def _named(sentence: Sentence) -> Sentence:
    """The sentence with its capitalised words (after the first) tagged as proper nouns."""
    sentence.tokens = [(a, b, w, "PROPN" if i and sentence.text[a:a + 1].isupper() else pos, dep, h)
                       for i, (a, b, w, pos, dep, h) in enumerate(sentence.tokens)]
    return sentence


def test_a_word_of_a_name_beside_one_figure_does_not_make_two_facts():
    union = article("union", "The union has warned that up to 300 jobs could go at Quillon Paints after Harstad buys it.", "Coatings Review",
                    "2026-09-17")
    buyer = article("buyer", "Harstad, which is buying Quillon, said it expected to cut about 120 jobs.", "Brayfield Post",
                    "2026-09-15")
    a, b = _named(Sentence("union", union.text)), _named(Sentence("buyer", buyer.text))
    groups = [Group([candidate(a, "up to 300", 3.5)]), Group([candidate(b, "about 120", -1.1)])]
    terms = [one_stem(w) for w in ("jobs", "lost", "Harstad", "takeover", "Quillon", "Paints")]
    story = corroborate(snapshot(union, buyer), groups, never, terms, names=["Harstad", "Quillon"], focus=[one_stem("jobs")])
    assert [x.best.text for x in story.conflicts] == ["about 120"]


@dataclass
class Parsed(Sentence):
    """A sentence with a real parse (spaCy), for steps that read the grammar."""

    def __post_init__(self):
        from index.annotate import load_nlp

        self.end = self.start + len(self.text)
        doc = load_nlp()(self.text)
        self.tokens = [(t.idx, t.idx + len(t.text), t.lemma_.lower(), t.pos_, t.dep_, t.head.i) for t in doc]
        self.stems = [one_stem(t.text) for t in doc]
        self.lemmas = [one_stem(t.lemma_.lower()) for t in doc]


def test_a_change_of_another_counted_thing_supersedes_nothing():
    first = article("first", "Archaeologists have uncovered a Roman villa at Saxby Wold with at least 14 rooms.", "Wold Post",
                    "2026-08-18")
    later = article("later", "The number of Roman coins found at the Saxby Wold villa has risen to 412.", "Evening Star",
                    "2026-09-08")
    a, b = Parsed("first", first.text), Parsed("later", later.text)
    groups = [Group([candidate(a, "at least 14", 3.8)]), Group([candidate(b, "412", -1.3)])]
    terms = [one_stem(w) for w in ("rooms", "Roman", "villa", "Saxby", "Wold")]
    story = corroborate(snapshot(first, later), groups, never, terms, names=["Saxby", "Wold"], focus=[one_stem("rooms")])
    assert story.answer.best.text == "at least 14" and not story.superseded


def test_a_change_of_the_counted_thing_still_supersedes():
    first = article("first", "Health officials have confirmed 31 cases of measles in Gorsey Bank.", "Gorsey Advertiser",
                    "2026-02-05")
    later = article("later", "The number of confirmed measles cases in Gorsey Bank has risen to 47.", "Tarnbrook News",
                    "2026-02-20")
    toll = article("toll", "The toll in Gorsey Bank now stands at 52.", "Tarnbrook News", "2026-02-21")
    a, b = Parsed("first", first.text), Parsed("later", later.text)
    groups = [Group([candidate(a, "31", 2.5)]), Group([candidate(b, "47", 0.9)])]
    terms = [one_stem(w) for w in ("measles", "cases", "confirmed", "Gorsey", "Bank")]
    story = corroborate(snapshot(first, later, toll), groups, never, terms, names=["Gorsey", "Bank"],
                        focus=[one_stem("cases")])
    assert story.answer.best.text == "47" and [x.best.text for x in story.superseded] == ["31"]


def test_a_change_to_a_figure_orders_of_magnitude_away_supersedes_nothing():
    """'revised to 2.6 million kilometres' (the approach) is no later width of a 340-metre asteroid;
    'six weeks' and 'three months' are not compared by magnitude (other units)."""
    first = article("first", "Astronomers estimate that the asteroid measures about 340 metres across.", "Sky Post",
                    "2026-04-03")
    later = article("later", "Its closest approach has been revised to 2.6 million kilometres.", "Star Ledger",
                    "2026-04-21")
    a, b = Sentence("first", first.text), Sentence("later", later.text)
    chosen = Group([candidate(a, "about 340 metres", 2.0, "QUANTITY")])
    spare = [candidate(b, "2.6 million kilometres", -4.0, "QUANTITY")]
    terms = [one_stem(w) for w in ("wide", "asteroid")]
    story = corroborate(snapshot(first, later), [chosen], never, terms, spare=spare,
                        regroup=lambda cs: [Group([c]) for c in cs])
    assert story.answer.best.text == "about 340 metres" and not story.superseded and not story.conflicts
    assert comparable(candidate(a, "about 340 metres", 0, "QUANTITY"), candidate(b, "2.6 million kilometres", 0, "QUANTITY")) is False
    weeks = Sentence("w", "He will be out for six weeks, the club said.")
    months = Sentence("m", "He faces three months out.")
    assert comparable(candidate(weeks, "six weeks", 0, "DATE"), candidate(months, "three months", 0, "DATE"))


def _unread(doc_id: str, text: str, figure: str, label: str = "CARDINAL"):
    start = text.index(figure)
    return SimpleNamespace(doc_id=doc_id, text=text, entities=[(start, start + len(figure), label)], tokens=[])


def test_another_articles_figure_in_a_sentence_never_read_becomes_a_value_of_its_own():
    """'closer to 900,000 a year', ranked below the sentences read, is a value group scored below
    every scored one, as is the figure of an article of the story none of whose values was grouped
    ('A third paper put it at 700,000': it was retrieved, only its sentences ranked low); the answer's
    own value, another story's articles and money in another currency are not."""
    a = Sentence("a", "The owner says the terminal will handle 1.4 million passengers a year.")
    b = Sentence("b", "The campaign group collected 3,200 objections.")
    chosen = Group([candidate(a, "1.4 million", 2.0)])
    chosen.best.type_fit = 1.0
    other = Group([candidate(b, "3,200", 0.5)])
    unread = [_unread("b", "Its analysis suggests traffic would be closer to 900,000 a year.", "900,000"),
              _unread("b", "It says 1.4 million is too many.", "1.4 million"),
              _unread("x", "Another town's airport handles 300,000 a year.", "300,000"),
              _unread("c", "A third paper put it at 700,000.", "700,000")]
    found = unread_values([chosen, other], unread, lambda d: d != "x", GroupingWeights())
    assert [g.best.text for g in found] == ["900,000", "700,000"]
    assert found[0].best.score < 0.5
    money = Group([candidate(Sentence("a", "The clean-up will cost around £6m."), "around £6m", 2.0, "MONEY")])
    money.best.type_fit = 1.0
    euros = [_unread("a", "The tram's cost rose to €31 million.", "€31 million", "MONEY")]
    assert unread_values([money], euros, lambda d: True, GroupingWeights()) == []


def test_a_correction_names_the_speaker_the_tagger_called_an_organisation():
    first = article("first", "The chief executive, Fenella Okafor, described the failure as entirely our fault.",
                    "Hebbleford Press", "2026-11-04")
    fix = article("fix", "Correction: Our article of 4 November reported that the chief executive, Fenella Okafor, "
                  "described the failure as entirely our fault. Those words were spoken by Marcus Pellow, the "
                  "society's technology director.", "Hebbleford Press", "2026-11-06")
    a = Sentence("first", first.text)
    b = Sentence("fix", fix.text[:fix.text.index(" Those")])
    c = Sentence("fix", fix.text[fix.text.index("Those"):], start=fix.text.index("Those"))
    pellow = candidate(c, "Marcus Pellow", -2.0, "ORG")
    groups = [Group([candidate(a, "Fenella Okafor", 2.0, "PERSON"), candidate(b, "Fenella Okafor", 1.9, "PERSON")]),
              Group([pellow])]
    result = corroborate(snapshot(first, fix), groups, never, ["describ", "failur", "fault"], names=[])
    assert result.answer.best.text == "Marcus Pellow"
    assert [s.best.text for s in result.superseded] == ["Fenella Okafor"]
    from service.answering.corroboration import person_like
    society = candidate(b, "Hebbleford Press", 0.0, "ORG") if "Hebbleford Press" in b.text else None
    assert person_like(pellow) and society is None
    lane = Sentence("x", "She worked at the depot on Kiln Lane, the firm's main site.")
    assert not person_like(candidate(lane, "Kiln Lane", 0.0, "ORG"))


def test_a_place_inside_the_retracted_one_is_no_replacement():
    first = article("first", "The fish was collected on the flanks of the Skerryvane Bank.", "Sea News", "2026-07-10")
    fix = article("fix", "Correction: Our article of 10 July said that it was collected on the flanks of the "
                  "Skerryvane Bank. The Skerryvane Bank lies to the north. The fish was collected on the Tolmarsh "
                  "Rise.", "Sea News", "2026-07-13")
    a = _named(Sentence("first", first.text))
    parts = fix.text.split(". ")
    starts = [fix.text.index(p) for p in parts]
    b, c, d = (_named(Sentence("fix", p if p.endswith(".") else p + ".", start=s)) for p, s in zip(parts, starts))
    groups = [Group([candidate(a, "the flanks of the Skerryvane Bank", 2.0, "NP"),
                     candidate(b, "the flanks of the Skerryvane Bank", 1.9, "NP")]),
              Group([candidate(c, "The Skerryvane Bank", 0.5, "LOC")]),
              Group([candidate(d, "the Tolmarsh Rise", -1.0, "LOC")])]
    result = corroborate(snapshot(first, fix), groups, never, ["collect", "fish"], names=[])
    assert result.answer.best.text == "the Tolmarsh Rise"


def test_words_news_uses_alike_tie_two_outlets_figures_to_one_fact():
    """'a crowd of 14,200 watched' and 'put the attendance at 11,850': one fact in two words."""
    club = article("club", "The club said a crowd of 14,200 watched the game at Ridgeway.", "Ridgeway Echo")
    league = article("league", "Official league figures put the attendance at Ridgeway at 11,850.", "Marches Sport")
    a, b = Sentence("club", club.text), Sentence("league", league.text)
    groups = [Group([candidate(a, "14,200", 2.2)]), Group([candidate(b, "11,850", -1.5)])]
    terms = [one_stem(w) for w in ("people", "watched", "Ridgeway")]
    result = corroborate(snapshot(club, league), groups, never, terms, names=["Ridgeway"], focus=["peopl"])
    assert [x.best.text for x in result.conflicts] == ["11,850"]
    other = article("other", "Official figures put the debt of the club at 11,850.", "Marches Sport")
    c = Sentence("other", other.text)
    result = corroborate(snapshot(club, other), [groups[0], Group([candidate(c, "11,850", -1.5)])], never, terms,
                         names=["Ridgeway"], focus=["peopl"])
    assert not result.conflicts


# 'How much rock came down on to the Esterby road?': one outlet's figure, and another's set against it
ROCK = ["rock", "came", "esterbi", "road"]


def rockfall(other_text: str, other_outlet: str = "Coastway Radio", extra: str | None = None):
    council = article("a", "The council said 4,000 tonnes of rock had come down on to the Esterby road.", "Esterby Beacon")
    other = article("b", other_text + (f" {extra}" if extra else ""), other_outlet)
    a, b = Sentence("a", council.text), Sentence("b", other.text)
    groups = [Group([candidate(a, "4,000 tonnes", 2.0, "QUANTITY")])]
    for figure in re.findall(r"\d[\d,]* tonnes", other.text):
        groups.append(Group([candidate(b, figure, -2.0, "QUANTITY")]))
    return snapshot(council, other), groups


def test_another_outlets_figure_set_against_the_account_is_a_conflict():
    snap, groups = rockfall("A geologist said photographs of the Esterby cliff suggested the fall was closer to 10,000 tonnes.")
    result = corroborate(snap, groups, never, ROCK, names=["Esterby"], focus=["rock"])
    assert result.answer.best.text == "4,000 tonnes"
    assert [a.best.text for a in result.conflicts] == ["10,000 tonnes"]


def test_a_disputing_figure_needs_its_cue_its_own_outlet_and_a_near_amount():
    plain = "A geologist said photographs of the Esterby cliff showed 10,000 tonnes of netting had been ordered."
    snap, groups = rockfall(plain)
    assert not corroborate(snap, groups, never, ROCK, names=["Esterby"], focus=["rock"]).conflicts
    same_outlet = "A geologist said photographs of the Esterby cliff suggested the fall was closer to 10,000 tonnes."
    snap, groups = rockfall(same_outlet, "Esterby Beacon")
    assert not corroborate(snap, groups, never, ROCK, names=["Esterby"], focus=["rock"]).conflicts
    far = "A geologist said the Esterby cliff suggested the true weight of the headland was 900,000 tonnes."
    snap, groups = rockfall(far)
    assert not corroborate(snap, groups, never, ROCK, names=["Esterby"], focus=["rock"]).conflicts


def test_a_disputing_figure_is_the_only_one_of_its_unit_in_its_article():
    snap, groups = rockfall("A geologist said the Esterby fall was closer to 10,000 tonnes.",
                            extra="Another 6,000 tonnes are still hanging above the road.")
    assert not corroborate(snap, groups, never, ROCK, names=["Esterby"], focus=["rock"]).conflicts


def test_a_correction_about_the_asked_fact_puts_its_retracted_value_first():
    from service.answering.corroboration import retracted_first
    text = ("Correction: Our report of 5 August on the fire at Scarrow Moor said that the fire started near Gallows Hill. "
            "That was wrong. It started beside the Hob Stones footpath.")
    notice = article("c", text, "Moor Times")
    other = article("d", "Crews from Thornsett fought the Scarrow Moor wildfire.", "Dale Radio")
    retracted = Sentence("c", text[:text.index(" That was wrong.")])
    plain = Sentence("d", other.text)
    snap = snapshot(notice, other)
    first = Group([candidate(plain, "the Scarrow Moor wildfire", 1.0, "NP")])
    gallows = Group([candidate(retracted, "Gallows Hill", 0.5, "FAC")])
    assert [g.best.text for g in retracted_first(snap, [first, gallows], {"fire", "begin"}, 3)] == ["Gallows Hill", "the Scarrow Moor wildfire"]
    # a value naming the report ('Our report … on the fire at *Scarrow Moor* said that …') is no retracted value
    moor = Group([candidate(retracted, "Scarrow Moor", 0.5, "LOC")])
    assert retracted_first(snap, [first, moor], {"fire", "begin"}, 3)[0] is first
    # nor is a correction of another fact ('said that the *road* was shut' for 'where did the fire begin')
    assert retracted_first(snap, [first, gallows], {"road"}, 3)[0] is first


def test_outlets_agreeing_on_a_measured_figure_are_counted():
    from service.answering.corroboration import Account, agreeing_outlets
    a = article("a", "The vineyard covers 48 hectares.", "Downs Gazette")
    b = article("b", "It has forty-eight hectares of vines.", "Wine Trade Weekly")
    c = article("c", "The vineyard covers 48 hectares.", "Downs Gazette", "2026-03-09")
    snap = snapshot(a, b, c)
    sa, sb, sc = Sentence("a", a.text), Sentence("b", b.text), Sentence("c", c.text)
    measured = Group([candidate(sa, "48 hectares", 1.0, "QUANTITY"), candidate(sb, "forty-eight hectares", 0.5, "QUANTITY")])
    assert agreeing_outlets(snap, Account(measured, list(measured.members))) == 2
    one_outlet = Group([candidate(sa, "48 hectares", 1.0, "QUANTITY"), candidate(sc, "48 hectares", 0.5, "QUANTITY")])
    assert agreeing_outlets(snap, Account(one_outlet, list(one_outlet.members))) == 1
    count = Group([candidate(sa, "48", 1.0), candidate(Sentence("b", "It has 48 rows of vines."), "48", 0.5)])  # a bare count may be another fact
    assert agreeing_outlets(snap, Account(count, list(count.members))) == 0


def test_a_count_the_answer_disputes_in_its_own_words_shows_the_other_outlets_count():
    """'the parish council saying *nearer* 5,000 people have come' sets itself against the trust's 'about 2,000
    birdwatchers': the other outlet's only count near it is the account disputed (a conflict shown)."""
    import service.answering.corroboration as corroboration
    echo = article("a", "The trust said about 2,000 birdwatchers had visited Sallowby, and one pair nested.", "Sallowby Echo",
                   "2026-05-06")
    dispatch = article("b", "The parish council says nearer 5,000 people have come to Sallowby to see them.", "Birdwatch Dispatch",
                       "2026-05-11")
    a, b = Sentence("a", echo.text), Sentence("b", dispatch.text)
    groups = [Group([candidate(b, "nearer 5,000", 3.0)]), Group([candidate(a, "one", -1.0)]),
              Group([candidate(a, "about 2,000", -1.4)])]
    terms = [one_stem(w) for w in ("people", "visited", "Sallowby", "see")]
    story = corroborate(snapshot(echo, dispatch), groups, never, terms, names=["Sallowby"], focus=["peopl"])
    assert story.answer.best.text == "nearer 5,000" and [x.best.text for x in story.conflicts] == ["about 2,000"]
    saved = corroboration.DISPUTED_COUNTS
    try:
        corroboration.DISPUTED_COUNTS = False
        story = corroborate(snapshot(echo, dispatch), groups, never, terms, names=["Sallowby"], focus=["peopl"])
        assert not story.conflicts
    finally:
        corroboration.DISPUTED_COUNTS = saved
