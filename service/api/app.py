"""The FastAPI application: routers per area over one `Newsdesk`; pydantic models are the contract."""

from __future__ import annotations

import asyncio
import threading
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version

from fastapi import APIRouter, FastAPI
from slack_sdk.signature import SignatureVerifier

from service.api import ask, documents, feedback, health, slack
from service.api.errors import install_error_handlers
from service.api.middleware import desk_size, install_hardening
from service.api.security import announce
from service.api.state import DeskHolder
from service.engine import Newsdesk
from service.feedback import FeedbackStore
from service.settings import Settings
from service.slack import build_slack_app
from service.web import router as web_router

ROUTERS: tuple[APIRouter, ...] = (ask.router, documents.router, health.router, feedback.router, slack.router,
                                  web_router)
DESCRIPTION = ("Extractive, cited answers over news articles. No LLM: every answer is a verbatim span.\n\n"
               "Errors always have the body `{\"detail\": str, \"errors\": [{\"field\": str, \"message\": str}]}`.")


def package_version() -> str:
    try:
        return version("newsdesk")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0"


def create_worker_app() -> FastAPI:
    """The app of one `newsdesk serve --workers N` worker: it loads the index and the models before
    it accepts a connection, so while one worker starts the others take every request."""
    return create_app(load_before_serving=True)


def create_app(desk: Newsdesk | None = None, settings: Settings | None = None, *,
               engine: Newsdesk | None = None, routers: tuple[APIRouter, ...] | list[APIRouter] = ROUTERS,
               load_before_serving: bool = False) -> FastAPI:
    """The app over `engine` (alias `desk`), or over the index in settings.index_dir, loaded in the
    background (or, with `load_before_serving`, before the first connection is accepted)."""
    settings = settings or Settings.from_env()
    holder = DeskHolder(engine or desk)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        announce(settings)
        if holder.desk is None and load_before_serving:
            await asyncio.to_thread(holder.load, settings)
        elif holder.desk is None:
            threading.Thread(target=holder.load, args=(settings,), name="index-loader", daemon=True).start()
        yield

    app = FastAPI(title="newsdesk", version=package_version(), lifespan=lifespan, description=DESCRIPTION,
                  docs_url=None, redoc_url=None)  # /docs is served offline by the web router
    app.state.holder = holder
    app.state.settings = settings
    app.state.feedback = FeedbackStore(settings.index_dir)
    app.state.slack_bolt = build_slack_app(holder.get, settings, feedback=app.state.feedback)
    app.state.slack_verifier = SignatureVerifier(settings.slack_signing_secret) if app.state.slack_bolt else None
    install_error_handlers(app)
    for router in routers:
        app.include_router(router)
    install_hardening(app, settings, index_size=lambda: desk_size(holder.get()))
    return app
