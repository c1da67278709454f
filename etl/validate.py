"""Row-level validation shared by the source modules.

Each rule returns the rejects it finds; :class:`RowValidator` collects them so a source
module can state its rules in a few lines and keep only the rows that passed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import pandas as pd

from etl.framework import Reject

# A cell a spreadsheet would run as a formula: '=...', '@...', or '+'/'-' followed by a
# name or bracket ('+HYPERLINK(', '-cmd|'); '-2.5' and '- a bullet' are plain text.
_FORMULA = re.compile(r"^\s*(?:[=@]|[+\-]\s*[A-Za-z(=@])")
REASON_FORMULA = "looks like a spreadsheet formula (starts with '=', '+', '-' or '@')"
# Names and labels never start with these: any of them is refused there.
NAME_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
REASON_NAME_FORMULA = (
    "a name or label cannot start with '=', '+', '-', '@', a tab or a carriage return "
    "(a spreadsheet would run it as a formula)"
)


def formula_problem(value: object) -> str | None:
    """The reject reason when a text cell looks like a spreadsheet formula, else None."""
    if isinstance(value, str) and _FORMULA.match(value):
        return REASON_FORMULA
    return None


def name_formula_problem(value: object) -> str | None:
    """The reject reason when a name or label starts like a formula (strict), else None."""
    problem = formula_problem(value)
    if problem is None and isinstance(value, str) and value.startswith(NAME_PREFIXES):
        return REASON_NAME_FORMULA
    return problem


def is_missing(value: object) -> bool:
    """True for None, NaN and empty strings."""
    return value is None or (isinstance(value, float) and value != value) or value == ""


class RowValidator:
    """Accumulates rejects for a frame whose index is the spreadsheet row number."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self.rejects: list[Reject] = []
        self._bad: set[int] = set()

    def _reject(self, row: int, column: str | None, value: object, reason: str) -> None:
        self.rejects.append(
            Reject(row, column, None if value is None else str(value), reason)
        )
        self._bad.add(row)

    def required(self, *columns: str) -> RowValidator:
        """Every listed cell must be filled."""
        for column in columns:
            for row, value in self.frame[column].items():
                if is_missing(value) and row not in self._bad:
                    self._reject(row, column, None, "required value is empty")
        return self

    def allowed(self, column: str, values: Iterable[str]) -> RowValidator:
        """A filled cell must be one of ``values``."""
        allowed = set(values)
        shown = ", ".join(sorted(allowed))
        for row, value in self.frame[column].items():
            if not is_missing(value) and value not in allowed and row not in self._bad:
                self._reject(
                    row, column, value, f"not one of the allowed values ({shown})"
                )
        return self

    def known(
        self, column: str, lookup: Callable[[str], str | None], what: str
    ) -> RowValidator:
        """A filled cell must resolve through ``lookup``; the cell is replaced by the key."""
        for row, value in self.frame[column].items():
            if is_missing(value) or row in self._bad:
                continue
            key = lookup(value)
            if key is None:
                self._reject(row, column, value, f"unknown {what}")
            else:
                self.frame.at[row, column] = key
        return self

    def unique(self, *columns: str) -> RowValidator:
        """The key formed by ``columns`` must not repeat; later repeats are rejected."""
        seen: dict[tuple, int] = {}
        for row, key in zip(
            self.frame.index,
            self.frame[list(columns)].itertuples(index=False),
            strict=True,
        ):
            if row in self._bad:
                continue
            key = tuple(key)
            if key in seen:
                self._reject(
                    row,
                    columns[0] if len(columns) == 1 else "+".join(columns),
                    " / ".join(map(str, key)),
                    f"duplicate key (first seen in row {seen[key]})",
                )
            else:
                seen[key] = row
        return self

    def number(self, column: str, *, minimum: float | None = None) -> RowValidator:
        """A filled cell must be a finite number (optionally at least ``minimum``)."""
        for row, value in self.frame[column].items():
            if is_missing(value) or row in self._bad:
                continue
            try:
                number = float(str(value).replace(",", "."))
            except ValueError:
                self._reject(row, column, value, "not a number")
                continue
            if number != number or number in (float("inf"), float("-inf")):
                self._reject(row, column, value, "not a finite number")
            elif minimum is not None and number < minimum:
                self._reject(row, column, value, f"below the minimum {minimum:g}")
        return self

    def no_formulas(self, *columns: str) -> RowValidator:
        """Text cells must not look like spreadsheet formulas (``=HYPERLINK(...)``)."""
        for column in columns:
            if column in self.frame.columns:
                self.custom(column, formula_problem)
        return self

    def plain_names(self, *columns: str) -> RowValidator:
        """Names and labels must not start with ``=``, ``+``, ``-``, ``@``, tab or CR."""
        for column in columns:
            if column in self.frame.columns:
                self.custom(column, name_formula_problem)
        return self

    def custom(
        self, column: str, check: Callable[[object], str | None]
    ) -> RowValidator:
        """``check(value)`` returns a reason to reject, or ``None``."""
        for row, value in self.frame[column].items():
            if row in self._bad:
                continue
            reason = check(value)
            if reason:
                self._reject(row, column, value, reason)
        return self

    def good_rows(self) -> pd.DataFrame:
        """The rows that passed every rule."""
        return self.frame.loc[[r for r in self.frame.index if r not in self._bad]]
