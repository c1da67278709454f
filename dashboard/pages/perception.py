"""Perception vs evidence: stakeholders' views beside the indicators that measure the same thing.

Per theme, a scatter of the pilot regions (share agreeing with its interval and n
against the normalised indicator, quadrant lines at the pilot averages, every region
labelled), the gap per region, and the largest gaps both ways. The pairing of
statements and indicators is the committed mapping
``data/reference/statement_indicators.csv``; statements without a matching indicator
say so. State (``theme``, ``pair``, ``region``, ``ds``) lives in the URL.
"""

from __future__ import annotations

from typing import NamedTuple

import dash
import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, callback, ctx, dcc, html
from dash.exceptions import PreventUpdate

from dashboard.analytics import perception as pa
from dashboard.analytics.likert import DEFINITION, SUPPRESSION_NOTE
from dashboard.cache import cached_layout
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
from dashboard.figures import perception as figures
from dashboard.figures.scoreboard import DERIVED_MARK, empty_figure, fmt_value
from dashboard.queries import perception as perception_queries
from dashboard.queries import survey as survey_queries

dash.register_page(
    __name__,
    path="/perception",
    name="Perception vs evidence",
    # NOTE: between Stakeholder views (5) and Measures (6) in the navbar.
    order=5.5,
    title="Perception vs evidence · Regional Ecosystem Scoreboard",
)

METHOD_NOTE = (
    "Share agreeing: each region's respondents (n = substantive answers), 95% Wilson "
    "interval as the vertical line. Indicator: the latest available year per region "
    "(shown on hover), normalised min-max over the pilot regions with a value and "
    "direction-aware (0 = weakest, 1 = strongest pilot region), as on the Scoreboard. "
    "Dashed lines: the pilot averages of the regions shown (each region counts once). "
    "Gap = standardised share agreeing − standardised indicator (z-scores over the "
    "regions shown); ▼ at most −1 SD, ▲ at least +1 SD."
)
CAVEAT = (
    "The survey is small: {n} respondents answered each statement in a region, so a "
    "region's share agreeing has a 95% interval of roughly ±20 percentage points. A gap "
    "compares a region with the other pilot regions, on an indicator that measures the "
    "statement only in part (see each pairing's rationale): read it as a question to "
    "ask, not a finding."
)


def caveat_text(pairs: pd.DataFrame) -> str:
    """The small-survey caveat with the numbers of respondents actually shown."""
    shown = pairs[pairs["shown"]] if len(pairs) else pairs
    if len(shown):
        low, high = int(shown["n"].min()), int(shown["n"].max())
        n = f"{low}-{high}" if low != high else str(low)
    else:
        n = "few"
    return CAVEAT.format(n=n)


SYNTHETIC_TEXT = (
    "The survey shown is synthetic demonstration data calibrated to the report's "
    "published shares and per-region remarks: the gaps describe generated answers, "
    "not real stakeholders. The indicators are real published statistics."
)


def _themes() -> pd.DataFrame:
    return survey_queries.themes()


def _theme_ids() -> list[str]:
    return _themes()["theme_id"].tolist()


def _pair_keys() -> list[str]:
    return ["", *perception_queries.pair_keys()]


def _region_ids() -> list[str]:
    return ["", *survey_queries.survey_regions()["region_id"].tolist()]


def _datasets() -> list[str]:
    return ["", *survey_queries.datasets()["dataset"].tolist()]


# NOTE: allowlists are callables read per request, so a rebuilt warehouse needs no
# code change. "" means: the theme's first pairing / no highlight / the newest dataset.
PARAMS = (
    Param("theme", "knowledge", allowed=_theme_ids),
    Param("pair", "", allowed=_pair_keys),
    Param("region", "", allowed=_region_ids),
    Param("ds", "", allowed=_datasets),
)


class PerceptionView(NamedTuple):
    """Everything the page and its exports show for one URL state."""

    # NOTE: a NamedTuple, not a dataclass: Dash Pages executes page modules without
    # registering them in sys.modules, which dataclasses need.

    state: dict
    dataset: str
    synthetic: bool
    theme_name: str
    mapping: pd.DataFrame  # every statement's pairings (all themes)
    theme_mapping: pd.DataFrame  # the theme's rows
    pairs: pd.DataFrame  # all_pairs() of the theme's pairings
    selected: pd.Series | None  # the chosen pairing's mapping row
    pair: pd.DataFrame  # the chosen pairing's join_pair() frame (empty if none)
    names: dict[str, str]

    @property
    def title(self) -> str:
        if self.selected is None:
            return f"{self.theme_name}: no matching indicator"
        s = self.selected
        return f"{s['statement_id']} share agreeing vs {s['indicator_name']}"

    @property
    def filters(self) -> str:
        parts = [f"theme: {self.theme_name}"]
        if self.selected is not None:
            parts.append(
                f"pairing: {self.selected['statement_id']} × "
                f"{self.selected['indicator_name']}"
            )
        if self.state["region"]:
            parts.append(f"highlighted: {self.names.get(self.state['region'], '')}")
        parts.append(f"survey dataset: {self.dataset}")
        return "; ".join(parts)

    @property
    def source(self) -> str:
        text = f"{survey_queries.SOURCE}, dataset {self.dataset}"
        if self.selected is not None:
            text += f"; {self.selected['indicator_name']}: {self.selected['citation']}"
        return text + "; pairing: the statement-indicator mapping (Data & methods)"


def build_view(state: dict) -> PerceptionView:
    """Query and compute everything for a validated state."""
    # Load inputs.
    state = dict(state)
    datasets = survey_queries.datasets()
    dataset = state["ds"] or (str(datasets["dataset"].iloc[0]) if len(datasets) else "")
    mapping = perception_queries.mapping()
    themes = _themes()
    # NOTE: a pairing in the URL decides the theme (a link to K1 x HRST opens the
    # knowledge theme whatever `theme` says); the theme control clears `pair`.
    chosen = mapping[mapping["pair"] == state["pair"]] if state["pair"] else None
    if chosen is not None and not chosen.empty:
        state["theme"] = chosen["theme_id"].iloc[0]
    theme_mapping = mapping[mapping["theme_id"] == state["theme"]]
    paired = theme_mapping[theme_mapping["indicator_id"] != ""]
    if not state["pair"] or state["pair"] not in set(paired["pair"]):
        state["pair"] = paired["pair"].iloc[0] if len(paired) else ""
    selected = (
        paired[paired["pair"] == state["pair"]].iloc[0] if state["pair"] else None
    )
    theme_name = str(themes.set_index("theme_id").at[state["theme"], "name"])
    regions = survey_queries.survey_regions()
    names = dict(zip(regions["region_id"], regions["name"], strict=True))

    # Process data.
    if dataset and len(paired):
        shares, values, meta, regions = perception_queries.pair_inputs(
            dataset, paired["statement_id"], paired["indicator_id"]
        )
        pairs = pa.all_pairs(paired, shares, values, meta, regions)
    else:
        pairs = pa.all_pairs(
            paired.iloc[0:0], pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), regions
        )
    pair = (
        pairs[
            (pairs["statement_id"] == selected["statement_id"])
            & (pairs["indicator_id"] == selected["indicator_id"])
        ].reset_index(drop=True)
        if selected is not None
        else pairs.iloc[0:0]
    )
    return PerceptionView(
        state=state,
        dataset=dataset,
        synthetic=bool(dataset) and survey_queries.is_synthetic(dataset),
        theme_name=theme_name,
        mapping=mapping,
        theme_mapping=theme_mapping,
        pairs=pairs,
        selected=selected,
        pair=pair,
        names=names,
    )


def scatter_figure(view: PerceptionView) -> go.Figure:
    if view.selected is None:
        return empty_figure("No statement of this theme has a matching indicator.")
    s = view.selected
    return figures.perception_scatter(
        view.pair,
        statement_id=s["statement_id"],
        statement_text=s["text"],
        indicator_name=s["indicator_name"],
        unit=s["unit"],
        highlight=view.state["region"] or None,
    )


def gaps_figure(view: PerceptionView) -> go.Figure:
    if view.selected is None:
        return empty_figure("No statement of this theme has a matching indicator.")
    s = view.selected
    return figures.gap_bars(
        view.pair,
        statement_id=s["statement_id"],
        indicator_name=s["indicator_name"],
        highlight=view.state["region"] or None,
    )


def _export_rows(view: PerceptionView) -> pd.DataFrame:
    """The rows behind both charts: every pilot region, shown or not, and why."""
    pair = view.pair
    if view.selected is None or pair.empty:
        return pd.DataFrame(columns=["region_id", "name"])
    s = view.selected
    why = [
        ""
        if r.shown
        else (
            "share suppressed (small cell)"
            if r.status in ("suppressed", "withheld")
            else "no share agreeing"
            if not r.has_share
            else "no indicator value"
        )
        for r in pair.itertuples()
    ]
    return pd.DataFrame(
        {
            "region_id": pair["region_id"],
            "region_name": pair["name"],
            "statement_id": s["statement_id"],
            "share_agreeing": pair["share"].round(4),
            "ci_low": pair["ci_low"].round(4),
            "ci_high": pair["ci_high"].round(4),
            "n": pair["n"],
            "indicator_id": s["indicator_id"],
            "indicator_value": pair["value"],
            "unit": s["unit"],
            "year": pair["year"].astype("Int64"),
            "flag": pair["flag"],
            "derived_from_parts": pair["geo_code"].where(pair["is_derived"], ""),
            "normalised_0_1": pair["score"].round(4),
            "z_share": pair["z_share"].round(4),
            "z_indicator": pair["z_indicator"].round(4),
            "gap_sd": pair["gap"].round(4),
            "reading": pair["reading"],
            "not_shown_because": why,
        }
    )


def _payload(view: PerceptionView, figure: go.Figure, title: str) -> ChartPayload:
    years = view.pair["year"].dropna().astype(int) if not view.pair.empty else []
    notes = [caveat_text(view.pairs)]
    if view.selected is not None:
        notes.append(f"Pairing rationale: {view.selected['rationale']}")
        if view.selected["direction_note"]:
            notes.append(f"Caveat on the pairing: {view.selected['direction_note']}")
    return ChartPayload(
        figure=figures.for_export(figure),
        data=_export_rows(view),
        title=title,
        source=view.source,
        years=(
            f"indicator {min(years)}-{max(years)} (latest per region)"
            if len(years)
            else ""
        ),
        definitions=f"{DEFINITION} {METHOD_NOTE}",
        filters=view.filters,
        synthetic=view.synthetic,
        notes=notes,
    )


def scatter_payload(state: dict) -> ChartPayload:
    """The scatter of the chosen pairing and its rows."""
    view = build_view(state)
    return _payload(view, scatter_figure(view), view.title)


def gaps_payload(state: dict) -> ChartPayload:
    """The gap bars of the chosen pairing and its rows."""
    view = build_view(state)
    return _payload(view, gaps_figure(view), f"Gap by region: {view.title}")


register_chart("per-scatter", PARAMS, scatter_payload)
register_chart("per-gaps", PARAMS, gaps_payload)


# --- layout pieces ------------------------------------------------------------------------


def _controls(view: PerceptionView, datasets: pd.DataFrame) -> dbc.Card:
    themes = _themes()
    paired = view.theme_mapping[view.theme_mapping["indicator_id"] != ""]
    pair_options = [
        {"label": f"{r.statement_id} × {r.indicator_name}", "value": r.pair}
        for r in paired.itertuples()
    ]
    dataset_options = [
        {
            "label": f"{d.dataset} ({d.respondents:,} respondents"
            + (", synthetic)" if d.is_synthetic else ")"),
            "value": d.dataset,
        }
        for d in datasets.itertuples()
    ]
    region_options = [
        {"label": n, "value": r}
        for r, n in sorted(view.names.items(), key=lambda kv: kv[1])
    ]
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Choose", className="h5"),
                dbc.Label("Theme", html_for="per-theme", class_name="fw-semibold"),
                dbc.RadioItems(
                    id="per-theme",
                    options=[
                        {"label": t.name, "value": t.theme_id}
                        for t in themes.itertuples()
                    ],
                    value=view.state["theme"],
                    class_name="mb-3",
                ),
                dbc.Label(
                    "Statement × indicator",
                    html_for="per-pair",
                    class_name="fw-semibold",
                ),
                dbc.RadioItems(
                    id="per-pair",
                    options=pair_options,
                    value=view.state["pair"] or None,
                    class_name="mb-3",
                )
                if pair_options
                else html.Div(
                    [
                        html.P(
                            "No statement of this theme has a matching indicator.",
                            className="small text-body-secondary mb-3",
                        ),
                        dbc.RadioItems(
                            id="per-pair", options=[], value=None, class_name="d-none"
                        ),
                    ]
                ),
                dbc.Label(
                    "Highlight a region",
                    html_for="per-region",
                    class_name="fw-semibold",
                ),
                dcc.Dropdown(
                    id="per-region",
                    options=region_options,
                    value=view.state["region"] or None,
                    placeholder="None (click a point)",
                    clearable=True,
                    searchable=False,
                    className="mb-3",
                ),
                dbc.Label(
                    "Survey data", html_for="per-dataset", class_name="fw-semibold"
                ),
                dcc.Dropdown(
                    id="per-dataset",
                    options=dataset_options,
                    value=view.dataset or None,
                    clearable=False,
                    searchable=False,
                    disabled=len(dataset_options) < 2,
                ),
            ]
        ),
        class_name="mb-4 per-controls",
    )


def _pct(value: float) -> str:
    return "–" if value is None or value != value else f"{100 * value:.0f}%"


def _gap_table(rows: pd.DataFrame, view: PerceptionView, table_id: str) -> html.Div:
    if rows.empty:
        return html.P(
            f"No region differs by at least {pa.GAP_THRESHOLD:g} standard deviation "
            "this way in this theme.",
            className="small text-body-secondary",
            id=table_id,
        )
    names = view.mapping.drop_duplicates("pair").set_index("pair")
    head = html.Thead(
        html.Tr(
            [
                html.Th(h, scope="col")
                for h in (
                    "Region",
                    "Statement × indicator",
                    "Share agreeing (n)",
                    "Indicator (year)",
                    "Gap (SD)",
                )
            ]
        )
    )
    body = []
    for r in rows.itertuples():
        m = names.loc[f"{r.statement_id}:{r.indicator_id}"]
        derived = f" {DERIVED_MARK}" if r.is_derived else ""
        uncertain = (
            html.Div(
                "interval includes the pilot average",
                className="small text-body-secondary",
            )
            if r.interval_has_average
            else None
        )
        href = (
            f"/perception?pair={r.statement_id}:{r.indicator_id}&region={r.region_id}"
        )
        body.append(
            html.Tr(
                [
                    html.Td(dcc.Link(r.name, href=f"/region/{r.region_id}")),
                    html.Td(
                        dcc.Link(f"{r.statement_id} × {m['indicator_name']}", href=href)
                    ),
                    html.Td([f"{_pct(r.share)} (n = {int(r.n)})", uncertain]),
                    html.Td(
                        f"{fmt_value(r.value, m['unit'])}{derived} "
                        f"({int(r.year)}); normalised {r.score:.2f}"
                    ),
                    html.Td(f"{r.gap:+.1f}", className="fw-semibold text-end"),
                ],
                id=f"{table_id}-{r.region_id}-{r.statement_id}-{r.indicator_id}",
            )
        )
    return dbc.Table(
        [head, html.Tbody(body)],
        id=table_id,
        size="sm",
        hover=True,
        responsive=True,
        class_name="small",
    )


def _not_shown(view: PerceptionView) -> html.Div:
    pair = view.pair
    if pair.empty:
        return html.Div(id="per-not-shown")
    left = pair[~pair["shown"]]
    if left.empty:
        return html.Div(
            "All ten pilot regions are shown.", id="per-not-shown", className="small"
        )
    items = []
    for r in left.itertuples():
        if r.status in ("suppressed", "withheld"):
            why = "share suppressed (fewer than 5 answers in a cell)"
        elif not r.has_share:
            why = "no answers to this statement"
        else:
            why = "no value of the indicator"
        items.append(f"{r.name}: {why}")
    return html.Div(
        "Not shown: " + "; ".join(items) + ".", id="per-not-shown", className="small"
    )


def _mapping_table(view: PerceptionView) -> dbc.Table:
    head = html.Thead(
        html.Tr(
            [
                html.Th(h, scope="col")
                for h in ("Statement", "Indicator", "Why this pairing", "Caveat")
            ]
        )
    )
    body = []
    for r in view.mapping.itertuples():
        current = r.theme_id == view.state["theme"]
        indicator = (
            [
                r.indicator_name,
                html.Br(),
                html.Small(f"{r.unit} · {r.citation}", className="text-body-secondary"),
            ]
            if r.indicator_id
            else html.Em("No matching indicator")
        )
        body.append(
            html.Tr(
                [
                    html.Td(
                        [
                            html.Strong(r.statement_id),
                            " ",
                            r.text,
                            html.Br(),
                            html.Small(r.theme, className="text-body-secondary"),
                        ]
                    ),
                    html.Td(indicator),
                    html.Td(r.rationale),
                    html.Td(r.direction_note),
                ],
                className="table-primary" if current else None,
                id=f"per-map-{r.statement_id}-{r.indicator_id or 'none'}",
            )
        )
    return dbc.Table(
        [head, html.Tbody(body)],
        id="per-mapping-table",
        size="sm",
        responsive=True,
        class_name="small",
    )


def _no_match_card(view: PerceptionView) -> dbc.Card:
    rows = view.theme_mapping[view.theme_mapping["indicator_id"] == ""]
    return dbc.Card(
        [
            dbc.CardHeader(
                html.H2(
                    f"{view.theme_name}: no matching indicator", className="h5 mb-0"
                )
            ),
            dbc.CardBody(
                [
                    html.P(
                        "No indicator in the snapshot measures what these statements "
                        "ask about, so there is nothing to put beside the survey. "
                        "Nothing is filled in; the Stakeholder views page shows what "
                        "was said."
                    ),
                    html.Ul(
                        [
                            html.Li(
                                [
                                    html.Strong(f"{r.statement_id}. "),
                                    r.text,
                                    html.Div(
                                        r.rationale,
                                        className="small text-body-secondary",
                                    ),
                                ]
                            )
                            for r in rows.itertuples()
                        ]
                    ),
                    dcc.Link(
                        "See these statements on Stakeholder views",
                        href=f"/stakeholders?theme={view.state['theme']}",
                    ),
                ]
            ),
        ],
        id="per-no-match",
        class_name="mb-4",
    )


def _unpaired_note(view: PerceptionView) -> html.Div:
    rows = view.theme_mapping[view.theme_mapping["indicator_id"] == ""]
    if rows.empty:
        return html.Div()
    return html.P(
        "No matching indicator for "
        + ", ".join(
            f"{r.statement_id} ({r.text[0].lower()}{r.text[1:]})"
            for r in rows.itertuples()
        )
        + ": see the pairing table below.",
        className="small text-body-secondary",
        id="per-unpaired-note",
    )


@guarded
@cached_layout("perception", PARAMS)
def layout(**query: str) -> html.Div:
    """The Perception vs evidence page, rebuilt from the validated URL state."""
    state, ignored = parse_query(query, PARAMS)
    datasets = survey_queries.datasets()
    header = page_header(
        "Perception vs evidence",
        "What each region's stakeholders said beside the statistics that measure the "
        "same thing: where they agree, and where views are more negative or more "
        "positive than the numbers suggest.",
    )
    location = dcc.Location(id="per-url", refresh="callback-nav")
    if datasets.empty:
        return html.Div(
            [
                header,
                location,
                dbc.Alert(
                    "No survey data is loaded: load an export with python -m etl load-survey, "
                    "or rebuild the default with python -m etl build.",
                    color="warning",
                ),
            ]
        )
    view = build_view(state)
    synthetic_alert = (
        dbc.Alert(
            [html.Strong("Synthetic demonstration data. "), SYNTHETIC_TEXT],
            color="warning",
            id="per-synthetic-alert",
            class_name="py-2",
        )
        if view.synthetic
        else html.Div(id="per-synthetic-alert")
    )
    caveat = dbc.Alert(
        [html.Strong("A small survey. "), caveat_text(view.pairs)],
        color="info",
        id="per-caveat",
        class_name="py-2 small",
    )

    if view.selected is None:
        main = [_no_match_card(view)]
    else:
        s = view.selected
        pair = view.pair
        shown = pair[pair["shown"]]
        lines = pa.quadrant_lines(pair)
        n_text = (
            f"n = {int(shown['n'].min())}-{int(shown['n'].max())} substantive answers "
            "per region"
            if not shown.empty
            else "no region shown"
        )
        years = sorted({int(y) for y in shown["year"].dropna()})
        year_text = (
            f"indicator year {years[0]}"
            if len(years) == 1
            else f"indicator years {years[0]}-{years[-1]} (latest per region: they "
            "differ)"
            if years
            else ""
        )
        note = [
            html.Div(f"{METHOD_NOTE} {n_text}; {year_text}."),
            _not_shown(view),
            html.Div(DEFINITION),
            html.Div(SUPPRESSION_NOTE),
            html.Div(
                f"Source: {view.source}."
                + (
                    " Survey: synthetic demonstration data calibrated to published "
                    "results, not real answers."
                    if view.synthetic
                    else ""
                )
            ),
        ]
        rationale = dbc.Card(
            dbc.CardBody(
                [
                    html.P(
                        [html.Strong(f"{s['statement_id']}. "), s["text"]],
                        className="mb-1",
                        id="per-statement",
                    ),
                    html.P(
                        [
                            html.Strong("Paired with: "),
                            s["indicator_name"],
                            f" ({s['unit']}; {s['citation']})",
                        ],
                        className="mb-1",
                        id="per-indicator",
                    ),
                    html.P(
                        [html.Strong("Why: "), s["rationale"]],
                        className="mb-1",
                        id="per-rationale",
                    ),
                    html.P(
                        [html.Strong("Caveat: "), s["direction_note"]],
                        className="mb-0 small",
                        id="per-direction-note",
                    )
                    if s["direction_note"]
                    else html.Div(id="per-direction-note"),
                ]
            ),
            class_name="mb-3",
        )
        average = (
            f"Pilot averages over {lines.regions} regions: {100 * lines.share:.0f}% "
            f"agreeing, normalised indicator {lines.score:.2f}."
            if lines.regions
            else ""
        )
        main = [
            rationale,
            _unpaired_note(view),
            chart_card(
                "per-scatter",
                view.title,
                scatter_figure(view),
                exportable=True,
                note=note,
                synthetic=view.synthetic,
                graph_height="560px",
                summary=(
                    f"Scatter of {len(shown)} regions: share agreeing with "
                    f"{s['statement_id']} against {s['indicator_name']} (normalised). "
                    + average
                ),
            ),
            chart_card(
                "per-gaps",
                f"Gap by region: {view.title}",
                gaps_figure(view),
                exportable=True,
                synthetic=view.synthetic,
                note=[
                    html.Div(
                        "Gap = standardised share agreeing − standardised indicator "
                        "(z-scores over the regions shown). Negative: the stakeholders are "
                        "more negative than the region's statistics would suggest, relative "
                        "to the other pilot regions; positive: more positive. Dotted lines "
                        f"at ±{pa.GAP_THRESHOLD:g} SD. Read with the small-survey caveat "
                        "above."
                    )
                ],
                summary=f"Bars of the gap per region for {s['statement_id']} × "
                f"{s['indicator_name']}.",
            ),
        ]

    negative, positive = pa.largest_gaps(view.pairs)
    gaps_section = html.Section(
        [
            html.H2(f"Largest gaps in {view.theme_name}", className="h4 mt-2"),
            html.P(
                f"Over every pairing of the theme; gaps of at least "
                f"{pa.GAP_THRESHOLD:g} standard deviation, largest first (at most 5 "
                'each way). "Interval includes the pilot average": the region\'s '
                "share agreeing is not clearly different from the other regions' on "
                "its own, so the gap rests mostly on the indicator.",
                className="small text-body-secondary",
            ),
            html.H3(
                "▼ Stakeholders more negative than the statistics suggest",
                className="h6 mt-3",
            ),
            _gap_table(negative, view, "per-gaps-negative"),
            html.H3(
                "▲ Stakeholders more positive than the statistics suggest",
                className="h6 mt-3",
            ),
            _gap_table(positive, view, "per-gaps-positive"),
        ],
        id="per-gaps-section",
    )
    if view.selected is None:
        gaps_section = html.Div(id="per-gaps-section")

    return html.Div(
        [
            header,
            location,
            ignored_notice(ignored),
            synthetic_alert,
            caveat,
            dbc.Row(
                [
                    dbc.Col(_controls(view, datasets), lg=3),
                    dbc.Col([*main, gaps_section], lg=9),
                ]
            ),
            html.H2(
                "How statements are paired with indicators",
                className="h4 mt-4",
                id="per-mapping-heading",
            ),
            html.P(
                [
                    "The committed mapping ",
                    html.Code(perception_queries.MAPPING_FILE),
                    ": every statement with the indicators that measure the same thing, "
                    "or none. Nothing is filled in where no real indicator exists. Rows "
                    "of the theme shown are shaded.",
                ],
                className="small text-body-secondary",
            ),
            _mapping_table(view),
        ]
    )


@callback(
    Output("per-url", "search"),
    Input("per-theme", "value"),
    Input("per-pair", "value"),
    Input("per-region", "value"),
    Input("per-dataset", "value"),
    prevent_initial_call=True,
)
def sync_url(theme: object, pair: object, region: object, dataset: object) -> str:
    """Write the controls into the address (the page re-renders from it)."""
    values = {
        "theme": theme,
        "pair": pair or "",
        "region": region or "",
        "ds": dataset or "",
    }
    # NOTE: a new theme clears the pairing (its first pairing is then shown), and the
    # newest dataset is the default, so it stays out of the address.
    if ctx.triggered_id == "per-theme":
        values["pair"] = ""
    newest = _datasets()[1:2]
    if values["ds"] in newest:
        values["ds"] = ""
    state = {}
    for param in PARAMS:
        checked, ok = param.parse(values[param.name])
        state[param.name] = checked if ok else param.default
    return encode_query(state, PARAMS)


@callback(
    Output("per-region", "value"),
    Input("per-scatter-graph", "clickData"),
    Input("per-gaps-graph", "clickData"),
    prevent_initial_call=True,
)
def highlight_clicked(scatter_click: object, bars_click: object) -> str:
    """Clicking a region's point or bar highlights it (through the region control)."""
    click = bars_click if ctx.triggered_id == "per-gaps-graph" else scatter_click
    try:
        region_id = click["points"][0]["customdata"][0]
    except (TypeError, KeyError, IndexError):
        raise PreventUpdate from None
    if region_id not in _region_ids():
        raise PreventUpdate
    return region_id
