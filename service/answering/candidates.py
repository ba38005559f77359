"""Step 2, candidate extraction: every span of a sentence that could answer, one extractor per kind.

An extractor is a plain function `(sentence) -> list[Candidate]` over the parse stored at index
time (tokens, entities, noun phrases): no model runs here. Extractors of phrase kinds that only
some questions want (quotations, reasons, descriptions, verb objects, coined terms) run only when
the question expects that kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from index.dates import ResolvedDate
from service.answering.kinds import (CARDINAL, CLAUSE, DESCRIPTION, NOUN_PHRASE, NUMBERS, ORDINAL, QUOTE, TERM, TIMES,
                                     VERB_OBJECT)
from service.answering.question import Question
from service.answering.sentences import SentenceView
from service.values import relabel, widen

QUOTE_SPAN = re.compile(r"[“\"]([^”\"]{8,}?)[”\"]")
SHORT_QUOTE = re.compile(r"[“\"‘']([^”\"’']{2,60}?)[”\"’']")
CAUSAL = re.compile(r"\b(?:because(?: of)?|due to|as a result of|in order to|so that|since|after|following|amid|"
                    r"in response to|to avoid|to ensure|to help)\b\s+", re.IGNORECASE)
OF_LINK = re.compile(r"\s+(?:of|for|in|on|from|with|between|by)\s+")
HYPHENATED = re.compile(r"\b\w+(?:-\w+){1,4}\b")
AS_PHRASE = re.compile(r"\bas\s+(?:an?\s+|the\s+)?", re.IGNORECASE)
CLAUSE_MIN_CHARS = 20  # a reason clause runs to the next comma only when that leaves it this long
OBJECT_MAX_TOKENS = 12
DESCRIPTION_MAX_TOKENS = 8
OBJECT_DEPS = {"dobj", "attr", "oprd", "pobj"}


@dataclass
class Candidate:
    text: str
    label: str
    sentence: SentenceView
    start: int  # characters, relative to the sentence
    end: int
    score: float = 0.0
    type_fit: float = 0.0
    resolved: ResolvedDate | None = None  # for dates: 'Friday' in an article of 23 May 2025 → 23 May 2025
    features: np.ndarray | None = None

    @property
    def shown(self) -> str:
        """The verbatim span, with the absolute date when the span is relative ('Friday (23 May 2025)')."""
        if self.resolved and self.resolved.display.lower() not in self.text.lower():
            return f"{self.text} ({self.resolved.display})"
        return self.text

    @property
    def tokens(self) -> tuple[int, int]:
        """[first, last) token indices of the span in its sentence."""
        return token_range(self.sentence, self.start, self.end)


def token_range(sentence: SentenceView, start: int, end: int) -> tuple[int, int]:
    inside = [i for i, t in enumerate(sentence.tokens) if t[0] < end and t[1] > start]
    return (inside[0], inside[-1] + 1) if inside else (0, 0)


def _span(sentence: SentenceView, start: int, end: int, label: str) -> Candidate:
    return Candidate(sentence.text[start:end], label, sentence, start, end)


def _entity_chars(sentence: SentenceView) -> set[int]:
    inside: set[int] = set()
    for start, end, _ in sentence.entities:
        inside.update(range(start, end))
    return inside


# -- the extractors ----------------------------------------------------------------------------


def entities(sentence: SentenceView) -> list[Candidate]:
    """Named entities that are neither numbers nor dates: people, organisations, places, groups, works."""
    return [_span(sentence, s, e, label) for s, e, label in sentence.entities
            if label not in NUMBERS and label != ORDINAL and label not in TIMES]


def _value(sentence: SentenceView, start: int, end: int, label: str) -> Candidate:
    """A span stating a value, grown to the whole value where the tagger cut it ('52million' →
    '€52million', '38' → '€38m', '120' → '120km/h') and labelled by what it states."""
    start, end = widen(sentence.text, start, end)
    return _span(sentence, start, end, relabel(sentence.text[start:end], label))


def numbers(sentence: SentenceView) -> list[Candidate]:
    """Numeric entities ('390 prisoners', '$5 million', '12%') and bare numerals NER missed."""
    found = [_value(sentence, s, e, label) for s, e, label in sentence.entities if label in NUMBERS or label == ORDINAL]
    in_entity = _entity_chars(sentence) | {i for c in found for i in range(c.start, c.end)}
    found += [_value(sentence, t[0], t[1], CARDINAL) for t in sentence.tokens if t[3] == "NUM" and t[0] not in in_entity]
    return found


def dates(sentence: SentenceView) -> list[Candidate]:
    """Dates and times as NER found them ('23 May 2025', 'Friday', 'one week earlier'); lengths
    of time whole ('six-week')."""
    return [_value(sentence, s, e, label) for s, e, label in sentence.entities if label in TIMES]


def noun_phrases(sentence: SentenceView) -> list[Candidate]:
    """Base noun phrases, and each extended by a prepositional complement ('the use' + 'of medicines')."""
    found: list[Candidate] = []
    phrases = sentence.noun_phrases
    text = sentence.text
    for i, (start, end) in enumerate(phrases):
        first, last = token_range(sentence, start, end)
        if last - first == 1 and sentence.tokens[first][3] == "PRON":
            continue
        found.append(_span(sentence, start, end, NOUN_PHRASE))
        if i + 1 < len(phrases) and OF_LINK.fullmatch(text[end:phrases[i + 1][0]]):
            found.append(_span(sentence, start, phrases[i + 1][1], NOUN_PHRASE))
    return found


def quotations(sentence: SentenceView) -> list[Candidate]:
    """Quoted words (8+ characters), or the whole sentence when it is a quotation opened on its own line."""
    text = sentence.text
    quotes = [(m.start(1), m.end(1)) for m in QUOTE_SPAN.finditer(text)]
    found = [_span(sentence, s, e, QUOTE) for s, e in quotes]
    if not quotes and text[:1] in "“\"":
        end = len(text.rstrip("”\". "))
        found.append(_span(sentence, 1, end, QUOTE))
    return found


def reason_clauses(sentence: SentenceView) -> list[Candidate]:
    """'because …', 'due to …', 'in order to …': to the sentence end, or the next comma when far enough."""
    text = sentence.text
    found = []
    for match in CAUSAL.finditer(text):
        end = len(text.rstrip(".!?;: "))
        comma = text.find(",", match.end())
        if comma > match.end() and comma - match.end() > CLAUSE_MIN_CHARS:
            end = comma
        if end - match.start() > 3:
            found.append(_span(sentence, match.start(), end, CLAUSE))
    return found


def descriptions(sentence: SentenceView) -> list[Candidate]:
    """How something is described: short quoted words, adjective phrases ('deeply troubling') and
    what follows 'as' ('described it as a turning point')."""
    text = sentence.text
    found = [_span(sentence, m.start(1), m.end(1), DESCRIPTION) for m in SHORT_QUOTE.finditer(text)]
    tokens = sentence.tokens
    for i, t in enumerate(tokens):
        if t[3] == "ADJ" and t[4] in {"amod", "acomp", "oprd", "conj", "attr"}:
            first = i
            while first > 0 and tokens[first - 1][3] == "ADV" and tokens[first - 1][5] == i:
                first -= 1
            found.append(_span(sentence, tokens[first][0], t[1], DESCRIPTION))
    for match in AS_PHRASE.finditer(text):
        first = next((i for i, t in enumerate(tokens) if t[0] >= match.end()), None)
        if first is None:
            continue
        last = first
        while last < len(tokens) and last - first < DESCRIPTION_MAX_TOKENS and tokens[last][3] not in {"PUNCT", "VERB", "SCONJ", "CCONJ"}:
            last += 1
        if last > first:
            found.append(_span(sentence, tokens[first][0], tokens[last - 1][1], DESCRIPTION))
    return found


def verb_objects(sentence: SentenceView) -> list[Candidate]:
    """The whole object of a verb with its modifiers ('a plan to end the war'), up to 12 tokens."""
    tokens = sentence.tokens
    found = []
    for i, t in enumerate(tokens):
        if t[4] not in OBJECT_DEPS or t[3] not in {"NOUN", "PROPN", "NUM"}:
            continue
        if t[4] == "pobj" and tokens[tokens[t[5]][5]][3] != "VERB":
            continue  # 'at the border' after a verb only, not any preposition's object
        first, last = subtree(tokens, i)
        if 0 < last - first <= OBJECT_MAX_TOKENS:
            while last > first + 1 and tokens[last - 1][3] == "PUNCT":
                last -= 1
            found.append(_span(sentence, tokens[first][0], tokens[last - 1][1], VERB_OBJECT))
    return found


def terms(sentence: SentenceView) -> list[Candidate]:
    """Coined terms: short quoted words ('the “100-for-100” formula') and hyphenated compounds."""
    text = sentence.text
    found = [_span(sentence, m.start(1), m.end(1), TERM) for m in SHORT_QUOTE.finditer(text)]
    found += [_span(sentence, m.start(), m.end(), TERM) for m in HYPHENATED.finditer(text)]
    return found


def subtree(tokens: list[tuple], root: int) -> tuple[int, int]:
    """[first, last) of the contiguous tokens whose head chain reaches `root`."""
    def under(i: int) -> bool:
        for _ in range(len(tokens)):
            if i == root:
                return True
            parent = tokens[i][5]
            if parent == i:
                return False
            i = parent
        return False

    first = root
    while first > 0 and under(first - 1):
        first -= 1
    last = root + 1
    while last < len(tokens) and under(last):
        last += 1
    return first, last


Extractor = Callable[[SentenceView], list[Candidate]]
# Always run: the spans any question may want.
ALWAYS: tuple[Extractor, ...] = (entities, numbers, dates, noun_phrases)
# Run only when the question expects their kind.
ON_DEMAND: dict[str, Extractor] = {QUOTE: quotations, CLAUSE: reason_clauses, DESCRIPTION: descriptions,
                                   VERB_OBJECT: verb_objects, TERM: terms}


def extract(sentence: SentenceView, question: Question) -> list[Candidate]:
    """Every candidate span of the sentence for this question (duplicates of one span and kind dropped)."""
    found: list[Candidate] = []
    for extractor in ALWAYS:
        found += extractor(sentence)
    for kind, extractor in ON_DEMAND.items():
        if kind in question.expected:
            found += extractor(sentence)
    seen: set[tuple[int, int, str]] = set()
    unique = []
    for c in found:
        key = (c.start, c.end, c.label)
        if key not in seen and c.text.strip():
            seen.add(key)
            unique.append(c)
    return unique
