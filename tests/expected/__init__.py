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


def bibliography() -> list[dict[str, str]]:
    """The documents (kind, reference, url, short_form) and datasets (dataset_code, publisher)."""
    return _rows("bibliography.csv")


def survey_remarks() -> list[dict]:
    """Each per-region survey remark: statements and regions (lists), rule, threshold."""
    rows = _rows("survey_remarks.csv")
    for row in rows:
        row["statements"] = row["statements"].split()
        row["regions"] = row["regions"].split()
        row["threshold"] = float(row["threshold"]) if row["threshold"] else None
        assert set(row["regions"]) <= PILOTS, row
    return rows
