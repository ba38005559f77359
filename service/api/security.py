"""Who may do what: three scopes as FastAPI `Security` dependencies.

- read (ask, search, list and get documents, stats): open unless NEWSDESK_READ_KEY is set; then
  the read, write or admin key.
- write (add documents): the write or admin key. With neither configured, writes are refused
  (403) unless the server was told NEWSDESK_ALLOW_OPEN_WRITES=1 (or `newsdesk serve` binds to
  loopback only).
- admin (delete documents, read Slack feedback): the admin key; the write key when no admin key
  is configured; open only when writes are open.

A missing or wrong key is 401 with `WWW-Authenticate: Bearer`; keys are compared in constant time.
"""

from __future__ import annotations

import hmac
import logging
from enum import Enum

from fastapi import HTTPException, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from service.settings import Settings

log = logging.getLogger("newsdesk.api")
bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer <key> (read, write or admin key).")


class Scope(str, Enum):
    READ = "read"
    WRITE = "write"
    ADMIN = "admin"


def accepted_keys(settings: Settings, scope: Scope) -> tuple[str, ...] | None:
    """Keys that grant `scope`; None when the scope is open; () when it is closed to everyone."""
    if scope is Scope.READ:
        keys = (settings.read_key, settings.write_key, settings.admin_key)
        return tuple(k for k in keys if k) if settings.read_key else None
    if scope is Scope.WRITE:
        keys = tuple(k for k in (settings.write_key, settings.admin_key) if k)
    else:
        keys = (settings.admin_key,) if settings.admin_key else tuple(k for k in (settings.write_key,) if k)
    if keys:
        return keys
    return None if settings.allow_open_writes else ()


KEY_NAMES = {Scope.READ: "NEWSDESK_READ_KEY", Scope.WRITE: "NEWSDESK_WRITE_KEY", Scope.ADMIN: "NEWSDESK_ADMIN_KEY"}


def _key_matches(given: str, keys: tuple[str, ...]) -> bool:
    # Every configured key is compared (constant time each) so timing tells nothing about which.
    token = given.encode("utf-8", "surrogateescape")
    results = [hmac.compare_digest(token, key.encode("utf-8")) for key in keys]
    return bool(token) and any(results)


def allows(settings: Settings, scope: Scope, given: str | None) -> bool:
    """Whether a presented key (None: none) grants `scope`, by the rule `_check` applies (for /ui/access)."""
    keys = accepted_keys(settings, scope)
    return keys is None or (given is not None and _key_matches(given, keys))


def _check(scope: Scope, request: Request, credentials: HTTPAuthorizationCredentials | None) -> None:
    settings: Settings = request.app.state.settings
    keys = accepted_keys(settings, scope)
    if keys is None:
        return
    if not keys:
        raise HTTPException(403, f"{scope.value} access is disabled on this server: start it with NEWSDESK_WRITE_KEY "
                                 "(or NEWSDESK_ALLOW_OPEN_WRITES=1 to allow unauthenticated writes)")
    if credentials is None or not _key_matches(credentials.credentials, keys):
        name = KEY_NAMES[Scope.WRITE] if scope is Scope.ADMIN and not settings.admin_key else KEY_NAMES[scope]
        raise HTTPException(401, f"this endpoint needs Authorization: Bearer <{name}>",
                            headers={"WWW-Authenticate": "Bearer"})


# async: a key check is a few comparisons; a sync dependency would cost a thread-pool hop per request
async def require_read(request: Request, credentials: HTTPAuthorizationCredentials | None = Security(bearer)) -> None:
    _check(Scope.READ, request, credentials)


async def require_write(request: Request, credentials: HTTPAuthorizationCredentials | None = Security(bearer)) -> None:
    _check(Scope.WRITE, request, credentials)


async def require_admin(request: Request, credentials: HTTPAuthorizationCredentials | None = Security(bearer)) -> None:
    _check(Scope.ADMIN, request, credentials)


# The scope of each operation that checks a key (operation ids as in the routers), so the schema
# declares `security` only where this server's settings actually ask for a key.
OPERATION_SCOPES = {"ask": Scope.READ, "search": Scope.READ, "list_documents": Scope.READ, "get_document": Scope.READ,
                    "stats": Scope.READ, "add_document": Scope.WRITE, "delete_document": Scope.ADMIN,
                    "feedback": Scope.ADMIN}


def document_security(schema: dict, settings: Settings) -> dict:
    """Drop `security` (and the 401 answer) from operations that are open under `settings`."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            scope = OPERATION_SCOPES.get(operation.get("operationId"))
            if scope is not None and accepted_keys(settings, scope) is None:
                operation.pop("security", None)
                operation.get("responses", {}).pop("401", None)
    return schema


def announce(settings: Settings) -> str:
    """The loud start-up line saying who may write."""
    if settings.write_key or settings.admin_key:
        line = "writes need a key (NEWSDESK_WRITE_KEY/NEWSDESK_ADMIN_KEY)"
    elif settings.allow_open_writes:
        line = "WARNING: writes are OPEN to anyone who can reach this server (NEWSDESK_ALLOW_OPEN_WRITES=1)"
    else:
        line = "writes are DISABLED: no NEWSDESK_WRITE_KEY set (NEWSDESK_ALLOW_OPEN_WRITES=1 opens them)"
    reads = "reads need NEWSDESK_READ_KEY" if settings.read_key else "reads are open"
    message = f"newsdesk auth: {line}; {reads}"
    log.warning(message)
    return message
