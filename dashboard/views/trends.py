"""Trends: the view model of the /trends page and its export payloads (pure given data).

State: ``base`` and ``latest`` ("auto": the defaults of
:func:`dashboard.analytics.trends.default_years`, or a year) and ``dim`` (the dimension
whose indicators the small multiples show: a key of ``DIM_KEYS``).
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from dashboard.analytics import scoreboard as sb
from dashboard.analytics import trends as tr
from dashboard.cache import per_file_version
from dashboard.export.files import ChartPayload
from dashboard.figures import scoreboard as figs
from dashboard.figures import trends as tfigs
from dashboard.queries import indicators as indicator_queries
from dashboard.queries.scoreboard import scoreboard_inputs
from dashboard.views.scoreboard import DIM_KEYS

AUTO = "auto"
DEFAULT_DIM = "kb"
METHOD_NOTE = (
    f"Method: for each year a region's most recent value of each indicator published "
    f"for that year or up to {tr.WINDOW} years before (the year used is in the table "
    "and the exports). One min-max normalisation per indicator over the ten pilot "
    "regions' values at both years pooled (0 = the lowest, 100 = the highest of the "
    "two years together; reversed where lower is better), so that a score moves only "
    "when the region's own value moves against that common range. Dimension "
    "composite: the mean of the region's indicator scores, when it has at least half "
    "of the dimension's indicators that year. Overall: the mean of the dimension "
    "composites the region has at both years, when that is at least half of the "
    "dimensions with data. Change = later minus base; "
    f"'improved' at +{tr.THRESHOLD:g} points or more, 'declined' at "
    f"-{tr.THRESHOLD:g} or less, otherwise 'little change'. Economic context and "
    "size-dependent counts are not scored, as on the Scoreboard."
)
SMALL_MULTIPLES_NOTE = (
    "A line per region over every year with a value; the dotted black line is the "
    "benchmark: EU27 where it has values for at least half of the years shown, else "
    "the average of the pilot regions with a value that year (named in the legend and "
    "the hover). Grey vertical lines mark the two years compared. Derived values "
    "(from NUTS-2 parts) are included as on the Scoreboard."
)


def year_choices() -> list[str]:
    """The allowed values of ``base`` and ``latest``: auto or a year with data."""
    return [AUTO, *(str(y) for y in sorted(indicator_queries.years()))]


class TrendsView(NamedTuple):
    """Everything the page and its exports show for one validated state."""

    state: dict
    meta: pd.DataFrame
    values: pd.DataFrame
    names: dict[str, str]
    base: int
    latest: int
    comparison: tr.TrendComparison
    notices: list[str]
    default: tuple[int, int]  # the "auto" years (base, latest)
    pilot_values: pd.DataFrame  # the rows of ``values`` of the pilot regions
    cited: str  # the sources of the scored indicators' values (the composites')
    # each indicator's distinct citations among ``pilot_values``
    pilot_citations: dict[str, tuple[str, ...]]


def resolve_years(state: dict, default: tuple[int, int]) -> tuple[int, int, list[str]]:
    """(base, latest, notices): the chosen years, defaults for "auto", base < latest."""
    base = default[0] if state.get("base") in (None, "", AUTO) else int(state["base"])
    latest = (
        default[1] if state.get("latest") in (None, "", AUTO) else int(state["latest"])
    )
    notices = []
    if base > latest:
        notices.append(
            f"The base year must be before the later year: showing {latest} to {base}."
        )
        base, latest = latest, base
    elif base == latest:
        notices.append(
            f"The base year must be before the later year: showing {default[0]} to "
            f"{default[1]} (the default years)."
        )
        base, latest = default
    return base, latest, notices


def build_view(state: dict) -> TrendsView:
    """Query and compute the comparison for a validated state."""
    # Load inputs.
    meta, values, regions = scoreboard_inputs()
    pilots = regions[regions["is_pilot"]]
    names = dict(zip(pilots["region_id"], pilots["name"], strict=True))
    # Process data.
    # NOTE (performance): the pilots' rows, in year order, and each indicator's
    # citations among them depend only on the data: kept per database file (the filter
    # and the sorts by year cost ~15 ms a view at EU scale, reading the citation of
    # every value, tens of thousands of strings, another ~15 ms). A stable sort, so rows
    # of one year keep their order. One memo, so the citations always describe the rows.
    pilot_values, pilot_citations, pilot_index = per_file_version(
        "trend-pilot-values", lambda: _pilot_rows(values, list(names))
    )
    # NOTE (performance): the default years depend only on the data (60 ms at EU
    # scale), so they are worked out once per database file, not once per view.
    default = per_file_version(
        "trend-default-years",
        lambda: tr.default_years(pilot_values, meta, regions=list(names)),
    )
    base, latest, notices = resolve_years(state, default)
    comparison = tr.compare_years(
        pilot_index, meta, regions=list(names), base=base, latest=latest
    )
    cited = _cite(pilot_citations, comparison.scores["indicator_id"].unique())
    return TrendsView(
        state,
        meta,
        values,
        names,
        base,
        latest,
        comparison,
        notices,
        default,
        pilot_values,
        cited,
        pilot_citations,
    )


def _pilot_rows(values: pd.DataFrame, region_ids: list[str]):
    """(the pilots' rows in year order, each indicator's distinct citations among them,
    the rows' year index)."""
    rows = values[values["region_id"].isin(region_ids)].sort_values(
        "year", kind="stable"
    )
    citations = {
        str(i): tuple(group.dropna().unique())
        for i, group in rows.groupby("indicator_id")["citation"]
    }
    return rows, citations, tr.year_index(rows)


def _cite(pilot_citations: dict[str, tuple[str, ...]], indicator_ids) -> str:
    """The sources of the pilots' values of these indicators, as a reader cites them."""
    return figs.cite_sources(
        c for i in indicator_ids for c in pilot_citations.get(str(i), ())
    )


def _citations(view: TrendsView, indicator_ids=None) -> str:
    """The sources of the pilots' values of these indicators (default: those scored)."""
    if indicator_ids is None:
        return view.cited
    return _cite(view.pilot_citations, indicator_ids)


def overall_rows(view: TrendsView) -> pd.DataFrame:
    """The overall composite of each compared region, best later value first."""
    rows = view.comparison.overall().copy()
    rows.insert(1, "label", rows["region_id"].map(view.names))
    dims = view.comparison.changes
    counts = (
        dims[dims["dimension"] != sb.OVERALL].groupby("region_id")["dimension"].count()
    )
    rows["dimensions"] = rows["region_id"].map(counts).astype(int)
    return rows


def _composite_payload(
    view: TrendsView,
    rows: pd.DataFrame,
    *,
    title: str,
    unit: str,
    extra: str,
    draw,
    columns: dict[str, str],
) -> ChartPayload:
    """A composite chart's payload: subtitle, figure (``draw(rows, subtitle)``), data."""
    subtitle = figs.source_line(
        unit=unit,
        years=[view.base, view.latest],
        sources=[_citations(view)],
        extra=extra,
    )
    figure = (
        draw(rows, subtitle)
        if not rows.empty
        else figs.empty_figure("No region has composites at both years.")
    )
    data = rows.rename(columns={"label": "region_name", **columns})
    return ChartPayload(
        figure=figure,
        data=data.drop(columns=["dimension"] if "dimensions" in rows else []).round(2),
        title=title,
        source=_citations(view),
        years=f"{view.base}, {view.latest}",
        definitions=METHOD_NOTE,
        filters=_filters(view),
    )


def overall_payload(state: dict, view: TrendsView | None = None) -> ChartPayload:
    """Dumbbells of the overall composite at both years; data: one row per region."""
    view = view or build_view(state)
    return _composite_payload(
        view,
        overall_rows(view),
        title=f"Overall composite, {view.base} and {view.latest}",
        unit="overall composite, 0-100 (min-max pooled over the pilots and both years)",
        extra=f"change of ±{tr.THRESHOLD:g} points or more: improved / declined",
        draw=lambda rows, subtitle: tfigs.change_dumbbell(
            rows, base=view.base, latest=view.latest, subtitle=subtitle
        ),
        columns={
            "base": f"overall_{view.base}",
            "latest": f"overall_{view.latest}",
            "dimensions": "dimensions_compared",
        },
    )


def dimension_rows(view: TrendsView) -> pd.DataFrame:
    """One row per compared region and dimension (overall excluded)."""
    rows = view.comparison.changes
    rows = rows[rows["dimension"] != sb.OVERALL].copy()
    rows.insert(1, "label", rows["region_id"].map(view.names))
    return rows.reset_index(drop=True)


def dimensions_payload(state: dict, view: TrendsView | None = None) -> ChartPayload:
    """Change per region and dimension; data: both composites and the change."""
    view = view or build_view(state)
    rows = dimension_rows(view)
    # regions with an overall comparison first (best first), then the others
    ranked = list(overall_rows(view)["label"])
    order = ranked + sorted(set(rows["label"]) - set(ranked))
    dims = [d for d in sb.EOCIC_DIMENSIONS if d in set(rows["dimension"])]
    return _composite_payload(
        view,
        rows,
        title=f"Change by dimension, {view.base} to {view.latest}",
        unit="change of the dimension composite, points (0-100 scale)",
        extra="not compared: the region lacks the dimension at one of the years",
        draw=lambda rows, subtitle: tfigs.change_heatmap(
            rows, regions=order, dimensions=dims, subtitle=subtitle
        ),
        columns={
            "base": f"composite_{view.base}",
            "latest": f"composite_{view.latest}",
        },
    )


def dimension_of(key: str | None) -> str:
    """The dimension name of a ``dim`` key (the default for an unknown one)."""
    return DIM_KEYS.get(key or DEFAULT_DIM, DIM_KEYS[DEFAULT_DIM])


def dimension_indicators(view: TrendsView, key: str | None) -> dict[str, str]:
    """The dimension's scored indicators: id -> panel title (name, unit)."""
    ids = sb.dimension_indicators(view.meta).get(dimension_of(key), [])
    return {i: f"{view.meta.at[i, 'name']} ({view.meta.at[i, 'unit']})" for i in ids}


def _every_benchmark() -> pd.DataFrame:
    meta, values, regions = scoreboard_inputs()
    return tr.benchmark_series(
        values,
        regions=regions.loc[regions["is_pilot"], "region_id"].tolist(),
        indicator_ids=[
            i for ids in sb.dimension_indicators(meta).values() for i in ids
        ],
    )


def _benchmarks(indicator_ids: list[str]) -> pd.DataFrame:
    """The benchmark lines of these indicators, in their order."""
    # NOTE (performance): an indicator's benchmark line depends only on the data, not
    # on the other indicators asked for: every scored indicator's line is worked out
    # once per database file (~17 ms a dimension at EU scale) and sliced here.
    every = per_file_version("trend-benchmarks", _every_benchmark)
    rows = every[every["indicator_id"].isin(indicator_ids)]
    order = rows["indicator_id"].map({i: k for k, i in enumerate(indicator_ids)})
    return rows.iloc[order.argsort(kind="stable")].reset_index(drop=True)


def multiples_payload(state: dict, view: TrendsView | None = None) -> ChartPayload:
    """Small multiples of the dimension's indicators; data: every value drawn."""
    view = view or build_view(state)
    key = state.get("dim") or view.state.get("dim")
    panels = dimension_indicators(view, key)
    pilots = view.pilot_values[view.pilot_values["indicator_id"].isin(list(panels))]
    bench = _benchmarks(list(panels))
    dimension = dimension_of(key)
    figure = (
        tfigs.small_multiples_spec(
            pilots,
            indicators=panels,
            region_names=view.names,
            benchmark=bench,
            benchmark_label="benchmark (EU27 or pilot average, dotted)",
            marked_years=[view.base, view.latest],
        )
        if panels
        else figs.empty_figure(f"{dimension}: no data yet.")
    )
    data = pilots[
        ["indicator_id", "region_id", "year", "value", "flag", "is_derived"]
    ].copy()
    data.insert(2, "region_name", data["region_id"].map(view.names))
    bench_rows = bench.assign(region_id="benchmark", region_name=bench["label"])
    data = pd.concat([data, bench_rows.drop(columns=["label"])], ignore_index=True)
    years = pilots["year"]
    return ChartPayload(
        figure=figure,
        data=data.sort_values(["indicator_id", "region_id", "year"]).reset_index(
            drop=True
        ),
        title=f"{dimension}: indicators over time",
        source=_citations(view, panels),
        years=f"{int(years.min())}-{int(years.max())}" if len(years) else "",
        definitions=SMALL_MULTIPLES_NOTE,
        filters=_filters(view, key),
    )


def missing_rows(view: TrendsView) -> list[tuple[str, str]]:
    """(region name, reason) for every region not compared."""
    return [
        (view.names.get(r, r), reason)
        for r, reason in sorted(view.comparison.missing.items())
    ]


def _filters(view: TrendsView, key: str | None = None) -> str:
    text = f"Base year: {view.base}; later year: {view.latest}"
    return f"{text}; indicators over time: {dimension_of(key)}" if key else text


def summary_sentence(view: TrendsView) -> str:
    """One sentence for screen readers: who improved and who declined."""
    rows = overall_rows(view)
    up = rows[rows["status"] == tr.STATUS_IMPROVED]["label"].tolist()
    down = rows[rows["status"] == tr.STATUS_DECLINED]["label"].tolist()
    return (
        f"Overall composite of {len(rows)} regions in {view.base} and {view.latest}: "
        f"improved {', '.join(up) or 'none'}; declined {', '.join(down) or 'none'}."
    )
