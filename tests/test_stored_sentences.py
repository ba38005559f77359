"""Sentence annotations read on demand from a segment's sentences.jsonl (index/stored_sentences.py)."""

from __future__ import annotations

import pytest

from index import stored_sentences
from index.documents import Sentence
from index.stored_sentences import StoredSentences, sentence_line

IDS = ["plain-1", 'quote"and\\backslash', "accent-é/2", "empty-doc", "last"]


def _sentences(doc_id: str, n: int) -> list[Sentence]:
    return [Sentence(doc_id, 10 * i, 10 * i + 8, entities=[(0, 3, "GPE")], noun_phrases=[(0, 3)],
                     tokens=[(0, 3, "paris", "PROPN", "nsubj", 1), (4, 8, "fall", "VERB", "ROOT", 1)],
                     heading=i == 0) for i in range(n)]


@pytest.fixture()
def stored(tmp_path):
    expected = {d: _sentences(d, n) for d, n in zip(IDS, [3, 2, 4, 0, 1])}
    path = tmp_path / "sentences.jsonl"
    path.write_bytes(b"".join(sentence_line(s) for d in IDS for s in expected[d]))
    return StoredSentences(path, IDS), expected


def test_every_document_reads_back_as_written(stored):
    sentences, expected = stored
    assert list(sentences) == IDS and sentences.count == 10
    for doc_id in IDS:
        assert len(sentences[doc_id]) == len(expected[doc_id])
        assert list(sentences[doc_id]) == expected[doc_id] and sentences[doc_id] == expected[doc_id]
    assert sentences["plain-1"][-1] == expected["plain-1"][2] and sentences["plain-1"][1:] == expected["plain-1"][1:]
    with pytest.raises(IndexError):
        sentences["last"][1]


def test_nothing_is_parsed_until_read_and_the_cache_is_bounded(stored, monkeypatch):
    sentences, expected = stored
    parsed = []
    real = stored_sentences.sentence_from_row
    monkeypatch.setattr(stored_sentences, "sentence_from_row", lambda row: parsed.append(row) or real(row))
    monkeypatch.setattr(stored_sentences, "CACHED_SENTENCES", 2)
    assert parsed == [] and len(sentences["accent-é/2"]) == 4  # lengths need no parsing
    sentences["accent-é/2"][3]
    sentences["accent-é/2"][3]
    assert len(parsed) == 1  # the second read came from the cache
    for s in sentences["accent-é/2"]:
        pass
    assert len(parsed) == 1 + 4 and len(sentences._file._cache) == 2  # 3 was evicted by 0 and 1


def test_raw_lines_are_the_stored_bytes(stored, tmp_path):
    sentences, expected = stored
    assert b"".join(sentences['quote"and\\backslash'].raw_lines()) == b"".join(sentence_line(s) for s in expected['quote"and\\backslash'])


def test_a_sentence_of_an_unknown_document_is_refused(tmp_path):
    path = tmp_path / "sentences.jsonl"
    path.write_bytes(b"".join(sentence_line(s) for s in _sentences("stranger", 1)))
    with pytest.raises(ValueError, match="unknown document"):
        StoredSentences(path, ["plain-1"])
