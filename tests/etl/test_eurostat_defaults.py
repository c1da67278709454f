"""Eurostat files of every default dataset load with the default metadata, in both layouts.

Each file holds the scoreboard's series (the snapshot's values) beside other sexes,
ages, units and sectors with other values (``eurostat_files.py``): the load must take
exactly the snapshot's series, count the others as "not selected" rather than as
rejects, and leave no reject.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import duckdb
import pytest
from eurostat_files import DATASETS, snapshot_rows, write_file

from etl.commands import load_indicators
from etl.framework import LoadError
from etl.lookups import Lookups
from etl.sources.indicators import indicator_context, parse_eurostat
from tests.etl_helpers import quiet, sha


def _series_of(line: str, code: str, layout: str) -> tuple:
    """The scoreboard-style series key of a written line (old codes mapped back)."""
    structure = DATASETS[code]
    dims = structure.current if layout == "current" else structure.old
    key = line.split("\t")[0].split(",")
    if layout == "current":
        key = key[1:]
    back = {v: k for k, v in structure.old_codes.items()}
    pairs = {d: back.get(v, v) for d, v in zip(dims, key, strict=False)}
    # A dimension the older layout lacks takes the scoreboard's code.
    for wanted in structure.series.values():
        full = {**{d: v for d, v in wanted.items() if d not in pairs}, **pairs}
        if full == wanted:
            return tuple(sorted(full.items()))
    return tuple(sorted(pairs.items()))


def parsed_values(parsed) -> dict[tuple, tuple]:
    """(geo code, indicator, year) -> (value, flag) of a file's published values."""
    facts = parsed.tables["fct_indicator_value"]
    facts = facts[~facts["is_derived"]]
    parts = parsed.tables["fct_indicator_part_value"]
    return {
        (g, i, int(y)): (float(v), f if isinstance(f, str) else "")
        for frame in (facts, parts)
        for g, i, y, v, f in frame[
            ["geo_code", "indicator_id", "year", "value", "flag"]
        ].itertuples(index=False)
    }


@pytest.fixture(scope="module")
def context(built_db: Path):
    """What a load into the default database resolves through (read-only)."""
    with duckdb.connect(str(built_db), read_only=True) as con:
        yield indicator_context(con, Lookups.from_connection(con), load_id=1_000)


@pytest.mark.parametrize("layout", ["current", "old"])
@pytest.mark.parametrize("code", sorted(DATASETS))
def test_eud001_default_dataset_file_selects_exactly_the_snapshot_series(
    context, tmp_path: Path, code: str, layout: str
) -> None:
    rows = snapshot_rows(code)
    assert rows, f"the snapshot has no {code} values"
    path = write_file(tmp_path, code, rows, layout=layout, compressed=True)

    # NOTE: the parser a load runs, with the default metadata; writing the result is
    # proven end to end by eud003 and the refresh tests.
    parsed = parse_eurostat(path, context)

    assert parsed.rejects == []
    # Every line of another series is counted as not selected, none as loaded.
    series = {tuple(sorted(s.items())) for s in DATASETS[code].series.values()}
    lines = gzip.decompress(path.read_bytes()).decode().splitlines()[1:]
    ours = sum(1 for line in lines if _series_of(line, code, layout) in series)
    assert (parsed.rows_loaded, parsed.rows_not_selected) == (ours, len(lines) - ours)
    # NOTE: the snapshot writes recoded NUTS 2013 codes under their NUTS 2016 code, so
    # the file's codes are the stored geo codes.
    expected = {(r.geo, r.indicator_id, r.year): (float(r.value), r.flag) for r in rows}
    assert parsed_values(parsed) == expected
    if DATASETS[code].others:
        assert any(
            "not selected by any indicator's eurostat_filter" in n for n in parsed.notes
        )


@pytest.mark.parametrize("layout", ["current", "old"])
def test_eud003_a_default_dataset_file_loads_with_the_default_metadata(
    live: Path, tmp_path: Path, layout: str
) -> None:
    # Regional unemployment with its sex and age dimensions, as an analyst downloads it.
    rows = snapshot_rows("tgs00010")
    path = write_file(tmp_path, "tgs00010", rows, layout=layout, compressed=False)
    load_indicators(live, path, fmt="eurostat", metadata=None, reporter=quiet())
    with duckdb.connect(str(live), read_only=True) as con:
        read, loaded, rejected, skipped = con.execute(
            "SELECT rows_read, rows_loaded, rows_rejected, rows_not_selected "
            "FROM load_log ORDER BY load_id DESC LIMIT 1"
        ).fetchall()[0]
        value = con.execute(
            "SELECT value FROM fct_indicator_value WHERE region_id = 'CAN' "
            "AND indicator_id = 'unemployment_rate' AND year = 2019"
        ).fetchall()
    assert rejected == 0 and loaded > 0 and skipped > 0
    assert read == loaded + skipped
    assert value == [(10.3,)]


def test_eud002_a_file_of_other_series_only_fails_naming_them(live, tmp_path):
    # Unemployment in the older layout, women and men only: nothing is selected, and
    # the load fails (never "Loaded" with 0 rows), naming the series and filter lines.
    rows = [r for r in snapshot_rows("tgs00010") if r.year >= 2017]
    path = write_file(tmp_path, "tgs00010", rows, layout="old", compressed=False)
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0], *(x for x in lines[1:] if ",T," not in x)]))
    before = sha(live)
    with pytest.raises(LoadError) as err:
        load_indicators(live, path, fmt="eurostat", metadata=None, reporter=quiet())
    message = str(err.value)
    assert "no line of the file is selected" in message
    assert "'unit=PC;sex=F;age=Y_GE15'" in message
    assert "'unit=PC;sex=M;age=Y_GE15'" in message
    assert sha(live) == before
