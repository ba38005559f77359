"""Static files served by the page: read once, fingerprinted, answered with caching headers.

A fingerprinted URL (`/static/app.js?v=<hash>`) may be cached for a year; anything else must be
revalidated (`no-cache` + ETag, answered with 304 when unchanged).
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from fastapi import Request
from fastapi.responses import Response

FINGERPRINT_CHARS = 12
CACHE_FINGERPRINTED = "public, max-age=31536000, immutable"
CACHE_REVALIDATE = "no-cache"
MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
               ".html": "text/html; charset=utf-8", ".png": "image/png", ".svg": "image/svg+xml"}


@dataclass(frozen=True)
class Asset:
    body: bytes
    media_type: str
    fingerprint: str

    @classmethod
    def read(cls, path: Path) -> "Asset":
        body = path.read_bytes()
        media_type = MEDIA_TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return cls(body, media_type, hashlib.sha256(body).hexdigest()[:FINGERPRINT_CHARS])

    @property
    def etag(self) -> str:
        return f'"{self.fingerprint}"'


class AssetDir:
    """A fixed set of files from one folder, loaded on first use (nothing is read on import)."""

    def __init__(self, folder: Path, names: tuple[str, ...]) -> None:
        self.folder = folder
        self.names = names
        self._assets: dict[str, Asset] | None = None

    @property
    def assets(self) -> dict[str, Asset]:
        if self._assets is None:
            self._assets = {name: Asset.read(self.folder / name) for name in self.names}
        return self._assets

    def url(self, prefix: str, name: str) -> str:
        return f"{prefix}{name}?v={self.assets[name].fingerprint}"

    def get(self, name: str) -> Asset | None:
        return self.assets.get(name)


def asset_response(request: Request, asset: Asset, headers: dict[str, str]) -> Response:
    """The asset with an ETag; long-lived only when the URL carries its current fingerprint."""
    fingerprinted = request.query_params.get("v") == asset.fingerprint
    all_headers = {**headers, "ETag": asset.etag,
                   "Cache-Control": CACHE_FINGERPRINTED if fingerprinted else CACHE_REVALIDATE}
    if request.headers.get("if-none-match") == asset.etag:
        return Response(status_code=304, headers=all_headers)
    return Response(asset.body, media_type=asset.media_type, headers=all_headers)
