"""The `newsdesk` command line: index, ask, search, serve, stats, bench, eval."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Optional

import typer

from service.models import MAX_K
from service.settings import Settings

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Extractive, cited question answering over news articles. No LLM.")

K = Annotated[int, typer.Option("--k", "-k", min=1, max=MAX_K, help="passages to retrieve (1-50)")]
AS_JSON = Annotated[bool, typer.Option("--json", help="print the API's JSON object")]


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
def index(paths: Annotated[Optional[list[Path]], typer.Argument(help="files or folders; default: seeds/")] = None,
          optimize: Annotated[bool, typer.Option("--optimize", help="merge all segments into one afterwards")] = False
          ) -> None:
    """Add articles (.txt .md .json .jsonl .html) to the index; unchanged ones are skipped."""
    import time

    from index.load import LoadError
    from index.lock import IndexBusy
    from index.manifest import IndexFormatError
    from service.engine import SEED_DIR, Newsdesk

    try:
        desk = Newsdesk(Settings.from_env().index_dir)
        if paths or not optimize:
            report = desk.add_paths(paths or [SEED_DIR], progress=True)
            stats = desk.stats()
            typer.echo(f"added {len(report.added)}, replaced {len(report.replaced)}, unchanged {len(report.unchanged)} "
                       f"documents ({report.chunks} new chunks); index now holds {stats.documents} documents, "
                       f"{stats.chunks} chunks in {stats.index_dir}")
        if optimize:
            before = len(desk.indexer.snapshot.segments)
            started = time.perf_counter()
            desk.indexer.optimize()
            typer.echo(f"merged {before} segments into {len(desk.indexer.snapshot.segments)} "
                       f"in {time.perf_counter() - started:.2f} s")
    except LoadError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    except (IndexBusy, IndexFormatError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)


@app.command()
def ask(question: str, k: K = 5, as_json: AS_JSON = False,
        as_of: Annotated[Optional[datetime], typer.Option("--as-of", formats=["%Y-%m-%d"],
                                                          help="Answer as things stood on this date.")] = None) -> None:
    """Answer a question with a short verbatim span and cited quotes."""
    question = _check_question(question)
    answer = _desk().ask(question, k, as_of=as_of.date() if as_of else None)
    if as_json:
        typer.echo(answer.model_dump_json(indent=2))
        return
    typer.echo(answer.text)
    if not answer.abstained:
        typer.echo(f"\nanswer: {answer.answer}    confidence: {answer.confidence:.2f}")
    for c in answer.citations:
        typer.echo(f"[{c.n}] {c.doc_id} [{c.start}:{c.end}] {c.quote}")


@app.command()
def search(question: str, k: K = 5, as_json: AS_JSON = False) -> None:
    """Rank passages for a question (hybrid BM25 + dense)."""
    from service.models import SearchResponse

    question = _check_question(question)
    results = _desk().search(question, k)
    if as_json:
        typer.echo(SearchResponse(question=question, results=results).model_dump_json(indent=2))
        return
    for p in results:
        preview = " ".join(p.text.split())
        typer.echo(f"{p.rank}. {p.score:.3f}  {p.doc_id} [{p.start}:{p.end}]  {preview[:160]}{'…' if len(preview) > 160 else ''}")


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the HTTP API (builds the index from seeds/ on first run)."""
    import uvicorn

    from service.api import create_app

    uvicorn.run(create_app(), host=host, port=port, log_level="info")


@app.command()
def slack(socket: Annotated[bool, typer.Option("--socket", help="connect to Slack over Socket Mode")] = False) -> None:
    """Run the Slack bot over Socket Mode (HTTP mode is served by `newsdesk serve` at /slack/events)."""
    from service.slack import run_socket_mode

    if not socket:
        typer.echo("error: only --socket runs here; for HTTP events run `newsdesk serve`", err=True)
        raise typer.Exit(2)
    run_socket_mode(_desk(), Settings.from_env())


@app.command()
def stats() -> None:
    """What the index holds."""
    typer.echo(json.dumps(_desk().stats().model_dump(), indent=2))


@app.command()
def bench(
    data: Annotated[Optional[Path], typer.Option("--data", help="JSONL of articles (.gz allowed); default: seeds/")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="articles taken from --data, spread over the file")] = 300,
    questions: Annotated[int, typer.Option("--questions", min=1, help="timed questions per endpoint")] = 200,
    k: K = 5,
    out: Annotated[Optional[Path], typer.Option("--out", help="JSON report; default eval_results/bench-<corpus>.json")] = None,
) -> None:
    """Ingest chunks/s (pipeline vs raw encode), warm /ask and /search p50/p99, peak RSS."""
    from service.bench import run

    run(data=data, limit=limit, questions=questions, k=k, out=out, echo=typer.echo)


# -- newsdesk eval -----------------------------------------------------------------------------

eval_app = typer.Typer(no_args_is_help=True, help="Measure answer quality: golden questions, SQuAD v1.1, "
                       "held-out BBC questions and story clusters, benchmark.")
app.add_typer(eval_app, name="eval")
OUT = Annotated[Optional[Path], typer.Option("--out", help="JSON result; default under eval_results/")]


@eval_app.command("golden")
def eval_golden(
    file: Annotated[Optional[Path], typer.Argument(help="golden JSONL; default tests/golden.jsonl")] = None,
    out: OUT = None,
) -> None:
    """Accuracy, abstain precision/recall and citation faithfulness on golden questions over the index."""
    from service import evaluate

    path = file or Path(__file__).resolve().parent.parent / "tests" / "golden.jsonl"
    result = evaluate.golden(_desk(), path, progress=sys.stderr.isatty())
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


def _heldout(suite: str, split: str, index_dir: Optional[Path], out: Optional[Path]) -> None:
    from service import evaluate

    if split not in evaluate.HELDOUT_SPLITS:
        typer.echo(f"error: --split must be one of {', '.join(evaluate.HELDOUT_SPLITS)}", err=True)
        raise typer.Exit(2)
    run, show = {"bbc": (evaluate.bbc, evaluate.format_bbc),
                 "clusters": (evaluate.clusters, evaluate.format_clusters)}[suite]
    result = run(split, index_dir, progress=sys.stderr.isatty())
    typer.echo(show(result))
    typer.echo(f"\nwritten to {evaluate.write_result(result, out or evaluate.heldout_out(result))}")


@eval_app.command("bbc")
def eval_bbc(split: SPLIT = "dev", index_dir: HELDOUT_INDEX = None, out: OUT = None) -> None:
    """Held-out BBC questions: right % (answerable), abstain % (unanswerable), quotes verbatim."""
    _heldout("bbc", split, index_dir, out)


@eval_app.command("clusters")
def eval_clusters(split: SPLIT = "dev", index_dir: HELDOUT_INDEX = None, out: OUT = None) -> None:
    """Corroboration clusters: per kind (agree, conflict, update, correction, syndicated, single)."""
    _heldout("clusters", split, index_dir, out)


eval_app.command("bench")(bench)


@app.command()
def train(
    data: Annotated[Path, typer.Option("--data", exists=True, dir_okay=False, help="SQuAD v1.1 JSON, e.g. dev-v1.1.json")],
    out: Annotated[Optional[Path], typer.Option("--out", help="model path without suffix; default the shipped model")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, help="only the first N training-half questions")] = None,
    seed: Annotated[int, typer.Option("--seed", help="random seed (negatives sampling, LightGBM)")] = 7,
    index_dir: Annotated[Optional[Path], typer.Option("--index-dir", help="cached index; default eval_results/squad-index/<data>")] = None,
) -> None:
    """Fit the learned answer scorer (LightGBM lambdarank) on the training half of SQuAD (even titles)."""
    from service.answering import train as training
    from service.answering.scorer import DEFAULT_MODEL
    from service.evaluate import torch_threads

    try:
        with torch_threads(1):
            training.train(data, out or DEFAULT_MODEL, index_dir=index_dir, limit=limit, seed=seed, echo=typer.echo)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)


if __name__ == "__main__":
    app()
