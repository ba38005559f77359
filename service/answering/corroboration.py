"""Step 5b, corroboration: which value stands, who states it, how many independent sources, since when.

Takes the answerer's value groups (candidates that state one value, best first) and returns
accounts of them: the answer, the values that still conflict with it, and the values later
reports superseded. Sources are independent when their articles are neither near-duplicates
(index/dedupe.py) nor from one outlet; every value carries its articles' publication dates;
a correction never supports what it retracts (service/revisions.py).

Works on any candidate with `.text .label .start .end .score .sentence` (a sentence with
`.doc_id .start .end .text .tokens`) and any group with `.members`, so the answerer's steps can
change around it.
"""

from __future__ import annotations

import copy
import re
from calendar import month_name
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from index.dates import published
from index.dedupe import PERMUTATIONS, CopyIndex, independent_groups, outlet, signature_of
from index.lexical import tokenize
from index.store import Snapshot
from service.answering.binding import names_the_focus
from service.answering.candidates import token_range
from service.answering.kinds import NAMES, NOUN_PHRASE
from service.answering.result import Stated
from service.revisions import FUTURE, NOTE_CHARS, REPORT_NAMED, REPORT_SAID, Mention, after_amendment_note, Timeline, changed_in_parse, forecast, names_the_report, order, outcome, role
from service.values import name_words, person_words, value_of
from service.attributes import ATTRIBUTES

FOLLOWING_CHARS = 120  # of the next sentence, which may retract this one ('That was incorrect.')
SAY_LEMMAS = {"say", "tell", "estimate", "claim", "report", "put", "announce", "insist", "state", "count",
              "confirm", "believe", "suggest", "add", "argue", "maintain", "reckon", "calculate", "record"}
SPECIFIC_KINDS = {"percent", "money", "measure", "duration"}  # figures that are rarely about something else by chance
UPDATE_DEPTH = 8  # value groups looked at for a later report that replaced the answer
NEAR_TOKENS = 6  # 'the union said 81 per cent of those who *voted*'
ABOUT_TOKENS = 8  # 'Police estimated that 6,500 people took part in Saturday's *march*'
FIGURE_KINDS = {"number", "percent", "money", "measure", "duration", "age", "date"}  # values two outlets can give differently
LOOSE_PREFIX = 5  # 'march' / 'marcher': one stem begins the other and is at least this long
SAID_STEPS = 2  # 'said (on) Sunday': the date's preposition, then the verb
STORY_SHARE = 0.5  # of the question's names, weighed by IDF, an article about its story mentions more than
MIN_NAME_WEIGHT = 0.1  # a name of no indexed word ('2026') still counts a little
TEXT_KINDS = {"name", "text"}
NAME_OR_NOUN = set(NAMES) | {NOUN_PHRASE}  # a name, or a noun phrase holding one ('the Dalesgate Pavilion in Pennick'), not 'reopen until 30 March'  # a place may be tagged as a name or read as a noun phrase
# Words of general English that set one account of a figure against another ('the *true* cost was',
# '*closer to* 10,000 tonnes', 'far more than the government has *admitted*').
DISPUTE_CUES = re.compile(r"\b(?:true|real|actual|actually|in fact|closer to|nearer|rather than|well short of|far (?:more|less|fewer) than|"
                          r"more than (?:twice|double)|less than half|disputed?|disputes|questioned|challenged|contradict(?:s|ed)?|"
                          r"overstated|understated|exaggerated|underestimated|overestimated|admitted|claimed|insisted)\b",
                          re.IGNORECASE)
# What sets the right value against the wrong one just before the wrong one: '… and *not by* Mr Quayle'.
CONTRAST_BEFORE = re.compile(r"\b(?:not|rather\s+than|instead\s+of)\s+(?:by\s+|to\s+|as\s+|on\s+|in\s+|at\s+)?"
                             r"(?:(?:mr|mrs|ms|miss|dr|sir|dame|lady|lord|prof|professor|cllr)\.?\s+)?$", re.IGNORECASE)
NAMED_MOVES = False
NAMES_A_PUBLICATION = re.compile(r"\b(?:report|article|story|edition|version|bulletin|headline)\b", re.IGNORECASE)  # 'Our report on 6 May'
DISPUTED_COUNTS = True  # a count the answer disputes in its own words is another outlet's account (disputing)
DISPUTE_REACH = 20  # characters before the answer searched for its dispute cue ('saying nearer 5,000')
UNINFORMATIVE_SPEAKERS = {"he", "she", "it", "they", "we", "i", "you", "who", "which", "that", "this", "one"}


# Words news uses alike for one counted or measured thing (general English, by stem): two outlets'
# figures beside words of one class are accounts of one fact ('a crowd of 14,200 watched' / 'put the
# attendance at 11,850'). Only `corroborate`'s same-fact test reads them.
ALIKE_WORDS = [
    "crowd attendance attended spectators watched audience",
    "killed dead deaths died toll fatalities bodies",
    "injured hurt wounded",
    "cost bill spent spending price",
    "homes houses properties dwellings",
    "jobs posts roles redundancies",
    "passengers travellers",
    "visitors attendance",
    "worth value valued valuation",
    "expected expecting planned anticipated",
    "raised pledged collected donated",
    "evacuated displaced rehoused",
    "found recovered discovered unearthed",
    "signed signatures signatories",
    "power electricity supply supplies",
    "cases infected infections caught",
    "start starts starting begin begins beginning",
    "held staged hosted venue",
]
ALIKE: dict[str, set[str]] = {}
CANONICAL: dict[str, str] = {}
for _line in ALIKE_WORDS:
    _stems = {s for w in _line.split() for s in tokenize(w)}
    _first = sorted(_stems)[0]
    for _s in _stems:
        ALIKE.setdefault(_s, set()).update(_stems - {_s})
        CANONICAL.setdefault(_s, _first)


@dataclass
class Account:
    """One value as the sources tell it."""

    group: object
    sources: list = field(default_factory=list)  # best candidate of each independent source, best first
    articles: list[str] = field(default_factory=list)  # every supporting article
    dates: list[date] = field(default_factory=list)  # their publication dates, oldest first
    attribution: str | None = None  # who the best source's sentence says reports it ('police')

    @property
    def best(self):
        return self.sources[0] if self.sources else max(self.group.members, key=lambda c: c.score)

    @property
    def copies(self) -> int:
        """Supporting articles beyond one per independent source: wire copies, same-outlet reprints."""
        return len(self.articles) - len(self.sources)


@dataclass
class Corroboration:
    answer: Account
    conflicts: list[Account] = field(default_factory=list)
    superseded: list[Account] = field(default_factory=list)


def _signature(snapshot: Snapshot, doc_id: str):
    key = ("signature", doc_id)
    if key not in snapshot.memo:
        snapshot.memo[key] = signature_of(snapshot.documents[doc_id])
    return snapshot.memo[key]


def copy_index(snapshot: Snapshot) -> CopyIndex:
    """Built once per snapshot, on first use."""
    if "copy_index" not in snapshot.memo:
        ids = list(snapshot.documents)
        matrix = np.stack([_signature(snapshot, d) for d in ids]) if ids else np.zeros((0, PERMUTATIONS), np.uint32)
        snapshot.memo["copy_index"] = CopyIndex(ids, matrix)
    return snapshot.memo["copy_index"]


def copies_of(snapshot: Snapshot, doc_id: str) -> list[str]:
    """The article's near-duplicates in the index, once per snapshot (the same articles come back)."""
    key = ("copies", doc_id)
    found = snapshot.memo.get(key)
    if found is None:
        found = snapshot.memo[key] = copy_index(snapshot).copies_of(doc_id)
    return found


def mention_role(snapshot: Snapshot, candidate, terms: Collection[str] = ()) -> str:
    """service.revisions.role of a candidate, or, for a figure or a date, 'current' when the parse reports it
    as the outcome of a change (a verb of the question, `terms`, excepted; 'reached *the wards*' is no figure); memoised per snapshot (the same sentences come back)."""
    sentence = candidate.sentence
    key = ("role", sentence.doc_id, sentence.start, candidate.start, candidate.end, frozenset(terms))
    found = snapshot.memo.get(key)
    if found is None:
        text = snapshot.documents[sentence.doc_id].text
        following = text[sentence.end:sentence.end + FOLLOWING_CHARS].lstrip()
        found = role(sentence.text, candidate.start, candidate.end, following)
        if found == "plain" and after_amendment_note(text[max(0, sentence.start - NOTE_CHARS):sentence.start]):
            found = "current"  # 'This article was amended on 3 March: | the hearing will take place on 14 April.'
        if found == "plain" and value_of(candidate.text, candidate.label).kind in FIGURE_KINDS and changed_in_parse(sentence.tokens, *token_range(sentence, candidate.start, candidate.end),
                                                 terms, getattr(sentence, "lemmas", ())):
            found = "current"  # 'has raised its planned increase in bills to 8.5 per cent', 'had reached 88'
        snapshot.memo[key] = found
    return found


def corroborate(snapshot: Snapshot, groups: Sequence, is_rival: Callable[[object, object], bool],
                terms: Collection[str] = (), margin: float = 0.5, looked_at: int = 3,
                max_conflicts: int = 2, names: Collection[str] = (), focus: Collection[str] = (),
                spare: Sequence = (), regroup: Callable[[list], list] | None = None,
                heads: Collection[str] = (), changeable: bool = False, first: bool = False) -> Corroboration:
    """The answer among `groups` (best first), the values conflicting with it and the superseded ones.

    `is_rival(group, chosen)`: whether another value is stated for the same thing (on topic, same
    kind, other articles) — only rivals can conflict with or supersede the answer. `terms`: the
    question's stems, to see that two figures of one kind are said of the same thing; `margin`: how
    far below the answer's score a rival's may be. `names`: the question's proper nouns — an article
    that names none of them is about another story and supports nothing; `focus`: the stems of
    what is counted ('people' in 'how many people'), too general to tell two facts apart.
    `spare`: candidates off the scorer's shortlist, which only a correction's right value may come
    from ('This year the start was moved to Orchard Meadow' two sentences after the retracted one);
    `regroup` makes value groups of them. `heads`: the head nouns of the question's names (`name_heads`),
    by which an article calls the named thing again ('the show'). `changeable`: the question asks after
    something that may still change (`revisions.asks_settled_past` false), so another outlet's later plain
    statement of it may be its update (`restated_later`). `first`: the question asks for the value first
    given (`revisions.asks_first`): the earliest value the standing one replaced answers, and the standing
    one is shown neither as support nor as a conflict.
    """
    groups = on_story(snapshot, groups, names)
    groups = retracted_first(snapshot, groups, set(terms) - {t for n in names for t in tokenize(n)} - set(focus), looked_at)
    groups = said_dates_last(groups, terms, looked_at)
    chosen = groups[0]
    story_names = proper_names(names)
    story_heads = set(heads)  # 'Show' of 'the Cresswold County Show'
    spare = [c for c in spare if not story_names or about_story(snapshot, c.sentence.doc_id, story_names)]
    deep = groups[:1 + UPDATE_DEPTH]
    if spare and regroup is not None:  # a later report's new figure the scorer never ranked ('revised …, to £28m')
        deep = deep + unranked_changes(snapshot, chosen, spare, regroup, terms, focus)
    roles = {id(c): mention_role(snapshot, c, terms) for g in deep for c in g.members}
    counted_apart = set()  # changes of a count of another noun, unless it stays a rival (below)
    for g in deep:  # 'The number of Roman coins … has risen to 412' changes no count of rooms
        for c in g.members:
            if roles[id(c)] == "current" and counts_another(c, focus):
                roles[id(c)] = "plain"
                counted_apart.add(id(c))
    # A sentence reporting a change states the value it changed from as well ('revised its forecast
    # again, to £33m, three days after telling investors to expect £41m'): another value of it that
    # no cue marks is the earlier one (of the same kind: 'shares dropped 18%' beside it is another fact).
    # Nor a count of its own noun beside a change of another ('the list has reached 41,300, with
    # 2,150 *patients* waiting more than a year': two facts, not the list's earlier length), unless
    # it counts the asked noun ('one in five of the 450 *homes*' for 'how many homes').
    changed_in: dict[tuple, set[tuple[int, str, str | None]]] = {}
    for g in deep:
        for c in g.members:
            if roles[id(c)] == "current":
                key = (c.sentence.doc_id, c.sentence.start)
                changed_in.setdefault(key, set()).add((id(g), value_of(c.text, c.label).kind, counted_noun(c)))
    for g in deep:
        for c in g.members:
            changed = changed_in.get((c.sentence.doc_id, c.sentence.start))
            if changed and roles[id(c)] == "plain" and any(
                    other != id(g) and kind == value_of(c.text, c.label).kind and not counts_other_noun(c, noun, focus)
                    for other, kind, noun in changed):
                roles[id(c)] = "old"

    def _role(c) -> str:
        if id(c) not in roles:
            roles[id(c)] = mention_role(snapshot, c, terms)
        return roles[id(c)]
    name_stems = {t for n in names for t in tokenize(n)}
    asked = set(terms) - name_stems - set(focus)  # what is said of the subject: 'killed', 'missing', 'cost'
    attribute_words = {w for w in asked if w in ATTRIBUTE_STEMS}  # the asked attribute's noun: 'cost', 'turnout'
    # Likewise across an article's sentences: an article reporting a change of the asked figure or date ('The
    # cost … has risen to £44m') that also states another figure of that kind of the same thing plainly
    # ('When the school was announced in May, the university put the cost at £38m') states the earlier one.
    def in_sentence(c) -> set[str]:
        return _near(c, asked, len(c.sentence.tokens))
    changes_by_doc: dict[str, list] = {}
    for g in deep:
        for c in g.members:
            if roles[id(c)] == "current" and in_sentence(c):
                changes_by_doc.setdefault(c.sentence.doc_id, []).append((id(g), c))
    for g in deep:
        for c in g.members:
            found = changes_by_doc.get(c.sentence.doc_id)
            if not found or roles[id(c)] != "plain":
                continue
            kind_c, words = value_of(c.text, c.label).kind, in_sentence(c)
            if kind_c in FIGURE_KINDS and words and any(other != id(g) and value_of(d.text, d.label).kind == kind_c
                             and d.sentence.start != c.sentence.start and len(words & in_sentence(d)) >= 2
                             for other, d in found):
                roles[id(c)] = "old"

    asked_or_alike = set(asked) | {w for t in asked for w in ALIKE.get(t, ())}

    def about(c) -> set[str]:
        """The question's words beside the value, a word of news that says the same counted as that
        word ('put the *attendance* at 11,850' / 'a crowd of 14,200 *watched*')."""
        return {CANONICAL.get(w, w) for w in _near(c, asked_or_alike, ABOUT_TOKENS, names=name_stems)}

    def same_fact(a, b) -> bool:
        """Two values said of the same thing: a word of the question beside both ('took part in the
        *march*' / 'the number of *marchers*'); when one or neither has one, the asked noun beside both
        ('a club-record *fee* of £1.8m' / 'received £2.1 million for the striker, the largest *fee*')."""
        if counts_another(a, focus) or counts_another(b, focus):
            return False  # '412 coins' is no account of the rooms
        near_a, near_b = about(a), about(b)
        if near_a and near_b:
            return bool(near_a & near_b) or bool(_loose(near_a, near_b))
        if (near_a or near_b) and not focus:
            return False
        # One outlet words it otherwise ('counted 65 boats with holed hulls' / 'damaged 40 boats'):
        # the asked noun counted beside both says they count the same thing.
        return bool(_near(a, focus, ABOUT_TOKENS) & _near(b, focus, ABOUT_TOKENS))

    def stated(g):
        """The group as its sources state it: a retraction ('wrongly reported X') is no statement of X."""
        kept = [c for c in g.members if _role(c) not in {"old", "retracted"}]
        view = copy.copy(g)
        view.members = kept or list(g.members)
        return view

    kind = kind_of(chosen.best)
    person = chosen.best.label == "PERSON"

    def same_kind(g) -> bool:
        # '2017' is no rival of 'nine years', nor a town of a person
        return kind_of(g.best) == kind and (kind != "name" or (g.best.label == "PERSON") == person)

    def given_person(g) -> bool:
        """A person the tagger called something else, as a correction names who it was ('spoken … by
        Marcus Pellow, the society's technology director', tagged ORG)."""
        return person and person_like(g.best)

    # Each article's own best-scored value of the answer's kind said of the same thing: its account of
    # the asked figure, though a figure of something else ('collected 3,200 objections') scores higher.
    best_in_article: dict[str, object] = {}
    for g in groups:
        if same_kind(g):
            for c in g.members:
                if kind in FIGURE_KINDS and not (same_fact(c, chosen.best) and comparable(c, chosen.best, ACCOUNT_FACTOR)):
                    continue  # the airline's 1.1 million passengers a year is no account of one route's 40,000
                if c.sentence.doc_id not in best_in_article or c.score > best_in_article[c.sentence.doc_id].score:
                    best_in_article[c.sentence.doc_id] = c

    def rival(g) -> bool:
        if not same_kind(g) or (kind == "date" and when_said(g.best) and not when_said(chosen.best)):
            return False  # 'told investors on Thursday' dates the telling, not what the question asks
        if is_rival(stated(g), stated(chosen)):
            return True
        # Two figures of one specific kind ('81 per cent', '76 per cent'), each beside a word of the
        # question ('voted'), in different articles: two accounts of one fact, however the sentences differ.
        other_articles = {c.sentence.doc_id for c in g.members} - {c.sentence.doc_id for c in chosen.members}
        if (kind in SPECIFIC_KINDS and bool(other_articles) and g.best.score >= chosen.best.score - margin
                and bool(_near(g.best, terms) & _near(chosen.best, terms))):
            return True
        return outlet_rival(g)

    def outlet_rival(g) -> bool:
        """Another outlet's own answer to the question: the best figure of this kind its article gives,
        said of the same thing ('Police estimated 6,500 people took part in the march' / 'Organisers
        put the number of marchers at 18,000'), however differently the sentences are worded or scored."""
        if not same_kind(g):
            return False
        answer_docs = {c.sentence.doc_id for c in chosen.members}
        return kind in FIGURE_KINDS and any(
            best_in_article.get(c.sentence.doc_id) is c and c.sentence.doc_id not in answer_docs
            and _outlet_of(snapshot, c.sentence.doc_id) not in {_outlet_of(snapshot, d) for d in answer_docs}
            and same_fact(c, chosen.best) for c in g.members)

    answer_value = value_of(chosen.best.text, chosen.best.label)
    answer_outlets = {_outlet_of(snapshot, c.sentence.doc_id) for c in chosen.members}

    def disputes(c) -> bool:
        """The answer's own words set it against another account: 'nearer 5,000', 'the true figure was'."""
        return bool(DISPUTE_CUES.search(c.sentence.text[max(0, c.start - DISPUTE_REACH):c.end]))

    def disputing(g) -> bool:
        """Another outlet's figure of the answer's kind and unit, set against another account in its
        sentence ('photographs suggested the fall was *closer to* 10,000 tonnes', 'the *true* cost was
        £131m'), the only figure of that kind and unit its article gives, within ACCOUNT_FACTOR of the
        answer: that outlet's account of the asked figure, however differently it words the rest. Only
        when the question names its story (the groups are then the story's articles'). A bare count, too,
        when the answer's own words dispute another account ('the parish council saying *nearer* 5,000 people
        have come' against the trust's 'about 2,000 birdwatchers'): then the other outlet's only count
        within ACCOUNT_FACTOR of it is the account it disputes."""
        counts = kind == "number" and DISPUTED_COUNTS and disputes(chosen.best)  # 'nearer 5,000 people', against another count
        if (kind not in SPECIFIC_KINDS and not counts) or not story_names:
            return False
        for c in g.members:
            doc = c.sentence.doc_id
            value = value_of(c.text, c.label)
            if (value.kind, value.unit) != (kind, answer_value.unit) or _outlet_of(snapshot, doc) in answer_outlets:
                continue
            if not comparable(c, chosen.best, ACCOUNT_FACTOR) or not (counts or DISPUTE_CUES.search(c.sentence.text)):
                continue
            stated_there = {value_of(o.text, o.label).amount for h in groups for o in h.members if o.sentence.doc_id == doc
                            and (value_of(o.text, o.label).kind, value_of(o.text, o.label).unit) == (kind, answer_value.unit)
                            and (not counts or comparable(o, chosen.best, ACCOUNT_FACTOR))}
            if len(stated_there) == 1:
                return True
        return False

    pool = [chosen] + [g for g in groups[1:1 + looked_at] if rival(g) or disputing(g)] + [
        g for g in groups[1 + looked_at:] if outlet_rival(g) or disputing(g)]
    # What a later report may have replaced the answer with, however it ranks: a value stated as a
    # change beside a word of the question ('the toll has risen to 14'), or stated by the article that
    # calls the answer earlier or wrong. These only ever replace; they are never shown as conflicts.
    # (the articles stating the answer as it stands: one that only calls it earlier or wrong reports the change)
    chosen_docs = {c.sentence.doc_id for c in stated(chosen).members}
    # (an article that states a figure or date only to call it earlier or wrong, and gives the change itself:
    # 'The full hearing will take place on 4 April … This article was amended …: the hearing will take place on 14 April')
    amended_in = {c.sentence.doc_id for c in chosen.members} - {
        c.sentence.doc_id for c in chosen.members if _role(c) not in {"old", "retracted"}} if kind in FIGURE_KINDS else set()
    marking = {c.sentence.doc_id for c in chosen.members if _role(c) in {"old", "retracted"}}
    # (a date changed in words unlike the question's, in an article whose headline holds a word of what is
    # asked: 'The charges will now start on 1 June' under 'Wellbury delays car *park* charges' for 'from what
    # date will visitors pay to *park*'; dates only, as for `names_all` below: a story has many counts)
    def subject_asked(c) -> bool:
        """A figure stated as a change of the asked attribute itself, however far the words stand ('*The cost* of
        the refurbishment has been revised to £4.4m' for 'the latest estimate for the cost of the refit'), in an
        article of the question's story: a change of the answer's own fact."""
        return (kind in FIGURE_KINDS - {"date"} and _role(c) == "current" and bool(attribute_words)
                and bool(change_subject(c) & attribute_words)
                and (not story_names or about_story(snapshot, c.sentence.doc_id, story_names)))
    def headlined(c) -> set[str]:
        return headline_words(snapshot, c, asked) if kind == "date" and _role(c) == "current" else set()
    def refers_to_story(c) -> bool:
        """A date's sentence calls the question's named thing by its head noun ('*The show* has also been pushed
        back to 22 August' for the Cresswold County Show): a named event has one date."""
        return kind == "date" and any(re.search(rf"\bthe\s+(?:[\w-]+\s+)?{re.escape(h)}\b", c.sentence.text, re.IGNORECASE)
                                      for h in story_heads)

    def name_for_name(g) -> bool:
        """A proper name for a proper name, however the tagger labelled either ('Dr Imogen Sallis' ORG, 'Rhodri
        Fane' a noun phrase): a post's new holder, a place moved to. (A person tagged so is replaced by a
        person only: `given_person`.)"""
        return (not person and proper(chosen.best) and proper(g.best) and {kind, kind_of(g.best)} <= TEXT_KINDS
                and not NAMES_A_PUBLICATION.search(g.best.text))
    # (a sentence that states the answer as the earlier value states the change of it, whatever its words: 'has
    # been moved from Harlowe Town Hall to the Dalesgate Pavilion' for 'where will the championship be held'; a
    # figure, a date or a name, not a phrase such as 'reopen until 30 March')
    old_sentences = {(c.sentence.doc_id, c.sentence.start) for c in chosen.members if _role(c) == "old"}
    changes = [g for g in deep[1:] if g not in pool and (same_kind(g) or given_person(g) or name_for_name(g)) and any(
        _role(c) == "current" and (c.sentence.doc_id not in chosen_docs or c.sentence.doc_id in amended_in)
        and not names_the_report(c.sentence.text, c.end) and (_near(c, terms) or headlined(c) or refers_to_story(c)
                                                               or subject_asked(c)
                                                               or (c.sentence.doc_id, c.sentence.start) in old_sentences
                                                               and (kind in FIGURE_KINDS or g.best.label in NAME_OR_NOUN and proper(g.best)))
        for c in g.members)]
    # Only a change of the answer's own fact may supersede it: a rival stating a change of another
    # ('the toll rose to 12' for a question on the missing) is left out.
    changing = [g for g in pool[1:] if any(_role(c) == "current" for c in g.members)]
    # Nor a change to a figure orders of magnitude away: a revised approach of 2.6 million kilometres
    # changes no asteroid's width of 340 metres.
    # Nor a sum in another currency: a revised sum keeps its currency ('bringing its total takings to $21.6m'
    # changes no subsidy of 'up to £4m').
    changes = [g for g in changes if comparable(g.best, chosen.best) and same_currency(g.best, chosen.best)]
    pool = [g for g in pool if comparable(g.best, chosen.best)  # nor conflicts: two facts, not two accounts
            and (g not in changing or same_currency(g.best, chosen.best))]
    changing = [g for g in changing if g in pool]
    if changes or changing:
        connected = same_story(chosen, changing + changes, lambda c: _near(c, asked, len(c.sentence.tokens)) | headlined(c),
                               lambda c: (kind == "date" or NAMED_MOVES and kind in TEXT_KINDS and proper(c) and not NAMES_A_PUBLICATION.search(c.text))
                               and _role(c) == "current"
                               and (names_all(c.sentence, name_stems) or refers_to_story(c)) or subject_asked(c),
                               lambda c: _role(c) == "current")
        if any(counts_focus(c, focus) for c in chosen.members):  # two counts of the asked noun: 'four pieces have now been
            connected += [g for g in changing + changes  # recovered' / 'the number of pieces found has since risen to 11'
                          if g not in connected and any(counts_focus(c, focus) for c in g.members)]
        pool = [g for g in pool if g not in changing or g in connected]
        changes = [g for g in changes if g in connected]
    extra = changes
    # The value the correcting article gives instead ('It was made by the mayor, Piet Hallam'), however it scores.
    # A retracted name is replaced by a name ("named the farm as Hobb's End Farm. … confirmed at Saltings
    # Farm"), not by the sentence's other phrases ('The outbreak').
    # Nor by another phrase of the sentence stating the retracted value ('Our report of 12 March … named X').
    named = proper(chosen.best)
    retracting: dict[tuple, list[int | None]] = {}  # sentence → where the retracted value stands after a contrast
    for c in chosen.members:
        if _role(c) in {"old", "retracted"}:
            contrasted = CONTRAST_BEFORE.search(c.sentence.text[max(0, c.start - 20):c.start])
            retracting.setdefault((c.sentence.doc_id, c.sentence.start), []).append(c.start if contrasted else None)
    def replaces_name(g) -> bool:  # a place or thing may be tagged as a name or read as a noun phrase
        return proper(g.best) and not person and g.best.label != "PERSON" and {
            kind, value_of(g.best.text, g.best.label).kind} <= TEXT_KINDS
    words_of = person_words if person else name_words  # a person's titles say nothing of who it is
    retracted_words = set(words_of(chosen.best.text))

    def restates_retracted(g) -> bool:
        """'the Skerryvane Bank' is no replacement for 'the flanks of the Skerryvane Bank' it retracts, nor
        'Ms Maddern' ('Ms Maddern did not make that remark') for the Shirley Maddern it retracts."""
        return kind in TEXT_KINDS and bool(retracted_words) and set(words_of(g.best.text)) <= retracted_words

    def given_instead(c) -> bool:
        if c.sentence.doc_id not in marking or _role(c) not in {"plain", "current"}:
            return False
        if names_the_report(c.sentence.text, c.end):  # 'Our report …, which was supplied by Northern Press Wire, said'
            return False
        where = retracting.get((c.sentence.doc_id, c.sentence.start))
        # the right value set before the retracted one it contrasts ('spoken by Hilary Banfield …, and
        # *not* by Mr Quayle'), in a sentence that does not name the report
        return not named or where is None or (not REPORT_NAMED.match(c.sentence.text)
                                              and all(w is not None and c.end <= w for w in where))
    instead = [g for g in groups[1:] if g not in pool and g not in extra
               and (same_kind(g) and (not named or proper(g.best)) or named and replaces_name(g) or given_person(g))
               and any(given_instead(c) and (c.label == "PERSON" or person_like(c) or not person) and not reports(c)
                       for c in g.members)
               and not restates_retracted(g)]
    # one value replaces one: a name of the asked noun's kind, else the first given (a person too: 'spoken by
    # Hilary Banfield' comes before 'We apologise to … Ms Banfield')
    # (a figure too: 'no longer put the number … at 27. A count … found that *41* containers went overboard.
    # Latest figures show 16 containers have come ashore': the first given after the retraction)
    if (named or kind in FIGURE_KINDS) and len(instead) > 1:
        retracted_at = {}  # where each correcting article states the value it retracts: what it gives instead follows
        for c in chosen.members:
            if c.sentence.doc_id in marking and _role(c) in {"old", "retracted"}:
                retracted_at[c.sentence.doc_id] = min(retracted_at.get(c.sentence.doc_id, c.sentence.start), c.sentence.start)
        if not named:
            instead = [g for g in instead if any(given_instead(c) and c.sentence.start >= retracted_at.get(c.sentence.doc_id, 0)
                                                 for c in g.members)] or instead
        instead = [min(instead, key=lambda g: (not names_the_focus(g.best, focus), min(
            (c.sentence.start, c.start) for c in g.members if given_instead(c))))]
    if re.search(r"\d", chosen.best.text):  # a figure or date written in digits gives way to one so written ('1881', not 'the day')
        instead.sort(key=lambda g: not re.search(r"\d", g.best.text))
    extra += instead
    if marking and not extra and regroup is not None:
        extra += replacement(chosen, marking, spare, regroup, _role, set(terms))
    # What the answer's own articles call earlier or wrong ('originally planned for 4 July'): shown as
    # superseded when a later report did replace it, never as a conflict.
    earlier = [g for g in deep[1:] if g not in pool and g not in extra and same_kind(g) and any(
        _role(c) in {"old", "retracted"} and c.sentence.doc_id in chosen_docs for c in g.members)]
    pool += extra + earlier
    accounts_of_it = [g for g in pool if g not in extra and g not in earlier]
    # A rival kept as another account of the asked figure that reports a change of it is that change,
    # whatever noun it counts ('the number of *entrants* having risen to 3,100' for 'how many runners'):
    # the same figure cannot be a rival account and another noun's count at once.
    for g in accounts_of_it[1:]:
        for c in g.members:
            if id(c) in counted_apart and roles.get(id(c)) == "plain":
                roles[id(c)] = "current"
    if kind in FIGURE_KINDS - {"date"}:  # a date ahead is always expected: only a change cue moves it
        for c in given_after_forecast(snapshot, accounts_of_it, _role):
            roles[id(c)] = "current"
    if UNCUED_UPDATES:
        for c in restated_later(snapshot, accounts_of_it, _role, changeable=changeable):
            roles[id(c)] = "current"
    ids = {id(g): g for g in pool}
    mentions = [Mention(id(g), c.sentence.doc_id, published(snapshot, c.sentence.doc_id), _role(c))
                for g in pool for c in g.members]
    timeline = order([id(g) for g in pool], mentions)
    answer, seen = chosen, set()
    while timeline.superseded.get(id(answer)) is not None and id(answer) not in seen:
        seen.add(id(answer))
        answer = ids[timeline.superseded[id(answer)]]  # follow what replaced it: 9 → 12 → 14
    if id(answer) in timeline.superseded:  # called wrong, and nothing in view replaces it
        answer = next((ids[k] for k in timeline.standing if ids[k] not in extra), answer)
    standing = answer
    if first:  # 'what reopening date was first given': the value the standing one replaced, the earliest so
        answer = ids[first_given(snapshot, id(answer), timeline, ids)]
    accounts = {id(g): account(snapshot, g, timeline) for g in pool}
    conflicts = [accounts[k] for k in timeline.standing if ids[k] is not answer and ids[k] is not standing and ids[k] not in extra
                 and ids[k] not in earlier and accounts[k].sources
                 and comparable(ids[k].best, ids[id(answer)].best, ACCOUNT_FACTOR)][:max_conflicts]
    superseded = [accounts[k] for k in timeline.superseded if ids[k] not in extra and ids[k] is not answer]
    return Corroboration(accounts[id(answer)], conflicts, superseded)


def first_given(snapshot: Snapshot, current: int, timeline: Timeline, ids: dict) -> int:
    """The value stated earliest of those the timeline superseded (each an earlier account of the asked fact: 'was
    first due to reopen on 14 November'); `current` (a group id) itself when none was superseded."""
    replaced = [k for k in timeline.superseded if k != current]
    if not replaced:
        return current
    return min(replaced, key=lambda k: (min((published(snapshot, c.sentence.doc_id) or date.max) for c in ids[k].members),
                                        -max(c.score for c in ids[k].members)))


AGE_AFTER = re.compile(r"^\s*(?:-\s*)?old\b", re.IGNORECASE)


def kind_of(candidate) -> str:
    """The kind of value a candidate states, read with the word after it: a length of time followed by
    'old' is an age ('the rocks are about 150 million years old', the tagger's span ending at 'years'),
    as '140 million years old' is."""
    kind = value_of(candidate.text, candidate.label).kind
    if kind == "duration" and AGE_AFTER.match(candidate.sentence.text[candidate.end:candidate.end + 12]):
        return "age"
    return kind


AGREEMENT_DEPTH = 8  # value groups after the first looked at for one that several outlets state
AGREEMENT_MIN_COUNT = 10  # a count below this ('one', 'two') is in too many sentences to agree by chance


def outlets_stating(snapshot: Snapshot, group, terms: Collection[str] = (), about: Collection[str] | None = None) -> int:
    """How many outlets independently state the group's value: its sources (near-duplicates and one
    outlet's articles count once) that state it, not as the earlier or a retracted value ('up from 310');
    with `about`, only mentions beside one of those words (stems: what the question asks of its subject)."""
    if len({_outlet_of(snapshot, c.sentence.doc_id) for c in group.members}) < 2:
        return 1 if group.members else 0  # one outlet's articles (cheap: no account needed)
    stating = copy.copy(group)
    stating.members = [c for c in group.members if mention_role(snapshot, c, terms) not in {"old", "retracted"}
                       and (about is None or _near(c, about, ABOUT_TOKENS))]
    if not stating.members:
        return 0
    return len({_outlet_of(snapshot, c.sentence.doc_id) for c in account(snapshot, stating).sources})


def agreed_first(snapshot: Snapshot, groups: Sequence, margin: float, terms: Collection[str] = (),
                 names: Collection[str] = (), focus: Collection[str] = (), depth: int = AGREEMENT_DEPTH) -> list:
    """The groups with a figure or date that two or more outlets state independently, each beside a word
    of what the question asks (`terms` less its `names` and counted noun `focus`), first, when the first
    group is a value of that kind only one outlet states and the agreed value scores within `margin` of
    it ('41,000 members' of the pension fund in two newsrooms' reports, not 'six' councils in one):
    independent newsrooms giving one figure for the asked thing is evidence a single sentence's score
    lacks. Of several, the one most outlets state (then the best scored)."""
    groups = list(groups)
    if len(groups) < 2:
        return groups
    first = groups[0]
    kind = kind_of(first.best)
    if kind not in FIGURE_KINDS or outlets_stating(snapshot, first, terms) >= 2:
        return groups
    asked = set(terms) - {t for n in names for t in tokenize(n)} - set(focus)
    if not asked:
        return groups
    floor = first.best.score - margin

    def candidate(g) -> bool:
        value = value_of(g.best.text, g.best.label)
        return (g.best.score >= floor and kind_of(g.best) == kind
                and not (kind == "number" and (value.amount or 0) < AGREEMENT_MIN_COUNT))
    agreed = [(outlets_stating(snapshot, g, terms, asked), g.best.score, i)
              for i, g in enumerate(groups[1:1 + depth], start=1) if candidate(g)]
    agreed = [a for a in agreed if a[0] >= 2]
    if not agreed:
        return groups
    _, _, i = max(agreed)
    return [groups[i]] + groups[:i] + groups[i + 1:]


def agreed_on(snapshot: Snapshot, answer: Account, terms: Collection[str] = (), names: Collection[str] = (),
              focus: Collection[str] = ()) -> int:
    """How many outlets independently state the answer beside a word of what the question asks (`terms`
    less its `names` and counted noun `focus`) when it is a figure (not a count below
    AGREEMENT_MIN_COUNT) or a day ('on Thursday evening' in a paper of Friday 22 May / 'on 21 May'):
    two newsrooms giving it for the asked thing clear the threshold as a measured figure does. 0 else."""
    best = answer.best
    value, kind = value_of(best.text, best.label), kind_of(best)
    asked = set(terms) - {t for n in names for t in tokenize(n)} - set(focus)
    if kind not in FIGURE_KINDS or not asked or (kind == "number" and (value.amount or 0) < AGREEMENT_MIN_COUNT):
        return 0
    if kind == "date" and getattr(getattr(best, "resolved", None), "precision", None) != "day":
        return 0  # 'the spring', 'last year': no day two outlets could agree on by more than chance
    return outlets_stating(snapshot, answer.group, terms, asked)


def retracted_first(snapshot: Snapshot, groups: Sequence, asked: Collection[str], looked_at: int) -> list:
    """The groups with a retracted value of the question's fact first: when the scorer's choice is
    stated plainly and one of the next `looked_at` values, of its kind, is one a correction retracts in a
    sentence holding a word of what is asked (`asked`: 'Our report said that the *fire* broke out in the
    packing warehouse. That was wrong.'), the question is about the corrected fact: corroboration then
    takes the value the correction gives instead."""
    groups = list(groups)
    if len(groups) < 2 or not asked or any(mention_role(snapshot, c) in {"old", "retracted"} for c in groups[0].members):
        return groups
    if value_of(groups[0].best.text, groups[0].best.label).kind not in TEXT_KINDS or groups[0].best.label == "PERSON":
        return groups  # a place or a thing: figures and people have their own correction flow

    def in_retracted_clause(c) -> bool:  # 'said that the *fire* broke out in …', not 'Our report on the fire'
        said = REPORT_SAID.search(c.sentence.text)
        return bool(said and said.end() <= c.start and set(tokenize(c.sentence.text[said.end():])) & set(asked))
    for i, g in enumerate(groups[1:1 + looked_at], start=1):
        if value_of(g.best.text, g.best.label).kind in TEXT_KINDS and g.best.label != "PERSON" and any(
                mention_role(snapshot, c) == "retracted" and in_retracted_clause(c) for c in g.members):
            return [g] + groups[:i] + groups[i + 1:]
    return groups


CHANGE_FACTOR = 1000.0  # a figure revised moves by less than this factor; further apart, two facts
# Two outlets' accounts of one figure differ by less than this factor (police 8,000 / organisers 25,000;
# 4,000 / 'closer to 10,000' tonnes); further apart, they count different things.
ACCOUNT_FACTOR = 6.0


def given_after_forecast(snapshot: Snapshot, accounts: Sequence, role_of: Callable[[object], str]) -> list:
    """The mentions that replace a forecast: among `accounts` (value groups stating one asked figure),
    one whose every statement is a forecast ('is expected to cost £48m') is replaced by another's plain
    statement in an article published strictly later than every statement of the forecast ('has ended up
    costing £57m', a month on), stated as an outcome (no forecast, no 'could'/'will': `revisions.outcome`). The mentions returned report the change."""
    found = []
    for g in accounts:
        stated = [c for c in g.members if role_of(c) in {"plain", "current"}]
        if not stated or not all(forecast(c.sentence.text, c.start) for c in stated):
            continue
        dates = [published(snapshot, c.sentence.doc_id) for c in stated]
        if any(d is None for d in dates):
            continue
        last = max(dates)
        for h in accounts:
            if h is g:
                continue
            for c in h.members:
                when = published(snapshot, c.sentence.doc_id)
                if role_of(c) == "plain" and when is not None and when > last and outcome(c.sentence.text, c.start):
                    found.append(c)
    return found


# A later article giving the asked value of the story otherwise, in no words of change, is an update
# when nothing sets the two accounts apart: neither is attributed to a source the other is not (then two
# sources disagree: 'the trust said about 2,000' / 'the parish council saying nearer 5,000') and the
# later one does not dispute another account ('the *true* cost was'). On: a reader of news takes the
# newer statement of one fact as the news.
UNCUED_UPDATES = True


def _speakers(snapshot: Snapshot, members: Sequence) -> set[str]:
    """Who the members' sentences say report the value, as lower-case content words ('the council' → {'council'})."""
    found = set()
    for c in members:
        who = attribution(c)
        if who:
            found |= {w for w in re.findall(r"[a-z]+", who.lower()) if w not in {"the", "a", "an", "its", "their", "of"}
                      and w not in NOT_SPEAKER_WORDS}
    return found


# A count given as where it has got to: the present perfect beside it ('Five sheep *have been killed*', '*has so far
# raised* £30,000'), not a count of what happened once ('two sheep *had been* killed', 'killed 12 people').
RUNNING_TOTAL = re.compile(r"\b(?:has|have)\s+(?:now\s+|so\s+far\s+|since\s+|already\s+|in\s+all\s+)?(?:been\s+)?[a-z]+(?:ed|en|wn|t)\b",
                           re.IGNORECASE)
TOTAL_REACH = 40  # characters after the count (or before it) searched for its verb


def running_total(c) -> bool:
    """Whether the count at `c` is given in the present perfect, as a total so far."""
    text = c.sentence.text
    value = value_of(c.text, c.label)
    if value.kind != "number":
        return False
    near = text[max(0, c.start - TOTAL_REACH):c.start] + " " + text[c.end:c.end + TOTAL_REACH]
    return bool(RUNNING_TOTAL.search(near)) and not CLAUSE_BREAK_NEAR.search(text[c.end:c.end + 3])


CLAUSE_BREAK_NEAR = re.compile(r"^[;:]")


def grown(later, earlier) -> bool:
    """A later count above an earlier one: a total that grew (a running total does not fall)."""
    a, b = value_of(later.text, later.label), value_of(earlier.text, earlier.label)
    return a.kind == b.kind == "number" and a.amount is not None and b.amount is not None and a.amount > b.amount


# Across outlets (session 17): another outlet's later plain statement of the asked value is its update too when
# the question asks after something that may still change (`revisions.asks_settled_past` false: a count so far, a
# current state, a plan — not 'how much did the stadium cost', where two outlets' figures are two accounts), no
# source sets the two apart (not both attributed to different speakers: 'the university's finance committee was
# told £44m' after an unattributed '£38m' is the news; a date is a plan, which a later announcement replaces
# whoever makes it: 'due to be launched on 14 April, the launch operator has said'), it speculates nothing ('could', 'may') and it restates the
# same fact (`restates`: 'July' after '17 July' is no change; '212 tonnes' no area).
ACROSS_OUTLETS = True
SPECULATIVE = re.compile(r"\b(?:could|may|might|would)\b", re.IGNORECASE)
# Words of an attribution that name no source: honorifics ('Dr Ashworth' / 'Dr Calloway' are two people) and the
# label of a notice ('Correction: …, the company said').
NOT_SPEAKER_WORDS = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "cllr",
                     "councillor", "correction", "clarification", "update"}
DATE_PRECISION_DAY = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\b(?!\d)")
# a weekday names a day of a week the reader must work out ('Monday'); plural, a recurrence ('on Fridays')
DATE_PRECISION_WEEKDAY = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE)
DATE_PRECISION_MONTH = re.compile(r"\b(?:" + "|".join(m for m in month_name if m) + r")\b", re.IGNORECASE)


def date_precision(c) -> int:
    """How finely a date is given: 3 a day of a month ('17 July'), 2 a month or a weekday ('July', 'Saturday'), 1
    coarser ('2027', 'last month', 'on Fridays')."""
    text = re.sub(r"\b(?:19|20)\d{2}\b", "", c.text)
    if DATE_PRECISION_DAY.search(text):
        return 3
    return 2 if DATE_PRECISION_MONTH.search(text) or DATE_PRECISION_WEEKDAY.search(text) else 1


PART_OF = re.compile(r"^\s+of\s+(?:the|its|their|these|those|them)\b", re.IGNORECASE)  # 'keep *three of the* routes'


def restates(later, earlier) -> bool:
    """The later value may state the earlier one's fact anew: no coarser date ('July' restates '17 July'), a
    measure in a unit of the same dimension ('212 tonnes' is no area of '48 hectares'), a count not of a part
    ('enough to keep *three of the* routes' counts some of the nine withdrawn); a date only in a sentence that
    looks ahead (`revisions.FUTURE`: a plan restated, not the day figures were 'sent on Monday')."""
    a, b = value_of(later.text, later.label), value_of(earlier.text, earlier.label)
    if kind_of(later) == kind_of(earlier) == "date":  # a plan restated looks ahead ('will begin on 29 June'), not 'sent on Monday'
        return date_precision(later) >= date_precision(earlier) and bool(FUTURE.search(later.sentence.text))
    if a.kind == b.kind == "measure" and a.unit != b.unit:
        return False
    return not (a.kind == "number" and PART_OF.match(later.sentence.text[later.end:later.end + 16]))


def restated_later(snapshot: Snapshot, accounts: Sequence, role_of: Callable[[object], str], future: bool = False,
                   changeable: bool = False) -> list:
    """The mentions that report a change though no word says so: among `accounts` (value groups kept as
    accounts of the asked fact), one stated plainly only in articles published strictly later than every
    statement of another, by no other source than that one's (`attribution`: both unattributed, or one
    speaker named in both), and disputing nothing (DISPUTE_CUES). The earlier one is of the same outlet, or
    a smaller count given as a running total; or, when the asked fact is `changeable` (ACROSS_OUTLETS), of
    any outlet, not both attributed to different speakers, the later speculating nothing and restating the
    earlier one's fact (`restates`). The mentions returned report the change."""
    stated = {}
    for g in accounts:
        members = [c for c in g.members if role_of(c) in {"plain", "current"}]
        dates = [published(snapshot, c.sentence.doc_id) for c in members]
        if members and all(d is not None for d in dates):
            stated[id(g)] = (members, min(dates), max(dates))
    found = []
    for g in accounts:
        if id(g) not in stated:
            continue
        members, first, _ = stated[id(g)]
        if any(role_of(c) == "current" or DISPUTE_CUES.search(c.sentence.text) for c in members):
            continue
        plain = future or all(outcome(c.sentence.text, c.start) for c in members)
        across = ACROSS_OUTLETS and changeable and not any(SPECULATIVE.search(c.sentence.text) for c in members)
        if not plain and not across:
            continue
        outlets = {_outlet_of(snapshot, c.sentence.doc_id) for c in members}
        total = all(running_total(c) for c in members)  # 'Five sheep *have been killed*': the count so far
        later_speakers = _speakers(snapshot, members)
        for h in accounts:
            if h is g or id(h) not in stated or stated[id(h)][2] >= first:
                continue
            old_members = stated[id(h)][0]
            old_speakers = _speakers(snapshot, old_members)
            same_outlet = {_outlet_of(snapshot, c.sentence.doc_id) for c in old_members} <= outlets
            if plain and (same_outlet or total and grown(g.best, h.best)):
                if later_speakers and old_speakers and not later_speakers & old_speakers:
                    continue  # two sources, two accounts
            elif not (across and restates(g.best, h.best) and (later_speakers & old_speakers or not (later_speakers and old_speakers)
                                                                or kind_of(g.best) == "date")):
                continue
            found.extend(members)
            break
    return found


def comparable(a, b, factor: float = CHANGE_FACTOR) -> bool:
    """Whether one figure may be the other revised: both amounts within `factor` of each other (True
    when either has no amount: a date, a name)."""
    va, vb = value_of(a.text, a.label), value_of(b.text, b.label)
    x, y = va.amount, vb.amount
    if not x or not y or (va.kind, va.unit) != (vb.kind, vb.unit):
        return True  # months and seconds, a count and a sum: not compared
    low, high = sorted((abs(x), abs(y)))
    return high <= factor * low


def same_currency(a, b) -> bool:
    """False only for two sums of money in different currencies ('$21.6m', '£4m')."""
    va, vb = value_of(a.text, a.label), value_of(b.text, b.label)
    return not (va.kind == vb.kind == "money" and va.unit != vb.unit)


COUNT_NOUNS = {"number", "numbers", "total", "totals", "tally", "count", "figure", "toll", "level", "estimate"}
GENERAL_COUNTED = {"people", "person", "individual"}  # '45,000 people' may be the spectators asked about
GENERAL_STEMS = {"peopl", "person", "individu"}
SUBJECT_STEPS = 4  # from the value up to the verb whose subject it is said of
NAMING_DEPS = {"compound", "amod", "nmod", "poss"}  # words before a counted noun that name what it counts


def _counted(candidate) -> int | None:
    """The token of the noun a count counts: its own noun ('412 *coins*'), or what 'the number of' the verb it is
    said of counts ('The number of Roman *coins* … has risen to 412'); None when unknown, general ('45,000 people',
    'the toll now stands at 15') or for another kind of value."""
    if value_of(candidate.text, candidate.label).kind != "number":
        return None
    tokens = candidate.sentence.tokens
    inside = [i for i, t in enumerate(tokens) if t[0] < candidate.end and t[1] > candidate.start]
    if not inside or any(len(t) < 6 for t in tokens):
        return None
    node = next((i for i in inside if tokens[i][5] not in inside), inside[0])
    counted = None
    if tokens[node][4] == "nummod" and tokens[tokens[node][5]][3] == "NOUN":
        counted = noun_head(tokens, tokens[node][5])
    else:
        for _ in range(SUBJECT_STEPS):
            parent = tokens[node][5]
            if parent == node:
                break
            node = parent
            if tokens[node][3] in {"VERB", "AUX"}:  # 'The number *of* Roman coins … has risen to 412'
                number = next((j for j, t in enumerate(tokens) if t[5] == node and t[4] in {"nsubj", "nsubjpass", "dobj"}
                               and t[2] in COUNT_NOUNS), None)
                of = next((j for j, t in enumerate(tokens) if number is not None and t[5] == number and t[2] == "of"), None)
                counted = next((j for j, t in enumerate(tokens) if of is not None and t[5] == of and t[4] == "pobj"), None)
                break
    if counted is None or counted in inside or tokens[counted][3] != "NOUN" or tokens[counted][2] in GENERAL_COUNTED:
        return None
    return counted


def _names_focus(candidate, counted: int, focus: Collection[str]) -> bool:
    """The counted noun or a word naming it is the asked one ('the number of *Glowmo* plush dragons' for 'how many
    Glowmo dragons')."""
    sentence, tokens = candidate.sentence, candidate.sentence.tokens
    stems, lemmas = sentence.stems, getattr(sentence, "lemmas", sentence.stems)
    naming = [counted] + [j for j, t in enumerate(tokens) if t[5] == counted and t[4] in NAMING_DEPS]
    return any(stems[k] == f or lemmas[k] == f for k in naming for f in focus)


def counts_another(candidate, focus: Collection[str]) -> bool:
    """Whether the value counts a noun other than the asked one (`focus`: 'rooms' in 'how many rooms'):
    its own noun ('412 *coins*'), or what 'the number of' the verb it is said of counts ('The number of
    Roman *coins* … has risen to 412'). False when nothing is asked, the asked noun is people in general,
    or the counted noun is unknown or general ('the toll now stands at 15', '45,000 people')."""
    if not focus or set(focus) & GENERAL_STEMS:
        return False  # a share or a sum is not a count of a noun; 'people' may be marchers or spectators
    counted = _counted(candidate)
    return counted is not None and not _names_focus(candidate, counted, focus)


def counts_focus(candidate, focus: Collection[str]) -> bool:
    """Whether the value counts the asked noun itself, a specific one ('four *pieces* have now been recovered', 'the
    number of *pieces* found has since risen to 11' for 'how many pieces'; not people in general): two counts of it
    in one story are one fact however differently the verbs word it ('recovered' / 'found')."""
    if not focus or set(focus) & GENERAL_STEMS:
        return False
    counted = _counted(candidate)
    return counted is not None and _names_focus(candidate, counted, focus)


def counted_noun(candidate) -> str | None:
    """The noun a count is a number of ('2,150 *patients*'), by the parse: the noun the figure modifies
    (its lemma); None for another kind of value or a figure that modifies none ('has reached 41,300')."""
    if value_of(candidate.text, candidate.label).kind != "number":
        return None
    tokens = candidate.sentence.tokens
    inside = [i for i, t in enumerate(tokens) if t[0] < candidate.end and t[1] > candidate.start]
    if not inside or any(len(t) < 6 for t in tokens):
        return None
    node = next((i for i in inside if tokens[i][5] not in inside), inside[0])
    head = tokens[node][5]
    if tokens[node][4] == "nummod" and head not in inside and tokens[head][3] == "NOUN":
        return tokens[noun_head(tokens, head)][2].lower()
    return None


def noun_head(tokens, i: int) -> int:
    """The head noun of the noun phrase a noun begins: a count modifies its first noun in the parse
    ('2,500 *pygmy* hippos' → 'hippos'), which is a compound of the one counted."""
    for _ in range(len(tokens)):
        head = tokens[i][5]
        if tokens[i][4] != "compound" or head == i or tokens[head][3] not in {"NOUN", "PROPN"}:
            break
        i = head
    return i


def counts_other_noun(candidate, noun: str | None, focus: Collection[str] = ()) -> bool:
    """Whether the count numbers a noun of its own other than `noun` (the noun of the figure it is
    compared with; None when that figure numbers none) and other than the asked one (`focus`, stems)."""
    own = counted_noun(candidate)
    return own is not None and own != noun and not set(tokenize(own)) & set(focus)


def unranked_changes(snapshot: Snapshot, chosen, spare: Sequence, regroup: Callable[[list], list],
                     terms: Collection[str], focus: Collection[str] = ()) -> list:
    """Value groups of the candidates off the scorer's shortlist that state a change of a figure or date
    of the answer's kind beside a word of the question ('revised its profit forecast again, to £28m'): they
    may supersede the answer (see `corroborate`), never conflict with it. None stating the answer's value."""
    best = chosen.members[0]
    kind = value_of(best.text, best.label).kind
    if kind not in FIGURE_KINDS:  # 'raised more for charity' changes no figure
        return []
    fresh = [c for c in spare if value_of(c.text, c.label).kind == kind
             and mention_role(snapshot, c, terms) == "current" and _near(c, terms) and not counts_another(c, focus)]
    if not fresh:
        return []
    return [g for g in regroup([best] + fresh) if best not in g.members]


def replacement(chosen, marking: Collection[str], spare: Sequence, regroup: Callable[[list], list],
                role_of: Callable[[object], str], terms: Collection[str] = ()) -> list:
    """The value a correction notice gives instead of the one it retracts, when the scorer never
    ranked it: among `spare`, the first value of the answer's kind that a correcting article (`marking`)
    states after its retraction ('That was wrong. This year the start was moved to *Orchard Meadow*'),
    other than the retracted one and other than words of the question (`terms`: 'the start' for 'where
    did it start'); a place or thing may be tagged as a name or read as a noun phrase, a person must
    be a person. One group at most; none when there is no such value."""
    best = chosen.members[0]
    kind, person = value_of(best.text, best.label).kind, best.label == "PERSON"

    named = proper(best)

    def fits(c) -> bool:
        if (c.label == "PERSON" or (person and person_like(c))) != person or all(w in terms for w in tokenize(c.text)) or (named and not proper(c)):
            return False
        if reports(c):  # 'Kettleby Fire and Rescue Service has confirmed that …' says who corrects it
            return False
        other = value_of(c.text, c.label).kind
        return other == kind or (not person and {kind, other} <= TEXT_KINDS)
    retracted_at = {}
    for c in chosen.members:
        doc = c.sentence.doc_id
        if doc in marking and role_of(c) in {"old", "retracted"}:
            retracted_at[doc] = min(retracted_at.get(doc, c.sentence.start), c.sentence.start)
    after = [c for c in spare if c.sentence.doc_id in retracted_at and c.sentence.start > retracted_at[c.sentence.doc_id]
             and role_of(c) in {"plain", "current"} and fits(c)]
    if not after:
        return []
    groups = [g for g in regroup([best] + after) if best not in g.members]
    if not groups:
        return []
    # a figure or date written in digits gives way to one so written ('She sank in 1881', not 'the day' before it)
    digits = bool(re.search(r"\d", best.text))
    return [min(groups, key=lambda g: (digits and not re.search(r"\d", g.best.text),
                                       min((c.sentence.doc_id, c.sentence.start, c.start) for c in g.members)))]


# Words of an organisation's or a place's name: 'Marlstone Building Society' is no person.
NOT_A_PERSON_WORDS = {"society", "council", "company", "group", "bank", "university", "college", "school", "trust",
                      "association", "union", "club", "ltd", "limited", "plc", "inc", "corporation", "agency",
                      "service", "services", "department", "ministry", "office", "board", "committee", "authority",
                      "institute", "foundation", "museum", "gallery", "hospital", "police", "court", "party", "press",
                      "news", "times", "post", "farm", "street", "road", "lane", "park", "house", "hall", "centre",
                      "center", "station", "airport", "port", "bay", "river", "hill", "town", "city", "county",
                      "securities", "partners", "holdings", "airlines", "rail", "group's"}
# 'spoken by X', 'her name is X'
PERSON_CONTEXT_BEFORE = re.compile(r"\b(?:by|(?:his|her|whose)\s+(?:full\s+|real\s+)?name\s+is)\s+$", re.IGNORECASE)
PERSON_CONTEXT_REACH = 24  # characters before a name its context is read in
PERSON_CONTEXT_AFTER = re.compile(r"^,\s+(?:the|a|an|who|its|his|her|their)\b")  # 'X, the society's technology director'


def person_like(candidate) -> bool:
    """A name the tagger did not call a person that reads as one: two or three capitalised words, none
    a word of an organisation or a place, the agent of a passive ('spoken *by* X') or followed by an
    apposition or a relative clause ('X, the society's technology director', 'X, who …')."""
    if candidate.label == "PERSON":
        return True
    words = candidate.text.split()
    if not 2 <= len(words) <= 3 or not all(re.fullmatch(r"[A-Z][a-z'’-]+", w) for w in words):
        return False
    if any(w.lower().strip("'’") in NOT_A_PERSON_WORDS for w in words):
        return False
    text = candidate.sentence.text
    return bool(PERSON_CONTEXT_BEFORE.search(text[max(0, candidate.start - PERSON_CONTEXT_REACH):candidate.start])
                or PERSON_CONTEXT_AFTER.match(text[candidate.end:candidate.end + 12]))


def proper(candidate) -> bool:
    """Whether the value holds a proper noun (by the parse): "Hobb's End Farm", not 'The outbreak'."""
    tokens = candidate.sentence.tokens
    return any(t[0] < candidate.end and t[1] > candidate.start and len(t) > 3 and t[3] == "PROPN" for t in tokens)


ATTRIBUTE_STEMS = frozenset(t for noun in ATTRIBUTES for t in tokenize(noun))  # 'cost', 'turnout', 'toll' …
CHANGE_SUBJECT_STEPS = 3  # dependency steps from a value up to the verb whose subject it is said of
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
TOKEN_POS, TOKEN_DEP, TOKEN_HEAD = 3, 4, 5  # fields of a stored token


def change_subject(candidate) -> set[str]:
    """Stems of the subject noun (and its compounds) of the verb the value is said of, within
    CHANGE_SUBJECT_STEPS steps up the parse: '*The cost* of the refurbishment has been revised to £4.4m'
    → {'cost'}; empty when there is none."""
    sentence = candidate.sentence
    tokens = sentence.tokens
    inside = [i for i, t in enumerate(tokens) if t[0] < candidate.end and t[1] > candidate.start]
    if not inside or len(tokens[0]) <= TOKEN_HEAD:
        return set()
    node = next((i for i in inside if not inside[0] <= tokens[i][TOKEN_HEAD] <= inside[-1] or tokens[i][TOKEN_HEAD] == i), inside[-1])
    for _ in range(CHANGE_SUBJECT_STEPS):
        parent = tokens[node][TOKEN_HEAD]
        if parent == node or not 0 <= parent < len(tokens):
            return set()
        node = parent
        if tokens[node][TOKEN_POS] in {"VERB", "AUX"}:
            break
    else:
        return set()
    subjects = [i for i, t in enumerate(tokens) if t[TOKEN_HEAD] == node and i != node and t[TOKEN_DEP] in SUBJECT_DEPS]
    words = subjects + [i for i, t in enumerate(tokens) if t[TOKEN_HEAD] in subjects and t[TOKEN_DEP] == "compound"]
    return {sentence.stems[i] for i in words if sentence.stems[i]}


def same_story(chosen, changes: list, about: Callable[[object], set[str]],
               names_subject: Callable[[object], bool] | None = None,
               changed: Callable[[object], bool] | None = None) -> list:
    """The changes that are changes of the answer's own fact: a later value whose sentence holds a
    word of the question that the answer's sentence, or a change already kept, holds ('seven people
    had been *killed*' → 'people *killed* in the *landslide* rose to 12' → 'the toll in the
    *landslide* now stands at 15'), not only other ones ('about 40 were *missing*' is no earlier
    toll). All of them when the answer's sentences hold none of the question's words. A change whose
    sentence names the question's subject in full (`names_subject`: 'The Aldcourt City Marathon has been
    brought forward to 12 April' for 'when will the Aldcourt City Marathon be run') is a change of it too
    (the caller asks it of dates only: a named event has one date, but many counts)."""
    seen = set().union(*(about(c) for c in chosen.members))
    if not seen:
        return changes
    # A sentence stating the answer's value beside the new one states the change itself ('sales have
    # risen to 19,500 copies, from about 12,000'), whatever words it uses.
    answer_sentences = {(c.sentence.doc_id, c.sentence.start) for c in chosen.members}
    kept, left, grew = [], list(changes), True
    while grew:
        grew = False
        for g in list(left):
            # the words of its sentences that state it as a change ('16 have washed up so far' in a sentence that says
            # 41 were lost reports no change of the number lost)
            words = set().union(*(about(c) for c in g.members if changed is None or changed(c)))
            # (the member so placed must be the change: '41 containers were lost, up from the 27 first reported,
            # and *16* have washed up so far' — 16 states another fact beside them; `changed` says which are changes)
            beside = any((c.sentence.doc_id, c.sentence.start) in answer_sentences and (changed is None or changed(c))
                         for c in g.members)
            named = names_subject is not None and any(names_subject(c) for c in g.members)
            if beside or named or words & seen or _loose(words, seen):
                kept.append(g)
                left.remove(g)
                seen |= words
                grew = True
    return [g for g in changes if g in kept]


def headline_words(snapshot: Snapshot, candidate, words: Collection[str]) -> set[str]:
    """The stems of `words` that the headline of the candidate's article holds (stems matched loosely)."""
    key = ("headline", candidate.sentence.doc_id)
    stems = snapshot.memo.get(key)
    if stems is None:
        document = snapshot.documents.get(candidate.sentence.doc_id) if hasattr(snapshot.documents, "get") else None
        stems = snapshot.memo[key] = frozenset(tokenize(getattr(document, "title", "") or ""))
    return {t for t in words if t in stems or _loose({t}, stems)}


def agreeing_outlets(snapshot: Snapshot, answer: Account) -> int:
    """How many outlets independently state the answer when it is a measured figure ('48 hectares' /
    'forty-eight hectares', a sum, a share, a length of time): a value so specific, told alike by two
    newsrooms, is rarely another fact by chance. 0 for other values."""
    if not answer.sources or value_of(answer.best.text, answer.best.label).kind not in SPECIFIC_KINDS:
        return 0
    return len({_outlet_of(snapshot, c.sentence.doc_id) for c in answer.sources})


def account(snapshot: Snapshot, group, timeline: Timeline | None = None) -> Account:
    """A group's independent sources (near-duplicate articles and one outlet's articles count once;
    a mention that retracts the value supports nothing), their dates and the attribution."""
    members = [c for c in group.members if timeline is None or timeline.supports(id(group), c.sentence.doc_id)]
    members = members or list(group.members)  # only retractions: shown as superseded, quoting them
    members.sort(key=lambda c: -c.score)
    stating = list(dict.fromkeys(c.sentence.doc_id for c in members))
    # reprints the retrieval step kept out of the top passages still count as articles
    articles = list(dict.fromkeys(stating + [d for a in stating for d in copies_of(snapshot, a)]))
    independent = independent_groups(articles, lambda d: _signature(snapshot, d), lambda d: outlet(snapshot.documents[d]))
    sources, seen = [], set()
    for c in members:
        key = independent[c.sentence.doc_id]
        copy = any(_copy(c.sentence, s.sentence) for s in sources)
        if key not in seen and not copy:
            sources.append(c)
        seen.add(key)
    dates = sorted({d for d in (published(snapshot, a) for a in articles) if d is not None})
    return Account(group, sources, articles, dates, attribution(sources[0]) if sources else None)


def _near(candidate, terms: Collection[str], reach: int = NEAR_TOKENS, names: Collection[str] = ()) -> set[str]:
    """Question stems within a few tokens of the value ('marcher' counts for 'march'); not the words
    of a name that holds one of `names` ('at Quillon *Paints*' says nothing of what is asked)."""
    sentence = candidate.sentence
    inside = [i for i, t in enumerate(sentence.tokens) if t[0] < candidate.end and t[1] > candidate.start]
    if not inside or not terms:
        return set()
    lo, hi = max(0, inside[0] - reach), inside[-1] + 1 + reach
    if names:
        tokens, stems = sentence.tokens, sentence.stems

        def of_a_name(i: int) -> bool:
            return tokens[i][3] == "PROPN" and any(
                0 <= j < len(tokens) and tokens[j][3] == "PROPN" and stems[j] in names for j in (i - 1, i + 1))
        keep = [i for i in range(lo, min(hi, len(tokens))) if not of_a_name(i)]
        lemmas = getattr(sentence, "lemmas", [])
        words = {sentence.stems[i] for i in keep} | {lemmas[i] for i in keep if i < len(lemmas)}
    else:
        words = set(sentence.stems[lo:hi]) | set(getattr(sentence, "lemmas", [])[lo:hi])
    return {t for t in terms if t in words or any(_loose({t}, {w}) for w in words if w)}


def names_all(sentence, name_stems: Collection[str]) -> bool:
    """Whether the sentence holds every stem of the question's proper names (at least one)."""
    present = set(sentence.stems) | set(getattr(sentence, "lemmas", ()))
    return bool(name_stems) and set(name_stems) <= present


def _loose(a: Collection[str], b: Collection[str]) -> bool:
    return any(len(x) >= LOOSE_PREFIX and len(y) >= LOOSE_PREFIX and (x.startswith(y) or y.startswith(x))
               for x in a for y in b)


def _outlet_of(snapshot: Snapshot, doc_id: str):
    return outlet(snapshot.documents[doc_id]) or doc_id


def mentions(snapshot: Snapshot, doc_id: str, name: str) -> bool:
    key = ("mentions", doc_id, name)
    found = snapshot.memo.get(key)
    if found is None:
        document = snapshot.documents[doc_id]  # its title counts: 'Correction: Pennock libraries'
        text = f"{getattr(document, 'title', '') or ''}\n{document.text}"
        found = name.lower() in text.lower()
        if not found:  # 'Ukrainians' in a question, 'Ukrainian servicemen' in the article: the same stem
            stems = set(tokenize(name))
            if stems:
                words_key = ("stems", doc_id)
                if words_key not in snapshot.memo:
                    snapshot.memo[words_key] = frozenset(tokenize(text))
                found = stems <= snapshot.memo[words_key]
        snapshot.memo[key] = found
    return found


def proper_names(names: Collection[str]) -> list[str]:
    """The question's proper nouns that say something (blank ones dropped)."""
    return [n for n in names if n.strip()]


CAPITALISED = re.compile(r"(?<![.?!]\s)(?<!^)\b([A-Z][a-z][\w'’-]*)")


NAME_JOINER = re.compile(r"\s+")  # 'Northmere Learning Trust': the words of one name (not "Larkspur Air's Wyncliffe service")


def name_heads(question_text: str, names: Collection[str]) -> list[str]:
    """The last word of each of the question's names of two or more words, read on through the capitalised
    words after it in the question ('Cresswold County' tagged in 'the Cresswold County Show' → 'Show')."""
    heads = []
    for name in names:
        at = question_text.find(name) if name else -1
        if at < 0:
            continue
        words = name.split()
        words += re.match(r"(?:\s+[A-Z][\w-]*)*", question_text[at + len(name):]).group().split()
        if len(words) > 1 and words[-1][:1].isupper() and words[-1].isalpha():
            heads.append(words[-1])
    return heads


def story_names(question_text: str, names: Collection[str]) -> list[str]:
    """The names that tell a question's story: its proper nouns, those written next to each other joined
    into one ('the *Northmere Learning Trust*': an article of the Ridgeline Learning Trust does not name
    it), or, when the tagger found none, its capitalised words after the first ('the *Northvale* pension
    fund', tagged as a common noun), a possessive dropped; nothing when there are none."""
    found = proper_names(names)
    if not found:
        words = [m.group(1) for m in CAPITALISED.finditer(question_text)]
        return list(dict.fromkeys(re.sub(r"['’]s?$", "", w) for w in words if len(w) > 1))
    phrases: list[tuple[int, int]] = []  # (start, end) in the question of each name, joined when adjacent
    at = 0
    for name in found:
        start = question_text.find(name, at)
        if start < 0:  # not found as written: kept on its own
            phrases.append((-1, len(phrases)))
            continue
        end = start + len(name)
        last = next((p for p in reversed(phrases) if p[0] >= 0), None)
        if last is not None and phrases[-1] == last and NAME_JOINER.fullmatch(question_text[last[1]:start]):
            phrases[-1] = (last[0], end)
        else:
            phrases.append((start, end))
        at = end
    joined = []
    unplaced = iter(n for n in found if question_text.find(n) < 0)
    for start, end in phrases:
        joined.append(question_text[start:end] if start >= 0 else next(unplaced))
    return list(dict.fromkeys(joined))


def about_story(snapshot: Snapshot, doc_id: str, names: Sequence[str]) -> bool:
    """Whether the article names more than STORY_SHARE of the question's proper nouns, each weighed by
    its rarity in the index ('Lisselton' tells the story, 'Airport' hardly does); memoised per snapshot."""
    key = ("on-story", doc_id, tuple(names))
    found = snapshot.memo.get(key)
    if found is None:
        lexical = getattr(snapshot, "lexical", None)  # without one (a bare test snapshot) every name weighs alike
        weight = {n: max(sum(lexical.idf(t) for t in tokenize(n)), MIN_NAME_WEIGHT) if lexical else 1.0 for n in names}
        need = STORY_SHARE * sum(weight.values())
        found = snapshot.memo[key] = sum(weight[n] for n in names if mentions(snapshot, doc_id, n)) > need
        if not found:  # (memoised first: two notices of one outlet do not ask each other)
            found = snapshot.memo[key] = corrects_story_report(snapshot, doc_id, names)
    return found


def corrects_story_report(snapshot: Snapshot, doc_id: str, names: Sequence[str]) -> bool:
    """A correction notice that opens by naming its outlet's report ('Correction: Our report on 10 February about
    the resignation of the University of Wystan's vice-chancellor …') belongs to the story of that report
    when an earlier article of its outlet is about the question's story, though it names none of its names."""
    document = snapshot.documents[doc_id]
    if not REPORT_NAMED.match(document.text):
        return False
    who, when = outlet(document), published(snapshot, doc_id)
    if who is None:
        return False
    return any(other != doc_id and about_story(snapshot, other, names) for other in outlet_documents(snapshot, who)
               if when is None or (published(snapshot, other) or when) <= when)


def outlet_documents(snapshot: Snapshot, who: str) -> list[str]:
    """The articles of one outlet (built once per snapshot)."""
    if "by-outlet" not in snapshot.memo:
        by: dict[str, list[str]] = {}
        for d, document in snapshot.documents.items():
            o = outlet(document)
            if o is not None:
                by.setdefault(o, []).append(d)
        snapshot.memo["by-outlet"] = by
    return snapshot.memo["by-outlet"].get(who, [])


def off_story(snapshot: Snapshot, groups: Sequence, names: Collection[str]) -> bool:
    """Whether the first group (after `on_story`) is stated by no article about the question's story."""
    names = proper_names(names)
    return bool(names and groups) and not any(about_story(snapshot, c.sentence.doc_id, names) for c in groups[0].members)


def story_documents(snapshot: Snapshot, doc_ids: Sequence[str], names: Collection[str]) -> list[str]:
    """The articles of `doc_ids` (once each, in order) about the question's story."""
    names = proper_names(names)
    return [d for d in dict.fromkeys(doc_ids) if names and about_story(snapshot, d, names)]


def on_story(snapshot: Snapshot, groups: Sequence, names: Collection[str]) -> list:
    """The groups with only the mentions from articles about the question's story: those naming at
    more than half of its proper nouns, each weighed by its rarity ('2 March' in an article on another town's library supports
    nothing about Pellworth's pool); groups stated only by other stories are left out. The first
    group (the scorer's choice) stays unless it is another story's and a later group is the story's;
    when no group is, it stays."""
    names = proper_names(names)
    if not names:
        return list(groups)

    def on_story_doc(doc_id: str) -> bool:
        return about_story(snapshot, doc_id, names)
    views = []
    on = [[c for c in g.members if on_story_doc(c.sentence.doc_id)] for g in groups]
    lead = 0 if on and on[0] else next((i for i, kept in enumerate(on) if kept), 0)
    for i, (g, kept) in enumerate(zip(groups, on)):
        if not kept and i != lead:
            continue  # another story's value ('£6 million' for another town's library) is no rival either
        if kept and len(kept) < len(g.members):
            view = copy.copy(g)
            view.members = kept
            g = view
        views.append(g)
    return views


def _copy(a, b) -> bool:
    copy_of = getattr(a, "copy_of", None)
    return bool(copy_of and copy_of(b))


def attribution(candidate) -> str | None:
    """Who the sentence says reports the value: the subject of the speech verb the value depends
    on ('Police said 8,000 people marched', '8,000 marched, police said'), or the object of
    'according to'. None for pronouns, and when the speech verb governs another clause."""
    sentence = candidate.sentence
    tokens = sentence.tokens
    inside = [i for i, t in enumerate(tokens) if t[0] < candidate.end and t[1] > candidate.start]
    if not inside:
        return None
    ancestors, node = [], inside[0]
    while tokens[node][5] != node and len(ancestors) < len(tokens):
        node = tokens[node][5]
        ancestors.append(node)
    speaker = None
    for verb in ancestors:  # nearest governing speech verb first
        if tokens[verb][2] in SAY_LEMMAS and tokens[verb][3] in {"VERB", "AUX"}:
            speaker = next((j for j, u in enumerate(tokens) if u[5] == verb and u[4] in {"nsubj", "nsubjpass"}), None)
            if speaker is not None:
                break
    if speaker is None:
        for i, t in enumerate(tokens):
            if t[2] == "accord" and t[5] in ancestors and i + 1 < len(tokens) and tokens[i + 1][2] == "to":
                speaker = next((j for j, u in enumerate(tokens) if u[5] == i + 1 and u[4] == "pobj"), None)
                break
    if speaker is None or speaker in inside or _governs(tokens, speaker, inside[0]):
        return None  # 'The team's leader, Hal Bryce, said ...': Hal Bryce is the speaker, not a value reported
    first, last = _phrase(tokens, speaker)
    words = sentence.text[tokens[first][0]:tokens[last][1]]
    return None if words.lower() in UNINFORMATIVE_SPEAKERS else words


REPORTER_STEPS = 3  # from the value's head up through the name it is part of ('Kettleby Fire and *Rescue Service*')


def reports(candidate) -> bool:
    """The value is who says it, not what is said: it is (part of) the subject of a verb of saying
    ('*Penwithy* Council has told us that the carcass will be taken to Porthmellin quarry', 'Kettleby
    Fire and *Rescue Service* has confirmed that the fire started in the moulding shop')."""
    tokens = candidate.sentence.tokens
    inside = [i for i, t in enumerate(tokens) if t[0] < candidate.end and t[1] > candidate.start]
    if not inside or any(len(t) < 6 for t in tokens):
        return False
    node = next((i for i in inside if tokens[i][5] not in inside), inside[0])
    for _ in range(REPORTER_STEPS):
        head = tokens[node][5]
        if tokens[node][4] in {"nsubj", "nsubjpass"}:
            return tokens[head][2] in SAY_LEMMAS and tokens[head][3] in {"VERB", "AUX"}
        if head == node or tokens[node][4] not in {"compound", "conj", "cc", "amod", "poss", "flat"}:
            return False
        node = head
    return False


# Nouns of a statement: 'said *in a statement on Monday*' dates the statement, not what it says.
STATEMENT_NOUNS = {"statement", "announcement", "interview", "briefing", "conference", "release", "letter", "post",
                   "update", "speech", "meeting", "hearing"}
SAY_STEMS = frozenset(t for word in (*SAY_LEMMAS, "said", "told", "announced") for t in tokenize(word))  # 'when did they *say* …'


# Verbs of speaking proper (not 'claim a title', 'put', 'count', 'record'): what their date dates is the statement.
SPEAKING_LEMMAS = {"say", "tell", "announce", "state", "confirm", "report", "add", "insist", "reveal", "explain", "warn",
                   "write", "declare", "disclose"}
STATEMENT_STEPS = 4  # 'said (in) (a statement) (on) Monday'


def dates_statement(candidate) -> bool:
    """The date dates a statement: up the parse through prepositions and a noun of a statement, the
    verb it depends on is one of speaking ('the council *said* on Sunday', 'said in a *statement* on
    Monday'), or the noun is a statement's ('at a *briefing* on Friday')."""
    tokens = candidate.sentence.tokens
    if not tokens or len(tokens[0]) < 6:
        return False
    for node in _heads_above(candidate, STATEMENT_STEPS):
        lemma, pos = tokens[node][2].lower(), tokens[node][3]
        if pos in {"VERB", "AUX"}:
            return lemma in SPEAKING_LEMMAS
        if pos == "NOUN" and lemma in STATEMENT_NOUNS:
            return True
        if pos not in {"ADP", "DET", "NOUN", "PROPN"}:
            return False
    return False


def said_dates_last(groups: Sequence, terms: Collection[str], depth: int) -> list:
    """For a date, the first of the next `depth` values that dates no statement goes before one that only
    dates a statement ('the harbour authority said in a statement on *Monday* that … work would now begin in
    *May*' for 'when is work set to begin'); unchanged when the question asks when something was said."""
    groups = list(groups)
    if len(groups) < 2 or set(terms) & SAY_STEMS or kind_of(groups[0].best) != "date" \
            or not all(dates_statement(c) for c in groups[0].members):
        return groups
    for i, g in enumerate(groups[1:1 + depth], 1):
        if kind_of(g.best) == "date" and not any(dates_statement(c) for c in g.members):
            return [g] + groups[:i] + groups[i + 1:]
    return groups


def _heads_above(candidate, steps: int):
    """Up the parse from the candidate's span: the index of each head in turn above the span's own head (the
    token whose head lies outside the span), at most `steps`, stopping at the root; none when no token of
    the sentence is inside the span."""
    tokens = candidate.sentence.tokens
    inside = [i for i, t in enumerate(tokens) if t[0] < candidate.end and t[1] > candidate.start]
    if not inside:
        return
    node = next((i for i in inside if tokens[i][5] not in inside), inside[0])
    for _ in range(steps):
        parent = tokens[node][5]
        if parent == node:
            return
        node = parent
        yield node


def when_said(candidate) -> bool:
    """The value dates a speech act: the verb its phrase depends on is one of saying ('the council
    *said* on Sunday', '*told* investors on Thursday')."""
    tokens = candidate.sentence.tokens
    for node in _heads_above(candidate, SAID_STEPS):
        if tokens[node][3] in {"VERB", "AUX"}:
            return tokens[node][2] in SAY_LEMMAS
    return False


def _governs(tokens, head: int, node: int) -> bool:
    """`node` lies in the subtree of `head`."""
    for _ in range(len(tokens)):
        if node == head:
            return True
        if tokens[node][5] == node:
            return False
        node = tokens[node][5]
    return False


def _phrase(tokens, head: int) -> tuple[int, int]:
    """The noun phrase around `head`: its determiners, compounds, adjectives and possessives."""
    start = head
    for j in range(head - 1, -1, -1):
        if tokens[j][5] in range(j, head + 1) and tokens[j][4] in {"det", "compound", "amod", "poss", "nummod", "case", "nmod"}:
            start = j
        else:
            break
    return start, head


# -- presentation ------------------------------------------------------------------------------

def evidence(account: Account, cite: Callable) -> Stated:
    """What the answer says of an account; `cite(sentence)` numbers a citation."""
    return Stated(value=account.best.text, citations=list(dict.fromkeys(cite(c.sentence) for c in account.sources)),
                    sources=len(account.sources), articles=len(account.articles),
                    dates=[d.isoformat() for d in account.dates], attributed_to=account.attribution)


def day(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.day} {month_name[d.month]} {d.year}"


def _marks(ns: Sequence[int]) -> str:
    return "".join(f"[{n}]" for n in ns)


def _when(e: Stated) -> str:
    if not e.dates:
        return ""
    return f" ({day(e.dates[0])})" if len(e.dates) == 1 else f" ({day(e.dates[0])} to {day(e.dates[-1])})"


def compose_text(head: str, support: Stated, conflicts: Sequence[Stated], superseded: Sequence[Stated]) -> str:
    """`head` (the answer and its quote, citation [1]) followed by who agrees, who says otherwise
    (attributed when the sentence names who reports it) and what later reports replaced:
    '… [1] — 3 independent sources agree [2][3] (4 articles: 1 reprint of the same story counts once);
    police said 8,000 [1]; organisers said 25,000 [4] (2 May 2026); superseded: 9 (1 May 2026) [5].'"""
    text = head
    if support.sources > 1:
        text += f" — {support.sources} independent sources agree {_marks(support.citations[1:])}".rstrip()
    copies = support.articles - support.sources
    if copies > 0:
        text += (f" ({support.articles} articles: {copies} reprint{'s' if copies > 1 else ''} of the same story "
                 f"count{'' if copies > 1 else 's'} once)") if support.sources > 1 else \
                f" — 1 independent source: {support.articles} articles carry the same story"
    parts = []
    if conflicts and support.attributed_to and any(e.attributed_to for e in conflicts):
        parts.append(f"{support.attributed_to} said {support.value} {_marks(support.citations[:1])}{_when(support)}")
    for e in conflicts:
        if e.attributed_to:
            parts.append(f"{e.attributed_to} said {e.value} {_marks(e.citations)}{_when(e)}")
        else:
            noun = "source reports" if e.sources == 1 else "sources report"
            parts.append(f"{e.sources} {noun} {e.value} {_marks(e.citations)}{_when(e)}")
    for e in superseded:
        parts.append(f"superseded: {e.value}{_when(e)} {_marks(e.citations)}")
    if parts:
        text += "; " + "; ".join(parts) + "."
    return text


def published_by(snapshot: Snapshot, as_of: date, doc_ids: Collection[str] | None = None) -> list[str]:
    """Documents published on or before `as_of` (among `doc_ids` when given). An article whose date
    is unknown is kept: nothing says it came later."""
    if doc_ids is not None:
        return [d for d in doc_ids if d in snapshot.documents and ((p := published(snapshot, d)) is None or p <= as_of)]
    ids, days = publication_days(snapshot)
    return [ids[i] for i in np.flatnonzero(days <= as_of.toordinal())]


UNDATED = np.iinfo(np.int64).min  # an article of unknown date is kept by every as_of


def publication_days(snapshot: Snapshot) -> tuple[list[str], np.ndarray]:
    """(every doc id, its publication date as a day ordinal, UNDATED when unknown), once per snapshot:
    an `as_of` over a large archive is then one comparison, not a date lookup per article."""
    if "publication_days" not in snapshot.memo:
        ids = list(snapshot.documents)
        days = np.array([UNDATED if (p := published(snapshot, d)) is None else p.toordinal() for d in ids], dtype=np.int64)
        snapshot.memo["publication_days"] = (ids, days)
    return snapshot.memo["publication_days"]
