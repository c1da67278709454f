"""Governance for all ten regions, and published whole-region values before derived ones.

Decision (README "Indicators"): the EQI relates regional and national scores through
population weights, so a whole-region EQI of Hauts-de-France (and of Lithuania and
Slovenia where the release gives only their NUTS-2 parts) is the population-weighted
mean of the parts, marked † as derived. Where a source publishes the whole-region value
(Lithuania and Slovenia as countries, the EU27) that value is used and nothing is
derived. Expected numbers are transcribed from the releases (EQI long release 2024,
Eurostat tsc00011, Eurostat tgs00096) and computed by hand here.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.etl_helpers import db_rows

PILOTS = ("CAN", "CVL", "ENF", "HDF", "LTU", "NMS", "PIE", "SAX", "SVN", "WAL")


def _value(con, region: str, indicator: str, year: int) -> tuple:
    return con.execute(
        "SELECT value, is_derived, geo_code, flag FROM fct_indicator_value "
        "WHERE region_id = ? AND indicator_id = ? AND year = ?",
        [region, indicator, year],
    ).fetchone()


def test_gov001_every_pilot_region_has_a_whole_region_eqi(built_db: Path):
    regions = {
        r
        for (r,) in db_rows(
            built_db,
            "SELECT DISTINCT region_id FROM fct_indicator_value "
            "WHERE indicator_id = 'eqi_composite'",
        )
    }
    assert set(PILOTS) <= regions


def test_gov002_hauts_de_france_is_the_population_weighted_mean_of_its_parts(
    built_db: Path,
):
    # EQI 2017 (long release 2024): FRE1 0.399, FRE2 0.407; population on 1 January
    # 2017 (tgs00096): FRE1 4,072,379, FRE2 1,931,436.
    expected = (0.399 * 4072379 + 0.407 * 1931436) / (4072379 + 1931436)  # 0.40157
    with duckdb.connect(str(built_db), read_only=True) as con:
        value, derived, geo_code, _flag = _value(con, "HDF", "eqi_composite", 2017)
        rule = con.execute(
            "SELECT aggregation, weight_indicator_id FROM dim_indicator "
            "WHERE indicator_id = 'eqi_composite'"
        ).fetchone()
    assert value == pytest.approx(expected, abs=1e-9)
    assert derived is True and geo_code == "FRE1+FRE2"
    assert rule == ("weighted_mean", "population")


def test_gov003_lithuania_and_slovenia_keep_their_published_national_eqi(
    built_db: Path,
):
    # 2017 wave: both NUTS-2 parts of each country carry the national estimate
    with duckdb.connect(str(built_db), read_only=True) as con:
        lt = _value(con, "LTU", "eqi_composite", 2017)
        si = _value(con, "SVN", "eqi_composite", 2017)
    assert lt[:3] == (pytest.approx(-0.17), False, "LT")
    assert si[:3] == (pytest.approx(-0.203), False, "SI")
    assert "national estimate" in lt[3]


def test_gov004_national_employment_shares_are_published_not_derived(built_db: Path):
    # Eurostat tsc00011, 2018: LT high and medium-high tech manufacturing 2.2%, KIS
    # 34.6%; SI 10.2% and 35.2%; EU27_2020 6.2% and 38.7%.
    expected = {
        ("LTU", "emp_high_medhigh_tech_manufacturing"): 2.2,
        ("LTU", "emp_knowledge_intensive_services"): 34.6,
        ("SVN", "emp_high_medhigh_tech_manufacturing"): 10.2,
        ("SVN", "emp_knowledge_intensive_services"): 35.2,
        ("EU27", "emp_high_medhigh_tech_manufacturing"): 6.2,
        ("EU27", "emp_knowledge_intensive_services"): 38.7,
    }
    with duckdb.connect(str(built_db), read_only=True) as con:
        for (region, indicator), published in expected.items():
            value, derived, _geo, _flag = _value(con, region, indicator, 2018)
            assert (value, derived) == (pytest.approx(published), False), (
                region,
                indicator,
            )
        derived_any = con.execute(
            "SELECT count(*) FROM fct_indicator_value WHERE region_id IN ('LTU', 'SVN')"
            " AND indicator_id IN ('emp_high_medhigh_tech_manufacturing',"
            " 'emp_knowledge_intensive_services') AND is_derived"
        ).fetchone()[0]
    assert derived_any == 0


def test_gov005_the_governance_composite_ranks_all_ten(built_db: Path):
    from dashboard.analytics import scoreboard as sb
    from dashboard.queries import indicators as indicator_queries

    meta, values, _regions = indicator_queries.scoreboard_inputs()
    board = sb.build_scoreboard(values, meta, regions=list(PILOTS))
    qg = board.dimensions[board.dimensions["dimension"] == "Quality of governance"]
    scored = set(qg.loc[qg["composite"].notna(), "region_id"])
    assert scored == set(PILOTS)
