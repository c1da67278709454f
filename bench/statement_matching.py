"""``python -m bench.statement_matching``: which text similarity drafts the statement mapping best.

``draft-codebook`` matches each question header of an export to a statement (K1..D4)
by text similarity. This compares scorers on the committed survey-tool exports, whose
headers paraphrase the statements (the right answer for each header is written down in
``tests/fixtures/survey_tool/make_exports.py``): for each scorer, how many headers get
the right statement (one-to-one assignment, best pairs first), and the smallest margin
between a header's right statement and its best wrong one (larger is safer).

Figures only: nothing here asserts.
"""

from __future__ import annotations

import csv
import difflib
import sys
from collections.abc import Callable
from pathlib import Path

from rapidfuzz import fuzz, utils

from etl.draft_codebook import match_statements, question_text
from etl.framework import normalise_label

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "fixtures" / "survey_tool"))
import make_exports  # noqa: E402


def _difflib(a: str, b: str) -> float:
    return (
        100
        * difflib.SequenceMatcher(None, normalise_label(a), normalise_label(b)).ratio()
    )


def _difflib_sorted_tokens(a: str, b: str) -> float:
    def key(text: str) -> str:
        return " ".join(sorted(normalise_label(text).split()))

    return 100 * difflib.SequenceMatcher(None, key(a), key(b)).ratio()


SCORERS: dict[str, Callable[[str, str], float]] = {
    "rapidfuzz token_set_ratio (used)": lambda a, b: fuzz.token_set_ratio(
        a, b, processor=utils.default_process
    ),
    "rapidfuzz WRatio": lambda a, b: fuzz.WRatio(a, b, processor=utils.default_process),
    "rapidfuzz token_sort_ratio": lambda a, b: fuzz.token_sort_ratio(
        a, b, processor=utils.default_process
    ),
    "difflib SequenceMatcher": _difflib,
    "difflib on sorted tokens": _difflib_sorted_tokens,
}


def statements() -> dict[str, str]:
    path = REPO / "data" / "reference" / "survey_statements.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["statement_id"]: r["text"] for r in csv.DictReader(fh)}


def main() -> None:
    texts = statements()
    exports = {
        "tool A (xlsx)": make_exports.HEADERS_A,
        "tool B (cp1252 csv)": make_exports.HEADERS_B,
    }
    print(
        f"{'scorer':<36} {'export':<20} {'right':>6} {'min margin':>11} "
        f"{'lowest right score':>19}"
    )
    for name, scorer in SCORERS.items():
        for export, headers in exports.items():
            truth = {h: s for s, h in headers.items()}
            matches, _ = match_statements(list(truth), texts, scorer)
            right = sum(1 for m in matches if truth[m.header] == m.statement_id)
            margins, lowest = [], 100.0
            for header, sid in truth.items():
                text = question_text(header)
                scores = {s: scorer(text, t) for s, t in texts.items()}
                wrong = max(v for s, v in scores.items() if s != sid)
                margins.append(scores[sid] - wrong)
                lowest = min(lowest, scores[sid])
            print(
                f"{name:<36} {export:<20} {right:>3}/{len(truth):<2} "
                f"{min(margins):>11.1f} {lowest:>19.1f}"
            )


if __name__ == "__main__":
    main()
