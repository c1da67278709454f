"""The default build: contract tables, regions, curated facts, no rejects; bad inputs abort."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from etl.build import PUBLIC_TABLES, build, default_steps
from etl.framework import LoadError
from tests.etl_helpers import quiet, run_etl, sha
from tests.expected import report_challenges, report_measure_types

PILOTS = {"CAN", "CVL", "ENF", "HDF", "LTU", "NMS", "PIE", "SAX", "SVN", "WAL"}
NAME_TO_ID = {
    "Cantabria": "CAN",
    "Centre-Val de Loire": "CVL",
    "East & North Finland": "ENF",
    "Hauts-de-France": "HDF",
    "Lithuania": "LTU",
    "North Middle Sweden": "NMS",
    "Piemonte": "PIE",
    "Saxony": "SAX",
    "Slovenia": "SVN",
    "Wallonia": "WAL",
}

# The public data contract (README "Data model"): table -> columns (key first).
CONTRACT = {
    "dim_region": "region_id name native_name country_code nuts_codes nuts_level admin_type is_pilot lat lon",
    "dim_region_alias": "alias region_id",
    "dim_indicator": "indicator_id name dimension unit direction source source_code definition",
    "fct_indicator_value": "region_id indicator_id year value flag is_derived source_file",
    "dim_theme": "theme_id name",
    "dim_statement": "statement_id theme_id text published_share published_note",
    "dim_stakeholder_type": "stakeholder_type_id name",
    "dim_respondent": "respondent_id region_id stakeholder_type_id wave dataset is_synthetic",
    "fct_response": "respondent_id statement_id answer",
    "dim_challenge": "challenge_id name family source_ref",
    "fct_region_challenge": "region_id challenge_id evidence source_ref",
    "fct_region_measure": "measure_id region_id name measure_type source_ref",
    "load_log": "load_id source_kind file_name sha256 rows_read rows_loaded rows_rejected status started_at finished_at message",
    "load_reject": "load_id row_number column_name value reason",
}


def rows(con, sql: str, params=None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()


def test_etl001_contract_tables_and_columns_exist(con):
    for table, columns in CONTRACT.items():
        have = [r[0] for r in rows(con, f"SELECT column_name FROM (DESCRIBE {table})")]
        assert have[0] == columns.split()[0], table
        assert set(columns.split()) <= set(have), table


def test_etl002_ten_pilot_regions_and_an_eu27_benchmark(con):
    pilots = {
        r[0] for r in rows(con, "SELECT region_id FROM dim_region WHERE is_pilot")
    }
    assert pilots == PILOTS
    eu = rows(
        con, "SELECT is_pilot, nuts_codes FROM dim_region WHERE region_id = 'EU27'"
    )
    assert eu == [(False, "EU27_2020")]
    missing = rows(
        con,
        "SELECT region_id FROM dim_region WHERE is_pilot AND (lat IS NULL OR native_name IS NULL)",
    )
    assert missing == []


@pytest.mark.parametrize(
    ("spelling", "region_id"),
    [
        ("North Middle Sweden", "NMS"),
        ("North-Middle Sweden", "NMS"),
        ("Centre Val de Loire", "CVL"),
        ("Piedmont", "PIE"),
        ("Sachsen", "SAX"),
        ("Pohjois- ja Itä-Suomi", "ENF"),
        ("Wallonie", "WAL"),
        ("FR22", "HDF"),
        ("FR24", "CVL"),
        ("FR30", "HDF"),
        ("LT00", "LTU"),
        ("FRE1", "HDF"),
        ("DED4", "SAX"),
        ("BE35", "WAL"),
        ("SI03", "SVN"),
        ("ES13", "CAN"),
        ("EU27_2020", "EU27"),
    ],
)
def test_etl003_every_spelling_and_nuts_code_resolves(con, spelling, region_id):
    from etl.lookups import Lookups

    assert Lookups.from_connection(con).region(spelling) == region_id


def test_etl004_every_challenge_in_reference_with_its_regions(con):
    expected = {c["challenge"]: c["regions"] for c in report_challenges()}
    assert len(expected) == 17
    got = {}
    for name, region_ids in rows(
        con,
        "SELECT c.name, list(rc.region_id) FROM dim_challenge c "
        "JOIN fct_region_challenge rc USING (challenge_id) GROUP BY c.name",
    ):
        got[name] = set(region_ids)
    assert len(got) == len(expected)
    for name, regions in expected.items():
        # Names in the files are the source's own wording; match on the opening words.
        matches = [g for g in got if g.lower()[:25] == name.lower()[:25]]
        assert len(matches) == 1, name
        assert got[matches[0]] == regions, name
    families = dict(
        rows(con, "SELECT family, count(*) FROM dim_challenge GROUP BY family")
    )
    assert families == {"joint": 5, "megatrend": 12}


def test_etl005_demographic_change_caveat_is_carried(con):
    note = rows(
        con, "SELECT note FROM dim_challenge WHERE name ILIKE 'Demographic change%'"
    )[0][0]
    assert "seven" in note.lower()
    n = rows(
        con,
        "SELECT count(*) FROM fct_region_challenge WHERE challenge_id = 'mt_demographic_change'",
    )
    assert n == [(8,)]


def test_etl006_every_measure_type_and_region_in_reference(con):
    for measure_type, expected in report_measure_types().items():
        got = {
            r[0]
            for r in rows(
                con,
                "SELECT region_id FROM fct_region_measure WHERE measure_type = ?",
                [measure_type.lower()],
            )
        }
        assert got == expected, measure_type
    evidence = rows(
        con, "SELECT count(*) FROM fct_region_challenge WHERE length(evidence) < 20"
    )
    assert evidence == [(0,)]


def test_etl007_every_input_logged_without_rejects(con):
    logged = rows(
        con, "SELECT count(*), sum(rows_rejected), count(DISTINCT sha256) FROM load_log"
    )
    assert logged[0][0] == len(default_steps())
    assert logged[0][1] == 0
    assert rows(con, "SELECT count(*) FROM load_reject") == [(0,)]


def test_etl008_build_id_recorded(con):
    ((build_id, command),) = rows(con, "SELECT build_id, command FROM meta_build")
    assert len(build_id) == 32 and command == "build"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "curated/region_challenges.csv",
            "\nENF,jc_ri_infrastructure_access",
            "\nXYZ,jc_ri_infrastructure_access",
            r"region_challenges\.csv, row 2, column 'region_id': unknown region",
        ),
        (
            "curated/challenges.csv",
            "mt_urbanisation,",
            "mt_demographic_change,",
            r"challenges\.csv, row \d+, column 'challenge_id': duplicate key \(first seen in row \d+\)",
        ),
        (
            "curated/measures.csv",
            "measure_id,region_id,name,measure_type",
            "measure_id,region,name,measure_type",
            r"measures\.csv, row 1, column 'region_id': required column missing",
        ),
        (
            "curated/measures.csv",
            ",strategy development,",
            ",strategy deployment,",
            r"measures\.csv, row 2, column 'measure_type': not one of the allowed values",
        ),
        (
            "reference/regions.csv",
            "CAN,Cantabria,Cantabria,ES,ES13,NUTS2",
            "CAN,,Cantabria,ES,ES13,NUTS2",
            r"regions\.csv, row 2, column 'name': required value is empty",
        ),
    ],
)
def test_etl009_corrupted_input_fails_and_leaves_database_identical(
    inputs_copy, live, file, old, new, expected
):
    _edit(inputs_copy / file, old, new)
    before = sha(live)
    with pytest.raises(LoadError, match=expected):
        build(live, steps=default_steps(inputs_copy), reporter=quiet())
    assert sha(live) == before
    assert list(live.parent.glob(".*.tmp")) == []


def test_etl010_cli_build_reports_progress_and_summary(tmp_path):
    result = run_etl(tmp_path / "cli.duckdb", "build")
    assert result.returncode == 0, result.stderr
    assert "curated: region challenges" in result.stdout
    assert re.search(r"fct_region_challenge\s+85", result.stdout)
    for table in PUBLIC_TABLES:
        assert table in result.stdout


def test_etl011_cli_failure_names_file_row_reason_without_traceback(
    tmp_path, inputs_copy, live
):
    _edit(
        inputs_copy / "curated/measures.csv",
        "\nSAX-strategy-assembly,SAX,",
        "\nSAX-strategy-assembly,Atlantis,",
    )
    before = sha(live)
    result = run_etl(live, "build", "--inputs", str(inputs_copy))
    assert result.returncode == 1
    assert "measures.csv, row 2, column 'region_id': unknown region" in result.stderr
    assert "'Atlantis'" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert sha(live) == before
