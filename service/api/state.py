"""What the routes share: the engine (loaded in the background) and the settings, as dependencies."""

from __future__ import annotations

import logging

from fastapi import Request

from service.engine import Newsdesk, NotReady
from service.retrieve import serve_one_thread_per_query
from service.settings import Settings

log = logging.getLogger("newsdesk.api")
LOADING = "the index is still loading; retry shortly"
FAILED = "the index could not be loaded; see the server log"


class DeskHolder:
    """The desk once it is loaded; loading runs in the background so /healthz answers at once."""

    def __init__(self, desk: Newsdesk | None) -> None:
        self.desk = desk
        self.failed = False

    def load(self, settings: Settings) -> None:
        try:
            desk = Newsdesk.open(settings.index_dir)
            serve_one_thread_per_query()
            desk.warm_up()
            self.desk = desk
        except Exception:  # reported by /readyz (without the exception text), the process stays up for diagnosis
            log.exception("loading the index failed")
            self.failed = True

    @property
    def status(self) -> str:
        return "ready" if self.desk is not None else "failed" if self.failed else "loading"

    def get(self) -> Newsdesk:
        if self.desk is None:
            raise NotReady(FAILED if self.failed else LOADING)
        return self.desk


async def get_holder(request: Request) -> DeskHolder:
    return request.app.state.holder


async def get_desk(request: Request) -> Newsdesk:
    """The engine as a dependency: 503 (via the NotReady handler) until it is loaded."""
    return request.app.state.holder.get()


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings
