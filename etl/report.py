"""What the ETL commands print: a line per source as it goes, a summary table at the end."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

import duckdb

from etl.framework import LoadReport, Reject

T = TypeVar("T")


@dataclass(frozen=True)
class RejectGroup:
    """Rejected rows that share a column and a reason, with their values counted.

    Attributes:
        column: the column (header) the reason is about.
        reason: the reject reason.
        rows: distinct rows in the group.
        values: (value, rows) pairs, most frequent first (ties by value).
        row_numbers: the group's row numbers, ascending.
    """

    column: str | None
    reason: str
    rows: int
    values: list[tuple[str | None, int]]
    row_numbers: list[int | None]


def group_rejects(rejects: Iterable[Reject]) -> list[RejectGroup]:
    """Group rejects by column and reason, and count each value: largest groups first.

    The same grouping the Data & methods page shows for each load (its query groups
    ``load_reject`` the same way).
    """
    rows: dict[tuple, set] = {}
    values: dict[tuple, dict] = {}
    for r in rejects:
        key = (r.column_name, r.reason)
        rows.setdefault(key, set()).add(r.row_number)
        per_value = values.setdefault(key, {})
        per_value.setdefault(r.value, set()).add(r.row_number)
    groups = [
        RejectGroup(
            column=column,
            reason=reason,
            rows=len(rows[(column, reason)]),
            values=sorted(
                ((v, len(n)) for v, n in values[(column, reason)].items()),
                key=lambda vn: (-vn[1], "" if vn[0] is None else vn[0]),
            ),
            row_numbers=sorted(rows[(column, reason)], key=lambda n: (n is None, n)),
        )
        for column, reason in rows
    ]
    return sorted(groups, key=lambda g: (-g.rows, g.reason, g.column or ""))


def format_reject_groups(
    rejects: Iterable[Reject],
    *,
    max_values: int = 6,
    max_rows: int = 3,
    indent: str = "    ",
) -> list[str]:
    """Report lines for grouped rejects: one line per group, then its first rows.

    ``48 rows  unknown stakeholder type  column 'Type'  'Company / SME' (12), ...``
    followed by ``rows 2, 5, 9 ... (first 3 of 48)``.
    """
    lines = []
    for g in group_rejects(rejects):
        shown = [
            f"{'(empty)' if v is None else repr(_clip(v))} ({n:,})"
            for v, n in g.values[:max_values]
        ]
        if len(g.values) > max_values:
            shown.append(f"... {len(g.values) - max_values:,} more values")
        column = f"  column '{g.column}'" if g.column else ""
        plural = "row" if g.rows == 1 else "rows"
        lines.append(
            f"{indent}{g.rows:>6,} {plural:<4}  {g.reason}{column}  {', '.join(shown)}"
        )
        first = [str(n) for n in g.row_numbers[:max_rows] if n is not None]
        if first:
            more = f" (first {len(first)} of {g.rows:,})" if g.rows > len(first) else ""
            lines.append(
                f"{indent}{'':>13}row{'s' if len(first) > 1 else ''} "
                f"{', '.join(first)}{more}"
            )
    return lines


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Reporter:
    """Prints progress to stdout (and a progress bar on stderr for long loads)."""

    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stdout
        self.reports: list[LoadReport] = []
        self.dry_run = False  # set by a command run with --dry-run (wording only)

    def say(self, text: str) -> None:
        print(text, file=self.stream, flush=True)

    def loaded(self, report: LoadReport) -> None:
        """A file's line, its notes, and its rejects grouped by column, reason, value."""
        self.reports.append(report)
        rejected = f", {report.rows_rejected} rejected" if report.rows_rejected else ""
        skipped = (
            f", {report.rows_not_selected:,} not selected"
            if report.rows_not_selected
            else ""
        )
        self.say(
            f"  {report.source_kind:<34} {report.file_name:<48} "
            f"{report.rows_loaded:>8,} rows{rejected}{skipped}  {report.seconds:6.2f} s"
        )
        for note in report.notes:
            self.say(f"      note: {note}")
        if report.rejects:
            kept = (
                "a real load keeps each one in load_reject"
                if self.dry_run
                else f"each one kept in load_reject, load_id {report.load_id}"
            )
            self.say(
                f"      rejected rows ({report.rows_rejected:,} of "
                f"{report.rows_read - report.rows_not_selected:,}, "
                f"{report.reject_share:.0%}; {kept}):"
            )
            for line in format_reject_groups(report.rejects, indent="      "):
                self.say(line)
        if report.not_selected:
            self.say(
                f"      not selected ({report.rows_not_selected:,} rows left out on "
                "purpose, not rejects):"
            )
            for line in format_reject_groups(
                report.not_selected, indent="      ", max_rows=0
            ):
                self.say(line)

    def progress(self, items: Iterable[T], *, total: int, label: str) -> Iterator[T]:
        """Iterate with a progress bar on an interactive terminal when there is much to do."""
        if total < 50_000 or not sys.stderr.isatty():
            yield from items
            return
        from tqdm import tqdm

        yield from tqdm(
            items, total=total, desc=label, unit="rows", file=sys.stderr, leave=False
        )

    def rejects_by_reason(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for report in self.reports:
            for reject in report.rejects:
                counts[reject.reason] = counts.get(reject.reason, 0) + 1
        return counts

    def summary(self, con: duckdb.DuckDBPyConnection, tables: Iterable[str]) -> None:
        """The closing table: row count of every public table, rejects by reason."""
        self.say("")
        self.say(f"  {'table':<28} {'rows':>10}")
        self.say(f"  {'-' * 28} {'-' * 10}")
        for table in tables:
            n = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
            self.say(f"  {table:<28} {n:>10,}")
        reasons = self.rejects_by_reason()
        if reasons:
            self.say("")
            self.say("  rejected rows by reason:")
            for reason, n in sorted(reasons.items(), key=lambda kv: -kv[1]):
                self.say(f"  {n:>8,}  {reason}")
