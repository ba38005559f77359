"""The web page: a single static page over the HTTP API, and offline API docs (Swagger UI)."""

from service.web.routes import router

__all__ = ["router"]
