"""Ask questions over an index and print every answer as the API returns it, one
JSON object per line. tests/test_determinism.py runs this under different PYTHONHASHSEEDs:
the same question over the same index must give the same answer in every process.

    python tests/ask_all.py INDEX_DIR QUESTIONS.jsonl [reverse]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from service.engine import Newsdesk


def answers(desk: Newsdesk, questions: list[str]) -> dict[str, dict]:
    """{question: the Answer's JSON (answer, confidence, citations, support, passages and their scores)}."""
    return {question: desk.ask(question).model_dump(mode="json") for question in questions}


def main() -> None:
    index_dir, questions_file = Path(sys.argv[1]), Path(sys.argv[2])
    questions = [json.loads(line)["question"] for line in questions_file.read_text().splitlines() if line.strip()]
    if sys.argv[3:] == ["reverse"]:
        questions.reverse()
    for question, answer in answers(Newsdesk(index_dir), questions).items():
        print(json.dumps({"question": question, "answer": answer}, sort_keys=True))


if __name__ == "__main__":
    main()
