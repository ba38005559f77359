"""The `newsdesk` command line: index, ask, search, serve, stats, bench, eval."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Optional

import typer

from service.models import DOC_ID_MAX, MAX_K
from service.settings import Settings

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Extractive, cited question answering over news articles. No LLM.")

K = Annotated[int, typer.Option("--k", "-k", min=1, max=MAX_K, help="passages to retrieve (1-50)")]
AS_JSON = Annotated[bool, typer.Option("--json", help="print the API's JSON object")]
URL = Annotated[Optional[str], typer.Option("--url", help="use a running service at this URL instead of the local index")]
KEY = Annotated[Optional[str], typer.Option("--key", help="API key for --url (default: $NEWSDESK_API_KEY)")]


def _client(url: str, key: str | None):
    from service.client import Client

    return Client(url, key)


def _no_filters_remote(filters) -> None:
    if filters.active:
        typer.echo("error: --since/--until/--source/--language work on the local index only, not with --url", err=True)
        raise typer.Exit(2)


def _remote(call):
    """Run `call()` against the service; a typed error becomes a one-line message and exit status."""
    import httpx

    from service.client import NewsdeskError, Validation

    try:
        return call()
    except Validation as exc:
        reasons = "; ".join(f"{e.get('field')}: {e.get('message')}" for e in exc.errors) or exc.detail
        typer.echo(f"error: {reasons}", err=True)
        raise typer.Exit(2)
    except NewsdeskError as exc:
        typer.echo(f"error: {exc.status} {exc.detail}", err=True)
        raise typer.Exit(1)
    except httpx.HTTPError as exc:
        typer.echo(f"error: cannot reach the service: {type(exc).__name__}", err=True)
        raise typer.Exit(1)


SINCE = Annotated[Optional[datetime], typer.Option("--since", formats=["%Y-%m-%d"], help="only articles published on or after")]
UNTIL = Annotated[Optional[datetime], typer.Option("--until", formats=["%Y-%m-%d"], help="only articles published on or before")]
SOURCE = Annotated[Optional[list[str]], typer.Option("--source", help="only from this site name or host (repeat)")]
LANGUAGE = Annotated[Optional[str], typer.Option("--language", help="only articles in this language (en, de, ...)")]


def _filters(since, until, source, language):
    from service.filters import Filters

    if since and until and since > until:
        typer.echo("error: --since must not be after --until", err=True)
        raise typer.Exit(2)
    return Filters.of(since.date() if since else None, until.date() if until else None, source, language)


def _desk():
    from service.engine import Newsdesk

    return Newsdesk.open(Settings.from_env().index_dir, progress=sys.stderr.isatty())


def _check_question(question: str) -> str:
    from pydantic import ValidationError

    from service.models import QuestionRequest

    try:
        return QuestionRequest(question=question).question
    except ValidationError as exc:
        typer.echo(f"error: {exc.errors()[0]['msg'].removeprefix('Value error, ')}", err=True)
        raise typer.Exit(2)


@app.command()
def index(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="files or folders; default: seeds/ (unless --feed)")] = None,
    feed: Annotated[Optional[list[str]], typer.Option("--feed", help="RSS/Atom feed URL or file (repeat)")] = None,
    url: URL = None, key: KEY = None,
    optimize: Annotated[bool, typer.Option("--optimize", help="merge all segments into one afterwards")] = False,
    ray: Annotated[Optional[str], typer.Option("--ray", help="run the ingest on this Ray cluster ('auto' or host:port); "
                                                "needs newsdesk[cluster]")] = None,
    encoders: Annotated[int, typer.Option("--encoders", min=1, help="with --ray: encoder actors (one GPU each "
                                          "where the cluster has GPUs)")] = 1,
    segment_documents: Annotated[Optional[int], typer.Option("--segment-documents", min=1, help="with --ray: "
                                 "documents per written segment (the unit shards are made of); default 256")] = None,
    stall_timeout: Annotated[Optional[float], typer.Option("--stall-timeout", min=1, help="with --ray: give the job "
                             "up when no segment is written for this many seconds; default 300")] = None,
) -> None:
    """Add articles (.txt .md .json .jsonl .html .xml .warc, optionally .gz) and feed items to the
    index; unchanged ones are skipped, a file without an article is reported and skipped. With
    --url the files are read here and posted to the running service."""
    from index.encoders import EncoderMismatch
    from index.load import LoadError, load_report
    from index.lock import IndexBusy
    from index.manifest import IndexFormatError
    from service.engine import SEED_DIR, Newsdesk

    if url:
        if feed:
            typer.echo("error: --feed works on the local index only, not with --url", err=True)
            raise typer.Exit(2)
        return _index_remote(paths or [SEED_DIR], url, key)
    if ray:
        if feed or optimize:
            typer.echo("error: --ray indexes files; run --feed and --optimize without it", err=True)
            raise typer.Exit(2)
        return _index_ray(ray, paths or [SEED_DIR], encoders, segment_documents, stall_timeout)
    try:
        desk = Newsdesk(Settings.from_env().index_dir)
    except IndexFormatError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)
    if optimize and not paths and not feed:
        _optimize(desk)
        return
    if feed:
        _index_feeds(desk, feed)
        if not paths:
            return
    try:
        loaded = load_report(paths or [SEED_DIR])
    except LoadError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    for problem in loaded.problems:
        typer.echo(f"skipped: {problem}", err=True)
    try:
        report = desk.add(loaded.articles, progress=True)
    except IndexBusy as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)
    except (EncoderMismatch, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    stats = desk.stats()
    typer.echo(f"added {len(report.added)}, replaced {len(report.replaced)}, unchanged {len(report.unchanged)} "
               f"documents ({report.chunks} new chunks); skipped {len(loaded.problems)} files "
               f"({loaded.no_article} without an article); index now holds {stats.documents} documents, "
               f"{stats.chunks} chunks in {stats.index_dir}")
    if optimize:
        _optimize(desk)
    if loaded.problems and not loaded.articles:
        raise typer.Exit(2)  # nothing usable: the same status as an unreadable file always had


def _index_ray(address: str, paths: list[Path], encoders: int, segment_documents: int | None,
               stall_timeout: float | None) -> None:
    """`newsdesk index --ray`: the ingest as a Ray Data job (index/distributed.py)."""
    from index.encoders import EncoderMismatch
    from index.load import LoadError
    from index.lock import IndexBusy
    from index.manifest import IndexFormatError

    try:
        from index.distributed import RayIngestError, ingest
        import ray  # noqa: F401
    except ImportError:
        typer.echo("error: --ray needs the cluster extra: pip install 'newsdesk[cluster]'", err=True)
        raise typer.Exit(2)
    from index.distributed import SEGMENT_DOCUMENTS, STALL_SECONDS

    index_dir = Settings.from_env().index_dir
    try:
        report = ingest(address, paths, index_dir, encoders=encoders, progress=True,
                        segment_documents=segment_documents or SEGMENT_DOCUMENTS,
                        stall_seconds=stall_timeout or STALL_SECONDS)
    except (LoadError, EncoderMismatch, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    except (RayIngestError, IndexBusy, IndexFormatError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)
    for problem in report.problems:
        typer.echo(f"skipped: {problem}", err=True)
    rate = report.words / report.seconds if report.seconds else 0.0
    typer.echo(f"added {len(report.added)}, replaced {len(report.replaced)}, unchanged {report.unchanged} documents "
               f"({report.chunks} new chunks in {report.segments} segments) on {report.nodes} Ray nodes with "
               f"{report.encoders} encoders in {report.seconds:.1f} s ({rate:.0f} words/s); skipped "
               f"{len(report.problems)} files; index in {index_dir}")
    if report.problems and not (report.added or report.replaced or report.unchanged):
        raise typer.Exit(2)


def _optimize(desk) -> None:
    """`newsdesk index --optimize`: merge every segment into one, dropping deleted documents."""
    import time

    from index.lock import IndexBusy

    before = len(desk.indexer.snapshot.segments)
    started = time.perf_counter()
    try:
        desk.indexer.optimize()
    except IndexBusy as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)
    typer.echo(f"merged {before} segments into {len(desk.indexer.snapshot.segments)} "
               f"in {time.perf_counter() - started:.2f} s")


def _index_feeds(desk, feeds: list[str]) -> None:
    from index.feed_ingest import ingest_feeds

    report = ingest_feeds(desk.indexer, feeds, progress=sys.stderr.isatty())
    for problem in report.problems:
        typer.echo(f"skipped: {problem}", err=True)
    typer.echo(f"{report.summary()}; index now holds {desk.stats().documents} documents")


def _seconds(every: str) -> float:
    units = {"s": 1, "m": 60, "h": 3600}
    try:
        value = float(every[:-1]) * units[every[-1]] if every[-1] in units else float(every)
    except (ValueError, IndexError):
        raise typer.BadParameter(f"{every!r}: use e.g. 30s, 10m, 1h") from None
    if value < 1:
        raise typer.BadParameter("--every must be at least 1s")
    return value


@app.command()
def watch(
    feeds: Annotated[list[str], typer.Argument(help="RSS/Atom feed URLs or files")],
    every: Annotated[str, typer.Option("--every", help="poll interval: 30s, 10m, 1h")] = "10m",
    rounds: Annotated[Optional[int], typer.Option("--rounds", min=1, help="stop after N polls (default: run until stopped)")] = None,
) -> None:
    """Poll feeds: new items indexed once, updated items replace the old; unchanged feeds cost a 304."""
    import time

    from service.engine import Newsdesk

    interval = _seconds(every)
    desk = Newsdesk(Settings.from_env().index_dir)
    done = 0
    while True:
        _index_feeds(desk, feeds)
        done += 1
        if rounds is not None and done >= rounds:
            return
        time.sleep(interval)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="files or folders")],
    as_json: Annotated[bool, typer.Option("--json", help="one JSON line per document")] = False,
) -> None:
    """What would be indexed from each file (metadata and text), without indexing."""
    from index.load import LoadError, NoArticle, iter_files, load_file

    problems = no_article = 0
    try:
        files = list(iter_files(paths))
    except LoadError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    for path in files:
        try:
            articles = load_file(path)
        except LoadError as exc:
            problems += 1
            no_article += isinstance(exc, NoArticle)
            typer.echo(f"skipped: {exc}", err=True)
            continue
        for i, a in enumerate(articles):
            key = path.name if len(articles) == 1 else f"{path.name}#{a.doc_id}"
            record = {"id": key, "doc_id": a.doc_id, "title": a.title, "published": a.published, "modified": a.modified,
                      "author": a.author, "site": a.site, "url": a.url, "source": a.source, "language": a.language,
                      "keywords": list(a.keywords), "text": a.text}
            if as_json:
                typer.echo(json.dumps(record, ensure_ascii=False))
            else:
                typer.echo("\n".join(f"{k}: {v}" for k, v in record.items() if k != "text" and v))
                typer.echo(f"\n{a.text}\n{'-' * 60}")
    typer.echo(f"{len(files) - problems} of {len(files)} files extracted; skipped {problems} "
               f"({no_article} without an article)", err=True)


def _index_remote(paths: list[Path], url: str, key: str | None) -> None:
    """Load the files here, POST each article to the service."""
    from index.load import LoadError, load_paths, safe_doc_id

    try:
        articles = load_paths(paths)
    except LoadError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    added = replaced = unchanged = chunks = 0
    with _client(url, key) as client:
        for article in articles:
            record = {"doc_id": safe_doc_id(article.doc_id)[:DOC_ID_MAX], "title": article.title or None, "text": article.text,
                      "published": article.published, "url": article.url}
            report = _remote(lambda: client.add({k: v for k, v in record.items() if v is not None}))
            added, replaced, unchanged = added + len(report.added), replaced + len(report.replaced), unchanged + len(report.unchanged)
            chunks += report.chunks
        stats = _remote(client.stats)
    typer.echo(f"added {added}, replaced {replaced}, unchanged {unchanged} documents ({chunks} new chunks); "
               f"{url} now holds {stats.documents} documents, {stats.chunks} chunks")


@app.command()
def ask(question: str, k: K = 5, as_json: AS_JSON = False,
        as_of: Annotated[Optional[datetime], typer.Option("--as-of", formats=["%Y-%m-%d"],
                                                          help="Answer as things stood on this date.")] = None,
        since: SINCE = None, until: UNTIL = None, source: SOURCE = None, language: LANGUAGE = None,
        url: URL = None, key: KEY = None) -> None:
    """Answer a question with a short verbatim span and cited quotes."""
    question = _check_question(question)
    day = as_of.date() if as_of else None
    filters = _filters(since, until, source, language)
    if url:
        _no_filters_remote(filters)
        with _client(url, key) as client:
            answer = _remote(lambda: client.ask(question, k, as_of=day))
    else:
        answer = _desk().ask(question, k, as_of=day, filters=filters)
    if as_json:
        typer.echo(answer.model_dump_json(indent=2))
        return
    typer.echo(answer.text)
    if not answer.abstained:
        typer.echo(f"\nanswer: {answer.answer}    confidence: {answer.confidence:.2f}")
    for c in answer.citations:
        typer.echo(f"[{c.n}] {c.doc_id} [{c.start}:{c.end}] {c.quote}")


@app.command()
def search(question: str, k: K = 5, as_json: AS_JSON = False, since: SINCE = None, until: UNTIL = None,
           source: SOURCE = None, language: LANGUAGE = None, url: URL = None, key: KEY = None) -> None:
    """Rank passages for a question (hybrid BM25 + dense)."""
    from service.models import SearchResponse

    question = _check_question(question)
    filters = _filters(since, until, source, language)
    if url:
        _no_filters_remote(filters)
        with _client(url, key) as client:
            results = _remote(lambda: client.search(question, k)).results
    else:
        results = _desk().search(question, k, filters=filters)
    if as_json:
        typer.echo(SearchResponse(question=question, results=results).model_dump_json(indent=2))
        return
    for p in results:
        preview = " ".join(p.text.split())
        typer.echo(f"{p.rank}. {p.score:.3f}  {p.doc_id} [{p.start}:{p.end}]  {preview[:160]}{'…' if len(preview) > 160 else ''}")


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000,
          workers: Annotated[int, typer.Option("--workers", min=0,
                                               help="processes sharing the index directory; 0: one per core")] = 0,
          ray: Annotated[Optional[str], typer.Option("--ray", help="serve a sharded index on this Ray cluster "
                                                     "(auto or host:port); needs newsdesk[cluster]")] = None,
          shards: Annotated[int, typer.Option("--shards", min=1, help="with --ray: shard deployments")] = 3,
          replicas: Annotated[int, typer.Option("--replicas", min=1, help="with --ray: replicas per shard")] = 2) -> None:
    """Run the HTTP API (builds the index from seeds/ on first run).

    Without NEWSDESK_WRITE_KEY writes are refused, except when bound to loopback only (127.0.0.1,
    ::1, localhost): then only this machine can reach it and writes stay open.
    With several workers, each is a process over the same index directory (one writer at a time,
    each picks up the others' snapshots) that accepts connections once its index is loaded."""
    import dataclasses
    import ipaddress
    import os

    import uvicorn

    from index.encoders.base import cpu_count
    from service.api import create_app

    settings = Settings.from_env()
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if loopback and not (settings.write_key or settings.admin_key or settings.allow_open_writes):
        typer.echo(f"newsdesk: bound to loopback ({host}) with no NEWSDESK_WRITE_KEY: writes are open to this machine only",
                   err=True)
        settings = dataclasses.replace(settings, allow_open_writes=True)
    if ray is not None:
        _serve_cluster(settings, host, port, ray, shards, replicas)
        return
    workers = workers or cpu_count()
    typer.echo(f"web page: http://{host}:{port}/    API docs: http://{host}:{port}/docs")
    if workers == 1:
        uvicorn.run(create_app(settings=settings), host=host, port=port, log_level="info")
        return
    # Made once here, not raced by N workers: the int8 export and (first run) the seed index.
    from index.encoders import chosen_name
    from index.manifest import MANIFEST
    from service.engine import Newsdesk

    if chosen_name() == "onnx-int8":
        from index.encoders.onnx_int8 import ensure_export

        ensure_export()
    if not (settings.index_dir / MANIFEST).is_file():
        Newsdesk.open(settings.index_dir, progress=sys.stderr.isatty())
    if settings.allow_open_writes:
        os.environ["NEWSDESK_ALLOW_OPEN_WRITES"] = "1"  # the workers read their settings from the environment
    from service import workers as worker_pool

    # one listening socket per worker, so a client's kept-alive connections spread over them
    worker_pool.run("service.api.app:create_worker_app", host=host, port=port, workers=workers, factory=True,
                    log_level="info")


def _serve_cluster(settings: Settings, host: str, port: int, address: str, shards: int, replicas: int) -> None:
    """The same app, one ingress process; retrieval scattered to `shards` Ray Serve deployments."""
    try:
        from service.cluster.deploy import ClusterPlan
        from service.cluster.ingress import run
        import ray  # noqa: F401
    except ImportError:
        typer.echo("newsdesk: --ray needs the cluster extra: pip install 'newsdesk[cluster]'", err=True)
        raise typer.Exit(2)
    typer.echo(f"sharded serving: {shards} shards x {replicas} replicas on the Ray cluster at {address}")
    typer.echo(f"web page: http://{host}:{port}/    API docs: http://{host}:{port}/docs")
    run(ClusterPlan(address, settings.index_dir, shards, replicas), settings, host, port)


@app.command()
def slack(socket: Annotated[bool, typer.Option("--socket", help="connect to Slack over Socket Mode")] = False) -> None:
    """Run the Slack bot over Socket Mode (HTTP mode is served by `newsdesk serve` at /slack/events)."""
    from service.slack import run_socket_mode

    if not socket:
        typer.echo("error: only --socket runs here; for HTTP events run `newsdesk serve`", err=True)
        raise typer.Exit(2)
    run_socket_mode(_desk(), Settings.from_env())


@app.command()
def stats(url: URL = None, key: KEY = None) -> None:
    """What the index holds."""
    if url:
        with _client(url, key) as client:
            typer.echo(json.dumps(_remote(client.stats).model_dump(), indent=2))
        return
    typer.echo(json.dumps(_desk().stats().model_dump(), indent=2))


@app.command()
def bench(
    data: Annotated[Optional[Path], typer.Option("--data", help="JSONL of articles (.gz allowed); default: seeds/")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="articles taken from --data, spread over the file")] = 300,
    questions: Annotated[int, typer.Option("--questions", min=1, help="timed questions per endpoint")] = 200,
    k: K = 5,
    out: Annotated[Optional[Path], typer.Option("--out", help="JSON report; default eval_results/bench-<corpus>.json")] = None,
    peer: Annotated[bool, typer.Option("--peer/--no-peer", help="also ingest the LangChain way (needs the bench extra)")] = True,
    http: Annotated[bool, typer.Option("--http/--no-http", help="req/s at 8 clients against serve --workers 1 and N")] = True,
    requests: Annotated[int, typer.Option("--requests", min=10, help="requests per HTTP load run")] = 400,
    workers: Annotated[Optional[int], typer.Option("--workers", min=2, help="workers of the second load run; default: cores")] = None,
    index: Annotated[Optional[Path], typer.Option("--index", help="measure serving only, on this existing index "
                                                   "directory (no ingest, no peer); --data/--limit/--peer are ignored")] = None,
) -> None:
    """Ingest words/s and chunks/s against the LangChain peer, raw encoder rates (torch, int8),
    warm /ask and /search p50/p99, req/s at 8 clients with 1 and N workers, peak RSS."""
    from service.bench import run, run_serving

    if index is not None:
        if not (index / "manifest.json").is_file():
            raise typer.BadParameter(f"no index in {index} (no manifest.json)", param_hint="--index")
        run_serving(index, questions=questions, k=k, out=out, echo=typer.echo, http=http, requests=requests,
                    workers=workers)
        return
    run(data=data, limit=limit, questions=questions, k=k, out=out, echo=typer.echo, peer=peer, http=http,
        requests=requests, workers=workers)


# -- newsdesk eval -----------------------------------------------------------------------------

eval_app = typer.Typer(no_args_is_help=True, help="Measure answer quality: golden questions, SQuAD v1.1, "
                       "held-out BBC questions and story clusters, benchmark.")
app.add_typer(eval_app, name="eval")
OUT = Annotated[Optional[Path], typer.Option("--out", help="JSON result; default under eval_results/")]
STRATEGY = Annotated[Optional[str], typer.Option("--strategy", help="answer scorer: learned or rules; default the service's")]


@eval_app.command("golden")
def eval_golden(
    file: Annotated[Optional[Path], typer.Argument(help="golden JSONL; default tests/golden.jsonl")] = None,
    strategy: STRATEGY = None,
    out: OUT = None,
    totals_only: Annotated[bool, typer.Option("--totals-only", help="a frozen set: print and keep totals, never the misses")] = False,
) -> None:
    """Accuracy, abstain precision/recall and citation faithfulness on golden questions over the index."""
    from service import evaluate
    from service.engine import shared_answerer

    path = file or Path(__file__).resolve().parent.parent / "tests" / "golden.jsonl"
    from service.answering import STRATEGIES

    if strategy is not None and strategy not in STRATEGIES:
        typer.echo(f"error: --strategy must be one of {', '.join(STRATEGIES)}", err=True)
        raise typer.Exit(2)
    desk = _desk()
    if strategy:
        desk.answerer = shared_answerer(strategy)
    result = evaluate.golden(desk, path, progress=sys.stderr.isatty())
    if totals_only:
        result = evaluate.totals_only(result)
    typer.echo(evaluate.format_golden(result))
    typer.echo(f"\nwritten to {evaluate.write_result(result, out or evaluate.default_out(result))}")


@eval_app.command("squad")
def eval_squad(
    data: Annotated[Path, typer.Option("--data", exists=True, dir_okay=False, help="SQuAD v1.1 JSON, e.g. dev-v1.1.json")],
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, help="only the first N questions")] = None,
    mode: Annotated[str, typer.Option("--mode", help="gold: answer from the gold paragraph; open: retrieve from all")] = "gold",
    retriever: Annotated[Optional[list[str]], typer.Option("--retriever", help="open mode: hybrid, bm25, dense (repeat; default all)")] = None,
    index_dir: Annotated[Optional[Path], typer.Option("--index-dir", help="cached index; default eval_results/squad-index/<data>")] = None,
    record: Annotated[Optional[Path], typer.Option("--record", help="gold mode: write EM/F1 as the regression floor here")] = None,
    split: Annotated[str, typer.Option("--split", help="held-out (odd titles; never trained on), train, or all")] = "held-out",
    strategy: Annotated[Optional[list[str]], typer.Option("--strategy", help="learned, rules (repeat; default both, side by side)")] = None,
    out: OUT = None,
) -> None:
    """SQuAD v1.1 with the official EM/F1; open mode also ranks the gold paragraph per retriever."""
    from service import evaluate

    try:
        if record and mode != "gold":
            raise ValueError("--record needs --mode gold")
        result = evaluate.squad(data, mode, retriever or evaluate.RETRIEVERS, limit, index_dir, split=split,
                                strategies=strategy or ["learned", "rules"])
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    typer.echo(evaluate.format_squad(result))
    typer.echo(f"\nwritten to {evaluate.write_result(result, out or evaluate.default_out(result))}")
    if record:
        evaluate.record_floor(result, record)
        typer.echo(f"floor recorded in {record}")


SPLIT = Annotated[str, typer.Option("--split", help="dev (per-question details) or frozen (aggregate scores only)")]
HELDOUT_INDEX = Annotated[Optional[Path], typer.Option("--index-dir", help="cached index; default eval_results/<set>-index")]


def _heldout(suite: str, split: str, index_dir: Optional[Path], out: Optional[Path], **options) -> None:
    from service import evaluate

    if split not in evaluate.HELDOUT_SPLITS and not (split == evaluate.TRAIN_SPLIT and "directory" in options):
        typer.echo(f"error: --split must be one of {', '.join(evaluate.HELDOUT_SPLITS)}", err=True)
        raise typer.Exit(2)
    run, show = {"bbc": (evaluate.bbc, evaluate.format_bbc),
                 "clusters": (evaluate.clusters, evaluate.format_clusters)}[suite]
    try:
        result = run(split, index_dir, progress=sys.stderr.isatty(), **options)
    except FileNotFoundError as exc:  # a set or the dataset it reads is absent
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    typer.echo(show(result))
    typer.echo(f"\nwritten to {evaluate.write_result(result, out or evaluate.heldout_out(result))}")


def _heldout_set(suite: str, which: str, sets: dict[str, Optional[Path]], split: str, index_dir: Optional[Path],
                 out: Optional[Path], strategy: Optional[str]) -> None:
    """One of a suite's question sets: `sets` maps each --set name to its directory, None for the
    halved set (dev/frozen by --split); a set kept in one file is scored as split `train`."""
    from service import evaluate
    from service.answering import STRATEGIES

    if strategy is not None and strategy not in STRATEGIES:
        typer.echo(f"error: --strategy must be one of {', '.join(STRATEGIES)}", err=True)
        raise typer.Exit(2)
    if which not in sets:
        typer.echo(f"error: --set must be {' or '.join(sets)}", err=True)
        raise typer.Exit(2)
    if sets[which] is None:
        _heldout(suite, split, index_dir, out, strategy=strategy)
    else:
        _heldout(suite, evaluate.TRAIN_SPLIT, index_dir, out, strategy=strategy, directory=sets[which])


@eval_app.command("bbc")
def eval_bbc(split: SPLIT = "dev", index_dir: HELDOUT_INDEX = None, strategy: STRATEGY = None, out: OUT = None,
             which: Annotated[str, typer.Option("--set", help="questions (tests/data/bbc_questions: dev/frozen halves) "
                                                "or fresh / fresh2 / fresh3 / fresh4 / fresh5 / fresh6 (tests/data/bbc_fresh, bbc_fresh2, bbc_fresh3, bbc_fresh4, bbc_fresh5, bbc_fresh6: one set each, every question shown)")] = "questions") -> None:
    """Held-out BBC questions: right % (answerable), abstain % (unanswerable), quotes verbatim."""
    from service import evaluate

    _heldout_set("bbc", which, {"questions": None, "fresh": evaluate.BBC_FRESH_DIR, "fresh2": evaluate.BBC_FRESH2_DIR, "fresh3": evaluate.BBC_FRESH3_DIR, "fresh4": evaluate.BBC_FRESH4_DIR, "fresh5": evaluate.BBC_FRESH5_DIR, "fresh6": evaluate.BBC_FRESH6_DIR}, split, index_dir, out, strategy)


@eval_app.command("clusters")
def eval_clusters(split: SPLIT = "dev", index_dir: HELDOUT_INDEX = None, strategy: STRATEGY = None, out: OUT = None,
                  which: Annotated[str, typer.Option("--set", help="clusters (dev/frozen halves) or train "
                                                     "(tests/data/clusters_train, every question shown)")] = "clusters") -> None:
    """Corroboration clusters: per kind (agree, conflict, update, correction, syndicated, single, unanswerable)."""
    from service import evaluate

    _heldout_set("clusters", which, {"clusters": None, "train": evaluate.CLUSTERS_TRAIN_DIR}, split, index_dir, out, strategy)


eval_app.command("bench")(bench)


@eval_app.command("extraction")
def eval_extraction(
    pages: Annotated[Optional[Path], typer.Option("--pages", help="annotated pages folder (annotations.jsonl + html/); default ../shared/data/web-pages")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, help="only the first N pages")] = None,
    extracted: Annotated[Optional[Path], typer.Option("--extracted", help="`newsdesk extract --json` output to score against --truth")] = None,
    truth: Annotated[Optional[Path], typer.Option("--truth", help="JSONL of {id, text} ground-truth bodies (shingle metric)")] = None,
    out: OUT = None,
) -> None:
    """HTML extraction: snippet metric per extractor on annotated pages; with --extracted and
    --truth, the shingle metric (4-word shingles, per-page P/R averaged, F1 of the means)."""
    from service import evaluate, evaluate_extraction as extraction

    if (extracted is None) != (truth is None):
        typer.echo("error: --extracted and --truth go together", err=True)
        raise typer.Exit(2)
    if truth is not None:
        def by_id(path: Path) -> dict[str, str]:
            rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            return {str(r.get("id") or r.get("file")): r.get("text") or "" for r in rows}

        result = {"suite": "extraction-shingles", **extraction.evaluate_truth(by_id(extracted), by_id(truth))}
        typer.echo(json.dumps(result, indent=2))
    else:
        result = {"suite": "extraction", **extraction.evaluate_pages(pages or extraction.DEFAULT_PAGES, limit=limit)}
        typer.echo(extraction.format_pages(result))
    target = out or Path("eval_results") / f"{result['suite']}.json"
    typer.echo(f"\nwritten to {evaluate.write_result(result, target)}")


@app.command()
def train(
    data: Annotated[Path, typer.Option("--data", exists=True, dir_okay=False, help="SQuAD v1.1 JSON, e.g. dev-v1.1.json")],
    out: Annotated[Optional[Path], typer.Option("--out", help="model path without suffix; default the shipped model")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, help="only the first N training-half questions")] = None,
    seed: Annotated[int, typer.Option("--seed", help="random seed (negatives sampling, LightGBM)")] = 7,
    index_dir: Annotated[Optional[Path], typer.Option("--index-dir", help="cached index; default eval_results/squad-index/<data>")] = None,
    news: Annotated[Optional[Path], typer.Option("--news", exists=True, file_okay=False, help="hand-written news questions "
                                                 "(articles.jsonl, questions_*.jsonl); default tests/data/bbc_train")] = None,
    no_news: Annotated[bool, typer.Option("--no-news", help="train on SQuAD alone")] = False,
    quiz: Annotated[bool, typer.Option("--quiz/--no-quiz", help="also train on news-quiz questions (RealTimeQA, years "
                                       "other than the held-out 2022; service/training/quiz.py); off by default: "
                                       "measured worse on BBC dev and SQuAD held-out (README)")] = False,
    quiz_file: Annotated[Optional[Path], typer.Option("--quiz-file", dir_okay=False, help="RealTimeQA QA JSONL(.gz); "
                                                      "default ../shared/data/realtimeqa; skipped when missing")] = None,
    rows_dir: Annotated[Optional[Path], typer.Option("--rows-dir", file_okay=False, help="keep the collected candidate rows "
                                                     "here (.npz) and read them back on the next run with the same "
                                                     "features; delete it when candidates or features change")] = None,
) -> None:
    """Fit the learned answer scorer (LightGBM lambdarank) on the training half of SQuAD (even titles)
    and the news training questions; abstention is calibrated on both tuning parts."""
    from service.training import ranker as training
    from service.answering.scorer import DEFAULT_MODEL
    from service.evaluate import torch_threads

    try:
        with torch_threads(1):
            training.train(data, out or DEFAULT_MODEL, index_dir=index_dir, limit=limit, seed=seed,
                           news_dir=None if no_news else news or training.NEWS_DIR,
                           extra_news=() if no_news or news else training.EXTRA_NEWS,
                           extra_clusters=() if no_news or news else training.EXTRA_CLUSTERS, rows_dir=rows_dir,
                           quiz_file=(quiz_file or training.QUIZ_FILE) if quiz else None, echo=typer.echo)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)


@app.command("train-answerability")
def train_answerability(
    out: Annotated[Optional[Path], typer.Option("--out", help="model JSON; default the shipped answerability.json")] = None,
    rows: Annotated[Optional[Path], typer.Option("--rows", help="recorded rows (JSON lines): read when it exists, else recorded and written there")] = None,
    index_root: Annotated[Path, typer.Option("--index-root", help="where the tuning sets' indexes are cached")] = Path("eval_results/answerability"),
    replaces: Annotated[str, typer.Option("--replaces", help="threshold (default): the model decides instead of the confidence threshold; none: abstain on top of the hand rules")] = "threshold",
    regularisation: Annotated[Optional[float], typer.Option("--c", min=1e-4, help="logistic regression's C; default the module's")] = None,
    squad: Annotated[Optional[Path], typer.Option("--squad", help="SQuAD v1.1 JSON (dev-v1.1.json): its even titles' tuning part also chooses the threshold")] = None,
) -> None:
    """Fit the learned answerability check (answerability.py) on tuning material only: bbc_train (its
    tuning part chooses the threshold), clusters_train and synthetic unanswerables; seeded."""
    from service.answering.answerability import DEFAULT_MODEL, REPLACES
    from service.training import answerability as fitting

    if replaces not in REPLACES:
        typer.echo(f"error: --replaces must be one of {', '.join(REPLACES)}", err=True)
        raise typer.Exit(2)
    if rows is not None and rows.is_file():
        recorded = fitting.read_rows(rows)
    else:
        index_root.mkdir(parents=True, exist_ok=True)
        recorded = fitting.record_tuning(index_root, echo=typer.echo)
        if squad is not None:
            recorded += fitting.record_squad(squad, index_root / "squad")
        if rows is not None:
            fitting.write_rows(recorded, rows)
    fitting.train_answerability(recorded, out or DEFAULT_MODEL, replaces, regularisation or fitting.REGULARISATION, echo=typer.echo)


@app.command("train-reader")
def train_reader(
    data: Annotated[Path, typer.Option("--data", exists=True, dir_okay=False, help="SQuAD v1.1 JSON, e.g. dev-v1.1.json")],
    out: Annotated[Optional[Path], typer.Option("--out", help="tensors file (.safetensors; the card is written beside it); "
                                                "default the shipped reader")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, help="only the first N training-half SQuAD questions")] = None,
    news_limit: Annotated[Optional[int], typer.Option("--news-limit", min=1, help="only the first N news questions of each part")] = None,
    epochs: Annotated[int, typer.Option("--epochs", min=1, help="passes over the examples; the best on tuning ships")] = 5,
    seed: Annotated[int, typer.Option("--seed", help="random seed (initialisation, order, windows)")] = 7,
    use: Annotated[str, typer.Option("--use", help="rerank: the answerer's second stage; off: shipped unused")] = "off",
    stage_only: Annotated[bool, typer.Option("--stage-only", help="keep the tensors; fit the second stage again")] = False,
    sentences: Annotated[int, typer.Option("--sentences", min=1, max=3, help="sentences read per question (answer time)")] = 1,
    window: Annotated[Optional[int], typer.Option("--window", min=16, max=64, help="word pieces of a pair read at answer "
                                                  "time; default: the card's")] = None,
    gate: Annotated[Optional[float], typer.Option("--gate", min=0.0, help="read only when the ranker's best leads its "
                                                  "runner-up by less than this; default: the best on tuning")] = None,
    abstain: Annotated[bool, typer.Option("--abstain/--no-abstain", help="ship the reader's abstention when it raises the "
                                          "tuning value (--no-abstain: the stage only re-orders)")] = True,
    layers: Annotated[int, typer.Option("--layers", min=1, max=6, help="MiniLM layers the reader runs")] = 3,
    trained: Annotated[str, typer.Option("--trained", help="comma-separated layers fine-tuned (the rest are the package's)")] = "1,2",
    init: Annotated[Optional[Path], typer.Option("--init", exists=True, dir_okay=False, help="a reader's .safetensors "
                                                 "whose layers the fine-tuned ones start from; default the package's")] = None,
) -> None:
    """Fine-tune the span reader (start/end per word piece, [CLS] = no answer) on SQuAD's training titles
    and the news training questions, then fit the second stage's re-ranker and threshold on the tuning parts."""
    from service.training import reader as reader_train, second_stage as second_stage_train
    from service.answering.reader import DEFAULT_READER

    if use not in ("rerank", "off"):
        typer.echo("error: --use must be rerank or off", err=True)
        raise typer.Exit(2)
    target = out or DEFAULT_READER
    if not stage_only:
        layer_ids = tuple(int(x) for x in trained.split(",") if x.strip())
        if not layer_ids or min(layer_ids) < 0 or max(layer_ids) >= layers:
            typer.echo(f"error: --trained must name layers below --layers {layers}", err=True)
            raise typer.Exit(2)
        reader_train.train_reader(data, target, limit=limit, news_limit=news_limit, seed=seed, epochs=epochs, echo=typer.echo,
                                  layers=layers, trained=layer_ids, init=init)
    second_stage_train.fit_second_stage(target, data, limit=limit, news_limit=news_limit, use=use, sentences=sentences,
                                        window=window, echo=typer.echo, abstain=abstain,
                                        **({} if gate is None else {"gates": (gate,)}))


@app.command()
def chaos(
    seconds: Annotated[float, typer.Option(help="how long to run (ignored with --questions)")] = 30.0,
    questions: Annotated[Optional[int], typer.Option(help="stop after this many questions")] = None,
    askers: Annotated[int, typer.Option(help="concurrent askers")] = 8,
    upload: Annotated[Optional[Path], typer.Option(help="files `newsdesk index --url` uploads meanwhile; default seeds/")] = None,
) -> None:
    """Load with faults: askers, a writer adding/deleting and an index upload against a real server
    on a copy of the index. Exit status 1 on any error or lost document."""
    from dataclasses import asdict

    from service.chaos import run_chaos
    from service.engine import Newsdesk

    index_dir = Settings.from_env().index_dir
    Newsdesk.open(index_dir)  # build it from seeds/ on first use, as `serve` would
    report = run_chaos(index_dir, seconds=seconds, questions=questions, askers=askers, upload=upload)
    typer.echo(json.dumps({**asdict(report), "ok": report.ok}, indent=2))
    if not report.ok:
        raise typer.Exit(1)


if __name__ == "__main__":
    app()
