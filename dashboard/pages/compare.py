"""Compare: two to four pilot regions side by side against the benchmark.

State in the URL: ``regions`` (2-4 ids), ``axis`` (dimensions / indicators), ``ind`` (the
indicator of the bars and the time series), ``year`` and ``peer`` (the region whose peers
are suggested). Controls write it with one thin callback; Dash Pages re-renders the page.
"""

from __future__ import annotations

from typing import NamedTuple

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, callback, dcc, html, no_update

from dashboard.analytics import scoreboard as sb
from dashboard.cache import cached_layout, cached_scoreboard, scoreboard_inputs
from dashboard.components.chart_card import chart_card
from dashboard.components.exports import register_chart
from dashboard.components.shell import guarded, page_header
from dashboard.components.url_state import (
    Param,
    encode_query,
    ignored_notice,
    parse_query,
)
from dashboard.export.files import ChartPayload
from dashboard.figures import scoreboard as figs
from dashboard.queries import challenges as challenge_queries
from dashboard.queries import indicators as indicator_queries
from dashboard.queries import regions as region_queries

dash.register_page(
    __name__,
    path="/compare",
    name="Compare",
    order=2,
    title="Compare · Regional Ecosystem Scoreboard",
)

DEFAULT_REGIONS = ["HDF", "SAX", "WAL"]
DEFAULT_INDICATOR = "gdp_pps_per_inhabitant"


def _years() -> list[str]:
    return ["latest"] + [str(y) for y in indicator_queries.years()]


PARAMS = [
    Param(
        "regions",
        DEFAULT_REGIONS,
        allowed=region_queries.region_ids,
        multi=True,
        min_items=2,
        max_items=4,
    ),
    Param("axis", "dimensions", allowed=("dimensions", "indicators")),
    Param("ind", DEFAULT_INDICATOR, allowed=indicator_queries.indicator_ids),
    Param("year", "latest", allowed=_years),
    Param("peer", "", allowed=lambda: ["", *region_queries.region_ids()]),
]


def _href(state: dict, **changes) -> str:
    return "/compare" + encode_query({**state, **changes}, PARAMS)


# --- charts -------------------------------------------------------------------------------


def profile_figure(board, chosen, names, meta, axis):
    frame = sb.profile(board, chosen, axis=axis)
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
                f"{names[r.region_id]}, {r.label}: composite {r.score:.2f}"
                + (f" {figs.DERIVED_MARK}" if r.is_derived else "")
                + f" (benchmark {r.benchmark_score:.2f})"
            )
            for r in frame.itertuples()
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
        labels = {i: meta.at[i, "name"] for i in order}
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
        name_of = dict(zip(meta.index.tolist(), meta["name"].tolist(), strict=True))
        unit_of = dict(zip(meta.index.tolist(), meta["unit"].tolist(), strict=True))
        frame["hover"] = [
            figs.esc(
                f"{names[r.region_id]}, {name_of[r.label]}: "
                f"{figs.fmt_value(detail[(r.region_id, r.label)])} "
                f"{unit_of[r.label]} ({int(r.year)})"
                + (f" {figs.DERIVED_MARK}" if r.is_derived else "")
                + f"; score {r.score:.2f}"
            )
            for r in frame.itertuples()
        ]
        extra = None
    subtitle = figs.source_line(
        unit=f"normalised score, {sb.METHOD_LABELS[board.method]}, among the ten pilots",
        years=cells["year"],
        sources=cells["citation"],
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


def bars_figure(values, board, chosen, names, meta, indicator_id, year):
    m = meta.loc[indicator_id]
    selected = sb.select_values(values, regions=chosen, year=year)
    rows = selected[selected["indicator_id"] == indicator_id].copy()
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
    eu = values[
        (values["indicator_id"] == indicator_id)
        & (values["region_id"] == sb.BENCHMARK_REGION)
        & (values["year"] <= latest)
    ]
    benchmark = reference = None
    if not eu.empty:
        e = eu.sort_values("year").iloc[-1]
        benchmark = (
            float(e["value"]),
            f"EU27 {int(e['year'])}: {figs.fmt_value(e['value'])}",
        )
    else:
        pilots = board.cells[board.cells["indicator_id"] == indicator_id]
        if len(pilots):
            mean = float(pilots["value"].mean())
            benchmark = (
                mean,
                f"average of {len(pilots)} pilot regions: {figs.fmt_value(mean)}",
            )
        eu28 = values[
            (values["indicator_id"] == indicator_id)
            & (values["region_id"] == sb.REFERENCE_REGION)
            & (values["year"] <= latest)
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
    rows = values[
        (values["indicator_id"] == indicator_id)
        & values["region_id"].isin([*chosen, sb.BENCHMARK_REGION, sb.REFERENCE_REGION])
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
    chosen = [r for r in state["regions"] if r in names]
    year = None if state["year"] == "latest" else int(state["year"])
    board = cached_scoreboard(values, meta, regions=list(names), year=year)
    return CompareView(state, meta, values, names, chosen, year, board)


def _filters(view: CompareView, *, indicator: bool) -> str:
    parts = ["Regions: " + ", ".join(view.names[r] for r in view.chosen)]
    if indicator:
        parts.append(f"Indicator: {view.meta.at[view.state['ind'], 'name']}")
    else:
        parts.append(f"Profile over: {view.state['axis']}")
    parts.append(f"Year: {view.state['year']}")
    return "; ".join(parts)


def _provenance(rows: pd.DataFrame) -> tuple[str, str]:
    cited = figs.cite_sources(rows.get("citation", pd.Series()).dropna())
    years = rows["year"].dropna() if "year" in rows else pd.Series(dtype=float)
    source = cited or "Regional indicators loaded from official statistics"
    span = ""
    if not years.empty:
        low, high = int(years.min()), int(years.max())
        span = str(low) if low == high else f"{low}-{high}"
    return source, span


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
    source, years = _provenance(cells)
    return ChartPayload(
        figure=profile_figure(view.board, view.chosen, view.names, view.meta, axis),
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
    selected = sb.select_values(view.values, regions=view.chosen, year=view.year)
    rows = selected[selected["indicator_id"] == indicator_id]
    _source, years = _provenance(rows)
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
    rows = values[
        (values["indicator_id"] == indicator_id)
        & values["region_id"].isin(
            [*view.chosen, sb.BENCHMARK_REGION, sb.REFERENCE_REGION]
        )
    ]
    _source, years = _provenance(rows)
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


register_chart("cmp-profile", PARAMS, profile_payload)
register_chart("cmp-bars", PARAMS, bars_payload)
register_chart("cmp-series", PARAMS, series_payload)


# --- challenges and peers ------------------------------------------------------------------


def challenges_section(chosen, names) -> html.Div:
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


def peers_section(board, meta, state, names) -> html.Section:
    peer_of = state["peer"] or state["regions"][0]
    peers = sb.suggest_peers(peer_of, board, meta)
    items = []
    for p in peers.itertuples():
        regions = [peer_of, p.region_id]
        items.append(
            html.Li(
                [
                    html.Strong(names.get(p.region_id, p.region_id)),
                    f" — {p.basis}: {p.reason}. ",
                    dcc.Link(
                        f"Compare {names[peer_of]} with {names.get(p.region_id)}",
                        href=_href(state, regions=regions, peer=peer_of),
                    ),
                ],
                className="mb-1",
            )
        )
    return html.Section(
        [
            html.H2("Suggested peers", className="h5"),
            dbc.Row(
                dbc.Col(
                    [
                        dbc.Label("Suggest peers for", html_for="cmp-peer"),
                        dcc.Dropdown(
                            id="cmp-peer",
                            clearable=False,
                            value=peer_of,
                            options=[
                                {"label": n, "value": r} for r, n in names.items()
                            ],
                        ),
                    ],
                    md=4,
                )
            ),
            html.Ul(items, className="mt-2", id="cmp-peer-list")
            if items
            else html.P("No peer can be suggested with these data."),
            html.P(
                "Similar GDP per head: the closest latest values of GDP per inhabitant in PPS "
                "(nama_10r_3gdp). Nearest profile: the smallest root mean square gap between "
                "normalised scores over the indicators both regions have (at least five).",
                className="small text-body-secondary",
            ),
        ],
        id="cmp-peers",
        className="mb-4",
    )


# --- page ---------------------------------------------------------------------------------


@guarded
@cached_layout("compare", PARAMS)
def layout(**query: str) -> html.Div:
    """Compare 2-4 regions (unknown query parameters are ignored)."""
    state, ignored = parse_query(query, PARAMS)
    view = build_view(state)
    meta, names, chosen, board = view.meta, view.names, view.chosen, view.board
    indicator_id = state["ind"]
    indicator_options = [
        {"label": f"{m['name']} ({m['dimension']})", "value": i}
        for i, m in meta.iterrows()
    ]
    control_row = dbc.Row(
        [
            dbc.Col(
                [
                    dbc.Label("Regions (2 to 4)", html_for="cmp-regions"),
                    dcc.Dropdown(
                        id="cmp-regions",
                        multi=True,
                        value=chosen,
                        options=[{"label": n, "value": r} for r, n in names.items()],
                    ),
                    html.Div(
                        id="cmp-regions-help",
                        className="small text-body-secondary",
                        children="Choose two to four regions.",
                    ),
                ],
                md=5,
            ),
            dbc.Col(
                [
                    dbc.Label("Profile over", html_for="cmp-axis"),
                    dbc.RadioItems(
                        id="cmp-axis",
                        value=state["axis"],
                        inline=True,
                        options=[
                            {"label": "dimensions", "value": "dimensions"},
                            {"label": "indicators", "value": "indicators"},
                        ],
                    ),
                ],
                md=3,
            ),
            dbc.Col(
                [
                    dbc.Label("Year", html_for="cmp-year"),
                    dcc.Dropdown(
                        id="cmp-year",
                        clearable=False,
                        value=state["year"],
                        options=[
                            {"label": "Latest available per region", "value": "latest"}
                        ]
                        + [{"label": y, "value": y} for y in _years()[1:]],
                    ),
                ],
                md=4,
            ),
        ]
    )
    m = meta.loc[indicator_id]
    return html.Div(
        [
            # NOTE: "callback-nav" (not False): only then does Dash Pages re-render the
            # page from the new query string.
            dcc.Location(id="cmp-url", refresh="callback-nav"),
            page_header(
                "Compare", "Two to four regions side by side against the benchmark."
            ),
            ignored_notice(ignored),
            dbc.Card(dbc.CardBody(control_row), class_name="mb-4"),
            chart_card(
                "cmp-profile",
                "Profile against the benchmark",
                profile_payload(state, view).figure,
                note=PROFILE_NOTE,
                summary="Dot plot of normalised scores per dimension or indicator.",
                exportable=True,
            ),
            dbc.Row(
                dbc.Col(
                    [
                        dbc.Label(
                            "Indicator for the bars and the time series",
                            html_for="cmp-indicator",
                        ),
                        dcc.Dropdown(
                            id="cmp-indicator",
                            clearable=False,
                            value=indicator_id,
                            options=indicator_options,
                        ),
                    ],
                    md=8,
                ),
                class_name="mb-3",
            ),
            chart_card(
                "cmp-bars",
                "Indicator values",
                bars_payload(state, view).figure,
                note=f"{m['definition']} {m['caveat']}".strip(),
                summary=f"Bars of {m['name']} for the chosen regions.",
                exportable=True,
            ),
            chart_card(
                "cmp-series",
                "Time series",
                series_payload(state, view).figure,
                note=f"Source: {m['citation']}.",
                summary=f"Lines of {m['name']} over the years.",
                exportable=True,
            ),
            challenges_section(chosen, names),
            peers_section(board, meta, state, names),
        ]
    )


@callback(
    Output("cmp-url", "search"),
    Input("cmp-regions", "value"),
    Input("cmp-axis", "value"),
    Input("cmp-indicator", "value"),
    Input("cmp-year", "value"),
    Input("cmp-peer", "value"),
    prevent_initial_call=True,
)
def _to_url(regions, axis, indicator, year, peer):
    """Controls -> query string; an invalid region count leaves the URL as it is."""
    if not isinstance(regions, list) or not 2 <= len(regions) <= 4:
        return no_update
    raw = {
        "regions": ",".join(map(str, regions)),
        "axis": axis,
        "ind": indicator,
        "year": year,
        "peer": peer or "",
    }
    state, _ = parse_query({k: str(v) for k, v in raw.items() if v is not None}, PARAMS)
    return encode_query(state, PARAMS)
