"""BM25 over chunks with bm25s; the same tokenizer serves documents and questions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN

_STEMMER = Stemmer.Stemmer("english")
_STOPWORDS = frozenset(STOPWORDS_EN)
_WORD = re.compile(r"\w+", re.UNICODE)


def tokenize(text: str) -> list[str]:
    words = [w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS]
    return _STEMMER.stemWords(words)


class LexicalIndex:
    def __init__(self, bm25: bm25s.BM25, size: int) -> None:
        self.bm25 = bm25
        self.size = size
        self._df = np.diff(bm25.scores["indptr"]) if size else np.zeros(0, dtype=np.int64)

    def df(self, term: str) -> int:
        """In how many chunks a stemmed term occurs."""
        column = self.bm25.vocab_dict.get(term) if self.size else None
        return int(self._df[column]) if column is not None and column < len(self._df) else 0

    def idf(self, term: str) -> float:
        """How rare a stemmed term is among chunks; unknown terms count as rare."""
        df = self.df(term)
        return float(np.log(1.0 + (self.size - df + 0.5) / (df + 0.5)))

    @classmethod
    def build(cls, texts: Sequence[str]) -> "LexicalIndex":
        bm25 = bm25s.BM25()
        tokens = [tokenize(t) or [""] for t in texts]
        if tokens:
            bm25.index(tokens, show_progress=False)
        return cls(bm25, len(texts))

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk (zeros when no query term is known)."""
        if not self.size:
            return np.zeros(0, dtype=np.float32)
        terms = [t for t in tokenize(query) if t in self.bm25.vocab_dict]
        if not terms:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self.bm25.get_scores(terms), dtype=np.float32)

    def save(self, directory: Path) -> None:
        if self.size:
            self.bm25.save(str(directory), show_progress=False)

    @classmethod
    def load(cls, directory: Path, size: int) -> "LexicalIndex":
        if not size:
            return cls(bm25s.BM25(), 0)
        return cls(bm25s.BM25.load(str(directory), mmap=False, allow_pickle=False), size)
