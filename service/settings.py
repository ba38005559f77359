"""Runtime configuration, read once from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

SLACK_API_DEFAULT = "https://slack.com/api/"


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
    api_key: str | None = None
    read_key: str | None = None
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
            api_key=_env("NEWSDESK_API_KEY"),
            read_key=_env("NEWSDESK_READ_KEY"),
            cors_origins=tuple(o.strip() for o in origins.split(",") if o.strip()),
        )
