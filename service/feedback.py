"""Feedback clicks (👍 / 👎) from Slack, kept in SQLite beside the index.

SQLite because the index directory is the one piece of state a deployment already keeps
(a named volume in docker-compose); a connection per call keeps it safe across threads.
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from pathlib import Path

VALUES = ("up", "down")
MAX_FIELD_CHARS = 4000
FILENAME = "feedback.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    user TEXT NOT NULL,
    value TEXT NOT NULL CHECK (value IN ('up', 'down')),
    created_at REAL NOT NULL
)
"""


class FeedbackStore:
    """Append-only log of feedback clicks with a small summary for `GET /feedback`."""

    def __init__(self, directory: Path):
        self.path = Path(directory) / FILENAME
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db, db:
            db.execute(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def record(self, question: str, answer: str, user: str, value: str) -> int:
        """Store one click; returns its row id. `value` is 'up' or 'down'."""
        if value not in VALUES:
            raise ValueError(f"feedback value must be one of {VALUES}")
        row = (question[:MAX_FIELD_CHARS], answer[:MAX_FIELD_CHARS], user[:200], value, time.time())
        with closing(self._connect()) as db, db:
            cursor = db.execute(
                "INSERT INTO feedback (question, answer, user, value, created_at) VALUES (?, ?, ?, ?, ?)", row
            )
            return int(cursor.lastrowid)

    def summary(self, recent: int = 20) -> dict:
        """Counts per value plus the latest clicks, newest first."""
        with closing(self._connect()) as db:
            counts = dict(db.execute("SELECT value, COUNT(*) FROM feedback GROUP BY value").fetchall())
            rows = db.execute(
                "SELECT question, answer, user, value, created_at FROM feedback ORDER BY id DESC LIMIT ?",
                (recent,),
            ).fetchall()
        up, down = counts.get("up", 0), counts.get("down", 0)
        return {
            "total": up + down,
            "up": up,
            "down": down,
            "recent": [
                {
                    "question": question,
                    "answer": answer,
                    "user": user,
                    "value": value,
                    "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(created_at)),
                }
                for question, answer, user, value, created_at in rows
            ],
        }
