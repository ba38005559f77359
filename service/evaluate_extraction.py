"""How well HTML extraction keeps the article and drops the furniture.

Two metrics, as the issue defines them:
- snippet metric (trafilatura's own evaluation): per page, each must-contain snippet found is a
  true positive, missing a false negative; each must-not-contain snippet found a false positive,
  absent a true negative; summed over pages.
- shingle metric (needs ground-truth bodies): word tokens, 4-word shingles with counts; per page
  precision and recall, averaged over pages; F1 of the two means.

Extractors compared: newsdesk (what `newsdesk extract` outputs), trafilatura alone (`extract()`
with its defaults) and the hand-written extractor newsdesk used before (`html_main_text` +
cleaning).
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from index.clean import kept_lines
from index.errors import LoadError
from index.sources.html import article_from_html, page_text
from index.sources.raw import MAX_PAGE_BYTES, read_bytes

DEFAULT_PAGES = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "web-pages"
SHINGLE = 4
_WORD = re.compile(r"\w+", re.UNICODE)

Extractor = Callable[[bytes, str | None], str]


def newsdesk_text(data: bytes, url: str | None) -> str:
    try:
        return article_from_html(data, "page", "page", url).text
    except LoadError:
        return ""


def newsdesk_without_furniture_filter(data: bytes, url: str | None) -> str:
    try:
        return article_from_html(data, "page", "page", url, drop_furniture=False).text
    except LoadError:
        return ""


def trafilatura_text(data: bytes, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(page_text(data), url=url) or ""


def handwritten_text(data: bytes, url: str | None) -> str:
    from index.load import html_main_text

    text = html_main_text(page_text(data))[1]
    return "\n".join(text[s:e] for s, e in kept_lines(text))


def cleaned(extractor: Extractor) -> Extractor:
    """`extractor` with newsdesk's line cleaning (index/clean.py) on top."""
    def run(data: bytes, url: str | None) -> str:
        text = extractor(data, url)
        return "\n".join(text[s:e] for s, e in kept_lines(text))
    return run


EXTRACTORS: dict[str, Extractor] = {
    "newsdesk": newsdesk_text,
    "newsdesk-furniture": newsdesk_without_furniture_filter,
    "newsdesk+cleaning": cleaned(newsdesk_text),
    "trafilatura": trafilatura_text,
    "hand-written+cleaning": handwritten_text,
}


def _collapse(text: str) -> str:
    return " ".join(text.split())


def snippet_counts(text: str, must: Iterable[str], must_not: Iterable[str]) -> Counter:
    text = _collapse(text)
    counts = Counter()
    for snippet in must:
        counts["tp" if _collapse(snippet) in text else "fn"] += 1
    for snippet in must_not:
        counts["fp" if _collapse(snippet) in text else "tn"] += 1
    return counts


def snippet_scores(counts: Counter) -> dict:
    tp, fp, fn, tn = (counts[k] for k in ("tp", "fp", "fn", "tn"))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    total = tp + fp + fn + tn
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "accuracy": round((tp + tn) / total, 3) if total else 0.0, "tp": tp, "fp": fp, "fn": fn, "tn": tn}


def shingles(text: str) -> Counter:
    words = _WORD.findall(text.lower())
    return Counter(tuple(words[i:i + SHINGLE]) for i in range(max(0, len(words) - SHINGLE + 1)))


def shingle_page(extracted: str, truth: str) -> tuple[float, float]:
    """(precision, recall) of one page's extracted shingles against its true body, counts kept."""
    got, want = shingles(extracted), shingles(truth)
    overlap = sum((got & want).values())
    precision = overlap / sum(got.values()) if got else (1.0 if not want else 0.0)
    recall = overlap / sum(want.values()) if want else 1.0
    return precision, recall


def shingle_scores(pairs: Iterable[tuple[str, str]]) -> dict:
    """Per-page P/R averaged over pages; F1 of the two means."""
    scores = [shingle_page(extracted, truth) for extracted, truth in pairs]
    if not scores:
        return {"pages": 0, "precision": 0.0, "recall": 0.0, "f1": 0.0}
    p = sum(s[0] for s in scores) / len(scores)
    r = sum(s[1] for s in scores) / len(scores)
    return {"pages": len(scores), "precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def web_pages(pages_dir: Path = DEFAULT_PAGES, limit: int | None = None) -> list[dict]:
    rows = [json.loads(line) for line in (Path(pages_dir) / "annotations.jsonl").read_text().splitlines() if line.strip()]
    return rows[:limit] if limit else rows


def evaluate_pages(pages_dir: Path = DEFAULT_PAGES, extractors: Iterable[str] = EXTRACTORS,
                   limit: int | None = None) -> dict:
    """Snippet metric of each extractor on the annotated pages, with ms per page."""
    rows = web_pages(pages_dir, limit)
    pages = [(row, read_bytes(Path(pages_dir) / "html" / f"{row['file']}.gz", MAX_PAGE_BYTES)) for row in rows]
    result = {"pages": len(pages), "data": str(pages_dir), "extractors": {}}
    for name in extractors:
        counts = Counter()
        started = time.perf_counter()
        for row, data in pages:
            counts += snippet_counts(EXTRACTORS[name](data, row.get("url")), row["with"], row["without"])
        scores = snippet_scores(counts)
        scores["ms_per_page"] = round(1000 * (time.perf_counter() - started) / max(1, len(pages)), 1)
        result["extractors"][name] = scores
    return result


def evaluate_truth(extracted: dict[str, str], truth: dict[str, str]) -> dict:
    """Shingle metric of extracted texts (id → text, e.g. from `newsdesk extract --json`) against
    ground-truth bodies (id → text); a page missing from `extracted` counts as empty."""
    return shingle_scores((extracted.get(key, ""), body) for key, body in truth.items())


def format_pages(result: dict) -> str:
    lines = [f"{result['pages']} pages from {result['data']}",
             f"{'extractor':24} {'precision':>9} {'recall':>7} {'F1':>6} {'accuracy':>8} {'ms/page':>8}"]
    for name, s in result["extractors"].items():
        lines.append(f"{name:24} {s['precision']:9.3f} {s['recall']:7.3f} {s['f1']:6.3f} {s['accuracy']:8.3f} {s['ms_per_page']:8.1f}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(format_pages(evaluate_pages()))
