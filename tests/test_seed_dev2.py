"""Integrity of the second seed study set (tests/data/seed_dev2): fields, unique ids, answers verbatim in the
seed text of their documents, counts, coverage of all five seeds and of every question kind.

A study set, not frozen (see tests/data/seed_dev2/README.md): no hash pin."""
import json
import re
from collections import Counter
from pathlib import Path

DATA = Path(__file__).parent / "data" / "seed_dev2"
QUESTIONS = DATA / "questions.jsonl"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
MIN_ANSWERABLE, MIN_UNANSWERABLE = 70, 14
MIN_PER_SEED = 10
MIN_PER_KIND = 4
MAX_ANSWER_WORDS = 12  # the service's answers are at most 12 words; an accepted span must fit inside one
ANSWERABLE_FIELDS = {"id", "question", "answers", "doc_ids", "kind"}
UNANSWERABLE_FIELDS = {"id", "question", "unanswerable", "kind"}


def _questions():
    return [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]


def _seed_texts():
    return {path.stem: path.read_text(encoding="utf-8") for path in SEEDS.glob("*.txt")}


def test_fields_ids_and_counts():
    questions = _questions()
    ids = [q["id"] for q in questions]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"seeddev2-\d{3}", i) for i in ids)
    answerable = [q for q in questions if not q.get("unanswerable")]
    unanswerable = [q for q in questions if q.get("unanswerable")]
    assert len(answerable) >= MIN_ANSWERABLE and len(unanswerable) >= MIN_UNANSWERABLE
    for q in answerable:
        assert set(q) == ANSWERABLE_FIELDS, q["id"]
        assert q["answers"] and q["doc_ids"], q["id"]
        assert len(set(q["doc_ids"])) == len(q["doc_ids"]), q["id"]
    for q in unanswerable:
        assert set(q) == UNANSWERABLE_FIELDS and q["unanswerable"] is True, q["id"]
    for q in questions:
        assert q["question"].strip().endswith("?") and q["kind"].strip(), q["id"]
    assert len({q["question"].lower() for q in questions}) == len(questions)


def test_answers_are_short_verbatim_spans_of_their_seeds():
    texts = _seed_texts()
    for q in (q for q in _questions() if not q.get("unanswerable")):
        assert set(q["doc_ids"]) <= set(texts), q["id"]
        # the first (shortest correct) answer is in the question's first (main) document
        assert q["answers"][0] in texts[q["doc_ids"][0]], q["id"]
        assert len(set(q["answers"])) == len(q["answers"]), q["id"]
        for answer in q["answers"]:
            assert answer == answer.strip() and len(answer.split()) <= MAX_ANSWER_WORDS, (q["id"], answer)
            assert any(answer in texts[d] for d in q["doc_ids"]), (q["id"], answer)
        # every further document is listed because some accepted answer occurs in it
        for doc in q["doc_ids"][1:]:
            assert any(answer in texts[doc] for answer in q["answers"]), (q["id"], doc)


def test_every_seed_is_covered():
    texts = _seed_texts()
    main_docs = Counter(q["doc_ids"][0] for q in _questions() if not q.get("unanswerable"))
    assert set(main_docs) == set(texts)
    assert min(main_docs.values()) >= MIN_PER_SEED


def test_every_answerable_kind_is_represented():
    kinds = Counter(q["kind"] for q in _questions() if not q.get("unanswerable"))
    assert min(kinds.values()) >= MIN_PER_KIND, kinds
