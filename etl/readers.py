"""Reading tabular input files robustly, with errors a user can act on.

Every loader reads through :func:`read_table`, so CSV dialects, encodings, XLSX and
the file-level failures (missing, empty, unreadable, missing column) behave the same
everywhere. Values are read as text; each source module casts and validates them and
rejects bad rows with a reason.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from etl.framework import LoadError

ENCODINGS = ("utf-8-sig", "cp1252")
MAX_CELL_CHARS = 10_000


# NOTE: the csv module's default field limit (131,072 characters) would fail a long
# cell without naming it; cells are read in full and checked against MAX_CELL_CHARS.
csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))


def _mixed_line(raw: bytes) -> int | None:
    """The first line that is not UTF-8 when other non-ASCII lines are (mixed encodings)."""
    utf8, first_bad = False, None
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8 = True
        except UnicodeDecodeError:
            first_bad = first_bad or number
        if utf8 and first_bad:
            return first_bad
    return None


def _decode(raw: bytes, path: Path) -> str:
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise LoadError(
            path,
            "the file is UTF-16 text (Excel's 'Unicode text'): save it as "
            "'CSV UTF-8' or XLSX",
        )
    if b"\x00" in raw[:4096]:
        raise LoadError(path, "the file is binary, not a text table (CSV or TSV)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        bad_line = _mixed_line(raw)
    if bad_line is not None:
        raise LoadError(
            path,
            "the file mixes UTF-8 and Windows-1252 text (this row is not UTF-8): "
            "save it again as 'CSV UTF-8'",
            row=bad_line,
        )
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LoadError(path, "the file is neither UTF-8 nor Windows-1252 text")


def _sniff_delimiter(text: str, candidates: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in candidates}
    best = max(counts, key=counts.get)
    return best if counts[best] else candidates[0]


def read_table(
    path: Path | str,
    *,
    required: Iterable[str] = (),
    delimiters: str = ",;\t",
    sheet: str | int | None = None,
) -> pd.DataFrame:
    """Read a CSV/TSV (any of ``delimiters``; UTF-8, UTF-8 with BOM or Windows-1252) or XLSX.

    Args:
        path: the file.
        required: column names that must be present (after trimming spaces).
        delimiters: the delimiters to detect from the header line.
        sheet: for XLSX, the sheet to read (default: the first).

    Returns:
        All cells as strings (missing cells are ``None``), columns trimmed, with the
        index set to the spreadsheet row number of each data row (header = row 1).

    Raises:
        LoadError: the file is missing, unreadable, empty, or lacks a required column.
    """
    path = Path(path)
    if not path.exists():
        raise LoadError(path, "file not found")
    if not path.is_file():
        raise LoadError(path, "not a file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LoadError(path, f"cannot be read ({exc.strerror})") from None
    if not raw.strip():
        raise LoadError(path, "the file is empty")

    if raw[:2] == b"PK" or path.suffix.lower() in {".xlsx", ".xlsm"}:
        frame = _read_xlsx(raw, path, sheet)
    else:
        text = _decode(raw, path)
        delimiter = _sniff_delimiter(text, delimiters)
        try:
            frame = pd.read_csv(
                io.StringIO(text),
                sep=delimiter,
                dtype=str,
                keep_default_na=False,
                na_values=[],
                quoting=csv.QUOTE_MINIMAL,
                skip_blank_lines=True,
                on_bad_lines="error",
                engine="python",
            )
        except (pd.errors.ParserError, csv.Error) as exc:
            raise LoadError(path, f"not a well-formed delimited table: {exc}") from None
        except pd.errors.EmptyDataError:
            raise LoadError(path, "the file is empty") from None

    frame.columns = [str(c).strip() for c in frame.columns]
    duplicated = [c for c in frame.columns if list(frame.columns).count(c) > 1]
    if duplicated:
        raise LoadError(
            path, "the header repeats a column", row=1, column=duplicated[0]
        )
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise LoadError(
            path,
            f"required column missing (the header has: {', '.join(frame.columns)})",
            row=1,
            column=missing[0],
        )
    # NOTE: pandas 3 reads text as a string dtype whose missing value is NaN; rebuild
    # as plain objects so an empty cell is None everywhere downstream.
    cells = [[_clean_cell(v) for v in row] for row in frame.itertuples(index=False)]
    _check_cell_lengths(cells, list(frame.columns), path)
    clean = pd.DataFrame(cells, columns=list(frame.columns), dtype=object)
    clean.index = range(2, len(clean) + 2)
    return clean


def _check_cell_lengths(cells: list[list], columns: list[str], path: Path) -> None:
    for number, row in enumerate(cells, start=2):
        for column, value in zip(columns, row, strict=True):
            if value is not None and len(value) > MAX_CELL_CHARS:
                raise LoadError(
                    path,
                    f"the cell is longer than {MAX_CELL_CHARS:,} characters "
                    f"({len(value):,}): not a value this table can hold",
                    row=number,
                    column=column,
                    value=value[:40],
                )


def _clean_cell(value: object) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None


def _read_xlsx(raw: bytes, path: Path, sheet: str | int | None) -> pd.DataFrame:
    try:
        frame = pd.read_excel(
            io.BytesIO(raw),
            sheet_name=0 if sheet is None else sheet,
            dtype=str,
            engine="openpyxl",
        )
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise LoadError(path, f"not a readable XLSX workbook ({exc})") from None
    if frame.columns.empty:
        raise LoadError(path, "the first sheet is empty")
    return frame
