"""Survey-tool exports load as the tool wrote them: label mapping in the codebook and a
drafted codebook that a person only has to complete.

The exports in ``tests/fixtures/survey_tool/`` paraphrase every statement in their
question headers and use compound organisation labels; which header is which statement,
what each label means and how many rows must load are written down by hand in their
``make_exports.py``.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections import Counter
from pathlib import Path

import duckdb
import pytest
import yaml
from openpyxl import load_workbook

from etl.commands import draft_codebook, load_survey
from etl.draft_codebook import MAP_ME, UNKNOWN, guess_answer, match_statements
from etl.framework import LoadError
from etl.report import Reporter
from tests.etl_helpers import run_etl, sha

REPO = Path(__file__).resolve().parents[2]
TOOL = REPO / "tests" / "fixtures" / "survey_tool"
sys.path.insert(0, str(TOOL))
import make_exports as fx  # noqa: E402

EXPORTS = {
    "a": (
        fx.EXPORT_A,
        fx.HEADERS_A,
        fx.TYPES_A,
        fx.REGIONS_A,
        fx.EXPECTED_A,
        (
            "Response ID",
            "In which region is your organisation based?",
            "What type of organisation do you represent?",
        ),
        ["Start time", "Email address", "First name", "Last name", "IP Address"],
    ),
    "b": (
        fx.EXPORT_B,
        fx.HEADERS_B,
        fx.TYPES_B,
        fx.REGIONS_B,
        fx.EXPECTED_B,
        ("Identifiant", "Région de votre organisation", "Type d'organisation"),
        ["Horodatage", "Courriel", "Nom complet"],
    ),
}


# Labels the alias table already knows (data/reference/stakeholder_types.csv).
KNOWN_TYPES = {"Investor": "investor", "Cluster organisation": "cluster_bso"}


def drafted(db: Path, export: Path) -> str:
    return draft_codebook(db, export, out=None, reporter=Reporter(io.StringIO()))


def fill_map_me(text: str, types: dict, regions: dict) -> str:
    """What a reviewer does: replace each MAP_ME label line with the right target."""
    wanted = {**{k: v for k, v in types.items() if v}, **regions}
    out = []
    for line in text.splitlines():
        m = re.match(r'^  # ("[^"]*"): MAP_ME\b', line)
        if m:
            label = yaml.safe_load(m.group(1))
            target = wanted[label]
            line = f"  {m.group(1)}: {target}"
        out.append(line)
    return "\n".join(out) + "\n"


def labels_in(export: Path, header: str) -> list[str]:
    """The column's cells, read straight from the file (not through the loader)."""
    if export.suffix == ".xlsx":
        rows = list(
            load_workbook(export, read_only=True).active.iter_rows(values_only=True)
        )
        index = rows[0].index(header)
        return [r[index] for r in rows[1:]]
    with export.open(encoding="cp1252", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    index = rows[0].index(header)
    return [r[index] for r in rows[1:]]


@pytest.mark.parametrize("key", EXPORTS)
def test_drf001_the_draft_maps_every_paraphrased_statement_right(key, built_db):
    export, headers, *_rest = EXPORTS[key]
    book = yaml.safe_load(drafted(built_db, export))
    assert book["statements"] == headers  # all 18, each to the right statement


@pytest.mark.parametrize("key", EXPORTS)
def test_drf002_the_draft_guesses_the_columns_answers_and_lists_personal_data(
    key, built_db
):
    export, _h, types, regions, _e, roles, personal = EXPORTS[key]
    text = drafted(built_db, export)
    book = yaml.safe_load(text)
    assert tuple(book["columns"].values()) == roles
    codes = fx.CODES_A if key == "a" else fx.CODES_B
    assert book["answers"] == codes
    ignored = text.split("# Columns ignored")[1]
    for header in personal:
        assert f'"{header}"' in ignored
    assert "@example.org" not in text  # headers and labels only, never a cell of PII
    # Labels the aliases know resolve; the others are 'map me' lines with a hint.
    for label, target in types.items():
        if target is None:
            assert re.search(
                rf'^  "{re.escape(label)}": \w+   # \d+ rows; resolves', text, re.M
            )
        else:
            line = next(x for x in text.splitlines() if f'"{label}": {MAP_ME}' in x)
            assert line.startswith("  # ") and f"(closest: {target})" in line
    for label, target in regions.items():
        marker = f'"{label}": {MAP_ME}'
        assert (marker in text) == (target is not None), label


@pytest.mark.parametrize("key", EXPORTS)
def test_drf003_loading_with_the_reviewed_draft_gives_the_expected_rows(
    key, live, tmp_path
):
    export, _h, types, regions, expected, roles, _p = EXPORTS[key]
    book = tmp_path / "codebook.yaml"
    book.write_text(fill_map_me(drafted(live, export), types, regions))
    load_survey(live, export, book, reporter=Reporter(io.StringIO()))
    with duckdb.connect(str(live), read_only=True) as con:
        log = con.execute(
            "SELECT rows_read, rows_loaded, rows_rejected, rows_not_selected "
            "FROM load_log ORDER BY load_id DESC LIMIT 1"
        ).fetchall()[0]
        by_type = dict(
            con.execute(
                "SELECT stakeholder_type_id, count(*) FROM dim_respondent GROUP BY 1"
            ).fetchall()
        )
    assert log == (
        expected["read"],
        expected["loaded"],
        expected["rejected"],
        expected["not_selected"],
    )
    # Every compound label went to the type the reviewer mapped it to. Expected
    # counts: the file's own labels (rows that load: not the rejected or left-out ones).
    cells = labels_in(export, roles[2])
    ids = labels_in(export, roles[0])
    places = labels_in(export, roles[1])
    seen, kept = set(), Counter()
    for rid, place, label in zip(ids, places, cells, strict=True):
        if rid in (None, "") or rid in seen or regions.get(place) == "null":
            seen.add(rid)
            continue
        seen.add(rid)
        kept[types[label] or KNOWN_TYPES[label]] += 1
    assert by_type == dict(kept)


def test_drf004_a_label_mapped_to_null_is_left_out_not_rejected(live, tmp_path):
    book = tmp_path / "codebook.yaml"
    text = fill_map_me(drafted(live, fx.EXPORT_A), fx.TYPES_A, fx.REGIONS_A)
    book.write_text(text)
    out = io.StringIO()
    load_survey(live, fx.EXPORT_A, book, reporter=Reporter(out))
    report = out.getvalue()
    assert "rows read 60, loaded 57, rejected 1, not selected 2" in report
    assert (
        "2 rows  region mapped to null in the codebook  column 'In which region is "
        "your organisation based?'  'Outside the pilot regions' (2)"
    ) in report


@pytest.mark.parametrize(
    ("section", "label", "target", "message"),
    [
        (
            "stakeholder_types",
            "Company / SME",
            "astronaut",
            "codebook key 'stakeholder_types.Company / SME': maps to an unknown "
            "stakeholder type",
        ),
        (
            "regions",
            "Dresden area",
            "Bavaria",
            "codebook key 'regions.Dresden area': maps to an unknown region",
        ),
        (
            "regions",
            "Dresden area",
            "EU27_2020",
            "codebook key 'regions.Dresden area': maps to EU27, which is not one of "
            "the pilot regions",
        ),
        (
            "stakeholder_types",
            "Company / SME",
            MAP_ME,
            "maps to an unknown stakeholder type: not a stakeholder type id or any of "
            "its names or aliases (value: 'MAP_ME')",
        ),
    ],
)
def test_drf005_a_mapping_to_an_unknown_target_is_a_codebook_error(
    live, tmp_path, section, label, target, message
):
    text = fill_map_me(drafted(live, fx.EXPORT_A), fx.TYPES_A, fx.REGIONS_A)
    text = re.sub(
        rf'^  "{re.escape(label)}": \S+', f'  "{label}": {target}', text, flags=re.M
    )
    book = tmp_path / "codebook.yaml"
    book.write_text(text)
    before = sha(live)
    with pytest.raises(LoadError, match=re.escape(message)):
        load_survey(live, fx.EXPORT_A, book, reporter=Reporter(io.StringIO()))
    assert sha(live) == before


def test_drf006_labels_match_regardless_of_case_spacing_accents_and_apostrophes(
    live, tmp_path
):
    text = fill_map_me(drafted(live, fx.EXPORT_B), fx.TYPES_B, fx.REGIONS_B)
    text = text.replace('"Piémont": PIE', '"  PIEMONT ": PIE').replace(
        '"Private company (incl. SMEs)": company',
        '"private company (incl. smes)": company',
    )
    book = tmp_path / "codebook.yaml"
    book.write_text(text)
    load_survey(live, fx.EXPORT_B, book, reporter=Reporter(io.StringIO()))
    with duckdb.connect(str(live), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM dim_respondent").fetchall() == [(39,)]


def test_drf007_cli_writes_the_draft_and_never_overwrites(live, tmp_path):
    out = tmp_path / "draft.yaml"
    args = ["draft-codebook", str(fx.EXPORT_B)]
    before = sha(live)
    first = run_etl(live, *args, "--out", str(out))
    assert first.returncode == 0, first.stderr
    assert "18 of 18 statements matched, 6 line(s) to map (marked MAP_ME)" in (
        first.stdout
    )
    assert yaml.safe_load(out.read_text())["statements"] == fx.HEADERS_B
    again = run_etl(live, *args, "--out", str(out))
    assert again.returncode == 1 and "a draft never overwrites a codebook" in (
        again.stderr
    )
    printed = run_etl(live, *args)
    assert printed.returncode == 0 and printed.stdout.startswith("# Draft codebook")
    assert sha(live) == before  # drafting never writes the database


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("Strongly disagree", 1),
        ("Totally disagree", 1),
        ("Tend to disagree", 2),
        ("Disagree", 2),
        ("Neither agree nor disagree", 3),
        ("Neutral", 3),
        ("Agree", 4),
        ("Rather agree", 4),
        ("Strongly agree", 5),
        ("Don’t know", None),
        ("No opinion", None),
        ("Ne sait pas", None),
        ("4", 4),
        ("Maybe", UNKNOWN),
    ],
)
def test_drf008_answer_labels_get_the_code_a_reader_would_give(label, code):
    assert (
        guess_answer(label) is code
        if code in (None, UNKNOWN)
        else (guess_answer(label) == code)
    )


def test_drf009_headers_with_statement_codes_match_exactly():
    statements = {"K1": "Qualified labour force", "K2": "University research"}
    matches, unmatched = match_statements(
        ["K2", "K1. Main-d'œuvre qualifiée", "Comments"], statements
    )
    assert [(m.header, m.statement_id) for m in matches] == [
        ("K2", "K2"),
        ("K1. Main-d'œuvre qualifiée", "K1"),
    ]
    assert unmatched == ["Comments"]


def test_drf010_a_draft_for_an_export_with_coded_headers_loads_as_written(
    live, tmp_path
):
    export = REPO / "tests" / "fixtures" / "survey" / "export_comma_utf8.csv"
    reviewed = yaml.safe_load(
        (REPO / "tests" / "fixtures" / "survey" / "codebook.yaml").read_text("utf-8")
    )
    text = drafted(live, export)
    assert MAP_ME not in text  # every label resolves through the aliases
    book = yaml.safe_load(text)
    assert book["statements"] == reviewed["statements"]
    assert book["columns"] == reviewed["columns"]
    path = tmp_path / "draft.yaml"
    path.write_text(text, encoding="utf-8")
    load_survey(live, export, path, reporter=Reporter(io.StringIO()))
    with duckdb.connect(str(live), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM dim_respondent").fetchall() == [(8,)]
