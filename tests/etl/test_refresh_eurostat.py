"""``refresh-eurostat`` against a local stand-in for Eurostat's API (no internet).

The server (``eurostat_server.py``) serves, at the API's own paths, every default
dataset in the API's current layout, built from the snapshot's values with other series
beside (``eurostat_files.py``), plus a newer year for unemployment and population and
one revised unemployment value. The expected whole-region values below are computed by
hand from the numbers written here.
"""

from __future__ import annotations

import gzip
import io
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from eurostat_files import DATASETS, Row, snapshot_rows, write_file
from eurostat_server import FakeEurostat

from etl.framework import LoadError
from etl.refresh import refresh_eurostat
from etl.report import Reporter
from tests.etl_helpers import db_rows as q
from tests.etl_helpers import etl_env, run_etl, sha

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]

# The revision: Cantabria's 2019 unemployment rate, 10.3 in the snapshot, now 9.9.
REVISED = Row("ES13", "unemployment_rate", 2019, "9.9", "")
SNAPSHOT_ES13_2019 = 10.3
# A new year 2020 (hand-chosen values).
UNEMPLOYMENT_2020 = {
    "ES13": "10.5",
    "FI1D": "9",
    "FRB0": "7.5",
    "ITC1": "8",
    "SE31": "9.5",
    "BE31": "4",
    "BE32": "10",
    "BE33": "8",
    "BE34": "6",
    "BE35": "12",
    "DED2": "4",
    "DED4": "5",
    "DED5": "6",
    "FRE1": "10",
    "FRE2": "12",
    "LT01": "6",
    "LT02": "9",
    "SI03": "6",
    "SI04": "4",
}
POPULATION_2020 = {
    "BE31": "400000",
    "BE32": "1300000",
    "BE33": "1100000",
    "BE34": "300000",
    "BE35": "500000",
    "DED2": "1600000",
    "DED4": "1400000",
    "DED5": "1000000",
    "FRE1": "4000000",
    "FRE2": "2000000",
    "LT01": "800000",
    "LT02": "2000000",
    "SI03": "1000000",
    "SI04": "1100000",
}
# Population-weighted means of the parts, by hand:
# WAL (4*.4 + 10*1.3 + 8*1.1 + 6*.3 + 12*.5) / 3.6 = 31.2 / 3.6
# SAX (4*1.6 + 5*1.4 + 6*1.0) / 4.0 = 19.4 / 4;  HDF (10*4 + 12*2) / 6 = 64 / 6
# LTU (6*.8 + 9*2) / 2.8 = 22.8 / 2.8;  SVN (6*1 + 4*1.1) / 2.1 = 10.4 / 2.1
DERIVED_2020 = {
    "WAL": 31.2 / 3.6,
    "SAX": 19.4 / 4,
    "HDF": 64 / 6,
    "LTU": 22.8 / 2.8,
    "SVN": 10.4 / 2.1,
}
PILOTS = ["CAN", "CVL", "ENF", "HDF", "LTU", "NMS", "PIE", "SAX", "SVN", "WAL"]
PINNED = {"tgs00040"}  # EPO patents: pinned in the default metadata


def dataset_rows(code: str) -> list[Row]:
    rows = snapshot_rows(code)
    if code == "tgs00010":
        rows = [r for r in rows if (r.geo, r.year) != (REVISED.geo, REVISED.year)]
        rows.append(REVISED)
        rows += [
            Row(g, "unemployment_rate", 2020, v, "")
            for g, v in UNEMPLOYMENT_2020.items()
        ]
    if code == "tgs00096":
        rows += [Row(g, "population", 2020, v, "") for g, v in POPULATION_2020.items()]
    return rows


@pytest.fixture()
def eurostat(tmp_path: Path):
    files = tmp_path / "served"
    files.mkdir()
    with FakeEurostat() as fake:
        for code in DATASETS:
            if code in PINNED:
                continue
            fake.add(code, write_file(files, code, dataset_rows(code)))
        yield fake


def run(live: Path, fake: FakeEurostat, tmp_path: Path, **options):
    out = io.StringIO()
    changes = refresh_eurostat(
        live,
        base=fake.base,
        cache=tmp_path / "cache",
        reporter=Reporter(stream=out),
        backoff=options.pop("backoff", 0.01),
        **options,
    )
    return changes, out.getvalue()


def test_rfe001_refresh_reports_exactly_the_new_years_and_the_revision(
    live, eurostat, tmp_path
):
    changes, out = run(live, eurostat, tmp_path)

    # Every dataset of the metadata but the pinned one was asked for, once, as TSV.
    assert set(eurostat.requests) == set(DATASETS) - PINNED
    assert all(n == 1 for n in eurostat.requests.values())
    assert all(q["format"] == ["TSV"] for q in eurostat.queries)
    unemployment = changes["unemployment_rate"]
    assert unemployment.new_years == {2020: PILOTS}
    assert [(r[0], r[1], r[2], r[3]) for r in unemployment.revised] == [
        ("CAN", 2019, SNAPSHOT_ES13_2019, 9.9)
    ]
    assert unemployment.vanished_series == []
    assert changes["population"].new_years == {2020: ["HDF", "SAX", "WAL"]}
    for indicator_id, c in changes.items():
        if indicator_id not in {"unemployment_rate", "population"}:
            assert c.new_years == {}, indicator_id
        if indicator_id != "unemployment_rate":
            assert c.revised == [], indicator_id
        assert c.vanished_series == [] and c.vanished_values == 0, indicator_id
    assert "CAN 2019: 10.3 -> 9.9" in out
    assert "new year 2020: CAN, CVL, ENF, HDF, LTU, NMS, PIE, SAX, SVN, WAL" in out
    assert "pinned, kept as loaded: epo_patents_per_mhab" in out

    # The database holds the refreshed values; derived whole-region values come
    # from the refreshed parts, weighted by the refreshed population.
    got = dict(
        q(
            live,
            "SELECT region_id, value FROM fct_indicator_value WHERE indicator_id = "
            "'unemployment_rate' AND year = 2020 AND is_derived",
        )
    )
    assert got.keys() == DERIVED_2020.keys()
    for region, expected in DERIVED_2020.items():
        assert got[region] == pytest.approx(expected, rel=1e-12), region
    assert q(
        live,
        "SELECT value, is_derived FROM fct_indicator_value WHERE region_id = 'CAN' "
        "AND indicator_id = 'unemployment_rate' AND year = 2019",
    ) == [(9.9, False)]
    # load_log: URL and retrieval time of each download.
    logged = q(
        live,
        "SELECT file_name, source_url, retrieved_at FROM load_log "
        "WHERE source_url IS NOT NULL ORDER BY load_id",
    )
    assert len(logged) == len(DATASETS) - len(PINNED)
    assert all(url.startswith(eurostat.base + "/data/") for _, url, _ in logged)
    assert all(when is not None for _, _, when in logged)
    # The cache keeps each file with its SHA-256, URL and retrieval time.
    manifest = (tmp_path / "cache" / "tgs00010.json").read_text()
    assert sha(tmp_path / "cache" / "tgs00010.tsv.gz") in manifest
    assert eurostat.base + "/data/tgs00010?format=TSV&compressed=true" in manifest


def test_rfe002_dry_run_reports_and_leaves_the_database_byte_identical(
    live, eurostat, tmp_path
):
    before = sha(live)
    changes, out = run(live, eurostat, tmp_path, dry_run=True)
    assert sha(live) == before
    assert changes["unemployment_rate"].new_years == {2020: PILOTS}
    assert "CAN 2019: 10.3 -> 9.9" in out
    assert "Dry run: nothing was changed" in out


def test_rfe003_only_refreshes_the_named_dataset(live, eurostat, tmp_path):
    changes, _ = run(live, eurostat, tmp_path, only=["tgs00010"])
    assert set(eurostat.requests) == {"tgs00010"}
    assert set(changes) == {"unemployment_rate"}


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("missing", "Eurostat dataset tgs00010: unknown dataset code (HTTP 404"),
        ("truncated", "Eurostat dataset tgs00010: the gzip file is truncated"),
        ("stall", "Eurostat dataset tgs00010: the download stalled"),
        ("html", "Eurostat dataset tgs00010: the server answered with an HTML"),
    ],
)
def test_rfe004_a_failed_download_names_the_dataset_and_changes_nothing(
    live, eurostat, tmp_path, mode, message
):
    if mode == "missing":
        del eurostat.files["tgs00010"]
    else:
        eurostat.modes["tgs00010"] = mode
    before = sha(live)
    with pytest.raises(LoadError, match=re.escape(message)):
        run(live, eurostat, tmp_path, timeout=0.5, retries=1)
    assert sha(live) == before
    # A 404 is not retried; the others are, once.
    assert eurostat.requests["tgs00010"] == (1 if mode == "missing" else 2)


@pytest.mark.parametrize(
    ("code", "dropped", "messages"),
    [
        # Only other sexes: nothing at all is selected.
        (
            "tgs00010",
            ",T,",
            [
                "no line of the file is selected",
                "'isced11=TOTAL;sex=F;age=Y_GE15;unit=PC'",
            ],
        ),
        # No business-sector lines: BERD would silently lose every value.
        (
            "rd_e_gerdreg",
            "BES,",
            [
                "the eurostat_filter of berd_pc_gdp (sectperf=BES;unit=PC_GDP) "
                "selects no series of rd_e_gerdreg",
                "'sectperf=GOV;unit=PC_GDP'",
            ],
        ),
    ],
)
def test_rfe005_a_filter_that_selects_nothing_fails_and_names_the_series(
    live, eurostat, tmp_path, code, dropped, messages
):
    path = write_file(tmp_path, code, snapshot_rows(code))
    text = gzip.decompress(path.read_bytes()).decode()
    kept = [line for line in text.splitlines() if dropped not in line.split("\t")[0]]
    eurostat.files[code] = gzip.compress(("\n".join(kept) + "\n").encode())
    before = sha(live)
    with pytest.raises(LoadError) as err:
        run(live, eurostat, tmp_path, only=[code])
    for message in messages:
        assert message in str(err.value)
    assert sha(live) == before


def test_rfe006_command_line_exit_codes(live, eurostat, tmp_path):
    env = {
        "SCOREBOARD_EUROSTAT_API": eurostat.base,
        "SCOREBOARD_EUROSTAT_CACHE": str(tmp_path / "cache"),
    }
    before = sha(live)
    ok = run_etl(live, "refresh-eurostat", "--only", "tgs00010", "--dry-run", env=env)
    assert ok.returncode == 0, ok.stderr
    assert "tgs00010" in ok.stdout and "bytes" in ok.stdout  # the progress line
    assert "CAN 2019: 10.3 -> 9.9" in ok.stdout
    unknown = run_etl(live, "refresh-eurostat", "--only", "nama_10r_2gdp", env=env)
    assert unknown.returncode == 1
    assert "--only nama_10r_2gdp: not a Eurostat dataset of the metadata" in (
        unknown.stderr
    )
    assert sha(live) == before


def test_rfe007_charts_and_data_page_say_when_values_were_retrieved(
    live, eurostat, tmp_path
):
    run(live, eurostat, tmp_path, only=["tgs00010"])
    script = (
        "from dashboard.queries import indicators, meta\n"
        "v = indicators.indicator_values(['unemployment_rate', 'eqi_composite'])\n"
        "for i, codes in v.groupby('indicator_id')['source_code']:\n"
        "    print(i, '|', sorted(set(codes)))\n"
        "r = meta.eurostat_retrievals()\n"
        "print('retrievals', list(r['source_code']), list(r['indicators']))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        env=etl_env(live),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    day = q(live, "SELECT max(retrieved_at)::DATE FROM load_log")[0][0]
    assert f"unemployment_rate | ['tgs00010, retrieved from Eurostat on {day}']" in out
    assert "eqi_composite | ['EQI']" in out  # snapshot values: no retrieval date
    assert "retrievals ['tgs00010'] [1]" in out


def test_rfe008_a_refresh_can_be_published_as_the_committed_snapshot(
    live, eurostat, tmp_path
):
    from etl.extract import eurostat_refresh
    from etl.extract import indicator_snapshot as snap

    run(live, eurostat, tmp_path, only=["tgs00010"])
    with duckdb.connect(str(live), read_only=True) as con:
        rows, manifest = eurostat_refresh.refreshed_rows(con)
    assert set(manifest) == {"tgs00010"}
    assert manifest["tgs00010"]["indicators"] == ["unemployment_rate"]
    assert manifest["tgs00010"]["url"].startswith(eurostat.base + "/data/tgs00010")
    # Applied to the committed snapshot: exactly the revision and the new year.
    committed = snap.read_text_csv(
        REPO / "data" / "indicators" / "default_indicators.csv"
    )
    tidy = committed.assign(
        year=committed["year"].astype(int), value=committed["value"].astype(float)
    )
    applied = snap.apply_refresh(tidy, rows, snap.SPECS)
    key = ["indicator_id", "region", "year"]
    old = tidy.set_index(key)["value"]
    new = applied.set_index(key)["value"]
    assert set(new.index) - set(old.index) == {
        ("unemployment_rate", g, 2020) for g in UNEMPLOYMENT_2020
    }
    assert set(old.index) - set(new.index) == set()
    changed = [k for k in old.index if old[k] != new[k]]
    assert changed == [("unemployment_rate", "ES13", 2019)]
    assert new[("unemployment_rate", "ES13", 2019)] == 9.9


def test_rfe009_the_reject_limit_applies_to_each_refreshed_file(
    live, eurostat, tmp_path
):
    # Every selected unemployment line carries a cell that is not a number: far more
    # than 10% of the rows considered (other sexes and education levels not counted).
    path = write_file(tmp_path, "tgs00010", dataset_rows("tgs00010"))
    lines = gzip.decompress(path.read_bytes()).decode().splitlines()
    broken = []
    for line in lines[1:]:
        key, *cells = line.split("\t")
        if key.startswith("A,TOTAL,T,"):
            cells[0] = "x1 "
        broken.append("\t".join([key, *cells]))
    eurostat.files["tgs00010"] = gzip.compress(
        ("\n".join([lines[0], *broken]) + "\n").encode()
    )
    before = sha(live)
    with pytest.raises(LoadError, match="not a number"):
        run(live, eurostat, tmp_path, only=["tgs00010"])
    assert sha(live) == before
    # Raised, the same file passes (and its broken lines are stored as rejects).
    run(live, eurostat, tmp_path, only=["tgs00010"], max_reject_share=1)
    assert sha(live) != before


def test_rfe010_metadata_pins_an_indicator_for_a_refresh(live, eurostat, tmp_path):
    meta = pd.read_csv(REPO / "data" / "indicators" / "indicators.csv", dtype=str)
    row = meta[meta["indicator_id"] == "unemployment_rate"].copy()
    row["eurostat_pinned"] = "keep the published 2019 figures for the report"
    pinned = tmp_path / "pin.csv"
    row.to_csv(pinned, index=False)
    changes, out = run(live, eurostat, tmp_path, metadata=pinned)
    assert "tgs00010" not in eurostat.requests
    assert "unemployment_rate" not in changes
    assert "pinned, kept as loaded: unemployment_rate (keep the published" in out
    assert q(
        live,
        "SELECT value FROM fct_indicator_value WHERE region_id = 'CAN' "
        "AND indicator_id = 'unemployment_rate' AND year = 2019",
    ) == [(SNAPSHOT_ES13_2019,)]
    # The pin is in the database: the next refresh keeps it without the file.
    run(live, eurostat, tmp_path, only=["tgs00096"])
    with pytest.raises(LoadError, match="--only tgs00010: its indicators"):
        run(live, eurostat, tmp_path, only=["tgs00010"])
