"""Tests of the committed indicator snapshot and of its extraction step.

The snapshot in ``data/indicators/`` is produced by
``python -m etl.extract.indicator_snapshot`` from the maintainers' folder of upstream
copies (the tool's default, ``DEFAULT_SHARED``). Most tests read only the committed files;
the reproduction test needs that folder and says so when it is absent, as in a clone.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from dashboard.analytics import scoreboard as sb
from etl.extract import indicator_snapshot as snap
from tests.etl_helpers import run_module

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "data" / "indicators"
SHARED = snap.DEFAULT_SHARED
OUTPUT_FILES = ("default_indicators.csv", "indicators.csv", "PROVENANCE.md")

# The files' header lines, as a spreadsheet or a script reading them sees them.
TIDY_HEADER = "region,indicator_id,year,value,unit,flag,source_code,source_file"
META_HEADER = (
    "indicator_id,name,dimension,unit,direction,source,source_code,definition,"
    "aggregation,weight_indicator_id,caveat,eurostat_filter,eurostat_code,"
    "eurostat_pinned"
)
# Every indicator belongs to a dimension the scoreboard shows.
DIMENSIONS = {*sb.EOCIC_DIMENSIONS, sb.CONTEXT_DIMENSION}
# The ten pilot regions (target code -> NUTS-2 parts), written out independently of
# the module under test.
TEN_REGIONS = {
    "ES13": ("ES13",),
    "FRB0": ("FRB0",),
    "FI1D": ("FI1D",),
    "FRE": ("FRE1", "FRE2"),
    "LT": ("LT01", "LT02"),
    "SE31": ("SE31",),
    "ITC1": ("ITC1",),
    "DED": ("DED2", "DED4", "DED5"),
    "SI": ("SI03", "SI04"),
    "BE3": ("BE31", "BE32", "BE33", "BE34", "BE35"),
}
BENCHMARKS = {"EU27_2020", "EU28"}
CORE_INDICATORS = ("gdp_pps_per_inhabitant", "unemployment_rate", "gerd_pc_gdp")


@pytest.fixture(scope="module")
def values() -> pd.DataFrame:
    """The committed tidy values, all cells as text."""
    return pd.read_csv(OUT / "default_indicators.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def meta() -> pd.DataFrame:
    """The committed indicator metadata, all cells as text."""
    return pd.read_csv(OUT / "indicators.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def cells(values: pd.DataFrame) -> set[tuple[str, str, int]]:
    """(indicator_id, region, year) of every committed value."""
    years = values["year"].astype(int)
    return set(zip(values["indicator_id"], values["region"], years, strict=True))


def _derivable_years(
    cells: set[tuple[str, str, int]], indicator_id: str, parts: tuple[str, ...]
) -> set[int]:
    """Years in which every part has a value."""
    years = {y for i, _r, y in cells if i == indicator_id}
    return {y for y in years if all((indicator_id, p, y) in cells for p in parts)}


def test_isn001_rerun_reproduces_committed_files_byte_for_byte(
    tmp_path: Path,
) -> None:
    if not SHARED.is_dir():
        pytest.skip(
            "the snapshot's upstream copies are not beside this checkout; the committed "
            "files are checked by the other tests here"
        )
    result = run_module(
        "etl.extract.indicator_snapshot",
        "--shared-data",
        str(SHARED),
        "--out",
        str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    for name in OUTPUT_FILES:
        fresh = (tmp_path / name).read_bytes()
        committed = (OUT / name).read_bytes()
        assert fresh == committed, f"{name} differs from a fresh extraction"


def test_isn002_columns_are_exact(values: pd.DataFrame, meta: pd.DataFrame) -> None:
    assert ",".join(values.columns) == TIDY_HEADER
    assert ",".join(meta.columns) == META_HEADER


def test_isn003_every_indicator_has_metadata_and_vice_versa(
    values: pd.DataFrame, meta: pd.DataFrame
) -> None:
    assert meta["indicator_id"].is_unique
    assert set(values["indicator_id"]) == set(meta["indicator_id"])
    for indicator_id in meta["indicator_id"]:
        assert indicator_id == indicator_id.lower()
        assert indicator_id.replace("_", "").isalnum()


def test_isn004_dimensions_are_the_seven_allowed(meta: pd.DataFrame) -> None:
    assert len(DIMENSIONS) == 7
    assert set(meta["dimension"]) <= DIMENSIONS


def test_isn005_direction_is_plus_or_minus_one(meta: pd.DataFrame) -> None:
    assert set(meta["direction"]) <= {"1", "-1"}
    direction = dict(zip(meta["indicator_id"], meta["direction"], strict=True))
    assert direction["unemployment_rate"] == "-1"


def test_isn006_weighted_means_name_a_weight_in_the_snapshot(
    values: pd.DataFrame, meta: pd.DataFrame
) -> None:
    assert set(meta["aggregation"]) <= {"weighted_mean", "sum", "none"}
    ids = set(meta["indicator_id"])
    weighted = meta[meta["aggregation"] == "weighted_mean"]
    assert not weighted.empty
    for row in weighted.itertuples():
        assert row.weight_indicator_id in ids, row.indicator_id
        assert (values["indicator_id"] == row.weight_indicator_id).any()
    others = meta[meta["aggregation"] != "weighted_mean"]
    assert (others["weight_indicator_id"] == "").all()


def test_isn007_weights_cover_derivable_cells_or_the_gap_is_stated(
    meta: pd.DataFrame, cells: set[tuple[str, str, int]]
) -> None:
    for row in meta[meta["aggregation"] == "weighted_mean"].itertuples():
        for target, parts in TEN_REGIONS.items():
            if parts == (target,):
                continue
            for year in _derivable_years(cells, row.indicator_id, parts):
                if (row.indicator_id, target, year) in cells:
                    continue
                weighted = all(
                    (row.weight_indicator_id, p, year) in cells for p in parts
                )
                if not weighted:
                    gap_note = row.caveat.partition("Cannot be derived")[2]
                    assert f"{target} " in gap_note, (row.indicator_id, target, year)


def test_isn008_values_are_finite_numbers(values: pd.DataFrame) -> None:
    numbers = [float(v) for v in values["value"]]
    assert all(math.isfinite(v) for v in numbers)
    assert values["year"].str.fullmatch(r"\d{4}").all()


def test_isn009_every_row_has_source_code_unit_and_file(values: pd.DataFrame) -> None:
    for column in ("source_code", "unit", "source_file"):
        assert (values[column].str.strip() != "").all(), column


def test_isn010_core_indicators_cover_the_ten_regions(
    meta: pd.DataFrame, cells: set[tuple[str, str, int]]
) -> None:
    weight = dict(zip(meta["indicator_id"], meta["weight_indicator_id"], strict=True))
    for indicator_id in CORE_INDICATORS:
        for target, parts in TEN_REGIONS.items():
            direct = any(i == indicator_id and r == target for i, r, _y in cells)
            derivable = any(
                all((weight[indicator_id], p, y) in cells for p in parts)
                for y in _derivable_years(cells, indicator_id, parts)
            )
            assert direct or derivable, (indicator_id, target)


def test_isn011_only_known_codes_and_one_eu_benchmark(
    values: pd.DataFrame, meta: pd.DataFrame
) -> None:
    known = set(TEN_REGIONS) | {p for ps in TEN_REGIONS.values() for p in ps}
    assert set(values["region"]) <= known | BENCHMARKS
    caveat = dict(zip(meta["indicator_id"], meta["caveat"], strict=True))
    for indicator_id, rows in values.groupby("indicator_id"):
        regions = set(rows["region"])
        assert not {"EU27_2020", "EU28"} <= regions, indicator_id
        if "EU28" in regions:
            assert "EU28" in caveat[indicator_id]


def test_isn012_snapshot_is_compact_unique_and_sorted(values: pd.DataFrame) -> None:
    assert (OUT / "default_indicators.csv").stat().st_size < 1_000_000
    assert not values.duplicated(["indicator_id", "region", "year"]).any()
    assert (values["year"].astype(int) >= 2005).all()
    order = values.assign(year=values["year"].astype(int)).sort_values(
        ["indicator_id", "region", "year"], kind="stable"
    )
    assert list(order.index) == list(values.index)


def test_isn013_derived_per_head_values_follow_their_formula(
    values: pd.DataFrame,
) -> None:
    key = ["region", "year"]
    per_head = values[values["indicator_id"] == "erdf_payments_eur_per_inhabitant"]
    payments = values[values["indicator_id"] == "erdf_payments_eur"]
    population = values[values["indicator_id"] == "population"]
    assert not per_head.empty
    assert (per_head["flag"] == "derived").all()
    merged = per_head.merge(payments, on=key, suffixes=("", "_eur")).merge(
        population, on=key, suffixes=("", "_pop")
    )
    assert len(merged) == len(per_head)
    for row in merged.itertuples():
        expected = round(float(row.value_eur) / float(row.value_pop), 2)
        assert float(row.value) == pytest.approx(expected, abs=1e-9)


def test_isn014_flags_are_eurostat_letters_or_documented_project_flags(
    values: pd.DataFrame,
) -> None:
    allowed = {"", "b", "e", "p", "derived", "derived: sum of SI01-SI04"}
    allowed |= set(snap.EQI_FLAGS.values()) | {snap.FLAG_NATIONAL_EQI}
    assert set(values["flag"]) <= allowed


def test_isn015_provenance_documents_every_indicator(meta: pd.DataFrame) -> None:
    text = (OUT / "PROVENANCE.md").read_text(encoding="utf-8")
    assert "python -m etl.extract.indicator_snapshot" in text
    for indicator_id in meta["indicator_id"]:
        assert f"### `{indicator_id}`" in text
    for commit in ("2328ab7c9685396a30112b14c4d7de04afa7b88e", "a4c1a8b4bd13398ec"):
        assert commit in text


def test_isn016_value_and_year_formatting_helpers() -> None:
    assert snap.format_value(16800.0) == "16800"
    assert snap.format_value(0.3829) == "0.3829"
    assert snap.format_value(-0.071) == "-0.071"
    with pytest.raises(ValueError):
        snap.format_value(float("nan"))
    assert snap.format_years([2012, 2008, 2009, 2010]) == "2008-2010, 2012"
    assert snap.format_years([]) == ""
