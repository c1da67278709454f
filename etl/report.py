"""What the ETL commands print: a line per source as it goes, a summary table at the end."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

import duckdb

from etl.framework import LoadReport

T = TypeVar("T")


class Reporter:
    """Prints progress to stdout (and a progress bar on stderr for long loads)."""

    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stdout
        self.reports: list[LoadReport] = []

    def say(self, text: str) -> None:
        print(text, file=self.stream, flush=True)

    def loaded(self, report: LoadReport) -> None:
        self.reports.append(report)
        rejected = f", {report.rows_rejected} rejected" if report.rows_rejected else ""
        self.say(
            f"  {report.source_kind:<34} {report.file_name:<48} "
            f"{report.rows_loaded:>8,} rows{rejected}  {report.seconds:6.2f} s"
        )
        for note in report.notes:
            self.say(f"      note: {note}")

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
