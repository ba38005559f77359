"""A bounded memo for what readers derive from one immutable snapshot (stems of a sentence, an
article's publication date, ...): least recently used entries go first, so a server answering for
weeks over a large archive holds at most `capacity` of them. Safe to share between request threads."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterator, MutableMapping
from typing import Any

# Entries kept per snapshot: a sentence's stems are ~0.7 KB, so ~70 MB at most.
MEMO_ENTRIES = 100_000
_MISSING = object()


class Memo(MutableMapping):
    def __init__(self, capacity: int = MEMO_ENTRIES) -> None:
        self.capacity = capacity
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def __getitem__(self, key: Hashable) -> Any:
        with self._lock:
            value = self._data[key]
            self._data.move_to_end(key)
            return value

    def get(self, key: Hashable, default: Any = None) -> Any:
        """As Mapping.get, in one step (the answerer reads the memo ~500 times a question)."""
        with self._lock:
            value = self._data.get(key, _MISSING)
            if value is _MISSING:
                return default
            self._data.move_to_end(key)
            return value

    def __setitem__(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.capacity:
                self._data.popitem(last=False)

    def __delitem__(self, key: Hashable) -> None:
        with self._lock:
            del self._data[key]

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __iter__(self) -> Iterator[Hashable]:
        with self._lock:
            return iter(list(self._data))

    def __len__(self) -> int:
        return len(self._data)
