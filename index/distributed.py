"""Distributed ingest on a Ray cluster (issue 13): `newsdesk index --ray ADDRESS PATH...`.

The same steps as the single-process pipeline (`index/pipeline.py`), spread over a cluster with
Ray Data:

    files ──read (CPU tasks: index/load.py's readers; unchanged documents dropped)
          ──prepare (CPU tasks: clean, annotate, chunk = pipeline.prepare)
          ──embed (an actor pool of --encoders encoders = pipeline.embed; num_gpus=1 each on GPU clusters)
          ──write (CPU tasks: each batch of SEGMENT_DOCUMENTS documents → one immutable segment)

Segments are written into a staging directory of the job inside the index (a path every node
can read and write: a shared filesystem in production). The driver then commits them all to the
manifest in ONE atomic swap under the index's write lock: a job is all-or-nothing. A document's
identity is its id and fingerprint (as a single-process re-index): a document already live with
the same fingerprint is skipped, one live with another fingerprint is replaced (tombstoned), and
when a job names one id twice the last copy (by file, then record) wins. So re-running a job that
died adds nothing twice. A dead job's staging directory is named like any writer's temporary
directory (`.tmp-<driver pid>-...`), and is cleaned like them by the next writer.

Between stages documents travel as Arrow rows of JSON strings and float32 bytes: nothing pickled.
Ray is imported lazily: the default install has no ray (`pip install 'newsdesk[cluster]'`).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from index.documents import Article
from index.encoders import DIMENSION, ENV_VAR, chosen_name
from index.errors import LoadError
from index.lock import WAIT_SECONDS, write_lock
from index.manifest import SEGMENTS, Manifest, SegmentEntry, fsync_path, next_manifest, read_manifest, write_manifest
from index.pipeline import BATCH_DOCUMENTS, COMMIT_DOCUMENTS, PreparedDocument
from index.segment import TMP_PREFIX, ProcessedDocument, chunk_from_row, sentence_from_row, sentence_row

# Documents per written segment: what one single-process commit writes.
SEGMENT_DOCUMENTS = COMMIT_DOCUMENTS
# Memory one prepare task asks for (spaCy's pipeline and a batch). Asking for it also keeps Ray Data
# from fusing prepare into the encoder actors: the CPU work stays in tasks that scale on their own.
PREPARE_MEMORY_BYTES = 768 * 1024 * 1024
# Resources of one encoder actor; on a cluster with GPUs each encoder also takes one GPU.
ENCODER_CPUS = 1.0
ENCODER_GPUS = 1.0
JOB_TAG = "ray"
# Documents per read task at least (whole batches); a unit also holds the largest file whole.
UNIT_DOCUMENTS = 8 * BATCH_DOCUMENTS
MAX_READ_BLOCKS = 64
# A job that writes no segment for this long is given up (a lost node whose work Ray cannot
# re-run, a cluster without the resources): it fails with a message and commits nothing.
STALL_SECONDS = 300.0

log = logging.getLogger(__name__)


class RayIngestError(RuntimeError):
    """The distributed job failed; nothing was committed."""


@dataclass
class RayIngestReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: int = 0
    chunks: int = 0
    segments: int = 0
    words: int = 0
    files: int = 0
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    encoders: int = 0
    nodes: int = 0
    encoder_seconds: float = 0.0  # summed over the encoders: time spent embedding the committed segments
    pipeline_seconds: float = 0.0  # the main pass, from the first read to the last written segment


# -- the rows that travel between stages --------------------------------------------------------
#
# One row is one encoder batch: the BATCH_DOCUMENTS documents at the same positions of the job's
# document order as the single-process pipeline would batch them (files in order, records in order,
# unchanged documents left out, a repeated id at its first place with its last copy). The int8
# encoder's activations are quantised per batch, so the same batches make the same vectors.

BATCH_COLUMNS = ("batch", "words", "articles")
PREPARED_COLUMNS = BATCH_COLUMNS + ("prepared",)
EMBEDDED_COLUMNS = PREPARED_COLUMNS + ("chunk_vectors", "sentence_vectors", "embed_seconds")
WRITTEN_COLUMNS = ("segment", "first", "documents", "chunks", "words", "embed_seconds")


def _words(text: str) -> int:
    return len(text.split())


def _table(rows: list[dict], columns: Sequence[str]):
    import pyarrow as pa

    return pa.table({c: [r[c] for r in rows] for c in columns})


def _batch_articles(row: dict) -> list[tuple[int, int, Article]]:
    """(file, record, article) of a batch row, in batch order."""
    return [(f, r, Article(**a)) for f, r, a in json.loads(row["articles"])]


def _prepared_of(row: dict) -> list[PreparedDocument]:
    return [PreparedDocument(article, [sentence_from_row(s) for s in p["sentences"]],
                             [chunk_from_row(c) for c in p["chunks"]])
            for (_, _, article), p in zip(_batch_articles(row), json.loads(row["prepared"]))]


def _vectors(raw: bytes) -> np.ndarray:
    return np.frombuffer(raw, dtype=np.float32).reshape(-1, DIMENSION)


# -- the stages (run on the cluster) ------------------------------------------------------------


_live_cache: dict[str, dict[str, str]] = {}


def _live(ref) -> dict[str, str]:
    """The live documents' fingerprints, fetched once per worker process."""
    import ray

    key = ref.hex()
    if key not in _live_cache:
        _live_cache.clear()
        _live_cache[key] = ray.get(ref)
    return _live_cache[key]


def _articles(path: str, given: str, live: dict[str, str]) -> tuple[list[Article], int]:
    """(articles of `path` to index, how many are already live unchanged); the date is filled
    before comparing, as the single-process indexer does. Read by its absolute `path` (workers
    have their own working directories), an article names its file as the user gave it (`given`)."""
    from dataclasses import replace

    from index.dates import with_publication_date
    from index.load import load_file

    todo, unchanged = [], 0
    for article in load_file(Path(path)):
        article = with_publication_date(article if article.source != path else replace(article, source=given))
        if live.get(article.doc_id) == article.fingerprint:
            unchanged += 1
        else:
            todo.append(article)
    return todo, unchanged


def _survey(row: dict, live_ref) -> dict:
    """Pass 1: per file, the ids and word counts of the articles to index (no text kept)."""
    try:
        todo, unchanged = _articles(row["path"], row["given"], _live(live_ref))
    except LoadError as exc:  # NoArticle is a LoadError too: reported and skipped, as `load_report` does
        return {"file": row["file"], "ids": "[]", "unchanged": 0, "problem": str(exc)}
    return {"file": row["file"], "ids": json.dumps([[a.doc_id, _words(a.text)] for a in todo]),
            "unchanged": unchanged, "problem": ""}


def _read(unit: dict, live_ref) -> list[dict]:
    """Pass 2: a unit's batches. `unit["plan"]`: [position, file, record] for every position of the
    unit's batches; each file it needs is read once."""
    plan = json.loads(unit["plan"])
    needed: dict[int, dict[int, int]] = {}
    for position, file, record in plan:
        needed.setdefault(file, {})[record] = position
    at: dict[int, tuple[int, int, Article]] = {}
    paths = json.loads(unit["paths"])
    for file, records in needed.items():
        todo, _ = _articles(paths[str(file)][0], paths[str(file)][1], _live(live_ref))
        for record, position in records.items():
            at[position] = (file, record, todo[record])
    batches: dict[int, list[tuple[int, int, Article]]] = {}
    for position in sorted(at):
        batches.setdefault(position // BATCH_DOCUMENTS, []).append(at[position])
    return [{"batch": b, "words": sum(_words(a.text) for _, _, a in members),
             "articles": json.dumps([[f, r, asdict(a)] for f, r, a in members], ensure_ascii=False)}
            for b, members in sorted(batches.items())]


def _prepare(batch):
    from index.pipeline import prepare

    rows = batch.to_pylist()
    for row in rows:
        members = _batch_articles(row)
        prepared = prepare([a for _, _, a in members])
        row["articles"] = json.dumps([[f, r, asdict(p.article)] for (f, r, _), p in zip(members, prepared)],
                                     ensure_ascii=False)  # now with their signatures
        row["prepared"] = json.dumps([{"sentences": [sentence_row(s) for s in p.sentences],
                                       "chunks": [asdict(c) for c in p.chunks]} for p in prepared], ensure_ascii=False)
    return _table(rows, PREPARED_COLUMNS)


class _Encode:
    """One encoder actor: loads the model once, embeds one batch row per call (one encoder call each,
    as the single-process pipeline does)."""

    def __init__(self, encoder: str) -> None:
        from index.embed import load_embedder

        self.embedder = load_embedder(encoder)

    def __call__(self, batch):
        from index.pipeline import embed

        rows = batch.to_pylist()
        for row in rows:
            prepared = _prepared_of(row)
            started = time.perf_counter()
            done = embed(prepared, self.embedder)
            row["embed_seconds"] = time.perf_counter() - started  # this encoder's busy time (capacity plan)
            row["chunk_vectors"] = _bytes([d.chunk_vectors for d in done])
            row["sentence_vectors"] = _bytes([d.sentence_vectors for d in done])
        return _table(rows, EMBEDDED_COLUMNS)


def _bytes(parts: list[np.ndarray]) -> bytes:
    return np.ascontiguousarray(np.concatenate(parts) if parts else np.zeros((0, DIMENSION)), np.float32).tobytes()


def _write(batch, staging: str, prefix: str, encoder: str, dimension: int, documents_per_segment: int):
    """Batch rows → immutable segments of at most `documents_per_segment` documents in the job's
    staging directory; one output row per segment."""
    from index.segment import write_segment

    documents, members, positions, busy = [], [], [], 0.0
    for row in sorted(batch.to_pylist(), key=lambda r: r["batch"]):  # documents in the job's order
        busy += row["embed_seconds"]
        chunk_vectors, sentence_vectors = _vectors(row["chunk_vectors"]), _vectors(row["sentence_vectors"])
        c_row = s_row = 0
        for i, ((file, record, _), p) in enumerate(zip(_batch_articles(row), _prepared_of(row))):
            positions.append(row["batch"] * BATCH_DOCUMENTS + i)
            documents.append(ProcessedDocument(p.article, p.sentences, p.chunks,
                                               chunk_vectors[c_row:c_row + len(p.chunks)],
                                               sentence_vectors[s_row:s_row + len(p.sentences)]))
            members.append([p.article.doc_id, file, record, p.article.fingerprint])
            c_row += len(p.chunks)
            s_row += len(p.sentences)
    out = []
    pieces = range(0, len(documents), documents_per_segment)
    for i in pieces:
        name = f"{prefix}-{uuid.uuid4().hex[:8]}"
        part = documents[i:i + documents_per_segment]
        entry = write_segment(Path(staging), name, part, encoder, dimension)
        out.append({"segment": name, "first": positions[i], "documents": json.dumps(members[i:i + documents_per_segment]),
                    "chunks": entry.chunks, "words": sum(_words(d.article.text) for d in part),
                    "embed_seconds": busy / len(pieces)})
    return _table(out, WRITTEN_COLUMNS)


# -- the driver ---------------------------------------------------------------------------------


def live_documents(index_dir: Path, manifest: Manifest | None) -> dict[str, tuple[str, str]]:
    """doc id → (segment, fingerprint) of every live document, from the segments' documents.jsonl
    (no vectors loaded)."""
    live: dict[str, tuple[str, str]] = {}
    if manifest is None:
        return live
    for entry in manifest.segments:
        dead = manifest.tombstones(entry.name)
        with (Path(index_dir) / SEGMENTS / entry.name / "documents.jsonl").open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    article = Article(**json.loads(line))
                    if article.doc_id not in dead:
                        live[article.doc_id] = (entry.name, article.fingerprint)
    return live


def plan_units(survey: list[dict], files: list[str], given: list[str]) -> tuple[list[dict], int, int]:
    """(read units, articles, words): the job's document order as the single-process indexer makes
    it (files in order, a repeated id at its first place holding its last copy), cut into units of
    whole batches. A unit is at least UNIT_DOCUMENTS documents and at least the largest file, so a
    file is read by at most two units."""
    first: dict[str, int] = {}
    source: list[tuple[int, int]] = []  # position → (file, record) whose content it takes
    words: list[int] = []
    largest = 0
    for row in sorted(survey, key=lambda r: r["file"]):
        ids = json.loads(row["ids"])
        largest = max(largest, len(ids))
        for record, (doc_id, n_words) in enumerate(ids):
            if doc_id in first:  # the last copy wins, at the first copy's place
                source[first[doc_id]] = (row["file"], record)
                words[first[doc_id]] = n_words
            else:
                first[doc_id] = len(source)
                source.append((row["file"], record))
                words.append(n_words)
    size = -(-max(UNIT_DOCUMENTS, largest) // BATCH_DOCUMENTS) * BATCH_DOCUMENTS
    units = []
    for start in range(0, len(source), size):
        plan = [[p, *source[p]] for p in range(start, min(start + size, len(source)))]
        needed = sorted({f for _, f, _ in plan})
        units.append({"plan": json.dumps(plan), "paths": json.dumps({str(f): [files[f], given[f]] for f in needed})})
    return units, len(source), sum(words)


def _connect(address: str) -> bool:
    """Connect this process to the cluster as a driver; True when this call did (and must disconnect)."""
    import ray

    if ray.is_initialized():
        return False
    try:
        ray.init(address=address, logging_level=logging.ERROR, log_to_driver=False)
    except Exception as exc:  # ConnectionError, or a bad address
        raise RayIngestError(f"cannot connect to the Ray cluster at {address!r}: {exc}") from None
    return True


def _progress(total_words: int, total_articles: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total_words, unit="word", unit_scale=True, desc="indexing on ray", file=sys.stderr,
                disable=not enabled, postfix={"articles": f"0/{total_articles}"})


def ingest(address: str, paths: Iterable[Path], index_dir: Path, encoders: int = 1, encoder: str | None = None,
           progress: bool = False, segment_documents: int = SEGMENT_DOCUMENTS, stall_seconds: float = STALL_SECONDS,
           lock_timeout: float = WAIT_SECONDS) -> RayIngestReport:
    """Index the articles under `paths` into `index_dir` with a Ray Data job on the cluster at
    `address` (`auto` or host:port), at most `segment_documents` documents per new segment. All
    new segments are committed at once, or none."""
    import ray
    from ray.data import ActorPoolStrategy, DataContext

    if encoders < 1:
        raise ValueError("--encoders must be at least 1")
    if segment_documents < 1:
        raise ValueError("--segment-documents must be at least 1")
    started = time.monotonic()
    index_dir = Path(index_dir).resolve()
    given = [str(p) for p in _iter_files(paths)]
    files = [str(Path(p).resolve()) for p in given]
    manifest = read_manifest(index_dir)
    encoder = chosen_name(encoder or os.environ.get(ENV_VAR) or (manifest.encoder if manifest and manifest.segments
                                                                   else None))
    if manifest is not None:
        manifest.check_encoder(encoder)
    if encoder == "onnx-int8":  # made once here, not by every encoder at once
        from index.encoders.onnx_int8 import ensure_export

        ensure_export()
    live = {doc_id: fp for doc_id, (_, fp) in live_documents(index_dir, manifest).items()}
    report = RayIngestReport(files=len(files), encoders=encoders)
    connected = _connect(address)
    staging = index_dir / SEGMENTS / f"{TMP_PREFIX}{os.getpid()}-{JOB_TAG}-{uuid.uuid4().hex}"
    try:
        context = DataContext.get_current()
        context.enable_progress_bars = False  # ours shows articles/s, words/s and the ETA
        context.print_on_execution_start = False
        # blocks leave every stage in the job's order: a segment holds consecutive documents and the
        # manifest lists segments in that order, so chunk rows come in the single-process order
        context.execution_options.preserve_order = True
        report.nodes = sum(1 for n in ray.nodes() if n["Alive"])
        gpus = ray.cluster_resources().get("GPU", 0) > 0
        live_ref = ray.put(live)
        try:
            listed = ray.data.from_items([{"file": i, "path": p, "given": g} for i, (p, g) in enumerate(zip(files, given))],
                                         override_num_blocks=max(1, min(len(files), MAX_READ_BLOCKS)))
            survey = listed.map(_survey, fn_kwargs={"live_ref": live_ref}).take_all()
        except Exception as exc:
            raise _failed(exc) from exc
        report.problems = [r["problem"] for r in sorted(survey, key=lambda r: r["file"]) if r["problem"]]
        report.unchanged = sum(r["unchanged"] for r in survey)
        units, total_articles, total_words = plan_units(survey, files, given)
        if not units:
            report.seconds = time.monotonic() - started
            return report
        staging.mkdir(parents=True)
        prefix = f"{(manifest.generation if manifest else 0) + 1:08d}"
        dataset = (ray.data.from_items(units, override_num_blocks=max(1, min(len(units), MAX_READ_BLOCKS)))
                   .flat_map(_read, fn_kwargs={"live_ref": live_ref})
                   .repartition(target_num_rows_per_block=1)  # streaming: one encoder batch per block
                   .map_batches(_prepare, batch_size=1, batch_format="pyarrow", memory=PREPARE_MEMORY_BYTES)
                   .map_batches(_Encode, fn_constructor_kwargs={"encoder": encoder}, batch_size=1,
                                batch_format="pyarrow", compute=ActorPoolStrategy(size=encoders), num_cpus=ENCODER_CPUS,
                                num_gpus=ENCODER_GPUS if gpus else 0)
                   .map_batches(_write, batch_size=max(1, segment_documents // BATCH_DOCUMENTS),
                                batch_format="pyarrow",
                                fn_kwargs={"staging": str(staging), "prefix": prefix, "encoder": encoder,
                                           "dimension": manifest.dimension if manifest else DIMENSION,
                                           "documents_per_segment": segment_documents}))
        written: list[dict] = []
        articles = 0
        pass_started = time.monotonic()
        with _progress(total_words, total_articles, progress) as bar:
            try:
                for batch in _watched(dataset.iter_batches(batch_size=None, batch_format="pyarrow"), stall_seconds):
                    for row in batch.to_pylist():
                        written.append(row)
                        articles += len(json.loads(row["documents"]))
                        elapsed = max(time.monotonic() - started, 1e-9)
                        bar.set_postfix({"articles": f"{articles}/{total_articles}",
                                         "articles/s": f"{articles / elapsed:.1f}"}, refresh=False)
                        bar.update(row["words"])
            except Exception as exc:
                raise _failed(exc) from exc
        report.pipeline_seconds = time.monotonic() - pass_started
        _commit(index_dir, staging, written, encoder, report, lock_timeout)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if connected:
            ray.shutdown()
    report.seconds = time.monotonic() - started
    return report


class Stalled(TimeoutError):
    pass


def _watched(batches: Iterator, stall_seconds: float) -> Iterator:
    """`batches`, consumed in a thread, so that a job that stops making progress raises `Stalled`
    instead of hanging the driver (its tasks end with the driver's job)."""
    import queue
    import threading

    handoff: queue.Queue = queue.Queue(maxsize=1)
    done = object()

    def pump() -> None:
        try:
            for item in batches:
                handoff.put((item, None))
            handoff.put((done, None))
        except BaseException as exc:  # handed to the caller
            handoff.put((None, exc))

    threading.Thread(target=pump, name="ray-ingest-results", daemon=True).start()
    while True:
        try:
            item, error = handoff.get(timeout=stall_seconds)
        except queue.Empty:
            raise Stalled(f"no segment written for {stall_seconds:.0f} s") from None
        if error is not None:
            raise error
        if item is done:
            return
        yield item


def _failed(exc: BaseException) -> RayIngestError:
    return RayIngestError(f"the Ray ingest job failed ({type(exc).__name__}: {_first_line(exc)}); nothing was "
                          f"committed, the index is as it was; re-run the same command to retry")


def _iter_files(paths: Iterable[Path]) -> list[Path]:
    from index.load import iter_files

    return list(iter_files(paths))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[-1][:300] if text else ""


def _commit(index_dir: Path, staging: Path, written: list[dict], encoder: str, report: RayIngestReport,
            lock_timeout: float) -> None:
    """Adopt the staged segments and replace the manifest once, under the write lock."""
    from index.store import IndexStore

    segments_dir = index_dir / SEGMENTS
    with write_lock(index_dir, lock_timeout):
        current = read_manifest(index_dir)
        if current is None or not current.segments:
            current = Manifest(encoder=encoder, dimension=current.dimension if current else DIMENSION,
                               generation=current.generation if current else 0)
        current.check_encoder(encoder)
        live = live_documents(index_dir, current)
        # the last copy of an id wins (by file, then record); a retried block's second copy loses
        winner: dict[str, tuple[tuple[int, int], str]] = {}
        for row in written:
            for doc_id, file, record, _ in json.loads(row["documents"]):
                if doc_id not in winner or (file, record) > winner[doc_id][0]:
                    winner[doc_id] = ((file, record), row["segment"])
        deleted = {name: set(ids) for name, ids in current.deleted.items()}
        adopted: list[SegmentEntry] = []
        for row in sorted(written, key=lambda r: r["first"]):
            members = json.loads(row["documents"])
            dropped = set()
            for doc_id, file, record, fingerprint in members:
                stored = live.get(doc_id)
                if winner[doc_id] != ((file, record), row["segment"]):
                    dropped.add(doc_id)
                elif stored is not None and stored[1] == fingerprint:  # another writer added it meanwhile
                    dropped.add(doc_id)
                    report.unchanged += 1
                else:
                    if stored is not None:
                        deleted.setdefault(stored[0], set()).add(doc_id)
                    (report.replaced if stored is not None else report.added).append(doc_id)
            if len(dropped) == len(members):
                continue
            os.rename(staging / row["segment"], segments_dir / row["segment"])
            adopted.append(SegmentEntry(row["segment"], len(members), row["chunks"]))
            if dropped:
                deleted[row["segment"]] = dropped
            report.chunks += row["chunks"]
            report.words += row["words"]
            report.encoder_seconds += row["embed_seconds"]
        if not adopted:
            return
        fsync_path(segments_dir)
        write_manifest(index_dir, next_manifest(current, list(current.segments) + adopted, deleted, retired=[]))
        report.segments = len(adopted)
        shutil.rmtree(staging, ignore_errors=True)
        IndexStore(index_dir)._clean_tmp()  # staging directories of dead jobs, other dead writers' files
