"""Step 2, candidate extraction: every span of a sentence that could answer, one extractor per kind.

An extractor is a plain function `(sentence) -> list[Candidate]` over the parse stored at index
time (tokens, entities, noun phrases): no model runs here. Extractors of phrase kinds that only
some questions want (quotations, reasons, descriptions, verb objects, coined terms) run only when
the question expects that kind.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from operator import itemgetter

import numpy as np

from index.dates import ResolvedDate
from index.memo import Memo
from service.answering.kinds import (CARDINAL, CLAUSE, DESCRIPTION, NOUN_PHRASE, NUMBERS, ORDINAL, QUOTE, TERM, TIMES,
                                     VERB_OBJECT, VERB_PHRASE)
from service.answering.question import Question
from service.answering.quotes import MARK, mark_sides
from service.answering.sentences import SentenceView
from service.answering.tree import subtree
from service.values import relabel, widen

QUOTE_SPAN = re.compile(r"[“\"]([^”\"]{8,}?)[”\"]")
# Short quoted words between a matching pair of marks. A single mark opens only where no letter
# precedes it and closes only where none follows: "Blair's" is an apostrophe, not a quotation.
SHORT_QUOTE = re.compile(r"“([^”\"“]{2,60}?)”|\"([^\"“”]{2,60}?)\"|(?<!\w)[‘']([^’'\"“”]{2,60}?)[’'](?!\w)")
CAUSAL = re.compile(r"\b(?:because(?: of)?|due to|as a result of|in order to|so that|since|after|following|amid|"
                    r"in response to|to avoid|to ensure|to help|for(?=\s+\w+ing\b)|in a bid to|for fear (?:of|that)|"
                    r"thanks to|owing to|on the grounds that|attributable to|explained by)\b\s+", re.IGNORECASE)
OF_LINK = re.compile(r"\s+(?:of|for|in|on|from|with|between|by)\s+")
# Hyphenated words, numbers with thousands separators kept whole ('2,000-for-2,000', 'food-for-oil').
HYPHENATED = re.compile(r"\b\w+(?:,\d{3})*(?:-\w+(?:,\d{3})*){1,4}\b")
AS_PHRASE = re.compile(r"\bas\s+(?:an?\s+|the\s+)?", re.IGNORECASE)
CLAUSE_MIN_CHARS = 20  # a reason clause runs to the next comma only when that leaves it this long
OBJECT_MAX_TOKENS = 12
DESCRIPTION_MAX_TOKENS = 8
OBJECT_DEPS = {"dobj", "attr", "oprd", "pobj"}
# The wide candidate set (what the learned scorer reads): whole nominal phrases and their parts.
NOMINAL = {"NOUN", "PROPN", "NUM"}
MODIFIER_DEPS = {"compound", "nummod", "poss", "amod", "npadvmod", "quantmod", "nmod"}  # not phrase heads
PHRASE_MAX_TOKENS = 12
PHRASE_ENDS = {"relcl", "acl", "appos", "advcl", "punct", "cc", "conj"}  # right dependents a short phrase stops at
LEADING_MODIFIERS = {"DET", "ADJ", "ADV", "NUM", "PRON", "PUNCT"}  # dropped for the bare head ('the first patents')
EDGE_TRIM = {"PUNCT", "CCONJ", "ADP", "SCONJ"}
APPROXIMATOR = re.compile(r"(?:about|around|approximately|roughly|nearly|almost|over|under|some|more than|less than|"
                          r"fewer than|up to|at least|at most|an estimated|estimated|just|only)\s+", re.IGNORECASE)


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
    rule_rank: float = 0.0  # the rules scorer's rank of it among the question's candidates (set by a stacked scorer)

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
    """[first, last) of the tokens overlapping characters [start, end); (0, 0) when none does.
    A sentence's tokens are in order and do not overlap, so their starts and their ends both
    rise: the overlapping ones are a run, found by two binary searches instead of a scan."""
    tokens = sentence.tokens
    first = bisect_right(tokens, start, key=_token_end)  # the first token ending after `start`
    last = bisect_left(tokens, end, key=_token_start)  # the first token starting at or after `end`
    return (first, last) if first < last else (0, 0)


_token_start, _token_end = itemgetter(0), itemgetter(1)


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
    return _span(sentence, start, end, relabel(sentence.text[start:end], label, sentence.text[end:]))


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
    """Quoted words (8+ characters); and a quotation running over sentences, in each of its
    sentences: from an opening mark left open to the sentence end ('Ms X said: "Adults should …'),
    or from the sentence start to a closing mark nothing opened ('… need to be protected," she said')."""
    return [_span(sentence, s, e, QUOTE) for s, e in sentence_quotes(sentence)]


def sentence_quotes(sentence: SentenceView) -> list[tuple[int, int]]:
    """quotation_spans of the sentence; a sentence without marks inside a quotation opened before it
    in its paragraph ('… said: "We tried hard. *I just hope Manchester can handle the crowds.*') is
    quoted whole."""
    quotes = quotation_spans(sentence.text)
    if not quotes and getattr(sentence, "in_quotation", False) and not _MARK.search(sentence.text):
        start, end = _clean(sentence.text, 0, len(sentence.text))
        if end - start >= QUOTE_MIN_CHARS:
            quotes.append((start, end))
    return quotes


QUOTE_MIN_CHARS = 8
_MARK = MARK
_QUOTE_EDGE = " \t\n,.;:!?-–—“”\""


def open_quotation(text: str) -> tuple[int, int] | None:
    """(start, end) of the quoted words of a sentence holding one unpaired quotation mark: an
    opening mark (“, or " at the start or after a space, colon or dash) runs to the sentence end;
    a closing one (”, or " after a word or punctuation) runs from the sentence start. None when
    the marks pair up or the words are fewer than QUOTE_MIN_CHARS."""
    marks = list(_MARK.finditer(text))
    if len(marks) != 1:
        return None
    at = marks[0].start()
    mark = text[at]
    opening = mark == "“" or (mark == '"' and (at == 0 or text[at - 1] in " \t\n:–—-("))
    start, end = (at + 1, len(text)) if opening else (0, at)
    while start < end and text[start] in _QUOTE_EDGE:
        start += 1
    while end > start and text[end - 1] in _QUOTE_EDGE:
        end -= 1
    return (start, end) if end - start >= QUOTE_MIN_CHARS else None


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
    return found + purposes(sentence)


CONSEQUENCE = re.compile(r",\s+(?:making|leaving|causing|prompting|forcing|meaning|rendering)\s", re.IGNORECASE)
LEADING_LINK = re.compile(r"^(?:(?:but|and|however|meanwhile|still|yet|indeed|moreover)\b,?\s*)*", re.IGNORECASE)


def consequence_causes(sentence: SentenceView) -> list[Candidate]:
    """The clause a ', making / leaving / causing …' phrase follows, which is why the consequence holds
    ('*Fuel prices doubled over the winter*, making the strike all but certain'), for 'why was the strike
    all but certain': from the sentence's start (after a 'But' or 'However') to that comma."""
    text = sentence.text
    match = CONSEQUENCE.search(text)
    if match is None:
        return []
    start = LEADING_LINK.match(text).end()
    if match.start() - start <= CLAUSE_MIN_CHARS:
        return []
    return [_span(sentence, start, match.start(), CLAUSE)]


def consequence_of(candidate) -> str:
    """The words of the consequence a candidate from `consequence_causes` is the cause of ('making the
    strike all but certain'); '' when the candidate is not such a cause."""
    text = candidate.sentence.text
    match = CONSEQUENCE.match(text, candidate.end)
    return text[match.end():] if match is not None else ""


def purposes(sentence: SentenceView) -> list[Candidate]:
    """Purpose infinitives: 'to' and the adverbial clause of the verb it marks ('blocked visitors
    *to cut costs*'), as reason clauses."""
    tokens = sentence.tokens
    _, lasts = subtree_extents(tokens)
    found = []
    for i, t in enumerate(tokens):
        verb = t[5]
        if t[2] == "to" and t[3] == "PART" and 0 <= verb < len(tokens) and tokens[verb][3] == "VERB" \
                and tokens[verb][4] == "advcl":
            candidate = _trimmed(sentence, i, lasts[verb], CLAUSE)
            if candidate is not None:
                found.append(candidate)
    return found


# -- parts of a quotation, reported clauses, reasons by the parse, infinitives, scores -----------

# Where a quotation divides into clauses: a comma or semicolon before a conjunction, a semicolon,
# a dash between spaces, a colon.
CLAUSE_BREAK = re.compile(r"\s*(?:[,;]\s+(?:but|and|so|while|whereas|although|though|yet|because|or)\b|;|\s[-–—]\s|:)\s*",
                          re.IGNORECASE)
REASON_MARKS = {"because", "as", "since", "so", "when", "while", "given", "now"}  # subordinators of a why clause
MODALS = {"will", "would", "could", "should", "can", "may", "might", "must", "shall", "'ll", "wo", "ca"}
CLAUSE_MAX_TOKENS = 25  # a reported or subordinate clause longer than this is not one answer
MANNER_KINDS = {"how"}  # questions of manner: a describing word may answer them ('how did he feel' -> 'flattered')
_SET = r"\d{1,3}-\d{1,3}(?:\s\(\d{1,2}-\d{1,2}\))?"  # a set's games, a tie-break's points after it: '7-6 (7-3)'
SCORE = re.compile(rf"(?<![\w.-]){_SET}(?:,?\s+{_SET}){{0,5}}(?![\w-])")


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the quoted words of a sentence: its marks paired by the side they stand on
    (sided_quotations: 'blue," he said, "I never …' is two quotations, not ' he said, '); else
    paired in turn, or one mark left open."""
    quotes = [(m.start(1), m.end(1)) for m in QUOTE_SPAN.finditer(text)]
    if not quotes:
        span = open_quotation(text)
        if span is not None:
            quotes.append(span)
    sided = sided_quotations(text)
    return sided or quotes


def sided_quotations(text: str) -> list[tuple[int, int]]:
    """(start, end) of quoted words by the marks' sides: an opening mark to the next closing one (to
    the sentence end when none closes it), and a closing mark before any opening one from the
    sentence start (a quotation begun in an earlier sentence); each at least QUOTE_MIN_CHARS long."""
    found, opened = [], None
    for k, (at, side) in enumerate(mark_sides(text)):
        if side == "open" and opened is None:
            opened = at + 1
        elif side == "close" and opened is not None:
            found.append((opened, at))
            opened = None
        elif side == "close" and k == 0:
            found.append((0, at))
    if opened is not None:
        found.append((opened, len(text)))
    spans = [_clean(text, a, b) for a, b in found]
    return [(a, b) for a, b in spans if b - a >= QUOTE_MIN_CHARS]


def _clean(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without quotation marks, spaces and punctuation at its edges."""
    while start < end and text[start] in _QUOTE_EDGE:
        start += 1
    while end > start and text[end - 1] in _QUOTE_EDGE:
        end -= 1
    return start, end


def quote_clauses(sentence: SentenceView) -> list[Candidate]:
    """The clauses of a long quotation ('It feels good, | but it's not going to be as good …'):
    each clause between breaks (CLAUSE_BREAK) without its conjunction, and the first clause up to
    its first comma ('We never answer questions about special forces, but …')."""
    text = sentence.text
    found = []
    for start, end in sentence_quotes(sentence):
        pieces, at = [], start
        for m in CLAUSE_BREAK.finditer(text, start, end):
            pieces.append((at, m.start()))
            at = m.end()
        pieces.append((at, end))
        comma = text.find(", ", start, end)
        if comma > start:
            pieces.append((start, comma))
        for a, b in dict.fromkeys(pieces):
            a, b = _clean(text, a, b)
            if b - a >= QUOTE_MIN_CHARS and (a, b) != (start, end):
                found.append(_span(sentence, a, b, QUOTE))
    return found


def reported_clauses(sentence: SentenceView, label: str = QUOTE) -> list[Candidate]:
    """What someone said, believes or wishes, reported as a clause ('said *the law would favour
    large companies*', 'We believe *peace is possible now*'): the clausal complement of a verb,
    without its 'that', up to CLAUSE_MAX_TOKENS tokens and cut at a comma that ends a clause."""
    tokens = sentence.tokens
    firsts, lasts = subtree_extents(tokens)
    found = []
    for i, t in enumerate(tokens):
        if t[4] != "ccomp" or t[3] not in {"VERB", "AUX", "ADJ"} or not 0 <= t[5] < len(tokens) or tokens[t[5]][3] != "VERB":
            continue
        first, last = firsts[i], lasts[i]
        if first < len(tokens) and tokens[first][2].lower() == "that":
            first += 1
        if first < i and last - first <= CLAUSE_MAX_TOKENS:
            candidate = _clause(sentence, first, last, label)
            if candidate is not None:
                found.append(candidate)
    return found


def _clause(sentence: SentenceView, first: int, last: int, label: str) -> Candidate | None:
    """Tokens [first, last) as a span without edge punctuation or quotation marks (longer than a phrase may be)."""
    tokens = sentence.tokens
    while first < last and tokens[first][3] in {"PUNCT", "CCONJ"}:
        first += 1
    while last > first and tokens[last - 1][3] in {"PUNCT", "CCONJ"}:
        last -= 1
    if last <= first:
        return None
    start, end = _clean(sentence.text, tokens[first][0], tokens[last - 1][1])
    return _span(sentence, start, end, label) if end > start else None


def marked_reasons(sentence: SentenceView) -> list[Candidate]:
    """Reason clauses found by the parse: an adverbial clause opened by a subordinator (REASON_MARKS:
    'skipped the tests, *when they decided to fly back*', '*as the papers had been handed in*'),
    with and without its subordinator."""
    tokens = sentence.tokens
    firsts, lasts = subtree_extents(tokens)
    found = []
    for i, t in enumerate(tokens):
        head = t[5]
        if t[4] not in {"mark", "advmod"} or t[2].lower() not in REASON_MARKS or not 0 <= head < len(tokens) \
                or tokens[head][4] != "advcl" or i != firsts[head]:
            continue  # the subordinator opens its clause ('…, *when* they decided to fly back')
        last = lasts[head]
        if last - i > CLAUSE_MAX_TOKENS:
            continue
        for first in (i, i + 1):
            candidate = _clause(sentence, first, last, CLAUSE)
            if candidate is not None:
                found.append(candidate)
    return found


def tagged(tokens, pos: str) -> list[int]:
    """The positions of the tokens with the universal part of speech `pos` ('VERB', 'ADJ')."""
    return [i for i, t in enumerate(tokens) if t[3] == pos]


def infinitives(sentence: SentenceView, label: str = VERB_OBJECT) -> list[Candidate]:
    """What someone is to do: an infinitive with its objects ('urged supporters *to vote
    tactically*', 'failed *to try and score a fourth*'), with and without its 'to'; and the verb
    phrase after a modal ('it will *double the broadband speeds*'). Up to CLAUSE_MAX_TOKENS tokens."""
    tokens = sentence.tokens
    firsts, lasts = subtree_extents(tokens)
    found = []
    for i in tagged(tokens, "VERB"):
        children = [c for c in range(firsts[i], lasts[i]) if tokens[c][5] == i and c != i]
        to = next((c for c in children if c < i and tokens[c][2].lower() == "to" and tokens[c][3] == "PART"), None)
        modal = any(c < i and tokens[c][4] == "aux" and tokens[c][2].lower() in MODALS for c in children)
        if to is None and not modal:
            continue
        stops = [firsts[c] for c in children if c > i and tokens[c][4] in {"advcl", "punct"} and tokens[c][2] not in {"-", "'"}]
        ends = {lasts[i], min(stops, default=lasts[i])}
        for o in (c for c in children if c > i and tokens[c][4] == "dobj"):  # 'double the speeds' | of most customers
            ends.add(min((c for c in range(o + 1, lasts[o]) if tokens[c][5] == o and tokens[c][4] in {"prep", "relcl", "acl"}),
                         default=lasts[o]))
        starts = {i} | ({to} if to is not None else set())
        for first in starts:
            for last in ends:
                if 0 < last - first <= CLAUSE_MAX_TOKENS:
                    candidate = _clause(sentence, first, last, label)
                    if candidate is not None:
                        found.append(candidate)
    return _distinct(found)


def _distinct(found: list[Candidate]) -> list[Candidate]:
    """One candidate per span, in order."""
    return list({(c.start, c.end): c for c in reversed(found)}.values())[::-1]


def quotation_parts(sentence: SentenceView) -> list[Candidate]:
    """The parts of a quotation a question may ask for, as quoted words: its clauses (quote_clauses)
    and, inside its marks, reported clauses, infinitives ('The Tories should have the courage
    *to try and change public opinion*') and what a 'be' says its subject is (copula_complements)."""
    quotes = sentence_quotes(sentence)
    inner = [c for c in reported_clauses(sentence) + infinitives(sentence, QUOTE) + copula_complements(sentence)
             if any(a <= c.start and c.end <= b for a, b in quotes)]
    return quote_clauses(sentence) + inner


def scores(sentence: SentenceView) -> list[Candidate]:
    """Match scores and scorelines as one span ('2-0', '6-3 6-2 1-6', '7-6 (7-3) 6-3'): the number extractor
    splits them at the hyphen."""
    return [_span(sentence, m.start(), m.end(), NOUN_PHRASE) for m in SCORE.finditer(sentence.text)]


def descriptions(sentence: SentenceView) -> list[Candidate]:
    """How something is described: short quoted words, adjective phrases ('deeply troubling') and
    what follows 'as' ('described it as a turning point')."""
    text = sentence.text
    found = [_span(sentence, m.start(m.lastindex), m.end(m.lastindex), DESCRIPTION) for m in SHORT_QUOTE.finditer(text)]
    tokens = sentence.tokens
    for i, t in enumerate(tokens):
        if t[3] == "ADJ" and t[4] in {"amod", "acomp", "oprd", "conj", "attr"}:
            first = i
            while first > 0 and tokens[first - 1][5] == i and (tokens[first - 1][3] == "ADV" or tokens[first - 1][4] == "npadvmod"):
                first -= 1  # 'deeply troubling', 'wafer thin'
            found.append(_span(sentence, tokens[first][0], t[1], DESCRIPTION))
            pair = next((c for c in range(i + 1, min(len(tokens), i + 4)) if tokens[c][5] == i and tokens[c][4] == "conj"
                         and tokens[c][3] == "ADJ"), None)
            if pair is not None:  # 'tedious and uninspired'
                found.append(_span(sentence, tokens[first][0], tokens[pair][1], DESCRIPTION))
    found += complements(sentence) + predicatives(sentence) + appositions(sentence) + with_infinitive(sentence) + manners(sentence) + titles(sentence)
    found = [_whole_words(sentence, c) for c in found]
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


def _whole_words(sentence: SentenceView, candidate: Candidate) -> Candidate:
    """The candidate widened over the hyphenated words it cuts ('super' of '*super-economical*')."""
    text, start, end = sentence.text, candidate.start, candidate.end
    while start >= 2 and text[start - 1] == "-" and text[start - 2].isalnum():
        start = max(text.rfind(" ", 0, start - 1) + 1, 0)
    while end + 1 < len(text) and text[end] == "-" and text[end + 1].isalnum():
        space = text.find(" ", end + 1)
        end = len(text) if space < 0 else space
        end = len(text[:end].rstrip(".,;:!?\"'”’)"))
    if (start, end) == (candidate.start, candidate.end):
        return candidate
    return _span(sentence, start, end, candidate.label)


TITLE_POS = {"NOUN", "ADJ"}


def titles(sentence: SentenceView) -> list[Candidate]:
    """The common words that title a name right before it: how a text describes the named thing in
    passing ('*Quirky comedy* Sideways', '*Namibian athlete* Frankie Fredericks'); at least one noun."""
    tokens = sentence.tokens
    found = []
    for i, t in enumerate(tokens):
        if t[3] != "PROPN" or (i > 0 and tokens[i - 1][3] == "PROPN"):
            continue
        end = i  # the name's last word: 'Former captain Keith *Wood*'
        while end + 1 < len(tokens) and tokens[end + 1][3] == "PROPN":
            end += 1
        first = i
        while first > 0 and tokens[first - 1][3] in TITLE_POS and tokens[first - 1][4] in {"compound", "amod"} \
                and end >= tokens[first - 1][5] >= first - 1:
            first -= 1
        if first < i and any(tokens[j][3] == "NOUN" for j in range(first, i)):
            found.append(_span(sentence, tokens[first][0], tokens[i - 1][1], DESCRIPTION))
    return found


def complements(sentence: SentenceView) -> list[Candidate]:
    """What something is said to be: the noun phrase complement of 'be' ('believe him to be *a man
    of real integrity*', 'it is *a chore*'), up to DESCRIPTION_MAX_TOKENS + 4 tokens, cut before a
    relative clause or a comma."""
    tokens = sentence.tokens
    firsts, lasts = subtree_extents(tokens)
    found = []
    for i, t in enumerate(tokens):
        if t[4] != "attr" or t[3] not in {"NOUN", "PROPN"}:
            continue
        stops = [firsts[c] for c in range(i + 1, lasts[i]) if tokens[c][5] == i and tokens[c][4] in PHRASE_ENDS - {"cc", "conj"}]
        last = min(stops, default=lasts[i])
        if last - firsts[i] <= DESCRIPTION_MAX_TOKENS + 4:
            candidate = _trimmed(sentence, firsts[i], last, DESCRIPTION)
            if candidate is not None:
                found.append(candidate)
    return found


COPULA_DEPS = {"ROOT", "ccomp", "conj", "xcomp", "advcl", "relcl"}  # a 'be' that is the clause's verb, not an auxiliary


def copulas(tokens: list[tuple]) -> list[int]:
    """Positions of 'be' as a clause's copula (an auxiliary 'be' whose dependency is one of COPULA_DEPS)."""
    return [i for i, t in enumerate(tokens) if t[2].lower() == "be" and t[3] == "AUX" and t[4] in COPULA_DEPS]


def predicatives(sentence: SentenceView) -> list[Candidate]:
    """What a clause says its subject is, where complements() misses it: a prepositional phrase
    after 'be' ('we are *in a hiatus*', 'carers must not be *out of pocket* when …', cut before its
    clause's other dependents), and a negated complement with its 'not' ('it's *not normal
    behaviour* on his part')."""
    tokens = sentence.tokens
    firsts, lasts = subtree_extents(tokens)
    found = []
    for i in copulas(tokens):
        children = [c for c in range(i + 1, len(tokens)) if tokens[c][5] == i and c != i]
        if any(tokens[c][4] in {"attr", "acomp"} for c in children):
            neg = next((c for c in range(i + 1, len(tokens)) if tokens[c][5] == i and tokens[c][4] == "neg"), None)
            complement = next((c for c in children if tokens[c][4] in {"attr", "acomp"}), None)
            if neg is not None and complement is not None and firsts[complement] == neg + 1:
                stops = [firsts[c] for c in range(complement + 1, lasts[complement]) if tokens[c][5] == complement
                         and tokens[c][4] in PHRASE_ENDS | {"prep"}]
                last = min(stops, default=lasts[complement])
                if last - neg <= DESCRIPTION_MAX_TOKENS:
                    candidate = _clause(sentence, neg, last, DESCRIPTION)
                    if candidate is not None:
                        found.append(candidate)
            continue
        prep = next((c for c in children if tokens[c][4] == "prep"), None)
        if prep is None or not 2 <= lasts[prep] - firsts[prep] <= DESCRIPTION_MAX_TOKENS \
                or any(tokens[c][3] in {"PROPN", "NUM"} for c in range(firsts[prep], lasts[prep])):
            continue  # 'was in London', 'is at 3pm': a place or time, not a description
        for first in (firsts[prep], firsts[prep] + 1 if tokens[firsts[prep] + 1][4] == "det" else None):
            if first is not None:  # 'in a hiatus' and 'a hiatus'
                candidate = _clause(sentence, first, lasts[prep], DESCRIPTION)
                if candidate is not None:
                    found.append(candidate)
    return found


COPULA_COMPLEMENTS = {"attr", "acomp", "ccomp", "prep"}


def copula_complements(sentence: SentenceView, label: str = QUOTE) -> list[Candidate]:
    """The other side of 'be' from its subject, whatever its form: 'the only unusual thing … is
    *that Chelsea failed to present themselves*' (without its 'that'), 'the only worry … was
    *whether petrol or taxes would go up*', 'carers must not be *out of pocket* when …' (cut before
    the clause's other dependents); up to CLAUSE_MAX_TOKENS tokens. A question that quotes one side
    ('what did she say was the only unusual thing') asks for the other."""
    tokens = sentence.tokens
    firsts, lasts = subtree_extents(tokens)
    found = []
    for i in copulas(tokens):
        if any(tokens[c][5] == i and tokens[c][4] == "expl" for c in range(firsts[i], i)):
            continue  # 'there was a time': says something exists, not what a subject is
        complement = next((c for c in range(i + 1, lasts[i]) if tokens[c][5] == i and tokens[c][4] in COPULA_COMPLEMENTS), None)
        if complement is None:
            continue
        first, last = firsts[complement], lasts[complement]
        if tokens[first][2].lower() == "that" and tokens[first][4] == "mark":
            first += 1
        if 0 < last - first <= CLAUSE_MAX_TOKENS:
            candidate = _clause(sentence, first, last, label)
            if candidate is not None:
                found.append(candidate)
    return found


APPOSITION_MAX_TOKENS = DESCRIPTION_MAX_TOKENS + 8  # 'a critically acclaimed jazz and classical flutist, composer, …'
# Words set off by a pair of dashes after a noun: 'The IAAF - athletics' world governing body - has met …'
DASHED = re.compile(r"(?<=\w)\s[-–—]\s([^-–—,.;:]{3,80}?)\s[-–—]\s")
# 'in a responsible and grown-up way': the manner something is done in.
MANNER = re.compile(r"\bin an?\s+(?:[\w-]+,?\s+(?:and\s+|or\s+)?){1,6}?(?:way|manner|fashion)\b", re.IGNORECASE)


def appositions(sentence: SentenceView) -> list[Candidate]:
    """What a text calls someone or something in passing: a noun phrase in apposition ('Nasdaq, *an
    icon of the 1990s technology boom*,'), whole and cut before a relative clause or comma, and
    words set off by dashes after a noun ('The IAAF - *athletics' world governing body* -')."""
    tokens = sentence.tokens
    firsts, lasts = subtree_extents(tokens)
    found = []
    for i, t in enumerate(tokens):
        if t[4] != "appos" or t[3] not in {"NOUN", "PROPN"}:
            continue
        stops = [firsts[c] for c in range(i + 1, lasts[i]) if tokens[c][5] == i and tokens[c][4] in {"relcl", "acl", "punct"}]
        for last in {lasts[i], min(stops, default=lasts[i])}:
            if last - firsts[i] <= APPOSITION_MAX_TOKENS:
                candidate = _clause(sentence, firsts[i], last, DESCRIPTION)
                if candidate is not None:
                    found.append(candidate)
    found += [_span(sentence, m.start(1), m.end(1), DESCRIPTION) for m in DASHED.finditer(sentence.text)
              if not _holds_a_verb(sentence, m.start(1), m.end(1))]
    return found


def _holds_a_verb(sentence: SentenceView, start: int, end: int) -> bool:
    """Whether the words [start, end) hold a verb with its subject: a dashed aside that is a clause ('the
    chancellor - *no doubt the prime minister will agree with this* - is a bully') describes nothing."""
    first, last = token_range(sentence, start, end)
    tokens = sentence.tokens
    return any(tokens[i][3] in {"VERB", "AUX"} and tokens[i][4] not in {"amod", "compound"} and any(first <= j < last and tokens[j][5] == i and tokens[j][4] in {"nsubj", "nsubjpass"}
                                                       for j in range(first, last)) for i in range(first, last))


def with_infinitive(sentence: SentenceView) -> list[Candidate]:
    """A describing adjective with the infinitive that completes it ('*amazing to watch*', 'hard to
    believe'), up to DESCRIPTION_MAX_TOKENS tokens."""
    tokens = sentence.tokens
    _, lasts = subtree_extents(tokens)
    found = []
    for i in tagged(tokens, "ADJ"):
        if tokens[i][4] not in {"acomp", "oprd", "attr", "amod"}:
            continue
        verb = i + 2  # 'amazing *to watch*': the infinitive right after it, hung from it or from its 'be'
        if verb >= len(tokens) or tokens[i + 1][2] != "to" or tokens[verb][3] != "VERB" or tokens[verb][4] != "xcomp" \
                or tokens[verb][5] not in {i, tokens[i][5]}:
            continue
        first = i
        while first > 0 and tokens[first - 1][5] == i and tokens[first - 1][3] == "ADV":
            first -= 1
        last = lasts[verb]
        if last - first <= DESCRIPTION_MAX_TOKENS:
            candidate = _clause(sentence, first, last, DESCRIPTION)
            if candidate is not None:
                found.append(candidate)
    return found


def manners(sentence: SentenceView) -> list[Candidate]:
    """'in a responsible and grown-up way': a manner phrase, with and without its 'in'."""
    found = []
    for m in MANNER.finditer(sentence.text):
        found.append(_span(sentence, m.start(), m.end(), DESCRIPTION))
        found.append(_span(sentence, m.start() + 3, m.end(), DESCRIPTION))
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
    """Coined terms: short quoted words ('the “two-for-one” formula'), hyphenated compounds and
    the name a term cue introduces (named_terms)."""
    text = sentence.text
    found = [_span(sentence, m.start(m.lastindex), m.end(m.lastindex), TERM) for m in SHORT_QUOTE.finditer(text)]
    found += [_span(sentence, m.start(), m.end(), TERM) for m in HYPHENATED.finditer(text)]
    return found + hyphenated_phrases(sentence) + named_terms(sentence)


HYPHENATED_REACH = 3  # words between a hyphenated modifier and the noun it modifies ('built-in *expiration* date')


def hyphenated_phrases(sentence: SentenceView) -> list[Candidate]:
    """A hyphenated modifier with the noun it modifies: 'a *built-in expiration date*', 'a
    *food-for-oil deal*' (the compound alone is a term too: terms)."""
    tokens = sentence.tokens
    found = []
    for m in HYPHENATED.finditer(sentence.text):
        first, last = token_range(sentence, m.start(), m.end())
        if last <= first:
            continue
        node = next((i for i in range(first, last) if not first <= tokens[i][5] < last), last - 1)
        head = tokens[node][5]
        while head < len(tokens) and tokens[head][4] == "compound" and tokens[head][5] > head:
            head = tokens[head][5]  # 'expiration' → 'date'
        if tokens[node][4] in {"amod", "compound", "nmod"} and tokens[head][3] == "NOUN" and last <= head < last + HYPHENATED_REACH:
            found.append(_span(sentence, m.start(), tokens[head][1], TERM))
    return found


# Words that introduce a name or coined term: 'known as', 'dubbed', 'nicknamed', 'so-called'.
TERM_CUE = re.compile(r"\b(?:(?:known|referred to|described|billed)\s+as|dubbed|nicknamed|so-called|called|named|"
                      r"termed|branded|labelled|labeled|christened)\s+(?:the\s+|an?\s+)?", re.IGNORECASE)
TERM_MAX_TOKENS = 6
TERM_ENDS = {"PUNCT", "VERB", "AUX", "SCONJ", "CCONJ", "ADP"}  # where a term's words stop


def named_terms(sentence: SentenceView) -> list[Candidate]:
    """The name a cue introduces ('*known as* the Palancas Negras', '*so-called* phishing'): the
    quoted words right after it, or its words up to a punctuation mark, verb or conjunction
    (at most TERM_MAX_TOKENS), and of those the capitalised run."""
    text, tokens = sentence.text, sentence.tokens
    found = []
    for m in TERM_CUE.finditer(text):
        quoted = SHORT_QUOTE.match(text, m.end())
        if quoted is not None:
            found.append(_span(sentence, quoted.start(quoted.lastindex), quoted.end(quoted.lastindex), TERM))
            continue
        first = next((i for i, t in enumerate(tokens) if t[0] >= m.end()), None)
        if first is None:
            continue
        last = first + (tokens[first][3] == "VERB")  # 'known as *sampling*': a gerund may name it
        while last < len(tokens) and last - first < TERM_MAX_TOKENS and tokens[last][3] not in TERM_ENDS:
            last += 1
        if last > first:
            found.append(_span(sentence, tokens[first][0], tokens[last - 1][1], TERM))
            caps = first
            while caps < last and text[tokens[caps][0]].isupper():
                caps += 1
            if first < caps < last:
                found.append(_span(sentence, tokens[first][0], tokens[caps - 1][1], TERM))
    return found


LIST_GLUE = re.compile(r"\s*(?:,\s*(?:(?:and|or)\s+)?|(?:and|or)\s+)")


def _runs(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Maximal runs of two or more spans joined only by ', ', ' and ', ', or ' …: (start, end, label),
    labelled by their common label, or as a noun phrase when the labels differ."""
    found = []
    run: list[tuple[int, int, str]] = []
    for span in sorted(spans) + [(len(text) + 1, len(text) + 1, "")]:
        if run and span[0] >= run[-1][1] and LIST_GLUE.fullmatch(text[run[-1][1]:span[0]]):
            run.append(span)
            continue
        if len(run) >= 2:
            labels = {label for _, _, label in run}
            found.append((run[0][0], run[-1][1], labels.pop() if len(labels) == 1 else NOUN_PHRASE))
        run = [span]
    return found


def lists(sentence: SentenceView) -> list[Candidate]:
    """Coordinated names or noun phrases as one span ('Jeddah and Riyadh', 'crime, terrorism and
    illegal immigration'), for questions asking for several things ('which two cities')."""
    names = [(s, e, label) for s, e, label in sentence.entities
             if label not in NUMBERS and label != ORDINAL and label not in TIMES]
    phrases = [(s, e, NOUN_PHRASE) for s, e in sentence.noun_phrases]
    found = {(s, e): label for s, e, label in _runs(sentence.text, phrases)}
    found.update({(s, e): label for s, e, label in _runs(sentence.text, names)})  # a names' run keeps its label
    return [_span(sentence, s, e, label) for (s, e), label in sorted(found.items())]


def subtree_extents(tokens: list[tuple]) -> tuple[list[int], list[int]]:
    """[first, last) token extent of every token's subtree: children before parents, one pass.
    A token whose head chain never reaches a root (a malformed parse) keeps its own extent."""
    n = len(tokens)
    first = list(range(n))
    last = [i + 1 for i in range(n)]
    children: list[list[int]] = [[] for _ in range(n)]
    order = []
    for i, t in enumerate(tokens):
        parent = t[5]
        if parent == i or not 0 <= parent < n:
            order.append(i)
        else:
            children[parent].append(i)
    for node in order:  # breadth first from the roots: every parent before its children
        order.extend(children[node])
    for node in reversed(order):
        parent = tokens[node][5]
        if parent != node and 0 <= parent < n:
            if first[node] < first[parent]:
                first[parent] = first[node]
            if last[node] > last[parent]:
                last[parent] = last[node]
    return first, last


def _trimmed(sentence: SentenceView, first: int, last: int, label: str = NOUN_PHRASE) -> Candidate | None:
    """The tokens [first, last) as a span without punctuation, conjunctions or prepositions at its edges."""
    tokens = sentence.tokens
    while first < last and tokens[first][3] in EDGE_TRIM:
        first += 1
    while last > first and tokens[last - 1][3] in EDGE_TRIM:
        last -= 1
    if last <= first or last - first > PHRASE_MAX_TOKENS or (last - first == 1 and tokens[first][3] == "PRON"):
        return None
    return _span(sentence, tokens[first][0], tokens[last - 1][1], label)


def nominal_phrases(sentence: SentenceView) -> list[Candidate]:
    """Around each phrase head (a noun, name or number that modifies nothing): the whole phrase with
    its complements ('the Parliament of the United Kingdom at Westminster'), the same cut before a
    relative clause, apposition or comma, a coordination ('penance and righteousness') and the bare
    head without determiners or modifiers ('the then-popular phlogiston theory' → 'phlogiston
    theory'); each up to 12 tokens."""
    tokens = sentence.tokens
    firsts, lasts = subtree_extents(tokens)
    children: dict[int, list[int]] = {}
    for i, t in enumerate(tokens):
        if t[5] != i:
            children.setdefault(t[5], []).append(i)
    found = []
    for i, t in enumerate(tokens):
        if t[3] not in NOMINAL or t[4] in MODIFIER_DEPS:
            continue
        first, last = firsts[i], lasts[i]
        right = [c for c in children.get(i, []) if c > i]
        stops = [firsts[c] for c in right if tokens[c][4] in PHRASE_ENDS]
        short = min(stops, default=last)
        conj = [c for c in right if tokens[c][4] == "conj" and tokens[c][3] in NOMINAL]
        bare = first
        while bare < i and (tokens[bare][3] in LEADING_MODIFIERS or tokens[bare][4] in {"amod", "det", "poss", "nummod", "npadvmod"}):
            bare += 1
        core = i
        while core > first and tokens[core - 1][4] == "compound" and tokens[core - 1][3] in NOMINAL:
            core -= 1
        spans = [(first, last), (first, short), (bare, short), (core, i + 1)]
        if conj:
            c = conj[-1]
            c_stops = [firsts[d] for d in children.get(c, []) if d > c and tokens[d][4] in PHRASE_ENDS]
            spans.append((first, min(c_stops, default=lasts[c])))
        for a, b in spans:
            candidate = _trimmed(sentence, a, b)
            if candidate is not None:
                found.append(candidate)
    return found


def adjectives(sentence: SentenceView) -> list[Candidate]:
    """Adjectives with their adverbs ('orange' of 'orange jerseys', 'cramped and unsanitary')."""
    tokens = sentence.tokens
    firsts, lasts = subtree_extents(tokens)
    found = []
    for i in tagged(tokens, "ADJ"):
        t = tokens[i]
        first = i
        while first > 0 and tokens[first - 1][3] == "ADV" and tokens[first - 1][5] == i:
            first -= 1
        for last in {i + 1, lasts[i]} if t[4] != "amod" else {i + 1}:
            candidate = _trimmed(sentence, first, last, DESCRIPTION)
            if candidate is not None:
                found.append(candidate)
    return found


def verb_phrases(sentence: SentenceView) -> list[Candidate]:
    """A verb with its object ('enter the priesthood', 'expelled Jews'), whole and cut before a
    clause or comma; and a lone verb or participle ('lost', 'destroyed')."""
    tokens = sentence.tokens
    firsts, lasts = subtree_extents(tokens)
    found = []
    for i in tagged(tokens, "VERB"):
        objects = [c for c in range(i + 1, min(len(tokens), i + PHRASE_MAX_TOKENS)) if tokens[c][5] == i and tokens[c][4] == "dobj"]
        ends = {i + 1}
        for o in objects[:1]:
            stops = [firsts[d] for d in range(o + 1, lasts[o]) if tokens[d][5] == o and tokens[d][4] in PHRASE_ENDS]
            ends |= {lasts[o], min(stops, default=lasts[o])}
        for end in ends:
            candidate = _trimmed(sentence, i, end, VERB_PHRASE)
            if candidate is not None:
                found.append(candidate)
    return found


def reported_objects(sentence: SentenceView) -> list[Candidate]:
    """What someone hopes, fears or believes, quoted or not ('I just hope *Manchester can handle the
    crowds*'), for 'what did X say he hoped': reported_clauses as the object a verb asks for."""
    return reported_clauses(sentence, VERB_OBJECT)


def deeds(sentence: SentenceView) -> list[Candidate]:
    """What someone did, for 'what did the executive do to his disk': a verb alone, with its object and
    with the rest of its clause to a comma ('froze', 'froze his broken hard disk', 'closing down for
    good'), as the object a 'do' question asks for (VERB_OBJECT)."""
    tokens = sentence.tokens
    firsts, lasts = subtree_extents(tokens)
    phrases = verb_phrases(sentence)
    for i in tagged(tokens, "VERB"):  # the verb with all that follows it in its clause, to a comma: 'closing down for good'
        last = lasts[i]
        stop = next((j for j in range(i + 1, last) if tokens[j][3] == "PUNCT" and tokens[j][2] not in {"-", "'"}), last)
        if i + 1 < stop <= i + CLAUSE_MAX_TOKENS:
            candidate = _trimmed(sentence, i, stop, VERB_PHRASE)
            if candidate is not None:
                phrases.append(candidate)
    found = []
    for c in phrases:
        start = c.start
        while start >= 2 and sentence.text[start - 1] == "-" and sentence.text[start - 2].isalpha():
            start = sentence.text.rfind(" ", 0, start - 1) + 1  # 'co-*present* the TV special': the whole word
        found.append(_span(sentence, start, c.end, VERB_OBJECT))
    return found


GERUND_ENDS = {"advcl", "punct", "cc", "conj", "mark"}  # where a gerund's clause stops: 'signing a deal *after* it is reached'


def gerund_clauses(sentence: SentenceView) -> list[Candidate]:
    """What a preposition takes when it is a verb's '-ing' clause ('would decide on *signing a new
    contract* after …'), for 'what will they decide on': the gerund with its objects, cut before a clause
    or comma of its own, as a noun phrase (the thing decided on)."""
    tokens = sentence.tokens
    firsts, lasts = subtree_extents(tokens)
    found = []
    for i, t in enumerate(tokens):
        if t[4] != "pcomp" or t[3] != "VERB" or not 0 <= t[5] < len(tokens) or tokens[t[5]][3] != "ADP":
            continue
        stops = [firsts[d] for d in range(i + 1, lasts[i]) if tokens[d][5] == i and tokens[d][4] in GERUND_ENDS]
        candidate = _trimmed(sentence, i, min(stops, default=lasts[i]))
        if candidate is not None and candidate.end - candidate.start > len(t[2]):
            found.append(candidate)
    return found


def unqualified_values(sentence: SentenceView) -> list[Candidate]:
    """Numbers and dates without a leading 'about', 'around', 'over' ('Around 1954' → '1954')."""
    found = []
    for c in numbers(sentence) + dates(sentence):
        match = APPROXIMATOR.match(c.text)
        if match and match.end() < len(c.text):
            found.append(_span(sentence, c.start + match.end(), c.end, c.label))
    return found


Extractor = Callable[[SentenceView], list[Candidate]]
# Always run: the spans any question may want.
ALWAYS: tuple[Extractor, ...] = (entities, numbers, dates, noun_phrases, scores)
# Run only when the question expects their kind.
ON_DEMAND: dict[str, tuple[Extractor, ...]] = {
    QUOTE: (quotations, quotation_parts), CLAUSE: (reason_clauses, marked_reasons, consequence_causes), DESCRIPTION: (descriptions,),
    VERB_OBJECT: (verb_objects, infinitives), TERM: (terms,)}
# The candidate sets a scorer may read: `base` (the rules' set) and `wide`, which adds whole and
# bare phrases, coordinations, adjectives and unqualified values (the learned scorer's set).
CANDIDATE_SETS: dict[str, tuple[Extractor, ...]] = {
    "base": ALWAYS,
    "wide": ALWAYS + (nominal_phrases, adjectives, verb_phrases, unqualified_values),
}


def chosen(question: Question, extractors: tuple[Extractor, ...] = ALWAYS) -> tuple[Extractor, ...]:
    """The extractors run for this question, in order: `extractors`, then those of the kinds it expects."""
    found = list(extractors)
    for kind, wanted in ON_DEMAND.items():
        if kind in question.expected:
            found += wanted
    if question.kind in MANNER_KINDS and DESCRIPTION not in question.expected:
        found.append(descriptions)  # 'how did she feel' -> 'horrified'
    if getattr(question, "inner_verb", ""):
        found.append(reported_objects)  # 'what did X say he hoped': 'Manchester can handle the crowds'
    if getattr(question, "acts", False):
        found.append(deeds)  # 'what did the executive do': 'froze his broken hard disk'
    if question.many:
        found.append(lists)
    if getattr(question, "stranded", ""):
        found.append(gerund_clauses)  # 'what will they decide on': 'signing a new contract'
    return tuple(found)


# Sentences whose spans one snapshot keeps (per set of extractors): ~3.5 KB each, so ~30 MB at most.
EXTRACTED_SENTENCES = 8_000


def extract(sentence: SentenceView, question: Question, extractors: tuple[Extractor, ...] = ALWAYS,
            memo: MutableMapping | None = None) -> list[Candidate]:
    """Every candidate span of the sentence for this question (duplicates of one span and kind dropped).

    With `memo` (a snapshot's: there `(doc_id, index)` names one stored sentence, which never
    changes), the spans are found once per sentence and set of extractors, and every later
    question gets fresh Candidates of them: extractors read only the sentence's stored parse."""
    run = chosen(question, extractors)
    if memo is None:
        return _extracted(sentence, run)
    spans = memo.get(EXTRACTED)
    if spans is None:
        spans = memo[EXTRACTED] = Memo(EXTRACTED_SENTENCES)
    key = (sentence.doc_id, sentence.index, run)
    found = spans.get(key)
    if found is None:
        found = spans[key] = tuple((c.text, c.label, c.start, c.end) for c in _extracted(sentence, run))
    return [Candidate(text, label, sentence, start, end) for text, label, start, end in found]


def within_quotation_marks(sentence: SentenceView, found: list[Candidate]) -> list[Candidate]:
    """A span the parse ran across one quotation mark, cut at it: 'wait to see “*who among those in
    power in the region has legitimacy*” before signing' read as one object gives the quoted words before
    the closing mark; 'see “*who has legitimacy*”' the words after the opening mark, when the span ends
    where the quotation does."""
    text = sentence.text
    sides = mark_sides(text)
    cut = []
    for c in found:
        inside = [(at, side) for at, side in sides if c.start < at < c.end - 1]
        if len(inside) != 1:
            continue
        at, side = inside[0]
        if side == "open" and not any(a >= c.end - 1 and side_ == "close" and not text[c.end:a].strip(" ,.;:!?")
                                      for a, side_ in sides):
            continue  # the quotation goes on after the span: what it holds of it is a fragment
        start, end = (c.start, at) if side == "close" else (at + 1, c.end)
        start, end = _clean(text, start, end)
        if end - start >= 2 and text[start:end].strip():
            cut.append(_span(sentence, start, end, c.label))
    return cut


EXTRACTED = "candidates.extracted"  # the memo's key of its own memo of extracted spans


def _extracted(sentence: SentenceView, run: tuple[Extractor, ...]) -> list[Candidate]:
    found: list[Candidate] = []
    for extractor in run:
        found += extractor(sentence)
    found += within_quotation_marks(sentence, found)
    seen: set[tuple[int, int, str]] = set()
    unique = []
    for c in found:
        key = (c.start, c.end, c.label)
        if key not in seen and c.text.strip():
            seen.add(key)
            unique.append(c)
    return unique
