"""The bibliography: every document and statistical source the product cites.

Input: ``data/reference/sources.csv`` (one row per source: the short citation shown on
chart source lines, the full reference shown on Data & methods, publisher, date, URL
where one is known, licence and kind). Curated facts point to a ``source_id`` plus a
locator (chapter, figure, slide); indicator values point to a source through their
dataset code (``dataset_code``). A citation is always "short citation, locator", the way
a reader of an EC report cites it, never a file name.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from etl.framework import LoadError, Parsed
from etl.readers import read_table
from etl.validate import RowValidator, is_missing

KINDS = ("report", "slides", "web page", "statistical dataset")
SOURCE_COLUMNS = (
    "source_id",
    "kind",
    "short_citation",
    "full_reference",
    "publisher",
    "date",
    "url",
    "licence",
    "dataset_code",
)
# A stored file name such as '003_20eb14ad49c8197d.txt' or 'report.pdf': a reader
# cannot look it up, so a citation must never be one.
FILE_NAME = re.compile(r"\b[\w.-]+\.(?:txt|md|csv|tsv|xlsx|pdf|rds|rda|json)\b", re.I)
REASON_FILE_NAME = (
    "cites a file name; cite the source by its source_id (data/reference/sources.csv) "
    "and a locator such as 'Ch. 3, Figure 7'"
)


def _no_semicolon(value: object) -> str | None:
    # NOTE: source lines join several citations with '; ' and split them again.
    return "must not contain ';'" if isinstance(value, str) and ";" in value else None


def _url(value: object) -> str | None:
    if is_missing(value) or str(value).startswith("https://"):
        return None
    return "must be an https:// address (or empty)"


def parse_sources(path: Path) -> Parsed:
    """``sources.csv`` -> ``dim_source``."""
    frame = read_table(path, required=SOURCE_COLUMNS)
    check = (
        RowValidator(frame)
        .required("source_id", "kind", "short_citation", "full_reference", "licence")
        .unique("source_id")
        .allowed("kind", KINDS)
        .custom("short_citation", _no_semicolon)
        .custom("url", _url)
        .no_formulas(*SOURCE_COLUMNS)
    )
    rows = check.good_rows()
    codes = rows["dataset_code"].dropna()
    repeated = codes[codes.duplicated()]
    if not repeated.empty:
        raise LoadError(
            path,
            "the same dataset_code is given to two sources",
            row=int(repeated.index[0]),
            column="dataset_code",
            value=repeated.iloc[0],
        )
    return Parsed(
        "reference: bibliography",
        path,
        len(frame),
        {"dim_source": rows[list(SOURCE_COLUMNS)]},
        check.rejects,
    )


def cite(short_citation: str, locator: object) -> str:
    """'EOCIC summary report (2019), Ch. 3, Figure 7': short citation plus locator."""
    if is_missing(locator) or not str(locator).strip():
        return short_citation
    return f"{short_citation}, {str(locator).strip()}"


def cite_codes(codes: object, by_code: dict[str, str], fallback: str = "") -> str:
    """The citation of one or more dataset codes ('tgs00096; tps00001').

    Each code is cited by its source's short citation; a code the bibliography does not
    list is cited as "<fallback> (<code>)" (e.g. "Eurostat (demo_r_d2jan)"), so a new
    dataset loaded at run time is still cited by publisher and code.
    """
    parts = []
    for code in str(codes or "").split(";"):
        code = code.strip()
        if not code:
            continue
        citation = by_code.get(code) or (f"{fallback} ({code})" if fallback else code)
        if citation not in parts:
            parts.append(citation)
    return "; ".join(parts) or fallback


def add_citations(
    frame: pd.DataFrame,
    check: RowValidator,
    sources: dict[str, str],
) -> RowValidator:
    """Validate the citation columns of a curated or reference file.

    The file cites each row by ``source_id`` (a row of the bibliography) and
    ``locator`` (chapter, figure, slide). Older copies that carry a free-text
    ``source_ref`` still load, unless it names a file.
    """
    if "source_id" in frame.columns:
        if "locator" not in frame.columns:
            frame["locator"] = None
        return check.required("source_id").known(
            "source_id",
            lambda v: v if v in sources else None,
            "source (not in the bibliography, data/reference/sources.csv)",
        )
    return (
        check.required("source_ref")
        .custom(
            "source_ref",
            lambda v: REASON_FILE_NAME if FILE_NAME.search(str(v or "")) else None,
        )
        .no_formulas("source_ref")
    )


def with_source_ref(rows: pd.DataFrame, sources: dict[str, str]) -> pd.DataFrame:
    """Good rows with ``source_ref`` composed from ``source_id`` + ``locator``."""
    rows = rows.copy()
    if "source_id" in rows.columns:
        rows["locator"] = rows["locator"].where(rows["locator"].notna(), None)
        rows["source_ref"] = [
            cite(sources[s], loc)
            for s, loc in zip(rows["source_id"], rows["locator"], strict=True)
        ]
    return rows


def require_citation(path: Path, frame: pd.DataFrame) -> None:
    """A file must cite its rows: ``source_id`` (+ ``locator``) or a legacy ``source_ref``."""
    if "source_id" not in frame.columns and "source_ref" not in frame.columns:
        raise LoadError(
            path,
            "required column missing: source_id (and locator) "
            f"(the header has: {', '.join(frame.columns)})",
        )
