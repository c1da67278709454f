"""Expected facts transcribed from the published documents (see README.md beside this file)."""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent
PILOTS = frozenset(
    {"CAN", "CVL", "ENF", "HDF", "LTU", "NMS", "PIE", "SAX", "SVN", "WAL"}
)


def _rows(name: str) -> list[dict[str, str]]:
    with (HERE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def report_challenges() -> list[dict]:
    """Each challenge: family, challenge (the source's wording), regions (a set), locator."""
    rows = _rows("report_challenges.csv")
    for row in rows:
        row["regions"] = set(row["regions"].split())
        assert row["regions"] <= PILOTS, row
    return rows


def report_measure_types() -> dict[str, set[str]]:
    """Measure type (as the report names it) -> the regions given as examples of it."""
    return {
        r["measure_type"]: set(r["regions"].split())
        for r in _rows("report_measure_types.csv")
    }
