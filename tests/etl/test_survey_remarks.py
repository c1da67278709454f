"""Every per-region remark the report makes on the EOCIC survey holds in the loaded data.

The remarks are transcribed one per row into ``tests/expected/survey_remarks.csv`` (with the
report's words and the rule that makes each testable); each row is its own test case here,
checked on the responses the default build loaded (``fct_response``), not on the
generator's internals. While the synthetic default is loaded this proves it tells the
report's story; the pooled shares are checked in ``tests/unit/test_survey_calibration.py``.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from tests.expected import survey_remarks

REMARKS = survey_remarks()


@pytest.fixture(scope="module")
def counts(built_db: Path) -> pd.DataFrame:
    """Per region and statement: agree, disagree and substantive answer counts."""
    with duckdb.connect(str(built_db), read_only=True) as con:
        return con.execute(
            """
            SELECT r.region_id, f.statement_id,
                   count(*) FILTER (WHERE f.answer >= 4) AS agree,
                   count(*) FILTER (WHERE f.answer <= 2) AS disagree,
                   count(f.answer) AS substantive
            FROM fct_response f JOIN dim_respondent r USING (respondent_id)
            GROUP BY ALL
            """
        ).df()


def _share(counts: pd.DataFrame, statement: str) -> pd.Series:
    rows = counts[counts["statement_id"] == statement].set_index("region_id")
    return rows["agree"] / rows["substantive"]


def _pooled(counts: pd.DataFrame, statement: str, without: str | None = None) -> float:
    rows = counts[counts["statement_id"] == statement]
    if without:
        rows = rows[rows["region_id"] != without]
    return rows["agree"].sum() / rows["substantive"].sum()


def _holds(remark: dict, counts: pd.DataFrame) -> tuple[bool, str]:
    rule, regions, limit = remark["rule"], remark["regions"], remark["threshold"]
    first = remark["statements"][0]
    share = _share(counts, first)
    if rule == "within_of_pooled":
        gap = (share - _pooled(counts, first)).abs().max()
        return gap <= limit, f"largest gap to the pool {gap:.3f}"
    if rule == "among_lowest":
        return share[regions[0]] <= share.nsmallest(int(limit)).max(), share.to_dict()
    if rule == "lower_than":
        return share[regions[0]] < share[regions[1]], share.to_dict()
    if rule == "below_others":
        others = _pooled(counts, first, without=regions[0])
        return share[regions[0]] < others, f"{share[regions[0]]:.3f} vs {others:.3f}"
    if rule == "above_pooled":
        pooled = _pooled(counts, first)
        return share[regions[0]] > pooled, f"{share[regions[0]]:.3f} vs {pooled:.3f}"
    if rule == "regions_below_half":
        below = int((share < 0.5).sum())
        return below >= limit, f"{below} regions below 50%"
    if rule == "unique_highest":
        top = share.sort_values(ascending=False)
        return top.index[0] == regions[0] and top.iloc[1] < top.iloc[0], top.to_dict()
    if rule in ("theme_lowest", "theme_highest"):
        mean = pd.concat(
            [_share(counts, s) for s in remark["statements"]], axis=1
        ).mean(axis=1)
        pick = mean.idxmin() if rule == "theme_lowest" else mean.idxmax()
        return pick == regions[0], mean.round(3).to_dict()
    if rule == "at_least":
        return share[regions[0]] >= limit, f"{share[regions[0]]:.3f}"
    if rule == "lowest_on_most":
        lowest = sum(
            _share(counts, s).idxmin() == regions[0] for s in remark["statements"]
        )
        return lowest >= limit, f"lowest on {lowest} statements"
    rows = counts[counts["statement_id"] == first].set_index("region_id")
    negative = rows["disagree"] > rows["agree"]
    if rule == "more_disagree_than_agree":
        r = rows.loc[regions[0]]
        return bool(negative[regions[0]]), f"disagree {r.disagree}, agree {r.agree}"
    if rule == "only_more_disagree_than_agree":
        return list(rows.index[negative]) == regions, list(rows.index[negative])
    raise AssertionError(f"unknown rule {rule!r}")


def test_srm000_every_region_remark_is_in_the_table():
    # 20 claims: K1, K3 (2), K5 (4), I2, C2 (3), C3, E (5), D (3)
    assert len(REMARKS) == 20
    assert len({r["remark_id"] for r in REMARKS}) == 20


@pytest.mark.parametrize("remark", REMARKS, ids=[r["remark_id"] for r in REMARKS])
def test_srm001_remark_holds_in_the_loaded_survey(remark: dict, counts: pd.DataFrame):
    ok, detail = _holds(remark, counts)
    assert ok, f"{remark['remark_id']}: {remark['report_says']} -> {detail}"
