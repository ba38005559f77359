"""Newsdesk: the one object the HTTP API, the Slack bot, the CLI and the tests talk to."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from pathlib import Path

from index.documents import Article
from index.embed import MODEL_NAME, Embedder
from index.load import article_from_record
from index.pipeline import IngestReport, Indexer
from index.store import Snapshot
from service.answering import Answerer, Result
from service.answering.scorer import DEFAULT_STRATEGY
from service.answering.question import analyse
from service.answering.corroboration import published_by
from service.models import Answer, Citation, Document, DocumentSummary, Evidence, Passage, Stats
from service.filters import Filters, why_nothing
from service.retrieve import FusionWeights, Hit, LocalRetriever, Mode, Retriever

SEED_DIR = Path(__file__).resolve().parent.parent / "seeds"
# The answerer reads at least this many passages, whatever k the caller asked to see.
ANSWER_DEPTH = 10


class NotReady(RuntimeError):
    """No Newsdesk to answer with yet: the index is still loading, or loading it failed."""


class Newsdesk:
    def __init__(self, index_dir: Path, embedder: Embedder | None = None, weights: FusionWeights = FusionWeights(),
                 answerer: Answerer | None = None, retriever: Retriever | None = None) -> None:
        """`retriever`: where candidates are searched — this process (the default) or the shards
        of a cluster (service/cluster); everything else is the same either way."""
        self.index_dir = Path(index_dir)
        self.indexer = Indexer(self.index_dir, embedder)
        self.answerer = answerer or shared_answerer()
        self.weights = weights
        self.retriever = retriever or LocalRetriever()

    @classmethod
    def open(cls, index_dir: Path, seed_dir: Path | None = SEED_DIR, progress: bool = False,
             retriever: Retriever | None = None) -> "Newsdesk":
        """Load the index at `index_dir`, building it from `seed_dir` when there is none yet."""
        desk = cls(index_dir, retriever=retriever)
        if not desk.snapshot.documents and seed_dir is not None and Path(seed_dir).is_dir():
            desk.indexer.add_paths([Path(seed_dir)], progress=progress)
        return desk

    @property
    def embedder(self) -> Embedder:
        """Loaded on first use: listing documents or stats need no model."""
        return self.indexer.embedder

    @embedder.setter
    def embedder(self, embedder: Embedder) -> None:
        self.indexer.embedder = embedder

    def warm_up(self) -> None:
        """Load the model, the parser and the language identifier now, so the first question (and
        the first added article) is as fast as the rest."""
        from index.sources.language import detect

        self.ask("Who warms up the service?")
        detect("The language identifier loads its model on first use, so the service loads it at start-up.")

    @property
    def snapshot(self) -> Snapshot:
        self.indexer.refresh()
        return self.indexer.snapshot

    # -- answering -------------------------------------------------------------------------

    def _retrieve(self, snapshot: Snapshot, question: str, k: int, mode: Mode = "hybrid",
                  doc_ids: Collection[str] | None = None, filters: Filters | None = None):
        vector = self.embedder.encode_one(question)
        return self.retriever(snapshot, question, vector, k, mode, self.weights, doc_ids, filters), vector

    def search(self, question: str, k: int = 5, mode: Mode = "hybrid",
               doc_ids: Collection[str] | None = None, filters: Filters | None = None) -> list[Passage]:
        snapshot = self.snapshot
        hits, _ = self._retrieve(snapshot, question, k, mode, doc_ids, filters)
        return _passages(snapshot, hits)

    def ask(self, question: str, k: int = 5, doc_ids: Collection[str] | None = None, as_of: date | None = None,
            filters: Filters | None = None) -> Answer:
        """Answer from the whole index, or only from the documents in `doc_ids`; with `as_of`, as
        things stood on that date (articles published after it are left out); with `filters`,
        only from documents of that period, those sources, that language."""
        snapshot = self.snapshot  # one consistent view even if a write lands meanwhile
        if filters is not None and filters.active and not filters.doc_ids(snapshot, doc_ids):
            reason = why_nothing(snapshot, filters)
            return Answer(question=question, text=f"I can't answer that from the indexed articles: {reason}.",
                          abstained=True, reason=reason, confidence=0.0, question_type=analyse(question).kind)
        if as_of is not None:
            doc_ids = published_by(snapshot, as_of, doc_ids)
            if not doc_ids:
                reason = f"no indexed article was published on or before {as_of.isoformat()}"
                return Answer(question=question, text=f"I can't answer that from the indexed articles: {reason}.",
                              abstained=True, reason=reason, confidence=0.0, question_type=analyse(question).kind)
        depth = max(k, ANSWER_DEPTH)
        hits, vector = self._retrieve(snapshot, question, depth, doc_ids=doc_ids, filters=filters)

        def story(documents: Collection[str]) -> list[Hit]:  # the passages of the story's own articles
            return self.retriever(snapshot, question, vector, depth, "hybrid", self.weights, documents, None)

        result = self.answerer.answer(snapshot, analyse(question), hits, vector, story)
        answer = _api_answer(result, _passages(snapshot, result.read if result.read is not None else hits))
        cited = {c.chunk_id for c in answer.citations}
        answer.passages = [p for p in answer.passages if p.rank <= k or p.chunk_id in cited]
        return answer

    # -- documents -------------------------------------------------------------------------

    def add(self, articles: list[Article], progress: bool = False) -> IngestReport:
        return self.indexer.add(articles, progress)

    def add_record(self, record: dict) -> IngestReport:
        return self.add([article_from_record(record, "request")])

    def add_paths(self, paths: list[Path], progress: bool = False) -> IngestReport:
        return self.indexer.add_paths(paths, progress)

    def delete(self, doc_id: str) -> bool:
        return bool(self.indexer.delete([doc_id]))

    def documents(self, filters: Filters | None = None, limit: int | None = None, offset: int = 0) -> list[DocumentSummary]:
        return self.list_documents(filters, limit, offset)[1]

    def list_documents(self, filters: Filters | None = None, limit: int | None = None,
                       offset: int = 0) -> tuple[int, list[DocumentSummary]]:
        """(how many documents pass `filters`, the page `offset:offset+limit` of them in index order)."""
        snapshot = self.snapshot
        ids = filters.doc_ids(snapshot) if filters is not None and filters.active else list(snapshot.documents)
        page = ids[offset:offset + limit if limit is not None else None]
        return len(ids), [_summary(snapshot, snapshot.documents[d]) for d in page]

    def document(self, doc_id: str) -> Document | None:
        snapshot = self.snapshot
        article = snapshot.documents.get(doc_id)
        return Document(**_summary(snapshot, article).model_dump(), text=article.text) if article else None

    def shards(self) -> list[dict] | None:
        """Each shard replica's manifest generation and node, when shards serve retrieval (else None)."""
        return self.retriever.serving()

    def stats(self) -> Stats:
        s = self.snapshot
        return Stats(documents=len(s.documents), chunks=len(s.chunks), sentences=s.sentence_count,
                     index_dir=str(self.index_dir), snapshot=s.name, model=MODEL_NAME)


_ANSWERERS: dict[str, Answerer] = {}


def shared_answerer(strategy: str = DEFAULT_STRATEGY) -> Answerer:
    """One answerer per strategy per process: the learned model file is read once, at start-up."""
    if strategy not in _ANSWERERS:
        _ANSWERERS[strategy] = Answerer(strategy)
    return _ANSWERERS[strategy]


def _api_answer(result: Result, passages: list[Passage]) -> Answer:
    """The answerer's internal result as the API's Answer model."""
    return Answer(question=result.question, answer=result.answer, text=result.text, abstained=result.abstained,
                  reason=result.reason, confidence=result.confidence, question_type=result.question_type,
                  resolved_date=result.resolved_date, citations=[Citation(**vars(c)) for c in result.citations],
                  support=[Evidence(**vars(e)) for e in result.support],
                  conflicts=[Evidence(**vars(e)) for e in result.conflicts],
                  superseded=[Evidence(**vars(e)) for e in result.superseded], passages=passages)


def _summary(snapshot: Snapshot, article: Article) -> DocumentSummary:
    return DocumentSummary(doc_id=article.doc_id, title=article.title, published=article.published, url=article.url,
                           chunks=len(snapshot.chunks_by_doc.get(article.doc_id, [])), chars=len(article.text),
                           author=article.author, site=article.site, language=article.language,
                           modified=article.modified, keywords=list(article.keywords))


def _passages(snapshot: Snapshot, hits: list[Hit]) -> list[Passage]:
    passages = []
    for rank, hit in enumerate(hits, 1):
        chunk = snapshot.chunks[hit.row]
        passages.append(Passage(rank=rank, chunk_id=chunk.chunk_id, doc_id=chunk.doc_id,
                                title=snapshot.documents[chunk.doc_id].title, score=round(hit.score, 4),
                                text=snapshot.chunk_texts[hit.row], start=chunk.start, end=chunk.end))
    return passages
