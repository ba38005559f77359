"""The snapshot's memo is bounded: least recently used entries leave first."""

import threading

from index.memo import Memo
from index.store import Snapshot


def test_least_recently_used_entries_leave_first():
    memo = Memo(capacity=3)
    for key in "abc":
        memo[key] = key.upper()
    assert memo["a"] == "A"  # a is now the most recently used
    memo["d"] = "D"
    assert "b" not in memo and set(memo) == {"a", "c", "d"} and len(memo) == 3
    assert memo.get("b") is None and memo.get("b", 7) == 7 and memo.get("c") == "C"
    memo["e"] = "E"
    assert set(memo) == {"c", "d", "e"}  # a was the least recently used once c was read


def test_many_threads_never_exceed_the_capacity():
    memo = Memo(capacity=100)

    def fill(offset: int) -> None:
        for i in range(2000):
            memo[(offset, i)] = i
            memo.get((offset, i - 1))

    threads = [threading.Thread(target=fill, args=(t,)) for t in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(memo) == 100


def test_a_snapshot_memo_is_bounded():
    assert isinstance(Snapshot.empty().memo, Memo) and Snapshot.empty().memo.capacity > 0
