"""Indicator loads: Eurostat bulk TSV and tidy tables, NUTS recodes, aggregation, rejects.

Fixtures in tests/fixtures/indicators/ (see its README): the two TSV files are real
Eurostat lines; the tidy files hold made-up numbers chosen for hand computation.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pandas as pd
import pytest

from etl.commands import load_indicators
from etl.framework import LoadError
from etl.sources.indicators import dataset_code, negative_allowed
from tests.etl_helpers import db_rows as q
from tests.etl_helpers import quiet, run_etl, sha

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "indicators"
META = FIXTURES / "metadata.csv"
PARTS = FIXTURES / "tidy_parts.csv"  # values of the pilot regions' NUTS-2 parts
PILOTS = {"CAN", "CVL", "ENF", "HDF", "LTU", "NMS", "PIE", "SAX", "SVN", "WAL"}


def value(db: Path, region: str, indicator: str, year: int) -> tuple | None:
    rows = q(
        db,
        "SELECT value, flag, is_derived, geo_code FROM fct_indicator_value "
        "WHERE region_id = ? AND indicator_id = ? AND year = ?",
        [region, indicator, year],
    )
    return rows[0] if rows else None


def last_rejects(db: Path) -> list[tuple]:
    return q(
        db,
        "SELECT row_number, column_name, value, reason FROM load_reject "
        "WHERE load_id = (SELECT max(load_id) FROM load_log) ORDER BY row_number",
    )


# --- Eurostat bulk TSV --------------------------------------------------------------------


def test_ind001_eurostat_tsv_values_flags_and_missing(live):
    load_indicators(
        live,
        FIXTURES / "nama_10r_3gdp.tsv",
        fmt="eurostat",
        metadata=META,
        reporter=quiet(),
    )
    # "30700 p" -> 30700 with flag p; "23300.0" -> 23300; ":" -> no row.
    assert value(live, "WAL", "fx_gdp_pps_hab", 2022) == (30700.0, "p", False, "BE3")
    assert value(live, "WAL", "fx_gdp_pps_hab", 2014) == (23300.0, None, False, "BE3")
    assert value(live, "WAL", "fx_gdp_pps_hab", 2002) is None
    assert value(live, "EU27", "fx_gdp_pps_hab", 2022)[0] == 35400.0
    # Saxony: the published DED value is kept; the parts are stored with their flags.
    assert value(live, "SAX", "fx_gdp_pps_hab", 2019)[2] is False
    parts = q(
        live,
        "SELECT geo_code, value, flag, source_code FROM fct_indicator_part_value "
        "WHERE indicator_id = 'fx_gdp_pps_hab' AND year = 2019 AND region_id = 'SAX' "
        "ORDER BY geo_code",
    )
    assert parts[0] == ("DED2", 29600.0, "e", "nama_10r_3gdp")
    assert [p[0] for p in parts] == ["DED2", "DED4", "DED5"]
    assert q(
        live,
        "SELECT flag FROM fct_indicator_part_value WHERE geo_code = 'SI03' "
        "AND indicator_id = 'fx_gdp_pps_hab' AND year = 2008",
    ) == [("b",)]
    log = q(
        live,
        "SELECT rows_read, rows_loaded, rows_rejected, status, message FROM load_log "
        "WHERE load_id = (SELECT max(load_id) FROM load_log)",
    )[0]
    assert log[:4] == (13, 13, 0, "loaded")
    assert "missing values (':') skipped" in log[4]


def test_ind002_nuts2013_codes_are_recoded(live):
    load_indicators(
        live, FIXTURES / "tgs00006.tsv", fmt="eurostat", metadata=META, reporter=quiet()
    )
    # FR24 is Centre-Val de Loire (FRB0), LT00 is Lithuania (LT): whole-region values.
    assert value(live, "CVL", "fx_gdp_pc_eu", 2016) == (86.0, None, False, "FRB0")
    assert value(live, "LTU", "fx_gdp_pc_eu", 2005) == (53.0, None, False, "LT")
    # FR30 and FR22 are the parts FRE1 and FRE2 of Hauts-de-France.
    parts = q(
        live,
        "SELECT geo_code, value FROM fct_indicator_part_value WHERE region_id = 'HDF' "
        "AND indicator_id = 'fx_gdp_pc_eu' AND year = 2016 ORDER BY geo_code",
    )
    assert parts == [("FRE1", 83.0), ("FRE2", 78.0)]
    # HU10 is a region outside the scoreboard: left out on purpose, not an error.
    assert last_rejects(live) == []
    message = q(live, "SELECT message FROM load_log ORDER BY load_id DESC LIMIT 1")
    assert "1 line of regions outside the scoreboard not selected" in message[0][0]


def test_ind003_eurostat_series_not_in_metadata_and_bad_cells_are_rejected(
    live, tmp_path
):
    text = (FIXTURES / "nama_10r_3gdp.tsv").read_text()
    lines = text.splitlines()
    lines.append(lines[2].replace("PPS_EU27_2020_HAB", "EUR_HAB"))  # another series
    lines[3] = lines[3].replace("25300 ", "25x00 ")  # BE31 2003
    lines[4] = lines[4].replace("17600 ", "-17600 ")  # DED 2003: impossible negative
    bad = tmp_path / "nama_10r_3gdp.tsv"
    bad.write_text("\n".join(lines) + "\n")
    load_indicators(
        live, bad, fmt="eurostat", metadata=META, reporter=quiet(), max_reject_share=1
    )
    reasons = {(r[0], r[1]): r[3] for r in last_rejects(live)}
    assert reasons[(4, "2003")] == "not a number"
    assert reasons[(5, "2003")].startswith("negative value")
    # Another series of the dataset is not selected (not a reject); the notes give
    # the filter line that would select it.
    assert 15 not in {r[0] for r in last_rejects(live)}
    message = q(live, "SELECT message FROM load_log ORDER BY load_id DESC LIMIT 1")
    assert "'unit=EUR_HAB' (1 line)" in message[0][0]
    # A rejected line loads nothing: no BE31 value at all.
    assert q(
        live,
        "SELECT count(*) FROM fct_indicator_part_value WHERE geo_code = 'BE31' "
        "AND indicator_id = 'fx_gdp_pps_hab'",
    ) == [(0,)]


def test_ind004_single_series_file_matches_its_dataset_without_a_filter(live):
    # The default metadata has no eurostat_filter: a single-series file still resolves.
    count = (
        "SELECT count(*) FROM fct_indicator_value "
        "WHERE indicator_id = 'gdp_pps_per_inhabitant' AND year >= 2005"
    )
    before = q(live, count)
    load_indicators(
        live,
        FIXTURES / "nama_10r_3gdp.tsv",
        fmt="eurostat",
        metadata=None,
        reporter=quiet(),
    )
    assert value(live, "WAL", "gdp_pps_per_inhabitant", 2022) == (
        30700.0,
        "p",
        False,
        "BE3",
    )
    # The snapshot starts in 2005; the file's 2005-2022 values replace it, not duplicate it.
    assert q(live, count) == before
    assert (
        "replaced by this file's"
        in q(live, "SELECT message FROM load_log ORDER BY load_id DESC LIMIT 1")[0][0]
    )


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("freq,unit,geo\tTIME\t2020", "not a Eurostat bulk TSV"),
        ("freq,unit,geo\\TIME_PERIOD\t2020Q1 ", "only annual data"),
        ("freq,unit,nuts\\TIME_PERIOD\t2020 ", "no 'geo' dimension"),
    ],
)
def test_ind005_malformed_tsv_header_aborts_and_leaves_database_identical(
    live, tmp_path, header, message
):
    bad = tmp_path / "nama_10r_3gdp.tsv"
    bad.write_text(header + "\nA,PPS_EU27_2020_HAB,BE3\t100 \n")
    before = sha(live)
    with pytest.raises(LoadError, match=message):
        load_indicators(live, bad, fmt="eurostat", metadata=META, reporter=quiet())
    assert sha(live) == before


def test_ind006_dataset_code_from_eurostat_file_names():
    assert dataset_code(Path("estat_nama_10r_3gdp.tsv.gz")) == "nama_10r_3gdp"
    assert dataset_code(Path("/x/TGS00006.tsv")) == "tgs00006"
    assert negative_allowed("z-score (EU mean = 0)") and not negative_allowed("persons")


# --- tidy tables and aggregation of NUTS-2 parts --------------------------------------------


def load_parts(db: Path) -> None:
    """Load the parts fixture with its metadata, as ``load-indicators`` does."""
    load_indicators(db, PARTS, fmt="tidy", metadata=META, reporter=quiet())


@pytest.mark.parametrize("as_xlsx", [False, True])
def test_ind010_parts_aggregate_by_hand_computed_rules(live, tmp_path, as_xlsx):
    source = PARTS
    if as_xlsx:
        source = tmp_path / "tidy_parts.xlsx"
        pd.read_csv(PARTS, dtype=str, keep_default_na=False).to_excel(
            source, index=False
        )
    load_indicators(live, source, fmt="tidy", metadata=META, reporter=quiet())
    # Rate, population-weighted: (10*1000 + 20*2000 + 40*1000) / 4000 = 22.5; part flag kept.
    assert value(live, "SAX", "fx_rate", 2020) == (22.5, "p", True, "DED2+DED4+DED5")
    # Count, summed: 1.5 + 2.25 + 3 = 6.75.
    assert value(live, "SAX", "fx_count", 2020) == (6.75, None, True, "DED2+DED4+DED5")
    # A published DED value exists for 2021: it is kept, nothing is derived.
    assert value(live, "SAX", "fx_rate", 2021) == (50.0, None, False, "DED")
    # DED5 missing in 2019: no value rather than a partial aggregate.
    assert value(live, "SAX", "fx_rate", 2019) is None
    assert value(live, "SAX", "fx_pop", 2019) == (4000.0, None, True, "DED2+DED4+DED5")
    # NUTS 2013 parts: FR30 = FRE1 (30, weight 3000), FR22 = FRE2 (60, weight 1000) -> 37.5.
    assert value(live, "HDF", "fx_rate", 2020) == (37.5, None, True, "FRE1+FRE2")
    assert value(live, "CVL", "fx_rate", 2020) == (7.0, None, False, "FRB0")
    assert value(live, "LTU", "fx_count", 2010) == (4.0, "e", False, "LT")
    # Index (aggregation none): parts only, no whole-region value for Lithuania.
    assert value(live, "LTU", "fx_index", 2020) is None
    assert q(
        live,
        "SELECT geo_code, value FROM fct_indicator_part_value WHERE indicator_id = 'fx_index' "
        "ORDER BY geo_code",
    ) == [("LT01", -0.5), ("LT02", 0.25)]
    message = q(live, "SELECT message FROM load_log ORDER BY load_id DESC LIMIT 1")[0][
        0
    ]
    assert "could not be derived: SAX fx_rate 2019 (no value for DED5)" in message
    assert "fx_index (LTU)" in message
    assert last_rejects(live) == []


def test_ind011_reloading_the_same_file_replaces_its_values(live):
    for _ in range(2):
        load_parts(live)
    counts = q(
        live,
        "SELECT count(*), count(DISTINCT (region_id, indicator_id, year)) "
        "FROM fct_indicator_value WHERE indicator_id LIKE 'fx_%'",
    )
    assert counts[0][0] == counts[0][1] == 10
    assert q(
        live,
        "SELECT count(*) FROM fct_indicator_part_value WHERE indicator_id LIKE 'fx_%'",
    ) == [(26,)]
    loads = q(
        live, "SELECT count(*) FROM load_log WHERE file_name LIKE '%tidy_parts.csv'"
    )
    assert loads == [(2,)]
    assert q(
        live, "SELECT count(*) FROM dim_indicator WHERE indicator_id LIKE 'fx_%'"
    ) == [(6,)]


def test_ind012_bad_rows_are_rejected_with_reasons(live):
    load_indicators(
        live,
        FIXTURES / "tidy_bad.csv",
        fmt="tidy",
        metadata=META,
        reporter=quiet(),
        max_reject_share=1,
    )
    got = {r[0]: (r[1], r[3]) for r in last_rejects(live)}
    assert got == {
        3: ("region", "unknown region code"),
        4: ("indicator_id", "unknown indicator (not in the metadata)"),
        5: ("value", "not a number"),
        6: ("value", "not a finite number"),
        7: ("value", "not a finite number"),
        8: ("value", "negative value, impossible for the unit 'persons'"),
        9: ("region", "duplicate key (first seen in row 2 as Saxony)"),
        11: ("region", "duplicate key (first seen in row 10 as FRB0)"),
        12: ("unit", "unit differs from the metadata of fx_rate ('% of labour force')"),
        13: ("year", "not a year"),
        15: ("region", "required value is empty"),
    }
    assert value(live, "SAX", "fx_rate", 2020) == (10.0, None, False, "DED")
    assert value(live, "CVL", "fx_rate", 2020) == (5.0, None, False, "FRB0")
    assert value(live, "SAX", "fx_index", 2020)[0] == -1.2
    log = q(
        live,
        "SELECT rows_read, rows_loaded, rows_rejected, status FROM load_log "
        "WHERE file_name LIKE '%tidy_bad.csv'",
    )
    assert log == [(14, 3, 11, "loaded_with_rejects")]


def test_ind013_metadata_rejects_and_updates(live, tmp_path):
    meta = tmp_path / "meta.csv"
    meta.write_text(
        "indicator_id,name,dimension,unit,direction,source,aggregation,weight_indicator_id\n"
        "gdp_pps_per_inhabitant,GDP per head (renamed),Economic context,PPS (EU27 from 2020) per inhabitant,1,Eurostat,weighted_mean,population\n"
        "Bad Id,x,Economic context,u,1,s,none,\n"
        "fx_a,x,Happiness,u,1,s,none,\n"
        "fx_b,x,Economic context,u,2,s,none,\n"
        "fx_c,x,Economic context,u,1,s,weighted_mean,\n"
        "fx_d,x,Economic context,u,1,s,weighted_mean,fx_nothing\n"
    )
    load_indicators(
        live,
        PARTS,
        fmt="tidy",
        metadata=meta,
        reporter=quiet(),
        max_reject_share=1,
    )
    name = q(
        live,
        "SELECT name FROM dim_indicator WHERE indicator_id = 'gdp_pps_per_inhabitant'",
    )
    assert name == [("GDP per head (renamed)",)]
    rejects = q(
        live,
        "SELECT row_number, column_name, reason FROM load_reject WHERE load_id = "
        "(SELECT load_id FROM load_log WHERE source_kind = 'indicator metadata' "
        "ORDER BY load_id DESC LIMIT 1) ORDER BY row_number",
    )
    assert [(r[0], r[1]) for r in rejects] == [
        (3, "indicator_id"),
        (4, "dimension"),
        (5, "direction"),
        (6, "weight_indicator_id"),
        (7, "weight_indicator_id"),
    ]
    # The fx_* values are unknown indicators now: rejected, not loaded.
    assert value(live, "SAX", "fx_rate", 2020) is None


def test_ind014_aborted_load_leaves_database_byte_identical(live, monkeypatch):
    import etl.framework

    before = sha(live)
    original = etl.framework.record_load
    calls = []

    def fail_on_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:  # after the metadata was written into the staged copy
            raise RuntimeError("disk full")
        return original(*args, **kwargs)

    monkeypatch.setattr(etl.framework, "record_load", fail_on_second)
    with pytest.raises(RuntimeError):
        load_parts(live)
    assert sha(live) == before
    assert list(live.parent.glob(".*.tmp")) == []


# --- the command line -----------------------------------------------------------------------


def run_cli(db: Path, *args: str) -> subprocess.CompletedProcess:
    return run_etl(db, "load-indicators", *args)


def test_ind020_cli_exit_codes(live, tmp_path):
    before = sha(live)
    missing = run_cli(live, str(tmp_path / "nope.csv"))
    assert missing.returncode == 1
    assert (
        "nope.csv: file not found" in missing.stderr
        and "Traceback" not in missing.stderr
    )
    usage = run_cli(live, str(FIXTURES / "tidy_bad.csv"), "--format", "sdmx")
    assert usage.returncode == 2
    header = run_cli(live, str(PARTS), "--format", "eurostat")
    assert header.returncode == 1 and "not a Eurostat bulk TSV" in header.stderr
    assert sha(live) == before

    # 11 of 14 rows rejected: over the default limit of 10%, nothing changes.
    limited = run_cli(live, str(FIXTURES / "tidy_bad.csv"), "--metadata", str(META))
    assert limited.returncode == 1
    assert "11 of 14 rows rejected (79%), more than the limit of 10%" in limited.stderr
    assert sha(live) == before

    ok = run_cli(
        live,
        str(FIXTURES / "tidy_bad.csv"),
        "--metadata",
        str(META),
        "--max-reject-share",
        "1",
    )
    assert ok.returncode == 0, ok.stderr
    assert "11 rejected" in ok.stdout and "unknown region code" in ok.stdout
    assert sha(live) != before


# --- the default build ------------------------------------------------------------------------


def test_ind030_default_build_derives_regions_from_parts_and_keeps_benchmarks(built_db):
    derived = q(
        built_db, "SELECT DISTINCT region_id FROM fct_indicator_value WHERE is_derived"
    )
    assert {r[0] for r in derived} == {"HDF", "LTU", "SAX", "SVN", "WAL"}
    # Every pilot has a recent GDP per head and a whole-region EQI (HDF derived from its
    # NUTS-2 parts, LTU and SVN published as national estimates or derived).
    gdp = q(
        built_db,
        "SELECT region_id FROM srv_indicator_latest WHERE indicator_id = 'gdp_pps_per_inhabitant'",
    )
    assert {r[0] for r in gdp} >= PILOTS
    eqi = q(
        built_db,
        "SELECT region_id FROM fct_indicator_value WHERE indicator_id = 'eqi_composite'",
    )
    assert {r[0] for r in eqi} == PILOTS
    eu28 = q(built_db, "SELECT is_pilot, name FROM dim_region WHERE region_id = 'EU28'")
    assert eu28[0][0] is False and "not EU27" in eu28[0][1]
    assert q(
        built_db,
        "SELECT count(*) FROM dim_indicator WHERE dimension = "
        "'Collaboration and internationalisation'",
    ) == [(0,)]
    # Wallonia's tertiary attainment 2018 = population-weighted mean of BE31..BE35.
    parts = q(
        built_db,
        "SELECT p.value, w.value FROM fct_indicator_part_value p "
        "JOIN fct_indicator_part_value w ON w.geo_code = p.geo_code AND w.year = p.year "
        "AND w.indicator_id = 'population' WHERE p.indicator_id = 'tertiary_attainment_25_64' "
        "AND p.year = 2018 AND p.region_id = 'WAL'",
    )
    assert len(parts) == 5
    expected = sum(v * w for v, w in parts) / sum(w for _, w in parts)
    got = value(built_db, "WAL", "tertiary_attainment_25_64", 2018)
    assert got[0] == pytest.approx(expected) and got[2] is True
