"""The hand-written held-out sets under tests/data/: BBC questions (right %, abstention %, quotes
verbatim) and corroboration clusters (per kind: value, source count, conflict, update, correction).

Their dev split may be studied question by question; the frozen split is only ever reported as
aggregate scores, so the printed text and the written JSON of a frozen run hold no per-question rows.
A training set (split `train`) is shown row by row."""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

from index.documents import Article
from index.embed import Embedder
from service.evaluate.runs import (RESULTS_DIR, TORCH_THREADS, verbatim_citations, machine, open_index, percent,
                                   read_jsonl, table, torch_threads)
from service.evaluate.scoring import f1_score, figures, matches_any, score, value_matches

if TYPE_CHECKING:
    from service.engine import Newsdesk
    from service.models import Answer

HELDOUT_DIR = Path(__file__).resolve().parent.parent.parent / "tests" / "data"
BBC_DIR = HELDOUT_DIR / "bbc_questions"
BBC_FRESH_DIR = HELDOUT_DIR / "bbc_fresh"  # written blind in session 13; one questions.jsonl, scored as split `train`
BBC_FRESH2_DIR = HELDOUT_DIR / "bbc_fresh2"  # written blind in session 14, the same way
BBC_FRESH3_DIR = HELDOUT_DIR / "bbc_fresh3"  # written blind in session 15, the same way
BBC_FRESH4_DIR = HELDOUT_DIR / "bbc_fresh4"  # written blind in session 16, heavy on unanswerable questions
BBC_FRESH5_DIR = HELDOUT_DIR / "bbc_fresh5"  # written blind in session 17, heavy on unanswerable questions
BBC_FRESH6_DIR = HELDOUT_DIR / "bbc_fresh6"  # written blind in session 18, heavy on unanswerable questions
CLUSTERS_DIR = HELDOUT_DIR / "clusters"
CLUSTERS_TRAIN_DIR = HELDOUT_DIR / "clusters_train"  # training material: every question may be studied
HELDOUT_SPLITS = ("dev", "frozen")  # the hand-written sets: dev read freely, frozen only scored
TRAIN_SPLIT = "train"  # a training set's one split: its questions.jsonl (or train.jsonl), shown row by row
# The BBC texts stay in the dataset (all rights are the BBC's): the question set stores ids and hashes.
BBC_DATA = Path(os.environ.get("NEWSDESK_BBC_DATA", Path(__file__).resolve().parents[3]
                               / "shared" / "data" / "bbc-news" / "bbc_news_2225.jsonl.gz"))

CLUSTER_KINDS = ("agree", "conflict", "update", "correction", "syndicated", "single", "unanswerable")
COUNTED_KINDS = ("agree", "syndicated", "single")  # kinds whose questions give independent_sources


def load_heldout(directory: Path, split: str) -> tuple[list[dict], list[dict]]:
    """(every article record of the set, the questions of `split`)."""
    if split not in (*HELDOUT_SPLITS, TRAIN_SPLIT):
        raise ValueError(f"split must be one of {', '.join((*HELDOUT_SPLITS, TRAIN_SPLIT))}")
    articles = read_jsonl(Path(directory) / "articles.jsonl")
    if any("text" not in a for a in articles):
        articles = with_bbc_texts(articles)
    return articles, read_jsonl(_questions_file(Path(directory), split))


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


def record_article(record: dict) -> Article:
    from index.load import safe_doc_id

    return Article(doc_id=safe_doc_id(record["doc_id"]), title=record["title"], text=record["text"],
                   published=record.get("published"), url=record.get("url"), source=record.get("source"))


def _heldout_desk(suite: str, records: list[dict], index_dir: Path | None, embedder: Embedder | None,
                  progress: bool) -> tuple[Newsdesk, bool, float]:
    """The cached index of every article of the set (both splits, and distractors), built on first use."""
    started = time.perf_counter()
    desk, built = open_index([record_article(r) for r in records], index_dir or RESULTS_DIR / f"{suite}-index",
                             embedder, progress)
    return desk, built, time.perf_counter() - started


def _ask_each(desk: Newsdesk, questions: list[dict], desc: str, progress: bool) -> tuple[list[tuple[dict, Answer]], int, int]:
    """Every question asked as `/ask` does: ((question, answer) pairs, citations verbatim at their offsets, citations)."""
    asked, faithful, citations = [], 0, 0
    for q in tqdm(questions, desc=desc, unit="q", disable=not progress):
        answer = desk.ask(q["question"])
        good, total = verbatim_citations(desk, answer)
        faithful, citations = faithful + good, citations + total
        asked.append((q, answer))
    return asked, faithful, citations


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
    suite = "bbc" if directory == BBC_DIR else f"bbc-{directory.name}"  # its own cached index per set
    desk, built, index_seconds = _heldout_desk(suite, records, index_dir, embedder, progress)
    if strategy is not None:
        desk.answerer = shared_answerer(strategy)
    if answerer is not None:
        desk.answerer = answerer
    rows = []
    started = time.perf_counter()
    asked, faithful, citations = _ask_each(desk, questions, f"bbc {split}", progress)
    for q, answer in asked:
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
        "right": percent(sum(r["right"] for r in answerable), len(answerable)),
        "right_count": sum(r["right"] for r in answerable),
        "em": round(sum(r["em"] for r in answerable) / max(len(answerable), 1), 1),
        "f1": round(sum(r["f1"] for r in answerable) / max(len(answerable), 1), 1),
        "answerable_abstained": sum(r["abstained"] for r in answerable),
        "abstained": percent(sum(r["abstained"] for r in unanswerable), len(unanswerable)),
        "abstained_count": sum(r["abstained"] for r in unanswerable),
        "quotes_verbatim": percent(faithful, citations), "citations": citations,
        "seconds": round(seconds, 1), "ms_per_question": round(1000 * seconds / max(len(rows), 1), 1),
        "machine": machine(load_start),
    }
    if split in ("dev", TRAIN_SPLIT):
        result["by_kind"] = _rate_by(answerable, "kind")
        result["rows"] = rows
    return result


def _rate_by(rows: list[dict], key: str) -> dict[str, dict]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        groups[r[key]].append(r)
    return {k: {"questions": len(g), "right": sum(r["right"] for r in g)}
            for k, g in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))}


def shows_conflict_value(shown: str, value: str, accepted: list[str]) -> bool:
    """A shown value states one side of a conflict when it matches it, or matches an accepted span of
    the question with that side's numbers ('more than 2,000' is accepted for the side '2,000': the
    hedge is the outlet's wording, the figure is the same)."""
    return value_matches(shown, value) or any(
        value_matches(shown, a) and (figures(a) == figures(value) and figures(value) or hedged(a, value)) for a in accepted)


def hedged(accepted: str, value: str) -> bool:
    """An accepted span that is the side's own words with a hedge before them ('no more than a dozen'
    for the side 'a dozen'): the same rule as for figures written in digits, for a figure in words."""
    a, v = accepted.strip().lower(), value.strip().lower()
    return a != v and a.endswith(" " + v)


# Words that give a figure as the source's approximation of it: 'About 200' (homes) states the figure of
# the accepted '200 homes' as its article words it. Only approximations: 'more than', 'up to', 'a further'
# say something else of the figure.
APPROXIMATIONS = re.compile(r"^(?:about|around|approximately|roughly|nearly|almost|some|an estimated|estimated|close to)\s+",
                            re.IGNORECASE)


def accepted_value(shown: str | None, accepted: list[str]) -> bool:
    """`shown` matches an accepted span, or does once its approximation word is set aside and the
    figures are the same ('About 200' for '200 homes': token overlap alone reads 'about' as a
    difference, though 'about 200 homes' and '200' both pass)."""
    if matches_any(shown, accepted):
        return True
    bare = APPROXIMATIONS.sub("", shown or "", count=1)
    return bare != (shown or "") and bool(figures(bare)) and any(
        value_matches(bare, a) and figures(a) == figures(bare) for a in accepted)


def stale_value(shown: str, superseded: list[str], accepted: list[str]) -> bool:
    """A shown value is the superseded one when it matches it and is closer to it than to every
    accepted span ('the post office on Kiln Road' shares 'on Kiln Road' with the retracted "Dalton's
    newsagent on Kiln Road" but is the accepted answer itself)."""
    if not matches_any(shown, superseded):
        return False
    if not matches_any(shown, accepted):
        return True
    return max(f1_score(shown, s) for s in superseded) > max(f1_score(shown, a) for a in accepted)


def judge_cluster_question(q: dict, answer: Answer) -> dict:
    """Whether `answer` meets the expectation of a cluster question (rules in tests/data/clusters/README.md)."""
    value = None if answer.abstained else answer.answer
    right = accepted_value(value, q["answers"])
    support = [e.value for e in answer.support]
    conflicts = [e.value for e in answer.conflicts]
    support_count = next((e.sources for e in answer.support if accepted_value(e.value, q["answers"])), 0)
    kind = q["kind"]
    if kind in COUNTED_KINDS:
        split_as_conflict = any(accepted_value(c, q["answers"]) for c in conflicts)
        ok = right and support_count == q["independent_sources"] and not split_as_conflict
    elif kind == "conflict":
        shown = [v for v in [value, *support, *conflicts] if v]
        ok = all(any(shows_conflict_value(s, v, q["answers"]) for s in shown) for v in q["conflict_values"])
    elif kind in ("update", "correction"):
        stale = [v for v in [value, *support, *conflicts] if v and stale_value(v, q["superseded"], q["answers"])]
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
    rows = []
    started = time.perf_counter()
    asked, faithful, citations = _ask_each(desk, questions, f"clusters {split}", progress)
    for q, answer in asked:
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
        "right": percent(sum(r["right"] for r in rows), len(rows)), "right_count": sum(r["right"] for r in rows),
        "right_value": percent(sum(r["right_value"] for r in rows), len(rows)), "by_kind": by_kind,
        "quotes_verbatim": percent(faithful, citations), "citations": citations,
        "seconds": round(seconds, 1), "ms_per_question": round(1000 * seconds / max(len(rows), 1), 1),
        "machine": machine(load_start),
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
             table(rows, ["bbc", "value", ""])]
    if "rows" in result:
        parts.append(table([[k, g["questions"], g["right"]] for k, g in result["by_kind"].items()],
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
             _show(percent(g["right"], g["questions"]))] for k, g in result["by_kind"].items() if g["questions"]]
    rows.append(["all", result["questions"], result["right_count"],
                 sum(g["right_value"] for g in result["by_kind"].values()), _show(result["right"])])
    parts = [(f"Corroboration clusters — {result['split']} split, {result.get('strategy', 'default')} scorer — "
              f"{result['questions']} questions over "
              f"{result['articles_indexed']} articles; quotes verbatim {_show(result['quotes_verbatim'])} "
              f"of {result['citations']} citations"),
             table(rows, ["kind", "questions", "right", "right value", "right %"])]
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
