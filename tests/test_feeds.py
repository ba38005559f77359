"""Feed ingest against a real local HTTP server on 127.0.0.1: new items indexed once, an updated
item replaces the old, an unchanged feed costs one 304 and fetches nothing else, robots.txt obeyed."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from index.feed_ingest import ingest_feeds
from index.sources.fetch import Fetcher


def page(headline: str, body: str) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n"))
    return (f"<html lang='en'><head><title>{headline}</title><meta property='og:site_name' content='Tidewater Times'>"
            f"</head><body><nav><a href='/'>Home</a></nav><article><h1>{headline}</h1>{paragraphs}</article>"
            f"<footer>All rights reserved.</footer></body></html>").encode()


def rss(items: list[tuple[str, str, str, str]]) -> bytes:
    entries = "".join(f"<item><guid>{guid}</guid><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate></item>"
                      for guid, title, link, date in items)
    return (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Tidewater Times</title>"
            f"<link>http://example/</link><description>News</description>{entries}</channel></rss>").encode()


class Site:
    """Resources by path with an ETag each; answers If-None-Match with 304; logs every request."""

    def __init__(self) -> None:
        self.resources: dict[str, tuple[bytes, str]] = {}
        self.log: list[tuple[str, int]] = []
        self.version = 0

    def put(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8") -> None:
        self.version += 1
        self.resources[path] = (body, content_type, f'"v{self.version}"')


@pytest.fixture
def site():
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            found = state.resources.get(self.path)
            if found is None:
                status, body, headers = 404, b"not found", {}
            elif self.headers.get("If-None-Match") == found[2]:
                status, body, headers = 304, b"", {"ETag": found[2]}
            else:
                status, body, headers = 200, found[0], {"ETag": found[2], "Content-Type": found[1]}
            state.log.append((self.path, status))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()
    server.server_close()


FERRY = ("Tidewater council sets the new ferry fare",
         "The Tidewater council set the fare for the island ferry at 7 pounds for adults on Monday, after a public consultation that lasted two months.\n"
         "The councillor for transport, Ines Farrow, said the fare would be reviewed next spring.")
FERRY_UPDATED = ("Tidewater council sets the new ferry fare",
                 "The Tidewater council set the fare for the island ferry at 9 pounds for adults on Monday, correcting the figure it gave earlier after a public consultation.\n"
                 "The councillor for transport, Ines Farrow, said the fare would be reviewed next spring.")
MARKET = ("Fish market moves to the old quay",
          "The Tidewater fish market will move to the old quay in June, the harbour board announced on Tuesday, ending forty years at the station square.\n"
          "Traders said the quay offers more space for the refrigerated stalls the market needs.")


def test_feed_items_once_updates_replace_unchanged_feed_fetches_nothing(site, fresh_desk):
    site.put("/robots.txt", b"User-agent: *\nDisallow: /private/\n", "text/plain")
    site.put("/news/ferry", page(*FERRY))
    site.put("/news/market", page(*MARKET))
    site.put("/private/memo", page(*MARKET))
    items = [("tt-1", FERRY[0], f"{site.base}/news/ferry", "Mon, 03 Mar 2025 09:00:00 GMT"),
             ("tt-2", MARKET[0], f"{site.base}/news/market", "Tue, 04 Mar 2025 09:00:00 GMT"),
             ("tt-3", "Internal memo", f"{site.base}/private/memo", "Tue, 04 Mar 2025 10:00:00 GMT")]
    site.put("/feed.xml", rss(items), "application/rss+xml")
    feed = f"{site.base}/feed.xml"
    fetcher = Fetcher(host_delay=0)
    before = fresh_desk.stats().documents

    first = ingest_feeds(fresh_desk.indexer, [feed], fetcher)
    assert len(first.added) == 2 and first.pages_fetched == 2
    assert any("robots.txt" in p for p in first.problems)
    assert ("/private/memo", 200) not in site.log  # disallowed: never requested
    assert fresh_desk.stats().documents == before + 2
    answer = fresh_desk.ask("What is the fare for adults on the island ferry?")
    assert "7 pounds" in answer.answer

    site.log.clear()
    again = ingest_feeds(fresh_desk.indexer, [feed], fetcher)
    assert again.unchanged_feeds == 1 and not again.added and not again.replaced and again.pages_fetched == 0
    assert site.log == [("/feed.xml", 304)]  # one conditional request, nothing else fetched

    site.put("/news/ferry", page(*FERRY_UPDATED))
    items[0] = ("tt-1", FERRY[0], f"{site.base}/news/ferry", "Wed, 05 Mar 2025 12:00:00 GMT")
    site.put("/feed.xml", rss(items), "application/rss+xml")
    site.log.clear()
    updated = ingest_feeds(fresh_desk.indexer, [feed], fetcher)
    assert len(updated.replaced) == 1 and not updated.added and updated.pages_fetched == 1
    assert ("/news/market", 200) not in site.log  # the unchanged item's page is not fetched again
    assert fresh_desk.stats().documents == before + 2  # replaced, not added beside the old version
    answer = fresh_desk.ask("What is the fare for adults on the island ferry?")
    assert "9 pounds" in answer.answer and "7 pounds" not in " ".join(c.quote for c in answer.citations)
    ferry = fresh_desk.document(updated.replaced[0])
    assert ferry.site == "Tidewater Times" and ferry.url == f"{site.base}/news/ferry"


def test_same_story_under_a_second_guid_or_url_is_not_duplicated(site, fresh_desk):
    site.put("/news/market", page(*MARKET))
    site.put("/news/market-copy", page(*MARKET))
    feed = [("a-1", MARKET[0], f"{site.base}/news/market", "Tue, 04 Mar 2025 09:00:00 GMT"),
            ("b-7", MARKET[0], f"{site.base}/news/market-copy", "Tue, 04 Mar 2025 09:30:00 GMT")]
    site.put("/feed.xml", rss(feed), "application/rss+xml")
    report = ingest_feeds(fresh_desk.indexer, [f"{site.base}/feed.xml"], Fetcher(host_delay=0))
    assert len(report.added) == 1 and report.duplicates == 1


def test_an_oversized_page_is_refused(site, fresh_desk):
    site.put("/news/big", page("Big", "word " * 50_000))
    site.put("/feed.xml", rss([("big-1", "Big", f"{site.base}/news/big", "Tue, 04 Mar 2025 09:00:00 GMT")]))
    report = ingest_feeds(fresh_desk.indexer, [f"{site.base}/feed.xml"], Fetcher(host_delay=0, max_bytes=100_000))
    assert not report.added and any("too large" in p for p in report.problems)
