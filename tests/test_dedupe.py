"""Near-duplicate documents (MinHash over word shingles) and independent sources."""

from __future__ import annotations

import random

import numpy as np

from index.dedupe import (NEAR_DUPLICATE, copies, decode, encode, independent_groups, outlet, signature,
                          similarity, with_signature)
from index.documents import Article

WIRE = ("Rescue teams in the hill town of Ostrava Nova worked through the night after a landslide buried part of "
        "the old quarter on Tuesday evening. Regional officials said eleven people had been taken to hospital and "
        "that four residents were still unaccounted for. The slope above the quarter had been monitored since "
        "heavy rain began last week, and an evacuation order covering sixty homes was issued on Monday, but some "
        "families had returned to collect belongings. The regional governor, Ilse Marrant, said the priority was "
        "to reach anyone trapped before further rain arrives on Thursday. Engineers from the national geological "
        "survey are expected to inspect the hillside once the search is complete. Local schools will remain closed "
        "for the rest of the week, and a temporary shelter has been opened in the sports hall beside the station.")
REWRITE = ("A landslide tore through Ostrava Nova's old quarter late on Tuesday. Eleven people are in hospital and "
           "four remain missing, according to the regional authorities. Governor Ilse Marrant told reporters that "
           "searchers were racing against the weather, with more rain forecast for Thursday. Around sixty homes had "
           "been placed under an evacuation order the day before the collapse. Geologists will examine the slope "
           "when the search ends; schools are shut for the week and the sports hall is serving as a shelter.")


def edited(text: str, share: float, seed: int = 0) -> str:
    rng = random.Random(seed)
    return " ".join(w if rng.random() > share else "changed" for w in text.split())


def test_signature_is_deterministic_and_round_trips():
    sig = signature(WIRE)
    assert sig.dtype == np.uint32 and sig.shape == (64,)
    assert np.array_equal(sig, signature(WIRE))
    assert np.array_equal(decode(encode(sig)), sig)
    assert len(encode(sig)) == 512  # hex in documents.jsonl, no pickle


def test_copies_are_near_duplicates_and_rewrites_are_not():
    assert similarity(signature(WIRE), signature(WIRE)) == 1.0
    # Punctuation, case and spacing edits are no difference at all.
    assert similarity(signature(WIRE), signature(WIRE.upper().replace(",", " ,"))) == 1.0
    assert similarity(signature(WIRE), signature(edited(WIRE, 0.05))) >= NEAR_DUPLICATE
    assert similarity(signature(WIRE), signature(edited(WIRE, 0.1, seed=3))) >= NEAR_DUPLICATE
    headline_and_trim = "Landslide in Ostrava Nova\n" + WIRE[: len(WIRE) * 2 // 3]
    assert similarity(signature(WIRE), signature(headline_and_trim)) >= NEAR_DUPLICATE
    # The same event reported independently shares facts, not 5-word windows.
    assert similarity(signature(WIRE), signature(REWRITE)) < 0.1
    assert similarity(signature(WIRE), signature(edited(WIRE, 0.5))) < NEAR_DUPLICATE


def test_independent_groups_merge_copies_and_outlets():
    texts = {"wire-a": WIRE, "wire-b": edited(WIRE, 0.04), "wire-c": edited(WIRE, 0.06, seed=7),
             "own": REWRITE, "own-update": "Four people are still missing in Ostrava Nova, the governor said.",
             "elsewhere": "Shares in a shipping firm rose after it announced a new route to the north."}
    sites = {"own": "Valley Herald", "own-update": "valley herald"}
    outlets = {d: sites[d].lower() if d in sites else None for d in texts}
    groups = independent_groups(texts, lambda d: signature(texts[d]), outlets.get)
    assert groups["wire-a"] == groups["wire-b"] == groups["wire-c"]
    assert groups["own"] == groups["own-update"] != groups["wire-a"]
    assert len(set(groups.values())) == 3
    assert sorted(map(sorted, copies(texts, lambda d: signature(texts[d])))) == [["wire-a", "wire-b", "wire-c"]]


def test_outlet_from_url_host():
    assert outlet(Article("x", "", "t", url="https://www.valleyherald.example/news/1")) == "valleyherald.example"
    assert outlet(Article("x", "", "t")) is None
    assert outlet(Article("x", "", "t", source="Valley  Herald")) == "valley herald"
    for location in ("seeds/001.txt", "feed.jsonl:12", "bundle.json[3]", "request", "C:\\news\\a.txt"):
        assert outlet(Article("x", "", "t", source=location)) is None


def test_with_signature_fills_the_stored_field():
    article = with_signature(Article("x", "t", WIRE))
    assert article.signature == encode(signature(WIRE))
    assert article.fingerprint == Article("x", "t", WIRE).fingerprint  # not a change of content


def test_signatures_are_stored_at_index_time(fresh_desk):
    from index.store import load_snapshot

    fresh_desk.add([Article("wire-copy", "Landslide", WIRE)])
    stored = load_snapshot(fresh_desk.index_dir).documents["wire-copy"]
    assert stored.signature == encode(signature(WIRE))


def test_copy_index_finds_reprints_among_many():
    from index.dedupe import CopyIndex

    rng = random.Random(5)
    vocabulary = [f"w{i}" for i in range(3000)]
    texts = {f"other-{i}": " ".join(rng.choice(vocabulary) for _ in range(150)) for i in range(300)}
    texts.update({"wire": WIRE, "copy-1": edited(WIRE, 0.05), "copy-2": "Landslide\n" + WIRE[:len(WIRE) // 2 + 200],
                  "rewrite": REWRITE, "empty": ""})
    ids = list(texts)
    index = CopyIndex(ids, np.stack([signature(texts[d]) for d in ids]))
    assert sorted(index.copies_of("wire")) == ["copy-1", "copy-2"]
    assert "wire" in index.copies_of("copy-1")
    assert index.copies_of("rewrite") == [] and index.copies_of("empty") == [] and index.copies_of("nope") == []
