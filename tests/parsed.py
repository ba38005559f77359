"""A stored sentence built from a real spaCy parse, shaped like the index's (tokens as (start, end,
lemma, pos, dep, head), stems, lemmas): for rules that read a sentence's parse without an index."""

from __future__ import annotations

from dataclasses import dataclass, field

from index.annotate import load_nlp
from service.answering.sentences import one_stem


@dataclass
class Sentence:
    text: str
    doc_id: str = "d"
    start: int = 0
    tokens: list = field(default_factory=list)
    stems: list = field(default_factory=list)
    lemmas: list = field(default_factory=list)

    def __post_init__(self):
        doc = load_nlp()(self.text)
        self.tokens = [(t.idx, t.idx + len(t.text), t.lemma_.lower(), t.pos_, t.dep_, t.head.i) for t in doc]
        self.stems = [one_stem(t.text) for t in doc]
        self.lemmas = [one_stem(t.lemma_.lower()) for t in doc]
