"""The HTTP API: `create_app` builds it; one router module per area (ask, documents, health, feedback, slack)."""

from service.api.app import ROUTERS, create_app

__all__ = ["ROUTERS", "create_app"]
