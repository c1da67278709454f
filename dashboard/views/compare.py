"""Compare: the view for one URL state (the chosen regions on the scoreboard of all ten
pilots), its profile, bars and time-series figures, export payloads and the shared and
distinct challenges of the chosen regions.
"""

from __future__ import annotations

from typing import NamedTuple

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard.analytics import scoreboard as sb
from dashboard.export.files import ChartPayload
from dashboard.figures import scoreboard as figs
from dashboard.queries import challenges as challenge_queries
from dashboard.queries import indicators as indicator_queries
from dashboard.queries.scoreboard import pilot_board, scoreboard_inputs
from dashboard.views.scoreboard import distinct_values, provenance

DEFAULT_REGIONS = ["HDF", "SAX", "WAL"]
DEFAULT_INDICATOR = "gdp_pps_per_inhabitant"


def year_choices() -> list[str]:
    return ["latest"] + [str(y) for y in indicator_queries.years()]


# --- charts -------------------------------------------------------------------------------


def profile_figure(board, chosen, names, meta, axis, frame=None):
    """The profile dots (``frame``: ``sb.profile`` of these, if already computed)."""
    frame = sb.profile(board, chosen, axis=axis) if frame is None else frame.copy()
    if frame.empty:
        return figs.empty_figure("No scores for these regions with these settings.")
    if axis == "dimensions":
        labels = {d: d for d in sb.EOCIC_DIMENSIONS}
        cells = board.cells[
            board.cells["region_id"].isin(chosen)
            & board.cells["score"].notna()
            & board.cells["dimension"].isin(sb.EOCIC_DIMENSIONS)
        ]
        frame["hover"] = [
            figs.esc(
                f"{names[region_id]}, {label}: composite {score:.2f}"
                + (f" {figs.DERIVED_MARK}" if derived else "")
                + f" (benchmark {bench:.2f})"
            )
            for region_id, label, score, derived, bench in _columns(
                frame, "region_id", "label", "score", "is_derived", "benchmark_score"
            )
        ]
        missing = [d for d in sb.EOCIC_DIMENSIONS if d not in set(frame["label"])]
        extra = (
            "rows missing: "
            + "; ".join(missing)
            + " (no data yet or too few indicators)"
            if missing
            else None
        )
    else:
        order = [
            i for d in sb.EOCIC_DIMENSIONS for i in meta.index[meta["dimension"] == d]
        ]
        placed = set(order)
        order += [i for i in meta.index if i not in placed]
        name_of = dict(zip(meta.index.tolist(), meta["name"].tolist(), strict=True))
        labels = {i: name_of[i] for i in order}
        cells = board.cells[
            board.cells["region_id"].isin(chosen) & board.cells["score"].notna()
        ]
        # NOTE (performance): dicts, not .at lookups per dot (200+ indicators).
        detail = {
            (r, i): v
            for r, i, v in zip(
                cells["region_id"].tolist(),
                cells["indicator_id"].tolist(),
                cells["value"].tolist(),
                strict=True,
            )
        }
        unit_of = dict(zip(meta.index.tolist(), meta["unit"].tolist(), strict=True))
        frame["hover"] = [
            figs.esc(
                f"{names[region_id]}, {name_of[label]}: "
                f"{figs.fmt_value(detail[(region_id, label)])} "
                f"{unit_of[label]} ({int(year)})"
                + (f" {figs.DERIVED_MARK}" if derived else "")
                + f"; score {score:.2f}"
            )
            for region_id, label, year, derived, score in _columns(
                frame, "region_id", "label", "year", "is_derived", "score"
            )
        ]
        extra = None
    subtitle = figs.source_line(
        unit=f"normalised score, {sb.METHOD_LABELS[board.method]}, among the ten pilots",
        years=distinct_values(cells["year"]),
        sources=distinct_values(cells["citation"]),
        derived=bool(frame["is_derived"].any()),
        extra="black bar: benchmark (EU27 where it has the indicator, else the pilot average)"
        + (f"; {extra}" if extra else ""),
    )
    return figs.profile_dots(
        frame,
        region_names={r: names[r] for r in chosen},
        labels=labels,
        x_title=f"score ({sb.METHOD_LABELS[board.method]}; higher is better)",
        subtitle=subtitle,
        title="Profile over dimensions"
        if axis == "dimensions"
        else "Profile over indicators",
    )


def _indicator_values(values: pd.DataFrame, indicator_id: str) -> pd.DataFrame:
    """One indicator's rows of ``values`` (the same rows, order and index as a boolean
    selection).

    NOTE (performance): compared on the column's array (the 45,000 values' string
    column compared through pandas costs ~4 ms at EU scale; this ~0.7 ms).
    """
    return sb.rows_where(values, "indicator_id", indicator_id)


def _columns(frame: pd.DataFrame, *names: str):
    """The rows' values of some columns (the Python values ``itertuples`` gives)."""
    return zip(*(frame[c].tolist() for c in names), strict=True)


def bars_figure(values, board, chosen, names, meta, indicator_id, year, rows=None):
    """The indicator's bars (``rows``: its selected values, if already selected)."""
    m = meta.loc[indicator_id]
    if rows is None:
        rows = sb.select_values(
            _indicator_values(values, indicator_id), regions=chosen, year=year
        )
    rows = rows.copy()
    if rows.empty:
        return figs.empty_figure(
            f"No value of {m['name']} for these regions"
            + (f" in {year}." if year else ".")
        )
    rows["text"] = [
        f"{figs.fmt_value(r.value)}{figs.DERIVED_MARK if r.is_derived else ''} ({int(r.year)})"
        for r in rows.itertuples()
    ]
    rows["hover"] = [
        _value_hover(r, names.get(r.region_id, r.region_id), m)
        for r in rows.itertuples()
    ]
    benchmark, reference = _benchmark_lines(values, board, indicator_id, rows, names)
    subtitle = figs.source_line(
        unit=m["unit"],
        years=rows["year"],
        sources=rows["citation"],
        derived=bool(rows["is_derived"].any()),
        extra=("hatched bar: derived value" if rows["is_derived"].any() else None),
    )
    return figs.indicator_bars(
        rows,
        region_names={r: names[r] for r in chosen},
        y_title=m["unit"],
        subtitle=subtitle,
        benchmark=benchmark,
        reference=reference,
        title=m["name"],
    )


def _value_hover(r, name, m) -> str:
    parts = [f"{name}: {figs.fmt_value(r.value)} {m['unit']}", f"year {int(r.year)}"]
    if r.flag:
        parts.append(f"flag {figs.describe_flag(r.flag)}")
    if r.is_derived:
        parts.append(f"{figs.DERIVED_MARK} derived from {r.geo_code}")
    parts.append(f"source: {r.citation}")
    return figs.esc(" · ".join(parts))


def _benchmark_lines(values, board, indicator_id, rows, names):
    """(benchmark, reference) lines in raw units: EU27, else pilot average; EU28 as reference."""
    latest = int(rows["year"].max())
    # NOTE (performance): the indicator's rows first, then the rest
    values = _indicator_values(values, indicator_id)
    eu = values[
        (values["region_id"] == sb.BENCHMARK_REGION) & (values["year"] <= latest)
    ]
    benchmark = reference = None
    if not eu.empty:
        e = eu.sort_values("year").iloc[-1]
        benchmark = (
            float(e["value"]),
            f"EU27 {int(e['year'])}: {figs.fmt_value(e['value'])}",
        )
    else:
        pilots = sb.rows_where(board.cells, "indicator_id", indicator_id)
        if len(pilots):
            mean = float(pilots["value"].mean())
            benchmark = (
                mean,
                f"average of {len(pilots)} pilot regions: {figs.fmt_value(mean)}",
            )
        eu28 = values[
            (values["region_id"] == sb.REFERENCE_REGION) & (values["year"] <= latest)
        ]
        if not eu28.empty:
            e = eu28.sort_values("year").iloc[-1]
            reference = (
                float(e["value"]),
                f"EU28 {int(e['year'])} (not EU27): {figs.fmt_value(e['value'])}",
            )
    return benchmark, reference


def series_figure(values, chosen, names, meta, indicator_id):
    m = meta.loc[indicator_id]
    rows = _indicator_values(values, indicator_id)
    rows = rows[
        rows["region_id"].isin([*chosen, sb.BENCHMARK_REGION, sb.REFERENCE_REGION])
    ].copy()
    if rows[rows["region_id"].isin(chosen)].empty:
        return figs.empty_figure(f"No values of {m['name']} for these regions.")
    labels = {
        **names,
        sb.BENCHMARK_REGION: "EU27 (benchmark)",
        sb.REFERENCE_REGION: "EU28 (not EU27)",
    }
    rows["hover"] = [
        _value_hover(r, labels.get(r.region_id, r.region_id), m)
        for r in rows.itertuples()
    ]
    benchmarks = {
        k: labels[k]
        for k in (sb.BENCHMARK_REGION, sb.REFERENCE_REGION)
        if k in set(rows["region_id"])
    }
    shown = rows[rows["region_id"].isin([*chosen, *benchmarks])]
    subtitle = figs.source_line(
        unit=m["unit"],
        years=shown["year"],
        sources=shown["citation"],
        derived=bool(shown["is_derived"].any()),
        extra="open markers: derived values" if shown["is_derived"].any() else None,
    )
    return figs.time_series(
        shown,
        region_names={r: names[r] for r in chosen},
        y_title=m["unit"],
        subtitle=subtitle,
        title=f"{m['name']} over time",
        benchmark_names=benchmarks,
        reference_ids={sb.REFERENCE_REGION},
    )


# --- one computation for the page and its exports ----------------------------------------

PROFILE_NOTE = (
    "Scores are normalised over all ten pilot regions (min-max: 0 = lowest "
    "pilot, 1 = highest; direction-aware). Dimensions: composites of the "
    "indicators a region has (at least half). Collaboration and "
    "internationalisation: no data yet."
)


class CompareView(NamedTuple):
    """The comparison for one URL state (shared by the page and the chart exports)."""

    state: dict
    meta: pd.DataFrame
    values: pd.DataFrame
    names: dict[str, str]
    chosen: list[str]
    year: int | None
    board: sb.Scoreboard


def build_view(state: dict) -> CompareView:
    """Inputs and the scoreboard (all ten pilots) for a validated state."""
    meta, values, regions = scoreboard_inputs()
    pilots = regions[regions["is_pilot"]]
    names = dict(zip(pilots["region_id"], pilots["name"], strict=True))
    year = None if state["year"] == "latest" else int(state["year"])
    board = pilot_board(values, meta, list(names), year)
    chosen = [r for r in state["regions"] if r in names]
    if not chosen:
        # NOTE: an address without regions opens on the peer region ("my region")
        # with its three suggested peers, else on the default three regions.
        peer = state.get("peer") or ""
        chosen = (
            [peer, *three_peers(peer, board, meta)]
            if peer in names
            else list(DEFAULT_REGIONS)
        )
    return CompareView(state, meta, values, names, chosen, year, board)


def three_peers(region_id: str, board: sb.Scoreboard, meta: pd.DataFrame) -> list[str]:
    """A region's three suggested peers: the closest by each basis in turn (GDP per
    head, indicator profile), each region once."""
    peers = sb.suggest_peers(region_id, board, meta)
    by_basis = [
        list(rows["region_id"]) for _, rows in peers.groupby("basis", sort=False)
    ]
    out: list[str] = []
    for k in range(max((len(b) for b in by_basis), default=0)):
        for basis in by_basis:
            if k < len(basis) and basis[k] not in out and len(out) < 3:
                out.append(basis[k])
    return out


def _filters(view: CompareView, *, indicator: bool) -> str:
    parts = ["Regions: " + ", ".join(view.names[r] for r in view.chosen)]
    if indicator:
        parts.append(f"Indicator: {view.meta.at[view.state['ind'], 'name']}")
    else:
        parts.append(f"Profile over: {view.state['axis']}")
    parts.append(f"Year: {view.state['year']}")
    return "; ".join(parts)


def _named(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    out = frame.drop(columns=["text", "hover"], errors="ignore").reset_index(drop=True)
    labels = {**names, sb.BENCHMARK_REGION: "EU27", sb.REFERENCE_REGION: "EU28"}
    out.insert(1, "region_name", out["region_id"].map(labels).fillna(out["region_id"]))
    return out


def profile_payload(state: dict, view: CompareView | None = None) -> ChartPayload:
    """Profile dots; data: the scores (and benchmark score) behind every dot."""
    view = view or build_view(state)
    axis = view.state["axis"]
    frame = sb.profile(view.board, view.chosen, axis=axis)
    cells = view.board.cells
    cells = cells[cells["region_id"].isin(view.chosen) & cells["score"].notna()]
    if axis == "dimensions":
        cells = cells[cells["dimension"].isin(sb.EOCIC_DIMENSIONS)]
    source, years = provenance(cells)
    return ChartPayload(
        figure=profile_figure(
            view.board, view.chosen, view.names, view.meta, axis, frame
        ),
        data=_named(frame, view.names) if not frame.empty else frame,
        title="Profile against the benchmark",
        source=source,
        years=years,
        definitions=PROFILE_NOTE,
        filters=_filters(view, indicator=False),
    )


def _indicator_note(view: CompareView) -> str:
    m = view.meta.loc[view.state["ind"]]
    caveat = m["caveat"] if isinstance(m["caveat"], str) else ""
    return f"{m['definition']} {caveat}".strip()


def bars_payload(state: dict, view: CompareView | None = None) -> ChartPayload:
    """Indicator bars; data: the value of every region shown."""
    view = view or build_view(state)
    indicator_id = view.state["ind"]
    # NOTE (performance): the indicator's values selected, not every indicator's: the
    # same rows in the same order (select_values orders by region, then indicator)
    rows = sb.select_values(
        _indicator_values(view.values, indicator_id),
        regions=view.chosen,
        year=view.year,
    )
    _source, years = provenance(rows)
    m = view.meta.loc[indicator_id]
    return ChartPayload(
        figure=bars_figure(
            view.values,
            view.board,
            view.chosen,
            view.names,
            view.meta,
            indicator_id,
            view.year,
            rows,
        ),
        data=_named(rows, view.names),
        title=f"Indicator values: {m['name']} ({m['unit']})",
        source=m["citation"],
        years=years,
        definitions=_indicator_note(view),
        filters=_filters(view, indicator=True),
    )


def series_payload(state: dict, view: CompareView | None = None) -> ChartPayload:
    """Time series; data: every value drawn (chosen regions, EU27, EU28)."""
    view = view or build_view(state)
    indicator_id = view.state["ind"]
    values = view.values
    rows = _indicator_values(values, indicator_id)
    rows = rows[
        rows["region_id"].isin([*view.chosen, sb.BENCHMARK_REGION, sb.REFERENCE_REGION])
    ]
    _source, years = provenance(rows)
    m = view.meta.loc[indicator_id]
    return ChartPayload(
        figure=series_figure(values, view.chosen, view.names, view.meta, indicator_id),
        data=_named(rows.sort_values(["region_id", "year"]), view.names),
        title=f"Time series: {m['name']} ({m['unit']})",
        source=m["citation"],
        years=years,
        definitions=_indicator_note(view),
        filters=_filters(view, indicator=True).rsplit("; Year:", 1)[0],
    )


def challenges_section(chosen, names) -> html.Div:
    """The challenges all chosen regions share, and those only one of them has."""
    by_region = {r: challenge_queries.region_challenges(r) for r in chosen}
    shared, distinct = sb.shared_and_distinct(by_region)
    family = {"joint": "joint challenge", "megatrend": "megatrend / specific"}
    shared_list = (
        html.Ul(
            [
                html.Li(f"{c.name} ({family.get(c.family, c.family)})")
                for c in shared.itertuples()
            ]
        )
        if len(shared)
        else html.P("No challenge is named for all of these regions.", className="mb-0")
    )
    columns = [
        dbc.Col(
            [
                html.H4(names[r], className="h6"),
                html.Ul(
                    [
                        html.Li(
                            [
                                c.name,
                                html.Span(
                                    f" [{c.source_ref}]",
                                    className="small text-body-secondary",
                                ),
                            ]
                        )
                        for c in distinct[r].itertuples()
                    ]
                )
                if len(distinct[r])
                else html.P("None only here.", className="small"),
            ],
            md=12 // len(chosen),
        )
        for r in chosen
    ]
    return html.Section(
        [
            html.H2("Shared and distinct challenges", className="h5"),
            html.P(
                "From the EOCIC report (challenges named per region, with sources; see the "
                "Challenges view for the evidence sentences).",
                className="small text-body-secondary",
            ),
            html.H3(f"Shared by all {len(chosen)} ({len(shared)})", className="h6"),
            shared_list,
            html.H3("Only in one of them", className="h6 mt-3"),
            dbc.Row(columns),
        ],
        id="cmp-challenges",
        className="mb-4",
    )
