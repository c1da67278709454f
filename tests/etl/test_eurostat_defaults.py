"""Eurostat files of every default dataset load with the default metadata, in both layouts.

Each file holds the scoreboard's series (the snapshot's values) beside other sexes,
ages, units and sectors with other values (``eurostat_files.py``): the load must take
exactly the snapshot's series, count the others as "not selected" rather than as
rejects, and leave no reject.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest
from eurostat_files import DATASETS, snapshot_rows, write_file

from etl.commands import load_indicators
from etl.report import Reporter


def quiet() -> Reporter:
    return Reporter(stream=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture()
def live(tmp_path: Path, built_db: Path) -> Path:
    copy = tmp_path / "live.duckdb"
    shutil.copyfile(built_db, copy)
    return copy


def loaded_values(db: Path, load_id: int) -> dict[tuple, tuple]:
    """(geo code, indicator, year) -> (value, flag) of one load's published values."""
    with duckdb.connect(str(db), read_only=True) as con:
        regions = con.execute(
            "SELECT geo_code, indicator_id, year, value, flag FROM fct_indicator_value "
            "WHERE load_id = ? AND NOT is_derived",
            [load_id],
        ).fetchall()
        parts = con.execute(
            "SELECT geo_code, indicator_id, year, value, flag "
            "FROM fct_indicator_part_value WHERE load_id = ?",
            [load_id],
        ).fetchall()
    return {(g, i, y): (v, f or "") for g, i, y, v, f in regions + parts}


@pytest.mark.parametrize("layout", ["current", "old"])
@pytest.mark.parametrize("code", sorted(DATASETS))
def test_eud001_default_dataset_file_loads_exactly_the_snapshot_series(
    live: Path, tmp_path: Path, code: str, layout: str
) -> None:
    rows = snapshot_rows(code)
    assert rows, f"the snapshot has no {code} values"
    path = write_file(tmp_path, code, rows, layout=layout, compressed=True)

    load_indicators(live, path, fmt="eurostat", metadata=None, reporter=quiet())

    with duckdb.connect(str(live), read_only=True) as con:
        load_id, rejected, message = con.execute(
            "SELECT load_id, rows_rejected, message FROM load_log "
            "ORDER BY load_id DESC LIMIT 1"
        ).fetchall()[0]
    assert rejected == 0
    got = loaded_values(live, load_id)
    # NOTE: the snapshot writes recoded NUTS 2013 codes under their NUTS 2016 code, so
    # the file's codes are the stored geo codes.
    expected = {(r.geo, r.indicator_id, r.year): (float(r.value), r.flag) for r in rows}
    assert got == expected
    if DATASETS[code].others:
        assert "not selected by any indicator's eurostat_filter" in message
