"""The learned answerability check (service/answering/answerability.py) and its fitting
(service/training/answerability.py): facts on hand-built inputs, no model loaded; a fit on a tiny
sample; the shipped file loads."""

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest

from service.answering import answerability as A
from service.answering.candidates import Candidate
from service.answering.kinds import GPE
from service.answering.stated import Asked
from service.training import answerability as fitting
from tests.test_answering import MEDIATED, question as make_question


def _seen(text="UAE", label=GPE, q=None, **kwargs) -> A.Seen:
    q = q or make_question(kind="who", terms=("mediated", "swap"), verb="mediat")
    start = MEDIATED.text.index(text)
    top = Candidate(text, label, MEDIATED, start, start + len(text), type_fit=0.9)
    return A.Seen(q, Asked(), top, kwargs.pop("confidence", 0.5), kwargs.pop("gap", 1.0), **kwargs)


def test_every_fact_is_read_of_a_hand_built_answer():
    values = A.facts(_seen(sources=5, idf={"mediated": 2.0, "swap": 1.0}, article=frozenset({"mediat", "swap"})))
    assert set(values) == set(A.FACT_NAMES)
    assert values["confidence"] == pytest.approx(0.0) and values["type_fit"] == 0.9
    assert values["sources"] == A.SOURCES_CAP and values["asks_who"] == 1.0 and values["answer_name"] == 1.0
    assert values["names_verb"] == 1.0  # 'mediated' is in the sentence
    assert all(values[name] in (0.0, 1.0) for name in A.CHECK_FACTS)


def test_the_share_of_the_questions_weight_missing_from_the_article():
    idf = {"salary": 3.0, "chief": 1.0}
    assert A.missing_share(["salary", "chief"], idf, {"chief"}) == pytest.approx(0.75)
    assert A.missing_share(["salary", "chief"], idf, {"chief", "salary"}) == 0.0
    assert A.missing_share([], idf, set()) == 0.0
    assert A.rarest_missing(["salary", "chief", "the"], {**idf, "the": 0.1}, {"chief", "the"}) == 1.0
    assert A.rarest_missing(["salary", "chief"], idf, {"salary", "chief"}) == 0.0


def test_the_asked_noun_and_the_questions_verb_in_a_sentence():
    assert A.asked_noun_in(Asked(noun="salary"), {"salari"}) == 1.0
    assert A.asked_noun_in(Asked(noun="salary"), {"pay"}) == 0.0
    assert A.asked_noun_in(Asked(), set()) == 1.0  # nothing asked
    signed = make_question(kind="when", terms=("sign",), verb="sign")
    assert A.names_verb(signed, MEDIATED) == 0.0
    assert A.names_verb(make_question(verb=""), MEDIATED) == 1.0


def test_an_articles_stems_are_read_once_per_snapshot():
    snapshot = SimpleNamespace(memo={}, documents={"d": SimpleNamespace(text="Salaries rose.")})
    assert "salari" in A.article_stems(snapshot, "d")
    snapshot.documents["d"].text = "changed"
    assert "salari" in A.article_stems(snapshot, "d")  # memoised
    assert A.article_stems(snapshot, "unknown") == frozenset()


def _rows(n: int, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        values = {name: rng.random() for name in A.FACT_NAMES}
        values.update(count_not_a_count=0.0, share_not_a_share=0.0)  # hand rules (indicators): not firing at random
        answerable = rng.random() < 0.7
        right = answerable and values["sentence_coverage"] > 0.4
        rows.append({"set": "bbc_train", "id": str(i), "answerable": answerable, "right": right, "abstained": False,
                     "tune": i % 5 == 4, "facts": {**values, "_weak": 0.0, "_stated": 0.0, "_reader": 0.0}})
    return rows


def test_fitting_on_a_tiny_sample_learns_the_deciding_fact_and_chooses_a_threshold(tmp_path):
    rows = _rows(300)
    out = tmp_path / "answerability.json"
    model = fitting.train_answerability(rows, out, echo=lambda _: None)
    assert max(model.weights, key=lambda n: abs(model.weights[n])) == "sentence_coverage"
    assert 0.0 <= model.threshold <= 1.0
    again = A.Model.read(__import__("json").loads(out.read_text()))
    assert again.probability(rows[0]["facts"]) == pytest.approx(model.probability(rows[0]["facts"]))
    assert fitting.train_answerability(rows, tmp_path / "again.json", echo=lambda _: None).weights == model.weights  # seeded


def test_the_hand_rules_still_refuse_what_they_refuse():
    row = _rows(1)[0]
    row["facts"]["_stated"] = 1.0
    assert fitting.decide(row, None, ("_weak", "_stated"))
    assert not fitting.decide(row, None, ("_weak",))
    assert fitting.hand_abstains({"facts": None})


def test_a_model_reading_an_unknown_fact_is_refused():
    with pytest.raises(ValueError, match="facts this code does not have"):
        A.Model.read({"weights": {"no_such_fact": 1.0}, "bias": 0.0, "threshold": 0.5})


def test_the_synthetic_unanswerables_lose_every_sentence_holding_their_answer():
    records = [{"doc_id": "a", "text": "One. The fee was £5m. Two things. Three more. Four again."}]
    questions = [{"id": "q1", "doc_id": "a", "question": "What was the fee?", "answers": ["£5m"], "answerable": True}]
    changed, removed = fitting.without_answers(records, questions)
    assert "£5m" not in changed[0]["text"] and "Three more." in changed[0]["text"]
    assert [q["id"] for q in removed] == ["q1-removed"] and not removed[0]["answerable"]


def test_the_shipped_model_loads():
    model = A.shipped()
    assert model is not None and model.replaces in A.REPLACES and set(model.weights) <= set(A.FACT_NAMES)


def test_only_the_facts_a_model_reads_are_read():
    values = A.facts(_seen(), names={"confidence", "unstated_subject_substituted"})
    assert set(values) == {"confidence", "unstated_subject_substituted"}
    assert values["unstated_subject_substituted"] in (0.0, 1.0)


def test_a_fact_constant_where_fitted_is_not_fitted():
    rows = _rows(200)
    for r in rows:
        r["facts"]["unstated_kind_contradicted"] = 0.0  # the hand rule refuses every answer it fires on
    model = fitting.fit_model(rows, fitting.HAND["none"], "none")
    assert "unstated_kind_contradicted" not in model.weights and "terms_missing_article" not in model.weights  # LEFT_OUT


def _answer(text: str, label=GPE):
    return SimpleNamespace(text=text, label=label)


def test_answer_type_sanity_facts():
    how_much, how_many = (make_question(kind=k, expected=("MONEY", "CARDINAL")) for k in ("how much", "how many"))
    who = make_question(kind="who")
    assert A.amount_without_figure(how_much, _answer("observers")) == 1.0
    assert A.amount_without_figure(how_much, _answer("$3bn")) == 0.0
    assert A.amount_without_figure(how_many, _answer("four other accolades")) == 0.0
    assert A.amount_without_figure(how_many, _answer("half")) == 0.0
    assert A.amount_without_figure(who, _answer("observers")) == 0.0  # only a figure's questions
    assert A.count_not_a_count(how_many, _answer("7610")) == 1.0 and A.count_not_a_count(how_many, _answer("6.7%")) == 1.0
    assert A.count_not_a_count(how_many, _answer("7,610")) == 0.0 and A.count_not_a_count(how_much, _answer("2004")) == 0.0
    assert A.name_wanted_not_named(who, _answer("his broken hard disk thinking")) == 1.0
    assert A.name_wanted_not_named(who, _answer("Ontrack's managing director")) == 0.0
    assert A.name_wanted_not_named(how_many, _answer("police")) == 0.0
    named = make_question(kind="what", expected=("NP",), text="What is the name of the make-up artist?")
    assert A.name_wanted_not_named(named, _answer("$25m", "MONEY")) == 1.0
    value = make_question(kind="what", expected=("NP",), text="What was the value of the accord agreed in April?")
    assert A.amount_without_figure(value, _answer("Argentina")) == 1.0
    assert A.amount_without_figure(make_question(kind="what", expected=("NP",), text="What was the name of the accord?"),
                                   _answer("Argentina")) == 0.0
    when = make_question(kind="when", expected=("DATE",))
    assert A.date_wanted_not_date(when, _answer("the opening days", "NP")) == 1.0
    assert A.date_wanted_not_date(when, _answer("January", "DATE")) == 0.0


def test_the_early_gates_read_by_the_fitting_as_the_answerer_applies_them():
    from service.answering.answerer import EARLY_GATES, RECORDING_GATES, EarlyGates, Relevance, gates_from_json, gates_to_json

    row = {"facts": {"_missing_name": 0.0, "_missing_counted": 1.0, "best_coverage": 0.25, "best_similarity": 0.45}}
    assert fitting.hand_abstains(row, (), EARLY_GATES)  # the counted noun is in no article
    assert not fitting.hand_abstains(row, (), EarlyGates(counted=False, relevance=Relevance(0.2, 0.4)))
    assert fitting.hand_abstains(row, (), EarlyGates(counted=False))  # below both relevance floors
    assert not fitting.hand_abstains(row, (), RECORDING_GATES)
    for gates in (EARLY_GATES, RECORDING_GATES, EarlyGates(counted=False, relevance=Relevance(0.2, 0.4))):
        assert gates_from_json(gates_to_json(gates)) == gates
    assert gates_from_json({}) == EARLY_GATES


def test_a_names_gate_reads_only_what_the_question_writes_as_a_name():
    from service.answering.answerer import proper_name

    assert proper_name("Whose recording did the rap group borrow notes from?", "rap") is False
    assert proper_name("What phrase did the PCS leader use?", "PCS") is True
    assert proper_name("How many jets could Japan Airlines take?", "Japan Airlines") is True
    assert proper_name("What happened in 2004?", "2004") is True


# -- the facts that tell "the asked thing is said of the answer" from "a value of that kind is near" --

def test_the_readers_no_answer_margin_and_agreement_are_read_once_and_capped():
    calls = []

    def read():
        calls.append(1)
        return SimpleNamespace(margin=25.0, best_text="the UAE")

    seen = _seen(read_answer=read)
    values = A.facts(seen, names={"reader_no_answer", "reader_agrees"})
    assert values["reader_no_answer"] == A.MARGIN_CAP and values["reader_agrees"] == pytest.approx(1.0)
    assert len(calls) == 1  # one reading serves every fact
    assert A.facts(_seen(read_answer=lambda: SimpleNamespace(margin=-3.0, best_text="July 2024")),
                   names={"reader_no_answer", "reader_agrees"}) == {"reader_no_answer": -3.0, "reader_agrees": 0.0}
    assert A.facts(_seen(), names={"reader_no_answer", "reader_agrees"}) == {"reader_no_answer": A.NO_READER_MARGIN, "reader_agrees": 1.0}


def test_the_share_of_the_questions_words_held_counts_words_made_from_them():
    idf = {"chair": 2.0, "yili": 2.0}
    assert A.held_share(["chair", "yili"], idf, {"chairman"}) == pytest.approx(0.5)
    assert A.held_share(["chair", "yili"], idf, {"yili", "chairman"}) == pytest.approx(1.0)
    assert A.held_share([], idf, {"yili"}) == 0.0


def test_the_window_holds_the_neighbouring_sentences_words():
    text = "Deco spoke after the match. It is not normal behaviour. He was angry."
    bounds = [(0, 27), (28, 55), (56, 69)]
    stored = [SimpleNamespace(start=a, end=b, tokens=[(a + m.start(), a + m.end(), m.group(0).lower(), "", "", 0)
                                                      for m in __import__("re").finditer(r"\w+", text[a:b])]) for a, b in bounds]
    snapshot = SimpleNamespace(memo={}, sentences={"d": stored}, documents={"d": SimpleNamespace(text=text)})
    sentence = SimpleNamespace(doc_id="d", index=1, text=text[28:55], stems=["normal", "behaviour"], lemmas=[])
    top = SimpleNamespace(text="not normal behaviour", sentence=sentence)
    q = make_question(kind="how", terms=("deco", "describ", "conduct"))
    seen = A.Seen(q, Asked(), top, 0.5, 1.0, snapshot=snapshot, idf={"deco": 3.0, "describ": 1.0, "conduct": 2.0})
    assert "deco" in A.window_words(seen) and "deco" not in A.own_words(seen)
    values = A.facts(seen, names={"window_coverage", "lemma_coverage", "window_gain"})
    assert values["lemma_coverage"] == 0.0 and values["window_coverage"] == pytest.approx(0.5) and values["window_gain"] == pytest.approx(0.5)


def test_the_ranker_facts_of_the_answer_read_as_unknown_without_its_span():
    values = A.facts(_seen(), names=set(A.SPAN_FACTS))
    assert values["span_nearest_term"] == A.SPAN_DEFAULTS["span_nearest_term"] and values["span_clause_coverage"] == 0.0


def test_the_shipped_model_decides_in_place_of_the_weak_match_gate_reading_the_readers_margin():
    model = A.shipped()
    assert model.replaces == fitting.REPLACES == "threshold"
    assert model.weights["reader_no_answer"] < 0 < model.weights["confidence"]  # the reader finding no answer there: less likely right
    assert not set(model.weights) & set(fitting.STUDY_ONLY)


def test_a_share_asked_for_and_answered_by_a_count_is_no_share():
    asks = make_question(kind="what", expected=("PERCENT",), text="What percentage of the returned servicemen had fought in Kherson?")
    assert A.share_not_a_share(asks, _answer("270", "CARDINAL")) == 1.0
    for said in ("27%", "12 per cent", "a third", "one in five", "most"):
        assert A.share_not_a_share(asks, _answer(said, "PERCENT")) == 0.0
    share_of = make_question(kind="what", text="What share of the broadband market does BT now hold?")
    assert A.share_not_a_share(share_of, _answer("5m", "CARDINAL")) == 1.0
    price = make_question(kind="what", text="At what share price did Next close?")  # a price, not a share
    assert A.share_not_a_share(price, _answer("1,500p", "MONEY")) == 0.0


def test_a_missing_name_that_only_modifies_a_noun_is_a_fact_not_a_refusal():
    from service.answering.answerer import EarlyGates, gates_from_json, gates_to_json

    soft = EarlyGates(counted=False, relevance=None, modifier_names=False)
    modifier = {"facts": {"_missing_name": 1.0, "_missing_name_hard": 0.0, "missing_modifier_name": 1.0}}
    hard = {"facts": {"_missing_name": 1.0, "_missing_name_hard": 1.0, "missing_modifier_name": 0.0}}
    assert fitting.hand_abstains(modifier, (), EarlyGates(counted=False, relevance=None))  # the old gate refuses both
    assert not fitting.hand_abstains(modifier, (), soft) and fitting.hand_abstains(hard, (), soft)
    assert gates_from_json(gates_to_json(soft)) == soft
    assert fitting.GATES.relevance is None and not fitting.GATES.modifier_names  # shipped: the model reads both


def test_the_reader_reads_the_answers_own_clause_alone():
    from tests.test_said_of import BID

    text, tokens = BID
    sentence = SimpleNamespace(doc_id="d", index=0, text=text, tokens=tokens, stems=[], lemmas=[])
    start = text.index("£1.5bn")
    top = SimpleNamespace(text="£1.5bn", start=start, end=start + len("£1.5bn"), sentence=sentence)
    q = make_question(kind="how much", terms=("bid",))
    read = []

    def read_text(question, clause, around):
        read.append((clause, clause[around[0]:around[1]]))
        return SimpleNamespace(margin=30.0)

    seen = A.Seen(q, Asked(), top, 0.5, 1.0, read_text=read_text, read_answer=lambda: SimpleNamespace(margin=2.0, best_text=""))
    values = A.facts(seen, names={"reader_clause_no_answer", "reader_clause_gain", "reader_no_answer"})
    assert read == [("after Euronext raised its bid to £1.5bn", "£1.5bn")]  # the adverbial clause, not 'Seifert met Furse'
    assert values == {"reader_clause_no_answer": A.MARGIN_CAP, "reader_clause_gain": A.MARGIN_CAP - 2.0, "reader_no_answer": 2.0}
    # without a reader of other text the clause reads as the sentence
    seen = A.Seen(q, Asked(), top, 0.5, 1.0, read_answer=lambda: SimpleNamespace(margin=2.0, best_text=""))
    assert A.facts(seen, names={"reader_clause_no_answer", "reader_clause_gain"}) == {"reader_clause_no_answer": 2.0, "reader_clause_gain": 0.0}


def test_the_threshold_is_also_chosen_out_of_fold_on_the_written_sets():
    rows = _rows(300)
    for i, r in enumerate(rows[:120]):
        r["set"], r["tune"] = ("bbc_fresh" if i % 2 else "clusters_train"), False
    hand = fitting.HAND["threshold"]
    pairs = fitting.held_out_pairs(rows, hand, "threshold", fitting.REGULARISATION, fitting.GATES)
    assert sorted({r["set"] for r, _ in pairs}) == ["bbc_fresh", "clusters_train"] and len(pairs) == 120
    full = fitting.fit_model(rows, hand, "threshold", gates=fitting.GATES)
    by_set = {r["set"]: m for r, m in pairs}
    assert by_set["bbc_fresh"].weights != full.weights  # fitted without bbc_fresh's rows
    assert fitting.FITTED_SETS == fitting.FITTED_SETS and "bbc_fresh" in fitting.FITTED_SETS  # restored
    tuning = [r for r in rows if r["tune"] and r["set"] == "bbc_train"]
    _, alone = fitting.choose_threshold(full, tuning, hand, gates=fitting.GATES)
    _, both = fitting.choose_threshold(full, tuning, hand, gates=fitting.GATES, held_out=pairs)
    t = "0.50"
    assert both[t]["answerable"] + both[t]["unanswerable"] == alone[t]["answerable"] + alone[t]["unanswerable"] + 120
