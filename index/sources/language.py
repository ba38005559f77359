"""The language of a text, as an ISO 639-1 code (py3langid: small, offline, deterministic)."""

from __future__ import annotations

# Enough text to decide; longer texts only cost time.
SAMPLE_CHARS = 2000
# Below this many letters a guess is noise.
MIN_LETTERS = 20


def detect(text: str) -> str | None:
    """`en`, `de`, …; None for texts too short to tell."""
    sample = text[:SAMPLE_CHARS]
    if sum(c.isalpha() for c in sample) < MIN_LETTERS:
        return None
    import py3langid  # loads its model on first use, not on import of newsdesk

    code, _ = py3langid.classify(sample)
    return normalise(code)


def normalise(code: str | None) -> str | None:
    """`en-GB`, `EN`, `en_US` → `en`."""
    if not code:
        return None
    code = code.strip().replace("_", "-").split("-")[0].lower()
    return code if code.isalpha() and 2 <= len(code) <= 3 else None
