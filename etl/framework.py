"""The ETL framework every source shares.

A source module turns one file into a :class:`Parsed` result: the rows for each
warehouse table, the rows it rejected and why. It never touches the database. The
framework then writes the rows, one ``load_log`` row for the file and one ``load_reject``
row per rejected row (:func:`record_load`). :mod:`etl.warehouse` wraps a whole command
in an atomic swap, so a failed load leaves the previous database untouched.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from etl.paths import display_path


class LoadError(Exception):
    """A problem that aborts a load: it names the file, row, column and reason.

    Row numbers are 1-based data-row numbers as a spreadsheet shows them (the header
    is row 1, the first data row is row 2).
    """

    def __init__(
        self,
        file: Path | str,
        reason: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
    ) -> None:
        self.file = display_path(Path(file)) if file else ""
        self.reason = reason
        self.row = row
        self.column = column
        self.value = value
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.file] if self.file else []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        value = "" if self.value is None else f" (value: {_short(self.value)!r})"
        return f"{', '.join(where)}: {self.reason}{value}" if where else self.reason


@dataclass(frozen=True)
class Reject:
    """One rejected input row and the reason."""

    row_number: int | None
    column_name: str | None
    value: str | None
    reason: str


@dataclass
class Parsed:
    """What a source module read from one file, ready to be written.

    ``rejects`` are rows that should have loaded and could not (a bad value, an unknown
    code): they count against the reject limit and are stored in ``load_reject``.
    ``not_selected`` are rows the load leaves out on purpose (e.g. regions or series of
    a Eurostat file that the warehouse does not cover): counted in
    ``load_log.rows_not_selected`` and summarised in the report, but neither stored as
    rejects nor counted in the reject share.
    """

    source_kind: str
    path: Path
    rows_read: int
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    not_selected: list[Reject] = field(default_factory=list)

    @property
    def rows_rejected(self) -> int:
        """Distinct input rows with at least one reject."""
        return len({r.row_number for r in self.rejects})

    @property
    def rows_not_selected(self) -> int:
        """Distinct input rows left out on purpose (and not also rejected)."""
        rejected = {r.row_number for r in self.rejects}
        return len({r.row_number for r in self.not_selected} - rejected)

    @property
    def rows_loaded(self) -> int:
        """Input rows that made it in: read minus rejected minus not selected."""
        return self.rows_read - self.rows_rejected - self.rows_not_selected


@dataclass
class LoadReport:
    """The outcome of one file's load, as written to ``load_log``."""

    load_id: int
    source_kind: str
    file_name: str
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    seconds: float
    notes: list[str]
    rejects: list[Reject]
    not_selected: list[Reject] = field(default_factory=list)
    rows_not_selected: int = 0

    @property
    def reject_share(self) -> float:
        """Rejected rows / rows considered (rows read minus rows not selected)."""
        considered = self.rows_read - self.rows_not_selected
        return self.rows_rejected / considered if considered > 0 else 0.0


def normalise_label(text: object) -> str:
    """Fold a name for matching: accents, case, dashes, '&' and spacing do not matter.

    'North-Middle Sweden', 'north middle  sweden' and 'NORTH MIDDLE SWEDEN' all match;
    'Pohjois- ja Itä-Suomi' matches 'pohjois ja ita suomi'.
    """
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.casefold().replace("&", " and ")
    for ch in "-–—_/.,()'’\"":
        plain = plain.replace(ch, " ")
    return " ".join(plain.split())


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _short(value: object, limit: int = 200) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def insert_frame(
    con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame
) -> None:
    """Append a frame to a warehouse table, matching columns by name."""
    if frame.empty:
        return
    con.register("_incoming", frame)
    try:
        # NOTE: `table` comes from source modules (code), never from user input.
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _incoming")
    finally:
        con.unregister("_incoming")


def next_load_id(con: duckdb.DuckDBPyConnection) -> int:
    """The id the next ``load_log`` row gets."""
    return int(
        con.execute("SELECT coalesce(max(load_id), 0) + 1 FROM load_log").fetchall()[0][
            0
        ]
    )


def record_load(
    con: duckdb.DuckDBPyConnection,
    parsed: Parsed,
    *,
    started_at: datetime,
    strict: bool,
    load_id: int | None = None,
) -> LoadReport:
    """Write a parsed file's rows, its ``load_log`` row and its ``load_reject`` rows.

    Args:
        con: an open connection to the staged (not yet live) database.
        parsed: the source module's result.
        started_at: when reading the file began.
        strict: if true, any rejected row aborts with a :class:`LoadError` naming the
            first one (used by ``build``: the committed defaults must load cleanly).
        load_id: the id to use (default: the next free one). Source modules that
            stamp ``load_id`` on their rows call :func:`next_load_id` first.

    Returns:
        The load report for printing.
    """
    if strict and parsed.rows_read == 0:
        # NOTE: build's committed inputs always have rows; a header-only file is a mistake.
        raise LoadError(parsed.path, "no data rows: the file has a header only", row=1)
    if strict and parsed.rejects:
        first = parsed.rejects[0]
        more = len(parsed.rejects) - 1
        suffix = (
            f" ({more} more rejected row{'s' if more != 1 else ''})" if more else ""
        )
        raise LoadError(
            parsed.path,
            first.reason + suffix,
            row=first.row_number,
            column=first.column_name,
            value=first.value,
        )
    load_id = load_id or next_load_id(con)
    for table, frame in parsed.tables.items():
        insert_frame(con, table, frame)
    finished_at = datetime.now()
    rejected = parsed.rows_rejected
    status = "loaded_with_rejects" if parsed.rejects else "loaded"
    con.execute(
        "INSERT INTO load_log (load_id, source_kind, file_name, sha256, rows_read, "
        "rows_loaded, rows_rejected, status, started_at, finished_at, message, "
        "rows_not_selected) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            load_id,
            parsed.source_kind,
            display_path(parsed.path),
            sha256_of(parsed.path),
            parsed.rows_read,
            parsed.rows_loaded,
            rejected,
            status,
            started_at,
            finished_at,
            "; ".join(parsed.notes) or None,
            parsed.rows_not_selected,
        ],
    )
    if parsed.rejects:
        rejects = pd.DataFrame(
            {
                "load_id": load_id,
                "row_number": [r.row_number for r in parsed.rejects],
                "column_name": [r.column_name for r in parsed.rejects],
                "value": [
                    None if r.value is None else _short(r.value) for r in parsed.rejects
                ],
                "reason": [r.reason for r in parsed.rejects],
            }
        )
        insert_frame(con, "load_reject", rejects)
    return LoadReport(
        load_id=load_id,
        source_kind=parsed.source_kind,
        file_name=display_path(parsed.path),
        rows_read=parsed.rows_read,
        rows_loaded=parsed.rows_loaded,
        rows_rejected=rejected,
        seconds=(finished_at - started_at).total_seconds(),
        notes=parsed.notes,
        rejects=parsed.rejects,
        not_selected=parsed.not_selected,
        rows_not_selected=parsed.rows_not_selected,
    )


# --- the reject limit ------------------------------------------------------------------

DEFAULT_MAX_REJECT_SHARE = 0.10


class RejectLimitExceeded(LoadError):
    """More rows were rejected than the load accepts (``--max-reject-share``)."""


def check_reject_limit(
    report: LoadReport,
    max_share: float = DEFAULT_MAX_REJECT_SHARE,
    *,
    advice: dict[str, str] | None = None,
    noun: str = "value",
) -> None:
    """Fail a load whose rejected rows exceed ``max_share`` of the rows considered.

    Rows considered are the rows read minus the rows not selected on purpose. A share
    of 1 accepts anything. The message names the dominant reason (the reason with the
    most rejected rows: how many distinct values in how many rows) and what to do.

    Args:
        report: the file's load report (:func:`record_load`).
        max_share: the largest share of rejected rows accepted (0..1).
        advice: reject reason -> what the user can do about it (e.g. "map them under
            `stakeholder_types:` in the codebook"); a generic hint otherwise.

    Raises:
        RejectLimitExceeded: the share is above ``max_share``; the caller's staged
            database is then discarded, so nothing changes.
    """
    if max_share >= 1 or report.reject_share <= max_share:
        return
    rows_by_reason: dict[str, set] = {}
    values_by_reason: dict[str, set] = {}
    for r in report.rejects:
        rows_by_reason.setdefault(r.reason, set()).add(r.row_number)
        values_by_reason.setdefault(r.reason, set()).add(r.value)
    reason = max(rows_by_reason, key=lambda k: (len(rows_by_reason[k]), k))
    n_values, n_rows = len(values_by_reason[reason]), len(rows_by_reason[reason])
    hint = (advice or {}).get(reason, "fix those rows in the file")
    considered = report.rows_read - report.rows_not_selected
    raise RejectLimitExceeded(
        report.file_name,
        f"{report.rows_rejected:,} of {considered:,} rows rejected "
        f"({report.reject_share:.0%}), more than the limit of {max_share:.0%}. "
        f"Mostly {reason}: {n_values:,} {noun}{'s' if n_values != 1 else ''} in "
        f"{n_rows:,} row{'s' if n_rows != 1 else ''}; {hint}. "
        "To load the other rows anyway, raise the limit with --max-reject-share "
        "(1 accepts anything)",
    )
