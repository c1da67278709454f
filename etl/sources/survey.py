"""Stakeholder-survey exports: a wide table (one row per respondent) plus its codebook.

A survey tool's export has one row per respondent and one column per statement, with
answer labels in the cells ("Agree", "Don't know"...). The codebook (YAML, see the
README section "Survey exports and the codebook") says which column holds the
respondent id, the region and the stakeholder type, which column answers which
statement (K1..D4), and what every answer label means (1..5, or null for "don't
know"). :func:`parse_survey` turns the two into ``dim_respondent`` and
``fct_response`` rows.

Personal data never enters the database: every column the codebook does not name
(e-mails, names, free-text comments...) is dropped on reading, and only its header
is reported in the load notes. Row-level problems reject the row with a reason;
file-level problems raise :class:`etl.framework.LoadError` before anything is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import yaml

from etl.framework import LoadError, Parsed, Reject, normalise_label, sha256_of
from etl.lookups import Lookups
from etl.paths import display_path
from etl.readers import read_table
from etl.validate import REASON_FORMULA, formula_problem

SOURCE_KIND = "survey: responses"
MIN_CODE, MAX_CODE = 1, 5
ID_COLUMNS = ("respondent_id", "region", "stakeholder_type")
CODEBOOK_KEYS = {
    "dataset",
    "wave",
    "synthetic",
    "columns",
    "statements",
    "answers",
    "stakeholder_types",
    "regions",
}
DATASET_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")

# Row-level reject reasons (constant strings, so the summary can count by reason).
REASON_EMPTY_ID = "respondent id is empty"
REASON_DUPLICATE = "duplicate respondent id"
REASON_REGION = "unknown region"
REASON_TYPE = "unknown stakeholder type"
REASON_ANSWER = "answer not in the codebook's scale"
# Rows left out on purpose (a label the codebook maps to null): not selected, not rejects.
REASON_TYPE_NULL = "stakeholder type mapped to null in the codebook"
REASON_REGION_NULL = "region mapped to null in the codebook"

# What a user can do about each reason (the reject-limit message names the dominant one).
REJECT_ADVICE = {
    REASON_TYPE: "map them under `stakeholder_types:` in the codebook, or run "
    "`python -m etl draft-codebook EXPORT` to draft the mapping",
    REASON_REGION: "map them under `regions:` in the codebook, or run "
    "`python -m etl draft-codebook EXPORT` to draft the mapping",
    REASON_ANSWER: "add those labels under `answers:` in the codebook (null for "
    '"don\'t know")',
    REASON_DUPLICATE: "check that columns.respondent_id names a column of unique ids",
    REASON_EMPTY_ID: "check that columns.respondent_id names the column of ids",
}


@dataclass(frozen=True)
class Codebook:
    """What a codebook says about one export.

    Attributes:
        path: the codebook file.
        dataset: name stored in ``dim_respondent.dataset``; a reload of the same
            dataset replaces it.
        wave: survey wave (e.g. "2019"), or None.
        synthetic: true only for generated demonstration data.
        columns: role (respondent_id, region, stakeholder_type) -> column header.
        statements: statement id (K1..D4) -> column header.
        answers: normalised answer label -> code 1..5, or None for "don't know".
        stakeholder_types: normalised export label -> stakeholder-type id, or None to
            leave the row out on purpose (applied before the alias table).
        regions: normalised export label -> region id, or None to leave the row out.
    """

    path: Path
    dataset: str
    wave: str | None
    synthetic: bool
    columns: dict[str, str]
    statements: dict[str, str]
    answers: dict[str, int | None]
    stakeholder_types: dict[str, str | None] = field(default_factory=dict)
    regions: dict[str, str | None] = field(default_factory=dict)

    @property
    def headers(self) -> list[str]:
        """Every column header the codebook names (the only columns kept)."""
        return [self.columns[role] for role in ID_COLUMNS] + list(
            self.statements.values()
        )


def _header_key(text: object) -> str:
    # NOTE: survey tools re-wrap long question texts; spacing and case do not matter.
    return " ".join(str(text).split()).casefold()


def read_codebook(
    path: Path | str,
    statement_ids: set[str],
    lookups: Lookups | None = None,
    *,
    regions: set[str] | None = None,
) -> Codebook:
    """Read and check a codebook; any problem is a :class:`LoadError` naming the key.

    Args:
        path: the YAML file.
        statement_ids: the statement ids known to the warehouse (``dim_statement``).
        lookups: region and stakeholder-type aliases, to check the targets of the
            ``stakeholder_types:`` and ``regions:`` sections (required when a codebook
            has them).
        regions: the region ids respondents may belong to (:func:`pilot_regions`).
    """
    path = Path(path)
    if not path.is_file():
        raise LoadError(path, "codebook not found")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise LoadError(path, "the codebook is not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise LoadError(path, f"the codebook is not valid YAML{where}") from None
    if not isinstance(data, dict):
        raise LoadError(path, "the codebook must be a YAML mapping (key: value lines)")

    def bad(key: str, reason: str, value: object = None) -> LoadError:
        return LoadError(path, f"codebook key '{key}': {reason}", value=value)

    unknown = sorted(str(k) for k in data if k not in CODEBOOK_KEYS)
    if unknown:
        raise bad(
            unknown[0],
            f"not a codebook key (expected: {', '.join(sorted(CODEBOOK_KEYS))})",
        )
    for key in ("dataset", "columns", "statements", "answers"):
        if data.get(key) in (None, "", {}):
            raise bad(key, "missing or empty")

    dataset = data["dataset"]
    if not isinstance(dataset, str) or not DATASET_PATTERN.match(dataset):
        raise bad(
            "dataset",
            "must be a short name of letters, digits, '.', '_' or '-'",
            dataset,
        )
    synthetic = data.get("synthetic", False)
    if not isinstance(synthetic, bool):
        raise bad("synthetic", "must be true or false", synthetic)
    wave = data.get("wave")
    if wave is not None and not isinstance(wave, str | int):
        raise bad("wave", "must be a year or a short label", wave)

    columns = data["columns"]
    if not isinstance(columns, dict):
        raise bad(
            "columns", "must map respondent_id, region and stakeholder_type to headers"
        )
    for role in ID_COLUMNS:
        if not isinstance(columns.get(role), str) or not columns[role].strip():
            raise bad(
                f"columns.{role}", "missing: name the column header that holds it"
            )
    extra = sorted(str(k) for k in columns if k not in ID_COLUMNS)
    if extra:
        raise bad(
            f"columns.{extra[0]}",
            f"not a column role (expected: {', '.join(ID_COLUMNS)})",
        )

    statements = data["statements"]
    if not isinstance(statements, dict):
        raise bad("statements", "must map statement ids (K1..D4) to column headers")
    for sid, header in statements.items():
        if str(sid) not in statement_ids:
            raise bad(
                f"statements.{sid}",
                f"unknown statement id (known: {', '.join(sorted(statement_ids))})",
            )
        if not isinstance(header, str) or not header.strip():
            raise bad(f"statements.{sid}", "must be the column header (text)", header)

    named = [columns[r] for r in ID_COLUMNS] + list(statements.values())
    seen: set[str] = set()
    for header in named:
        if _header_key(header) in seen:
            raise bad("statements", "two roles name the same column header", header)
        seen.add(_header_key(header))

    answers_raw = data["answers"]
    if not isinstance(answers_raw, dict):
        raise bad("answers", "must map answer labels to 1..5 or null")
    answers: dict[str, int | None] = {}
    for label, code in answers_raw.items():
        if isinstance(label, bool):
            raise bad(
                f"answers.{label}",
                "YAML reads this label as true/false: put the label in quotes",
            )
        if code is not None and (
            isinstance(code, bool)
            or not isinstance(code, int)
            or not MIN_CODE <= code <= MAX_CODE
        ):
            raise bad(f"answers.{label}", "must be 1..5, or null for don't know", code)
        key = normalise_label(label)
        if key in answers and answers[key] != code:
            raise bad(f"answers.{label}", "the same label is mapped twice, differently")
        answers[key] = code
    codes = {c for c in answers.values() if c is not None}
    if codes != set(range(MIN_CODE, MAX_CODE + 1)):
        missing = sorted(set(range(MIN_CODE, MAX_CODE + 1)) - codes)
        raise bad(
            "answers",
            f"the scale needs a label for every code 1..5 (missing: {missing})",
        )

    label_maps = {}
    for key, what, resolve in (
        (
            "stakeholder_types",
            "stakeholder type",
            None if lookups is None else lookups.stakeholder_type,
        ),
        ("regions", "region", None if lookups is None else lookups.region),
    ):
        label_maps[key] = _label_map(
            data.get(key),
            key,
            what,
            resolve,
            regions if key == "regions" else None,
            bad,
        )

    return Codebook(
        path=path,
        dataset=dataset,
        wave=None if wave is None else str(wave),
        synthetic=synthetic,
        columns={role: columns[role].strip() for role in ID_COLUMNS},
        statements={str(s): h.strip() for s, h in statements.items()},
        answers=answers,
        stakeholder_types=label_maps["stakeholder_types"],
        regions=label_maps["regions"],
    )


def _label_map(raw, key, what, resolve, allowed, bad) -> dict[str, str | None]:
    """A ``stakeholder_types:`` or ``regions:`` section -> normalised label -> id/None."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise bad(key, f"must map labels in the export to a {what} id, or null")
    out: dict[str, str | None] = {}
    for label, target in raw.items():
        if isinstance(label, bool) or label is None or not str(label).strip():
            raise bad(
                f"{key}.{label}",
                "a label must be text: put it in quotes",
            )
        if target is None:
            resolved = None
        elif isinstance(target, bool) or not isinstance(target, str | int):
            raise bad(f"{key}.{label}", f"must be a {what} id or name, or null", target)
        else:
            if resolve is None:
                raise bad(key, "cannot be checked without the warehouse's aliases")
            resolved = resolve(str(target))
            if resolved is None:
                raise bad(
                    f"{key}.{label}",
                    f"maps to an unknown {what}: not a {what} id or any of its "
                    "names or aliases",
                    target,
                )
            if allowed is not None and resolved not in allowed:
                raise bad(
                    f"{key}.{label}",
                    f"maps to {resolved}, which is not one of the pilot regions",
                    target,
                )
        norm = normalise_label(label)
        if norm in out and out[norm] != resolved:
            raise bad(f"{key}.{label}", "the same label is mapped twice, differently")
        out[norm] = resolved
    return out


def respondent_key(dataset: str, raw_id: str) -> str:
    """The warehouse respondent id: ``<dataset>:<id in the export>``.

    NOTE: survey tools number respondents 1, 2, 3... in every wave; prefixing the
    dataset keeps ``dim_respondent.respondent_id`` unique across datasets and waves.
    """
    return f"{dataset}:{raw_id}"


def parse_survey(
    path: Path | str,
    codebook: Codebook,
    lookups: Lookups,
    *,
    regions: set[str] | None = None,
    load_id: int | None = None,
) -> Parsed:
    """A wide survey export -> ``dim_respondent`` and ``fct_response`` rows.

    Args:
        path: the export (CSV comma/semicolon, UTF-8 / UTF-8 with BOM / Windows-1252,
            or XLSX).
        codebook: the export's codebook (:func:`read_codebook`).
        lookups: region and stakeholder-type aliases from the staged database.
        regions: the region ids respondents may belong to (:func:`pilot_regions`);
            None accepts any region the aliases know.
        load_id: stamped on ``dim_respondent.load_id``.

    Returns:
        The rows, the rejected rows (unknown region, unknown stakeholder type, empty or
        duplicate respondent id, answer not in the codebook's scale) and notes naming
        the ignored columns.

    Raises:
        LoadError: unreadable or empty file, a column the codebook names is missing,
            no row could be loaded, or the respondent ids are e-mail addresses.
    """
    # Load inputs.
    path = Path(path)
    raw = read_table(path)
    by_key = {_header_key(c): c for c in raw.columns}
    missing = [h for h in codebook.headers if _header_key(h) not in by_key]
    if missing:
        shown = ", ".join(repr(c) for c in raw.columns[:12])
        more = " ..." if len(raw.columns) > 12 else ""
        raise LoadError(
            path,
            f"column named in the codebook is missing (the header has: {shown}{more})",
            row=1,
            column=missing[0],
        )
    kept = [by_key[_header_key(h)] for h in codebook.headers]
    ignored = [c for c in raw.columns if c not in kept]
    # NOTE: drop every unnamed column first, so personal data (names, e-mails, free
    # text) goes no further than this line.
    frame = raw[kept].copy()
    frame.columns = [*ID_COLUMNS, *codebook.statements]
    del raw

    blank = frame.isna().all(axis=1)
    notes = [
        f"codebook {display_path(codebook.path)} (sha256 {sha256_of(codebook.path)[:12]})"
    ]
    notes.append(
        f"dataset {codebook.dataset}" + (" (synthetic)" if codebook.synthetic else "")
    )
    if ignored:
        notes.append(
            f"{len(ignored)} column(s) not in the codebook ignored, not stored: "
            + ", ".join(ignored)
        )
    if blank.any():
        notes.append(f"{int(blank.sum())} empty row(s) skipped")
    frame = frame.loc[~blank]
    if frame.empty:
        raise LoadError(path, "no respondents: the file has a header but no data rows")

    # Process data.
    emails = (
        frame["respondent_id"].dropna().map(lambda v: bool(EMAIL_PATTERN.search(v)))
    )
    if emails.any():
        row = int(emails.index[emails][0])
        raise LoadError(
            path,
            "the respondent-id column holds e-mail addresses; personal data must not be "
            "loaded: point columns.respondent_id at an anonymous id column",
            row=row,
            column=codebook.columns["respondent_id"],
        )

    rejects: list[Reject] = []
    headers = {**codebook.columns, **codebook.statements}

    def reject(row: int, role: str, value: object, reason: str) -> None:
        rejects.append(
            Reject(
                int(row), headers[role], None if value is None else str(value), reason
            )
        )

    ids = frame["respondent_id"]
    for row in ids.index[ids.isna()]:
        reject(row, "respondent_id", None, REASON_EMPTY_ID)
    # A formula (=HYPERLINK(...)) as an id would run when an analyst opens an extract.
    for row in ids.index[ids.map(lambda v: formula_problem(v) is not None)]:
        reject(row, "respondent_id", ids[row], REASON_FORMULA)
    first_seen = ids.dropna().duplicated(keep="first")
    for row in first_seen.index[first_seen]:
        reject(row, "respondent_id", ids[row], REASON_DUPLICATE)

    # NOTE: the codebook's label mapping comes first (a label the survey tool wrote,
    # "Company / SME"), then the alias tables; a label mapped to null leaves the row
    # out on purpose: counted as not selected, not as a reject.
    not_selected: list[Reject] = []
    for role, mapping, lookup, reason, null_reason in (
        ("region", codebook.regions, lookups.region, REASON_REGION, REASON_REGION_NULL),
        (
            "stakeholder_type",
            codebook.stakeholder_types,
            lookups.stakeholder_type,
            REASON_TYPE,
            REASON_TYPE_NULL,
        ),
    ):
        allowed = regions if role == "region" else None
        resolved = _resolve(frame[role], _mapped(mapping, lookup, allowed))
        for row in resolved.index[resolved.isna()]:
            value = frame.at[row, role]
            if value is not None and mapping.get(normalise_label(value), "") is None:
                not_selected.append(Reject(int(row), headers[role], value, null_reason))
            else:
                reject(row, role, value, reason)
        if role == "region":
            region_of = resolved
        else:
            type_of = resolved

    scale = codebook.answers
    codes: dict[str, pd.Series] = {}
    dont_know: dict[str, pd.Series] = {}
    for sid in codebook.statements:
        cells = frame[sid]
        keys = cells.map(_label_cache(cells))
        known = keys.isin(list(scale)) | cells.isna()
        for row in cells.index[~known]:
            reject(row, sid, cells[row], REASON_ANSWER)
        codes[sid] = keys.map(lambda k: scale.get(k) if k is not None else None)
        dont_know[sid] = cells.notna() & known & codes[sid].isna()

    bad_rows = {r.row_number for r in rejects} | {r.row_number for r in not_selected}
    good = frame.index[~frame.index.isin(list(bad_rows))]
    if not_selected:
        n = len({r.row_number for r in not_selected})
        notes.append(
            f"{n} row(s) left out on purpose: their label is mapped to null in the "
            "codebook"
        )
    if len(good) == 0 and not rejects:
        raise LoadError(
            path,
            f"no row could be loaded: all {len(frame)} rows are left out by labels "
            "the codebook maps to null",
        )
    if len(good) == 0:
        first = rejects[0]
        raise LoadError(
            path,
            f"no row could be loaded: all {len(frame)} rows were rejected "
            f"(first: {first.reason})",
            row=first.row_number,
            column=first.column_name,
            value=first.value,
        )

    respondent_ids = ids[good].map(lambda v: respondent_key(codebook.dataset, v))
    respondents = pd.DataFrame(
        {
            "respondent_id": respondent_ids.to_numpy(),
            "region_id": region_of[good].to_numpy(),
            "stakeholder_type_id": type_of[good].to_numpy(),
            "wave": codebook.wave,
            "dataset": codebook.dataset,
            "is_synthetic": codebook.synthetic,
            "load_id": load_id,
        }
    )
    # NOTE: a blank cell is "not answered" and gets no fct_response row; an answer the
    # codebook maps to null ("don't know") gets a row with answer NULL, so the views
    # can show "don't know" apart from the 1-5 scale.
    parts = []
    for sid in codebook.statements:
        answered = good[frame.loc[good, sid].notna().to_numpy()]
        parts.append(
            pd.DataFrame(
                {
                    "respondent_id": respondent_ids[answered].to_numpy(),
                    "statement_id": sid,
                    "answer": pd.array(codes[sid][answered].tolist(), dtype="Int32"),
                }
            )
        )
    responses = pd.concat(parts, ignore_index=True)

    # Save outputs.
    return Parsed(
        SOURCE_KIND,
        path,
        len(frame),
        {"dim_respondent": respondents, "fct_response": responses},
        sorted(rejects, key=lambda r: (r.row_number, r.column_name or "")),
        notes,
        sorted(not_selected, key=lambda r: (r.row_number, r.column_name or "")),
    )


def pilot_regions(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The regions survey respondents can belong to (benchmarks such as EU27 cannot)."""
    return {
        r
        for (r,) in con.execute(
            "SELECT region_id FROM dim_region WHERE is_pilot"
        ).fetchall()
    }


def _resolve(cells: pd.Series, lookup) -> pd.Series:
    """Resolve each cell once per distinct value (exports repeat the same few labels)."""
    cache = {v: lookup(v) for v in cells.dropna().unique()}
    return cells.map(lambda v: cache.get(v) if v is not None else None)


def _mapped(mapping: dict[str, str | None], lookup, allowed: set[str] | None):
    """A resolver: the codebook's mapping first, then the alias table."""

    def resolve(value: str) -> str | None:
        key = normalise_label(value)
        found = mapping[key] if key in mapping else lookup(value)
        return (
            found
            if found is not None and (allowed is None or found in allowed)
            else None
        )

    return resolve


def _label_cache(cells: pd.Series) -> dict:
    return {v: normalise_label(v) for v in cells.dropna().unique()}
