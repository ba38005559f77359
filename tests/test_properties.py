"""Property tests (hypothesis): loaders take any bytes, any encoding, any HTML; date resolution takes
any date and any relative phrase. Either a result or a clear rejection (LoadError / None), never a crash."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.dates import publication_date, resolve
from index.load import LoadError, article_from_record, html_main_text, load_file

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
UNITS = ("day", "days", "week", "weeks", "month", "months", "year", "years")
ENCODINGS = ("utf-8", "utf-16", "latin-1", "cp1252", "utf-32")


@FAST
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".md", ".html", ".htm", ".json", ".jsonl"]))
def test_any_bytes_load_or_are_rejected_clearly(tmp_path, data, suffix):
    path = tmp_path / f"article{suffix}"
    path.write_bytes(data)
    try:
        articles = load_file(path)
    except LoadError as exc:
        assert str(exc)
        return
    for article in articles:
        assert isinstance(article.text, str) and isinstance(article.doc_id, str)


@FAST
@given(text=st.text(max_size=500), encoding=st.sampled_from(ENCODINGS))
def test_any_text_in_any_encoding_loads(tmp_path, text, encoding):
    path = tmp_path / "article.txt"
    try:
        path.write_bytes(text.encode(encoding))
    except UnicodeEncodeError:
        return
    for article in load_file(path):
        assert isinstance(article.text, str)


html_fragments = st.lists(st.one_of(
    st.sampled_from(["<p>", "</p>", "<article>", "</article>", "<script>", "</script>", "<title>", "</title>",
                     "<main>", "<br/>", "<!--", "-->", "<![CDATA[", "&amp;", "&#xD800;", "&#0;", "<meta ",
                     'content="2024-01-01"', ">", "<", "<time datetime='0001-01-01'>", "</div>"]),
    st.text(max_size=40)), max_size=40).map("".join)


@FAST
@given(html=html_fragments)
def test_any_html_gives_text_or_nothing(html):
    title, text, published = html_main_text(html)
    assert isinstance(title, str) and isinstance(text, str) and (published is None or isinstance(published, str))


@FAST
@given(record=st.dictionaries(st.sampled_from(["doc_id", "id", "title", "text", "published", "url"]),
                              st.one_of(st.none(), st.text(max_size=200), st.integers(), st.booleans(),
                                        st.lists(st.text(max_size=5), max_size=3)), max_size=6))
def test_any_json_record_is_an_article_or_a_load_error(record):
    json.dumps(record)
    try:
        article = article_from_record(record, "property test")
    except LoadError as exc:
        assert str(exc)
        return
    assert article.text.strip()


phrases = st.one_of(
    st.builds(lambda n, unit, direction: f"{n} {unit} {direction}", st.integers(0, 10**7), st.sampled_from(UNITS),
              st.sampled_from(["ago", "earlier", "later", "after", "before"])),
    st.builds(lambda which, unit: f"{which} {unit}", st.sampled_from(["last", "next", "this", "previous"]),
              st.sampled_from(["week", "month", "year", "monday", "friday"])),
    st.sampled_from(["yesterday", "today", "tomorrow", "on Friday", "16 May", "29 February", "July", "0000",
                     "31 December 9999", "1 January 1", "May 0"]),
    st.text(max_size=60),
)


@settings(max_examples=400, deadline=None)
@given(expression=phrases, anchor=st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))))
def test_any_phrase_and_any_anchor_resolve_or_give_none(expression, anchor):
    found = resolve(expression, anchor)
    assert found is None or (date(1, 1, 1) <= found.value <= date(9999, 12, 31) and found.display)


@settings(max_examples=200, deadline=None)
@given(published=st.one_of(st.none(), st.text(max_size=40), st.sampled_from(["0001-01-01T00:00:00Z", "9999-12-31",
                                                                              "0000-00-00", "2024-02-30"])),
       opening=st.text(max_size=200))
def test_any_publication_metadata_gives_a_date_or_none(published, opening):
    found = publication_date(opening, published)
    assert found is None or isinstance(found, date)
