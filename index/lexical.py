"""BM25 over chunks from per-segment postings, scored with collection-wide statistics.

Each segment stores its own postings (term → chunk rows and term frequencies) and chunk
lengths. A query is scored over every live segment with one idf per term and one average
chunk length, both counted over all live chunks of all segments (deleted documents excluded),
so a chunk's score does not depend on how the corpus was split into segments or batches.

The formula is bm25s's default (Lucene variant), so scores match the earlier single-index
engine: idf = ln(1 + (N - df + 0.5) / (df + 0.5)), tf part = tf / (tf + k1 (1 - b + b dl/avgdl)).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN

_STEMMER = Stemmer.Stemmer("english")
_STOPWORDS = frozenset(STOPWORDS_EN)
_WORD = re.compile(r"\w+", re.UNICODE)

K1 = 1.5
B = 0.75
# A chunk with no indexable word still counts as one (empty) token, as bm25s did.
EMPTY_TOKEN = ""

TERMS_FILE = "terms.json"
ARRAYS = ("indptr", "rows", "tf", "lengths")


def tokenize(text: str) -> list[str]:
    words = [w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS]
    return _STEMMER.stemWords(words)


@dataclass(frozen=True)
class Postings:
    """One segment's keyword index: for term i, chunk rows rows[indptr[i]:indptr[i+1]] with
    their term frequencies; `lengths[row]` is the chunk's token count."""

    terms: list[str]  # sorted
    indptr: np.ndarray  # int64, len(terms) + 1
    rows: np.ndarray  # int32
    tf: np.ndarray  # float32
    lengths: np.ndarray  # float32, one per chunk

    @cached_property
    def column(self) -> dict[str, int]:
        return {t: i for i, t in enumerate(self.terms)}

    @property
    def size(self) -> int:
        return len(self.lengths)

    def lookup(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        i = self.column.get(term)
        if i is None:
            return None
        start, end = int(self.indptr[i]), int(self.indptr[i + 1])
        return self.rows[start:end], self.tf[start:end]

    @classmethod
    def build(cls, texts: Sequence[str]) -> "Postings":
        counts: dict[str, dict[int, int]] = {}
        lengths = np.zeros(len(texts), dtype=np.float32)
        for row, text in enumerate(texts):
            tokens = tokenize(text) or [EMPTY_TOKEN]
            lengths[row] = len(tokens)
            for token in tokens:
                per_row = counts.setdefault(token, {})
                per_row[row] = per_row.get(row, 0) + 1
        terms = sorted(counts)
        indptr = np.zeros(len(terms) + 1, dtype=np.int64)
        rows: list[int] = []
        tf: list[int] = []
        for i, term in enumerate(terms):
            per_row = counts[term]
            rows.extend(per_row)
            tf.extend(per_row.values())
            indptr[i + 1] = len(rows)
        return cls(terms, indptr, np.asarray(rows, dtype=np.int32), np.asarray(tf, dtype=np.float32), lengths)

    @classmethod
    def merge(cls, parts: Sequence[tuple["Postings", np.ndarray]]) -> "Postings":
        """One index over several: `parts` pairs each postings with its row map (old row → new
        row, -1 for a dropped chunk). Nothing is re-tokenized."""
        terms = sorted(set().union(*(p.terms for p, _ in parts)))
        position = {t: i for i, t in enumerate(terms)}
        term_ids, rows, tfs, lengths = [], [], [], []
        size = 0
        for postings, row_map in parts:
            kept = row_map >= 0
            size = max(size, int(row_map.max(initial=-1)) + 1)
            mapping = np.fromiter((position[t] for t in postings.terms), dtype=np.int64, count=len(postings.terms))
            ids = np.repeat(mapping, np.diff(postings.indptr))
            new_rows = row_map[postings.rows]
            keep = new_rows >= 0
            term_ids.append(ids[keep])
            rows.append(new_rows[keep])
            tfs.append(postings.tf[keep])
            lengths.append((row_map[kept], postings.lengths[kept]))
        term_ids_all = np.concatenate(term_ids) if term_ids else np.zeros(0, np.int64)
        rows_all = np.concatenate(rows).astype(np.int32) if rows else np.zeros(0, np.int32)
        tf_all = np.concatenate(tfs) if tfs else np.zeros(0, np.float32)
        order = np.lexsort((rows_all, term_ids_all))
        indptr = np.zeros(len(terms) + 1, dtype=np.int64)
        np.cumsum(np.bincount(term_ids_all, minlength=len(terms)), out=indptr[1:])
        new_lengths = np.zeros(size, dtype=np.float32)
        for new_rows, values in lengths:
            new_lengths[new_rows] = values
        # a term whose every chunk was dropped stays in the vocabulary with no rows: harmless
        return cls(terms, indptr, rows_all[order], tf_all[order], new_lengths)

    def save(self, directory: Path) -> None:
        (directory / TERMS_FILE).write_text(json.dumps(self.terms, ensure_ascii=False))
        for name in ARRAYS:
            np.save(directory / f"postings_{name}.npy", getattr(self, name), allow_pickle=False)

    @classmethod
    def load(cls, directory: Path) -> "Postings":
        terms = json.loads((directory / TERMS_FILE).read_text())
        # plain ndarray views of the mapped files: slicing an np.memmap costs ~2 µs more per call
        arrays = {name: np.asarray(np.load(directory / f"postings_{name}.npy", mmap_mode="r", allow_pickle=False))
                  for name in ARRAYS}
        return cls(terms, **arrays)


@dataclass(frozen=True)
class CollectionStats:
    """What BM25 needs from the whole collection for one query: live chunks, their average
    length and each query term's document frequency. A shard holding some segments scores its
    chunks with these (not its own), so its scores equal the whole index's."""

    size: int
    avgdl: float
    df: dict[str, int]


class LexicalIndex:
    """The keyword view of a whole index: every live segment's postings, each with a map from
    its chunk rows to the index's rows (-1 for chunks of deleted documents)."""

    def __init__(self, parts: Sequence[tuple[Postings, np.ndarray]], size: int) -> None:
        self.parts = list(parts)
        self.size = size
        total = sum(float(p.lengths[m >= 0].sum()) for p, m in self.parts)
        self.avgdl = total / size if size else 1.0
        self._df: dict[str, int] = {}
        self._idf: dict[str, float] = {}  # the answerer reads the idf of every word of every candidate span: once each

    @classmethod
    def build(cls, texts: Sequence[str]) -> "LexicalIndex":
        """A one-segment index over `texts` (rows in order)."""
        postings = Postings.build(texts)
        return cls([(postings, np.arange(len(texts), dtype=np.int64))], len(texts))

    def df(self, term: str) -> int:
        """In how many live chunks a stemmed term occurs."""
        if term not in self._df:
            count = 0
            for postings, row_map in self.parts:
                found = postings.lookup(term)
                if found is not None:
                    count += int(np.count_nonzero(row_map[found[0]] >= 0))
            self._df[term] = count
        return self._df[term]

    def idf(self, term: str) -> float:
        """How rare a stemmed term is among chunks; unknown terms count as rare."""
        found = self._idf.get(term)
        if found is None:
            df = self.df(term)
            found = float(np.log(1.0 + (self.size - df + 0.5) / (df + 0.5)))
            if df:  # kept for the index's own words only, so questions cannot grow it without bound
                self._idf[term] = found
        return found

    def statistics(self, query: str) -> CollectionStats:
        """This index's statistics for `query`'s terms, for scoring a part of it elsewhere."""
        return CollectionStats(self.size, self.avgdl, {t: self.df(t) for t in tokenize(query)})

    def scores(self, query: str, allowed: np.ndarray | None = None, stats: CollectionStats | None = None) -> np.ndarray:
        """BM25 score of every chunk (zeros when no query term is known); with a boolean
        `allowed` mask over rows, the other chunks score zero. With `stats` (a whole collection's,
        of which this index is a part), idf and average length come from them."""
        out = np.zeros(self.size, dtype=np.float32)
        if not self.size:
            return out
        size, avgdl = (stats.size, stats.avgdl) if stats is not None else (self.size, self.avgdl)
        for term in tokenize(query):  # a repeated query word counts each time, as in bm25s
            df = stats.df.get(term, 0) if stats is not None else self.df(term)
            if not df:
                continue
            idf = np.log(1.0 + (size - df + 0.5) / (df + 0.5))
            for postings, row_map in self.parts:
                found = postings.lookup(term)
                if found is None:
                    continue
                rows, tf = found
                target = row_map[rows]
                live = target >= 0
                dl = postings.lengths[rows[live]]
                tfl = tf[live]
                part = idf * tfl / (tfl + K1 * (1 - B + B * dl / avgdl))
                out[target[live]] += part.astype(np.float32)  # rows are unique per term and segment
        if allowed is not None:
            out[~allowed] = 0.0
        return out
