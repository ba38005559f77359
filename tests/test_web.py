"""The web page in real headless Chromium (Debian's `chromium`, driven by Playwright from PyPI)
against a real uvicorn serving a copy of the seed index. One server and one browser per module.

Without Chromium the module fails with the reason; set NEWSDESK_SKIP_BROWSER=1 to skip it on purpose.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from service.processes import free_port, stop

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "docs"
CHROMIUM = os.environ.get("NEWSDESK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WRITE_KEY = "web-test-write-key"
UAE_QUESTION = "who mediated earlier swaps?"
CONFLICT_QUESTION = "How many prisoners were exchanged in total?"
UNANSWERABLE_QUESTION = "Who won the 2022 World Cup?"
TIMEOUT_MS = 30_000
WRITE_TIMEOUT_MS = 120_000
HTTP_TIMEOUT_S = WRITE_TIMEOUT_MS / 1000  # the machine is shared: an index write can take a while
http = httpx.Client(timeout=HTTP_TIMEOUT_S)

if os.environ.get("NEWSDESK_SKIP_BROWSER") == "1":
    pytestmark = pytest.mark.skip(reason="NEWSDESK_SKIP_BROWSER=1: browser tests skipped on purpose")


def _require_browser() -> None:
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"the web page tests need Chromium at {CHROMIUM}: run `apt-get install -y chromium` "
                    "(.ci/run does), or set NEWSDESK_SKIP_BROWSER=1 to skip them explicitly", pytrace=False)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.fail("the web page tests need the `playwright` package: pip install -e '.[dev]'", pytrace=False)


@pytest.fixture(scope="session")  # session scope: checked before the (session) seed index is built
def browser_installed() -> None:
    _require_browser()


@pytest.fixture(scope="module")
def server(browser_installed, seed_index_dir, tmp_path_factory):
    """A real uvicorn over a copy of the seed index; writes (and, with no admin key, deletes) need
    WRITE_KEY, reads are open. Checks for the browser first, before any slow set-up."""
    workdir = tmp_path_factory.mktemp("web-server")
    shutil.copytree(seed_index_dir, workdir / "index")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "SLACK_"))}
    env.update(NEWSDESK_INDEX_DIR=str(workdir / "index"), NEWSDESK_WRITE_KEY=WRITE_KEY,
               HF_HUB_OFFLINE="1")
    log_path = workdir / "server.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "service.api:create_app", "--factory", "--host", "127.0.0.1",
         "--port", str(port)], cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, log_path.read_text()[-2000:]
            try:
                if http.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, log_path.read_text()[-2000:]
            time.sleep(0.25)
        yield base
    finally:
        stop(process, 15)
        log.close()


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class PageWatch:
    """Everything a page did that it must not: requests off this server, script errors, CSP refusals."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.foreign: list[str] = []
        self.errors: list[str] = []

    def request(self, request) -> None:
        if urlsplit(request.url).scheme in ("http", "https") and not request.url.startswith(self.base):
            self.foreign.append(request.url)

    def console(self, message) -> None:
        # A refused API call (401, 422) is logged by Chromium as a failed load; the page shows those
        # itself, so they are judged by `response` below instead.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(message.text)

    def response(self, response) -> None:
        api_call = response.request.resource_type in ("fetch", "xhr")
        if response.status >= 500 or (response.status >= 400 and not api_call):
            self.errors.append(f"{response.status} {response.url}")

    def check(self) -> None:
        assert not self.foreign, f"the page reached outside its server: {self.foreign}"
        assert not self.errors, f"console errors: {self.errors}"


def _open(browser, base: str, **context_options):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **context_options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    watch = PageWatch(base)
    page.on("request", watch.request)
    page.on("console", watch.console)
    page.on("response", watch.response)
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    return context, page, watch


@pytest.fixture
def page(browser, server):
    context, page, watch = _open(browser, server)
    yield page
    context.close()
    watch.check()


def _api_answer(base: str, question: str) -> dict:
    response = http.post(f"{base}/ask", json={"question": question, "k": 5}, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()


def _ask(page, base: str, question: str) -> None:
    from playwright.sync_api import expect

    page.goto(base + "/")
    page.fill("#q", question)
    page.press("#q", "Enter")
    expect(page.locator("#status")).to_have_text("")
    expect(page.locator("#result")).to_be_visible()


# -- headers ------------------------------------------------------------------------------------


def test_page_headers_csp_and_caching(server):
    page = http.get(server + "/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["default-src"] == "'none'" and directives["script-src"] == "'self'"
    assert "unsafe" not in csp and "http" not in csp
    assert page.headers["cache-control"] == "no-cache" and page.headers["x-content-type-options"] == "nosniff"
    # No inline script or handler: every <script> has a src, no on*= attribute anywhere.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page.text)
    assert not re.search(r"\son[a-z]+\s*=", page.text)
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text)
    assert {a.split("?")[0] for a in assets} >= {"/static/app.js", "/static/app.css"}
    for url in assets:
        response = http.get(server + url)
        assert response.status_code == 200 and response.headers["cache-control"] == "public, max-age=31536000, immutable"
        again = http.get(server + url, headers={"if-none-match": response.headers["etag"]})
        assert again.status_code == 304 and not again.content
    unversioned = http.get(server + "/static/app.js")
    assert unversioned.headers["cache-control"] == "no-cache" and "javascript" in unversioned.headers["content-type"]
    for missing in ("/static/nope.js", "/static/index.html", "/static/..%2Fapi.py", "/docs/assets/..%2F__init__.py"):
        assert http.get(server + missing).status_code == 404, missing
    docs = http.get(server + "/docs")
    assert docs.status_code == 200 and "cdn" not in docs.text.lower() and "http" not in re.sub(r"<!doctype[^>]*>", "", docs.text, flags=re.I)
    assert "script-src 'self'" in docs.headers["content-security-policy"]
    # The page and its files need no key; writes still do.
    assert http.get(server + "/ui/access").json() == {"read": True, "write": False, "admin": False,
                                                         "key_presented": False}
    keyed = http.get(server + "/ui/access", headers={"Authorization": f"Bearer {WRITE_KEY}"}).json()
    assert keyed["write"] is True and keyed["admin"] is True  # no admin key configured: the write key deletes
    assert http.post(server + "/documents", json={"text": "x"}).status_code == 401


# -- the page in Chromium -------------------------------------------------------------------------


def test_uae_answer_citation_highlights_the_quote(page, server):
    from playwright.sync_api import expect

    expected = _api_answer(server, UAE_QUESTION)
    first = next(c for c in expected["citations"] if c["n"] == 1)
    assert first["doc_id"].startswith("002_")
    _ask(page, server, UAE_QUESTION)
    assert "q=who+mediated+earlier+swaps" in page.url
    answer = page.locator("#answer-span").text_content()
    assert answer == expected["answer"] and ("UAE" in answer or "United Arab Emirates" in answer)
    assert re.fullmatch(r"confidence \d+%", page.locator("#confidence").text_content())
    assert page.locator("#answer-text").text_content() == expected["text"]
    expect(page.locator("#citations blockquote").first).to_have_text(first["quote"])
    page.screenshot(path=str(SCREENSHOTS / "web-answer.png"), full_page=True)

    page.locator('#answer-text button.cite[data-n="1"]').click()
    mark = page.locator("#article mark#highlight")
    expect(mark).to_have_text(first["quote"])
    assert page.locator("#article mark").count() == 1
    assert first["doc_id"] in page.locator("#panel-meta").text_content()
    # Exactly at [start, end): the text before the mark is the article's first `start` characters.
    document = http.get(f"{server}/documents/{first['doc_id']}").json()
    before = page.evaluate("document.getElementById('highlight').previousSibling.textContent")
    assert before == document["text"][:first["start"]]
    assert page.locator("#article").text_content() == document["text"]
    # Scrolled into view inside the article pane.
    assert page.evaluate("""() => {
        const m = document.getElementById('highlight').getBoundingClientRect();
        const a = document.getElementById('article').getBoundingClientRect();
        return m.top >= a.top && m.bottom <= a.bottom && m.bottom <= window.innerHeight; }""")
    page.screenshot(path=str(SCREENSHOTS / "web-article.png"))

    # The URL carries the question: reloading it shows the same answer.
    page.reload()
    expect(page.locator("#answer-span")).to_have_text(expected["answer"])
    assert page.locator("#q").input_value() == UAE_QUESTION


def test_conflict_shows_both_values_with_quotes(page, server):
    expected = _api_answer(server, CONFLICT_QUESTION)
    values = {e["value"] for e in expected["support"] + expected["conflicts"]}
    assert {"390", "780"} <= values
    _ask(page, server, CONFLICT_QUESTION)
    summary = page.locator("#agreement-summary").text_content()
    assert "390" in summary or "agree" in summary
    assert "780" in summary and "source" in summary
    for value, role in (("390", "support"), ("780", "conflict")):
        block = page.locator(f'#agreement .evidence-{role}[data-value="{value}"]')
        assert block.count() == 1, (value, role)
        quotes = block.locator("q").all_text_contents()
        assert quotes and all(value in q for q in quotes), quotes


def test_unanswerable_question_shows_the_reason_and_nearest_passages(page, server):
    from playwright.sync_api import expect

    expected = _api_answer(server, UNANSWERABLE_QUESTION)
    assert expected["abstained"]
    _ask(page, server, UNANSWERABLE_QUESTION)
    expect(page.locator("#abstain-box")).to_be_visible()
    expect(page.locator("#answer-box")).to_be_hidden()
    assert page.locator("#abstain-reason").text_content() == expected["reason"]
    assert page.locator("#passages-box").get_attribute("open") is not None
    scores = page.locator("#passages .score").all_text_contents()
    assert len(scores) == len(expected["passages"]) > 0
    assert scores[0] == f"score {expected['passages'][0]['score']:.3f}"
    # A question too long for the API (the URL bypasses the box's maxlength): its reason, no echo.
    page.goto(server + "/?q=" + "why " * 300)
    expect(page.locator("#status.error")).to_contain_text("question is too long")
    assert "why why" not in page.locator("#status").text_content()


def test_add_a_document_with_the_key_then_ask_it_and_delete_it(page, server):
    from playwright.sync_api import expect

    page.goto(server + "/")
    page.click("#tab-docs")
    expect(page.locator("#access")).to_contain_text("Adding documents needs a key with write access")
    expect(page.locator("#add-form")).to_be_hidden()
    expect(page.locator("#doc-list li")).to_have_count(5)
    page.fill("#key", "not-the-key")
    page.press("#key", "Enter")
    expect(page.locator("#access")).to_contain_text("A key is set")
    expect(page.locator("#add-form")).to_be_hidden()
    page.fill("#key", WRITE_KEY)
    page.press("#key", "Enter")
    expect(page.locator("#add-form")).to_be_visible()
    page.reload()  # the key is entered once and kept for the session
    expect(page.locator("#add-form")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('newsdesk.key')") == WRITE_KEY

    article = ("The harbour town of Quillmere opened a lighthouse museum on Monday. "
               "The museum was designed by the architect Ottilie Brandvold. Entry is free for children under twelve.")
    page.set_input_files("#add-file", files=[{"name": "quillmere-museum.txt", "mimeType": "text/plain",
                                              "buffer": article.encode("utf-8")}])
    expect(page.locator("#add-text")).to_have_value(article)  # upload fills the text box, title from the name
    assert page.locator("#add-title").input_value() == "quillmere-museum"
    page.fill("#add-title", "Harbour town opens a lighthouse museum")
    page.fill("#add-published", "2025-06-02")
    # A key that stopped working: the API's reason is shown, nothing is added.
    page.evaluate("sessionStorage.setItem('newsdesk.key', 'stale-key')")
    page.click("#add-form button[type=submit]")
    expect(page.locator("#add-status")).to_contain_text("Not added: this endpoint needs Authorization")
    page.evaluate(f"sessionStorage.setItem('newsdesk.key', '{WRITE_KEY}')")
    page.click("#add-form button[type=submit]")
    # Adding embeds and annotates the text: on a loaded 2-core machine that can take a while.
    expect(page.locator("#add-status")).to_contain_text("Added", timeout=WRITE_TIMEOUT_MS)
    page.fill("#doc-filter", "lighthouse")
    expect(page.locator("#doc-list li")).to_have_count(1)
    doc_id = page.locator("#doc-list li").get_attribute("data-doc")

    _ask(page, server, "Who designed the lighthouse museum in Quillmere?")
    expect(page.locator("#answer-span")).to_contain_text("Ottilie Brandvold")
    assert page.locator("#citations button.cite").first.get_attribute("data-doc") == doc_id

    page.click("#tab-docs")
    page.fill("#doc-filter", "lighthouse")
    delete = page.locator(f'button[data-delete="{doc_id}"]')
    delete.click()
    expect(delete).to_have_text("Press again to delete")
    delete.click()
    expect(page.locator("#doc-list li")).to_have_count(0)
    assert http.get(f"{server}/documents/{doc_id}").status_code == 404


def test_article_markup_is_shown_as_text_never_run(page, server):
    from playwright.sync_api import expect

    hostile = ('Breaking: the council of Varnholt met on Tuesday. The mayor of Varnholt, Edda Lindqvist '
               '<script>window.__pwned = "script"</script>, resigned on Tuesday. Her deputy '
               '<img src=x onerror="window.__pwned = \'img\'"> will lead the town until the election. <b>bold</b> end.')
    title = '<img src=y onerror="window.__pwned = \'title\'">Council story'
    added = http.post(f"{server}/documents", json={"title": title, "text": hostile, "doc_id": "hostile-1"},
                       headers={"Authorization": f"Bearer {WRITE_KEY}"})
    assert added.status_code == 201, added.text
    try:
        page.goto(server + "/#documents")
        page.fill("#doc-filter", "Council story")
        expect(page.locator("#doc-list li")).to_have_count(1)
        assert page.locator("#doc-list li .doc-open").text_content() == title
        page.locator("#doc-list li .doc-open").click()
        expect(page.locator("#article")).to_have_text(hostile)
        assert page.locator("#panel-title").text_content() == title
        assert page.locator("#panel img, #panel script, #panel b, #doc-list img").count() == 0
        _ask(page, server, "Who resigned as mayor of Varnholt?")
        # The quote itself carries the markup: shown as text in the answer and in the article.
        expect(page.locator("#citations blockquote").first).to_contain_text("<script>window.__pwned")
        page.locator('#citations button.cite[data-doc="hostile-1"]').first.click()
        expect(page.locator("#article mark")).to_contain_text("<script>window.__pwned")
        assert page.locator("#article").text_content() == hostile
        assert page.locator("main img, main script, main b, #panel img, #panel script").count() == 0
        assert page.evaluate("window.__pwned") is None
    finally:
        http.delete(f"{server}/documents/hostile-1", headers={"Authorization": f"Bearer {WRITE_KEY}"})


def test_keyboard_only(page, server):
    from playwright.sync_api import expect

    page.goto(server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    expect(page.locator("#q")).to_be_focused()
    page.keyboard.type(UAE_QUESTION)
    page.keyboard.press("Enter")
    expect(page.locator("#answer-span")).not_to_be_empty()
    cite = page.locator("#answer-text button.cite").first
    for _ in range(10):  # tab forward from the Ask button to the first citation
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('cite')"):
            break
    expect(cite).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#highlight")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#panel")).to_be_hidden()
    expect(cite).to_be_focused()
    # Ranked passages open from the keyboard too.
    page.locator("#passages-box summary").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#passages li").first).to_be_visible()


def test_phone_width_dark_mode(browser, server):
    from playwright.sync_api import expect

    context, page, watch = _open(browser, server, color_scheme="dark")
    try:
        page.set_viewport_size({"width": 375, "height": 740})
        _ask(page, server, CONFLICT_QUESTION)
        assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        channels = [int(c) for c in re.findall(r"\d+", background)[:3]]
        assert sum(channels) < 3 * 64, background  # dark
        page.locator("#citations button.cite").first.click()
        expect(page.locator("#highlight")).to_be_visible()
        box = page.locator("#panel").bounding_box()
        assert box["width"] >= 370 and box["x"] <= 1
        page.screenshot(path=str(SCREENSHOTS / "web-phone-dark.png"))
    finally:
        context.close()
    watch.check()
    light_context, light_page, _ = _open(browser, server, color_scheme="light")
    light_page.goto(server + "/")
    background = light_page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert sum(int(c) for c in re.findall(r"\d+", background)[:3]) > 3 * 192, background
    light_context.close()


def test_api_docs_render_offline(page, server):
    from playwright.sync_api import expect

    page.goto(server + "/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("newsdesk")
    expect(page.locator(".swagger-ui .opblock-summary-path", has_text="/ask").first).to_be_visible()


def test_page_is_public_but_data_and_writes_need_the_keys(desk):
    """With a read key configured the page and its files still load; /ui/access tells what a key allows."""
    from fastapi.testclient import TestClient

    from service.api import create_app
    from service.settings import Settings

    settings = Settings(index_dir=desk.index_dir, read_key="reader", write_key="writer", admin_key="admin")
    with TestClient(create_app(desk, settings)) as client:
        for path in ("/", "/docs", "/static/app.js", "/docs/assets/swagger-ui-bundle.js", "/openapi.json"):
            assert client.get(path).status_code == 200, path
        assert client.get("/documents").status_code == 401
        expected = {None: (False, False, False), "wrong": (False, False, False), "reader": (True, False, False),
                    "writer": (True, True, False), "admin": (True, True, True)}
        for key, (read, write, admin) in expected.items():
            headers = {"Authorization": f"Bearer {key}"} if key else {}
            body = client.get("/ui/access", headers=headers).json()
            assert (body["read"], body["write"], body["admin"]) == (read, write, admin), key
            assert body["key_presented"] == (key is not None)
            # The rule the page is told is the rule the API applies.
            assert (client.get("/documents", headers=headers).status_code == 200) == read, key
            assert (client.post("/documents", json={"text": " "}, headers=headers).status_code == 422) == write, key
            assert (client.delete("/documents/absent", headers=headers).status_code == 404) == admin, key


def test_without_chromium_the_module_fails_and_says_why(tmp_path):
    """`make test` on a machine without the browser must not pass silently."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "SLACK_"))}
    env["NEWSDESK_CHROMIUM"] = str(tmp_path / "no-chromium-here")
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"{__file__}::test_conflict_shows_both_values_with_quotes"],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode != 0, run.stdout[-2000:]
    assert "need Chromium" in run.stdout and "apt-get install -y chromium" in run.stdout, run.stdout[-2000:]
    env["NEWSDESK_SKIP_BROWSER"] = "1"
    skipped = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"{__file__}::test_conflict_shows_both_values_with_quotes"],
                             cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert skipped.returncode == 0 and "1 skipped" in skipped.stdout, skipped.stdout[-2000:]


def test_filters_limit_the_answer_and_say_why_nothing_matches(page, server):
    """Issue 16: the page sends the filters with the question; a period after every article
    abstains with the reason the API gives."""
    from playwright.sync_api import expect

    page.goto(server + "/")
    page.click("#filters summary")
    page.fill("#f-since", "2031-01-01")
    page.fill("#q", CONFLICT_QUESTION)
    page.press("#q", "Enter")
    expect(page.locator("#abstain-box")).to_be_visible()
    expect(page.locator("#abstain-reason")).to_contain_text("no indexed article was published on or after 2031-01-01")
    page.fill("#f-since", "")
    page.fill("#f-language", "en")
    page.press("#q", "Enter")
    expect(page.locator("#answer-box")).to_be_visible()
