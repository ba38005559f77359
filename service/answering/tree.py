"""Walks over a stored sentence parse (`SentenceView.tokens`: tuples whose index 5 is the head's position)."""

from __future__ import annotations

HEAD = 5  # a token tuple's head index


def subtree(tokens: list[tuple], root: int) -> tuple[int, int]:
    """[first, last) of the contiguous tokens whose head chain reaches `root`."""
    def under(i: int) -> bool:
        for _ in range(len(tokens)):
            if i == root:
                return True
            parent = tokens[i][HEAD]
            if parent == i:
                return False
            i = parent
        return False

    first = root
    while first > 0 and under(first - 1):
        first -= 1
    last = root + 1
    while last < len(tokens) and under(last):
        last += 1
    return first, last
