"""Change over time: each region's composites at a base year and a later year.

Pure computations (no I/O, no Dash). Method, stated on the Trends page and in the README:

- **Values at a year.** For year Y a region's value of an indicator is its most recent
  value published for Y or up to ``WINDOW`` years before (the EQI is surveyed every three
  to four years, R&D every one or two); the year used is kept with the value.
- **One normalisation for both years.** Per indicator, min-max over the pilot regions'
  values at *both* years pooled, direction-aware, on a 0-100 scale: ``100 x (x - min) /
  (max - min)`` (``100 - ...`` where lower is better). A region's score can therefore
  rise or fall only because its own value moved relative to the pooled range, and the two
  years are comparable (a per-year normalisation would put the best region at 100 in both
  years whatever happened). Size-dependent counts are not scored, nor the economic
  context, as on the Scoreboard; an indicator with one value everywhere carries no
  information and is left out.
- **Composites.** Per dimension, the mean of the region's indicator scores, when it has at
  least half of the dimension's indicators at that year (as on the Scoreboard). Overall:
  the mean of the dimension composites the region has at *both* years, so the two overall
  values are computed over the same dimensions, when that is at least half of the
  dimensions with data.
- **Change** = later minus base composite, in points of the 0-100 scale; "improved" when
  it is at least ``THRESHOLD`` points, "declined" when at most ``-THRESHOLD``, otherwise
  "little change". Only regions with both years are compared; the others are listed with
  the reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dashboard.analytics.scoreboard import (
    EOCIC_DIMENSIONS,
    MIN_COVERAGE,
    OVERALL,
    dimension_indicators,
)

WINDOW = 3
THRESHOLD = 5.0
STATUS_IMPROVED = "improved"
STATUS_DECLINED = "declined"
STATUS_STABLE = "little change"
CHANGE_COLUMNS = [
    "region_id",
    "dimension",
    "base",
    "latest",
    "change",
    "status",
]


@dataclass(frozen=True)
class YearIndex:
    """A values frame in year order with its rows grouped by region and indicator.

    What :func:`values_at` needs, worked out once for a frame that several years are
    read from (the Trends page keeps one per database file).
    """

    frame: pd.DataFrame  # the values, in year order (stable)
    order: np.ndarray  # row positions by (region, indicator), then year, then position
    group: np.ndarray  # the (region, indicator) code of each row of ``order``
    year: np.ndarray  # the year of each row of ``order``
    region: np.ndarray  # the region code of each row of ``order``
    regions: dict[str, int]  # region_id -> region code


def year_index(values: pd.DataFrame) -> YearIndex:
    """The :class:`YearIndex` of a values frame (region_id, indicator_id, year, ...)."""
    if not values["year"].is_monotonic_increasing:
        values = values.sort_values("year", kind="stable")
    region, region_ids = pd.factorize(values["region_id"])
    indicator, _ = pd.factorize(values["indicator_id"])
    year = values["year"].to_numpy()
    group = region.astype(np.int64) * (int(indicator.max(initial=0)) + 1) + indicator
    # lexsort: the last key is the primary one
    order = np.lexsort((np.arange(len(values)), year, group))
    return YearIndex(
        frame=values,
        order=order,
        group=group[order],
        year=year[order],
        region=region[order],
        regions={str(r): k for k, r in enumerate(region_ids)},
    )


def values_at(
    values: pd.DataFrame | YearIndex,
    *,
    regions: Iterable[str],
    year: int,
    window: int = WINDOW,
) -> pd.DataFrame:
    """Each region's most recent value per indicator in ``[year - window, year]``.

    Args:
        values: region_id, indicator_id, year, value (+ is_derived, flag ...), or their
            :func:`year_index`.
        regions: the regions to keep.
        year: the target year.
        window: how many years before ``year`` a value may be.

    Returns:
        One row per region and indicator with a value in the window: region_id,
        indicator_id, value, data_year (the year the value is for), is_derived; in the
        order of the values in year order (of rows of one year, the last one given).
    """
    index = values if isinstance(values, YearIndex) else year_index(values)
    wanted = [index.regions[r] for r in regions if r in index.regions]
    # NOTE (performance): on arrays rather than a filter and a groupby ``tail`` (~17 ms
    # a year at EU scale): of the rows in the window, grouped and in year order, the
    # last of each group.
    inside = np.flatnonzero(
        (index.year <= year)
        & (index.year >= year - window)
        & np.isin(index.region, wanted)
    )
    group = index.group[inside]
    last = np.ones(len(inside), dtype=bool)
    last[:-1] = group[1:] != group[:-1]
    out = index.frame.iloc[np.sort(index.order[inside[last]])]
    out = out.rename(columns={"year": "data_year"})
    if "is_derived" not in out.columns:
        out = out.assign(is_derived=False)
    return out[
        ["region_id", "indicator_id", "value", "data_year", "is_derived"]
    ].reset_index(drop=True)


def pooled_scores(
    base: pd.DataFrame, latest: pd.DataFrame, meta: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Min-max scores (0-100) of both years on one normalisation pooled over them.

    Args:
        base, latest: :func:`values_at` frames of the two years.
        meta: indicator metadata indexed by indicator_id (dimension, direction,
            aggregation).

    Returns:
        (base, latest) with a ``score`` column, restricted to the scored indicators of
        the EOCIC dimensions that vary.
    """
    members = {i for ids in dimension_indicators(meta).values() for i in ids}
    # NOTE (performance): on arrays, one code per indicator, rather than a groupby and
    # eight ``Series.map`` (~10 ms a view at EU scale); the same operations in the
    # same order, so the same scores to the last bit.
    ids, names = pd.factorize(
        np.concatenate(
            [
                base["indicator_id"].to_numpy(object),
                latest["indicator_id"].to_numpy(object),
            ]
        )
    )
    numbers = np.concatenate(
        [base["value"].to_numpy(float), latest["value"].to_numpy(float)]
    )
    member = np.array([name in members for name in names], dtype=bool)
    low = np.full(len(names), np.inf)
    high = np.full(len(names), -np.inf)
    known = member[ids] & ~np.isnan(numbers)
    np.minimum.at(low, ids[known], numbers[known])
    np.maximum.at(high, ids[known], numbers[known])
    spread = high - low  # -inf where an indicator has no value
    varying = spread > 0
    direction = meta["direction"].reindex(names).to_numpy(float)
    dimension = meta["dimension"].reindex(names).to_numpy()
    out = []
    for frame, codes in ((base, ids[: len(base)]), (latest, ids[len(base) :])):
        keep = varying[codes]
        rows = frame[keep].copy()
        codes = codes[keep]
        score = 100.0 * (rows["value"].to_numpy(float) - low[codes]) / spread[codes]
        rows["score"] = np.where(direction[codes] < 0, 100.0 - score, score)
        rows["dimension"] = dimension[codes]
        out.append(rows.reset_index(drop=True))
    return out[0], out[1]


def dimension_composites(scores: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    """Per region and dimension: the mean score, where at least half the indicators are.

    The denominator of "half" is the dimension's scored indicators (as on the
    Scoreboard). Returns region_id, dimension, composite, n (indicators used).
    """
    members = dimension_indicators(meta)
    columns = ["region_id", "dimension", "composite", "n"]
    if scores.empty:
        return pd.DataFrame(columns=columns)
    out = (
        scores.groupby(["region_id", "dimension"])["score"]
        .agg(composite="mean", n="size")
        .reset_index()
    )
    total = out["dimension"].map(lambda d: len(members.get(d, []))).astype(float)
    out = out[(total > 0) & (out["n"] >= MIN_COVERAGE * total)]
    return out.astype({"composite": float, "n": int})[columns].reset_index(drop=True)


def status_of(change: float, threshold: float = THRESHOLD) -> str:
    """'improved', 'declined' or 'little change' for a change in points."""
    if change >= threshold:
        return STATUS_IMPROVED
    if change <= -threshold:
        return STATUS_DECLINED
    return STATUS_STABLE


@dataclass
class TrendComparison:
    """What the Trends page shows for a base year and a later year."""

    base: int
    latest: int
    changes: pd.DataFrame  # CHANGE_COLUMNS: one row per compared region and dimension
    missing: dict[str, str]  # region_id -> why it has no overall comparison
    scores: pd.DataFrame  # per region, indicator and year (base / latest): value, score
    notes: list[str] = field(default_factory=list)

    def overall(self) -> pd.DataFrame:
        """The overall rows, best later composite first."""
        rows = self.changes[self.changes["dimension"] == OVERALL]
        return rows.sort_values(
            ["latest", "region_id"], ascending=[False, True]
        ).reset_index(drop=True)


def compare_years(
    values: pd.DataFrame | YearIndex,
    meta: pd.DataFrame,
    *,
    regions: Iterable[str],
    base: int,
    latest: int,
    window: int = WINDOW,
    threshold: float = THRESHOLD,
) -> TrendComparison:
    """Composites per dimension and overall at two years, on one normalisation.

    Args:
        values: every value (all years) of the regions, or their :func:`year_index`.
        meta: indicator metadata indexed by indicator_id.
        regions: the comparison set (the pilot regions).
        base: the base year.
        latest: the later year (greater than ``base``).
        window: see :func:`values_at`.
        threshold: points of change called improved / declined.
    """
    regions = list(regions)
    if not isinstance(values, YearIndex):
        values = year_index(values)
    at_base = values_at(values, regions=regions, year=base, window=window)
    at_latest = values_at(values, regions=regions, year=latest, window=window)
    s_base, s_latest = pooled_scores(at_base, at_latest, meta)
    c_base = dimension_composites(s_base, meta).set_index(["region_id", "dimension"])
    c_latest = dimension_composites(s_latest, meta).set_index(
        ["region_id", "dimension"]
    )
    with_data = [d for d, ids in dimension_indicators(meta).items() if ids]
    comp_base = c_base["composite"].to_dict()
    comp_latest = c_latest["composite"].to_dict()
    rows, missing = [], {}
    for region_id in regions:
        dims_base = {d for r, d in comp_base if r == region_id}
        dims_latest = {d for r, d in comp_latest if r == region_id}
        common = [d for d in EOCIC_DIMENSIONS if d in dims_base & dims_latest]
        if not common:
            lacking = [
                str(y)
                for y, dims in ((base, dims_base), (latest, dims_latest))
                if not dims
            ]
            missing[region_id] = (
                f"too few indicators with a value in {' and '.join(lacking)} "
                f"(or up to {window} years before) for any dimension composite"
                if lacking
                else "no dimension has a composite at both years"
            )
            continue
        mine = []
        for dimension in common:
            b = float(comp_base[(region_id, dimension)])
            la = float(comp_latest[(region_id, dimension)])
            mine.append((region_id, dimension, b, la))
        rows += mine
        # NOTE: an overall value over one or two dimensions would be compared with
        # others' over five: like a dimension composite, it needs at least half.
        if len(common) < MIN_COVERAGE * len(with_data):
            missing[region_id] = (
                f"only {len(common)} of {len(with_data)} dimensions have a composite "
                f"at both {base} and {latest} (the overall comparison needs at least "
                "half; its dimensions are shown below)"
            )
            continue
        b_all = float(np.mean([r[2] for r in mine]))
        l_all = float(np.mean([r[3] for r in mine]))
        rows.append((region_id, OVERALL, b_all, l_all))
    changes = pd.DataFrame(rows, columns=CHANGE_COLUMNS[:4])
    changes["change"] = changes["latest"] - changes["base"]
    changes["status"] = [status_of(c, threshold) for c in changes["change"]]
    scores = pd.concat(
        [s_base.assign(period="base"), s_latest.assign(period="latest")],
        ignore_index=True,
    )
    notes = [
        f"{d}: compared only where a region has it at both years"
        for d in EOCIC_DIMENSIONS
        if dimension_indicators(meta).get(d)
    ]
    return TrendComparison(base, latest, changes, missing, scores, notes)


def coverage(
    values: pd.DataFrame,
    meta: pd.DataFrame,
    *,
    regions: Iterable[str],
    years: Iterable[int],
    window: int = WINDOW,
) -> dict[int, set[str]]:
    """For each year, the regions with a composite in every dimension that has data.

    A region "has" a year when, within the window, it has at least half of the
    indicators of each dimension with indicators (what the overall composite needs).
    """
    members = {d: ids for d, ids in dimension_indicators(meta).items() if ids}
    years = [int(y) for y in years]
    out: dict[int, set[str]] = {y: set() for y in years}
    membership = pd.DataFrame(
        [(d, i) for d, ids in members.items() for i in ids],
        columns=["dimension", "indicator_id"],
    )
    keep = values.loc[
        values["region_id"].isin(list(regions))
        & values["indicator_id"].isin(membership["indicator_id"]),
        ["region_id", "indicator_id", "year"],
    ].drop_duplicates()
    if keep.empty or not members:
        return out
    # NOTE (performance): one pass over every year instead of one ``values_at`` per
    # year: a value of year y counts for the years y to y + window.
    reach = pd.concat(
        [keep.assign(year=keep["year"] + k) for k in range(window + 1)],
        ignore_index=True,
    )
    reach = reach[reach["year"].isin(years)].drop_duplicates()
    counts = (
        reach.merge(membership, on="indicator_id")
        .groupby(["year", "region_id", "dimension"])
        .size()
        .reset_index(name="n")
    )
    need = {d: MIN_COVERAGE * len(ids) for d, ids in members.items()}
    counts = counts[counts["n"] >= counts["dimension"].map(need)]
    complete = counts.groupby(["year", "region_id"]).size()
    for (year, region_id), n in complete.items():
        if n == len(members):
            out[int(year)].add(str(region_id))
    return out


def default_years(
    values: pd.DataFrame,
    meta: pd.DataFrame,
    *,
    regions: Iterable[str],
    window: int = WINDOW,
) -> tuple[int, int]:
    """(base, latest) so that most regions have both years.

    Latest: the most recent year for which more than half of the regions have every
    dimension composite. Base: the earliest year, at least one year before, for which
    more than half of the regions have both years (the longest comparison most regions
    allow). Falls back to the first and last years with data.
    """
    regions = list(regions)
    years = sorted(int(y) for y in values["year"].unique())
    if not years:
        raise ValueError("no values")
    have = coverage(values, meta, regions=regions, years=years, window=window)
    majority = len(regions) / 2
    candidates = [y for y in years if len(have[y]) > majority]
    if not candidates:
        return years[0], years[-1]
    latest = candidates[-1]
    for year in years:
        if year < latest and len(have[year] & have[latest]) > majority:
            return year, latest
    return years[0], latest


def benchmark_series(
    values: pd.DataFrame,
    *,
    regions: Iterable[str],
    indicator_ids: Iterable[str],
    eu_region: str = "EU27",
) -> pd.DataFrame:
    """The benchmark line of each indicator over the years.

    EU27 where it has a value in at least half of the years the pilot regions have
    values, else the unweighted average of the pilot regions with a value that year (the
    ``label`` says which).

    Returns:
        indicator_id, year, value, label.
    """
    ids = list(indicator_ids)
    columns = ["indicator_id", "year", "value", "label"]
    mine = values.loc[
        values["indicator_id"].isin(ids), ["indicator_id", "region_id", "year", "value"]
    ]
    pilots = mine[mine["region_id"].isin(list(regions))]
    eu = mine[mine["region_id"] == eu_region]
    pilot_years = pilots[["indicator_id", "year"]].drop_duplicates()
    shared = eu[["indicator_id", "year"]].drop_duplicates().merge(pilot_years)
    have = pilot_years.groupby("indicator_id").size()
    common = shared.groupby("indicator_id").size().reindex(have.index, fill_value=0)
    use_eu = list(have.index[common >= have / 2])
    lines = pd.concat(
        [
            eu.loc[
                eu["indicator_id"].isin(use_eu), ["indicator_id", "year", "value"]
            ].assign(label="EU27"),
            pilots[~pilots["indicator_id"].isin(use_eu)]
            .groupby(["indicator_id", "year"], as_index=False)["value"]
            .mean()
            .assign(label="pilot average"),
        ],
        ignore_index=True,
    )
    order = lines["indicator_id"].map({i: k for k, i in enumerate(ids)})
    lines = lines.iloc[order.argsort(kind="stable")]
    return lines[columns].astype({"year": int, "value": float}).reset_index(drop=True)
