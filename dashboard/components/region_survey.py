"""The Region profile's survey sections: stakeholders' views and perception vs evidence.

Kept out of the page module so the page stays a layout and so the pieces can be tested
and reused (Dash Pages does not register page modules in ``sys.modules``). Every
survey number comes protected from :mod:`dashboard.queries.survey`: a suppressed cell
arrives without numbers and is shown as "suppressed".
"""

from __future__ import annotations

import logging

import dash_bootstrap_components as dbc
import duckdb
import pandas as pd
from dash import dcc, html

from dashboard.analytics import perception as pa
from dashboard.analytics.likert import DEFINITION, SUPPRESSION_NOTE
from dashboard.components.chart_card import synthetic_badge
from dashboard.figures.scoreboard import DERIVED_MARK, fmt_value
from dashboard.queries import perception as perception_queries
from dashboard.queries import survey as survey_queries

log = logging.getLogger(__name__)

STATUS_TEXT = {
    "suppressed": "suppressed",
    "withheld": "suppressed",
    "empty": "no answers",
}
STATUS_TITLE = (
    "Suppressed: fewer than 5 respondents in a cell, or hidden so that a small cell "
    "cannot be recovered from totals."
)


def _pct(value: float) -> str:
    return "–" if value is None or value != value else f"{100 * value:.0f}%"


def _flag(flag: int) -> html.Span | str:
    if flag > 0:
        return html.Span("▲", title="higher than the other regions combined (5% test)")
    if flag < 0:
        return html.Span("▼", title="lower than the other regions combined (5% test)")
    return ""


def _share_cell(row: pd.Series) -> list:
    if row["status"] != "ok":
        text = STATUS_TEXT.get(row["status"], row["status"])
        return [
            html.Span(
                text,
                title=STATUS_TITLE if text == "suppressed" else None,
                className="text-body-secondary fst-italic",
            )
        ]
    return [
        html.Strong(_pct(row["share"])),
        " ",
        _flag(int(row["flag"])),
        html.Div(
            f"95% CI {_pct(row['ci_low'])}–{_pct(row['ci_high'])}",
            className="small text-body-secondary",
        ),
    ]


def stakeholders_section(region_id: str, region_name: str) -> html.Section:
    """What the region's stakeholders said: share agreeing per statement, with n.

    Uses :func:`dashboard.queries.survey.region_survey_summary` (protected): suppressed
    cells are shown as suppressed, never as numbers.
    """
    summary = survey_queries.region_survey_summary(region_id)
    heading = [html.H2("Stakeholders' views", className="h4 mb-0")]
    if summary.empty:
        return html.Section(
            [*heading, html.P("No survey data is loaded.", className="mt-2")],
            id="profile-stakeholders",
        )
    synthetic = bool(summary["is_synthetic"].iloc[0])
    dataset = str(summary["dataset"].iloc[0])
    if synthetic:
        heading.append(synthetic_badge())
    shown = summary[summary["status"] == "ok"]
    hidden = int(summary["status"].isin(["suppressed", "withheld"]).sum())
    n_text = (
        f"n = {int(shown['n'].min())}-{int(shown['n'].max())} substantive answers per "
        "statement"
        if not shown.empty
        else "no statement has enough answers to show"
    )
    head = html.Thead(
        html.Tr(
            [
                html.Th(h, scope="col")
                for h in (
                    "Statement",
                    f"{region_name}: share agreeing",
                    "n",
                    "All regions (pooled)",
                )
            ]
        )
    )
    body = []
    for theme, rows in summary.groupby("theme", sort=False):
        body.append(
            html.Tr(
                html.Th(theme, colSpan=4, scope="colgroup", className="table-light")
            )
        )
        for _, r in rows.iterrows():
            n = str(int(r["n"])) if r["status"] == "ok" else "–"
            pooled = (
                f"{_pct(r['pooled_share'])} (n = {int(r['pooled_n'])})"
                if r["pooled_share"] == r["pooled_share"]
                else "–"
            )
            body.append(
                html.Tr(
                    [
                        html.Td([html.Strong(f"{r['statement_id']}. "), r["text"]]),
                        html.Td(_share_cell(r)),
                        html.Td(n, className="text-end"),
                        html.Td(pooled, className="text-body-secondary"),
                    ],
                    id=f"profile-stk-{r['statement_id']}",
                )
            )
    note = [
        html.Div(
            f"{n_text}"
            + (
                f"; {hidden} statement(s) suppressed. {SUPPRESSION_NOTE}"
                if hidden
                else "."
            )
            + " ▲/▼: differs from the other regions combined (two-proportion test, "
            "5%)."
        ),
        html.Div(DEFINITION),
        html.Div(
            f"Source: {survey_queries.SOURCE}; dataset {dataset}."
            + (
                " Synthetic demonstration data calibrated to published results, not "
                "real answers."
                if synthetic
                else ""
            )
        ),
    ]
    return html.Section(
        [
            html.Div(
                heading, className="d-flex gap-2 align-items-center flex-wrap mt-4"
            ),
            html.P(
                f"What {region_name}'s respondents said in the EOCIC survey, beside the "
                "pooled share of all ten regions.",
                className="small text-body-secondary mt-1",
            ),
            dbc.Table(
                [head, html.Tbody(body)],
                size="sm",
                hover=True,
                responsive=True,
                id="profile-stakeholders-table",
                class_name="small",
            ),
            html.Div(note, className="small text-body-secondary"),
            dcc.Link(
                "All answers by theme, region and stakeholder type",
                href="/stakeholders",
                className="small",
            ),
        ],
        id="profile-stakeholders",
    )


def perception_panel(region_id: str, region_name: str) -> html.Section:
    """A compact perception-vs-evidence table for one region (each statement's default
    pairing), with a link to the full view."""
    dataset = survey_queries.default_dataset()
    heading = [html.H2("Perception vs evidence", className="h4 mb-0")]
    try:
        mapping = perception_queries.mapping()
    except duckdb.CatalogException:
        # NOTE: a database built before the mapping existed; say what to do.
        log.warning("map_statement_indicator missing: rebuild the database")
        return html.Section(
            [
                *heading,
                html.P(
                    "Rebuild the database (python -m etl build) to see this panel.",
                    className="mt-2",
                ),
            ],
            id="profile-perception",
        )
    primary = mapping[(mapping["indicator_id"] != "") & (mapping["sort_order"] == 1)]
    if dataset is None or primary.empty:
        return html.Section(
            [*heading, html.P("No survey data is loaded.", className="mt-2")],
            id="profile-perception",
        )
    synthetic = survey_queries.is_synthetic(dataset)
    if synthetic:
        heading.append(synthetic_badge())
    shares, values, meta, regions = perception_queries.pair_inputs(
        dataset, primary["statement_id"], primary["indicator_id"]
    )
    pairs = pa.all_pairs(primary, shares, values, meta, regions)
    rows = pa.region_panel(pairs, region_id)
    names = primary.set_index("pair")
    head = html.Thead(
        html.Tr(
            [
                html.Th(h, scope="col")
                for h in (
                    "Statement × indicator",
                    "Share agreeing (n)",
                    "Indicator (year)",
                    "Gap (SD)",
                    "Reading",
                )
            ]
        )
    )
    body = []
    for r in rows.itertuples():
        key = f"{r.statement_id}:{r.indicator_id}"
        m = names.loc[key]
        if r.status != "ok":
            share = html.Span(
                STATUS_TEXT.get(r.status, r.status),
                className="fst-italic text-body-secondary",
            )
        else:
            share = f"{_pct(r.share)} (n = {int(r.n)}); pilots {_pct(r.avg_share)}"
        value = (
            f"{fmt_value(r.value, m['unit'])}"
            f"{' ' + DERIVED_MARK if r.is_derived else ''} ({int(r.year)}); "
            f"normalised {r.score:.2f}"
            if r.has_value
            else "no value"
        )
        gap = f"{r.gap:+.1f}" if r.gap == r.gap else "–"
        reading = r.reading if r.gap == r.gap else "not compared"
        body.append(
            html.Tr(
                [
                    html.Td(
                        dcc.Link(
                            f"{r.statement_id} × {m['indicator_name']}",
                            href=f"/perception?pair={key}&region={region_id}",
                        )
                    ),
                    html.Td(share),
                    html.Td(value),
                    html.Td(gap, className="text-end fw-semibold"),
                    html.Td(reading),
                ],
                id=f"profile-per-{r.statement_id}-{r.indicator_id}",
            )
        )
    return html.Section(
        [
            html.Div(
                heading, className="d-flex gap-2 align-items-center flex-wrap mt-4"
            ),
            html.P(
                f"{region_name}'s share agreeing beside the indicator that measures the "
                "same thing (each statement's first pairing). Gap = standardised share "
                "− standardised indicator over the pilot regions: negative means the "
                "stakeholders are more negative than the statistics suggest. With about "
                "18 respondents per region, a gap is a question to ask, not a finding. "
                "Statements without a matching indicator are not listed.",
                className="small text-body-secondary mt-1",
            ),
            dbc.Table(
                [head, html.Tbody(body)],
                size="sm",
                hover=True,
                responsive=True,
                id="profile-perception-table",
                class_name="small",
            ),
            dcc.Link(
                "All pairings, the scatter and the largest gaps",
                href=f"/perception?region={region_id}",
                className="small",
            ),
        ],
        id="profile-perception",
    )
