"""The comparative scoreboard: pure computations over indicator values (no I/O, no Dash).

Method (stated on the pages and in the README, section "Indicators"):

- **Year.** By default each region's *latest available year* per indicator, always shown
  with the value; or one fixed year for everyone (regions without a value that year are
  left out of that indicator).
- **Normalisation** over the comparison set (the ten pilot regions), direction-aware so
  that higher is always better: min-max ``(x - min) / (max - min)`` (default) or z-score
  ``(x - mean) / sd`` (population sd). Size-dependent counts (aggregation ``sum``:
  population, employment, payments in EUR) are shown but never scored.
- **Composite** per dimension: the weighted mean of the normalised scores of the
  dimension's indicators the region has (equal weights by default); shown only when the
  region has at least half of them. **Overall**: the weighted mean of the dimension
  composites (equal weights by default), over the EOCIC dimensions only: the economic
  context is not a performance dimension.
- **Benchmark = 100.** Per indicator, EU27 where EU27 has a value for every year shown,
  otherwise the average of the pilot regions shown. EU28 is never used as the EU27
  benchmark (it includes the United Kingdom); charts may show it as a labelled reference.
  Index = 100 x value / benchmark (100 x benchmark / value where lower is better). It is
  defined only on ratio scales (positive values): not for indices centred on zero such
  as the EQI z-scores. A composite index is the weighted mean of its indicators' indices.
- **Performance groups** as in the Regional Innovation Scoreboard: Leader above 125% of
  the benchmark, Strong 100-125%, Moderate 70-100%, Emerging below 70%.
- **Rank stability.** A region's rank is shown with the range of ranks it takes across
  both normalisations and several weightings (equal, the user's, and each component left
  out in turn), so that ten regions are not over-ranked.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from etl.contract import CONTEXT_DIMENSION as CONTEXT_DIMENSION
from etl.contract import EOCIC_DIMENSIONS as EOCIC_DIMENSIONS

BENCHMARK_REGION = "EU27"
REFERENCE_REGION = "EU28"  # NOTE: shown as a reference only; it is not the EU27.
METHODS = ("minmax", "zscore")
METHOD_LABELS = {"minmax": "min-max (0-1)", "zscore": "z-score"}
GROUPS = ("Leader", "Strong", "Moderate", "Emerging")
GROUP_RULES = {
    "Leader": "above 125% of the benchmark",
    "Strong": "100-125% of the benchmark",
    "Moderate": "70-100% of the benchmark",
    "Emerging": "below 70% of the benchmark",
}
MIN_COVERAGE = 0.5
OVERALL = "Overall"


def _composite(agg, method: str, bench_mm: float) -> tuple[float, float, float]:
    """(composite, its min-max composite, % of the benchmark) of a region's weighted
    sums (``ws``, ``wmm``, ``w``); all NaN when it is not scored (``agg`` None). The
    index exists for min-max only, against a positive benchmark."""
    nan = float("nan")
    if agg is None:
        return nan, nan, nan
    composite, comp_mm = agg["ws"] / agg["w"], agg["wmm"] / agg["w"]
    index = nan
    if method == "minmax" and bench_mm == bench_mm and bench_mm > 0:
        index = 100 * comp_mm / bench_mm
    return composite, comp_mm, index


def performance_group(index: float | None) -> str | None:
    """The RIS-style group of an index (benchmark = 100), or None when undefined."""
    if index is None or not math.isfinite(index):
        return None
    if index > 125:
        return "Leader"
    if index >= 100:
        return "Strong"
    if index >= 70:
        return "Moderate"
    return "Emerging"


def performance_groups(index: np.ndarray) -> np.ndarray:
    """:func:`performance_group` of every index (an object array: a group or None)."""
    index = np.asarray(index, dtype=float)
    out = np.full(len(index), None, dtype=object)
    finite = np.isfinite(index)
    # NOTE: the same comparisons as performance_group, the weakest written first
    for group, at_least in (
        ("Emerging", -np.inf),
        ("Moderate", 70),
        ("Strong", 100),
    ):
        out[finite & (index >= at_least)] = group
    out[finite & (index > 125)] = "Leader"
    return out


def rows_where(frame: pd.DataFrame, column: str, value: object) -> pd.DataFrame:
    """``frame[frame[column] == value]``: the same rows, in the same order, same index.

    NOTE (performance): the comparison on the column's numpy array and a take of the
    rows found: the value tables' string columns compare element by element through
    pandas (~4 ms for 45,000 rows at EU scale, ~0.7 ms this way).
    """
    return frame.iloc[np.flatnonzero(frame[column].to_numpy() == value)]


def is_scored(meta_row: Mapping) -> bool:
    """Whether an indicator gets a normalised score: size-dependent counts do not."""
    return str(meta_row.get("aggregation") or "") != "sum"


def scored_ids(meta: pd.DataFrame) -> set[str]:
    """The indicators that get a normalised score (:func:`is_scored` for every row).

    NOTE (performance): column-wise, not ``meta.iterrows()`` (200+ indicators).
    """
    if "aggregation" not in meta.columns:
        return set(meta.index)
    return {
        i
        for i, a in zip(meta.index.tolist(), meta["aggregation"].tolist(), strict=True)
        if str(a or "") != "sum"
    }


def ratio_scale(unit: str) -> bool:
    """Whether '% of the benchmark' means something for a unit (not for z-scores)."""
    return "z-score" not in str(unit).casefold()


# --- selecting values -----------------------------------------------------------------


def select_values(
    values: pd.DataFrame, *, regions: Iterable[str], year: int | None = None
) -> pd.DataFrame:
    """One value per region and indicator: the latest year (default) or a fixed ``year``.

    Args:
        values: region_id, indicator_id, year, value (+ flag, is_derived, ...).
        regions: the regions to keep.
        year: a fixed year, or None for each region's latest available year.

    Returns:
        the chosen rows, ordered by region_id and indicator_id (latest year) or in their
        original order (a fixed year).
    """
    # NOTE (performance): integer codes and one stable lexsort instead of isin, a
    # three-column sort_values and a groupby: the same rows in the same order (the last
    # row of each region x indicator by year, ties keeping their original order), about
    # 35 ms -> 12 ms on 45,000 rows. The codes are of the wanted regions' rows only
    # (sorted, so in the same order), and only the rows chosen are taken from the
    # frame (~6 ms less at EU scale).
    keep = values["region_id"].isin(set(regions)).to_numpy()
    if year is not None:
        keep = keep & (values["year"].to_numpy() == int(year))
        return values[keep].reset_index(drop=True)
    at = np.flatnonzero(keep)
    region_codes, _ = pd.factorize(values["region_id"].to_numpy()[at], sort=True)
    indicator_codes, _ = pd.factorize(values["indicator_id"].to_numpy()[at], sort=True)
    years = values["year"].to_numpy()[at]
    order = np.lexsort((years, indicator_codes, region_codes))
    order = order[(region_codes[order] >= 0) & (indicator_codes[order] >= 0)]
    r, i = region_codes[order], indicator_codes[order]
    last = np.ones(len(order), dtype=bool)
    last[:-1] = (r[1:] != r[:-1]) | (i[1:] != i[:-1])
    return values.iloc[at[order[last]]].reset_index(drop=True)


# --- normalisation ----------------------------------------------------------------------


def normalise(
    selected: pd.DataFrame, meta: pd.DataFrame, *, method: str = "minmax"
) -> pd.DataFrame:
    """Add ``score``: the direction-aware normalised value over the rows given.

    Min-max maps the worst region to 0 and the best to 1 (0.5 for all when they are
    equal); z-score gives standard deviations from the mean (0 when all are equal).
    Unscored (size-dependent) indicators get NaN.
    """
    if method not in METHODS:
        raise ValueError(f"unknown normalisation {method!r}")
    out = selected.copy()
    out["score"] = np.nan
    out["score_minmax"] = np.nan
    # NOTE (performance): the indicators as integer codes, the direction looked up
    # once per indicator and the arithmetic on numpy arrays; the per-indicator min,
    # max and means are pandas' groupby transforms (its compensated sums, the rows in
    # order) on those codes, so every score is exactly what grouping by the ids gave.
    codes, ids = pd.factorize(out["indicator_id"])
    scored = scored_ids(meta)
    direction_of = dict(
        zip(meta.index.tolist(), meta["direction"].tolist(), strict=True)
    )
    # (code -1, a missing id, reads the last entry: not scored)
    is_scored = np.array([i in scored for i in ids] + [False], dtype=bool)
    mask = is_scored[codes]
    if not mask.any():
        return out
    direction = np.array(
        [float(direction_of.get(i, np.nan)) for i in ids] + [np.nan], dtype=float
    )[codes[mask]]
    x = out["value"].to_numpy(dtype=float)[mask] * direction
    keys = codes[mask]
    groups = pd.Series(x).groupby(keys)
    low = groups.transform("min").to_numpy()
    high = groups.transform("max").to_numpy()
    span = high - low
    # NOTE: performance groups always use min-max scores, as the RIS does.
    with np.errstate(divide="ignore", invalid="ignore"):
        minmax = np.where(span > 0, (x - low) / np.where(span > 0, span, np.nan), 0.5)
        mean = groups.transform("mean").to_numpy()
        sd = np.sqrt(pd.Series((x - mean) ** 2).groupby(keys).transform("mean"))
        sd = sd.to_numpy()
        zscore = np.where(sd > 0, (x - mean) / np.where(sd > 0, sd, np.nan), 0.0)
    score_minmax = out["score_minmax"].to_numpy(dtype=float, copy=True)
    score_minmax[mask] = minmax
    score = out["score"].to_numpy(dtype=float, copy=True)
    score[mask] = minmax if method == "minmax" else zscore
    out["score_minmax"] = score_minmax
    out["score"] = score
    return out


def both_scales(
    values: pd.DataFrame,
    meta: pd.DataFrame,
    *,
    regions: Iterable[str],
    year: int | None = None,
) -> pd.DataFrame:
    """The selected values normalised on both scales (``score``: z-score,
    ``score_minmax``: min-max): what :func:`on_scale` turns into either normalisation.

    NOTE (performance): the scoreboard and its rank stability select and normalise
    the same values; computed once, both use it.
    """
    selected = select_values(values, regions=regions, year=year)
    return normalise(selected, meta, method="zscore")


def on_scale(scored: pd.DataFrame, method: str) -> pd.DataFrame:
    """:func:`normalise` with ``method`` from :func:`both_scales` (exactly the same
    frame: the min-max ``score`` is ``score_minmax``)."""
    if method not in METHODS:
        raise ValueError(f"unknown normalisation {method!r}")
    if method == "zscore":
        return scored.copy()
    return scored.assign(score=scored["score_minmax"])


def _scale(x: pd.Series, method: str) -> pd.Series:
    if method == "minmax":
        low, high = x.min(), x.max()
        return (x - low) / (high - low) if high > low else x * 0 + 0.5
    sd = x.std(ddof=0)
    return (x - x.mean()) / sd if sd > 0 else x * 0.0


def scale_point(
    value: float, reference: pd.Series, direction: int, method: str
) -> float:
    """Normalise one outside value (e.g. the EU27) with the comparison set's parameters."""
    x = reference.astype(float) * direction
    v = float(value) * direction
    if method == "minmax":
        low, high = x.min(), x.max()
        return (v - low) / (high - low) if high > low else 0.5
    sd = x.std(ddof=0)
    return (v - x.mean()) / sd if sd > 0 else 0.0


# --- benchmark ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Benchmark:
    """The benchmark of one indicator over the values shown."""

    indicator_id: str
    kind: str  # "EU27" or "pilot average"
    label: str  # e.g. "EU27 = 100" or "average of the 9 pilot regions shown = 100"
    values: dict[int, float]  # year -> EU27 value, or {0: pilot average}
    score: float | None  # the benchmark on the chosen normalised scale
    score_minmax: float | None  # the benchmark on the min-max scale (for groups)
    ratio: bool  # whether value / benchmark is meaningful (ratio scale, positive)


def benchmark_for(
    indicator_id: str,
    rows: pd.DataFrame,
    eu_by_year: Mapping[int, float],
    meta: pd.DataFrame,
    *,
    method: str = "minmax",
) -> Benchmark:
    """EU27 where it has a value for every year in ``rows``, else the pilots' average.

    Args:
        indicator_id: the indicator.
        rows: the comparison set's values shown (region_id, year, value).
        eu_by_year: the EU27 values of the indicator by year (may be empty).
        meta: indicator metadata indexed by indicator_id.
        method: the normalisation, for the benchmark's position on the score scale.
    """
    return _benchmark(
        indicator_id,
        {int(y) for y in rows["year"]},
        rows["value"].to_numpy(dtype=float),
        {int(y): float(v) for y, v in eu_by_year.items()},
        unit=meta.at[indicator_id, "unit"],
        direction=int(meta.at[indicator_id, "direction"]),
        method=method,
    )


def _benchmark(
    indicator_id: str,
    years: set[int],
    values: np.ndarray,
    eu_by_year: dict[int, float],
    *,
    unit: str,
    direction: int,
    method: str,
    extremes: tuple[bool, float, float] | None = None,
) -> Benchmark:
    """:func:`benchmark_for` on plain values (years shown, float values, EU27 by year).

    ``extremes``: (all values positive, min and max of ``values * direction``) when the
    caller computed them for many indicators at once (:func:`add_index`).

    NOTE (performance): numpy arrays and plain dicts only, and the comparison set's
    minimum and maximum computed once for both scales (the same operations as
    :func:`scale_point`, so exactly the same numbers): 223 indicators cost ~5 ms.
    """
    if extremes is None:
        x = values * direction
        low_high = (x.min(), x.max()) if len(x) else (None, None)
        extremes = (bool((values > 0).all()), *low_high)
    positive, low, high = extremes
    if eu_by_year and years and years <= eu_by_year.keys():
        point = eu_by_year[max(years)]
        kind, label, by_year = "EU27", "EU27 = 100", eu_by_year
        positive = positive and min(eu_by_year.values()) > 0
    else:
        point = float(values.mean()) if len(values) else float("nan")
        kind, by_year = "pilot average", {0: point}
        label = f"average of the {len(values)} pilot regions shown = 100"
        positive = positive and point > 0
    score = score_minmax = None
    if len(values):
        v = float(point) * direction
        score_minmax = (v - low) / (high - low) if high > low else 0.5
        if method == "minmax":
            score = score_minmax
        else:
            x = values * direction
            sd = x.std(ddof=0)
            score = (v - x.mean()) / sd if sd > 0 else 0.0
    return Benchmark(
        indicator_id,
        kind,
        label,
        by_year,
        score,
        score_minmax,
        ratio_scale(unit) and positive,
    )


def _group_positions(keys: pd.Series) -> dict[str, np.ndarray]:
    """{key: the ascending row positions holding it} (like ``groupby(...).indices``)."""
    codes, uniques = pd.factorize(keys)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(uniques) + 1))
    return {
        key: order[bounds[k] : bounds[k + 1]]
        for k, key in enumerate(list(uniques))
        if bounds[k + 1] > bounds[k]
    }


def add_index(
    cells: pd.DataFrame,
    benchmark_values: pd.DataFrame,
    meta: pd.DataFrame,
    *,
    method: str = "minmax",
) -> tuple[pd.DataFrame, dict[str, Benchmark]]:
    """Add ``benchmark_value``, ``index`` (benchmark = 100) and ``group`` to scored cells."""
    out = cells.copy()
    benchmarks: dict[str, Benchmark] = {}
    # NOTE (performance): everything per indicator is numpy arrays and dicts read
    # once (no DataFrame slice, .at lookup or groupby per indicator: 200+ indicators at
    # EU scale); the columns are filled as arrays and assigned once. ~115 ms -> ~10 ms.
    # the benchmark region's rows: three columns of them, not the whole frame
    eu = np.flatnonzero(benchmark_values["region_id"].to_numpy() == BENCHMARK_REGION)
    eu_values: dict[str, dict[int, float]] = {}
    for i, y, v in zip(
        benchmark_values["indicator_id"].to_numpy()[eu].tolist(),
        benchmark_values["year"].to_numpy()[eu].tolist(),
        benchmark_values["value"].to_numpy(dtype=float)[eu].tolist(),
        strict=True,
    ):
        eu_values.setdefault(i, {})[int(y)] = v
    bench_col = np.full(len(out), np.nan)
    years = out["year"].to_numpy()
    values = out["value"].to_numpy(dtype=float)
    minmax = (
        out["score_minmax"].to_numpy(dtype=float)
        if "score_minmax" in out.columns
        else np.full(len(out), np.nan)
    )
    scored = scored_ids(meta)
    units = dict(zip(meta.index.tolist(), meta["unit"].tolist(), strict=True))
    directions = dict(zip(meta.index.tolist(), meta["direction"].tolist(), strict=True))
    positions = _group_positions(out["indicator_id"]) if len(out) else {}
    ids = [i for i in sorted(positions) if i in units and i in scored]
    # NOTE (performance): each indicator's extremes (reduceat over its rows, exact as
    # min and max are) and the index column computed at once; the loop only makes
    # each indicator's benchmark and writes its rows' benchmark values.
    extremes = {}
    if ids:
        pos_all = np.concatenate([positions[i] for i in ids])
        starts = np.cumsum([0] + [len(positions[i]) for i in ids[:-1]])
        direction_rows = np.repeat(
            [float(int(directions[i])) for i in ids],
            [len(positions[i]) for i in ids],
        )
        x_all = values[pos_all] * direction_rows
        low = np.minimum.reduceat(x_all, starts)
        high = np.maximum.reduceat(x_all, starts)
        positive = np.logical_and.reduceat(values[pos_all] > 0, starts).tolist()
        extremes = {i: (positive[k], low[k], high[k]) for k, i in enumerate(ids)}
    direction_col = np.zeros(len(out))  # 0: no index
    divisor_col = np.full(len(out), np.nan)  # the benchmark's min-max score
    for indicator_id in ids:
        pos = positions[indicator_id]
        shown_years = years[pos].tolist()
        direction = int(directions[indicator_id])
        bench = _benchmark(
            indicator_id,
            set(shown_years),
            values[pos],
            eu_values.get(indicator_id, {}),
            unit=units[indicator_id],
            direction=direction,
            method=method,
            extremes=extremes[indicator_id],
        )
        benchmarks[indicator_id] = bench
        if bench.kind == "EU27":
            bench_col[pos] = [bench.values[y] for y in shown_years]
        else:
            bench_col[pos] = bench.values[0]
        if bench.ratio:
            direction_col[pos] = direction
        elif bench.score_minmax and bench.score_minmax > 0:
            # NOTE: no ratio on a scale centred on zero (EQI z-scores): as in the
            # RIS, the min-max score as a % of the benchmark's min-max score.
            divisor_col[pos] = bench.score_minmax
    with np.errstate(divide="ignore", invalid="ignore"):
        index_col = np.where(
            direction_col > 0,
            100 * values / bench_col,
            np.where(
                direction_col < 0, 100 * bench_col / values, 100 * minmax / divisor_col
            ),
        )
    out["benchmark_value"] = bench_col
    out["index"] = index_col
    out["group"] = (
        pd.Series(performance_groups(index_col), index=out.index)
        if len(out)
        else out["index"].map(performance_group)  # (no cells: a float column, as map)
    )
    return out, benchmarks


# --- composites ----------------------------------------------------------------------------


def dimension_indicators(meta: pd.DataFrame) -> dict[str, list[str]]:
    """The scored indicators of each EOCIC dimension (empty list: no data yet)."""
    out: dict[str, list[str]] = {d: [] for d in EOCIC_DIMENSIONS}
    scored = scored_ids(meta)
    for indicator_id, dimension in zip(
        meta.index.tolist(), meta["dimension"].tolist(), strict=True
    ):
        if dimension in out and indicator_id in scored:
            out[dimension].append(indicator_id)
    return out


def _weighted(frame: pd.DataFrame, column: str, weight: str) -> float:
    rows = frame[frame[column].notna() & (frame[weight] > 0)]
    total = rows[weight].sum()
    return (
        float((rows[column] * rows[weight]).sum() / total)
        if total > 0
        else float("nan")
    )


def composites(
    cells: pd.DataFrame,
    meta: pd.DataFrame,
    *,
    weights: Mapping[str, float] | None = None,
    benchmarks: Mapping[str, Benchmark] | None = None,
    min_coverage: float = MIN_COVERAGE,
    method: str = "minmax",
) -> pd.DataFrame:
    """Per region and EOCIC dimension: composite score, index, group and coverage.

    One benchmark per dimension: the weighted mean of the benchmark's min-max scores
    over *all* the dimension's indicators with data and a positive weight, the same for
    every region. A region is scored on the indicators it has (``n`` of ``n_total``,
    shown beside its bar); its index is its min-max composite as a % of that one
    benchmark, so the groups follow the min-max order of the bars.

    Args:
        cells: region_id, indicator_id, score (and score_minmax for the index).
        meta: indicator metadata indexed by indicator_id.
        weights: indicator_id -> weight (default 1; 0 leaves an indicator out).
        benchmarks: per indicator; gives the benchmark's min-max score for the index.
        min_coverage: the share of the dimension's indicators a region must have.
        method: the normalisation the bars show. NOTE: groups are a percentage of the
            benchmark on the 0-1 (min-max) scale, as in the Regional Innovation
            Scoreboard; z-scores centred on zero have no such percentage, and a group
            computed on the other scale could contradict the order of the z-score bars,
            so with z-scores the index and group are left empty.

    Returns:
        region_id, dimension, composite (weighted mean of scores), composite_minmax,
        benchmark_minmax (the dimension's one benchmark on the min-max scale),
        benchmark_score (the same on the chosen scale: the line drawn), index (100 x
        composite_minmax / benchmark_minmax), group, n (indicators the region has),
        n_total (indicators in the dimension with a positive weight and data), status
        ("ok", "too few indicators", "no data yet").
    """
    weights = dict(weights or {})
    benchmarks = benchmarks or {}
    regions = sorted(cells["region_id"].unique())
    members = dimension_indicators(meta)
    dimension_of = {i: d for d, ids in members.items() for i in ids}
    # NOTE (performance): numpy arrays and integer keys, weights and dimensions looked
    # up once per indicator, not per cell; the sums are pandas' (_group_sums), so the
    # composites are exactly those of a groupby over the region and dimension names.
    codes, uniques = pd.factorize(cells["indicator_id"])
    ids = list(uniques)
    dimension_code = {d: k for k, d in enumerate(EOCIC_DIMENSIONS)}
    dim_of_id = np.array(
        [dimension_code.get(dimension_of.get(i, ""), -1) for i in ids] + [-1], dtype=int
    )
    w_of_id = np.array([float(weights.get(i, 1.0)) for i in ids] + [0.0], dtype=float)
    # (code -1, a missing indicator id, reads the last entry: in no dimension)
    dims = dim_of_id[codes]
    w = w_of_id[codes]
    score = cells["score"].to_numpy(dtype=float)
    score_mm = (
        cells["score_minmax"].to_numpy(dtype=float)
        if "score_minmax" in cells.columns
        else score
    )
    region_codes, region_ids = pd.factorize(cells["region_id"])
    keep = ~np.isnan(score) & (dims >= 0) & (w > 0) & (region_codes >= 0)
    kept_codes, dims, w = codes[keep], dims[keep], w[keep]
    # the indicators of each dimension with a score somewhere and a positive weight
    present = {d: [] for d in EOCIC_DIMENSIONS}
    for code in np.unique(kept_codes).tolist():
        present[EOCIC_DIMENSIONS[dim_of_id[code]]].append(ids[code])
    bench = _dimension_benchmarks(present, weights, benchmarks)
    n_of, sums = _group_sums(
        region_codes[keep] * len(EOCIC_DIMENSIONS) + dims,
        w=w,
        ws=w * score[keep],
        wmm=w * score_mm[keep],
    )
    records = {
        (
            region_ids[key // len(EOCIC_DIMENSIONS)],
            EOCIC_DIMENSIONS[key % len(EOCIC_DIMENSIONS)],
        ): {
            "n": n,
            **sums[key],
        }
        for key, n in n_of.items()
    }
    rows = []
    nan = float("nan")
    for dimension in EOCIC_DIMENSIONS:
        total = len(present[dimension])
        bench_mm, bench_score = bench.get(dimension, (nan, nan))
        for region_id in regions:
            key = (region_id, dimension)
            n = int(records[key]["n"]) if key in records else 0
            if total == 0:
                status = "no data yet"
            elif n == 0 or n / total < min_coverage:
                status = "too few indicators"
            else:
                status = "ok"
            composite, comp_mm, index = _composite(
                records[key] if status == "ok" else None, method, bench_mm
            )
            rows.append(
                (
                    region_id,
                    dimension,
                    composite,
                    comp_mm,
                    bench_mm if total else nan,
                    bench_score if total else nan,
                    index,
                    performance_group(index),
                    n,
                    total,
                    status,
                )
            )
    return pd.DataFrame(rows, columns=COMPOSITE_COLUMNS)


def _group_sums(
    keys: np.ndarray, **columns: np.ndarray
) -> tuple[dict[int, int], dict[int, dict[str, float]]]:
    """({key: rows}, {key: {column: sum}}) over integer ``keys``.

    NOTE: pandas' own groupby sums (compensated, the rows in order), so the results
    are exactly those of grouping the same rows by any other key of the same groups.
    """
    grouped = pd.DataFrame(columns).groupby(keys)
    sums = grouped.sum()
    names = list(columns)
    n = dict(zip(sums.index.tolist(), grouped.size().tolist(), strict=True))
    values = zip(*(sums[c].tolist() for c in names), strict=True)
    return n, {
        key: dict(zip(names, row, strict=True))
        for key, row in zip(sums.index.tolist(), values, strict=True)
    }


def _dimension_benchmarks(
    present: Mapping[str, list[str]],
    weights: Mapping[str, float],
    benchmarks: Mapping[str, Benchmark],
) -> dict[str, tuple[float, float]]:
    """{dimension: (benchmark on the min-max scale, on the chosen scale)}: the weighted
    mean of the indicator benchmarks over every indicator of the dimension that has a
    score somewhere and a positive weight (``present``; NaN when one of them has no
    benchmark)."""
    out = {}
    for dimension, ids in present.items():
        if not ids:
            continue
        pairs = [(benchmarks.get(i), float(weights.get(i, 1.0))) for i in sorted(ids)]
        if any(b is None or b.score_minmax is None for b, _ in pairs):
            out[dimension] = (float("nan"), float("nan"))
            continue
        total = sum(w for _, w in pairs)
        out[dimension] = (
            sum(b.score_minmax * w for b, w in pairs) / total,
            sum(b.score * w for b, w in pairs) / total,
        )
    return out


COMPOSITE_COLUMNS = [
    "region_id",
    "dimension",
    "composite",
    "composite_minmax",
    "benchmark_minmax",
    "benchmark_score",
    "index",
    "group",
    "n",
    "n_total",
    "status",
]


def overall(
    dimensions: pd.DataFrame,
    *,
    dimension_weights: Mapping[str, float] | None = None,
    min_coverage: float = MIN_COVERAGE,
    method: str = "minmax",
) -> pd.DataFrame:
    """Per region: the weighted mean of its dimension composites, and its index.

    One benchmark for every region: the weighted mean of the dimension benchmarks over
    every dimension that is scored (not "no data yet") with a positive weight. The index
    is 100 x the region's min-max overall composite / that benchmark (min-max only, as
    in :func:`composites`).
    """
    weights = dict(dimension_weights or {})
    # NOTE (performance): lists and numpy arrays, not a dozen pandas operations on
    # these few rows; the benchmark's sums are numpy's over the same values in the
    # same order as the Series sums were, and the regions' are pandas' (_group_sums).
    dimension = dimensions["dimension"].tolist()
    w_all = np.array([float(weights.get(d, 1.0)) for d in dimension], dtype=float)
    keep = np.array(
        [s != "no data yet" for s in dimensions["status"].tolist()], bool
    ) & (w_all > 0)
    at = np.flatnonzero(keep)
    # each scored dimension's first row
    first: dict[str, int] = {}
    for k in at.tolist():
        first.setdefault(dimension[k], k)
    n_total = len(first)
    nan = float("nan")
    bench_mm = bench_score = nan
    rows_of = np.array(list(first.values()), dtype=int)
    bench_mm_all = dimensions["benchmark_minmax"].to_numpy(dtype=float)
    if len(rows_of) and not np.isnan(bench_mm_all[rows_of]).any():
        w = w_all[rows_of]
        bench_score_all = dimensions["benchmark_score"].to_numpy(dtype=float)
        bench_mm = float((w * bench_mm_all[rows_of]).sum() / w.sum())
        bench_score = float((w * bench_score_all[rows_of]).sum() / w.sum())
    composite = dimensions["composite"].to_numpy(dtype=float)
    ok = keep & ~np.isnan(composite)
    region_codes, region_ids = pd.factorize(dimensions["region_id"])
    ok &= region_codes >= 0
    n_of, sums = _group_sums(
        region_codes[ok],
        w=w_all[ok],
        ws=w_all[ok] * composite[ok],
        wmm=w_all[ok] * dimensions["composite_minmax"].to_numpy(dtype=float)[ok],
    )
    records = {region_ids[k]: {"n": n, **sums[k]} for k, n in n_of.items()}
    scored_regions = dimensions["region_id"].to_numpy()[at]
    rows = []
    for region_id in sorted(pd.unique(scored_regions)):
        agg = records.get(region_id)
        n = int(agg["n"]) if agg else 0
        good = n_total > 0 and n > 0 and n / n_total >= min_coverage
        composite, comp_mm, index = _composite(agg if good else None, method, bench_mm)
        rows.append(
            (
                region_id,
                OVERALL,
                composite,
                comp_mm,
                bench_mm,
                bench_score,
                index,
                performance_group(index),
                n,
                n_total,
                "ok" if good else "too few dimensions",
            )
        )
    return pd.DataFrame(rows, columns=COMPOSITE_COLUMNS)


GROUP_RULE_SENTENCE = (
    "Groups compare each region's min-max composite with one benchmark per chart "
    "(the benchmark's composite over the same indicators for every region, the line "
    "drawn): Leader above 125%, Strong 100-125%, Moderate 70-100%, Emerging below 70%; "
    "a region missing indicators is scored on those it has, its coverage beside its bar "
    "(the method of the Regional Innovation Scoreboard)."
)


def rank(values: pd.Series) -> pd.Series:
    """Rank 1 = best (highest); ties share the best rank; missing values get no rank."""
    return values.rank(ascending=False, method="min")


# --- the whole scoreboard -------------------------------------------------------------------


@dataclass
class Scoreboard:
    """Everything the Scoreboard page shows for one set of choices."""

    cells: (
        pd.DataFrame
    )  # per region x indicator: value, year, flag, is_derived, score, index, group
    dimensions: (
        pd.DataFrame
    )  # per region x dimension (and Overall): composite, index, group, n
    benchmarks: dict[str, Benchmark]
    method: str
    year: int | None
    weights: dict[str, float] = field(default_factory=dict)
    dimension_weights: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def ranking(self, target: str) -> pd.DataFrame:
        """Rows for a ranking chart: an indicator id, a dimension name or 'Overall'.

        Indicators are ranked by their index (benchmark = 100); dimensions and the overall
        composite by their composite score on the chosen scale, so the order matches the
        rank stability chart. ``measure`` holds what the bars show.
        """
        # NOTE (performance): the column compared once (a set of a string column
        # reads it element by element)
        mine = self.cells["indicator_id"].to_numpy() == target
        if mine.any():
            rows = self.cells[mine].copy()
            rows["measure"] = (
                rows["index"] if rows["index"].notna().any() else rows["score"]
            )
        else:
            rows = self.dimensions[self.dimensions["dimension"] == target].copy()
            rows["measure"] = rows["composite"]
        rows = rows[rows["measure"].notna()]
        rows["rank"] = rank(rows["measure"])
        return rows.sort_values(["rank", "region_id"]).reset_index(drop=True)

    def benchmark_composite(self, target: str) -> float:
        """The one benchmark of a dimension or 'Overall' on the chosen scale: the line
        drawn on its chart, the same that its groups are measured against."""
        # NOTE (performance): on the columns' arrays (the Compare profile asks five
        # times a view)
        dims = self.dimensions
        values = dims["benchmark_score"].to_numpy(dtype=float)[
            dims["dimension"].to_numpy() == target
        ]
        values = values[~np.isnan(values)]
        return float(values[0]) if len(values) else float("nan")


def build_scoreboard(
    values: pd.DataFrame,
    meta: pd.DataFrame,
    *,
    regions: Iterable[str],
    year: int | None = None,
    method: str = "minmax",
    weights: Mapping[str, float] | None = None,
    dimension_weights: Mapping[str, float] | None = None,
    scored: pd.DataFrame | None = None,
) -> Scoreboard:
    """Select, normalise, benchmark and combine: the scoreboard for the chosen settings.

    Args:
        values: every value (all years) of the regions and the benchmark regions.
        meta: indicator metadata indexed by indicator_id.
        regions: the comparison set (the pilot regions).
        year: a fixed year or None for the latest available per region and indicator.
        method: "minmax" or "zscore".
        weights: indicator weights within dimensions (default 1 each).
        dimension_weights: dimension weights in the overall composite (default 1 each).
        scored: :func:`both_scales` for the same values, regions and year, when it is
            already computed (the page's rank stability uses it too).
    """
    regions = list(regions)
    if scored is None:
        scored = both_scales(values, meta, regions=regions, year=year)
    cells = on_scale(scored, method)
    cells, benchmarks = add_index(cells, values, meta, method=method)
    cells["dimension"] = cells["indicator_id"].map(meta["dimension"])
    dims = composites(
        cells, meta, weights=weights, benchmarks=benchmarks, method=method
    )
    total = overall(dims, dimension_weights=dimension_weights, method=method)
    notes = [
        f"{d}: no data yet"
        for d, members in dimension_indicators(meta).items()
        if not members
    ]
    return Scoreboard(
        cells,
        pd.concat([dims, total], ignore_index=True),
        benchmarks,
        method,
        year,
        dict(weights or {}),
        dict(dimension_weights or {}),
        notes,
    )


def rank_stability(
    values: pd.DataFrame,
    meta: pd.DataFrame,
    *,
    regions: Iterable[str],
    target: str = OVERALL,
    year: int | None = None,
    method: str = "minmax",
    weights: Mapping[str, float] | None = None,
    dimension_weights: Mapping[str, float] | None = None,
    scored: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The range of ranks each region takes across normalisations and weightings.

    Scenarios: both normalisations x {equal weights, the given weights, and the given
    weights with each component (dimension for 'Overall', indicator for a dimension)
    left out in turn}. The composite score (not the index) is ranked.

    Returns:
        region_id, rank (under ``method`` and the given weights), rank_min, rank_max,
        scenarios (how many weightings x normalisations were ranked).
    """
    regions = list(regions)
    if scored is None:  # as in build_scoreboard
        scored = both_scales(values, meta, regions=regions, year=year)
    by_method = {m: on_scale(scored, m) for m in METHODS}
    members = dimension_indicators(meta)
    weights = dict(weights or {})
    dimension_weights = dict(dimension_weights or {})
    if target == OVERALL:
        components = [
            d for d, m in members.items() if m and dimension_weights.get(d, 1.0) > 0
        ]
    else:
        components = [i for i in members.get(target, []) if weights.get(i, 1.0) > 0]

    # NOTE (performance): each scenario's composites come from one region x
    # indicator score matrix per normalisation (numpy), with exactly the rules of
    # composites() and overall(); a scenario costs microseconds, not a groupby.
    # NOTE (performance): both normalisations' cells are the same rows: the matrix's
    # layout is built once. The scenarios are ranked as numpy arrays (the ranks
    # Series.rank gives); ~64 scenarios for a dimension's band.
    first = _ScoreMatrix(by_method[METHODS[0]], members)
    matrices = {
        m: first if m == METHODS[0] else _ScoreMatrix(cells, members, like=first)
        for m, cells in by_method.items()
    }

    settings = [({}, {}), (weights, dimension_weights)]
    for component in components:
        if target == OVERALL:
            settings.append((weights, {**dimension_weights, component: 0.0}))
        else:
            settings.append(({**weights, component: 0.0}, dimension_weights))
    with np.errstate(divide="ignore", invalid="ignore"):
        headline = matrices[method].values(target, weights, dimension_weights)
        scenarios = [
            matrices[m].values(target, w, dw) for m in METHODS for w, dw in settings
        ]
    index = first.index()
    if headline is not None and all(v is not None for v in scenarios):
        all_ranks = np.column_stack([_ranks(v) for v in scenarios])
        out = pd.DataFrame(
            {
                "rank": _ranks(headline),
                # NOTE: fmin/fmax skip NaN as DataFrame.min(axis=1) does (an
                # all-NaN row stays NaN)
                "rank_min": np.fmin.reduce(all_ranks, axis=1),
                "rank_max": np.fmax.reduce(all_ranks, axis=1),
                "scenarios": (~np.isnan(all_ranks)).sum(axis=1),
            },
            index=index,
        )
    else:
        # a weighting with nothing to combine ranks no region (an empty Series,
        # aligned with the others as pandas aligns them)
        def ranked(v: np.ndarray | None) -> pd.Series:
            if v is None:
                return pd.Series([], dtype=float, index=pd.Index([], name="region_id"))
            return rank(pd.Series(v, index=index))

        all_ranks = pd.concat([ranked(v) for v in scenarios], axis=1)
        out = pd.DataFrame(
            {
                "rank": ranked(headline),
                "rank_min": all_ranks.min(axis=1),
                "rank_max": all_ranks.max(axis=1),
                "scenarios": all_ranks.notna().sum(axis=1),
            }
        )
    out = out[out["rank"].notna()].reset_index().rename(columns={"index": "region_id"})
    return out.sort_values(["rank", "region_id"]).reset_index(drop=True)


def _ranks(values: np.ndarray) -> np.ndarray:
    """:func:`rank` of an array: 1 + the number of strictly higher values (ties share
    the best rank), NaN for a missing value."""
    out = np.full(len(values), np.nan)
    ok = ~np.isnan(values)
    v = values[ok]
    out[ok] = 1.0 + (v[None, :] > v[:, None]).sum(axis=1)
    return out


class _ScoreMatrix:
    """Scores as a region x indicator matrix, for many weightings of the same cells.

    ``like``: a matrix of cells with the same rows (another normalisation of them),
    whose layout is reused.
    """

    def __init__(
        self,
        cells: pd.DataFrame,
        members: dict[str, list[str]],
        like: _ScoreMatrix | None = None,
    ) -> None:
        if like is None:
            self._layout(cells, members)
        else:
            self.regions, self.indicators = like.regions, like.indicators
            self._rows, self._cols, self._keep = like._rows, like._cols, like._keep
            self.columns, self.members = like.columns, like.members
        # NOTE (performance): filled by position, not pivot_table (~15 ms); the
        # first score of a region x indicator wins, as with aggfunc="first".
        self.scores = np.full((len(self.regions), len(self.indicators)), np.nan)
        score = cells["score"].to_numpy(dtype=float)[self._keep]
        self.scores[self._rows[::-1], self._cols[::-1]] = score[::-1]
        self.present = ~np.isnan(self.scores)
        self.filled = np.where(self.present, self.scores, 0.0)

    def _layout(self, cells: pd.DataFrame, members: dict[str, list[str]]) -> None:
        """The regions (rows), indicators (columns) and each kept cell's position."""
        self.regions = sorted(cells["region_id"].unique())
        dimension_of = {i: d for d, ids in members.items() for i in ids}
        self._keep = np.flatnonzero(
            cells["score"].notna().to_numpy()
            & cells["indicator_id"].isin(dimension_of).to_numpy()
        )
        c = cells.iloc[self._keep]
        self.indicators = sorted(c["indicator_id"].unique())
        row_of = {r: k for k, r in enumerate(self.regions)}
        col_of = {i: k for k, i in enumerate(self.indicators)}
        self._rows = np.array([row_of[r] for r in c["region_id"].tolist()], dtype=int)
        self._cols = np.array(
            [col_of[i] for i in c["indicator_id"].tolist()], dtype=int
        )
        dims = np.array([dimension_of[i] for i in self.indicators], dtype=object)
        self.columns = {d: dims == d for d in EOCIC_DIMENSIONS}
        # each dimension's columns (ascending) and their indicator ids
        self.members = {
            d: (
                np.flatnonzero(mask),
                [self.indicators[k] for k in np.flatnonzero(mask)],
            )
            for d, mask in self.columns.items()
        }

    def dimension(self, dimension: str, w: Mapping[str, float]) -> np.ndarray | None:
        """Composite per region (NaN: too few indicators); None: no data yet."""
        positions, ids = self.members[dimension]
        weights = np.array([float(w.get(i, 1.0)) for i in ids], dtype=float)
        cols = positions[weights > 0]
        total = len(cols)  # indicators with a score somewhere and a weight
        if total == 0:
            return None
        present = self.present[:, cols]
        wv = weights[weights > 0]
        n = present.sum(axis=1)
        wsum = (present * wv).sum(axis=1)
        ws = (self.filled[:, cols] * wv).sum(axis=1)
        ok = (n > 0) & (n / total >= MIN_COVERAGE)
        return np.where(ok, ws / wsum, np.nan)  # NOTE: 0/0 where not ok: see values

    def index(self) -> pd.Index:
        return pd.Index(self.regions, name="region_id")

    def values(
        self, target: str, w: Mapping[str, float], dw: Mapping[str, float]
    ) -> np.ndarray | None:
        """Composite scores per region (in the order of ``regions``): of one
        dimension, or overall (None: no dimension to combine).

        NOTE: the caller silences numpy's 0/0 warnings (``np.errstate``), once for
        all its scenarios: the regions with no score divide by zero, and are NaN.
        """
        if target != OVERALL:
            values = self.dimension(target, w) if target in self.columns else None
            if values is None:
                values = np.full(len(self.regions), np.nan)
            return values
        parts = []
        for dimension in EOCIC_DIMENSIONS:
            values = self.dimension(dimension, w)
            weight = float(dw.get(dimension, 1.0))
            if values is not None and weight > 0:
                parts.append((values, weight))
        if not parts:
            return None
        stacked = np.vstack([v for v, _ in parts])
        weights = np.array([x for _, x in parts])[:, None]
        ok = ~np.isnan(stacked)
        n = ok.sum(axis=0)
        wsum = (ok * weights).sum(axis=0)
        ws = (np.where(ok, stacked, 0.0) * weights).sum(axis=0)
        good = (n > 0) & (n / len(parts) >= MIN_COVERAGE)
        return np.where(good, ws / wsum, np.nan)


# --- comparing regions -----------------------------------------------------------------


def profile(
    board: Scoreboard, regions: list[str], *, axis: str = "dimensions"
) -> pd.DataFrame:
    """Normalised profile of some regions with the benchmark's position on each row.

    Args:
        board: the scoreboard.
        regions: the regions to show.
        axis: "dimensions" (composites) or "indicators" (scores).

    Returns:
        label, region_id, score, benchmark_score, year ('' for dimensions), is_derived.
    """
    if axis == "dimensions":
        bench = dimension_benchmark_scores(board)
        dims = board.dimensions[
            board.dimensions["dimension"].isin(EOCIC_DIMENSIONS)
            & board.dimensions["region_id"].isin(regions)
            & board.dimensions["composite"].notna()
        ]
        rows = dims.rename(columns={"dimension": "label", "composite": "score"}).copy()
        rows["benchmark_score"] = rows["label"].map(bench)
        derived = derived_pairs(board.cells)
        rows["is_derived"] = [
            (r, d) in derived
            for r, d in zip(
                rows["region_id"].tolist(), rows["label"].tolist(), strict=True
            )
        ]
        rows["year"] = ""
    else:
        cells = board.cells[
            board.cells["region_id"].isin(regions) & board.cells["score"].notna()
        ]
        rows = cells.rename(columns={"indicator_id": "label"}).copy()
        rows["benchmark_score"] = rows["label"].map(
            lambda i: board.benchmarks[i].score if i in board.benchmarks else np.nan
        )
    return rows[
        ["label", "region_id", "score", "benchmark_score", "year", "is_derived"]
    ].reset_index(drop=True)


def derived_pairs(cells: pd.DataFrame) -> set[tuple[str, str]]:
    """The (region, dimension) pairs with a value derived from NUTS-2 parts (a set, not
    a groupby)."""
    return {
        (r, d)
        for r, d, flag in zip(
            cells["region_id"].tolist(),
            cells["dimension"].tolist(),
            cells["is_derived"].tolist(),
            strict=True,
        )
        if flag
    }


def dimension_benchmark_scores(board: Scoreboard) -> dict[str, float]:
    """The one benchmark of each dimension on the chosen scale (the weighted mean of
    the benchmark's indicator scores over the dimension's indicators, as its groups
    use; NaN where the dimension has no data yet)."""
    return {d: board.benchmark_composite(d) for d in EOCIC_DIMENSIONS}


def suggest_peers(
    region_id: str,
    board: Scoreboard,
    meta: pd.DataFrame,
    *,
    gdp_indicator: str = "gdp_pps_per_inhabitant",
    n: int = 3,
    min_shared: int = 5,
) -> pd.DataFrame:
    """Peers for a region, each with the reason it was suggested.

    Two bases: the ``n`` regions with the closest GDP per head (latest values), and the
    ``n`` nearest in normalised indicator space (root mean square gap over the scored
    indicators both regions have, at least ``min_shared`` of them).

    Returns:
        region_id, basis ("similar GDP per head" / "nearest indicator profile"),
        distance, reason.
    """
    cells = board.cells
    rows = []
    gdp = cells[cells["indicator_id"] == gdp_indicator].set_index("region_id")
    if region_id in gdp.index:
        mine = gdp.loc[region_id]
        unit = meta.at[gdp_indicator, "unit"] if gdp_indicator in meta.index else ""
        others = gdp.drop(index=region_id)
        gap = (others["value"] - mine["value"]).abs() / mine["value"]
        for other in gap.sort_values().index[:n]:
            theirs = others.loc[other]
            rows.append(
                (
                    other,
                    "similar GDP per head",
                    float(gap[other]),
                    f"GDP per head {theirs['value']:,.0f} ({int(theirs['year'])}) vs "
                    f"{mine['value']:,.0f} ({int(mine['year'])}) {unit}: "
                    f"{gap[other]:.1%} apart",
                )
            )
    regions, scores = _score_table(cells)
    if region_id in regions:
        mine = scores[regions.index(region_id)]
        distances = []
        # NOTE (performance): numpy rows of the table, the same arithmetic as the
        # Series' (the squared gaps in the indicators' order, summed, over their count)
        for other, theirs in zip(regions, scores, strict=True):
            if other == region_id:
                continue
            both = ~np.isnan(mine) & ~np.isnan(theirs)
            k = int(both.sum())
            if k < min_shared:
                continue
            gaps = (mine[both] - theirs[both]) ** 2
            rms = float(np.sqrt(gaps.sum() / np.float64(k)))
            distances.append((rms, other, k))
        label = "0-1 scale" if board.method == "minmax" else "z-score scale"
        for rms, other, k in sorted(distances)[:n]:
            rows.append(
                (
                    other,
                    "nearest indicator profile",
                    rms,
                    f"closest profile over {k} shared indicators (root mean square "
                    f"gap {rms:.2f} on the {label})",
                )
            )
    return pd.DataFrame(rows, columns=["region_id", "basis", "distance", "reason"])


def _score_table(cells: pd.DataFrame) -> tuple[list[str], np.ndarray]:
    """(regions, region x indicator scores): ``pivot_table`` of the scores, rows and
    columns sorted, only those with a score.

    NOTE (performance): filled by position (~4 ms less at EU scale); with a region and
    indicator given twice, pivot_table itself (it averages them).
    """
    region = cells["region_id"].to_numpy()
    indicator = cells["indicator_id"].to_numpy()
    score = cells["score"].to_numpy(dtype=float)
    keys = cells[["region_id", "indicator_id"]]
    if keys.isna().any(axis=None) or keys.duplicated().any():
        table = cells.pivot_table(
            index="region_id", columns="indicator_id", values="score"
        )
        return table.index.tolist(), table.to_numpy(dtype=float)
    has = ~np.isnan(score)
    regions = sorted(set(region[has].tolist()))
    indicators = sorted(set(indicator[has].tolist()))
    row_of = {r: k for k, r in enumerate(regions)}
    col_of = {i: k for k, i in enumerate(indicators)}
    table = np.full((len(regions), len(indicators)), np.nan)
    at = np.flatnonzero(has)
    table[
        [row_of[r] for r in region[at].tolist()],
        [col_of[i] for i in indicator[at].tolist()],
    ] = score[at]
    return regions, table


def shared_and_distinct(
    challenges: Mapping[str, pd.DataFrame],
) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """Challenges all the given regions share, and those only one of them has.

    Args:
        challenges: region_id -> its challenges (challenge_id, name, family, ...).

    Returns:
        (shared, distinct): the shared challenges, and per region the challenges no other
        region in the selection has.
    """
    sets = {r: set(frame["challenge_id"]) for r, frame in challenges.items()}
    if not sets:
        return pd.DataFrame(columns=["challenge_id", "name", "family"]), {}
    common = set.intersection(*sets.values())
    first = next(iter(challenges.values()))
    names = (
        pd.concat(challenges.values())
        .drop_duplicates("challenge_id")
        .set_index("challenge_id")
    )
    shared = (
        names.loc[sorted(common), ["name", "family"]].reset_index()
        if common
        else first.iloc[0:0][["challenge_id", "name", "family"]]
    )
    distinct = {}
    for region_id, frame in challenges.items():
        others = set().union(*(s for r, s in sets.items() if r != region_id))
        distinct[region_id] = frame[~frame["challenge_id"].isin(others)].reset_index(
            drop=True
        )
    return shared, distinct


def ranked_cells(board: Scoreboard) -> pd.DataFrame:
    """The board's scored cells of the EOCIC dimensions with ``rank`` (1 = best among
    the regions with a value of the indicator) and ``n_regions``."""
    cells = board.cells[
        board.cells["score"].notna() & board.cells["dimension"].isin(EOCIC_DIMENSIONS)
    ].copy()
    cells["rank"] = cells.groupby("indicator_id")["score"].rank(
        ascending=False, method="min"
    )
    cells["n_regions"] = cells.groupby("indicator_id")["score"].transform("count")
    return cells


def strengths_and_weaknesses(
    board: Scoreboard,
    region_id: str,
    *,
    n: int = 5,
    ranked: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A region's strongest and weakest EOCIC indicators against the other pilots.

    Ranked by the normalised score (direction-aware); context indicators are left out.
    ``ranked``: the board's :func:`ranked_cells`, when already worked out.

    Returns:
        (strongest, weakest): the region's cells with ``rank`` (1 = best among the
        pilots with a value) and ``n_regions``, best first / weakest first. An indicator
        appears in at most one of the two lists.
    """
    cells = ranked if ranked is not None else ranked_cells(board)
    mine = cells[cells["region_id"] == region_id].sort_values(
        ["score", "indicator_id"], ascending=[False, True]
    )
    k = min(n, len(mine) // 2 + len(mine) % 2)
    strongest = mine.head(k)
    weakest = (
        mine[~mine.index.isin(strongest.index)]
        .sort_values(["score", "indicator_id"])
        .head(n)
    )
    return strongest.reset_index(drop=True), weakest.reset_index(drop=True)
