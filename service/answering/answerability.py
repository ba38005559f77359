"""The learned answerability check: is the answer the answerer settled on said to answer the question?

A small logistic regression over facts of the chosen answer (`FACT_NAMES`), read after the scorer,
binding and corroboration have settled on one value, applied after the hand rules (the calibrated
threshold, stated.py's checks, the reader's abstention) let it through:

* the calibrated confidence (log-odds) and the scorer's margin over its best other value;
* each stated.py check as an indicator, and the signals of abstention.SIGNALS (the asked figure /
  attribute / event tied to the span, names and rare words held, repeats the question);
* how much of the question the answer's sentence covers (term coverage, similarity, the share of
  the question's weight it lacks, its head noun, its verb, the asked noun);
* the question's kind, the answer's kind, whether the asked attribute is checked;
* what rank()'s early gates read (the best sentence's coverage and similarity, the counted noun in no
  article): the gates shipped with the model (its `gates`) are looser than the hand floors, the model weighs the rest;
* answer-type sanity: a figure wanted and no amount given, a how-many answered by a year-like number
  or a share or money (also a hand rule in the answerer: certain enough), a name wanted and no
  capitalised word (or a figure) given, a date wanted and no date given;
* the span reader's re-ordering, and its no-answer margin on the answer's own sentence (the reader's
  no-answer score minus its best span's: one more pair read when the re-ordering did not read it);
* for study, not fitted: coverage with lemmas, with the neighbouring sentences, with words near in
  meaning (nearwords.py), the reader's agreement with the answer, the ranker's facts of where the
  answer sits (SPAN_FACTS). Facts of the corpus's make-up (passage rank, sources, words missing
  from the article) are computed for study but not fitted (service/training/answerability.LEFT_OUT).

Weights, feature means and scales and the threshold live in `model/answerability.json` (no pickle),
read once; only the facts it weighs are computed. `newsdesk train-answerability` refits it from
answers to tuning questions only (service/training/answerability.py). It abstains when P(right) <
threshold. `replaces` "threshold" (shipped since session 16): the calibrated-confidence threshold (the
weak-match gate) is not applied and the model decides in its place, reading the confidence beside the
span reader's no-answer margin on the answer's sentence; "none": it only adds abstentions to the hand rules'.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from index.lexical import tokenize
from service.answering import anchors, nearwords, said_of, stated
from service.answering.features import QUESTION_KINDS
from service.answering.kinds import DATE, NAMES, NOUN_PHRASE, NUMBERS, PERSON, QUOTE, TIME
from service.values import NUMBER_WORDS, SCALE_WORDS

CURRENCY_SYMBOLS = "€£$¥₹"

DEFAULT_MODEL = Path(__file__).resolve().parent / "model" / "answerability.json"
CONFIDENCE_CLIP = 1e-4  # the confidence's log-odds are read within [clip, 1 - clip]
GAP_CAP = 5.0  # the runner-up gap when there is no other value (the scorer's units)
RANK_CAP = 8  # sentence ranks beyond this read as this
SOURCES_CAP = 3  # independent sources beyond this read as this
VERB_PREFIX = 4  # a sentence stem sharing this many first letters with the question's verb names it
RAREST = 2  # the question's rarest terms whose absence from the answer's article is read
REPLACES = ("none", "threshold")  # which hand decision the model takes over (module doc)


@dataclass
class Seen:
    """What the facts are read from: the question (question.Question), stated.Asked of it, the chosen
    candidate, the final confidence, the runner-up gap, the old abstention signals (or None),
    whether the span reader changed the ranker's first candidate, the independent sources, and
    whether an attribute is checked / named."""

    question: object
    asked: object
    top: object
    confidence: float
    gap: float
    signals: Mapping[str, float] | None = None
    reader_moved: bool = False
    sources: int = 1
    conflicts: int = 0
    attribute_checked: bool = False
    attribute_named: bool = False
    best_coverage: float = 0.0  # the best-retrieved sentence's term coverage
    article: frozenset = frozenset()  # stems of the answer's article (article_stems)
    idf: Mapping[str, float] = field(default_factory=dict)  # the question's terms' IDF
    gates: Mapping[str, float] = field(default_factory=dict)  # what rank()'s early gates read (answerer.Ranking.gates)
    span: object = None  # the answer's features.Span (the ranker's facts of where it sits); None: those facts read as unknown
    snapshot: object = None  # the index snapshot (the answer's neighbouring sentences)
    # the span reader's reading of the answer's own sentence (second_stage.Read), read only when a fact asks: None without a reader
    read_answer: Callable[[], object] | None = None
    # the span reader's reading of other text (question, text, the answer's characters in it) → second_stage.Read; None without a reader
    read_text: Callable[[str, str, tuple[int, int]], object] | None = None
    _read: object = field(default=None, init=False, repr=False)
    _read_done: bool = field(default=False, init=False, repr=False)

    def reading(self):
        """The reader's reading of the answer's sentence (once), or None."""
        if not self._read_done:
            self._read, self._read_done = (self.read_answer() if self.read_answer is not None else None), True
        return self._read


def _logit(p: float) -> float:
    p = min(max(p, CONFIDENCE_CLIP), 1.0 - CONFIDENCE_CLIP)
    return math.log(p / (1.0 - p))


def _stems(sentence) -> set[str]:
    return set(getattr(sentence, "stems", None) or tokenize(sentence.text))


def names_verb(question, sentence) -> float:
    """1 when the sentence holds the question's content verb (or action), or the question has none."""
    verbs = [v for v in (question.verb, question.action) if v and v not in stated.STATE_VERBS]
    if not verbs:
        return 1.0
    stems = _stems(sentence)
    return float(any(v in stems or any(s[:VERB_PREFIX] == v[:VERB_PREFIX] and len(v) >= VERB_PREFIX for s in stems)
                     for v in verbs))


def names_focus(question, sentence) -> float:
    """1 when the sentence holds the question's head noun (or the question has none)."""
    if not question.focus_terms:
        return 1.0
    return float(bool(set(question.focus_terms) & _stems(sentence)))


def answer_in_question(question, top) -> float:
    """Share of the answer's words that the question already holds."""
    words = tokenize(top.text)
    if not words:
        return 0.0
    return sum(w in set(question.terms) for w in words) / len(words)


def article_stems(snapshot, doc_id: str) -> frozenset:
    """Stems of an article's text, once per snapshot (its memo)."""
    key = ("answerability_stems", doc_id)
    memo = getattr(snapshot, "memo", None)
    found = memo.get(key) if memo is not None else None
    if found is None:
        document = snapshot.documents.get(doc_id) if hasattr(snapshot, "documents") else None
        found = frozenset(tokenize(document.text)) if document is not None else frozenset()
        if memo is not None:
            memo[key] = found
    return found


def missing_share(terms: Sequence[str], idf: Mapping[str, float], held: Collection[str]) -> float:
    """IDF-weighted share of the question's terms that `held` lacks (the topic may be there, the asked word not)."""
    weights = {t: max(idf.get(t, 0.0), 0.0) for t in terms}
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t not in held) / total if total > 0 else 0.0


def rarest_missing(terms: Sequence[str], idf: Mapping[str, float], held: Collection[str], rarest: int = RAREST) -> float:
    """1 when one of the question's `rarest` terms (by IDF) is missing from `held`."""
    ranked = sorted({t for t in terms if t in idf}, key=lambda t: (-idf[t], t))[:rarest]  # ties: by the word, not set order (see abstention.rarest)
    return float(any(t not in held for t in ranked))


def asked_noun_in(asked, held: Collection[str]) -> float:
    """1 when the asked noun ('salary', 'staff') is among `held`, or none is asked."""
    stems = tokenize(getattr(asked, "noun", "") or "")
    return 1.0 if not stems else float(all(t in held for t in stems))


# -- answer-type sanity: the answer is not the kind of thing the question's wh-word asks for --
AMOUNT_WORDS = frozenset({*NUMBER_WORDS, *SCALE_WORDS, "half", "halves", "third", "thirds", "quarter", "quarters",
                          "double", "doubled", "twice", "triple", "tripled", "treble", "dozens", "hundreds", "thousands",
                          "millions", "billions", "none", "nothing", "all", "several", "few", "many", "much", "more", "less",
                          "fewer", "most", "fortnight", "single", "percent", "cent"})
BARE_FOUR_DIGITS = re.compile(r"\d{4}")  # news writes a count of thousands '7,610'; '7610' is a year or a model number


NAME_ASKED = re.compile(r"\b(?:name|names|named|called)\b", re.IGNORECASE)  # 'what is the name of …', 'what is … called'


# 'what was the *value* of the accord', 'what is the *cost*': a figure asked for by its noun (general English)
FIGURE_ASKED = re.compile(r"^(?:what|which)\s+(?:is|was|are|were|will be|would be)\s+(?:the\s+|its\s+|their\s+)?(?:\w+\s+)?"
                          r"(?:value|cost|costs|price|worth|amount|sum|number|total|figure|rate|fee|salary|budget|size|turnout)\b",
                          re.IGNORECASE)


def _figure_wanted(question) -> bool:
    return question.kind in ("how many", "how much") or bool(question.expected) and question.expected[0] in NUMBERS \
        or bool(FIGURE_ASKED.search(question.text))


def amount_without_figure(question, top) -> float:
    """1 when a question wanting a figure is answered by words that state no amount ('observers')."""
    if not _figure_wanted(question):
        return 0.0
    text = top.text
    if any(c.isdigit() for c in text) or any(c in CURRENCY_SYMBOLS for c in text):
        return 0.0
    return float(not any(w in AMOUNT_WORDS for w in re.findall(r"[a-z]+", text.lower())))


def count_not_a_count(question, top) -> float:
    """1 when a how-many question is answered by a bare four-digit number (a year, a model number),
    a share or an amount of money."""
    if question.kind != "how many":
        return 0.0
    text = top.text.strip()
    return float(bool(BARE_FOUR_DIGITS.fullmatch(text)) or "%" in text or any(c in CURRENCY_SYMBOLS for c in text)
                 or "per cent" in text.lower())


# 'what percentage / proportion of …', 'what share of …' (not 'what share price'): a share asked for (general English)
SHARE_ASKED = re.compile(r"\b(?:what|which)\s+(?:percentage|proportion|per\s*cent(?:age)?)\b|\bwhat\s+share\s+of\b"
                         r"|\bhow\s+many\s+per\s*cent\b", re.IGNORECASE)
# what states a share: a percentage, a fraction or a part of a whole in words ('a third', 'one in five', 'most')
SHARE_WORDS = re.compile(r"%|\bper\s*cent\b|\bpercent\b|\bhalf\b|\bhalves\b|\bthirds?\b|\bquarters?\b|\bfifths?\b"
                         r"|\btenths?\b|\bsixths?\b|\beighths?\b|\bone\s+in\s+\w+|\bout\s+of\b|\bmajority\b|\bminority\b"
                         r"|\bmost\b|\ball\b|\bnone\b|\bpoints?\b", re.IGNORECASE)


def share_not_a_share(question, top) -> float:
    """1 when a question asking for a share ('what percentage of the servicemen …') is answered by words
    stating none ('270': a count of them). On every recorded tuning answer (40 asking for a share) it
    fired on 2, both to unanswerable questions: also a hand rule in the answerer."""
    return float(bool(SHARE_ASKED.search(question.text)) and not SHARE_WORDS.search(top.text))


def name_wanted_not_named(question, top) -> float:
    """1 when a who question, or one asking for a name, is answered by words with no capital ('his
    broken hard disk thinking') or by a figure or date ('$25m' for the name of a make-up artist)."""
    wanted = question.kind in ("who", "whose") or bool(question.expected) and question.expected[0] in NAMES \
        or bool(NAME_ASKED.search(question.text))
    if not wanted or top.label == QUOTE:
        return 0.0
    return float(not any(c.isupper() for c in top.text) or top.label in (*NUMBERS, DATE, TIME))


def date_wanted_not_date(question, top) -> float:
    """1 when a when question (or one wanting a date) is answered by a span not read as a date or time."""
    wanted = question.kind == "when" or bool(question.expected) and question.expected[0] in (DATE, TIME)
    return float(wanted and top.label not in (DATE, TIME))


# -- is the asked thing said in the answer's own words, or only near them (issue 7: discrimination) --
MARGIN_CAP = 8.0  # the reader's no-answer margin is read within ±this (second_stage.MARGIN_CAP's range)
NO_READER_MARGIN = 0.0  # the margin when there is no reader (neither side)
WINDOW = 1  # sentences either side of the answer's whose words count for `window_coverage`
SPAN_FACTS = {  # the ranker's facts of where the answer sits among the question's words (features.py), read of the answer
    "span_nearest_term": "nearest_term", "span_tree_distance": "tree_distance", "span_clause_coverage": "clause_coverage",
    "span_terms_near": "terms_near", "span_wh_role_match": "wh_role_match", "span_bigrams_near": "question_bigrams_near",
    "span_clause_arguments": "clause_arguments_in_question", "span_descriptor_terms": "descriptor_terms",
    "span_question_verb": "sentence_has_question_verb", "span_proximity": "proximity",
}
SPAN_DEFAULTS = {"span_nearest_term": 30.0, "span_tree_distance": 8.0, "span_clause_arguments": 0.5, "span_question_verb": 0.5}


def span_fact(seen: Seen, feature: str, name: str) -> float:
    from service.answering.features import FEATURES as SPAN_FEATURES

    if seen.span is None:
        return SPAN_DEFAULTS.get(name, 0.0)
    value = float(SPAN_FEATURES[feature](seen.span))
    return math.log1p(value) if feature == "nearest_term" else value


def reader_margin(seen: Seen) -> float:
    """The reader's no-answer score minus its best span's on the answer's sentence (capped): high when the
    reader finds nothing there that answers the question."""
    read = seen.reading()
    return NO_READER_MARGIN if read is None else min(max(float(read.margin), -MARGIN_CAP), MARGIN_CAP)


def reader_agrees(seen: Seen) -> float:
    """Token F1 of the reader's best span in the answer's sentence with the answer (1 without a reader)."""
    from service.overlap import f1_score

    read = seen.reading()
    if read is None:
        return 1.0
    return float(f1_score(read.best_text, seen.top.text)) if read.best_text.strip() and seen.top.text.strip() else 0.0


def held_share(terms: Collection[str], idf: Mapping[str, float], words: Collection[str]) -> float:
    """IDF-weighted share of `terms` held by `words`, a word made from a term counting ('chairman' for 'chair')."""
    from service.answering.features import derived_from

    weights = {t: max(idf.get(t, 0.0), 0.0) for t in set(terms)}
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    return sum(w for t, w in weights.items() if any(derived_from(t, x) for x in words if x)) / total


def sentence_words(snapshot, doc_id: str, index: int) -> set[str]:
    """Stems and lemma stems of a stored sentence (empty when there is none)."""
    from service.answering.sentences import word_stems

    if snapshot is None or not 0 <= index < len(snapshot.sentences.get(doc_id, ())):
        return set()
    stems, lemmas = word_stems(snapshot, doc_id, index)
    return set(stems) | set(lemmas)


def own_words(seen: Seen) -> set[str]:
    s = seen.top.sentence
    return set(getattr(s, "stems", ()) or ()) | set(getattr(s, "lemmas", ()) or ()) or _stems(s)


def window_words(seen: Seen) -> set[str]:
    s = seen.top.sentence
    words = own_words(seen)
    for i in range(s.index - WINDOW, s.index + WINDOW + 1):
        if i != s.index:
            words |= sentence_words(seen.snapshot, s.doc_id, i)
    return words


def content_words(text: str) -> list[str]:
    """The words of `text` that are not stopwords (tokenize keeps them)."""
    return [w for w in nearwords.WORD.findall(text) if tokenize(w)]


def near_coverage(seen: Seen, window: bool = False) -> float:
    """nearwords.near_share of the answer's sentence (with its neighbours when `window`): the question's
    words said in other words ('last game' for 'final match') count by how near they are."""
    s = seen.top.sentence
    held = window_words(seen) if window else own_words(seen)
    texts = [s.text]
    if window and seen.snapshot is not None:
        for i in (s.index - WINDOW, s.index + WINDOW):
            if 0 <= i < len(seen.snapshot.sentences.get(s.doc_id, ())):
                stored = seen.snapshot.sentences[s.doc_id][i]
                texts.append(seen.snapshot.documents[s.doc_id].text[stored.start:stored.end])
    words = nearwords.question_words(seen.question.text, seen.question.terms)
    return nearwords.near_share(words, seen.idf, held, [w for t in texts for w in content_words(t)])


# -- what the answer is said of (anchors.py): a look-alike value hangs from another noun or verb --
def _anchor_words(seen: Seen) -> list[str]:
    top = seen.top
    return anchors.anchor_words(top.sentence.text, top.sentence.tokens, top.start, top.end)


def _question_content(seen: Seen) -> dict[str, str]:
    """The question's content words (stem → a word as written), less the words of the answer itself."""
    own = set(tokenize(seen.top.text))
    return {s: w for s, w in nearwords.question_words(seen.question.text, seen.question.terms).items() if s not in own}


def anchor_match(seen: Seen) -> float:
    """How near the words the answer is said of are to one of the question's words (anchors.anchor_credit)."""
    return anchors.anchor_credit(_anchor_words(seen), _question_content(seen))


def anchor_asked(seen: Seen) -> float:
    """How near the words the answer is said of are to the asked noun (stated.Asked.noun, else the head noun)."""
    noun = getattr(seen.asked, "noun", "") or seen.question.focus or ""
    return anchors.asked_credit(_anchor_words(seen), [noun] if noun else [])


def _sentence_said(seen: Seen, stems: Sequence[str]) -> float:
    s = seen.top.sentence
    return anchors.said_credit(stems, seen.question.text, own_words(seen), content_words(s.text))


def near_verb(seen: Seen) -> float:
    """The question's content verb said in the answer's sentence, in its own or other words (anchors.said_credit)."""
    q = seen.question
    return _sentence_said(seen, [v for v in (q.verb, q.action) if v and v not in stated.STATE_VERBS])


def near_focus(seen: Seen) -> float:
    """The question's head noun said in the answer's sentence, in its own or other words."""
    terms = seen.question.focus_terms
    return _sentence_said(seen, terms[:1]) if terms else 1.0


# -- is the value the asked attribute of the asked thing (said_of.py): its clause, its role, the phrase it is said of --
def _said(seen: Seen) -> dict:
    """The parse readings of the answer's span (said_of.py), once per Seen."""
    memo = seen.__dict__.setdefault("_said_of", {})
    if not memo:
        top, s = seen.top, seen.top.sentence
        tokens = s.tokens or []
        clause = said_of.clause_of(tokens, top.start, top.end) if tokens else set()
        gov = said_of.governor(tokens, top.start, top.end) if tokens else None
        memo.update(clause=said_of.words_of(s.text, tokens, clause) if clause else set(),
                    sentence=own_words(seen),
                    governor=None if gov is None else tokens[gov][anchors.LEMMA].lower(),
                    governor_pos=None if gov is None else tokens[gov][anchors.POS],
                    phrase="" if gov is None else said_of.phrase_of(s.text, tokens, gov))
    return memo


def _asked_verbs(question) -> list[str]:
    """The question's content verbs as written (not a verb of being or saying)."""
    stems = [v for v in (question.verb, question.action, question.subject_of) if v and v not in stated.STATE_VERBS]
    doc = getattr(question, "doc", None)
    lemmas = {}
    for t in doc if doc is not None else ():
        for stem in tokenize(t.lemma_.lower()):
            lemmas.setdefault(stem, t.lemma_.lower())  # 'bought' → buy: the governor is read as a lemma too
    words = nearwords.question_words(question.text, stems)
    return [lemmas.get(v) or words.get(v, v) for v in dict.fromkeys(stems)]


def _asked_noun(seen: Seen) -> str:
    return getattr(seen.asked, "noun", "") or seen.question.focus or ""


def asked_phrase(seen: Seen) -> str:
    """The asked noun with its modifiers as the question writes them ('chief executive'), else its content verb."""
    noun, doc = _asked_noun(seen), getattr(seen.question, "doc", None)
    if noun and doc is not None:
        for t in doc:
            if t.lower_ == noun.lower() or t.lemma_.lower() == noun.lower():
                keep = sorted([t.i, *(c.i for c in t.children if c.dep_ in said_of.PHRASE_DEPS and c.pos_ not in ("DET", "PRON"))])
                return " ".join(doc[i].text for i in keep)
    if noun:
        return noun
    verbs = _asked_verbs(seen.question)
    return verbs[0] if verbs else ""


def _role_asked(seen: Seen) -> list[str]:
    """What the span should be said of: the question's verb when it asks who / which did it, else the asked noun."""
    q = seen.question
    verbs = _asked_verbs(q)
    if verbs and (q.kind in said_of.ROLE_KINDS or not _asked_noun(seen)):
        return verbs
    noun = _asked_noun(seen)
    return [noun] if noun else verbs


def names_in_clause(seen: Seen) -> float:
    return said_of.names_in_clause(seen.question.names, seen.top.text, _said(seen)["clause"])


def names_elsewhere(seen: Seen) -> float:
    said = _said(seen)
    return said_of.names_elsewhere(seen.question.names, seen.top.text, said["clause"], said["sentence"])


def terms_in_clause(seen: Seen) -> float:
    """Of the question's words the answer's sentence holds (IDF-weighted, less the answer's own), the share its clause holds."""
    said = _said(seen)
    terms = [t for t in seen.question.terms if t not in set(tokenize(seen.top.text))]
    in_sentence = held_share(terms, seen.idf, said["sentence"])
    return 1.0 if in_sentence <= 0 else min(held_share(terms, seen.idf, said["clause"]) / in_sentence, 1.0)


def role_match(seen: Seen) -> float:
    """How near the word the span is said of (said_of.governor) is to the asked verb or noun."""
    return said_of.role_credit(_said(seen)["governor"], _role_asked(seen))


def role_elsewhere(seen: Seen) -> float:
    """1 when a name is asked, the question's verb is in the answer's sentence, and the span is not that verb's argument."""
    q = seen.question
    if q.kind not in said_of.ROLE_KINDS and not (q.expected and q.expected[0] in NAMES):
        return 0.0
    stems = [v for v in (q.verb, q.action, q.subject_of) if v and v not in stated.STATE_VERBS]
    said = _said(seen)
    if not stems or not any(v in said["sentence"] for v in stems):
        return 0.0
    gov = said["governor"]
    return float(not gov or not any(v in set(tokenize(gov)) for v in stems))


def _name_wanted(question) -> bool:
    return question.kind in ("who", "whose") or bool(question.expected) and question.expected[0] in NAMES \
        or bool(NAME_ASKED.search(question.text))


def alluded_nouns(question) -> list[str]:
    """Stems of the noun whose name is asked: what 'the name of *the N*' names, the wh-phrase's noun, or the
    noun a 'who is *the N* …' question equates the person with."""
    doc = getattr(question, "doc", None)
    if doc is not None:
        for t in doc:
            if t.lemma_.lower() in ("name", "names") and t.pos_ == "NOUN":
                for c in t.children:
                    if c.dep_ == "prep" and c.lower_ == "of":
                        nouns = [g for g in c.subtree if g.pos_ == "NOUN"]
                        if nouns:
                            return [w for g in nouns for w in tokenize(g.text) + tokenize(g.lemma_)]
    if (question.focus or "") in ("name", "names"):
        return []
    if question.focus_terms:
        return list(question.focus_terms)
    if doc is not None and question.kind == "who":
        for t in doc:
            if t.lemma_ == "be" and t.dep_ == "ROOT":
                nouns = [c for c in t.children if c.dep_ in ("attr", "nsubj") and c.pos_ == "NOUN"]
                if nouns:
                    return tokenize(nouns[0].text) + tokenize(nouns[0].lemma_)
    return []


def name_alluded(seen: Seen) -> float:
    """A name is asked and the answer's sentence refers to the asked one only as 'a/an N' (said_of.alluded)."""
    q, top = seen.question, seen.top
    if not _name_wanted(q):
        return 0.0
    return said_of.alluded(top.sentence.text, top.sentence.tokens or [], top.start, top.end, alluded_nouns(q))


PLACE_LABELS = ("GPE", "LOC", "FAC", "ORG")


def place_wanted_not_place(seen: Seen) -> float:
    """1 when a where question is answered by a span not read as a place (or an organisation's premises)."""
    return float(seen.question.kind == "where" and seen.top.label not in PLACE_LABELS)


def clause_text(seen: Seen) -> tuple[str, tuple[int, int]] | None:
    """The answer's own clause as text (its tokens in order, a gap where a clause below it was left out) and the
    answer's characters in it; None without a parse."""
    top, s = seen.top, seen.top.sentence
    tokens = s.tokens or []
    keep = sorted(said_of.clause_of(tokens, top.start, top.end)) if tokens else []
    if not keep:
        return None
    parts, at, start, end, last, prev = [], 0, None, None, None, -2
    for i in keep:
        a, b = tokens[i][anchors.START], tokens[i][anchors.END]
        gap = "" if last is None else (s.text[last:a] if i == prev + 1 else " ")
        at += len(gap)
        parts.append(gap + s.text[a:b])
        if start is None and b > top.start:
            start = at + max(top.start - a, 0)
        if a < top.end:
            end = at + min(top.end, b) - a
        at += b - a
        last, prev = b, i
    text = "".join(parts)
    if start is None or end is None or end <= start:
        return None
    return text, (start, end)


def reader_clause_margin(seen: Seen) -> float:
    """The reader's no-answer margin on the answer's own clause alone (clause_text): the asked thing said only in
    another clause of the sentence leaves the clause without an answer. The sentence's margin without a clause."""
    memo = seen.__dict__.setdefault("_clause_read", {})
    if "margin" not in memo:
        found = clause_text(seen) if seen.read_text is not None else None
        if found is None:
            memo["margin"] = reader_margin(seen)
        else:
            read = seen.read_text(seen.question.text, found[0], found[1])
            memo["margin"] = NO_READER_MARGIN if read is None else min(max(float(read.margin), -MARGIN_CAP), MARGIN_CAP)
    return memo["margin"]


def phrase_match(seen: Seen) -> float:
    """MiniLM cosine of the phrase the span is said of ('LSE chief executive') and the asked phrase ('chief executive')."""
    return said_of.phrase_cosine(_said(seen)["phrase"], asked_phrase(seen))


KIND_FACTS = {f"asks_{k.replace(' ', '_')}": k for k in QUESTION_KINDS}
LABEL_FACTS = {"answer_number": NUMBERS, "answer_date": (DATE, TIME), "answer_person": (PERSON,),
               "answer_name": tuple(n for n in NAMES if n != PERSON), "answer_np": (NOUN_PHRASE,), "answer_quote": (QUOTE,)}

FACTS: dict[str, Callable[[Seen], float]] = {
    "confidence": lambda s: _logit(s.confidence),
    "runner_up_gap": lambda s: min(max(s.gap, 0.0), GAP_CAP),
    "type_fit": lambda s: float(s.top.type_fit),
    "sentence_rank": lambda s: float(min(s.top.sentence.rank, RANK_CAP)),
    "best_sentence": lambda s: float(s.top.sentence.rank == 0),
    "sentence_coverage": lambda s: float(s.top.sentence.coverage),
    "sentence_similarity": lambda s: float(s.top.sentence.similarity),
    "coverage_below_best": lambda s: max(0.0, s.best_coverage - float(s.top.sentence.coverage)),
    "passage_rank": lambda s: float(min(s.top.sentence.passage_rank, RANK_CAP)),
    "names_focus": lambda s: names_focus(s.question, s.top.sentence),
    "names_verb": lambda s: names_verb(s.question, s.top.sentence),
    "answer_in_question": lambda s: answer_in_question(s.question, s.top),
    "answer_words": lambda s: math.log1p(len(tokenize(s.top.text))),
    "terms_missing_article": lambda s: missing_share(s.question.terms, s.idf, s.article),
    "rarest_missing_article": lambda s: rarest_missing(s.question.terms, s.idf, s.article),
    "terms_missing_sentence": lambda s: missing_share(s.question.terms, s.idf, _stems(s.top.sentence)),
    "asked_noun_in_article": lambda s: asked_noun_in(s.asked, s.article),
    "asked_noun_in_sentence": lambda s: asked_noun_in(s.asked, _stems(s.top.sentence)),
    "reader_moved": lambda s: float(s.reader_moved),
    "best_coverage": lambda s: float(s.gates.get("best_coverage", s.best_coverage)),
    "best_similarity": lambda s: float(s.gates.get("best_similarity", 1.0)),
    "counted_missing_corpus": lambda s: float(s.gates.get("counted_missing_corpus", 0.0)),
    "amount_without_figure": lambda s: amount_without_figure(s.question, s.top),
    "count_not_a_count": lambda s: count_not_a_count(s.question, s.top),
    "share_not_a_share": lambda s: share_not_a_share(s.question, s.top),
    "name_wanted_not_named": lambda s: name_wanted_not_named(s.question, s.top),
    "date_wanted_not_date": lambda s: date_wanted_not_date(s.question, s.top),
    "lemma_coverage": lambda s: held_share(s.question.terms, s.idf, own_words(s)),
    "window_coverage": lambda s: held_share(s.question.terms, s.idf, window_words(s)),
    "window_gain": lambda s: held_share(s.question.terms, s.idf, window_words(s)) - held_share(s.question.terms, s.idf, own_words(s)),
    "near_coverage": near_coverage,
    "near_window_coverage": lambda s: near_coverage(s, window=True),
    "reader_no_answer": reader_margin,
    "reader_agrees": reader_agrees,
    "anchor_match": anchor_match,
    "anchor_asked": anchor_asked,
    "near_verb": near_verb,
    "near_focus": near_focus,
    "names_in_clause": names_in_clause,
    "names_elsewhere": names_elsewhere,
    "terms_in_clause": terms_in_clause,
    "role_match": role_match,
    "role_elsewhere": role_elsewhere,
    "phrase_match": phrase_match,
    "name_alluded": name_alluded,
    "reader_clause_no_answer": reader_clause_margin,
    "reader_clause_gain": lambda s: reader_clause_margin(s) - reader_margin(s),
    "place_wanted_not_place": place_wanted_not_place,
    "missing_modifier_name": lambda s: float(s.gates.get("missing_modifier_name", 0.0)),
    **{name: (lambda s, f=feature, n=name: span_fact(s, f, n)) for name, feature in SPAN_FACTS.items()},
    "sources": lambda s: float(min(s.sources, SOURCES_CAP)),
    "conflicts": lambda s: float(s.conflicts > 0),
    "attribute_checked": lambda s: float(s.attribute_checked),
    "attribute_named": lambda s: float(s.attribute_named),
    **{name: (lambda s, k=kind: float(s.question.kind == k)) for name, kind in KIND_FACTS.items()},
    **{name: (lambda s, labels=labels: float(s.top.label in labels)) for name, labels in LABEL_FACTS.items()},
}
SIGNAL_FACTS = ("focus_tied", "focus_untied", "figure_unbound", "asked_unbound", "event_unbound", "names_held",
                "rare_terms_held", "repeats_question")  # read from abstention.SIGNALS
CHECK_FACTS = tuple(f"unstated_{name}" for name in stated.REASONS)


def facts(seen: Seen, names: Collection[str] | None = None) -> dict[str, float]:
    """The facts of one answer (`names` of FACT_NAMES, all when None): FACTS, the abstention
    signals, each stated.py check as 0/1 (only the checks asked for are run)."""
    wanted = set(FACT_NAMES if names is None else names)
    out = {name: read(seen) for name, read in FACTS.items() if name in wanted}
    signals = seen.signals or {}
    out.update({name: float(signals.get(name, 0.0)) for name in SIGNAL_FACTS if name in wanted})
    checks = [name for name in stated.REASONS if f"unstated_{name}" in wanted]
    if checks:
        s, top = seen.asked, seen.top
        out.update({f"unstated_{name}": float(stated.unstated(s, top, stated.CheckSwitches(**{n: n == name for n in stated.REASONS})) == name)
                    for name in checks})
    return out


FACT_NAMES = (*FACTS, *SIGNAL_FACTS, *CHECK_FACTS)


@dataclass(frozen=True)
class Model:
    """P(right) = 1 / (1 + exp(-(bias + Σ weight × (fact - mean) / scale)))."""

    weights: Mapping[str, float]
    bias: float
    threshold: float
    mean: Mapping[str, float] = field(default_factory=dict)
    scale: Mapping[str, float] = field(default_factory=dict)
    replaces: str = "none"
    card: Mapping = field(default_factory=dict)
    # rank()'s early gates applied with this model (answerer.EarlyGates as JSON: names, counted, and
    # relevance {min_coverage, min_similarity, yes_no_coverage} or null); {}: the answerer's defaults
    gates: Mapping = field(default_factory=dict)

    @classmethod
    def read(cls, data: Mapping) -> "Model":
        unknown = set(data["weights"]) - set(FACT_NAMES)
        if unknown:
            raise ValueError(f"the answerability model reads facts this code does not have: {', '.join(sorted(unknown))}")
        if data.get("replaces", "none") not in REPLACES:
            raise ValueError(f"replaces must be one of {REPLACES}")
        return cls(dict(data["weights"]), float(data["bias"]), float(data["threshold"]), dict(data.get("mean", {})),
                   dict(data.get("scale", {})), data.get("replaces", "none"), dict(data.get("card", {})), dict(data.get("gates") or {}))

    def to_json(self) -> dict:
        return {"weights": dict(self.weights), "bias": self.bias, "threshold": self.threshold, "mean": dict(self.mean),
                "scale": dict(self.scale), "replaces": self.replaces, "gates": dict(self.gates), "card": dict(self.card)}

    def probability(self, values: Mapping[str, float]) -> float:
        z = self.bias + sum(w * (values[n] - self.mean.get(n, 0.0)) / (self.scale.get(n, 1.0) or 1.0)
                            for n, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))

    def abstains(self, values: Mapping[str, float]) -> bool:
        return self.probability(values) < self.threshold


def fit(rows: Sequence[Mapping[str, float]], right: Sequence[bool], names: Sequence[str] = FACT_NAMES,
        regularisation: float = 0.3, weights: Sequence[float] | None = None, seed: int = 7) -> Model:
    """Logistic regression of `right` on the standardised `names` of `rows` (threshold 0.5 until chosen)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x = np.array([[r[n] for n in names] for r in rows], dtype=float).reshape(len(rows), len(names))
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    model = LogisticRegression(C=regularisation, max_iter=2000, random_state=seed)
    model.fit((x - mean) / scale, np.asarray(right, dtype=int), sample_weight=weights)
    return Model({n: round(float(w), 6) for n, w in zip(names, model.coef_[0])}, round(float(model.intercept_[0]), 6), 0.5,
                 {n: round(float(m), 6) for n, m in zip(names, mean)}, {n: round(float(s), 6) for n, s in zip(names, scale)})


@lru_cache(maxsize=4)
def _load(path: str) -> Model | None:
    file = Path(path)
    if not file.is_file():
        return None
    data = json.loads(file.read_text(encoding="utf-8"))
    return Model.read(data) if data.get("use", True) else None


def shipped(path: Path = DEFAULT_MODEL) -> Model | None:
    """The shipped model (None when there is none or its file says `"use": false`), loaded once."""
    return _load(str(path))


def read_text(stage, question: str, text: str, around: tuple[int, int]):
    """The span reader's reading of `text` (second_stage.SecondStage `stage`) around the answer's characters, as a
    second_stage.Read (its best span and no-answer margin): one pair read."""
    from service.answering.second_stage import Read

    (reading,) = stage.reader.read(question, [(text, around)])
    a, b, score = reading.best_chars()
    return Read(reading, text[a:b], score)
