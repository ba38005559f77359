"""Routes of the web page: `/` and its static files, offline `/docs`, and `/ui/access`.

Self-contained `APIRouter` (one of `service.api.ROUTERS`): no key is needed for these, the page
then talks to the JSON API like any other client, with the key the user enters. Every HTML
response carries a strict Content-Security-Policy: scripts only from this origin, no inline
script, no external request of any kind.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request, Security
from fastapi.security import HTTPAuthorizationCredentials
from fastapi.responses import Response

from service.api.security import Scope, allows, bearer
from service.web.assets import CACHE_REVALIDATE, AssetDir, asset_response

STATIC_DIR = Path(__file__).resolve().parent / "static"
PAGE_FILES = ("index.html", "docs.html", "app.js", "app.css", "docs-init.js", "docs.css", "favicon.svg")
PAGE_ASSETS = ("app.js", "app.css", "favicon.svg")
DOCS_ASSETS = ("swagger-ui.css", "swagger-ui-bundle.js")
STATIC_PREFIX = "/static/"
SWAGGER_PREFIX = "/docs/assets/"

_COMMON_CSP = ("default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' data:; font-src 'self'; "
               "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
PAGE_CSP = f"{_COMMON_CSP}; style-src 'self'"
# Swagger UI (React) sets style attributes; its scripts still come only from this origin.
DOCS_CSP = f"{_COMMON_CSP}; style-src 'self' 'unsafe-inline'"
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
                    "X-Frame-Options": "DENY"}

def _swagger_dir() -> Path:
    # Located without importing the package (its __init__ wires framework handlers we do not use).
    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("swagger-ui-py is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "static"


class _Files:
    """The page's files and Swagger UI's, loaded on first request."""

    def __init__(self) -> None:
        self._page: AssetDir | None = None
        self._swagger: AssetDir | None = None

    @property
    def page(self) -> AssetDir:
        if self._page is None:
            self._page = AssetDir(STATIC_DIR, PAGE_FILES)
        return self._page

    @property
    def swagger(self) -> AssetDir:
        if self._swagger is None:
            self._swagger = AssetDir(_swagger_dir(), DOCS_ASSETS)
        return self._swagger

    def html(self, name: str) -> bytes:
        """An HTML file with its asset links fingerprinted, so browsers may cache those for good."""
        text = self.page.get(name).body.decode("utf-8")
        for asset in PAGE_ASSETS + ("docs-init.js", "docs.css"):
            text = text.replace(f'"{STATIC_PREFIX}{asset}"', f'"{self.page.url(STATIC_PREFIX, asset)}"')
        for asset in DOCS_ASSETS:
            text = text.replace(f'"{SWAGGER_PREFIX}{asset}"', f'"{self.swagger.url(SWAGGER_PREFIX, asset)}"')
        return text.encode("utf-8")


_files = _Files()
router = APIRouter(include_in_schema=False)
READ_METHODS = ["GET", "HEAD"]


def _html(body: bytes, csp: str) -> Response:
    return Response(body, media_type="text/html; charset=utf-8",
                    headers={**SECURITY_HEADERS, "Content-Security-Policy": csp, "Cache-Control": CACHE_REVALIDATE})


@router.api_route("/", methods=READ_METHODS)
def page() -> Response:
    return _html(_files.html("index.html"), PAGE_CSP)


@router.api_route("/docs", methods=READ_METHODS)
def docs() -> Response:
    return _html(_files.html("docs.html"), DOCS_CSP)


@router.api_route(STATIC_PREFIX + "{name}", methods=READ_METHODS)
def static_file(name: str, request: Request) -> Response:
    asset = _files.page.get(name) if not name.endswith(".html") else None
    if asset is None:
        raise HTTPException(404, "no such file")
    return asset_response(request, asset, SECURITY_HEADERS)


@router.api_route(SWAGGER_PREFIX + "{name}", methods=READ_METHODS)
def swagger_file(name: str, request: Request) -> Response:
    asset = _files.swagger.get(name)
    if asset is None:
        raise HTTPException(404, "no such file")
    return asset_response(request, asset, SECURITY_HEADERS)


@router.get("/ui/access")
def access(request: Request, credentials: HTTPAuthorizationCredentials | None = Security(bearer)) -> dict:
    """What the presented key (Authorization: Bearer) allows, so the page shows only what works.

    Open to all: it tells only what the key in this request may do, by the rule the API applies."""
    settings = request.app.state.settings
    given = credentials.credentials if credentials else None
    return {scope.value: allows(settings, scope, given) for scope in Scope} | {"key_presented": given is not None}
