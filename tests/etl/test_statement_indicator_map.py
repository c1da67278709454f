"""The statement-indicator mapping (Perception vs evidence): validated at build time.

Every statement and indicator id must exist; every statement is either paired or
marked "no matching indicator"; a corrupted mapping fails the build with file, row,
column and reason, and leaves the previous database untouched.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest

from etl.build import build, default_steps
from etl.checks import CHECKS, CheckFailed, run_checks
from etl.framework import LoadError
from etl.paths import DATA
from etl.sources.reference import parse_statement_indicators
from tests.etl_helpers import quiet, run_etl

MAPPING = DATA / "reference" / "statement_indicators.csv"


@pytest.fixture()
def live_db(tmp_path: Path) -> Path:
    path = tmp_path / "live.duckdb"
    build(path, reporter=quiet())
    return path


def rows(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def _pairs(con) -> dict[str, list[str | None]]:
    out: dict[str, list[str | None]] = {}
    for statement_id, indicator_id in con.execute(
        "SELECT statement_id, indicator_id FROM map_statement_indicator "
        "ORDER BY statement_id, sort_order"
    ).fetchall():
        out.setdefault(statement_id, []).append(indicator_id)
    return out


def test_map001_every_statement_is_paired_or_says_no_matching_indicator(con):
    statements = {r[0] for r in rows(con, "SELECT statement_id FROM dim_statement")}
    pairs = _pairs(con)
    assert set(pairs) == statements
    for statement_id, indicators in pairs.items():
        assert indicators == [None] or None not in indicators, statement_id
    rationale = con.execute(
        "SELECT count(*) FROM map_statement_indicator "
        "WHERE rationale IS NULL OR trim(rationale) = '' OR rationale LIKE '%\n%'"
    ).fetchone()[0]
    assert rationale == 0


def test_map002_every_paired_indicator_exists_and_can_be_normalised(con):
    rows = con.execute(
        "SELECT m.indicator_id, i.indicator_id, i.aggregation FROM map_statement_indicator m "
        "LEFT JOIN dim_indicator i USING (indicator_id) WHERE m.indicator_id IS NOT NULL"
    ).fetchall()
    assert rows
    for mapped, found, aggregation in rows:
        assert found == mapped
        assert aggregation != "sum", mapped


def test_map003_the_pairings_are_the_documented_ones(con):
    pairs = _pairs(con)
    assert pairs["K1"] == ["tertiary_attainment_25_64", "hrst_pc_labour_force"]
    for sid in ("K2", "K3"):
        assert set(pairs[sid]) == {
            "gerd_pc_gdp",
            "berd_pc_gdp",
            "researchers_fte_pc_labour_force",
        }
    assert pairs["D1"] == ["broadband_households"]
    # No real indicator measures these: stated, never filled.
    for sid in (
        "K4",
        "K5",
        "I1",
        "I2",
        "I3",
        "C1",
        "C2",
        "C3",
        "E1",
        "E2",
        "E3",
        "D3",
        "D4",
    ):
        assert pairs[sid] == [None], sid
    reasons = rows(
        con, "SELECT rationale FROM map_statement_indicator WHERE indicator_id IS NULL"
    )
    assert all(r[0].startswith("No matching indicator") for r in reasons)


def test_map004_the_committed_file_parses_without_rejects(con):
    statements = {r[0] for r in rows(con, "SELECT statement_id FROM dim_statement")}
    indicators = {r[0] for r in rows(con, "SELECT indicator_id FROM dim_indicator")}
    parsed = parse_statement_indicators(MAPPING, statements, indicators)
    assert parsed.rejects == []
    assert parsed.rows_read == len(parsed.tables["map_statement_indicator"])


def _replace_line(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CORRUPTIONS = [
    pytest.param(
        "K1,tertiary_attainment_25_64,",
        "K1,tertiary_attainment_2564,",
        r"statement_indicators\.csv, row 2, column 'indicator_id': unknown indicator "
        r"\(value: 'tertiary_attainment_2564'\)",
        id="unknown-indicator",
    ),
    pytest.param(
        "K2,gerd_pc_gdp,",
        "K9,gerd_pc_gdp,",
        r"row 4, column 'statement_id': unknown survey statement \(value: 'K9'\)",
        id="unknown-statement",
    ),
    pytest.param(
        "K1,hrst_pc_labour_force,",
        "K1,tertiary_attainment_25_64,",
        r"row 3, column 'statement_id\+indicator_id': duplicate key \(first seen in row 2\)",
        id="duplicate-pairing",
    ),
    pytest.param(
        "K4,,",
        "K1,,",
        r"column 'statement_id': statement K4 is not listed",
        id="statement-left-out",
    ),
    pytest.param(
        "D3,,",
        'D1,,"No matching indicator: contradicts row 21.",\nD3,,',
        r"row 23, column 'indicator_id': statement D1 has indicators in other rows",
        id="paired-and-no-match",
    ),
    pytest.param(
        "D2,berd_pc_gdp,",
        "D2,population,",
        r"row \d+, column 'indicator_id': a size-dependent count has no normalised value",
        id="size-dependent-count",
    ),
    pytest.param(
        'K4,,"No matching indicator: nothing in the snapshot measures industry '
        'involvement in university curricula."',
        "K4,,",
        r"row 10, column 'rationale': required value is empty",
        id="empty-rationale",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), CORRUPTIONS)
def test_map005_a_corrupted_mapping_fails_the_build_and_changes_nothing(
    inputs_copy, live_db, old, new, expected
):
    _replace_line(inputs_copy / "reference" / "statement_indicators.csv", old, new)
    before = hashlib.sha256(live_db.read_bytes()).hexdigest()
    with pytest.raises(LoadError, match=expected):
        build(live_db, steps=default_steps(inputs_copy), reporter=quiet())
    assert hashlib.sha256(live_db.read_bytes()).hexdigest() == before


def test_map006_missing_rationale_column_fails_with_the_header_named(inputs_copy):
    path = inputs_copy / "reference" / "statement_indicators.csv"
    text = path.read_text(encoding="utf-8").replace(
        "statement_id,indicator_id,rationale,", "statement_id,indicator_id,why,", 1
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError, match=r"row 1, column 'rationale': required column"):
        parse_statement_indicators(path, {"K1"}, {"gerd_pc_gdp"})


def test_map007_cli_build_exits_1_naming_file_row_column_and_reason(
    inputs_copy, tmp_path
):
    _replace_line(
        inputs_copy / "reference" / "statement_indicators.csv",
        "D1,broadband_households,",
        "D1,broadband_household,",
    )
    result = run_etl(tmp_path / "cli.duckdb", "build", "--inputs", str(inputs_copy))
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert (
        "statement_indicators.csv, row 21, column 'indicator_id': unknown indicator"
        in (output)
    )
    assert not (tmp_path / "cli.duckdb").exists()


def test_map008_data_tests_catch_a_mapping_edited_in_the_database(built_db, tmp_path):
    copy = tmp_path / "edited.duckdb"
    shutil.copy(built_db, copy)
    with duckdb.connect(str(copy)) as connection:
        assert run_checks(connection, CHECKS) == len(CHECKS)
        connection.execute(
            "INSERT INTO map_statement_indicator VALUES ('K1', 'no_such_indicator', 'x', "
            "NULL, 3)"
        )
        with pytest.raises(CheckFailed, match="map_statement_indicator.indicator_id"):
            run_checks(connection, CHECKS)
        connection.execute(
            "DELETE FROM map_statement_indicator WHERE indicator_id = 'no_such_indicator' "
            "OR statement_id = 'K4'"
        )
        with pytest.raises(CheckFailed, match="every statement is mapped"):
            run_checks(connection, CHECKS)
