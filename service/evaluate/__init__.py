"""`newsdesk eval`: answer quality measured on our golden questions, SQuAD v1.1 dev and the hand-written
held-out sets (BBC questions, corroboration clusters). One module per suite:

* `scoring`: the official SQuAD v1.1 normalisation, EM and token F1; the value match of the hand-written sets.
* `squad`: gold mode (the answerer alone) and open mode (retrieval, then answers over the whole index).
* `golden`: accuracy, abstain precision/recall and citation faithfulness over the seeds.
* `heldout`: BBC questions and corroboration clusters, dev read freely, frozen totals only.
* `runs`: what every run shares — the cached index, one torch thread, tables, the JSON result file.

`bench` (the performance benchmark) is `service/bench.py`. Results print as plain-text tables and are
written as JSON under `eval_results/`.
"""

from service.evaluate.golden import MAX_ANSWER_WORDS, format_golden, golden, is_right, load_golden, totals_only
from service.evaluate.heldout import (BBC_DATA, BBC_DIR, BBC_FRESH_DIR, BBC_FRESH2_DIR, BBC_FRESH3_DIR, BBC_FRESH4_DIR, BBC_FRESH5_DIR, BBC_FRESH6_DIR, CLUSTER_KINDS, CLUSTERS_DIR, CLUSTERS_TRAIN_DIR, COUNTED_KINDS,
                                      HELDOUT_DIR, HELDOUT_SPLITS, TRAIN_SPLIT, bbc, clusters, format_bbc, format_clusters,
                                      heldout_out, judge_cluster_question, load_heldout, record_article, with_bbc_texts)
from service.evaluate.runs import (RESULTS_DIR, TORCH_THREADS, QuestionVectors, corpus_hash, default_out, open_index,
                                   read_jsonl, torch_threads, write_result)
from service.evaluate.scoring import MATCH_F1, exact_match, f1_score, matches_any, normalize_answer, score, value_matches
from service.evaluate.squad import (FLOOR_TOLERANCE, MODES, PAPER_BASELINES, RETRIEVERS, SEARCH_DEPTH, SPLITS, SquadQuestion,
                                    default_index_dir, format_squad, gold_rank, load_squad, paragraph_id, record_floor,
                                    retrieval_scores, split_questions, squad, wh_word)

__all__ = [
    "bbc",
    "BBC_DATA",
    "BBC_DIR",
    "BBC_FRESH_DIR",
    "BBC_FRESH2_DIR",
    "BBC_FRESH3_DIR",
    "BBC_FRESH4_DIR",
    "BBC_FRESH5_DIR",
    "BBC_FRESH6_DIR",
    "CLUSTER_KINDS",
    "clusters",
    "CLUSTERS_DIR",
    "CLUSTERS_TRAIN_DIR",
    "corpus_hash",
    "COUNTED_KINDS",
    "default_index_dir",
    "default_out",
    "exact_match",
    "f1_score",
    "FLOOR_TOLERANCE",
    "format_bbc",
    "format_clusters",
    "format_golden",
    "format_squad",
    "gold_rank",
    "golden",
    "HELDOUT_DIR",
    "heldout_out",
    "HELDOUT_SPLITS",
    "is_right",
    "judge_cluster_question",
    "load_golden",
    "load_heldout",
    "load_squad",
    "MATCH_F1",
    "matches_any",
    "MAX_ANSWER_WORDS",
    "MODES",
    "normalize_answer",
    "open_index",
    "PAPER_BASELINES",
    "paragraph_id",
    "QuestionVectors",
    "read_jsonl",
    "record_floor",
    "RESULTS_DIR",
    "record_article",
    "retrieval_scores",
    "RETRIEVERS",
    "score",
    "SEARCH_DEPTH",
    "split_questions",
    "SPLITS",
    "squad",
    "SquadQuestion",
    "TORCH_THREADS",
    "torch_threads",
    "totals_only",
    "TRAIN_SPLIT",
    "value_matches",
    "wh_word",
    "with_bbc_texts",
    "write_result",
]
