"""The LangChain way of indexing the same articles, as the yardstick for `newsdesk bench`.

What people would otherwise pick: `RecursiveCharacterTextSplitter` (LangChain's documented
1,000-character chunks with 200 overlap) + `HuggingFaceEmbeddings` (sentence-transformers, torch,
the same packaged MiniLM) + `FAISS.from_documents`. It computes no annotations, no sentence
vectors and no BM25; newsdesk must still ingest at least as fast. Needs the `bench` extra
(langchain-community).
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Sequence

from index.documents import Article

CHUNK_CHARS = 1000
OVERLAP_CHARS = 200


def available() -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "langchain-community is being sunset"
        try:
            import langchain_community  # noqa: F401
        except ImportError:
            return False
    return True


def ingest(articles: Sequence[Article]) -> dict:
    """Split, embed and index `articles` the LangChain way; model loading is not timed."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # langchain-community's deprecation notices
        from langchain_community.embeddings import HuggingFaceEmbeddings
        from langchain_community.vectorstores import FAISS
        from langchain_core.documents import Document
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        from index.encoders.base import model_dir

        embeddings = HuggingFaceEmbeddings(model_name=str(model_dir()), model_kwargs={"device": "cpu"},
                                           encode_kwargs={"normalize_embeddings": True})
        embeddings.embed_documents(["warm up"])
        started = time.perf_counter()
        splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_CHARS, chunk_overlap=OVERLAP_CHARS)
        chunks = splitter.split_documents([Document(page_content=a.text, metadata={"doc_id": a.doc_id}) for a in articles])
        store = FAISS.from_documents(chunks, embeddings)
        seconds = time.perf_counter() - started
    words = sum(len(a.text.split()) for a in articles)
    return {"seconds": round(seconds, 2), "chunks": len(chunks), "vectors": store.index.ntotal,
            "words_per_second": round(words / seconds, 1), "chunks_per_second": round(len(chunks) / seconds, 1)}
