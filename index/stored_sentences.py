"""A segment's sentence annotations, read from its `sentences.jsonl` when asked for.

Annotations are most of an index's bulk once parsed: every token is a tuple of six Python
objects, so the 4,886-article RealTimeQA corpus (380 k sentences, 8 M tokens) took ~4 GB of RAM
as objects while its file is 333 MB. A question reads the sentences of a few passages, so a
segment keeps the file memory-mapped with the byte offset of every line (numpy, 8 bytes a
sentence) and parses a sentence the first time it is read; the most recently read stay parsed
(`CACHED_SENTENCES` per segment). A merge copies the stored lines as they are.
"""

from __future__ import annotations

import json
import mmap
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np

from index.documents import Sentence

CACHED_SENTENCES = 4096  # parsed sentences kept per segment
_DOC_ID_PREFIX = b'{"doc_id":'


def sentence_row(s: Sentence) -> dict:
    """A sentence as stored in sentences.jsonl (and carried between Ray stages)."""
    return {"doc_id": s.doc_id, "start": s.start, "end": s.end, "heading": s.heading,
            "entities": s.entities, "noun_phrases": s.noun_phrases, "tokens": s.tokens}


def sentence_line(s: Sentence) -> bytes:
    return (json.dumps(sentence_row(s), ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def sentence_from_row(row: dict) -> Sentence:
    return Sentence(doc_id=row["doc_id"], start=row["start"], end=row["end"], heading=row["heading"],
                    entities=[tuple(e) for e in row["entities"]], noun_phrases=[tuple(n) for n in row["noun_phrases"]],
                    tokens=[tuple(t) for t in row["tokens"]])


class SentenceFile:
    """One segment's sentences.jsonl: line offsets in numpy, lines parsed on demand."""

    def __init__(self, path: Path, doc_ids: Sequence[str]) -> None:
        self.path = Path(path)
        with self.path.open("rb") as f:
            size = f.seek(0, 2)
            # A mapping outlives the file's name: a merged-away segment deleted later is still readable.
            self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        starts, owners = [], []
        position = 0
        data = self._map
        while position < size:
            end = data.find(b"\n", position)
            end = size if end == -1 else end + 1
            if end - position > 1:
                starts.append(position)
                owners.append(_doc_id_of(data, position, end))
            position = end
        starts.append(size)
        self._starts = np.asarray(starts, dtype=np.int64)
        self.ranges: dict[str, tuple[int, int]] = {d: (0, 0) for d in doc_ids}
        first = 0
        for line in range(1, len(owners) + 1):
            if line == len(owners) or owners[line] != owners[first]:
                if owners[first] not in self.ranges:
                    raise ValueError(f"{self.path}: a sentence of unknown document {owners[first]!r}")
                self.ranges[owners[first]] = (first, line)
                first = line
        self._cache: OrderedDict[int, Sentence] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._starts) - 1

    def raw(self, line: int) -> bytes:
        return bytes(self._map[self._starts[line]:self._starts[line + 1]])

    def sentence(self, line: int) -> Sentence:
        with self._lock:
            cached = self._cache.get(line)
            if cached is not None:
                self._cache.move_to_end(line)
                return cached
        parsed = sentence_from_row(json.loads(self.raw(line)))
        with self._lock:
            self._cache[line] = parsed
            if len(self._cache) > CACHED_SENTENCES:
                self._cache.popitem(last=False)
        return parsed


def _doc_id_of(data, start: int, end: int) -> str:
    """The document id of one stored line (written first, see `sentence_row`)."""
    if data[start:start + len(_DOC_ID_PREFIX)] == _DOC_ID_PREFIX:
        value_end = start + len(_DOC_ID_PREFIX) + 1
        while True:  # the JSON string ends at the first quote not escaped by a backslash
            value_end = data.find(b'"', value_end, end)
            if value_end == -1:
                break
            backslashes = 0
            while data[value_end - 1 - backslashes] == 0x5C:
                backslashes += 1
            if backslashes % 2 == 0:
                return json.loads(bytes(data[start + len(_DOC_ID_PREFIX):value_end + 1]))
            value_end += 1
    return json.loads(bytes(data[start:end]))["doc_id"]


class DocumentSentences(Sequence):
    """One document's sentences in a SentenceFile, each parsed when read."""

    __slots__ = ("_file", "_first", "_count")

    def __init__(self, file: SentenceFile, first: int, count: int) -> None:
        self._file, self._first, self._count = file, first, count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        i = int(index)
        if i < 0:
            i += self._count
        if not 0 <= i < self._count:
            raise IndexError(index)
        return self._file.sentence(self._first + i)

    def __iter__(self) -> Iterator[Sentence]:
        return (self._file.sentence(self._first + i) for i in range(self._count))

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and len(self) == len(other) and list(self) == list(other)

    def raw_lines(self) -> Iterator[bytes]:
        """The stored lines as they are (merges copy these instead of parsing and re-writing)."""
        return (self._file.raw(self._first + i) for i in range(self._count))


class StoredSentences(Mapping):
    """doc_id → that document's sentences, for one segment."""

    def __init__(self, path: Path, doc_ids: Sequence[str]) -> None:
        self._file = SentenceFile(path, doc_ids)
        self._documents = {d: DocumentSentences(self._file, first, end - first)
                           for d, (first, end) in self._file.ranges.items()}

    def __getitem__(self, doc_id: str) -> DocumentSentences:
        return self._documents[doc_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._documents)

    def __len__(self) -> int:
        return len(self._documents)

    @property
    def count(self) -> int:
        return len(self._file)
