"""Survey exports: every format loads the same rows, bad rows are rejected with reasons,
file-level errors change nothing, personal data never enters, reloads replace."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from etl.commands import load_survey
from etl.framework import LoadError
from etl.lookups import Lookups
from etl.paths import DATA
from etl.sources import survey
from tests.etl_helpers import db_rows as query
from tests.etl_helpers import quiet, run_etl, sha

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "survey"
CODEBOOK = FIXTURES / "codebook.yaml"
FORMATS = (
    "export_comma_utf8.csv",
    "export_semicolon_utf8.csv",
    "export_comma_utf8_bom.csv",
    "export_semicolon_cp1252.csv",
    "export.xlsx",
)
EXPECTED_RESPONDENTS = {
    "R01": ("SAX", "company"),
    "R02": ("WAL", "policy_maker"),
    "R03": ("ENF", "research"),
    "R04": ("PIE", "cluster_bso"),
    "R05": ("CAN", "investor"),
    "R06": ("HDF", "company"),
    "R07": ("CVL", "research"),
    "R08": ("LTU", "cluster_bso"),
}


@pytest.fixture(scope="module")
def lookups(built_db: Path) -> Lookups:
    with duckdb.connect(str(built_db), read_only=True) as con:
        return Lookups.from_connection(con)


@pytest.fixture(scope="module")
def pilots(built_db: Path) -> set[str]:
    with duckdb.connect(str(built_db), read_only=True) as con:
        return survey.pilot_regions(con)


def parse(name: str, lookups: Lookups, pilots: set[str], codebook: Path = CODEBOOK):
    book = survey.read_codebook(codebook, lookups.statement_ids)
    return survey.parse_survey(FIXTURES / name, book, lookups, regions=pilots)


@pytest.mark.parametrize("name", FORMATS)
def test_svy001_every_encoding_delimiter_and_format_loads_the_same_rows(
    name, lookups, pilots
):
    reference = parse(FORMATS[0], lookups, pilots)
    parsed = parse(name, lookups, pilots)
    assert parsed.rejects == []
    assert parsed.rows_read == parsed.rows_loaded == 8
    for table in ("dim_respondent", "fct_response"):
        got = parsed.tables[table].sort_values(list(parsed.tables[table].columns[:2]))
        want = reference.tables[table].sort_values(
            list(reference.tables[table].columns[:2])
        )
        pd.testing.assert_frame_equal(
            got.reset_index(drop=True), want.reset_index(drop=True)
        )
    respondents = parsed.tables["dim_respondent"].set_index("respondent_id")
    got = {
        rid.split(":", 1)[1]: (row.region_id, row.stakeholder_type_id)
        for rid, row in respondents.iterrows()
    }
    assert got == EXPECTED_RESPONDENTS
    assert set(respondents["dataset"]) == {"fixture-wave-1"}
    assert (
        set(respondents["wave"]) == {"2024"} and not respondents["is_synthetic"].any()
    )


def test_svy002_answers_map_through_the_codebook(lookups, pilots):
    responses = parse(FORMATS[0], lookups, pilots).tables["fct_response"]
    answers = {
        (r.respondent_id.split(":")[1], r.statement_id): (
            None if pd.isna(r.answer) else int(r.answer)
        )
        for r in responses.itertuples()
    }
    assert answers[("R01", "K1")] == 4 and answers[("R01", "K2")] == 5
    assert answers[("R01", "E1")] is None  # "Don’t know" (curly apostrophe)
    assert answers[("R05", "D2")] is None  # "Ne sait pas"
    assert ("R06", "K1") not in answers  # blank: not answered, no row
    assert answers[("R04", "K1")] == 1
    assert len(responses) == 8 * 4 - 1


@pytest.mark.parametrize(
    ("name", "rows", "column", "value", "reason"),
    [
        ("reject_unknown_region.csv", [10], "Région", "Atlantis", "unknown region"),
        (
            "reject_unknown_type.csv",
            [10],
            "Type d'acteur",
            "Astronaut",
            "unknown stakeholder type",
        ),
        ("reject_duplicate_id.csv", [10], "ID", "R03", "duplicate respondent id"),
        (
            "reject_answer_out_of_scale.csv",
            [10, 11],
            None,
            None,
            "answer not in the codebook's scale",
        ),
        ("reject_empty_id.csv", [10], "ID", None, "respondent id is empty"),
    ],
)
def test_svy003_each_rejection_reason_rejects_only_that_row(
    name, rows, column, value, reason, lookups, pilots
):
    parsed = parse(name, lookups, pilots)
    assert [r.row_number for r in parsed.rejects] == rows
    assert {r.reason for r in parsed.rejects} == {reason}
    if column is not None:
        assert parsed.rejects[0].column_name == column
        assert parsed.rejects[0].value == value
    assert parsed.rows_loaded == 8
    assert len(parsed.tables["dim_respondent"]) == 8


def test_svy004_out_of_scale_answers_name_their_column_and_value(lookups, pilots):
    parsed = parse("reject_answer_out_of_scale.csv", lookups, pilots)
    assert [(r.column_name, r.value) for r in parsed.rejects] == [
        ("K1. Main-d'œuvre qualifiée", "7"),
        ("K2", "Maybe"),
    ]


def test_svy005_personal_data_never_reaches_the_database(live):
    load_survey(live, FIXTURES / "export_with_pii.csv", CODEBOOK, reporter=quiet())
    with duckdb.connect(str(live), read_only=True) as con:
        text_columns = con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() "
            "WHERE data_type = 'VARCHAR' AND NOT internal"
        ).fetchall()
        for table, column in text_columns:
            hits = con.execute(
                f'SELECT count(*) FROM "{table}" WHERE "{column}" ILIKE ? '
                f'OR "{column}" ILIKE ? OR "{column}" ILIKE ?',
                ["%@example.org%", "%Fictitious Person%", "%widget plant%"],
            ).fetchall()[0][0]
            assert hits == 0, (table, column)
        message = con.execute(
            "SELECT message FROM load_log WHERE source_kind = 'survey: responses' "
            "ORDER BY load_id DESC LIMIT 1"
        ).fetchall()[0][0]
    assert (
        "3 column(s) not in the codebook ignored, not stored: Email, Name, Comments"
        in message
    )


def test_svy006_reloading_the_same_file_replaces_instead_of_duplicating(live):
    load_survey(live, FIXTURES / "export_comma_utf8.csv", CODEBOOK, reporter=quiet())
    first = query(
        live, "SELECT count(*) FROM dim_respondent WHERE dataset = 'fixture-wave-1'"
    )
    responses = query(live, "SELECT count(*) FROM fct_response")
    load_survey(live, FIXTURES / "export.xlsx", CODEBOOK, reporter=quiet())
    assert (
        query(
            live,
            "SELECT count(*) FROM dim_respondent WHERE dataset = 'fixture-wave-1'",
        )
        == first
        == [(8,)]
    )
    assert query(live, "SELECT count(*) FROM fct_response") == responses == [(31,)]
    assert query(
        live, "SELECT count(*) FROM load_log WHERE source_kind = 'survey: responses'"
    ) == [(3,)]


def test_svy007_real_data_replaces_the_synthetic_default_and_waves_coexist(live):
    assert query(
        live, "SELECT count(*), bool_and(is_synthetic) FROM dim_respondent"
    ) == [(180, True)]
    load_survey(live, FIXTURES / "export_comma_utf8.csv", CODEBOOK, reporter=quiet())
    assert query(live, "SELECT DISTINCT dataset, is_synthetic FROM dim_respondent") == [
        ("fixture-wave-1", False)
    ]
    note = query(live, "SELECT message FROM load_log ORDER BY load_id DESC LIMIT 1")[0][
        0
    ]
    assert (
        "removes the synthetic default dataset eocic-2019-synthetic (180 respondents)"
        in note
    )
    load_survey(
        live,
        FIXTURES / "export_comma_utf8.csv",
        FIXTURES / "codebook_wave2.yaml",
        reporter=quiet(),
    )
    assert query(
        live, "SELECT dataset, count(*) FROM dim_respondent GROUP BY ALL ORDER BY 1"
    ) == [
        ("fixture-wave-1", 8),
        ("fixture-wave-2", 8),
    ]
    # Synthetic data is never mixed into real data.
    before = sha(live)
    with pytest.raises(LoadError, match="real survey data is loaded"):
        load_survey(
            live,
            FIXTURES / "export_comma_utf8.csv",
            FIXTURES / "codebook_synthetic.yaml",
            reporter=quiet(),
        )
    assert sha(live) == before


@pytest.mark.parametrize(
    ("name", "codebook", "expected"),
    [
        (
            "missing_column.csv",
            "codebook.yaml",
            r"missing_column\.csv, row 1, column 'Région': column named in the codebook is missing",
        ),
        ("empty.csv", "codebook.yaml", r"empty\.csv: the file is empty"),
        ("header_only.csv", "codebook.yaml", r"header_only\.csv: no respondents"),
        (
            "unreadable.xlsx",
            "codebook.yaml",
            r"unreadable\.xlsx: not a readable XLSX workbook",
        ),
        ("no_such_file.csv", "codebook.yaml", r"no_such_file\.csv: file not found"),
        (
            "all_rejected.csv",
            "codebook.yaml",
            r"all_rejected\.csv, row 2, column 'Région': no row could be loaded: all 8 rows",
        ),
        (
            "email_ids.csv",
            "codebook.yaml",
            r"email_ids\.csv, row 2, column 'ID': the respondent-id column holds e-mail addresses",
        ),
        (
            "export_comma_utf8.csv",
            "codebook_bad_yaml.yaml",
            r"codebook_bad_yaml\.yaml: the codebook is not valid YAML \(line \d+\)",
        ),
        (
            "export_comma_utf8.csv",
            "codebook_unknown_statement.yaml",
            r"codebook key 'statements\.Z9': unknown statement id",
        ),
        (
            "export_comma_utf8.csv",
            "codebook_incomplete_scale.yaml",
            r"codebook key 'answers': the scale needs a label for every code 1\.\.5 \(missing: \[5\]\)",
        ),
        (
            "export_comma_utf8.csv",
            "codebook_missing_role.yaml",
            r"codebook key 'columns\.region': missing",
        ),
        (
            "export_comma_utf8.csv",
            "no_such_codebook.yaml",
            r"no_such_codebook\.yaml: codebook not found",
        ),
    ],
)
def test_svy008_file_level_errors_abort_and_leave_the_database_identical(
    live, name, codebook, expected
):
    before = sha(live)
    with pytest.raises(LoadError, match=expected):
        load_survey(live, FIXTURES / name, FIXTURES / codebook, reporter=quiet())
    assert sha(live) == before
    assert list(live.parent.glob(".*.tmp")) == []


def test_svy009_default_build_loads_the_synthetic_survey_through_the_same_parser(
    built_db,
):
    rows = query(
        built_db,
        "SELECT dataset, bool_and(is_synthetic), count(*), count(DISTINCT region_id), "
        "count(DISTINCT stakeholder_type_id) FROM dim_respondent GROUP BY dataset",
    )
    assert rows == [("eocic-2019-synthetic", True, 180, 10, 5)]
    log = query(
        built_db,
        "SELECT rows_read, rows_rejected, message FROM load_log WHERE source_kind = 'survey: responses'",
    )
    assert log[0][:2] == (180, 0) and "default_codebook.yaml" in log[0][2]
    # Pooled shares in the warehouse stay within 3 points of every published share.
    shares = query(
        built_db,
        "SELECT s.statement_id, s.published_share, s.published_note, "
        "avg(CASE WHEN f.answer >= 4 THEN 1.0 ELSE 0.0 END) "
        "FROM fct_response f JOIN dim_statement s USING (statement_id) "
        "WHERE f.answer IS NOT NULL GROUP BY ALL",
    )
    for sid, published, note, share in shares:
        if published is None:
            continue
        assert abs(share - published) <= 0.03, sid
        if '"over ' in note:  # a lower bound
            assert share > published, sid
        if '"less than ' in note:  # an upper bound
            assert share < published, sid


def test_svy010_build_copy_of_inputs_with_a_bad_survey_row_fails_strictly(
    tmp_path, live
):
    from etl.build import build, default_steps

    copy = tmp_path / "data"
    shutil.copytree(DATA, copy, ignore=shutil.ignore_patterns("*.duckdb", "*.tmp"))
    path = copy / "survey" / "default_survey_synthetic.csv"
    text = path.read_text(encoding="utf-8").replace(",Cantabria,", ",Atlantis,", 1)
    path.write_text(text, encoding="utf-8")
    before = sha(live)
    with pytest.raises(
        LoadError,
        match=r"default_survey_synthetic\.csv, row \d+, column 'Region': unknown region",
    ):
        build(live, steps=default_steps(copy), reporter=quiet())
    assert sha(live) == before


def test_svy011_cli_exit_0_lists_rejects_and_summary(live):
    result = run_etl(
        live,
        "load-survey",
        str(FIXTURES / "reject_answer_out_of_scale.csv"),
        "--codebook",
        str(CODEBOOK),
        "--max-reject-share",
        "0.2",
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "rows read 10, loaded 8, rejected 2" in out
    lines = [line.strip() for line in out.splitlines()]
    group = lines.index(
        "1 row   answer not in the codebook's scale  "
        "column 'K1. Main-d'œuvre qualifiée'  '7' (1)"
    )
    assert lines[group + 1] == "row 10"
    group = lines.index(
        "1 row   answer not in the codebook's scale  column 'K2'  'Maybe' (1)"
    )
    assert lines[group + 1] == "row 11"
    assert (
        "rejected rows by reason:" in out
        and "2  answer not in the codebook's scale" in out
    )
    assert "dim_respondent" in out and "removes the synthetic default" in out
    assert "Traceback" not in out + result.stderr
    assert query(
        live,
        "SELECT count(*) FROM load_reject r JOIN load_log l USING (load_id) "
        "WHERE l.source_kind = 'survey: responses'",
    ) == [(2,)]


def test_svy012_cli_exit_1_on_file_error_database_byte_identical(live):
    before = sha(live)
    result = run_etl(
        live,
        "load-survey",
        str(FIXTURES / "missing_column.csv"),
        "--codebook",
        str(CODEBOOK),
    )
    assert result.returncode == 1
    assert (
        "missing_column.csv, row 1, column 'Région': column named in the codebook is missing"
        in result.stderr
    )
    assert "Nothing was changed" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert sha(live) == before
    usage = run_etl(live, "load-survey", str(FIXTURES / "export_comma_utf8.csv"))
    assert usage.returncode == 2 and "--codebook" in usage.stderr
