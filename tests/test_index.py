"""Ingest and the on-disk index: loading, cleaning, offsets, persistence, incremental writes, atomicity."""

from __future__ import annotations

import json
import os
import statistics
from pathlib import Path

import numpy as np
import pytest

from index.clean import kept_blocks, kept_lines
from index.documents import Article
from index.embed import Embedder
from index.encoders.base import Delegating
from index.load import LoadError, load_file, load_paths
from index.store import load_snapshot

# -- loading ---------------------------------------------------------------------------------


def test_txt_doc_id_is_stem_and_title_is_first_non_empty_line(tmp_path):
    path = tmp_path / "007_abcdef.txt"
    path.write_text("\n\n   Storm hits the coast  \n\nThe storm arrived on Tuesday.\n", encoding="utf-8")
    [article] = load_file(path)
    assert article.doc_id == "007_abcdef"
    assert article.title == "Storm hits the coast"
    assert article.text == path.read_text(encoding="utf-8")  # the original text, untouched


def test_md_title_drops_heading_marks(tmp_path):
    path = tmp_path / "brief.md"
    path.write_text("# Council approves budget\n\nThe council voted 7 to 2 on Monday.\n", encoding="utf-8")
    [article] = load_file(path)
    assert (article.doc_id, article.title) == ("brief", "Council approves budget")


def test_json_single_object_and_list(tmp_path):
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"title": "Port reopens", "text": "The port reopened on Friday.",
                                  "published": "2024-05-01", "url": "https://example.org/port"}))
    [article] = load_file(single)
    assert (article.doc_id, article.title, article.published, article.url) == (
        "one", "Port reopens", "2024-05-01", "https://example.org/port")

    many = tmp_path / "many.json"
    many.write_text(json.dumps([
        {"doc_id": "a-1", "title": "First", "text": "Alpha happened."},
        {"text": "Beta happened later that week.\nMore text."},
    ]))
    first, second = load_file(many)
    assert first.doc_id == "a-1" and first.title == "First"
    assert second.doc_id.startswith("doc-") and second.title == "Beta happened later that week."


def test_jsonl_ids_given_or_derived_from_content(tmp_path):
    path = tmp_path / "feed.jsonl"
    rows = [
        {"doc_id": "given-1", "title": "Given", "text": "A river flooded the town."},
        {"title": "No id", "text": "The mayor resigned on Monday."},
        {"text": "Prices rose by 3 percent in May."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n")
    articles = load_file(path)
    assert [a.doc_id for a in articles][0] == "given-1"
    derived = [a.doc_id for a in articles[1:]]
    assert all(d.startswith("doc-") for d in derived) and len(set(derived)) == 2
    # Content-derived: the same content in another file, another order, gets the same ids.
    again = tmp_path / "copy.jsonl"
    again.write_text("\n".join(json.dumps(r) for r in reversed(rows)))
    assert sorted(a.doc_id for a in load_file(again)) == sorted(a.doc_id for a in articles)


def test_html_keeps_main_text_only(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("""<!doctype html><html><head><title>Bridge closes for repairs</title>
        <meta property="article:published_time" content="2024-03-02T10:00:00Z">
        <script>var tracking = "SCRIPTTEXT";</script><style>.x{color:red}</style></head>
        <body><nav><a href="/">Home</a> <a href="/world">NAVTEXT World</a></nav>
        <header>HEADERTEXT Daily Paper</header>
        <article><h1>Bridge closes for repairs</h1>
          <p>The Elm Street bridge will close for six weeks, the city said on Monday.</p>
          <p>Engineers found cracks in two &amp; more supports.</p>
          <script>alert("INLINESCRIPT")</script>
        </article>
        <aside>ASIDETEXT Most read</aside>
        <footer>FOOTERTEXT Copyright 2024</footer></body></html>""", encoding="utf-8")
    [article] = load_file(path)
    assert article.doc_id == "page" and article.title == "Bridge closes for repairs"
    assert article.published == "2024-03-02"  # htmldate: the day
    assert "The Elm Street bridge will close for six weeks, the city said on Monday." in article.text
    assert "two & more supports" in article.text
    for junk in ("SCRIPTTEXT", "INLINESCRIPT", "NAVTEXT", "HEADERTEXT", "ASIDETEXT", "FOOTERTEXT", "color:red"):
        assert junk not in article.text


def test_load_paths_walks_folders(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("A title\nSome text.")
    (tmp_path / "sub" / "b.md").write_text("# B title\nMore text.")
    (tmp_path / "notes.csv").write_text("ignored,in,folders")
    assert sorted(a.doc_id for a in load_paths([tmp_path])) == ["a", "b"]


@pytest.mark.parametrize("name, content, message", [
    ("bad.json", "{not json", "invalid JSON"),
    ("number.json", "42", "expected a JSON object"),
    ("notext.json", json.dumps({"title": "only a title"}), "'text' must be a non-empty string"),
    ("blank.json", json.dumps({"text": "   \n "}), "'text' must be a non-empty string"),
    ("lines.jsonl", json.dumps({"text": "fine"}) + "\n{broken\n", "lines.jsonl:2: invalid JSON"),
    ("table.csv", "a,b\n1,2\n", "unsupported file type"),
])
def test_bad_files_raise_a_clear_load_error(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(LoadError, match=message.replace("(", r"\(").replace(".", r"\.")) as info:
        load_paths([path])
    assert name in str(info.value)  # says which file


def test_missing_path_is_a_load_error(tmp_path):
    with pytest.raises(LoadError, match="no such file"):
        load_paths([tmp_path / "nope.txt"])


# -- cleaning ---------------------------------------------------------------------------------

ARTICLE_WITH_FURNITURE = """Mayor unveils new tram line
Mayor unveils new tram line
The city's mayor, Ana Ruiz, opened the first section of the new tram line on Saturday.
Officials said the line would carry 40,000 passengers a day by 2026.
Contact us: newsroom@example.com
For corrections email editor@example.org
Thanks for viewing our coverage!
Recent Comments
Sam on Mayor unveils new tram line
Jo on Budget vote
3 Comments
Leave a comment
"""


def _kept_text(text: str) -> list[str]:
    return [text[s:e] for s, e in kept_lines(text)]


def test_cleaning_drops_boilerplate_and_repeats_and_keeps_offsets():
    kept = _kept_text(ARTICLE_WITH_FURNITURE)
    assert kept == [
        "Mayor unveils new tram line",
        "The city's mayor, Ana Ruiz, opened the first section of the new tram line on Saturday.",
        "Officials said the line would carry 40,000 passengers a day by 2026.",
    ]
    # Blocks are contiguous runs of kept lines, still offsets into the same text.
    blocks = kept_blocks(ARTICLE_WITH_FURNITURE)
    assert all(ARTICLE_WITH_FURNITURE[s:e].strip() == ARTICLE_WITH_FURNITURE[s:e] for s, e in blocks)
    joined = "\n".join(ARTICLE_WITH_FURNITURE[s:e] for s, e in blocks)
    assert "Recent Comments" not in joined and "@example" not in joined and "Thanks for viewing" not in joined


@pytest.mark.parametrize("line", [
    "Thanks for viewing",
    "Thank you for reading this story.",
    "Recent Comments",
    "No comments",
    "12 Comments",
    "Comments (4):",
    "Post a comment",
    "Reach us at tips@paper.example",
    "Follow us on Twitter for more updates",
    "Advertisement",
    "© 2024 Example Media. All rights reserved.",
])
def test_each_kind_of_furniture_is_dropped(line):
    text = f"Flood warning issued\nRivers rose sharply overnight after two days of heavy rain.\n{line}\n" \
           "Residents were told to move to higher ground, the agency said.\n"
    assert line not in _kept_text(text)
    assert "Residents were told to move to higher ground, the agency said." in _kept_text(text)


def test_prose_that_mentions_comments_or_email_is_kept():
    text = ("Minister resigns\nThe minister declined to comment on the report, which was sent by email to "
            "reporters at several outlets including news@example.com on Tuesday evening after midnight.\n")
    assert len(_kept_text(text)) == 2


# -- offsets and chunks over the real index ----------------------------------------------------


def _check_offsets(snapshot):
    for doc_id, article in snapshot.documents.items():
        text = article.text
        sentences = snapshot.sentences[doc_id]
        assert sentences, doc_id
        previous_end = 0
        for s in sentences:
            assert previous_end <= s.start < s.end <= len(text)
            span = text[s.start:s.end]
            assert span == span.strip() and span
            previous_end = s.end
            if s.tokens:
                assert s.tokens[0][0] == 0 and s.tokens[-1][1] == len(span)
            for t_start, t_end, *_ in s.tokens:
                assert span[t_start:t_end].strip() == span[t_start:t_end] != ""
            for e_start, e_end, _label in s.entities:
                assert 0 <= e_start < e_end <= len(span)
        chunk_rows = snapshot.chunks_by_doc[doc_id]
        covered = set()
        for row in chunk_rows:
            chunk = snapshot.chunks[row]
            assert snapshot.chunk_texts[row] == text[chunk.start:chunk.end]
            first, last = chunk.sentences
            assert 0 <= first < last <= len(sentences)
            # the chunk's sentence range is exactly the sentences it overlaps
            for i, s in enumerate(sentences):
                assert (first <= i < last) == (s.start < chunk.end and s.end > chunk.start)
            covered.update(range(first, last))
        assert covered == set(range(len(sentences))), f"{doc_id}: a sentence is in no chunk"


def test_seed_offsets_and_chunk_sizes(desk):
    snapshot = desk.snapshot
    assert len(snapshot.documents) == 5
    assert all(d.startswith(("000_", "001_", "002_", "003_", "004_")) for d in snapshot.documents)
    _check_offsets(snapshot)
    words = [len(t.split()) for t in snapshot.chunk_texts]
    assert max(words) <= 150
    assert statistics.median(words) >= 60
    assert sum(60 <= w <= 150 for w in words) >= 0.75 * len(words)
    # Boilerplate lines of the seeds never reach the index.
    for article, row in ((snapshot.documents[c.doc_id], i) for i, c in enumerate(snapshot.chunks)):
        assert "Thanks for viewing" not in snapshot.chunk_texts[row]
        assert "Recent Comments" not in snapshot.chunk_texts[row]


def _long_article(doc_id: str, paragraphs: int = 6, marker: str = "") -> Article:
    body = []
    for p in range(paragraphs):
        body.append(" ".join(
            f"In paragraph {p} sentence {i}, officials from Northvale{marker} said the ferry service "
            f"would add {10 * p + i} crossings a week." for i in range(6)))
    text = f"Ferry service expands{marker}\r\n\r\n" + "\r\n\r\n".join(body) + \
        "\r\nThanks for viewing\r\nRecent Comments\r\nContact: desk@northvale.example\r\n"
    return Article(doc_id=doc_id, title=f"Ferry service expands{marker}", text=text)


class CountingEmbedder(Delegating):
    """The real model underneath; counts what gets encoded."""

    def __init__(self, inner: Embedder) -> None:
        super().__init__(inner)
        self.texts: list[str] = []

    def encode(self, texts, batch_size: int = 32, progress: bool = False):
        self.texts.extend(texts)
        return super().encode(texts, batch_size, progress)

    def token_states(self, texts, batch_size: int = 32):
        self.texts.extend(texts)
        return super().token_states(texts, batch_size)


@pytest.fixture
def counting(desk) -> CountingEmbedder:
    return CountingEmbedder(desk.embedder)


def _doc_vectors(snapshot, doc_id):
    rows = snapshot.chunks_by_doc[doc_id]
    offset = snapshot.sentence_offset[doc_id]
    return snapshot.chunk_vectors[rows], snapshot.sentence_vectors[offset:offset + len(snapshot.sentences[doc_id])]


def test_incremental_add_embeds_only_the_new_document(fresh_index_dir, counting):
    from service.engine import Newsdesk

    desk = Newsdesk(fresh_index_dir, embedder=counting)
    before = desk.snapshot
    kept_vectors = {d: _doc_vectors(before, d) for d in before.documents}
    article = _long_article("ferry-1")
    report = desk.add([article])
    assert report.added == ["ferry-1"] and report.chunks >= 2

    after = desk.snapshot
    texts = [after.chunk_texts[r] for r in after.chunks_by_doc["ferry-1"]]
    sentence_texts = [article.text[s.start:s.end] for s in after.sentences["ferry-1"]]
    # Only the new document's chunks (each once) and at most its sentences went through the model.
    encoded = list(counting.texts)
    for t in texts:
        encoded.remove(t)
    assert all(t in sentence_texts for t in encoded)
    for d, (chunk_vectors, sentence_vectors) in kept_vectors.items():
        new_chunks, new_sentences = _doc_vectors(after, d)
        assert np.array_equal(chunk_vectors, new_chunks) and np.array_equal(sentence_vectors, new_sentences)

    _check_offsets(after)  # CRLF text, boilerplate tail
    for t in texts:
        assert "Thanks for viewing" not in t and "desk@northvale" not in t
        assert len(t.split()) <= 150
    hits = desk.search("how many crossings will the Northvale ferry add?", k=3)
    assert hits[0].doc_id == "ferry-1"

    # Adding the same content again changes nothing and embeds nothing.
    counting.texts.clear()
    name = after.name
    report = desk.add([article])
    assert report.unchanged == ["ferry-1"] and not report.added and counting.texts == []
    assert desk.snapshot.name == name and len(desk.snapshot.documents) == 6


def test_delete_needs_no_embedding_and_persists(fresh_index_dir, counting):
    from service.engine import Newsdesk

    desk = Newsdesk(fresh_index_dir, embedder=counting)
    before = desk.snapshot
    victim = next(d for d in before.documents if d.startswith("002_"))
    kept_vectors = {d: _doc_vectors(before, d) for d in before.documents if d != victim}
    assert desk.delete(victim) is True
    assert desk.delete(victim) is False and desk.delete("never-there") is False
    assert counting.texts == []
    for snapshot in (desk.snapshot, load_snapshot(fresh_index_dir)):
        assert victim not in snapshot.documents and victim not in snapshot.sentences
        assert all(c.doc_id != victim for c in snapshot.chunks)
        assert len(snapshot.chunks) == len(before.chunks) - len(before.chunks_by_doc[victim])
        assert snapshot.dense.ntotal == len(snapshot.chunks) == snapshot.lexical.size
        for d, (chunk_vectors, sentence_vectors) in kept_vectors.items():
            new_chunks, new_sentences = _doc_vectors(snapshot, d)
            assert np.array_equal(chunk_vectors, new_chunks) and np.array_equal(sentence_vectors, new_sentences)
        _check_offsets(snapshot)
    assert all(p.doc_id != victim for p in desk.search("prisoner swap mediated by the UAE", k=50))
    assert desk.document(victim) is None


def test_changed_document_replaces_the_stored_copy(fresh_index_dir, counting):
    from service.engine import Newsdesk

    desk = Newsdesk(fresh_index_dir, embedder=counting)
    desk.add([_long_article("ferry-1", paragraphs=2)])
    old_chunk_ids = {desk.snapshot.chunks[r].chunk_id for r in desk.snapshot.chunks_by_doc["ferry-1"]}
    count = len(desk.snapshot.chunks)
    counting.texts.clear()

    changed = _long_article("ferry-1", paragraphs=3, marker=" Harbour")
    report = desk.add([changed])
    assert report.replaced == ["ferry-1"] and not report.added
    assert all("Harbour" in t or "Ferry" in t or "ferry" in t for t in counting.texts)
    for snapshot in (desk.snapshot, load_snapshot(fresh_index_dir)):
        assert snapshot.documents["ferry-1"].text == changed.text
        new_ids = {snapshot.chunks[r].chunk_id for r in snapshot.chunks_by_doc["ferry-1"]}
        assert not (new_ids & old_chunk_ids)
        assert sum(c.doc_id == "ferry-1" for c in snapshot.chunks) == len(new_ids) > 0
        assert len(snapshot.chunks) == count - len(old_chunk_ids) + len(new_ids)
        assert len(snapshot.documents) == 6
        _check_offsets(snapshot)


def test_reingesting_jsonl_without_ids_creates_no_duplicates(fresh_desk, tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(json.dumps({"text": t}) for t in [
        "Quake shakes island\nA magnitude 6.1 earthquake struck the island of Peloria on Sunday, officials said.",
        "Strike ends\nDock workers in Harborton ended a two-week strike after a pay deal on Thursday.",
    ]))
    first = fresh_desk.add_paths([path])
    assert len(first.added) == 2
    total = len(fresh_desk.snapshot.documents)
    second = fresh_desk.add_paths([path])
    assert sorted(second.unchanged) == sorted(first.added) and not second.added
    assert len(fresh_desk.snapshot.documents) == total == 7


# -- persistence and atomic snapshots -----------------------------------------------------------


def test_round_trip_gives_the_same_index_and_answers(seed_index_dir, desk):
    from service.engine import Newsdesk

    loaded = load_snapshot(seed_index_dir)
    live = desk.snapshot
    assert loaded.name == live.name
    assert loaded.documents == live.documents
    assert loaded.chunks == live.chunks
    assert {d: [vars(s) for s in ss] for d, ss in loaded.sentences.items()} == \
        {d: [vars(s) for s in ss] for d, ss in live.sentences.items()}
    assert np.allclose(loaded.chunk_vectors, live.chunk_vectors) and np.array_equal(loaded.sentence_vectors, live.sentence_vectors)
    question = "who mediated earlier swaps?"
    assert np.array_equal(loaded.lexical.scores(question), live.lexical.scores(question))

    reopened = Newsdesk(seed_index_dir, embedder=desk.embedder)
    assert reopened.stats() == desk.stats()
    for q in (question, "how many prisoners were exchanged?", "what is the capital of Peru?"):
        assert reopened.ask(q).model_dump() == desk.ask(q).model_dump()
        assert reopened.search(q, k=7) == desk.search(q, k=7)


def _state(index_dir: Path):
    snapshot = load_snapshot(index_dir)
    return (index_dir / "manifest.json").read_text(), sorted(snapshot.documents), [c.chunk_id for c in snapshot.chunks]


def _live_tmp_dirs(index_dir: Path):
    return [p for p in (index_dir / "segments").iterdir() if p.name.startswith(".tmp-")]


@pytest.mark.parametrize("where", ["np.save", "os.fsync", "os.replace"])
def test_failed_write_leaves_the_previous_index(fresh_desk, fresh_index_dir, monkeypatch, where):
    before = _state(fresh_index_dir)
    snapshot_before = fresh_desk.snapshot

    module_name, function = where.split(".")
    module = {"np": np, "os": os}[module_name]
    real = getattr(module, function)
    calls = []

    def crash(*args, **kwargs):
        calls.append(1)
        if function == "fsync" and len(calls) < 4:
            return real(*args, **kwargs)  # fail part-way through fsyncing the new segment
        if module_name == "np":
            real(*args, **kwargs)  # the file is half there when the "crash" hits
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(module, function, crash)
    with pytest.raises(OSError, match="simulated"):
        fresh_desk.add([_long_article("ferry-1", paragraphs=1)])
    monkeypatch.undo()

    assert _state(fresh_index_dir) == before
    assert fresh_desk.snapshot is snapshot_before
    assert _live_tmp_dirs(fresh_index_dir) == []
    assert not list(fresh_index_dir.glob(".manifest.json.*"))
    # and the next write works and cleans up
    fresh_desk.add([_long_article("ferry-1", paragraphs=1)])
    assert "ferry-1" in load_snapshot(fresh_index_dir).documents


def test_leftovers_of_a_killed_write_are_ignored_and_cleaned(fresh_desk, fresh_index_dir):
    before = _state(fresh_index_dir)
    segments = fresh_index_dir / "segments"
    dead = segments / ".tmp-999999999-deadbeef"  # a writer that no longer runs
    dead.mkdir()
    (dead / "documents.jsonl").write_text('{"doc_id": "half-writ')
    live = segments / f".tmp-{os.getppid()}-cafe"  # a live process's: never ours to remove
    live.mkdir()
    orphan = segments / "99999999-0a0b0c0d"  # renamed into place, but the manifest never named it
    orphan.mkdir()
    stale_manifest = fresh_index_dir / ".manifest.json.999999999.feed.tmp"
    stale_manifest.write_text("{")
    assert _state(fresh_index_dir) == before
    fresh_desk.add([_long_article("ferry-1", paragraphs=1)])
    fresh_desk.indexer.wait_for_cleanup()
    assert not dead.exists() and not orphan.exists() and not stale_manifest.exists()
    assert live.exists()
    live.rmdir()
    manifest = json.loads((fresh_index_dir / "manifest.json").read_text())
    assert sorted(p.name for p in segments.iterdir()) == sorted(s["name"] for s in manifest["segments"])


def test_no_pickles_in_the_index_dir(fresh_desk, fresh_index_dir):
    fresh_desk.add([_long_article("ferry-1", paragraphs=1)])  # a snapshot written by add, too
    files = [p for p in fresh_index_dir.rglob("*") if p.is_file()]
    assert any(p.suffix == ".npy" for p in files) and any(p.name == "manifest.json" for p in files)
    for path in files:
        head = path.read_bytes()[:2]
        assert not (len(head) == 2 and head[0] == 0x80 and 2 <= head[1] <= 5), f"{path} looks like a pickle"
        assert path.suffix not in {".pkl", ".pickle", ".joblib"}
        if path.suffix == ".npy":
            array = np.load(path, allow_pickle=False)
            assert array.dtype != object
        elif path.suffix == ".json":
            json.loads(path.read_text())
        elif path.suffix == ".jsonl":
            for line in path.read_text().splitlines():
                json.loads(line)


def test_single_question_path_matches_batch_encoding(desk):
    """encode_one skips sentence-transformers' batching; it must give the same vector."""
    text = "Who mediated earlier prisoner swaps between the two countries?"
    single = desk.embedder.encode_one(text)
    batch = desk.embedder.encode([text])[0]
    assert single.shape == batch.shape and single.dtype == batch.dtype
    assert float(single @ batch) > 0.9999
