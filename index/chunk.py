"""Split kept text into retrievable passages on sentence boundaries, keeping offsets."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from langchain_text_splitters import RecursiveCharacterTextSplitter

from index.documents import Chunk, Sentence

CHUNK_WORDS = 150
OVERLAP_WORDS = 25

# Paragraphs first, then sentence ends, then clause breaks: a chunk ends mid-sentence only
# when one sentence alone is longer than a chunk.
_SPLITTER = RecursiveCharacterTextSplitter(
    separators=[r"\n+", r"(?<=[.!?…”\"])\s+", r"(?<=[;:])\s+", r"\s+"],
    is_separator_regex=True,
    keep_separator=True,
    chunk_size=CHUNK_WORDS,
    chunk_overlap=OVERLAP_WORDS,
    length_function=lambda s: len(s.split()),
)


def chunk_id(doc_id: str, text: str) -> str:
    """Derived from content, so re-ingesting the same text yields the same ids."""
    return hashlib.sha1(f"{doc_id}\x00{text}".encode("utf-8")).hexdigest()[:16]


def chunk_document(doc_id: str, text: str, blocks: Sequence[tuple[int, int]], sentences: Sequence[Sentence]) -> list[Chunk]:
    chunks: list[Chunk] = []
    for block_start, block_end in blocks:
        block = text[block_start:block_end]
        position = 0
        for piece in _SPLITTER.split_text(block):
            # Pieces come in order and may overlap: search from just after the previous start.
            # (langchain's own start_index assumes lengths in characters, ours are in words.)
            found = block.find(piece, position)
            if found < 0:
                raise ValueError(f"{doc_id}: chunk text not found in the document")
            position = found + 1
            start, end = block_start + found, block_start + found + len(piece)
            covered = [i for i, s in enumerate(sentences) if s.start < end and s.end > start]
            if not covered:
                continue
            chunks.append(Chunk(chunk_id(doc_id, piece), doc_id, start, end, (covered[0], covered[-1] + 1)))
    return chunks
