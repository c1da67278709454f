"""Perception vs evidence: what stakeholders say beside what the statistics show.

Pure functions (no I/O, no Dash). Method (stated on the page and in the README,
section "Perception vs evidence"):

- **Pairing.** A survey statement is paired with an indicator that measures the same
  thing (``data/reference/statement_indicators.csv``, loaded into
  ``map_statement_indicator``). Statements without such an indicator are shown as
  "no matching indicator", never filled.
- **Perception** = a region's share agreeing with the statement (already protected by
  the query layer: suppressed cells never arrive here with numbers).
- **Evidence** = the indicator's latest available year per region (the year is shown),
  normalised min-max and direction-aware over the pilot regions with a value, exactly
  as on the Scoreboard: 0 = the weakest pilot region, 1 = the strongest.
- **Quadrant lines** at the pilot averages: the unweighted mean share agreeing and the
  mean normalised value of the regions shown in the scatter (each region counts once).
- **Gap** = standardised share agreeing minus standardised indicator, both z-scores
  (population standard deviation) over the regions shown. A gap of -1 means the
  stakeholders are one standard deviation more negative, relative to the other pilot
  regions, than the region's statistics would suggest. Gaps of at least
  ``GAP_THRESHOLD`` either way are called out; the rest are "in line".
- With about 18 respondents per region the share's 95% interval spans some
  +-20 points, so a gap is a prompt for a conversation, not a finding; the tables say
  whether the region's interval contains the pilot average.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pandas as pd

from dashboard.analytics import scoreboard as sb

GAP_THRESHOLD = 1.0
MIN_REGIONS = 3
NEGATIVE = "more negative than the statistics suggest"
POSITIVE = "more positive than the statistics suggest"
IN_LINE = "in line with the statistics"
NO_COMPARISON = "no comparison"

# A region's indicator value as a pairing shows it: value, year, flags, score.
EVIDENCE_COLUMNS = ["value", "year", "flag", "is_derived", "geo_code", "score"]
PAIR_COLUMNS = [
    "region_id",
    "name",
    "status",
    "n",
    "share",
    "ci_low",
    "ci_high",
    *EVIDENCE_COLUMNS,
    "has_share",
    "has_value",
    "shown",
    "z_share",
    "z_indicator",
    "gap",
    "reading",
    "interval_has_average",
]


class Quadrants(NamedTuple):
    """The quadrant lines: pilot averages over the regions shown (NaN when none)."""

    share: float  # mean share agreeing, 0-1
    score: float  # mean normalised indicator, 0-1
    regions: int  # regions the averages are over


def reading(gap: float, threshold: float = GAP_THRESHOLD) -> str:
    """The gap in words: more negative / more positive / in line (or no comparison)."""
    if gap is None or not math.isfinite(gap):
        return NO_COMPARISON
    if gap <= -threshold:
        return NEGATIVE
    if gap >= threshold:
        return POSITIVE
    return IN_LINE


def _zscore(x: np.ndarray) -> np.ndarray:
    """z-scores with the population standard deviation (0 where all are equal).

    The same arithmetic as pandas' ``Series.mean()`` and ``Series.std(ddof=0)`` (sum
    divided by the count, then the two-pass variance), so the same bits.
    """
    mean = x.sum() / len(x)
    sd = np.sqrt(((mean - x) ** 2).sum() / len(x))
    return (x - mean) / sd if sd > 0 else x * 0.0


def scored_evidence(
    values: pd.DataFrame, meta: pd.DataFrame, pilot_ids: list[str]
) -> pd.DataFrame:
    """Each indicator's latest value per pilot region, min-max normalised over the
    pilots (per indicator, so one call serves every pairing)."""
    rows = values
    for column, fill in (("flag", ""), ("is_derived", False), ("geo_code", "")):
        if column not in rows.columns:
            rows = rows.assign(**{column: fill})
    selected = sb.select_values(rows, regions=pilot_ids)
    return sb.normalise(selected, meta, method="minmax")


def join_pair(
    shares: pd.DataFrame,
    values: pd.DataFrame,
    meta: pd.DataFrame,
    regions: pd.DataFrame,
    *,
    indicator_id: str,
    threshold: float = GAP_THRESHOLD,
) -> pd.DataFrame:
    """One row per pilot region: share agreeing beside the normalised indicator, and the gap.

    Args:
        shares: one statement's protected region cells (``group_id``, ``status``,
            ``n``, ``share``, ``ci_low``, ``ci_high``), as
            :func:`dashboard.queries.survey.agree_breakdown` returns them.
        values: the indicator's values (``region_id``, ``indicator_id``, ``year``,
            ``value``; optionally ``flag``, ``is_derived``, ``geo_code``), every year.
        meta: indicator metadata indexed by ``indicator_id`` (``direction``,
            ``aggregation``).
        regions: the pilot regions (``region_id``, ``name``): the comparison set.
        indicator_id: the paired indicator.
        threshold: the gap (in standard deviations) called out as a difference.

    Returns:
        ``PAIR_COLUMNS``: ``shown`` is true where the region has both a published share
        and an indicator value; ``score`` is the min-max normalised value over every
        pilot region with a value; ``z_share``, ``z_indicator`` and ``gap`` are
        computed over the regions shown (NaN elsewhere, and everywhere when fewer
        than ``MIN_REGIONS`` regions are shown).
    """
    # NOTE: one pairing is every pairing's computation (all_pairs) for a single one.
    mapping = pd.DataFrame({"statement_id": ["_"], "indicator_id": [indicator_id]})
    pair = all_pairs(
        mapping,
        shares.assign(statement_id="_"),
        values,
        meta,
        regions,
        threshold=threshold,
    )
    return pair[PAIR_COLUMNS].reset_index(drop=True)


def quadrant_lines(pair: pd.DataFrame) -> Quadrants:
    """The pilot averages the quadrant lines sit at (over the regions shown)."""
    shown = pair[pair["shown"]]
    if shown.empty:
        return Quadrants(math.nan, math.nan, 0)
    return Quadrants(
        float(shown["share"].mean()), float(shown["score"].mean()), len(shown)
    )


def largest_gaps(
    gaps: pd.DataFrame, *, top: int = 5, threshold: float = GAP_THRESHOLD
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The largest gaps both ways, at least ``threshold`` standard deviations.

    Args:
        gaps: rows with a ``gap`` column (one pairing's :func:`join_pair` frame, or
            several concatenated with their ``statement_id`` and ``indicator_id``).
        top: how many rows each way.
        threshold: the smallest absolute gap listed.

    Returns:
        (more negative, more positive): stakeholders more negative than the
        statistics suggest (most negative gap first), and the reverse (largest first).
        Ties keep the input order.
    """
    valid = gaps[gaps["gap"].notna()]
    negative = valid[valid["gap"] <= -threshold].sort_values("gap", kind="stable")
    positive = valid[valid["gap"] >= threshold].sort_values(
        "gap", ascending=False, kind="stable"
    )
    return negative.head(top).reset_index(drop=True), positive.head(top).reset_index(
        drop=True
    )


def region_panel(pairs: pd.DataFrame, region_id: str) -> pd.DataFrame:
    """One region's rows of several pairings (for the Region profile), in pairing order.

    Args:
        pairs: concatenated :func:`join_pair` frames with ``statement_id`` and
            ``indicator_id`` columns, and ``avg_share`` (the pairing's quadrant line).
        region_id: the region.
    """
    return pairs[pairs["region_id"] == region_id].reset_index(drop=True)


def all_pairs(
    mapping: pd.DataFrame,
    shares: pd.DataFrame,
    values: pd.DataFrame,
    meta: pd.DataFrame,
    regions: pd.DataFrame,
    *,
    threshold: float = GAP_THRESHOLD,
) -> pd.DataFrame:
    """:func:`join_pair` for every pairing in ``mapping``, concatenated.

    Args:
        mapping: pairings (``statement_id``, ``indicator_id``; rows without an
            indicator are skipped).
        shares: protected region cells of (at least) the statements in ``mapping``.
        values, meta, regions: as for :func:`join_pair`.
        threshold: as for :func:`join_pair`.

    Returns:
        ``PAIR_COLUMNS`` plus ``statement_id``, ``indicator_id``, ``avg_share`` and
        ``avg_score`` (the pairing's quadrant lines), in the mapping's order.
    """
    pairs = [
        (statement_id, indicator_id)
        for statement_id, indicator_id in mapping[
            ["statement_id", "indicator_id"]
        ].itertuples(index=False)
        if isinstance(indicator_id, str) and indicator_id
    ]
    columns = ["statement_id", "indicator_id", *PAIR_COLUMNS, "avg_share", "avg_score"]
    if not pairs:
        return pd.DataFrame(columns=columns)
    # NOTE (performance): every pairing at once, as join_pair computes one (the same
    # rows and values, tests/unit/test_perception_analytics.py): the indicators are
    # selected and normalised once (per indicator, so each pairing's scores are the
    # same) and the z-scores, gaps and quadrant lines are computed per pairing on one
    # frame; one join_pair per pairing cost ~13 ms each.
    pilots = regions[["region_id", "name"]].drop_duplicates("region_id")
    pilot_ids = pilots["region_id"].tolist()
    evidence = scored_evidence(
        values[values["indicator_id"].isin({i for _s, i in pairs})], meta, pilot_ids
    )[["indicator_id", "region_id", *EVIDENCE_COLUMNS]]
    cells = shares.rename(columns={"group_id": "region_id"})
    cells = cells[cells["region_id"].isin(pilot_ids)][
        ["statement_id", "region_id", "status", "n", "share", "ci_low", "ci_high"]
    ]
    grid = pd.DataFrame(pairs, columns=["statement_id", "indicator_id"])
    grid["pairing"] = range(len(grid))
    out = (
        grid.merge(pilots, how="cross")
        .merge(cells, on=["statement_id", "region_id"], how="left")
        .merge(evidence, on=["indicator_id", "region_id"], how="left")
    )
    out["status"] = out["status"].fillna("empty")
    out["has_share"] = (out["status"] == "ok") & out["share"].notna()
    out["has_value"] = out["score"].notna()
    out["shown"] = out["has_share"] & out["has_value"]
    out["share"] = out["share"].where(out["has_share"])
    for column in ("ci_low", "ci_high"):
        out[column] = out[column].where(out["has_share"])
    out["flag"] = out["flag"].fillna("")
    out["geo_code"] = out["geo_code"].fillna("")
    out["is_derived"] = out["is_derived"].fillna(False).astype(bool)
    out["z_share"] = np.nan
    out["z_indicator"] = np.nan
    shown = out[out["shown"]]
    counts = shown.groupby("pairing")["shown"].transform("size")
    enough = shown[counts >= MIN_REGIONS]
    if len(enough):
        # NOTE (performance): per pairing on the arrays (a groupby transform of a
        # Python function built a Series per group: ~5 ms of this function's ~19 ms).
        share = enough["share"].to_numpy(dtype=float)
        score = enough["score"].to_numpy(dtype=float)
        z_share, z_indicator = np.empty(len(enough)), np.empty(len(enough))
        for rows in enough.groupby("pairing").indices.values():
            z_share[rows] = _zscore(share[rows])
            z_indicator[rows] = _zscore(score[rows])
        out.loc[enough.index, "z_share"] = z_share
        out.loc[enough.index, "z_indicator"] = z_indicator
    out["gap"] = out["z_share"] - out["z_indicator"]
    out["reading"] = [reading(g, threshold) for g in out["gap"]]
    means = shown.groupby("pairing")[["share", "score"]].mean()
    out["avg_share"] = out["pairing"].map(means["share"]).astype(float)
    out["avg_score"] = out["pairing"].map(means["score"]).astype(float)
    out["interval_has_average"] = (
        out["shown"]
        & (out["ci_low"] <= out["avg_share"])
        & (out["ci_high"] >= out["avg_share"])
    )
    return out[columns].reset_index(drop=True)
