"""Real inputs: NITF, NewsML-G2 and WARC fixtures index and answer; HTML metadata, gzip,
encodings, language; bad input reported per file and counted, nothing lost."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from index.errors import NoArticle
from index.load import load_file, load_paths, load_report
from index.sources.raw import MAX_PAGE_BYTES

FIXTURES = Path(__file__).parent / "data" / "sources"

LIBRARY_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Lowmoor opens its new library | Lowmoor Echo</title>
<meta property="og:site_name" content="Lowmoor Echo">
<meta name="author" content="Petra Okafor">
<link rel="canonical" href="https://echo.example.com/2025/02/lowmoor-library">
<meta property="article:published_time" content="2025-02-20T08:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/sport">Sport</a> <a href="/weather">Weather</a></nav>
<article><h1>Lowmoor opens its new library</h1>
<p class="byline">By Petra Okafor</p>
<p>The town of Lowmoor opened its new public library on Thursday, a three-storey building beside the old grain market that holds 38,000 books.</p>
<p>The library cost 9.6 million pounds and was designed by the architect Sunniva Reed, the council said in a statement.</p>
<p>Opening hours run from eight in the morning until nine at night on weekdays, and the reading room on the top floor overlooks the river.</p>
</article>
<aside><h3>Most read</h3><ul><li><a href="/a">Storm closes coast road</a></li><li><a href="/b">Mayor resigns</a></li></ul></aside>
<footer>Subscribe to our newsletter. Cookie policy. All rights reserved.</footer>
</body></html>"""


def write_warc(path: Path) -> None:
    """A gzipped WARC as a crawler writes it: a request, an HTML response, a 404 and a JSON response."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        url = "https://echo.example.com/2025/02/lowmoor-library"
        writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
        for target, status, content_type, body in [
            (url, "200 OK", "text/html; charset=utf-8", LIBRARY_PAGE.encode()),
            ("https://echo.example.com/missing", "404 Not Found", "text/html", b"<html><body>Not found</body></html>"),
            ("https://echo.example.com/api", "200 OK", "application/json", b'{"a": 1}'),
        ]:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(target, "response", payload=io.BytesIO(body), http_headers=headers))


@pytest.fixture(scope="module")
def formats_desk(tmp_path_factory, desk):
    from service.engine import Newsdesk

    folder = tmp_path_factory.mktemp("formats")
    for name in ["harbour-bridge.nitf.xml", "orchard-harvest.newsml.xml"]:
        (folder / name).write_bytes((FIXTURES / name).read_bytes())
    write_warc(folder / "crawl.warc.gz")
    fresh = Newsdesk(folder / "index", embedder=desk.embedder)
    fresh.add(load_paths([folder]))
    return fresh


@pytest.mark.parametrize("question, expected, doc_prefix", [
    ("How much did the repairs to the Port Elston harbour bridge cost?", "14.2 million euros", "wire-2025-0412-bridge"),
    ("How many tonnes of cherries do Brenn valley growers expect to pick?", "6,300 tonnes", "orchard-harvest"),
    ("How many books does the new Lowmoor library hold?", "38,000", "crawl-"),
])
def test_each_format_indexes_and_answers(formats_desk, question, expected, doc_prefix):
    answer = formats_desk.ask(question)
    assert not answer.abstained, answer.reason
    assert expected in answer.answer
    assert answer.citations and answer.citations[0].doc_id.startswith(doc_prefix)
    document = formats_desk.document(answer.citations[0].doc_id)
    c = answer.citations[0]
    assert document.text[c.start:c.end] == c.quote


def test_formats_keep_their_metadata(formats_desk):
    documents = {d.doc_id: d for d in formats_desk.documents()}
    assert len(documents) == 3  # the WARC's 404 and JSON responses are not articles
    nitf = documents["wire-2025-0412-bridge"]
    assert (nitf.author, nitf.site, nitf.language) == ("Mara Lindqvist", "Coastal Wire", "en")
    assert nitf.published.startswith("2025-04-12") and nitf.modified.startswith("2025-04-12T11:30")
    assert nitf.keywords == ["infrastructure", "transport"]
    newsml = documents["orchard-harvest"]
    assert newsml.author == "Ilse Moravec" and newsml.site == "Valley News Agency"
    assert "harvest" in newsml.keywords and newsml.published.startswith("2025-06-03")
    [page] = [d for d in documents.values() if d.doc_id.startswith("crawl-")]
    assert page.url == "https://echo.example.com/2025/02/lowmoor-library"
    assert page.site == "Lowmoor Echo" and page.author == "Petra Okafor" and page.published == "2025-02-20"
    text = formats_desk.document(page.doc_id).text
    assert "38,000 books" in text and "Most read" not in text and "Subscribe" not in text


def test_metadata_survives_a_reload(formats_desk):
    from service.engine import Newsdesk

    again = Newsdesk(formats_desk.index_dir, embedder=formats_desk.embedder)
    assert again.document("orchard-harvest").keywords == formats_desk.document("orchard-harvest").keywords


def test_gzip_and_declared_legacy_encoding_are_read(tmp_path):
    page = LIBRARY_PAGE.replace('<meta charset="utf-8">', '<meta charset="windows-1252">').replace(
        "38,000 books", "38,000 books and a café serving crème brûlée for €3")
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(page.encode("cp1252")))
    [article] = load_file(path)
    assert article.doc_id == "page" and "café serving crème brûlée for €3" in article.text


def test_undeclared_encoding_is_detected(tmp_path):
    text = ("Die Bürgermeisterin sagte am Dienstag, dass die Brücke über den Fluss im März für drei "
            "Wochen gesperrt wird. Die Arbeiten kosten rund zwölf Millionen Euro, schätzt die Behörde. ") * 3
    path = tmp_path / "meldung.txt"
    path.write_bytes(text.encode("latin-1"))
    [article] = load_file(path)
    assert "Bürgermeisterin" in article.text and article.language == "de"


def test_a_page_without_an_article_and_an_oversized_page_are_reported_and_counted(tmp_path, fresh_desk, monkeypatch):
    from service import cli

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Council approves budget\n\nThe council approved a budget of 3 million euros on Monday.")
    (folder / "index-page.html").write_text("<html><body><nav><a href='/a'>Home</a> <a href='/b'>News</a></nav></body></html>")
    (folder / "huge.html").write_bytes(b"<html><body><p>" + b"word " * (MAX_PAGE_BYTES // 5 + 10) + b"</p></body></html>")
    report = load_report([folder])
    assert [a.doc_id for a in report.articles] == ["good"]
    assert len(report.problems) == 2 and report.no_article == 1
    assert any("too large" in p for p in report.problems) and any("no article" in p for p in report.problems)
    with pytest.raises(NoArticle):
        load_file(folder / "index-page.html")

    before = fresh_desk.stats().documents
    monkeypatch.setenv("NEWSDESK_INDEX_DIR", str(fresh_desk.index_dir))
    result = CliRunner().invoke(cli.app, ["index", str(folder)])
    assert result.exit_code == 0, result.output
    assert "skipped 2 files (1 without an article)" in result.output
    assert "index-page.html: no article text found" in result.output and "huge.html: too large" in result.output
    assert "word word" not in result.output  # never an echo of the large input
    from service.engine import Newsdesk

    after = Newsdesk(fresh_desk.index_dir, embedder=fresh_desk.embedder)
    assert after.stats().documents == before + 1  # nothing already indexed lost


def test_extract_json_prints_one_line_per_document(tmp_path):
    from service import cli

    (tmp_path / "lowmoor.html").write_text(LIBRARY_PAGE)
    (tmp_path / "empty.html").write_text("<html><body><nav>Home</nav></body></html>")
    result = CliRunner().invoke(cli.app, ["extract", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [row["id"] for row in lines] == ["lowmoor.html"]
    row = lines[0]
    assert row["title"] == "Lowmoor opens its new library" and row["author"] == "Petra Okafor"
    assert row["url"] == "https://echo.example.com/2025/02/lowmoor-library" and row["language"] == "en"
    assert row["published"] == "2025-02-20" and "38,000 books" in row["text"] and "Most read" not in row["text"]
    assert "1 of 2 files extracted; skipped 1 (1 without an article)" in result.output
