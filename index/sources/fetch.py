"""HTTP fetching for feeds and their pages: only URLs the user gave and the links of their feeds.

Timeouts, a size limit, conditional GET (ETag / Last-Modified), a delay between requests to one
host, and robots.txt respected. The only module of newsdesk that touches the network.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from index.errors import LoadError
from index.sources.raw import MAX_PAGE_BYTES

USER_AGENT = "newsdesk/0.1 (+https://github.com/newsdesk)"
TIMEOUT_SECONDS = 15.0
HOST_DELAY_SECONDS = 1.0
ROBOTS_BYTES = 500_000


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int  # 200, or 304 when unchanged since the validators given
    body: bytes
    etag: str | None
    last_modified: str | None
    content_type: str


class Fetcher:
    def __init__(self, host_delay: float = HOST_DELAY_SECONDS, max_bytes: int = MAX_PAGE_BYTES,
                 timeout: float = TIMEOUT_SECONDS, client: httpx.Client | None = None) -> None:
        self.host_delay = host_delay
        self.max_bytes = max_bytes
        self.client = client or httpx.Client(timeout=timeout, follow_redirects=True,
                                             headers={"User-Agent": USER_AGENT})
        self._last: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser | None] = {}
        self._lock = threading.Lock()
        self.requests = 0  # counted for tests and logs

    def close(self) -> None:
        self.client.close()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET `url` conditionally; LoadError on a refused, failed, oversized or disallowed fetch."""
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise LoadError(f"{url[:200]}: only http(s) URLs can be fetched")
        if not self.allowed(url):
            raise LoadError(f"{url[:200]}: disallowed by the site's robots.txt")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(url, headers, self.max_bytes)

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            rules = None
            try:
                fetched = self._get(f"{root}/robots.txt", {}, ROBOTS_BYTES)
                if fetched.status == 200:
                    rules = RobotFileParser()
                    rules.parse(fetched.body.decode("utf-8", errors="replace").splitlines())
            except LoadError:
                rules = None  # no robots.txt (or unreachable): nothing is disallowed
            self._robots[root] = rules
        rules = self._robots[root]
        return rules is None or rules.can_fetch(USER_AGENT, url)

    def _wait_for(self, host: str) -> None:
        with self._lock:
            wait = self._last.get(host, 0.0) + self.host_delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last[host] = time.monotonic()

    def _get(self, url: str, headers: dict, limit: int) -> Fetched:
        self._wait_for(urlsplit(url).netloc)
        self.requests += 1
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                if response.status_code == 304:
                    return Fetched(str(response.url), 304, b"", headers.get("If-None-Match"),
                                   headers.get("If-Modified-Since"), "")
                if response.status_code != 200:
                    raise LoadError(f"{url[:200]}: HTTP {response.status_code}")
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > limit:
                    raise LoadError(f"{url[:200]}: too large ({int(declared):,} bytes, at most {limit:,}); refused")
                parts, size = [], 0
                for part in response.iter_bytes():
                    size += len(part)
                    if size > limit:
                        raise LoadError(f"{url[:200]}: too large (more than {limit:,} bytes); refused")
                    parts.append(part)
                return Fetched(str(response.url), 200, b"".join(parts), response.headers.get("ETag"),
                               response.headers.get("Last-Modified"), response.headers.get("Content-Type", ""))
        except httpx.HTTPError as exc:
            raise LoadError(f"{url[:200]}: fetch failed ({type(exc).__name__})") from None
