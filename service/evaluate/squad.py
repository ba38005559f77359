"""The SQuAD v1.1 suite. `gold` mode answers from the gold paragraph only (measures the answerer);
`open` mode ranks the gold paragraph with each retriever (top-1, top-5, MRR@20) and answers over the
whole index (measures the system). Each SQuAD paragraph is one Article; the index is built once and
cached. Articles are split by title: sorted, even positions train the learned scorer, odd are held out."""

from __future__ import annotations

import json
import os
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

from index.documents import Article
from index.embed import Embedder
from service.evaluate.runs import RESULTS_DIR, TORCH_THREADS, QuestionVectors, machine, open_index, table, torch_threads
from service.evaluate.scoring import score

if TYPE_CHECKING:
    from service.engine import Newsdesk

SQUAD_INDEX_ROOT = RESULTS_DIR / "squad-index"
RETRIEVERS = ("hybrid", "bm25", "dense")
MODES = ("gold", "open")
SPLITS = ("held-out", "train", "all")  # SQuAD articles: titles sorted, even positions train, odd held out
SEARCH_DEPTH = 20
FLOOR_TOLERANCE = 2.0  # F1 points the SQuAD sample may lose before the regression test fails
# Baselines on SQuAD v1.1 dev from Rajpurkar et al. (2016), Table 2, for the README table.
PAPER_BASELINES = {"sliding window": (13.2, 20.2), "logistic regression": (40.0, 51.0)}
WH_WORDS = ("what", "which", "who", "whom", "whose", "when", "where", "why", "how")


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


def split_titles(titles: Sequence[str]) -> tuple[set[str], set[str]]:
    """(training titles, held-out titles): sorted, even positions train, odd positions held out."""
    ordered = sorted(set(titles))
    return set(ordered[0::2]), set(ordered[1::2])


def split_questions(articles: Sequence[Article], questions: Sequence[SquadQuestion], split: str) -> list[SquadQuestion]:
    """The questions of one half: titles sorted, even positions train the learned scorer, odd are held out."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}")
    if split == "all":
        return list(questions)
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


def default_index_dir(data_path: Path) -> Path:
    """One cache per data file, so the test sample and the full dev set do not evict each other."""
    return SQUAD_INDEX_ROOT / Path(data_path).stem


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


def retrieval_scores(desk: Newsdesk, questions: Sequence[SquadQuestion], mode: str, progress: bool) -> dict:
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
        result["retrieval"] = {r: retrieval_scores(desk, questions, r, progress) for r in dict.fromkeys(retrievers)}
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
    result["machine"] = machine(load_start)
    return result


def _breakdown(title: str, groups: dict[str, dict]) -> str:
    rows = [[key, g["questions"], f"{g['em']:.1f}", f"{g['f1']:.1f}", g["abstained"]] for key, g in groups.items()]
    return table(rows, [title, "questions", "EM", "F1", "abstained"])


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
        parts.append(table(rows, ["retriever", "top-1 %", "top-5 %", f"MRR@{SEARCH_DEPTH}", "ms/q"]))
    if "strategies" in result:
        rows = [[f"newsdesk {name}, {where}", f"{a['em']:.1f}", f"{a['f1']:.1f}"] for name, a in result["strategies"].items()]
    else:
        rows = [[f"newsdesk, {where}", f"{answers['em']:.1f}", f"{answers['f1']:.1f}"]]
    rows += [[f"paper: {name}", f"{em:.1f}", f"{f1:.1f}"] for name, (em, f1) in PAPER_BASELINES.items()]
    parts.append(table(rows, ["answers", "EM", "F1"]))
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
    return table(rows, [title, "questions", *(f"F1 {n}" for n in names)])


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
