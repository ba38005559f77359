"""What every evaluation run shares: the cached index of a set, one torch thread, the batch of question
vectors, citation faithfulness, the machine record, plain-text tables and the JSON result file."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from index.documents import Article
from index.embed import Embedder
from index.encoders.base import Delegating

if TYPE_CHECKING:
    from service.engine import Newsdesk
    from service.models import Answer

RESULTS_DIR = Path("eval_results")
# One question at a time gains nothing from torch's thread pool, and on a busy 2-core machine the
# pool spins against the other work: encoding one question took 474 ms with 2 threads, 24 ms with 1.
TORCH_THREADS = 1


def corpus_hash(articles: Iterable[Article]) -> str:
    """Changes when any paragraph (id or content) or the index format changes."""
    from index.store import FORMAT_VERSION

    digest = hashlib.sha256(f"format {FORMAT_VERSION}\n".encode())
    for article in sorted(articles, key=lambda a: a.doc_id):
        digest.update(f"{article.doc_id}\t{article.fingerprint}\n".encode())
    return digest.hexdigest()


def open_index(articles: list[Article], index_dir: Path, embedder: Embedder | None = None,
               progress: bool = True) -> tuple[Newsdesk, bool]:
    """(desk, built): the cached index when it holds exactly `articles`, else a fresh build."""
    from service.engine import Newsdesk

    index_dir = Path(index_dir)
    stamp = index_dir / "corpus.sha256"
    wanted = corpus_hash(articles)
    if stamp.is_file() and stamp.read_text().strip() == wanted:
        return Newsdesk(index_dir, embedder=embedder), False
    shutil.rmtree(index_dir, ignore_errors=True)
    index_dir.mkdir(parents=True)
    desk = Newsdesk(index_dir, embedder=embedder)
    desk.add(articles, progress=progress)
    stamp.write_text(wanted + "\n")
    return desk, True


@contextmanager
def torch_threads(n: int) -> Iterator[None]:
    """Run the block with `n` torch threads, restoring the caller's setting after."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)


class QuestionVectors(Delegating):
    """The shared model with every question's vector computed in one batch up front.

    Why: open mode embeds each question four times (three retrievers and the answer); a batch is
    also far cheaper per question than one call each. Per-question times then exclude encoding,
    which is reported once, as `question_encoding`.
    """

    def __init__(self, inner: Embedder, questions: Sequence[str]) -> None:
        super().__init__(inner)
        texts = list(dict.fromkeys(questions))
        self.vectors = dict(zip(texts, inner.encode(texts, batch_size=64)))

    def encode_one(self, text: str) -> np.ndarray:
        vector = self.vectors.get(text)
        return vector if vector is not None else super().encode_one(text)


def verbatim_citations(desk: Newsdesk, answer: Answer) -> tuple[int, int]:
    """(faithful, total) citations: a quote must be the document's text at its offsets."""
    good = 0
    for citation in answer.citations:
        document = desk.document(citation.doc_id)
        good += document is not None and document.text[citation.start:citation.end] == citation.quote
    return good, len(answer.citations)


def percent(part: int, whole: int) -> float | None:
    """A percentage, or None when there is nothing to divide by (e.g. no abstentions at all)."""
    return round(100 * part / whole, 1) if whole else None


def machine(load_start: float) -> dict:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return {"cpus": cpus, "torch_threads": TORCH_THREADS, "python": platform.python_version(), "platform": platform.platform(),
            "load_average_1m": {"start": load_start, "end": round(os.getloadavg()[0], 2)}}


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(header, widths))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths)) for r in rows]
    return "\n".join(line.rstrip() for line in lines)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def write_result(result: dict, out: Path) -> Path:
    """Write the result as JSON; SQuAD predictions go beside it in the official {id: text} format."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    result = dict(result)
    predictions = result.pop("predictions", None)
    if predictions is not None:
        result["predictions_file"] = str(out.with_name(out.stem + "-predictions.json"))
        Path(result["predictions_file"]).write_text(json.dumps(predictions, indent=0) + "\n")
    out.write_text(json.dumps(result, indent=2) + "\n")
    return out


def default_out(result: dict) -> Path:
    """eval_results/golden.json or eval_results/squad-<mode>-<data>[-<limit>].json."""
    if result["suite"] != "squad":
        return RESULTS_DIR / "golden.json"
    limit = f"-{result['limit']}" if result.get("limit") else ""
    split = f"-{result['split']}" if result.get("split", "all") != "all" else ""
    return RESULTS_DIR / f"squad-{result['mode']}-{Path(result['data']).stem}{split}{limit}.json"
