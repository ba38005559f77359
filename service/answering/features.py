"""Step 3, features: small named functions of question × candidate × sentence × passage.

Each feature is `f(span, context) -> float`, registered with its name in `FEATURES`; a scorer
names the features it reads (the learned model stores their names, so a renamed or reordered
feature cannot be silently mis-read). Everything is computed from the stored parse and the
question's analysis — no model runs here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from operator import itemgetter

import numpy as np

from index.memo import Memo
from service.answering.candidates import Candidate, subtree_extents, token_range
from service.answering.kinds import KIND_GROUPS, NAMES, NOUN_PHRASE, NUMBERS, PERCENT, PLACES, QUOTE, TIMES
from service.answering.question import DESCRIBING_VERBS, SPEECH_VERBS, Question
from service.normalize import similar_word

DURATION = re.compile(r"\b(?:second|minute|hour|day|night|week|fortnight|month|year|decade|century|centuries)s?\b|-(?:day|hour|week|month|year)",
                      re.IGNORECASE)
MAX_DISTANCE = 30  # tokens; 'no question term in the sentence' reads as this far
MAX_TREE_STEPS = 8  # dependency steps; farther reads as this far
QUESTION_KINDS = ("who", "what", "when", "where", "which", "how many", "how much", "how long", "why", "how", "quote",
                  "other")
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
FUNCTION_POS = {"DET", "PRON", "ADP", "CCONJ", "SCONJ", "PART", "AUX", "PUNCT"}
OBJECT_DEPS = {"dobj", "attr", "oprd", "dative"}


# Entries one snapshot keeps of candidates' extents (~0.4 KB) and static features (~1.2 KB) and of
# sentences' subtree extents: ~30 MB at most.
KEPT_CANDIDATES = 25_000
CANDIDATE_FACTS = "features.candidates"  # the snapshot memo's key of that memo


@dataclass
class Context:
    """What every feature of one question may read: the question, its term weights, the index.

    With `memo` (the snapshot's, where `(doc_id, index)` names one stored sentence, which never
    changes) what a candidate span gives every question — its token extent, head and
    STATIC_FEATURES — is worked out once per snapshot; without it, once per Span."""

    question: Question
    idf: dict[str, float]
    snapshot: object  # index.store.Snapshot; only `lexical.idf` is read
    memo: MutableMapping | None = None
    terms: set[str] = field(init=False)
    total_idf: float = field(init=False)
    focus: set[str] = field(init=False)
    wh_preposition: str = field(init=False)  # 'in' for 'In what year …' (see wh_preposition)
    bigrams: set[tuple[str, str]] = field(init=False)  # consecutive content words of the question
    _positions: dict = field(init=False, default_factory=dict)
    _in_question: dict = field(init=False, default_factory=dict)
    rivals: dict = field(init=False, default_factory=dict)  # (doc_id, sentence, label) → that sentence's spans of the label (see `spans`)
    mentions: dict = field(init=False, default_factory=dict)  # (doc_id, lowercased text) → sentences holding such a span (see `spans`)
    _kept: MutableMapping | None = field(init=False, default=None)  # the memo's memo of candidates

    def __post_init__(self) -> None:
        self.terms = set(self.question.terms)
        self.total_idf = sum(self.idf.values()) or 1.0
        self.focus = set(self.question.focus_terms)
        self.wh_preposition = wh_preposition(self.question.text)
        terms = self.question.terms
        self.bigrams = set(zip(terms, terms[1:]))
        if self.memo is not None:
            self._kept = self.memo.get(CANDIDATE_FACTS)
            if self._kept is None:
                self._kept = self.memo[CANDIDATE_FACTS] = Memo(KEPT_CANDIDATES)

    def in_question(self, stem: str) -> bool:
        """`in_question(stem, self.terms)`, once per word."""
        found = self._in_question.get(stem)
        if found is None:
            found = self._in_question[stem] = in_question(stem, self.terms)
        return found

    def shape(self, candidate: Candidate) -> "Shape":
        """The candidate's token extent, content stems and head, from the memo when there is one."""
        kept = self._kept
        if kept is None:
            return Shape.of(candidate)
        key = (candidate.sentence.doc_id, candidate.sentence.index, candidate.start, candidate.end)
        found = kept.get(key)
        if found is None:
            found = kept[key] = Shape.of(candidate)
        return found

    def static(self, x: "Span") -> tuple[float, ...]:
        """The span's STATIC_FEATURES, in that order, from the memo when there is one."""
        kept = self._kept
        if kept is None:
            return tuple(f(x) for f in _STATIC_FUNCTIONS)
        key = (x.s.doc_id, x.s.index, x.c.start, x.c.end, x.c.label)
        found = kept.get(key)
        if found is None:
            found = kept[key] = tuple(f(x) for f in _STATIC_FUNCTIONS)
        return found

    def extents(self, sentence) -> tuple[list[int], list[int]]:
        """[first, last) of every token's subtree, without punctuation at its edges, once per
        sentence (and snapshot, with the memo: it reads only the stored parse). Read only."""
        key = ("extents", sentence.doc_id, sentence.index)
        kept = self._kept if self._kept is not None else self._positions
        found = kept.get(key)
        if found is None:
            tokens = sentence.tokens
            first, last = subtree_extents(tokens)
            for i in range(len(tokens)):
                while first[i] < i and tokens[first[i]][3] == "PUNCT":
                    first[i] += 1
                while last[i] > i + 1 and tokens[last[i] - 1][3] == "PUNCT":
                    last[i] -= 1
            found = kept[key] = (first, last)
        return found

    def bigram_positions(self, sentence) -> list[tuple[int, tuple[str, str]]]:
        """(position, pair) of every question word pair the sentence holds as consecutive content words, once per sentence."""
        key = ("bigrams", sentence.doc_id, sentence.index)
        found = self._positions.get(key)
        if found is None:
            content = [(i, s) for i, s in enumerate(sentence.stems) if s]
            found = self._positions[key] = [(i, (a, b)) for (i, a), (_, b) in zip(content, content[1:])
                                            if (a, b) in self.bigrams]
        return found

    def positions(self, sentence) -> dict[str, list[int]]:
        """Question term → token positions in the sentence (by stem or lemma), once per sentence."""
        key = (sentence.doc_id, sentence.index)
        found = self._positions.get(key)
        if found is None:
            found = {}
            terms = self.terms
            for i, (s, l) in enumerate(zip(sentence.stems, sentence.lemmas)):
                if s in terms:
                    found.setdefault(s, []).append(i)
                if l != s and l in terms:
                    found.setdefault(l, []).append(i)
            self._positions[key] = found
        return found


def in_question(stem: str, terms: set[str]) -> bool:
    return stem in terms or any(similar_word(stem, t) for t in terms)


@dataclass(frozen=True)
class Shape:
    """Where a candidate sits in its sentence, whatever the question: its tokens [first, last),
    the stems of its content words and its syntactic head (its token whose head lies outside it)."""

    first: int
    last: int
    own: tuple[str, ...]
    root: int

    @classmethod
    def of(cls, candidate: Candidate) -> "Shape":
        s = candidate.sentence
        first, last = token_range(s, candidate.start, candidate.end)
        tokens = s.tokens
        root = next((i for i in range(first, last) if not first <= tokens[i][5] < last), first)
        return cls(first, last, tuple(x for x in s.stems[first:last] if x), root)


class Span:
    """A candidate with the token-level facts several features share, each computed once."""

    def __init__(self, candidate: Candidate, context: Context) -> None:
        self.c = candidate
        self.s = candidate.sentence
        self.ctx = context
        shape = context.shape(candidate)
        self.first, self.last, self.own, self.root = shape.first, shape.last, shape.own, shape.root
        self.inside = [context.in_question(x) for x in self.own]
        # Worked out on first use. Not functools.cached_property: before Python 3.12 its first read
        # takes a lock, and each of the ~90 spans of a question has three of these.
        self._static: tuple[float, ...] | None = None
        self._names_focus: bool | None = None
        self._distances: dict[str, int] | None = None
        self._tree: float | None = None

    @property
    def static(self) -> tuple[float, ...]:
        """Its STATIC_FEATURES, in that order."""
        if self._static is None:
            self._static = self.ctx.static(self)
        return self._static

    @property
    def repeats_question(self) -> bool:
        """Every content word of the span (determiners and pronouns aside: 'both countries') is
        already in the question: it cannot be the answer."""
        if not self.own:
            return False
        tokens, stems, inside = self.s.tokens, self.s.stems, iter(self.inside)  # `inside` follows `own`
        for i in range(self.first, self.last):
            if stems[i] and not next(inside) and tokens[i][3] not in FUNCTION_POS:
                return False
        return True

    @property
    def names_focus(self) -> bool:
        """'Which region' → 'the Loire Region': a proper name that contains the question's head noun."""
        if self._names_focus is None:
            self._names_focus = (bool(self.ctx.focus & set(self.own)) and not all(self.inside)
                                 and any(t[3] == "PROPN" for t in self.s.tokens[self.first:self.last]))
        return self._names_focus

    @property
    def distances(self) -> dict[str, int]:
        """Question term → tokens between it and the span (terms inside the span do not count)."""
        if self._distances is None:
            found = {}
            for term, positions in self.ctx.positions(self.s).items():
                outside = [p for p in positions if not self.first <= p < self.last]
                if outside:
                    found[term] = min(self.first - p if p < self.first else p - self.last + 1 for p in outside)
            self._distances = found
        return self._distances


# -- sentence and passage ----------------------------------------------------------------------


def sentence_score(x: Span) -> float:
    """The sentence's rank score (cosine, term coverage, passage score; see sentences.py)."""
    return x.s.score


def sentence_similarity(x: Span) -> float:
    """Cosine of the sentence vector to the question vector."""
    return x.s.similarity


def sentence_coverage(x: Span) -> float:
    """IDF-weighted share of the question's terms the sentence (or, half, the one before) holds."""
    return x.s.coverage


def sentence_rank(x: Span) -> float:
    """0 for the question's best sentence, 1 for the next, …"""
    return float(x.s.rank)


def passage_score(x: Span) -> float:
    """Fused retrieval score of the passage the sentence came from."""
    return x.s.passage_score


def passage_rank(x: Span) -> float:
    """0 when the sentence's passage was retrieved first, 1 for the second, … (open mode reads many)."""
    return float(x.s.passage_rank)


def similarity_gap(x: Span) -> float:
    """How far the sentence's cosine to the question is below the best sentence's, across passages."""
    return x.s.similarity_gap


def coverage_gap(x: Span) -> float:
    """How far the sentence's term coverage is below the best sentence's, across passages."""
    return x.s.coverage_gap


def heading(x: Span) -> float:
    """1 when the sentence is a headline or a one-line heading."""
    return float(x.s.heading)


# -- answer type -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MismatchFits:
    """Type fits of spans whose form says they cannot be what a typed question asks for. Low enough
    that the type gate chosen in training (train.TYPE_GATES) may shut them out, above 0 so that it
    may also let them through when the tuning questions say so."""

    untimed_phrase: float = 0.01  # 'when' / 'what date' answered by a noun phrase naming no time ('the District Court')
    timed_phrase: float = 0.05  # … by one that does ('the opening days'): the fit any phrase had before
    time_for_a_thing: float = 0.01  # 'where' / 'which club' / 'who' answered by a date, a time or a figure ('Monday', '58%')


MISMATCH = MismatchFits()
# Words that say when: weekdays, months, parts of the day and the year, lengths of time, a year.
TIME_WORD = (r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|"
             r"july|august|september|october|november|december|today|yesterday|tomorrow|tonight|morning|afternoon|"
             r"evening|night|midnight|noon|weekend|spring|summer|autumn|winter|season|quarter|ago|"
             r"(?:second|minute|hour|day|week|fortnight|month|year|decade|century|centuries)s?|(?:1[5-9]|20)\d\ds?|"
             r"gmt|bst|utc|cet|est|edt|pst|pdt|o'clock|\d{1,2}(?:[.:]\d\d)?\s?(?:am|pm)|\d{1,2}[.:]\d\d)")
TIME_WORDS = re.compile(rf"\b{TIME_WORD}\b", re.IGNORECASE)
# A phrase that is only a time or a figure: 'Monday', 'the last year', '58%', 'about 500'.
ONLY_TIME = re.compile(rf"^(?:(?:the|a|an|this|that|last|next|past|early|late|on|in|about|some|more|than|over|"
                       rf"almost|nearly|around|{TIME_WORD}|[\d.,%£$€-]+|\d+\w*)\s*)+$", re.IGNORECASE)
TIME_OR_FIGURE = (*TIMES, *NUMBERS)


# An age is written as a date ('the age of 71', '71-year-old'): it says how old, never when.
AGE = re.compile(r"\bage(?:d)?\b|\d+-year-old|\byears? old\b", re.IGNORECASE)


def names_a_time(text: str) -> bool:
    """Whether a phrase's words say when ('the opening days', 'last spring', 'in 2004', '0630 BST'), not how old."""
    return bool(TIME_WORDS.search(text)) and not AGE.search(text)


def is_age(text: str) -> bool:
    """'the age of 71', '71-year-old', 'aged 64': an age, which spaCy labels a date."""
    return bool(AGE.search(text))


TIME_PHRASE_FIT = 0.9  # a noun phrase that is nothing but a time ('Tuesday', 'last spring'): a date the tagger did not label
LENGTH_OR_AGE_KINDS = {"how long", "how old"}  # questions whose first kind is a date but not a point in time: no such fit
MONEY_OR_SHARE = re.compile(r"[%£$€]")


def is_only_a_time(text: str) -> bool:
    """'Tuesday', 'last spring', 'the opening days of 2004': a phrase naming a time and nothing else
    (not an age, not a figure of money or a share: '58% in the last year')."""
    return names_a_time(text) and only_time_or_figure(text) and not MONEY_OR_SHARE.search(text)


def only_time_or_figure(text: str) -> bool:
    """Whether a phrase holds nothing but a time or a figure and the little words around one ('Monday', '58%')."""
    return bool(ONLY_TIME.match(text.strip()))


# Nouns that name a place: 'where' is answered by 'the Rafah crossing', 'a London hospice', 'the
# National Theatre' as well as by a place name.
PLACE_NOUNS = frozenset(
    "border borders crossing frontier checkpoint region area district province county state city town village suburb "
    "capital country coast coastline sea river lake island mountain valley desert forest bridge road street avenue "
    "motorway highway airport station port harbour stadium ground arena hospital hospice clinic prison jail camp base "
    "square centre center court courthouse building house palace hall theatre cinema church cathedral mosque temple "
    "school university campus hotel embassy consulate headquarters office factory plant site zone park farm estate "
    "mine museum gallery library studio venue club pub restaurant shop store market quay wharf pier dock marina "
    "lane row hill moor bay green common".split())
PLACE_PHRASE_FIT = 0.9  # a place named by a phrase headed by a place noun ('Tanners Quay', 'the National Theatre')
DESCRIBED_PLACE_FIT = 0.7  # a place described by one ('the town's hospice', 'the Rafah crossing'): above any phrase, below a name


def headed_by_place_noun(text: str) -> bool:
    """'the Rafah crossing', 'a London hospice': the phrase's last word is a noun naming a place."""
    words = re.findall(r"[A-Za-z]+", text)
    return bool(words) and words[-1].lower() in PLACE_NOUNS


# A share written in words: 'half the world's population', 'two-thirds', 'one in five', 'a quarter of'.
FRACTION = re.compile(r"^(?:(?:about|almost|nearly|roughly|around|more than|less than|over|under|just|some)\s+)?"
                      r"(?:half|a third|one third|two[- ]thirds|a quarter|one quarter|three[- ]quarters|"
                      r"a fifth|one fifth|(?:one|two|three|four|\d+) in (?:two|three|four|five|six|seven|eight|nine|ten|\d+))\b",
                      re.IGNORECASE)
FRACTION_FIT = 0.8  # a share in words, for a question that takes a percentage


def is_fraction(text: str) -> bool:
    """'Half the world's population', 'about two-thirds', 'one in five': a share written in words."""
    return bool(FRACTION.match(text.strip()))


# What makes a length of time a point in time: 'two years *ago*', '*last* week', 'three weeks *later*'.
POINT_MARKERS = re.compile(r"\b(?:ago|later|earlier|after|before|since|next|last|this|every|each|early|late|mid|first|final|opening|"
                           r"start|end|beginning|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|"
                           r"february|march|april|may|june|july|august|september|october|november|december|"
                           r"today|yesterday|tomorrow|tonight)\b|\b(?:1[5-9]|20)\d\d\b", re.IGNORECASE)
LENGTH_FOR_WHEN_FIT = 0.6  # 'when' answered by a bare length of time ('three weeks', '30-year'): a fallback


def only_a_length(text: str) -> bool:
    """'three weeks', '14 years', '30-year': a length of time that names no point in time."""
    return bool(DURATION.search(text)) and not POINT_MARKERS.search(text)


def asks_for_a_name(expected: tuple[str, ...]) -> bool:
    """The question wants a person, a body or a place first and no time or figure at all ('who',
    'where', 'which club'), not a description or a time ('how quickly', 'at what time')."""
    return expected[0] in NAMES and not any(k in TIME_OR_FIGURE for k in expected)


def raw_type_fit(label: str, question: Question, text: str) -> float:
    """How well a span kind fits the kinds the question expects (1 = its first choice, 0 = none)."""
    expected = question.expected
    if question.kind == "how long" and label in expected and not DURATION.search(text):
        return 0.6  # 'March 2022' is a point in time, 'two hours' is a length
    if question.kind == "when" and label in TIMES and only_a_length(text):
        return LENGTH_FOR_WHEN_FIT  # 'when' asks for a point in time: 'three weeks' is a length
    if label in TIMES and expected[0] in TIMES and question.kind != "how old" and is_age(text):
        return MISMATCH.untimed_phrase  # 'on what date did he die' → not 'the age of 71'
    if label == NOUN_PHRASE and expected[0] in TIMES:
        # 'when' / 'what date': a phrase is a fallback only when it names a time, a date itself when it is only one
        if is_only_a_time(text) and question.kind not in LENGTH_OR_AGE_KINDS:
            return TIME_PHRASE_FIT
        return MISMATCH.timed_phrase if names_a_time(text) else MISMATCH.untimed_phrase
    if label == NOUN_PHRASE and PERCENT in expected and is_fraction(text):
        return FRACTION_FIT  # 'how much of the population' → 'half the world's population'
    if label == NOUN_PHRASE and expected[0] in PLACES and headed_by_place_noun(text):
        # 'where' → 'at the border crossing', not only a city's name; a named place before a described one
        return PLACE_PHRASE_FIT if text.split()[-1][:1].isupper() else DESCRIBED_PLACE_FIT
    if label == NOUN_PHRASE and NOUN_PHRASE in expected[1:]:
        if asks_for_a_name(expected) and only_time_or_figure(text):
            return MISMATCH.time_for_a_thing  # 'which club' → 'Monday' read as a noun phrase
        return 0.6  # a fallback: "what year" wants a DATE before any noun phrase
    if label in expected:
        return max(1.0 - 0.1 * expected.index(label), 0.6)
    if label == NOUN_PHRASE:
        return 0.6 if NOUN_PHRASE in expected else 0.05
    if NOUN_PHRASE in expected and expected[0] == NOUN_PHRASE:
        return 0.7  # a named entity is a noun phrase too
    if NOUN_PHRASE in expected:
        # 'where' / 'which club' / 'who': a date or a figure is no place, body or person
        return MISMATCH.time_for_a_thing if asks_for_a_name(expected) and label in TIME_OR_FIGURE else 0.3
    return 0.0


def type_fit(x: Span) -> float:
    """raw_type_fit, raised to 1 for a name that contains the question's head noun ('the Loire Region')."""
    fit = raw_type_fit(x.c.label, x.ctx.question, x.c.text)
    if x.names_focus and x.c.label not in NUMBERS and x.c.label != QUOTE:
        return 1.0
    return fit


def expected_position(x: Span) -> float:
    """Position of the span's kind among the question's expected kinds; 5 when not expected."""
    expected = x.ctx.question.expected
    return float(expected.index(x.c.label)) if x.c.label in expected else 5.0


def names_focus(x: Span) -> float:
    """1 for a proper name that contains the question's head noun ('which region' → 'Loire Region')."""
    return float(x.names_focus)


def counts_focus(x: Span) -> float:
    """1 for a number followed within 3 tokens by the counted noun ('how many prisoners' → '390 prisoners')."""
    return float(x.c.label in NUMBERS and bool(x.ctx.focus & set(x.s.stems[x.last:x.last + 3])))


def focus_bonus(x: Span) -> float:
    """counts_focus, or names_focus for a span that is not a number."""
    return float(counts_focus(x) > 0 or (x.names_focus and x.c.label not in NUMBERS))


def head_is_focus(x: Span) -> float:
    """1 when the span's head word is the question's head noun ('which *country*' → 'the country')."""
    return float(bool(x.ctx.focus) and x.s.stems[x.root] in x.ctx.focus)


def sentence_has_focus(x: Span) -> float:
    """1 when the sentence mentions the question's head noun anywhere."""
    return float(bool(x.ctx.focus & set(x.s.stems)))


# -- where the span sits relative to the question's words --------------------------------------


def proximity(x: Span) -> float:
    """IDF-weighted closeness of the question's terms to the span: Σ idf / (1 + distance / 4)."""
    total = sum(x.ctx.idf.get(term, 0.0) / (1.0 + d / 4.0) for term, d in x.distances.items())
    if x.c.label == QUOTE and x.c.start <= 1:
        # "X said:" on the line before the quotation counts half.
        total += sum(w / 2.0 for term, w in x.ctx.idf.items() if term not in x.distances and term in x.s.previous_stems)
    return total / x.ctx.total_idf


def nearest_term(x: Span) -> float:
    """Tokens from the span to the closest question term in its sentence (30 when there is none)."""
    return float(min(min(x.distances.values(), default=MAX_DISTANCE), MAX_DISTANCE))


def terms_near(x: Span) -> float:
    """Share of the question's terms found within 5 tokens of the span."""
    return sum(1 for d in x.distances.values() if d <= 5) / max(len(x.ctx.terms), 1)


def syntax(x: Span) -> float:
    """1/steps up the dependency tree from the span's head to a question term (0 beyond 3 steps)."""
    tokens, node = x.s.tokens, x.root
    for step in range(1, 4):
        parent = tokens[node][5]
        if parent == node:
            return 0.0
        node = parent
        if x.s.stems[node] in x.ctx.terms:
            return 1.0 / step
    return 0.0


def governed_by_question_verb(x: Span) -> float:
    """1 when the span's head depends on the question's main verb ('who *mediated*' → 'mediated by the UAE')."""
    verb = x.ctx.question.verb
    if not verb:
        return 0.0
    tokens, node = x.s.tokens, x.root
    for _ in range(2):
        parent = tokens[node][5]
        if parent == node:
            return 0.0
        node = parent
        if verb in (x.s.stems[node], x.s.lemmas[node]):
            return 1.0
    return 0.0


MIN_DERIVED_STEM = 4  # a question word this long may be the start of a longer one ('chair' → 'chairman')
LIGHT_VERBS = {"be", "have", "do"}  # a question's main verb that says nothing of what is asked
DESCRIPTOR_WINDOW = 4  # tokens before a span that may describe it ('market leader Mengniu Dairy')
DESCRIPTOR_STOP = {"VERB", "AUX", "SCONJ", "CCONJ", "ADP"}  # a descriptor does not run past a verb, a conjunction or a preposition


def derived_from(term: str, stem: str) -> bool:
    """The sentence word `stem` is the question word `term` or made from it: 'chairman' from 'chair',
    'leader' from 'lead', 'director' from 'direct' (a noun for who does what the question's verb says)."""
    return stem == term or (len(term) >= MIN_DERIVED_STEM and stem.startswith(term))


def descriptor_terms(x: Span) -> float:
    """IDF-weighted share of the question's words (or words made from them) in the words right before
    the span that describe it: 'who *chairs* Yili' → '*chairman* Zheng Junhuai', 'which company *leads*'
    → 'market *leader* Mengniu Dairy'. Stops at a verb, a conjunction or a preposition."""
    tokens, stems = x.s.tokens, x.s.stems
    found: set[str] = set()
    for i in range(x.first - 1, max(x.first - 1 - DESCRIPTOR_WINDOW, -1), -1):
        if tokens[i][3] in DESCRIPTOR_STOP:
            break
        if stems[i]:
            found.update(t for t in x.ctx.terms if derived_from(t, stems[i]))
    return sum(x.ctx.idf.get(t, 0.0) for t in found) / x.ctx.total_idf


def sentence_has_question_verb(x: Span) -> float:
    """1 when the span's sentence holds the question's main verb or a word made from it ('who
    *directed* it' → 'directed', 'director'); 0 when the question has one and the sentence does not
    (it is about the topic, not the asked act: 'who directed King Arthur' over a sentence on its
    stars); 0.5 when the question's verb is a light one ('who is …') and says nothing."""
    verb = x.ctx.question.verb
    if not verb or verb in LIGHT_VERBS:
        return 0.5
    return float(any(derived_from(verb, stem) or lemma == verb for stem, lemma in zip(x.s.stems, x.s.lemmas) if stem))


CLAUSE_HEADS = {"VERB", "AUX"}
SUBORDINATE_DEPS = {"advcl", "relcl", "acl", "ccomp", "xcomp", "pcomp"}


def _governing_verb(x: Span) -> int | None:
    """The nearest verb above the span's head: the clause the span belongs to."""
    tokens, node = x.s.tokens, x.root
    for _ in range(len(tokens)):
        parent = tokens[node][5]
        if parent == node or not 0 <= parent < len(tokens):
            return None
        node = parent
        if tokens[node][3] in CLAUSE_HEADS:
            while tokens[node][4] == "conj" and tokens[node][5] != node:
                node = tokens[node][5]  # 'X was … and took place on Friday': the clause shares X
            return node
    return None


def clause_coverage(x: Span) -> float:
    """IDF-weighted share of the question's terms inside the span's own clause (its governing verb's
    subtree, the span aside): 'the swap since the invasion *began in February 2022*' holds one
    question term where the main clause holds them all, so its date is background."""
    verb = _governing_verb(x)
    if verb is None:
        return x.s.coverage
    first, last = x.ctx.extents(x.s)
    low, high = first[verb], last[verb]
    found = 0.0
    for term, positions in x.ctx.positions(x.s).items():
        if any(low <= p < high and not x.first <= p < x.last for p in positions):
            found += x.ctx.idf.get(term, 0.0)
    return found / x.ctx.total_idf


ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "attr", "csubj"}


def clause_arguments_in_question(x: Span) -> float:
    """Whether the clause the span belongs to is about the question's things: 1 when its verb's subject
    or object holds a question word, 0 when it has a subject or object and none does — 'the largest
    exchange since *the invasion* began in 2022' dates the invasion, not the exchange the question asks
    of, even with the question's own verb —, 0.5 when the span has no verb above it or the verb no such argument."""
    verb = _governing_verb(x)
    if verb is None:
        return 0.5
    tokens = x.s.tokens
    first, last = x.ctx.extents(x.s)
    arguments = [(first[i], last[i]) for i in range(len(tokens))
                 if tokens[i][5] == verb and i != verb and tokens[i][4] in ARGUMENT_DEPS
                 and not (first[i] <= x.root < last[i])]
    if not arguments:
        return 0.5
    positions = [p for found in x.ctx.positions(x.s).values() for p in found if p != verb]
    return float(any(low <= p < high for low, high in arguments for p in positions))


def in_subordinate_clause(x: Span) -> float:
    """1 when the span's clause hangs under another one (an adverbial, relative or complement clause)."""
    verb = _governing_verb(x)
    return float(verb is not None and x.s.tokens[verb][4] in SUBORDINATE_DEPS)


def tree_distance(x: Span) -> float:
    """Dependency-tree steps from the span's head to the nearest question term of its sentence (8 when none within 8)."""
    tokens = x.s.tokens
    matched = {p for positions in x.ctx.positions(x.s).values() for p in positions if not x.first <= p < x.last}
    if not matched:
        return float(MAX_TREE_STEPS)
    up: dict[int, int] = {}
    node = x.root
    for step in range(MAX_TREE_STEPS + 1):
        up.setdefault(node, step)
        parent = tokens[node][5]
        if parent == node or not 0 <= parent < len(tokens):
            break
        node = parent
    best = MAX_TREE_STEPS
    for p in matched:
        node = p
        for step in range(MAX_TREE_STEPS + 1):
            if node in up:
                best = min(best, step + up[node])
                break
            parent = tokens[node][5]
            if parent == node or not 0 <= parent < len(tokens):
                break
            node = parent
    return float(min(best, MAX_TREE_STEPS))


def terms_left(x: Span) -> float:
    """IDF share of the question's terms in the 4 tokens before the span."""
    window = set(x.s.stems[max(0, x.first - 4):x.first]) | set(x.s.lemmas[max(0, x.first - 4):x.first])
    return sum(w for t, w in x.ctx.idf.items() if t in window) / x.ctx.total_idf


def terms_right(x: Span) -> float:
    """IDF share of the question's terms in the 4 tokens after the span."""
    window = set(x.s.stems[x.last:x.last + 4]) | set(x.s.lemmas[x.last:x.last + 4])
    return sum(w for t, w in x.ctx.idf.items() if t in window) / x.ctx.total_idf


def has_comma(x: Span) -> float:
    """1 when the span holds a comma: a list or a phrase run on past its end."""
    return float("," in x.c.text)


def whole_subtree(x: Span) -> float:
    """1 when the span is its head's whole phrase; 0 for a part cut out of it ('theory' of 'phlogiston theory')."""
    first, last = x.ctx.extents(x.s)
    return float(x.first <= first[x.root] and x.last >= last[x.root])


def adjacent_question_term(x: Span) -> float:
    """1 when the token right before or after the span is a question term."""
    return float(any(d == 1 for d in x.distances.values()))


def overlap(x: Span) -> float:
    """Share of the span's words already in the question (head noun excepted): a repeat is rarely the answer."""
    return sum(flag for flag, stem in zip(x.inside, x.own) if stem not in x.ctx.focus) / max(len(x.own), 1)


def informative(x: Span) -> float:
    """The rarest word of the span (IDF, capped at 3, over 3): the story's topic word is rarely asked for."""
    lexical = x.ctx.snapshot.lexical
    return min(max((lexical.idf(s) for s in x.own), default=0.0), 3.0) / 3.0


# -- the span's own form -----------------------------------------------------------------------


def length_tokens(x: Span) -> float:
    """Tokens in the span."""
    return float(x.last - x.first)


def length_excess(x: Span) -> float:
    """Tokens beyond 6, for kinds that should be short (not quotations or reasons)."""
    return float(max(0, (x.last - x.first) - 6)) if x.c.label not in {QUOTE, "CLAUSE"} else 0.0


def position(x: Span) -> float:
    """Where the span starts in its sentence, 0 (first token) to 1."""
    return x.first / max(len(x.s.tokens), 1)


def capitalised(x: Span) -> float:
    """Share of the span's alphabetic words that start with a capital letter."""
    words = [w for w in x.c.text.split() if w[:1].isalpha()]
    return sum(w[0].isupper() for w in words) / max(len(words), 1)


def has_digit(x: Span) -> float:
    """1 when the span contains a digit."""
    return float(any(ch.isdigit() for ch in x.c.text))


def in_quotes(x: Span) -> float:
    """1 when the span sits inside quotation marks in its sentence."""
    before = x.s.text[:x.c.start]
    return float(before.count('"') % 2 == 1 or before.count("“") > before.count("”"))


def head_pos_proper(x: Span) -> float:
    """1 when the span's head word is a proper noun."""
    return float(x.s.tokens[x.root][3] == "PROPN")


def head_pos_noun(x: Span) -> float:
    """1 when the span's head word is a common noun."""
    return float(x.s.tokens[x.root][3] == "NOUN")


def starts_with_determiner(x: Span) -> float:
    """1 when the span opens with a determiner ('the talks')."""
    return float(x.first < len(x.s.tokens) and x.s.tokens[x.first][3] == "DET")


def after_preposition(x: Span) -> float:
    """1 when the token before the span is a preposition ('in Lisbon', 'by the council')."""
    return float(x.first > 0 and x.s.tokens[x.first - 1][3] == "ADP")


def is_subject(x: Span) -> float:
    """1 when the span's head is a clause subject."""
    return float(x.s.tokens[x.root][4] in SUBJECT_DEPS)


def is_object(x: Span) -> float:
    """1 when the span's head is a verb's object or attribute."""
    return float(x.s.tokens[x.root][4] in OBJECT_DEPS)


def is_prepositional_object(x: Span) -> float:
    """1 when the span's head is the object of a preposition."""
    return float(x.s.tokens[x.root][4] == "pobj")


def is_apposition(x: Span) -> float:
    """1 when the span's head is an apposition ('Ursula von der Leyen, *the Commission president*')."""
    return float(x.s.tokens[x.root][4] == "appos")


def question_asks_subject(x: Span) -> float:
    """1 when the wh-word is the question's subject ('*who* mediated') — the answer is then usually a subject too."""
    return float(x.ctx.question.wh_role in SUBJECT_DEPS)


def asks_several(x: Span) -> float:
    """1 when the question's head noun is plural or counted ('which two cities'): a list may answer."""
    return float(x.ctx.question.many)


_LIST_GLUE = re.compile(r",\s|\s(?:and|or)\s")


def list_for_several(x: Span) -> float:
    """1 for a span listing several things ('Jeddah and Riyadh') when the question asks for several."""
    return float(x.ctx.question.many and bool(_LIST_GLUE.search(x.c.text)))


# -- the question's own shape aligned with the span's (the SQuAD paper's lexicalised features) -----

# Prepositions that can govern a wh-phrase ('*in* what year', '*to* whom'); English's closed class.
PREPOSITIONS = frozenset({"about", "above", "across", "after", "against", "along", "among", "around", "at", "before",
                          "behind", "below", "beneath", "beside", "between", "beyond", "by", "despite", "during",
                          "for", "from", "in", "inside", "into", "near", "of", "off", "on", "onto", "outside", "over",
                          "since", "through", "throughout", "to", "toward", "towards", "under", "until", "upon",
                          "with", "within", "without"})
WH_WORDS = frozenset({"who", "whom", "whose", "what", "when", "where", "which", "why", "how"})
# Typical answer length in tokens per question kind (median gold answer length on SQuAD's training
# half, the kinds news questions share); a span far longer or shorter than its kind's is rarely right.
TYPICAL_LENGTH = {"who": 2, "what": 3, "when": 2, "where": 3, "which": 2, "how many": 2, "how much": 3, "how long": 2,
                  "why": 8, "how": 3, "quote": 8, "other": 3}
BIGRAM_WINDOW = 8  # tokens around the span in which a question's word pair counts
ROLE_GROUPS = ({"nsubj", "nsubjpass", "csubj"}, {"dobj", "attr", "oprd", "dative"}, {"pobj"})


def wh_preposition(text: str) -> str:
    """The preposition right before the question's wh-word ('In what year …' → 'in'), '' when none."""
    words = re.findall(r"[a-z]+", text.lower())
    for i, w in enumerate(words):
        if w in WH_WORDS:
            return words[i - 1] if i > 0 and words[i - 1] in PREPOSITIONS else ""
    return ""


def same_preposition(x: Span) -> float:
    """1 when the question's wh-phrase follows a preposition and the span follows the same one
    ('*in* what year' → '*in* 1998', '*to* whom' → '*to* his brother')."""
    wanted = x.ctx.wh_preposition
    return float(bool(wanted) and x.first > 0 and x.s.tokens[x.first - 1][2] == wanted)


def wh_role_match(x: Span) -> float:
    """1 when the span's head plays the wh-word's role: subject for subject ('*who* won' → '*Smith* won'),
    object for object, object of a preposition for object of a preposition."""
    role, dep = x.ctx.question.wh_role, x.s.tokens[x.root][4]
    return float(any(role in group and dep in group for group in ROLE_GROUPS))


def question_bigrams_near(x: Span) -> float:
    """Share of the question's word pairs (consecutive content words) that occur as consecutive
    content words of the sentence, starting within BIGRAM_WINDOW tokens of the span: the question's
    own phrase sits next to the answer."""
    pairs = x.ctx.bigrams
    if not pairs:
        return 0.0
    low, high = x.first - BIGRAM_WINDOW, x.last + BIGRAM_WINDOW
    return len({pair for i, pair in x.ctx.bigram_positions(x.s) if low <= i < high}) / len(pairs)


def length_for_kind(x: Span) -> float:
    """How many tokens the span is longer (+) or shorter (-) than answers to its question kind typically are."""
    return float((x.last - x.first) - TYPICAL_LENGTH.get(x.ctx.question.kind, 3))


# -- the span among its rivals: the other candidates of its kind in its sentence -----------------


MAX_SENTENCE_INDEX = 10  # sentences further down a document read as this far


def sentence_index(x: Span) -> float:
    """The sentence's place in its document (0: the first, a headline or the opening line), up to 10.
    A story's opening names its topic — the people and places the whole story is about — while the
    asked detail is often further down."""
    return float(min(x.s.index, MAX_SENTENCE_INDEX))


MAX_MENTIONS = 5


def mentions_elsewhere(x: Span) -> float:
    """Other sentences of the span's document, among those read for the question, holding a candidate
    of the same words (up to 5): the story's subject recurs everywhere, the asked fact is usually
    stated once."""
    found = x.ctx.mentions.get((x.s.doc_id, x.c.text.lower()))
    return float(min(len(found) - 1, MAX_MENTIONS)) if found else 0.0


def rivals(x: Span) -> list[Span]:
    """The spans of the span's kind in its sentence, itself included (as registered by `spans`)."""
    return x.ctx.rivals.get((x.s.doc_id, x.s.index, x.c.label)) or [x]


def nearest_of_kind(x: Span) -> float:
    """1 when no candidate of the span's kind in its sentence is nearer (in tokens) to a question word:
    'Carlos Moya takes on *Andy Roddick* before Rafael Nadal faces Mardy Fish'."""
    own = nearest_term(x)
    return float(all(own <= nearest_term(r) for r in rivals(x)))


def closest_in_tree_of_kind(x: Span) -> float:
    """1 when no candidate of the span's kind in its sentence is fewer dependency steps from a question word."""
    own = _tree_distance(x)
    return float(all(own <= _tree_distance(r) for r in rivals(x)))


def _tree_distance(x: Span) -> float:
    if x._tree is None:
        x._tree = tree_distance(x)
    return x._tree


# -- who says it: the speaker of the speech verb the span depends on -----------------------------

SPEECH_LEMMAS = frozenset(SPEECH_VERBS | DESCRIBING_VERBS | {"believe", "think", "admit", "suggest", "accuse", "praise",
                                                              "criticise", "criticize", "condemn", "predict", "urge"})
SPEAKER_DEPS = {"nsubj", "agent"}
NO_SPEAKER = -1.0  # the span depends on no speech verb with a stated speaker


def speaker_terms(x: Span) -> float:
    """IDF-weighted share of the question's words in the speaker of the speech verb the span depends
    on: 'How did the spokesman describe the allegations?' → 'The rapper's *spokesman* said the
    allegations were "untrue"' (1 word of 3), not a quotation nobody in the sentence is said to say.
    NO_SPEAKER when no speech verb above the span has a subject (or a 'by' agent) outside it."""
    tokens, node = x.s.tokens, x.root
    first, last = x.ctx.extents(x.s)
    for _ in range(MAX_TREE_STEPS):
        parent = tokens[node][5]
        if parent == node or not 0 <= parent < len(tokens):
            return NO_SPEAKER
        node = parent
        if tokens[node][3] in CLAUSE_HEADS and tokens[node][2] in SPEECH_LEMMAS:
            speakers = [i for i in range(len(tokens)) if tokens[i][5] == node and i != node
                        and tokens[i][4] in SPEAKER_DEPS and not x.first <= i < x.last]
            if not speakers:
                continue
            found = set()
            positions = x.ctx.positions(x.s)
            for i in speakers:
                low, high = first[i], last[i]
                found.update(t for t, where in positions.items() if any(low <= p < high for p in where))
            return sum(x.ctx.idf.get(t, 0.0) for t in found) / x.ctx.total_idf
    return NO_SPEAKER


# -- a figure's role: the change or the level it changed to -------------------------------------

CHANGE_BEFORE = {"by", "up", "down", "extra", "further", "another"}  # 'rose *by* 5%', 'ended *down* $1.33'
LEVEL_BEFORE = {"to", "at"}  # 'rose to 400,000 units', 'closed at $42.12'
OLD_LEVEL_BEFORE = {"from"}  # 'from 30% a year earlier'
CHANGE_AFTER = {"rise", "fall", "increase", "decrease", "drop", "jump", "gain", "cut", "decline", "growth", "surge",
                "slump", "climb", "loss", "reduction", "hike", "boost"}  # 'a 25.7% *rise*'
CHANGE_QUESTION = re.compile(r"\bby how (?:much|many|far)\b|\bhow (?:much|many|far) (?:\w+ ){0,6}?(?:rise|rose|risen|fall|fell|fallen|"
                             r"increase|decrease|drop|jump|gain|grow|grew|grown|climb|decline|shrink|shrank|cut)\w*\b(?! to\b)",
                             re.IGNORECASE)
LEVEL_QUESTION = re.compile(r"\b(?:to|at) (?:what|how much|how many|which)\b|\b(?:rise|rose|risen|fall|fell|fallen|increase|"
                            r"grow|grew|grown|climb|drop|cut|reduce|boost|raise|end|ended|close|closed)\w* to\?", re.IGNORECASE)


def figure_role(x: Span) -> float:
    """A figure's role in its sentence: 1 the size of a change ('up *$1.33*', 'a *25.7%* rise'), -1 a
    level ('to *$42.12*', 'at *$85*', 'from *30%*'), 0 neither or not a figure."""
    if x.c.label not in NUMBERS:
        return 0.0
    tokens = x.s.tokens
    i = x.first - 1
    while i >= 0 and tokens[i][3] == "SYM":  # '$' of '$ 1.33' when the span is the number alone
        i -= 1
    before = tokens[i][2] if i >= 0 else ""
    after = tokens[x.last][2] if x.last < len(tokens) else ""
    if before in CHANGE_BEFORE or after in CHANGE_AFTER:
        return 1.0
    if before in LEVEL_BEFORE or before in OLD_LEVEL_BEFORE:
        return -1.0
    return 0.0


def asked_figure_role(text: str) -> float:
    """1 when the question asks the size of a change ('by how much did it rise'), -1 the level reached
    ('what will capacity rise to?', 'at what price did it end'), 0 neither."""
    if LEVEL_QUESTION.search(text):
        return -1.0
    if CHANGE_QUESTION.search(text):
        return 1.0
    return 0.0


def figure_role_match(x: Span) -> float:
    """1 when the figure plays the role the question asks for (a change for 'by how much did it rise',
    the level for 'what did it rise to'), -1 when it plays the other, 0 when either is unknown."""
    asked = asked_figure_role(x.ctx.question.text)
    return asked * figure_role(x) if asked else 0.0


# -- the span's own words and its place in a phrase ---------------------------------------------


def span_terms(x: Span) -> float:
    """IDF-weighted share of the question's words inside the span itself: a quotation or a reason
    about what the question asks holds its words ('what did he say about *the protesters*')."""
    found = {stem for stem, inside in zip(x.own, x.inside) if inside and stem in x.ctx.terms}
    return sum(x.ctx.idf.get(t, 0.0) for t in found) / x.ctx.total_idf


MODIFIER_DEPS = {"compound", "poss", "amod", "nmod", "npadvmod"}


def is_modifier(x: Span) -> float:
    """1 when the span's head modifies a noun ('*Northern Ireland* minister', '*Wales* coach',
    "*BBC Radio 4's* Today programme"): a name used to describe something else, rarely the answer."""
    return float(x.s.tokens[x.root][4] in MODIFIER_DEPS)


def verb_is_question_verb(x: Span) -> float:
    """Whether the nearest verb above the span is the question's main verb or made from it ('*opened* at
    its present site in 1968', not 'began 50 years ago'): 1 yes, 0 no, 0.5 when the question's verb is
    light or missing or the span has no verb above it."""
    verb = x.ctx.question.verb
    if not verb or verb in LIGHT_VERBS:
        return 0.5
    tokens, node = x.s.tokens, x.root
    for _ in range(len(tokens)):
        parent = tokens[node][5]
        if parent == node or not 0 <= parent < len(tokens):
            return 0.5
        node = parent
        if tokens[node][3] in CLAUSE_HEADS:
            stem = x.s.stems[node]
            return float(bool(stem) and derived_from(verb, stem) or tokens[node][2] == verb)
    return 0.5


def _kind_group(name: str, labels: tuple[str, ...]) -> Callable[[Span], float]:
    def feature(x: Span) -> float:
        return float(x.c.label in labels)

    feature.__name__ = f"kind_{name}"
    feature.__doc__ = f"1 when the span is of kind {', '.join(labels)}."
    return feature


def _question_kind(kind: str) -> Callable[[Span], float]:
    def feature(x: Span) -> float:
        return float(x.ctx.question.kind == kind)

    feature.__name__ = f"asks_{kind.replace(' ', '_')}"
    feature.__doc__ = f"1 when the question is a '{kind}' question."
    return feature


Feature = Callable[[Span], float]
FEATURES: dict[str, Feature] = {f.__name__: f for f in [
    sentence_score, sentence_similarity, sentence_coverage, sentence_rank, passage_score, heading,
    passage_rank, similarity_gap, coverage_gap, clause_coverage, in_subordinate_clause,
    type_fit, expected_position, names_focus, counts_focus, focus_bonus, head_is_focus, sentence_has_focus,
    proximity, nearest_term, terms_near, syntax, governed_by_question_verb, adjacent_question_term, overlap,
    tree_distance, terms_left, terms_right, has_comma, whole_subtree,
    informative, length_tokens, length_excess, position, capitalised, has_digit, in_quotes, head_pos_proper,
    head_pos_noun, starts_with_determiner, after_preposition, is_subject, is_object, is_prepositional_object,
    is_apposition, question_asks_subject, asks_several, list_for_several, same_preposition, wh_role_match,
    question_bigrams_near, length_for_kind, descriptor_terms, sentence_has_question_verb,
    clause_arguments_in_question, nearest_of_kind, closest_in_tree_of_kind, speaker_terms,
    figure_role_match, span_terms, is_modifier, verb_is_question_verb, sentence_index, mentions_elsewhere,
    *(_kind_group(name, labels) for name, labels in KIND_GROUPS.items()),
    *(_question_kind(kind) for kind in QUESTION_KINDS),
]}


# Features that read only the candidate (its characters, kind and stored sentence) and the index's
# word statistics — never the question, the retrieval or the other candidates: worked out once
# per candidate and snapshot (Context.static). tests/test_answer_speed.py checks each is.
STATIC_FEATURES: tuple[str, ...] = (
    "heading", "in_subordinate_clause", "has_comma", "whole_subtree", "informative", "length_tokens", "length_excess",
    "position", "capitalised", "has_digit", "in_quotes", "head_pos_proper", "head_pos_noun", "starts_with_determiner",
    "after_preposition", "is_subject", "is_object", "is_prepositional_object", "is_apposition", "is_modifier",
    *(f"kind_{name}" for name in KIND_GROUPS))
_STATIC_FUNCTIONS = tuple(FEATURES[n] for n in STATIC_FEATURES)
_STATIC_COLUMN = {n: i for i, n in enumerate(STATIC_FEATURES)}
# Features that read only the question: one value per question, whatever the span.
QUESTION_FEATURES: frozenset[str] = frozenset({"question_asks_subject", "asks_several",
                                               *(f"asks_{kind.replace(' ', '_')}" for kind in QUESTION_KINDS)})


def spans(candidates: list[Candidate], context: Context) -> list[Span]:
    """The candidates as Spans, without those that only repeat the question's words; each sentence's
    spans of one kind are registered in the context as rivals of each other, and the sentences each
    span's words occur in as a candidate of their document."""
    kept = []
    for c in candidates:
        span = Span(c, context)
        if not span.repeats_question:
            kept.append(span)
    groups: dict[tuple, list[Span]] = {}
    mentions: dict[tuple, set[int]] = {}
    for span in kept:
        groups.setdefault((span.s.doc_id, span.s.index, span.c.label), []).append(span)
        mentions.setdefault((span.s.doc_id, span.c.text.lower()), set()).add(span.s.index)
    context.rivals = groups  # what `rivals` reads: the question's spans of one kind in one sentence
    context.mentions = mentions  # what `mentions_elsewhere` reads
    return kept


def matrix(spans_: list[Span], names: tuple[str, ...], known: dict[str, np.ndarray] | None = None) -> np.ndarray:
    """The named features of every span, one row per span; `known` columns (name → one value per
    span) are taken as given rather than computed again."""
    known = known or {}
    out = np.empty((len(spans_), len(names)), dtype=np.float64)
    if not spans_:
        return out
    one_question = all(x.ctx is spans_[0].ctx for x in spans_)
    static, each = [], []  # (column, static column) and (column, feature) still to fill
    for i, n in enumerate(names):
        if n in known:
            out[:, i] = known[n]
        elif n in _STATIC_COLUMN:
            static.append((i, _STATIC_COLUMN[n]))
        elif n in QUESTION_FEATURES and one_question:
            out[:, i] = FEATURES[n](spans_[0])
        else:
            each.append((i, FEATURES[n]))
    if static:
        pick = itemgetter(*(j for _, j in static))  # only the static columns asked for (the rules read 3 of 33)
        rows = np.array([pick(x.static) for x in spans_], dtype=np.float64).reshape(len(spans_), len(static))
        out[:, [i for i, _ in static]] = rows
    if each:
        functions = [f for _, f in each]
        out[:, [i for i, _ in each]] = np.array([[f(x) for f in functions] for x in spans_], dtype=np.float64)
    return out
