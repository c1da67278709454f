"""``python -m etl draft-codebook EXPORT``: draft a survey codebook for a person to review.

Reads a survey-tool export (the same reader as ``load-survey``) and the warehouse's
statement texts and aliases, and writes a codebook with every guess explained in a
comment. It never loads anything.

- **Respondent id**: a column whose values are all present and unique, never e-mail
  addresses, preferring a header that says "id" or "respondent".
- **Region and stakeholder type**: the columns whose distinct values resolve best
  through ``dim_region_alias`` / ``dim_stakeholder_type_alias``.
- **Statements**: each remaining column of answer-like labels is matched to a
  statement (K1..D4) by text similarity of its header with ``dim_statement.text``
  (score and runner-up in a comment); a header that starts with a code (``K1``,
  ``K1. ...``) is that statement. Each statement goes to one column at most.
- **Answers**: every distinct label of the statement columns with a guessed code, null
  for "don't know"-like labels, or a ``map me`` line.
- **Labels**: every distinct region and stakeholder-type label with what it resolves
  to, or a commented ``map me`` line to fill in (``MAP_ME`` is not a valid target, so a
  line uncommented but not filled fails the codebook check instead of dropping rows).
- The other columns (names, e-mails, timestamps, comments) are listed as ignored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, utils

from etl.framework import LoadError, normalise_label
from etl.lookups import Lookups
from etl.paths import display_path
from etl.readers import read_table
from etl.sources.survey import DATASET_PATTERN, EMAIL_PATTERN

UNKNOWN = object()
MAP_ME = "MAP_ME"  # the placeholder a reviewer replaces
# NOTE: a header whose best statement scores below this is listed for the reviewer
# rather than guessed; on the committed fixtures the lowest right score is 64
# (bench/statement_matching.py prints it).
MIN_STATEMENT_SCORE = 50.0
MAX_LABELS = 40  # a column with more distinct values is not a label column

_CODE_PREFIX = re.compile(r"^\s*([A-Za-z])(\d)\b")
_QUESTION_NUMBER = re.compile(r"^\s*(?:[A-Za-z]{0,3}\d+(?:[._-]\d+)*[.):]?\s+)")
_ID_WORDS = {
    "id",
    "identifier",
    "identifiant",
    "respondent",
    "response",
    "respondentid",
}
_DONT_KNOW = (
    "don t know",
    "dont know",
    "do not know",
    "no opinion",
    "not applicable",
    "n a",
    "na",
    "cannot say",
    "can t say",
    "unsure",
    "prefer not to say",
    "no answer",
    "ne sait pas",
    "ne sais pas",
    "sans opinion",
    "weiss nicht",
    "non so",
    "no sabe",
    "no lo se",
)
_STRONG = {"strongly", "totally", "completely", "fully", "entirely", "tout"}


def similarity(a: str, b: str) -> float:
    """How alike a question header and a statement text are, 0-100.

    NOTE: rapidfuzz's token-set ratio. On the committed fixtures (36 paraphrased
    headers; ``python -m bench.statement_matching``) it drafts 36/36 right with the
    widest worst-case margin on tool A (13 points), where difflib's SequenceMatcher
    gets 30/36; difflib on sorted tokens (hand-written tokenising) also gets 36/36
    with a narrower margin there (12), so the kept library wins on the fixtures and
    spares the hand-written code.
    """
    return fuzz.token_set_ratio(a, b, processor=utils.default_process)


def question_text(header: str) -> str:
    """A header without its question number ("Q5_1. ") or section prefix ("Skills – ")."""
    text = _QUESTION_NUMBER.sub("", str(header))
    for dash in (" – ", " — ", " - ", ": "):
        head, sep, tail = text.partition(dash)
        if sep and len(head) <= 30 and len(tail) > len(head):
            text = tail
            break
    return text.strip()


def guess_answer(label: str) -> object:
    """A Likert label's code 1..5, None for "don't know", or UNKNOWN."""
    text = normalise_label(label)
    if text in {"1", "2", "3", "4", "5"}:
        return int(text)
    if text in _DONT_KNOW or any(text.startswith(d + " ") for d in _DONT_KNOW[:4]):
        return None
    words = set(text.split())
    strong = bool(words & _STRONG)
    if "neither" in words or "neutral" in words or "undecided" in words:
        return 3
    if "disagree" in words or "desaccord" in words or "not agree" in text:
        return 1 if strong else 2
    if "agree" in words or "d accord" in text:
        return 5 if strong else 4
    return UNKNOWN


@dataclass(frozen=True)
class Draft:
    """A drafted codebook: its text and what the reviewer has left to do."""

    text: str
    statements_matched: int
    to_map: int


@dataclass
class StatementMatch:
    """A column matched to a statement, with its score and the runner-up."""

    header: str
    statement_id: str
    score: float
    runner_up: str | None
    runner_up_score: float
    by_code: bool = False


def match_statements(
    headers: list[str],
    statements: dict[str, str],
    scorer: Callable[[str, str], float] = similarity,
) -> tuple[list[StatementMatch], list[str]]:
    """Assign statements to headers one-to-one, best pairs first.

    Returns:
        The matches (in header order) and the headers left unmatched.
    """
    scores: dict[str, dict[str, float]] = {}
    for header in headers:
        code = _CODE_PREFIX.match(header)
        sid = (code.group(1).upper() + code.group(2)) if code else None
        if sid in statements:
            scores[header] = {s: (100.0 if s == sid else 0.0) for s in statements}
        else:
            text = question_text(header)
            scores[header] = {s: scorer(text, t) for s, t in statements.items()}
    pairs = sorted(
        ((score, h, s) for h in headers for s, score in scores[h].items()),
        key=lambda p: -p[0],
    )
    taken_h: set[str] = set()
    taken_s: set[str] = set()
    chosen: dict[str, str] = {}
    for score, h, s in pairs:
        if score < MIN_STATEMENT_SCORE:
            break
        if h in taken_h or s in taken_s:
            continue
        chosen[h] = s
        taken_h.add(h)
        taken_s.add(s)
    matches = []
    for h in headers:
        if h not in chosen:
            continue
        ranked = sorted(scores[h].items(), key=lambda kv: -kv[1])
        runner = next((kv for kv in ranked if kv[0] != chosen[h]), (None, 0.0))
        code = _CODE_PREFIX.match(h)
        by_code = bool(code) and code.group(1).upper() + code.group(2) == chosen[h]
        matches.append(
            StatementMatch(
                h, chosen[h], scores[h][chosen[h]], runner[0], runner[1], by_code
            )
        )
    return matches, [h for h in headers if h not in chosen]


def _values(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].dropna()


def _guess_id(frame: pd.DataFrame) -> str | None:
    best, best_key = None, None
    for position, column in enumerate(frame.columns):
        values = frame[column]
        if values.isna().mean() > 0.05 or values.dropna().empty:
            continue
        present = values.dropna()
        if present.map(lambda v: bool(EMAIL_PATTERN.search(v))).any():
            continue
        unique_share = present.nunique() / len(present)
        if unique_share < 0.95:
            continue
        words = set(normalise_label(column).split())
        named = bool(words & _ID_WORDS) or normalise_label(column).startswith("id")
        key = (named, unique_share, -position)
        if best_key is None or key > best_key:
            best, best_key = column, key
    return best


def _guess_label_column(
    frame: pd.DataFrame,
    candidates: list[str],
    resolve: Callable[[str], str | None],
    keywords: tuple[str, ...],
) -> tuple[str | None, int, int]:
    best, best_key, best_counts = None, None, (0, 0)
    for position, column in enumerate(candidates):
        labels = _values(frame, column).unique()
        if len(labels) == 0 or len(labels) > MAX_LABELS:
            continue
        resolved = sum(1 for v in labels if resolve(v) is not None)
        header = normalise_label(column)
        named = any(k in header for k in keywords)
        if not resolved and not named:
            continue
        key = (resolved / len(labels) + (0.5 if named else 0.0), -position)
        if best_key is None or key > best_key:
            best, best_key, best_counts = column, key, (resolved, len(labels))
    return best, *best_counts


def _q(text: object) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(str(text), ensure_ascii=False)


def _dataset_name(path: Path) -> str:
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-._") or "survey"
    name = name[:64]
    return name if DATASET_PATTERN.match(name) else "survey"


def _closest(label: str, names: dict[str, str]) -> str | None:
    """The id whose name or alias is most like a label (a hint for the reviewer)."""
    if not names:
        return None
    key = normalise_label(label)
    best = max(names, key=lambda alias: (fuzz.token_set_ratio(key, alias), alias))
    return names[best] if fuzz.token_set_ratio(key, best) >= 60 else None


def draft_codebook(
    path: Path | str,
    statements: dict[str, str],
    lookups: Lookups,
    *,
    pilot_regions: set[str] | None = None,
) -> Draft:
    """The draft codebook (YAML text with comments) for an export.

    Args:
        path: the export (CSV or XLSX, as ``load-survey`` reads it).
        statements: statement id -> statement text (``dim_statement``).
        lookups: the warehouse's region and stakeholder-type aliases.
        pilot_regions: the region ids respondents may belong to.

    Raises:
        LoadError: the export cannot be read, or has no rows.
    """
    path = Path(path)
    frame = read_table(path)
    frame = frame.loc[~frame.isna().all(axis=1)]
    if frame.empty:
        raise LoadError(path, "no respondents: the file has a header but no data rows")
    columns = [str(c) for c in frame.columns]

    def region(v: str) -> str | None:
        r = lookups.region(v)
        return r if r and (pilot_regions is None or r in pilot_regions) else None

    id_column = _guess_id(frame)
    rest = [c for c in columns if c != id_column]
    region_column, region_ok, region_n = _guess_label_column(
        frame, rest, region, ("region", "région", "location", "where")
    )
    rest = [c for c in rest if c != region_column]
    type_column, type_ok, type_n = _guess_label_column(
        frame,
        rest,
        lookups.stakeholder_type,
        ("type", "organisation", "organization", "stakeholder", "acteur", "sector"),
    )
    rest = [c for c in rest if c != type_column]

    # Statement columns: few distinct labels, most of them answer-like; or a header
    # that starts with a statement code.
    def answer_like(column: str) -> bool:
        labels = _values(frame, column).unique()
        code = _CODE_PREFIX.match(column)
        if code and code.group(1).upper() + code.group(2) in statements:
            return True
        if len(labels) == 0 or len(labels) > 12:
            return False
        known = sum(1 for v in labels if guess_answer(v) is not UNKNOWN)
        return known / len(labels) >= 0.5

    candidates = [c for c in rest if answer_like(c)]
    matches, unmatched = match_statements(candidates, statements)
    matched = {m.header for m in matches}
    ignored = [c for c in rest if c not in matched]

    # Load inputs done; write the draft.
    n = len(frame)
    out = [
        f"# Draft codebook for {display_path(path)} ({n} rows), written by",
        "# `python -m etl draft-codebook`. Review every line (the comments say why each",
        "# guess was made), fill every 'map me' line, then check it with",
        f"#   python -m etl load-survey {display_path(path)} --codebook THIS_FILE --dry-run",
        f"dataset: {_dataset_name(path)}   # a short name; loading the same dataset again replaces it",
        "wave: null            # optional: the survey wave, e.g. 2026",
        "synthetic: false      # true only for generated demonstration data",
        "columns:",
    ]

    def role(name: str, column: str | None, why: str) -> None:
        if column is None:
            out.append(f"  {name}: {MAP_ME}   # not found: map me (a column header)")
        else:
            out.append(f"  {name}: {_q(column)}   # {why}")

    if id_column is not None:
        distinct = frame[id_column].dropna().nunique()
        id_why = f"{distinct} distinct values in {n} rows, no e-mail addresses"
    else:
        id_why = ""
    role("respondent_id", id_column, id_why)
    role(
        "region",
        region_column,
        f"{region_ok} of {region_n} distinct labels are pilot regions",
    )
    role(
        "stakeholder_type",
        type_column,
        f"{type_ok} of {type_n} distinct labels are known stakeholder types",
    )

    out.append(
        "statements:   # statement id: column header (matched by text similarity)"
    )
    by_sid = sorted(matches, key=lambda m: list(statements).index(m.statement_id))
    for m in by_sid:
        if m.by_code:
            why = "the header starts with the statement's code"
        else:
            runner = (
                f"; runner-up {m.runner_up} {m.runner_up_score:.0f}"
                if m.runner_up
                else ""
            )
            why = f"score {m.score:.0f}{runner}"
        out.append(
            f"  {m.statement_id}: {_q(m.header)}   # {why}: "
            f"{_q(statements[m.statement_id])}"
        )
    missing = [s for s in statements if s not in {m.statement_id for m in matches}]
    if missing:
        out.append(f"  # no column found for: {', '.join(missing)}")
    for h in unmatched:
        out.append(
            f"  # {MAP_ME}: {_q(h)}   # not matched to a statement: map me (K1..D4)"
        )

    out.append(
        "answers:      # label: 1 (strongly disagree) .. 5 (strongly agree), or null"
    )
    labels: dict[str, str] = {}
    for m in matches:
        for v in _values(frame, m.header).unique():
            labels.setdefault(normalise_label(v), v)
    for label in sorted(
        labels.values(),
        key=lambda v: (
            guess_answer(v) is UNKNOWN,
            9 if guess_answer(v) is None else guess_answer(v),
            normalise_label(v),
        ),
    ):
        code = guess_answer(label)
        if code is UNKNOWN:
            out.append(
                f"  # {_q(label)}: {MAP_ME}   # not recognised: map me (1..5 or null)"
            )
        elif code is None:
            out.append(f"  {_q(label)}: null   # don't know / no opinion")
        else:
            out.append(f"  {_q(label)}: {code}")

    def label_section(
        key: str,
        column: str | None,
        resolve: Callable[[str], str | None],
        names: dict[str, str],
        what: str,
    ) -> None:
        out.append(
            f"{key}:   # label in the export: a {what} id or any of its names, "
            "or null to leave those rows out on purpose"
        )
        if column is None:
            out.append("  # (no column found)")
            return
        counts = frame[column].dropna().value_counts()
        for label in sorted(counts.index, key=lambda v: (-counts[v], v)):
            rows = f"{counts[label]} row{'s' if counts[label] != 1 else ''}"
            target = resolve(label)
            if target is not None:
                out.append(f"  {_q(label)}: {target}   # {rows}; resolves")
            else:
                hint = _closest(label, names)
                closest = f" (closest: {hint})" if hint else ""
                out.append(
                    f"  # {_q(label)}: {MAP_ME}   # {rows}; not recognised: "
                    f"map me{closest}"
                )

    label_section(
        "stakeholder_types",
        type_column,
        lookups.stakeholder_type,
        lookups.stakeholder_alias,
        "stakeholder-type",
    )
    region_names = {
        a: r
        for a, r in lookups.region_alias.items()
        if pilot_regions is None or r in pilot_regions
    }
    label_section("regions", region_column, region, region_names, "region")

    out.append(
        "# Columns ignored: not stored, so personal data never enters the database:"
    )
    for c in ignored:
        out.append(f"#   {_q(c)}")
    to_map = sum(1 for line in out if f": {MAP_ME}" in line)
    return Draft("\n".join(out) + "\n", len(matches), to_map)
