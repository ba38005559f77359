"""A writer to be killed: adds, replaces and deletes small articles in a loop, logging each
acknowledged write. tests/test_segments.py SIGKILLs it at random moments and checks the index.

    python tests/crash_writer.py INDEX_DIR

Loading the model and the parser takes seconds, so this process loads them once and then, for
each `run <id> <log path>` line on stdin, forks a writer and prints `started <pid>`; the test
kills that pid, and this process reaps it and prints `exited <pid>`. A writer's log lines:
`ready`, `acked <doc_id> <version>` after add() returned, `deleted <doc_id>` after delete()
returned, `optimized` after a full merge. Each line is written with one write(2), so what was
logged survives the kill.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

from index.documents import Article
from index.embed import load_embedder
from index.pipeline import Indexer, process

PLACES = ["Harborton", "Peloria", "Northvale", "Easton", "Millbrook", "Kestrel Bay", "Ashford", "Dunmore"]
EVENTS = ["a ferry strike", "a flood", "a council vote", "a bridge closure", "a port expansion", "a heat wave"]


def article(doc_id: str, version: int, rng: random.Random) -> Article:
    place, event = rng.choice(PLACES), rng.choice(EVENTS)
    text = (f"{place} reports {event}\n\n"
            f"Officials in {place} said on Monday that {event} affected {rng.randint(2, 900)} residents. "
            f"The mayor promised an update by Friday. Revision {version} of this report was filed at "
            f"{rng.randint(1, 12)} o'clock.\n")
    return Article(doc_id=doc_id, title=f"{place} reports {event}", text=text)


def writer(index_dir: Path, run: str, log) -> None:
    rng = random.Random(run)
    indexer = Indexer(index_dir, embedder=load_embedder())
    log(f"ready")
    acked: list[str] = []
    for i in range(10_000):
        doc_id = f"r{run}-{i}"
        if acked and rng.random() < 0.2:  # replace an earlier document with a new version
            doc_id = rng.choice(acked)
        indexer.add([article(doc_id, i, rng)])
        if doc_id not in acked:
            acked.append(doc_id)
        log(f"acked {doc_id} {i}")
        if rng.random() < 0.25:
            victim = rng.choice(acked)
            indexer.delete([victim])
            acked.remove(victim)
            log(f"deleted {victim}")
        if rng.random() < 0.05:
            indexer.optimize()
            log("optimized")


def main() -> None:
    import torch

    torch.set_num_threads(1)  # no intra-op thread pool to inherit across fork()
    index_dir = Path(sys.argv[1])
    process([article("warm-up", 0, random.Random(0))], load_embedder())  # parser, chunker and model loaded
    print("ready", flush=True)
    for line in sys.stdin:
        _, run, log_path = line.split()
        pid = os.fork()
        if pid == 0:
            fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            try:
                writer(index_dir, run, lambda text: os.write(fd, (text + "\n").encode()))
            finally:
                os._exit(0)
        print(f"started {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        print(f"exited {pid} {status}", flush=True)


if __name__ == "__main__":
    main()
