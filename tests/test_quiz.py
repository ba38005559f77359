"""The news-quiz loader (service/training/quiz.py) on hand-built RealTimeQA records: which records
become training questions, the 2022 exclusion, the tuning part; and the shared file when present."""

from __future__ import annotations

import gzip
import json

import pytest

from service.training import quiz


def record(qid: str, question: str, choices: list[str], answer: int, evidence: str, date: str = "2021/03/05",
           source: str = "CNN") -> dict:
    return {"question_id": qid, "question_date": date, "question_source": source, "question_url": "https://example.org/q",
            "question_sentence": question, "choices": choices, "answer": [str(answer)], "evidence": evidence,
            "source_file": f"past/{date[:4]}/{qid[:8]}_qa.jsonl"}


GOOD = record("20210305_1", "Which country launched a probe that landed on Mars this week?", ["Japan", "China", "India"], 1,
              'China\'s <a href="https://example.org">Tianwen-1</a> probe landed on Mars on Saturday.')


def test_a_record_whose_gold_string_is_in_its_evidence_becomes_a_question_over_it():
    built = quiz.build_quiz([GOOD])
    assert built.counts["used"] == 1
    (q,) = built.fit + built.tune
    (article,) = built.articles
    assert q.answers == ("China",) and q.doc_id == article.doc_id
    assert q.question == GOOD["question_sentence"]
    assert article.text == "China's Tianwen-1 probe landed on Mars on Saturday."  # tags stripped, text kept


def test_every_2022_record_and_its_repeats_in_other_years_are_left_out():
    in_2022 = record("20220610_3", "Which country launched a probe that landed on Mars this week?", ["China", "Japan"], 0,
                     "China's probe landed on Mars.", date="2022/06/10")
    repeat = record("20230106_4", "which country launched a probe that LANDED on Mars this week", ["China", "Japan"], 0,
                    "China's probe landed on Mars again.", date="2023/01/06")
    other = record("20230106_5", "Which city hosted the summit?", ["Paris", "Rome"], 1, "The summit was held in Rome.",
                   date="2023/01/06")
    built = quiz.build_quiz([GOOD, in_2022, repeat, other])
    assert built.counts["held_out_year"] == 1 and built.counts["same_as_held_out"] == 2  # GOOD has 2022's wording too
    assert [q.answers for q in built.fit + built.tune] == [("Rome",)]
    assert all("2022" not in a.title for a in built.articles)


def test_questions_needing_the_choices_yes_no_and_long_golds_are_left_out():
    records = [
        record("20210101_1", "Which of these cities hosted the summit?", ["Paris", "Rome"], 1, "Rome hosted it."),
        record("20210101_2", "All of the following were nominated except:", ["Ann", "Bo"], 0, "Ann was not."),
        record("20210101_3", "Did the senate pass the bill?", ["Yes", "No"], 0, "Yes, the senate passed the bill."),
        record("20210101_4", "The bill passed. True or false?", ["True", "False"], 0, "It is true that it passed."),
        record("20210101_5", "What did the report conclude?", ["that the river had been polluted for more than ten years", "x"],
               0, "It found that the river had been polluted for more than ten years by the plant."),
        record("20210101_6", "Who won the race?", ["Ann Lee", "Bo Chen"], 0, "The favourite won the race."),
        record("20210101_7", "Who won the race?", ["Ann Lee", "Bo Chen"], 0, ""),
    ]
    built = quiz.build_quiz(records)
    assert built.counts["used"] == 0 and not built.articles
    assert built.counts["needs_choices"] == 3 and built.counts["yes_no"] == 1 and built.counts["long_gold"] == 1
    assert built.counts["gold_not_in_evidence"] == 1 and built.counts["no_evidence"] == 1


def test_a_gold_string_must_occur_at_word_boundaries_and_duplicates_count_once():
    inside_a_word = record("20210101_8", "Which team won?", ["Ram", "Ox"], 0, "The Rams won the final.")
    possessive = record("20210101_9", "Which team won?", ["Ox"], 0, "The Ox's fans cheered the win.")
    again = dict(GOOD, question_id="20210312_9")
    built = quiz.build_quiz([inside_a_word, possessive, GOOD, again])
    assert built.counts["gold_not_in_evidence"] == 1 and built.counts["duplicate"] == 1 and built.counts["used"] == 2


def test_the_tuning_part_is_a_fixed_hash_of_the_question_id():
    ids = [f"2021{n:04d}_{k}" for n in range(100, 130) for k in range(5)]
    tuning = {i for i in ids if quiz.is_tuning(i)}
    assert tuning == {i for i in ids if quiz.is_tuning(i)}  # stable
    assert 0.1 < len(tuning) / len(ids) < 0.3  # about one in QUIZ_TUNE_EVERY
    records = [record(i, f"Which city hosted summit number {n}?", ["Rome", "Paris"], 0, f"Rome hosted summit {n}.")
               for n, i in enumerate(ids)]
    built = quiz.build_quiz(records)
    assert {q.qid.split("-")[1] for q in built.tune} == tuning and len(built.fit) == len(ids) - len(tuning)


def test_records_are_read_from_gzip_or_plain_jsonl(tmp_path):
    plain, packed = tmp_path / "qa.jsonl", tmp_path / "qa.jsonl.gz"
    plain.write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    with gzip.open(packed, "wt", encoding="utf-8") as f:
        f.write(json.dumps(GOOD) + "\n")
    assert quiz.read_records(plain) == quiz.read_records(packed) == [GOOD]
    assert quiz.load_quiz(packed).counts["used"] == 1


@pytest.mark.skipif(not quiz.QUIZ_FILE.is_file(), reason="RealTimeQA is not in ../shared/data")
def test_the_shared_file_gives_thousands_of_questions_and_none_from_2022():
    records = quiz.read_records(quiz.QUIZ_FILE)
    built = quiz.build_quiz(records)
    assert built.counts["records"] == len(records) and built.counts["used"] > 2000
    held_out = {quiz.question_key(r["question_sentence"]) for r in records if quiz.year(r) == quiz.HELD_OUT_YEAR}
    assert held_out and not any(quiz.question_key(q.question) in held_out for q in built.fit + built.tune)
    assert built.counts["held_out_year"] == sum(quiz.year(r) == quiz.HELD_OUT_YEAR for r in records)
    text = {a.doc_id: a.text for a in built.articles}
    assert all(quiz.in_evidence(q.answers[0], text[q.doc_id]) for q in built.fit + built.tune)
