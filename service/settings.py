"""Runtime configuration, read once from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

SLACK_API_DEFAULT = "https://slack.com/api/"
TRUE_VALUES = frozenset({"1", "true", "yes", "on"})


def _env(name: str) -> str | None:
    """An unset or blank variable both mean 'not configured'."""
    value = os.environ.get(name, "").strip()
    return value or None


@dataclass(frozen=True)
class Settings:
    index_dir: Path = field(default_factory=lambda: Path.cwd() / "newsdesk_index")
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str = SLACK_API_DEFAULT
    read_key: str | None = None
    write_key: str | None = None
    admin_key: str | None = None
    # No write or admin key: writes are refused (403) unless this is set (or `newsdesk serve` binds loopback).
    allow_open_writes: bool = False
    cors_origins: tuple[str, ...] = ()

    @classmethod
    def from_env(cls) -> "Settings":
        index_dir = _env("NEWSDESK_INDEX_DIR")
        origins = _env("NEWSDESK_CORS_ORIGINS") or ""
        return cls(
            index_dir=Path(index_dir) if index_dir else Path.cwd() / "newsdesk_index",
            slack_bot_token=_env("SLACK_BOT_TOKEN"),
            slack_signing_secret=_env("SLACK_SIGNING_SECRET"),
            slack_app_token=_env("SLACK_APP_TOKEN"),
            slack_api_url=_env("SLACK_API_URL") or SLACK_API_DEFAULT,
            read_key=_env("NEWSDESK_READ_KEY"),
            write_key=_env("NEWSDESK_WRITE_KEY"),
            admin_key=_env("NEWSDESK_ADMIN_KEY"),
            allow_open_writes=_env("NEWSDESK_ALLOW_OPEN_WRITES") in TRUE_VALUES,
            cors_origins=tuple(o.strip() for o in origins.split(",") if o.strip()),
        )
