"""Step 5, grouping: candidates stating the same value join one group; other values are conflicts.

Equality is `service.normalize.same_value` ('1,000' = 'one thousand', 'UAE' = 'United Arab
Emirates'), or, for dates, the same resolved day ('Friday' = '23 May 2025' in an article of that week).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from index.dates import publication_date, resolve
from service.answering.candidates import Candidate, dates, numbers
from service.answering.kinds import NOUN_PHRASE, NUMBERS, PERSON, TIMES
from service.normalize import same_value
from service.revisions import looking_ahead, role
from service.values import People, person_words, value_of

MAX_CONFLICTS = 2
CONFLICT_GROUPS_LOOKED_AT = 3  # only the runners-up right after the chosen group can be conflicts
ATTACHED_GROUPS = 9  # values that lower-scored candidates may still support (the answer and what may replace it)


@dataclass(frozen=True)
class GroupingWeights:
    """How agreement and disagreement are judged; the score scale depends on the scorer."""

    per_extra_source: float = 0.05  # a value stated by more independent sources ranks a little higher
    max_extra_sources: int = 3
    conflict_margin: float = 0.5  # a conflicting value scores at most this much below the answer
    conflict_similarity_gap: float = 0.1  # its sentence's cosine is at most this much lower ...
    conflict_coverage_share: float = 0.6  # ... or it covers this share of the answer sentence's terms
    # A figure or date two or more outlets state goes first when it scores within this many conflict
    # margins of a value only one outlet states (corroboration.agreed_first).
    agreement_reach: float = 1.0


@dataclass
class Group:
    """Candidates that state the same value, e.g. '1,000' and 'one thousand'."""

    members: list[Candidate] = field(default_factory=list)

    @property
    def best(self) -> Candidate:
        return max(self.members, key=lambda c: c.score)

    @property
    def sources(self) -> list[Candidate]:
        """The best candidate from each independent source: copies inside one article, and the
        same sentence syndicated in another article, count once."""
        kept: list[Candidate] = []
        for c in sorted(self.members, key=lambda c: -c.score):
            if not any(k.sentence.doc_id == c.sentence.doc_id or k.sentence.copy_of(c.sentence) for k in kept):
                kept.append(c)
        return kept

    def score(self, weights: GroupingWeights) -> float:
        return self.best.score + weights.per_extra_source * min(len(self.sources) - 1, weights.max_extra_sources)


def resolve_dates(snapshot, candidates: list[Candidate]) -> None:
    """Anchor relative dates at their article's publication date, so sources that say 'Friday'
    and '23 May 2025' are seen to agree."""
    for c in candidates:
        if c.label in TIMES:
            article = snapshot.documents[c.sentence.doc_id]
            anchor = publication_date(article.text, article.published)
            c.resolved = looking_ahead(resolve(c.text, anchor), c.sentence.text, anchor)  # 'will open on 3 May'



def same(a: Candidate, b: Candidate, people: People | None = None) -> bool:
    if a.resolved and b.resolved and (a.resolved.value, a.resolved.precision) == (b.resolved.value, b.resolved.precision):
        return True
    return same_value(a.text, b.text, b.label, people)


def compared_once(people: People | None = None, apart: Collection[frozenset] = ()) -> Callable[[Candidate, Candidate], bool]:
    """`same(a, b, people)` with each distinct pair compared once: it depends only on the two texts,
    their resolved dates and the second label, and one name recurs in many sentences. `apart`: pairs of
    names (`person_words`) an article spells both ways (`spelled_apart`), two people however alike."""
    memo: dict[tuple, bool] = {}

    def compare(a: Candidate, b: Candidate) -> bool:
        key = (a.text, _resolved_key(a), b.text, _resolved_key(b), b.label)
        found = memo.get(key)
        if found is None:
            found = memo[key] = same(a, b, people) and not (
                apart and frozenset((person_words(a.text), person_words(b.text))) in apart)
        return found
    return compare


def _spelled_otherwise(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two names of as many words that differ in a word neither shortens ('Marchant' / 'Marchbank'; not
    'Ros' / 'Rosalind')."""
    return len(a) == len(b) and a != b and all(x == y or not (x.startswith(y) or y.startswith(x)) for x, y in zip(a, b))


def spelled_apart(candidates: Sequence[Candidate]) -> set[frozenset]:
    """Pairs of people's names that one article spells both ways ('Our report … named the director as
    Fiona Marchbank. Her name is Fiona Marchant.'): an article spells one name one way, so they are two
    names, however alike ('similar_word' would join them as spellings of one)."""
    by_article: dict[str, set[tuple[str, ...]]] = {}
    for c in candidates:
        if c.label == PERSON:
            words = person_words(c.text)
            if len(words) >= 2:
                by_article.setdefault(c.sentence.doc_id, set()).add(words)
    apart = set()
    for names in by_article.values():
        if len(names) > 1:
            apart |= {frozenset((a, b)) for a in names for b in names if _spelled_otherwise(a, b)}
    return apart


def group(candidates: list[Candidate], weights: GroupingWeights) -> list[Group]:
    """Groups of equal values, best first."""
    groups: list[Group] = []
    compare = compared_once(People(c.text for c in candidates if c.label == PERSON),  # 'Kovač' is ambiguous when two Kovačs are named
                            spelled_apart(candidates))
    for c in sorted(candidates, key=lambda c: -c.score):
        for g in groups:
            if compare(c, g.members[0]):  # members arrive best first: the same candidate as g.best
                g.members.append(c)
                break
        else:
            groups.append(Group([c]))
    return sorted(groups, key=lambda g: -g.score(weights))


def attach(groups: list[Group], rest: list[Candidate], depth: int = ATTACHED_GROUPS) -> None:
    """Candidates scored below the grouped ones join the first `depth` groups whose value they
    state ('7.5%' in a sentence worded unlike the question still agrees with '7.5 per cent'); they
    never form a value of their own. Each is compared once per group: linear, not quadratic."""
    if not groups or not rest:
        return
    compare = compared_once(People(c.text for g in groups[:depth] for c in g.members if c.label == PERSON),
                            spelled_apart([c for g in groups[:depth] for c in g.members] + list(rest)))
    for c in rest:
        for g in groups[:depth]:
            if compare(c, g.members[0]):
                g.members.append(c)
                break


def attach_names(groups: list[Group], spans: list[Candidate], min_fit: float, depth: int = ATTACHED_GROUPS) -> None:
    """A name the tagger missed ('*Osei*, who led the restoration, said …' read as a plain noun
    phrase) still names the person of a PERSON group among the first `depth`: a noun phrase of
    capitalised words whose last word is that person's surname joins the group, when one person
    of the retrieved set bears it. `spans`: every candidate; those fitting the question at least
    `min_fit` were grouped already."""
    persons = [g for g in groups[:depth] if g.best.label == PERSON]
    if not persons:
        return
    people = People(c.text for g in persons for c in g.members if c.label == PERSON)
    by_surname: dict[str, Group] = {}
    for g in persons:
        words = person_words(g.best.text)
        if len(words) >= 2 and not people.ambiguous(words[-1]):
            by_surname.setdefault(words[-1], g)
    if not by_surname:
        return
    for c in spans:
        if c.label != NOUN_PHRASE or c.type_fit >= min_fit or not all(w[:1].isupper() for w in c.text.split()):
            continue
        words = person_words(c.text)
        g = by_surname.get(words[-1]) if words else None
        if g is not None and same_value(c.text, g.best.text, PERSON, people):
            g.members.append(c)


def _resolved_key(c: Candidate) -> tuple | None:
    return (c.resolved.value, c.resolved.precision) if c.resolved else None


def is_conflict(group_: Group, chosen: Group, weights: GroupingWeights) -> bool:
    """Another value stated for the same thing by a sentence that matches the question about as well."""
    other, top = group_.best, chosen.best
    on_topic = (other.sentence.similarity >= top.sentence.similarity - weights.conflict_similarity_gap
                or other.sentence.coverage >= weights.conflict_coverage_share * top.sentence.coverage)
    # One article stating two values usually states two facts; a conflict is between articles.
    other_articles = {c.sentence.doc_id for c in group_.sources} - {c.sentence.doc_id for c in chosen.sources}
    return (other.label == top.label and other.label != NOUN_PHRASE and not other.sentence.heading
            and bool(other_articles) and on_topic and other.score >= top.score - weights.conflict_margin)


def conflicts(groups: list[Group], weights: GroupingWeights) -> list[Group]:
    chosen = groups[0]
    return [g for g in groups[1:1 + CONFLICT_GROUPS_LOOKED_AT] if is_conflict(g, chosen, weights)][:MAX_CONFLICTS]


COMPOUND_JOINERS = {" and ", ", "}  # 'four years and six months', 'two hours, 20 minutes'


def join_compounds(candidates: list[Candidate]) -> None:
    """A length of time written in two parts ('four years and six months') is one value: each part
    a sentence states next to the other, joined by 'and', is widened in place to the whole phrase,
    so the answer is the whole sentence and agrees with 'four and a half years'."""
    parts: dict[tuple, list[Candidate]] = {}
    for c in candidates:
        if c.label in TIMES and value_of(c.text, c.label).kind == "duration":
            parts.setdefault((c.sentence.doc_id, c.sentence.start), []).append(c)
    for found in parts.values():
        found.sort(key=lambda c: c.start)
        for a, b in zip(found, found[1:]):
            sentence = a.sentence
            if sentence.text[a.end:b.start] in COMPOUND_JOINERS and a.end <= b.start:
                start, end = a.start, b.end
                for c in (a, b):
                    c.text, c.start, c.end = sentence.text[start:end], start, end


FIGURE_VALUE_KINDS = {"number", "money", "percent", "duration", "measure", "age"}


def stating_figures(candidates: list[Candidate]) -> list[Candidate]:
    """Noun phrases that state a figure ('a fortnight', 'roughly 640 dockers'): the tagger gave them
    no figure's label, so they rank low for a figure question, but they still state a value a group
    may hold — one more source of it (`attach`), never a value of their own."""
    return [c for c in candidates if c.label == NOUN_PHRASE and value_of(c.text, c.label).kind in FIGURE_VALUE_KINDS]


def tighten(groups: list[Group]) -> None:
    """A phrase stating a figure with more words around it ('a fortnight in November') is shown as
    the figure it holds, when a member of its group in the same sentence lies inside it and so states
    the same value ('a fortnight'): narrowed in place, so the answer is the value and agrees in form
    with the other outlets ('two weeks'). Other groups, and phrases holding no such member, keep
    their spans."""
    for g in groups:
        if len(g.members) < 2 or value_of(g.best.text, g.best.label).kind not in FIGURE_VALUE_KINDS:
            continue
        for c in g.members:
            inside = [m for m in g.members if m.sentence is c.sentence and c.start <= m.start and m.end <= c.end
                      and (m.start, m.end) != (c.start, c.end)]
            if inside:
                tightest = min(inside, key=lambda m: m.end - m.start)
                around = c.sentence.text[c.start:tightest.start] + c.sentence.text[tightest.end:c.end]
                if (value_of(c.text, c.label).qualifier != value_of(tightest.text, tightest.label).qualifier
                        or any(ch.isdigit() for ch in around)):
                    continue  # 'about 340 metres' keeps its 'about', '2026 GK4' is a name
                c.text, c.start, c.end = tightest.text, tightest.start, tightest.end


# Values whose form rarely recurs by chance: a bare count does ('three-branched', 'Six people').
SUPPORTED_KINDS = {"money", "percent", "measure", "duration", "date"}
STATED_LABELS = set(NUMBERS + TIMES)  # a sentence naming none states no such value


COUNT_REACH = 4  # tokens between a bare count and a word of the question that says what it counts


def counts_asked(candidate: Candidate, asked: Collection[str], reach: int = COUNT_REACH) -> bool:
    """Whether a word of the question (`asked`, stems) stands within `reach` tokens of the count ('Of the
    *46* people on *board*' for 'how many passengers were on board'): a bare count so placed says
    what it counts."""
    s = candidate.sentence
    inside = [i for i, t in enumerate(s.tokens) if t[0] < candidate.end and t[1] > candidate.start]
    if not inside or not asked:
        return False
    lo, hi = max(0, inside[0] - reach), min(len(s.stems), inside[-1] + reach + 1)
    return any(s.stems[i] in asked for i in range(lo, hi) if i not in inside)


def attach_unread(chosen: Group, unread: list, on_story: Callable[[str], bool],
                  resolve: Callable[[list[Candidate]], None] | None = None, asked: Collection[str] = (),
                  rivals: Sequence[Group] = ()) -> None:
    """The answer's value stated again in an article none of whose read sentences states it
    ('sent to prison for four and a half years' beside 'jailed for four years and six months'):
    the best such sentence of each article joins the answer's group as one more source, below every
    scored member; only figures and dates (a name or a phrase recurs without saying the same thing),
    only statements of it (not an earlier or retracted value), only articles `on_story` (doc id); a bare
    count too when a word of the question (`asked`, stems, the question's names left out) stands beside
    it in both sentences ('carrying *46* passengers' / 'Of the *46* people on *board*'), since a count
    so placed counts the asked thing, unless its article states another count among `rivals` (the other
    value groups: 'sold 780 tickets … 390 on each night' is that article's 780).
    `resolve` anchors relative dates at their article's publication ('21 May' is the 'Thursday' of an
    article published on Friday 22 May)."""
    best = chosen.members[0]
    kind = value_of(best.text, best.label).kind
    counted = kind == "number" and counts_asked(best, asked)
    if kind not in SUPPORTED_KINDS and not counted:
        return
    have = {c.sentence.doc_id for c in chosen.members}
    counting = {c.sentence.doc_id for g in rivals for c in g.members if value_of(c.text, c.label).kind == kind} if counted else set()
    floor = min(c.score for c in chosen.members) - 1.0
    for s in unread:
        if s.doc_id in have or not any(e[2] in STATED_LABELS for e in s.entities) or not on_story(s.doc_id):
            continue
        if kind not in SUPPORTED_KINDS and s.doc_id in counting:
            continue
        found = numbers(s) + dates(s)
        if resolve is not None:
            resolve(found)
        for c in found:
            if (value_of(c.text, c.label).kind == kind  # 'Six' (people) is no '£6m'
                    and same(c, best) and role(s.text, c.start, c.end) not in {"old", "retracted"}
                    and (not counted or counts_asked(c, asked))):
                c.score, c.type_fit = floor, best.type_fit
                chosen.members.append(c)
                have.add(s.doc_id)
                break


UNREAD_FIGURE_KINDS = FIGURE_VALUE_KINDS | {"date"}


def unread_values(groups: list[Group], unread: list, on_story: Callable[[str], bool],
                  weights: GroupingWeights, unscored: list[Candidate] = (),
                  resolve: Callable[[list[Candidate]], None] | None = None) -> list[Group]:
    """Other values of the answer's kind that articles of the story state in sentences never read
    ('Its own analysis suggests traffic would be closer to 900,000 a year', ranked below the sentences
    read): value groups of their own, scored below every scored candidate, which corroboration may
    show as another outlet's account or take as a later change — never as the answer unless a later
    report or a correction says so. Only figures and dates (money in the answer's currency); a value
    equal to a group's is left to `attach_unread`; only articles `on_story` (doc id): one of the story
    whose sentences all ranked low still gives its outlet's account ('the race was worth nearer £1.5m
    to the area', in a report of the race's finish). `resolve`: as for `attach_unread`."""
    if not groups:
        return []
    best = groups[0].members[0]
    answer = value_of(best.text, best.label)
    if answer.kind not in UNREAD_FIGURE_KINDS:
        return []
    floor = min(c.score for g in groups for c in g.members) - 1.0
    heads = [g.members[0] for g in groups]
    found: list[Candidate] = []
    grouped = {id(c) for g in groups for c in g.members}
    sentences = [(s, numbers(s) + dates(s)) for s in unread
                 if any(e[2] in STATED_LABELS for e in s.entities) and on_story(s.doc_id)]
    # and the candidates of sentences read that the scorer left off its shortlist ('Official league
    # figures put the attendance at 11,850'): they join no group of their own otherwise
    sentences += [(c.sentence, [c]) for c in unscored if id(c) not in grouped and c.label in STATED_LABELS
                  and on_story(c.sentence.doc_id)]
    for s, candidates in sentences:
        if resolve is not None:
            resolve(candidates)
        for c in candidates:
            value = value_of(c.text, c.label)
            if (value.kind == answer.kind and (value.kind != "money" or value.unit == answer.unit)  # '€31m' is no '£6m' revised
                    and not any(same(c, h) for h in heads)):
                c.score, c.type_fit = floor, best.type_fit
                found.append(c)
    return group(found, weights)
