"""Write the RealTimeQA 2022 retrieved news articles as a JSONL of articles (issue 8's corpus).

Every distinct url with a text among the Google Custom Search results saved with the 2022
questions (`../shared/data/realtimeqa/realtimeqa_gcs_retrieval_2022.jsonl.gz`), in file order:
4,886 articles, 7.2 M words. `newsdesk bench --data <out> --limit 1120` takes the 1,120-article
set the issue measures (evenly spaced over the file, 1.67 M words). Held-out test data: measure
speed on it, never tune answers on it.

    python benchmarks/realtimeqa_articles.py /tmp/rtqa2022.jsonl
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "realtimeqa" / "realtimeqa_gcs_retrieval_2022.jsonl.gz"


def articles(source: Path = SOURCE):
    seen: set[str] = set()
    with gzip.open(source, "rt", encoding="utf-8") as f:
        for line in f:
            for result in json.loads(line).get("search_result") or []:
                url, text = result.get("url"), (result.get("text") or "").strip()
                if not url or url in seen or not text:
                    continue
                seen.add(url)
                yield {"id": f"rtqa-{len(seen):05d}", "title": result.get("title") or "", "text": text, "url": url,
                       "published": result.get("publish_date")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--source", type=Path, default=SOURCE)
    args = parser.parse_args()
    n = words = 0
    with open(args.out, "w", encoding="utf-8") as f:
        for article in articles(args.source):
            f.write(json.dumps(article) + "\n")
            n += 1
            words += len(article["text"].split())
    print(f"{n} articles, {words} words -> {args.out}")


if __name__ == "__main__":
    main()
