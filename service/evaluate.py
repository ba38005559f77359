"""`newsdesk eval`: answer quality measured on our golden questions and on SQuAD v1.1 dev.

* `golden`: the JSONL of golden questions over the seeds — accuracy, abstain precision/recall and
  citation faithfulness (every quote must sit verbatim at its offsets).
* `squad`: official SQuAD v1.1 scoring (the normalisation, EM and token F1 of `evaluate-v1.1.py`).
  `gold` mode answers from the gold paragraph only (measures the answerer); `open` mode ranks the
  gold paragraph with each retriever (top-1, top-5, MRR@20) and answers over the whole index
  (measures the system). Each SQuAD paragraph is one Article; the index is built once and cached.
* `bench`: the performance benchmark of `service/bench.py` (the CLI reuses its command as is).

Results print as a plain-text table and are written as JSON under `eval_results/`.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import shutil
import string
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from tqdm import tqdm

from index.documents import Article
from index.embed import Embedder
from index.encoders.base import Delegating

if TYPE_CHECKING:
    from service.engine import Newsdesk
    from service.models import Answer

RESULTS_DIR = Path("eval_results")
SQUAD_INDEX_ROOT = RESULTS_DIR / "squad-index"
RETRIEVERS = ("hybrid", "bm25", "dense")
MODES = ("gold", "open")
SPLITS = ("held-out", "train", "all")  # SQuAD articles: titles sorted, even positions train, odd held out
SEARCH_DEPTH = 20
MAX_ANSWER_WORDS = 12
# One question at a time gains nothing from torch's thread pool, and on a busy 2-core machine the
# pool spins against the other work: encoding one question took 474 ms with 2 threads, 24 ms with 1.
TORCH_THREADS = 1
FLOOR_TOLERANCE = 2.0  # F1 points the SQuAD sample may lose before the regression test fails
# Baselines on SQuAD v1.1 dev from Rajpurkar et al. (2016), Table 2, for the README table.
PAPER_BASELINES = {"sliding window": (13.2, 20.2), "logistic regression": (40.0, 51.0)}
WH_WORDS = ("what", "which", "who", "whom", "whose", "when", "where", "why", "how")


# -- official SQuAD v1.1 scoring ---------------------------------------------------------------

_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCTUATION = set(string.punctuation)


def normalize_answer(text: str) -> str:
    """Lowercase, drop punctuation and a/an/the, squeeze whitespace — in the official script's order."""
    text = "".join(ch for ch in text.lower() if ch not in _PUNCTUATION)
    return " ".join(_ARTICLES.sub(" ", text).split())


def exact_match(prediction: str, truth: str) -> bool:
    return normalize_answer(prediction) == normalize_answer(truth)


def f1_score(prediction: str, truth: str) -> float:
    """Token-overlap F1 of the normalised strings (0 when they share no token, as the official script)."""
    predicted, gold = normalize_answer(prediction).split(), normalize_answer(truth).split()
    same = sum((Counter(predicted) & Counter(gold)).values())
    if same == 0:
        return 0.0
    precision, recall = same / len(predicted), same / len(gold)
    return 2 * precision * recall / (precision + recall)


def score(prediction: str | None, truths: Sequence[str]) -> tuple[float, float]:
    """(EM, F1) on a 0-100 scale, each the max over the gold answers; an abstention scores 0."""
    if prediction is None:
        return 0.0, 0.0
    em = max(exact_match(prediction, t) for t in truths)
    f1 = max(f1_score(prediction, t) for t in truths)
    return 100.0 * em, 100.0 * f1


# -- SQuAD data --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SquadQuestion:
    qid: str
    question: str
    answers: tuple[str, ...]
    doc_id: str


def paragraph_id(article: int, paragraph: int) -> str:
    return f"s{article:03d}-{paragraph:03d}"


def load_squad(path: Path) -> tuple[list[Article], list[SquadQuestion]]:
    """Each paragraph becomes one Article titled after its Wikipedia article; questions in file order."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))["data"]
    articles, questions = [], []
    for a, entry in enumerate(data):
        title = entry["title"].replace("_", " ")
        for p, paragraph in enumerate(entry["paragraphs"]):
            doc_id = paragraph_id(a, p)
            articles.append(Article(doc_id=doc_id, title=title, text=paragraph["context"], source=str(path)))
            for qa in paragraph["qas"]:
                answers = tuple(ans["text"] for ans in qa["answers"])
                questions.append(SquadQuestion(qa["id"], qa["question"].strip(), answers, doc_id))
    return articles, questions


def split_questions(articles: Sequence[Article], questions: Sequence[SquadQuestion], split: str) -> list[SquadQuestion]:
    """The questions of one half: titles sorted, even positions train the learned scorer, odd are held out."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}")
    if split == "all":
        return list(questions)
    from service.answering.train import split_titles

    title_of = {a.doc_id: a.title for a in articles}
    train_titles, held_out = split_titles(title_of.values())
    keep = held_out if split == "held-out" else train_titles
    return [q for q in questions if title_of[q.doc_id] in keep]


def wh_word(question: str) -> str:
    """The first wh-word of the question ("other" when none): SQuAD's usual breakdown."""
    for word in re.findall(r"[a-z]+", question.lower()):
        if word in WH_WORDS:
            return word
    return "other"


# -- the cached SQuAD index --------------------------------------------------------------------


def corpus_hash(articles: Iterable[Article]) -> str:
    """Changes when any paragraph (id or content) or the index format changes."""
    from index.store import FORMAT_VERSION

    digest = hashlib.sha256(f"format {FORMAT_VERSION}\n".encode())
    for article in sorted(articles, key=lambda a: a.doc_id):
        digest.update(f"{article.doc_id}\t{article.fingerprint}\n".encode())
    return digest.hexdigest()


def default_index_dir(data_path: Path) -> Path:
    """One cache per data file, so the test sample and the full dev set do not evict each other."""
    return SQUAD_INDEX_ROOT / Path(data_path).stem


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


# -- SQuAD suite -------------------------------------------------------------------------------


class _Tally:
    """EM/F1 sums for one group of questions."""

    def __init__(self) -> None:
        self.n = 0
        self.em = 0.0
        self.f1 = 0.0
        self.abstained = 0

    def add(self, em: float, f1: float, abstained: bool) -> None:
        self.n += 1
        self.em += em
        self.f1 += f1
        self.abstained += abstained

    def summary(self) -> dict:
        n = max(self.n, 1)
        return {"questions": self.n, "em": round(self.em / n, 2), "f1": round(self.f1 / n, 2),
                "abstained": self.abstained}


def _answer_scores(desk: Newsdesk, questions: Sequence[SquadQuestion], gold: bool,
                   progress: bool) -> tuple[dict, dict[str, str]]:
    """EM/F1 overall and by question type and wh-word, plus the predictions in the official format."""
    total, by_type, by_wh = _Tally(), defaultdict(_Tally), defaultdict(_Tally)
    predictions: dict[str, str] = {}
    started = time.perf_counter()
    for q in tqdm(questions, desc=f"answering ({'gold paragraph' if gold else 'whole index'})",
                  unit="q", disable=not progress):
        answer = desk.ask(q.question, doc_ids=[q.doc_id] if gold else None)
        em, f1 = score(answer.answer, q.answers)
        for tally in (total, by_type[answer.question_type], by_wh[wh_word(q.question)]):
            tally.add(em, f1, answer.abstained)
        predictions[q.qid] = answer.answer or ""
    seconds = time.perf_counter() - started
    result = total.summary() | {
        "by_type": _grouped(by_type),
        "by_wh_word": _grouped(by_wh),
        "seconds": round(seconds, 1),
        "ms_per_question": round(1000 * seconds / max(len(questions), 1), 1),
    }
    return result, predictions


def _grouped(tallies: dict[str, _Tally]) -> dict[str, dict]:
    return {key: tallies[key].summary() for key in sorted(tallies, key=lambda k: (-tallies[k].n, k))}


def gold_rank(doc_ids: Iterable[str], gold: str) -> int | None:
    """1-based rank of the gold paragraph among the distinct documents of a ranked chunk list."""
    for rank, doc_id in enumerate(dict.fromkeys(doc_ids), 1):
        if doc_id == gold:
            return rank
    return None


def _retrieval_scores(desk: Newsdesk, questions: Sequence[SquadQuestion], mode: str, progress: bool) -> dict:
    """Top-1 / top-5 accuracy (%) and MRR@20 of the gold paragraph for one retriever."""
    top1 = top5 = 0
    reciprocal = 0.0
    started = time.perf_counter()
    for q in tqdm(questions, desc=f"retrieving ({mode})", unit="q", disable=not progress):
        rank = gold_rank((p.doc_id for p in desk.search(q.question, k=SEARCH_DEPTH, mode=mode)), q.doc_id)
        if rank is not None:
            top1 += rank == 1
            top5 += rank <= 5
            reciprocal += 1 / rank
    seconds = time.perf_counter() - started
    n = max(len(questions), 1)
    return {"top1": round(100 * top1 / n, 2), "top5": round(100 * top5 / n, 2),
            f"mrr@{SEARCH_DEPTH}": round(reciprocal / n, 4), "seconds": round(seconds, 1),
            "ms_per_question": round(1000 * seconds / n, 1)}


def squad(data_path: Path, mode: str = "gold", retrievers: Sequence[str] = RETRIEVERS, limit: int | None = None,
          index_dir: Path | None = None, embedder: Embedder | None = None, progress: bool = True,
          split: str = "all", strategies: Sequence[str] | None = None) -> dict:
    """Run the SQuAD suite; returns the result (with `predictions`, id -> answer text).

    With several `strategies` ('learned', 'rules') each answers the same questions over the same
    index in one run; `answers` and `predictions` are the first one's, `strategies` holds all."""
    with torch_threads(TORCH_THREADS):
        return _squad(data_path, mode, retrievers, limit, index_dir, embedder, progress, split, strategies)


def _squad(data_path: Path, mode: str, retrievers: Sequence[str], limit: int | None, index_dir: Path | None,
           embedder: Embedder | None, progress: bool, split: str = "all", strategies: Sequence[str] | None = None) -> dict:
    from service.answering import STRATEGIES

    unknown_strategies = sorted(set(strategies or ()) - set(STRATEGIES))
    if unknown_strategies:
        raise ValueError(f"unknown strategy {', '.join(unknown_strategies)}; choose from {', '.join(STRATEGIES)}")
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}")
    unknown = sorted(set(retrievers) - set(RETRIEVERS))
    if unknown:
        raise ValueError(f"unknown retriever(s) {', '.join(unknown)}; choose from {', '.join(RETRIEVERS)}")
    load_start = round(os.getloadavg()[0], 2)
    articles, questions = load_squad(data_path)
    questions = split_questions(articles, questions, split)
    questions = questions[:limit] if limit else questions
    started = time.perf_counter()
    desk, built = open_index(articles, index_dir or default_index_dir(data_path), embedder, progress)
    index_seconds = time.perf_counter() - started
    started = time.perf_counter()
    desk.embedder = QuestionVectors(desk.embedder, [q.question for q in questions])
    encoding_seconds = time.perf_counter() - started
    result: dict = {
        "suite": "squad", "mode": mode, "data": str(data_path), "split": split, "limit": limit, "questions": len(questions),
        "paragraphs": len(articles), "index": {"dir": str(desk.index_dir), "built": built,
                                              "seconds": round(index_seconds, 1),
                                              "chunks": len(desk.snapshot.chunks)},
        "question_encoding": {"seconds": round(encoding_seconds, 1),
                              "ms_per_question": round(1000 * encoding_seconds / max(len(questions), 1), 2)},
    }
    if mode == "open":
        result["retrieval"] = {r: _retrieval_scores(desk, questions, r, progress) for r in dict.fromkeys(retrievers)}
    if strategies:
        from service.engine import shared_answerer

        result["strategies"] = {}
        for strategy in strategies:
            desk.answerer = shared_answerer(strategy)
            answers, predictions = _answer_scores(desk, questions, mode == "gold", progress)
            result["strategies"][strategy] = answers
            if "answers" not in result:
                result["answers"], result["predictions"] = answers, predictions
    else:
        result["answers"], result["predictions"] = _answer_scores(desk, questions, mode == "gold", progress)
    result["machine"] = _machine(load_start)
    return result


# -- golden suite ------------------------------------------------------------------------------


def load_golden(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def is_right(golden: dict, answer: Answer) -> bool:
    """A short span containing an accepted answer, citing an expected document when some are named."""
    if answer.abstained or not answer.answer:
        return False
    span_ok = any(a.lower() in answer.answer.lower() for a in golden["answers"])
    short = len(answer.answer.split()) <= MAX_ANSWER_WORDS
    sources_ok = not golden.get("doc_ids") or any(c.doc_id in golden["doc_ids"] for c in answer.citations)
    return span_ok and short and sources_ok


def _faithful(desk: Newsdesk, answer: Answer) -> tuple[int, int]:
    """(faithful, total) citations: a quote must be the document's text at its offsets."""
    good = 0
    for citation in answer.citations:
        document = desk.document(citation.doc_id)
        good += document is not None and document.text[citation.start:citation.end] == citation.quote
    return good, len(answer.citations)


def golden(desk: Newsdesk, path: Path, progress: bool = False) -> dict:
    """Accuracy on answerable questions, abstain precision/recall, citation faithfulness."""
    with torch_threads(TORCH_THREADS):
        return _golden(desk, path, progress)


def _golden(desk: Newsdesk, path: Path, progress: bool) -> dict:
    load_start = round(os.getloadavg()[0], 2)
    items = load_golden(path)
    rows, faithful, citations = [], 0, 0
    started = time.perf_counter()
    for g in tqdm(items, desc="golden", unit="q", disable=not progress):
        answer = desk.ask(g["question"])
        good, total = _faithful(desk, answer)
        faithful, citations = faithful + good, citations + total
        unanswerable = bool(g.get("unanswerable"))
        rows.append({"question": g["question"], "unanswerable": unanswerable, "abstained": answer.abstained,
                     "answer": answer.answer, "right": (answer.abstained if unanswerable else is_right(g, answer)),
                     "question_type": answer.question_type})
    seconds = time.perf_counter() - started
    answerable = [r for r in rows if not r["unanswerable"]]
    abstained = [r for r in rows if r["abstained"]]
    unanswerable = [r for r in rows if r["unanswerable"]]
    return {
        "suite": "golden", "data": str(path), "strategy": desk.answerer.strategy, "questions": len(rows),
        "answerable": len(answerable), "unanswerable": len(unanswerable),
        "accuracy": _percent(sum(r["right"] for r in answerable), len(answerable)),
        "abstain_precision": _percent(sum(r["unanswerable"] for r in abstained), len(abstained)),
        "abstain_recall": _percent(sum(r["abstained"] for r in unanswerable), len(unanswerable)),
        "citation_faithfulness": _percent(faithful, citations), "citations": citations,
        "wrong": [{"question": r["question"], "answer": r["answer"]} for r in rows if not r["right"]],
        "seconds": round(seconds, 2), "ms_per_question": round(1000 * seconds / max(len(rows), 1), 1),
        "machine": _machine(load_start),
    }


def _percent(part: int, whole: int) -> float | None:
    """A percentage, or None when there is nothing to divide by (e.g. no abstentions at all)."""
    return round(100 * part / whole, 1) if whole else None


def _machine(load_start: float) -> dict:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return {"cpus": cpus, "torch_threads": TORCH_THREADS, "python": platform.python_version(), "platform": platform.platform(),
            "load_average_1m": {"start": load_start, "end": round(os.getloadavg()[0], 2)}}


# -- output ------------------------------------------------------------------------------------


def _table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(header, widths))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths)) for r in rows]
    return "\n".join(line.rstrip() for line in lines)


def _breakdown(title: str, groups: dict[str, dict]) -> str:
    rows = [[key, g["questions"], f"{g['em']:.1f}", f"{g['f1']:.1f}", g["abstained"]] for key, g in groups.items()]
    return _table(rows, [title, "questions", "EM", "F1", "abstained"])


def format_squad(result: dict) -> str:
    answers, index = result["answers"], result["index"]
    where = "gold paragraph" if result["mode"] == "gold" else "whole index (hybrid)"
    parts = [f"SQuAD v1.1 — {result['mode']} mode — {result['questions']} questions over "
             f"{result['paragraphs']} paragraphs ({index['chunks']} chunks; index "
             f"{'built' if index['built'] else 'loaded from cache'} with the model in {index['seconds']:.1f} s; "
             f"questions encoded in one batch, {result['question_encoding']['seconds']:.1f} s)"]
    if "retrieval" in result:
        rows = [[name, f"{r['top1']:.1f}", f"{r['top5']:.1f}", f"{r[f'mrr@{SEARCH_DEPTH}']:.3f}",
                 f"{r['ms_per_question']:.1f}"] for name, r in result["retrieval"].items()]
        parts.append(_table(rows, ["retriever", "top-1 %", "top-5 %", f"MRR@{SEARCH_DEPTH}", "ms/q"]))
    if "strategies" in result:
        rows = [[f"newsdesk {name}, {where}", f"{a['em']:.1f}", f"{a['f1']:.1f}"] for name, a in result["strategies"].items()]
    else:
        rows = [[f"newsdesk, {where}", f"{answers['em']:.1f}", f"{answers['f1']:.1f}"]]
    rows += [[f"paper: {name}", f"{em:.1f}", f"{f1:.1f}"] for name, (em, f1) in PAPER_BASELINES.items()]
    parts.append(_table(rows, ["answers", "EM", "F1"]))
    parts.append(f"{answers['abstained']} abstained; {answers['seconds']:.1f} s answering, "
                 f"{answers['ms_per_question']:.1f} ms per question")
    if "strategies" in result and len(result["strategies"]) > 1:
        parts.append(_side_by_side("question type", result["strategies"], "by_type"))
        parts.append(_side_by_side("wh-word", result["strategies"], "by_wh_word"))
    else:
        parts.append(_breakdown("question type", answers["by_type"]))
        parts.append(_breakdown("wh-word", answers["by_wh_word"]))
    return "\n\n".join(parts)


def _side_by_side(title: str, strategies: dict[str, dict], key: str) -> str:
    """F1 per group for each strategy in columns."""
    names = list(strategies)
    first = strategies[names[0]][key]
    rows = [[group, g["questions"], *(f"{strategies[n][key].get(group, {}).get('f1', 0.0):.1f}" for n in names)]
            for group, g in first.items()]
    return _table(rows, [title, "questions", *(f"F1 {n}" for n in names)])


def totals_only(result: dict) -> dict:
    """The golden result of a frozen set: how many were wrong, never which (nor what was answered)."""
    return {**result, "wrong": f"{len(result['wrong'])} (not shown: a frozen set)"}


def format_golden(result: dict) -> str:
    def show(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.1f} %"

    rows = [
        ["accuracy", show(result["accuracy"]), f"{result['answerable']} answerable questions"],
        ["abstain precision", show(result["abstain_precision"]), "abstentions on unanswerable questions"],
        ["abstain recall", show(result["abstain_recall"]), f"of {result['unanswerable']} unanswerable questions"],
        ["citation faithfulness", show(result["citation_faithfulness"]), f"of {result['citations']} citations"],
        ["time", f"{result['ms_per_question']:.1f} ms/q", f"{result['seconds']:.2f} s in all"],
    ]
    text = _table(rows, ["golden", "value", ""])
    if isinstance(result["wrong"], str):  # a frozen set: totals only
        return f"{text}\n\nwrong: {result['wrong']}"
    wrong = "\n".join(f"  {w['question']!r} -> {w['answer']!r}" for w in result["wrong"])
    return f"{text}\n\nwrong:\n{wrong}" if wrong else text


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


# -- regression floor --------------------------------------------------------------------------


def record_floor(result: dict, path: Path) -> dict:
    """Store gold-mode EM/F1 of a SQuAD run as the floor the regression test checks against."""
    if result["suite"] != "squad" or result["mode"] != "gold":
        raise ValueError("only a gold-mode SQuAD run can be recorded as the floor")
    floor = {"data": result["data"], "mode": "gold", "questions": result["questions"],
             "em": result["answers"]["em"], "f1": result["answers"]["f1"], "tolerance": FLOOR_TOLERANCE,
             "recorded": time.strftime("%Y-%m-%d"),
             "command": f"newsdesk eval squad --data {result['data']} --mode gold --record {path}"}
    Path(path).write_text(json.dumps(floor, indent=2) + "\n")
    return floor



# -- held-out sets: BBC questions and corroboration clusters ----------------------------------
#
# Both live under tests/data/ (see the README.md beside each). Their dev split may be studied
# question by question; the frozen split is only ever reported as aggregate scores, so the
# printed text and the written JSON of a frozen run hold no per-question rows.

HELDOUT_DIR = Path(__file__).resolve().parent.parent / "tests" / "data"
BBC_DIR = HELDOUT_DIR / "bbc_questions"
CLUSTERS_DIR = HELDOUT_DIR / "clusters"
CLUSTERS_TRAIN_DIR = HELDOUT_DIR / "clusters_train"  # training material: every question may be studied
HELDOUT_SPLITS = ("dev", "frozen")  # the hand-written sets: dev read freely, frozen only scored
TRAIN_SPLIT = "train"  # a training set's one split: its questions.jsonl (or train.jsonl), shown row by row
# The BBC texts stay in the dataset (all rights are the BBC's): the question set stores ids and hashes.
BBC_DATA = Path(os.environ.get("NEWSDESK_BBC_DATA", Path(__file__).resolve().parent.parent.parent
                               / "shared" / "data" / "bbc-news" / "bbc_news_2225.jsonl.gz"))
MATCH_F1 = 0.6  # token F1 at or above which an answer counts as matching an accepted span
CLUSTER_KINDS = ("agree", "conflict", "update", "correction", "syndicated", "single", "unanswerable")
COUNTED_KINDS = ("agree", "syndicated", "single")  # kinds whose questions give independent_sources


CURRENCY_GLUED = re.compile(r"([£€¥₹])(?=\d)")  # '$' is punctuation to normalize_answer already


def _digits(text: str) -> list[str]:
    return sorted(token for token in normalize_answer(text).split() if any(ch.isdigit() for ch in token))


def value_matches(prediction: str | None, truth: str) -> bool:
    """Normalised exact match, or token F1 >= 0.6 with the same numbers ("81 per cent" is not "76 per cent");
    a currency sign is a word of its own ("€38 million" is "38 million", as "$38 million" already was)."""
    if not prediction:
        return False
    prediction, truth = CURRENCY_GLUED.sub(r"\1 ", prediction), CURRENCY_GLUED.sub(r"\1 ", truth)
    if exact_match(prediction, truth):
        return True
    return f1_score(prediction, truth) >= MATCH_F1 and _digits(prediction) == _digits(truth)


def matches_any(prediction: str | None, truths: Iterable[str]) -> bool:
    return any(value_matches(prediction, t) for t in truths)


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def load_heldout(directory: Path, split: str) -> tuple[list[dict], list[dict]]:
    """(every article record of the set, the questions of `split`)."""
    if split not in (*HELDOUT_SPLITS, TRAIN_SPLIT):
        raise ValueError(f"split must be one of {', '.join((*HELDOUT_SPLITS, TRAIN_SPLIT))}")
    articles = _read_jsonl(Path(directory) / "articles.jsonl")
    if any("text" not in a for a in articles):
        articles = with_bbc_texts(articles)
    return articles, _read_jsonl(_questions_file(Path(directory), split))


def _questions_file(directory: Path, split: str) -> Path:
    """`<split>.jsonl`; a training set (split `train`) may instead keep all its questions in questions.jsonl."""
    path = directory / f"{split}.jsonl"
    if split == TRAIN_SPLIT and not path.is_file():
        path = directory / "questions.jsonl"
    return path


def with_bbc_texts(articles: list[dict], dataset: Path | None = None) -> list[dict]:
    """Fill each record's text from the BBC dataset, checking it is the text the questions were written on."""
    import gzip

    dataset = Path(dataset or BBC_DATA)
    if not dataset.is_file():
        raise FileNotFoundError(f"{dataset}: the BBC News dataset is needed (set NEWSDESK_BBC_DATA)")
    wanted = {a["doc_id"] for a in articles}
    texts = {}
    with gzip.open(dataset, "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["id"] in wanted:
                texts[row["id"]] = row["text"]
    filled = []
    for a in articles:
        text = texts.get(a["doc_id"])
        if text is None or hashlib.sha1(text.encode("utf-8")).hexdigest() != a["sha1"]:
            raise ValueError(f"{a['doc_id']}: missing from {dataset} or changed since the questions were written")
        filled.append({**a, "text": text})
    return filled


def _article(record: dict) -> Article:
    from index.load import safe_doc_id

    return Article(doc_id=safe_doc_id(record["doc_id"]), title=record["title"], text=record["text"],
                   published=record.get("published"), url=record.get("url"), source=record.get("source"))


def _heldout_desk(suite: str, records: list[dict], index_dir: Path | None, embedder: Embedder | None,
                  progress: bool) -> tuple[Newsdesk, bool, float]:
    """The cached index of every article of the set (both splits, and distractors), built on first use."""
    started = time.perf_counter()
    desk, built = open_index([_article(r) for r in records], index_dir or RESULTS_DIR / f"{suite}-index",
                             embedder, progress)
    return desk, built, time.perf_counter() - started


def bbc(split: str = "dev", index_dir: Path | None = None, embedder: Embedder | None = None,
        directory: Path = BBC_DIR, progress: bool = False, strategy: str | None = None, answerer=None) -> dict:
    """Right % on answerable questions, abstention % on unanswerable ones, quotes verbatim %;
    `strategy` (learned, rules) picks the scorer, the default one when None; or `answerer`, a built one."""
    with torch_threads(TORCH_THREADS):
        return _bbc(split, index_dir, embedder, Path(directory), progress, strategy, answerer)


def _bbc(split: str, index_dir: Path | None, embedder: Embedder | None, directory: Path, progress: bool,
         strategy: str | None = None, answerer=None) -> dict:
    from index.load import safe_doc_id
    from service.engine import shared_answerer

    records, questions = load_heldout(directory, split)
    load_start = round(os.getloadavg()[0], 2)
    desk, built, index_seconds = _heldout_desk("bbc", records, index_dir, embedder, progress)
    if strategy is not None:
        desk.answerer = shared_answerer(strategy)
    if answerer is not None:
        desk.answerer = answerer
    rows, faithful, citations = [], 0, 0
    started = time.perf_counter()
    for q in tqdm(questions, desc=f"bbc {split}", unit="q", disable=not progress):
        answer = desk.ask(q["question"])
        good, total = _faithful(desk, answer)
        faithful, citations = faithful + good, citations + total
        em, f1 = score(None if answer.abstained else answer.answer, q["answers"] or [""])
        cites_article = any(c.doc_id == safe_doc_id(q["doc_id"]) for c in answer.citations)
        if q["answerable"]:
            right = not answer.abstained and matches_any(answer.answer, q["answers"]) and cites_article
        else:
            right = answer.abstained
        rows.append({"id": q["id"], "kind": q["kind"], "answerable": q["answerable"], "question": q["question"],
                     "expected": q["answers"], "answer": answer.answer, "abstained": answer.abstained,
                     "reason": answer.reason, "confidence": round(answer.confidence, 3), "right": right, "em": em, "f1": f1,
                     "cited": sorted({c.doc_id for c in answer.citations})})
    seconds = time.perf_counter() - started
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]
    result = {
        "suite": "bbc", "split": split, "strategy": desk.answerer.strategy, "questions": len(rows),
        "articles_indexed": len(records),
        "index": {"dir": str(desk.index_dir), "built": built, "seconds": round(index_seconds, 1)},
        "answerable": len(answerable), "unanswerable": len(unanswerable),
        "right": _percent(sum(r["right"] for r in answerable), len(answerable)),
        "right_count": sum(r["right"] for r in answerable),
        "em": round(sum(r["em"] for r in answerable) / max(len(answerable), 1), 1),
        "f1": round(sum(r["f1"] for r in answerable) / max(len(answerable), 1), 1),
        "answerable_abstained": sum(r["abstained"] for r in answerable),
        "abstained": _percent(sum(r["abstained"] for r in unanswerable), len(unanswerable)),
        "abstained_count": sum(r["abstained"] for r in unanswerable),
        "quotes_verbatim": _percent(faithful, citations), "citations": citations,
        "seconds": round(seconds, 1), "ms_per_question": round(1000 * seconds / max(len(rows), 1), 1),
        "machine": _machine(load_start),
    }
    if split == "dev":
        result["by_kind"] = _rate_by(answerable, "kind")
        result["rows"] = rows
    return result


def _rate_by(rows: list[dict], key: str) -> dict[str, dict]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        groups[r[key]].append(r)
    return {k: {"questions": len(g), "right": sum(r["right"] for r in g)}
            for k, g in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))}


def judge_cluster_question(q: dict, answer: Answer) -> dict:
    """Whether `answer` meets the expectation of a cluster question (rules in tests/data/clusters/README.md)."""
    value = None if answer.abstained else answer.answer
    right = matches_any(value, q["answers"])
    support = [e.value for e in answer.support]
    conflicts = [e.value for e in answer.conflicts]
    support_count = next((e.sources for e in answer.support if matches_any(e.value, q["answers"])), 0)
    kind = q["kind"]
    if kind in COUNTED_KINDS:
        split_as_conflict = any(matches_any(c, q["answers"]) for c in conflicts)
        ok = right and support_count == q["independent_sources"] and not split_as_conflict
    elif kind == "conflict":
        shown = [v for v in [value, *support, *conflicts] if v]
        ok = all(any(value_matches(s, v) for s in shown) for v in q["conflict_values"])
    elif kind in ("update", "correction"):
        stale = [v for v in [value, *support, *conflicts] if v and matches_any(v, q["superseded"])]
        ok = right and not stale
    elif kind == "unanswerable":  # the asked attribute is stated nowhere: only an abstention is right
        right = ok = answer.abstained
    else:
        raise ValueError(f"unknown cluster question kind {kind!r}")
    return {"right_value": right, "support_count": support_count, "ok": ok}


def clusters(split: str = "dev", index_dir: Path | None = None, embedder: Embedder | None = None,
             directory: Path = CLUSTERS_DIR, progress: bool = False, strategy: str | None = None) -> dict:
    """Per kind: questions meeting their expectation (value, source count, conflict, update, correction);
    `strategy` (learned, rules) picks the scorer, the default one when None."""
    with torch_threads(TORCH_THREADS):
        return _clusters(split, index_dir, embedder, Path(directory), progress, strategy)


def _clusters(split: str, index_dir: Path | None, embedder: Embedder | None, directory: Path, progress: bool,
              strategy: str | None = None) -> dict:
    from service.engine import shared_answerer

    records, questions = load_heldout(directory, split)
    load_start = round(os.getloadavg()[0], 2)
    suite = "clusters" if split in HELDOUT_SPLITS else f"clusters_{split}"  # each set has its own index
    desk, built, index_seconds = _heldout_desk(suite, records, index_dir, embedder, progress)
    if strategy is not None:
        desk.answerer = shared_answerer(strategy)
    rows, faithful, citations = [], 0, 0
    started = time.perf_counter()
    for q in tqdm(questions, desc=f"clusters {split}", unit="q", disable=not progress):
        answer = desk.ask(q["question"])
        good, total = _faithful(desk, answer)
        faithful, citations = faithful + good, citations + total
        verdict = judge_cluster_question(q, answer)
        rows.append({"id": q["id"], "kind": q["kind"], "question": q["question"], "expected": q["answers"],
                     "expected_sources": q.get("independent_sources"), "answer": answer.answer,
                     "abstained": answer.abstained, "right": verdict["ok"], "right_value": verdict["right_value"],
                     "support": [(e.value, e.sources) for e in answer.support],
                     "conflicts": [(e.value, e.sources) for e in answer.conflicts]})
    seconds = time.perf_counter() - started
    by_kind = {k: {"questions": sum(r["kind"] == k for r in rows),
                   "right": sum(r["right"] for r in rows if r["kind"] == k),
                   "right_value": sum(r["right_value"] for r in rows if r["kind"] == k)} for k in CLUSTER_KINDS}
    result = {
        "suite": "clusters", "split": split, "strategy": desk.answerer.strategy, "questions": len(rows),
        "articles_indexed": len(records),
        "index": {"dir": str(desk.index_dir), "built": built, "seconds": round(index_seconds, 1)},
        "right": _percent(sum(r["right"] for r in rows), len(rows)), "right_count": sum(r["right"] for r in rows),
        "right_value": _percent(sum(r["right_value"] for r in rows), len(rows)), "by_kind": by_kind,
        "quotes_verbatim": _percent(faithful, citations), "citations": citations,
        "seconds": round(seconds, 1), "ms_per_question": round(1000 * seconds / max(len(rows), 1), 1),
        "machine": _machine(load_start),
    }
    if split != "frozen":
        result["rows"] = rows
    return result


def _show(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f} %"


def format_bbc(result: dict) -> str:
    rows = [
        ["right (answerable)", _show(result["right"]), (f"{result['right_count']} of {result['answerable']}; "
         f"EM {result['em']:.1f}, F1 {result['f1']:.1f}; {result['answerable_abstained']} abstained")],
        ["abstained (unanswerable)", _show(result["abstained"]),
         f"{result['abstained_count']} of {result['unanswerable']}"],
        ["quotes verbatim", _show(result["quotes_verbatim"]), f"of {result['citations']} citations"],
        ["time", f"{result['ms_per_question']:.1f} ms/q", (f"index of {result['articles_indexed']} articles "
         f"{'built' if result['index']['built'] else 'loaded'} in {result['index']['seconds']:.1f} s")],
    ]
    parts = [f"BBC held-out questions — {result['split']} split — {result['questions']} questions"
             f" — scorer {result.get('strategy', '?')}",
             _table(rows, ["bbc", "value", ""])]
    if "rows" in result:
        parts.append(_table([[k, g["questions"], g["right"]] for k, g in result["by_kind"].items()],
                            ["kind", "questions", "right"]))
        parts.append("wrong:\n" + "\n".join(
            f"  {r['id']} [{r['kind']}] {r['question']!r} -> "
            f"{'(abstained: ' + str(r['reason']) + ')' if r['abstained'] else repr(r['answer'])}"
            f"  expected {r['expected'] or '(abstain)'}" for r in result["rows"] if not r["right"]))
    else:
        parts.append("frozen split: aggregate scores only; its failures are never read.")
    return "\n\n".join(parts)


def format_clusters(result: dict) -> str:
    rows = [[k, g["questions"], g["right"], g["right_value"],
             _show(_percent(g["right"], g["questions"]))] for k, g in result["by_kind"].items() if g["questions"]]
    rows.append(["all", result["questions"], result["right_count"],
                 sum(g["right_value"] for g in result["by_kind"].values()), _show(result["right"])])
    parts = [(f"Corroboration clusters — {result['split']} split, {result.get('strategy', 'default')} scorer — "
              f"{result['questions']} questions over "
              f"{result['articles_indexed']} articles; quotes verbatim {_show(result['quotes_verbatim'])} "
              f"of {result['citations']} citations"),
             _table(rows, ["kind", "questions", "right", "right value", "right %"])]
    if "rows" in result:
        parts.append("wrong:\n" + "\n".join(
            f"  {r['id']} [{r['kind']}] {r['question']!r} -> {'(abstained)' if r['abstained'] else repr(r['answer'])}"
            f"  support {r['support']} conflicts {r['conflicts']}; expected {r['expected']}"
            f"{'' if r['expected_sources'] is None else ' from ' + str(r['expected_sources']) + ' source(s)'}"
            for r in result["rows"] if not r["right"]))
    else:
        parts.append("frozen split: aggregate scores only; its failures are never read.")
    return "\n\n".join(parts)


def heldout_out(result: dict) -> Path:
    """eval_results/bbc-<split>.json or eval_results/clusters-<split>.json."""
    return RESULTS_DIR / f"{result['suite']}-{result['split']}.json"
