"""The Region profile's survey sections: stakeholders' views and perception vs evidence.

Each is a chart card (PNG/SVG/CSV/XLSX, add to deck, show as table) with the table it
draws under the chart; the chart's payload is built from the same rows as the table.
Every survey number comes protected from :mod:`dashboard.queries.survey`: a suppressed
cell arrives without numbers and is shown as "suppressed".
"""

from __future__ import annotations

import logging
from types import SimpleNamespace

import duckdb
import pandas as pd
from dash import dcc, html

from dashboard.analytics import perception as pa
from dashboard.analytics.likert import DEFINITION, SUPPRESSION_NOTE
from dashboard.cache import per_file_version
from dashboard.components.chart_card import chart_card
from dashboard.components.data_table import column_head, compact_table
from dashboard.export.files import ChartPayload
from dashboard.figures.format import statement_label
from dashboard.figures.profile import profile_bars
from dashboard.figures.scoreboard import DERIVED_MARK, fmt_value, source_line
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


def _n_text(rows: pd.DataFrame) -> str:
    """The range of substantive answers over the statements shown."""
    shown = rows[rows["status"] == "ok"]
    if shown.empty:
        return "no statement has enough answers to show"
    return (
        f"n = {int(shown['n'].min())}-{int(shown['n'].max())} substantive answers per "
        "statement"
    )


def _card_section(
    region_id: str,
    what: str,
    title: str,
    payload: ChartPayload,
    *,
    intro: str,
    table: list,
    note,
    summary: str,
) -> html.Section:
    """A profile section: its chart card with the table it draws under the chart."""
    return html.Section(
        [
            chart_card(
                card_id(region_id, what),
                title,
                payload.figure,
                extra=[html.P(intro, className="small text-body-secondary mt-1")],
                below=[
                    compact_table(
                        table,
                        table_id=f"profile-{what}-table",
                        class_name="small mt-3",
                        hover=True,
                    )
                ],
                note=note,
                summary=summary,
                synthetic=payload.synthetic,
                exportable=True,
            ),
        ],
        id=f"profile-{what}",
    )


def card_id(region_id: str, what: str) -> str:
    """The id of one of a region's profile cards (``prf-sax-stakeholders``)."""
    return f"prf-{region_id.lower()}-{what}"


def _stakeholder_rows(summary: pd.DataFrame) -> pd.DataFrame:
    """The chart's bars: share agreeing per statement with its interval and the pooled
    share; a suppressed statement has no bar, only the word."""
    ok = summary["status"] == "ok"
    # NOTE (performance): the rows read once, as dicts (each itertuples pass over a
    # small frame costs about a millisecond).
    rows = [SimpleNamespace(**r) for r in summary.to_dict("records")]
    return pd.DataFrame(
        {
            "label": [statement_label(r.statement_id, r.text, 40) for r in rows],
            "x": (100 * summary["share"]).where(ok),
            "low": (100 * summary["ci_low"]).where(ok),
            "high": (100 * summary["ci_high"]).where(ok),
            "marker": 100 * summary["pooled_share"],
            "text": [
                f"{_pct(r.share)} (n = {int(r.n)})"
                if r.status == "ok"
                else STATUS_TEXT.get(r.status, r.status)
                for r in rows
            ],
            "hover": [
                f"{r.statement_id}. {r.text}: "
                + (
                    f"{_pct(r.share)} agree (95% CI {_pct(r.ci_low)}-{_pct(r.ci_high)},"
                    f" n = {int(r.n)})"
                    if r.status == "ok"
                    else STATUS_TEXT.get(r.status, r.status)
                )
                for r in rows
            ],
            "series": summary["theme"],
        }
    )


def stakeholders_payload(region_id: str, region_name: str) -> ChartPayload | None:
    """The stakeholders' chart and its rows (None when no survey is loaded)."""
    summary = survey_queries.region_survey_summary(region_id)
    if summary.empty:
        return None
    return _stakeholders_chart(summary, region_name)


def _export_rows(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The rows a chart exports: ``columns`` that ``frame`` has, in that order, with
    no respondent count on a suppressed cell."""
    data = frame[[c for c in columns if c in frame.columns]].copy()
    if "n" in data.columns:
        data["n"] = data["n"].where(data["status"] == "ok")
    return data.reset_index(drop=True)


def _stakeholders_chart(summary: pd.DataFrame, region_name: str) -> ChartPayload:
    dataset = str(summary["dataset"].iloc[0])
    synthetic = bool(summary["is_synthetic"].iloc[0])
    n_text = _n_text(summary)
    title = f"{region_name}: share agreeing per statement"
    figure = profile_bars(
        _stakeholder_rows(summary),
        x_title="share agreeing (%)",
        subtitle=source_line(
            unit="% agreeing or strongly agreeing of substantive answers",
            extra=f"{n_text}; 95% Wilson interval; ◆ all ten regions pooled",
        ),
        title=title,
        x_range=(0, 115),
    )
    columns = [
        "statement_id",
        "theme",
        "text",
        "status",
        "n",
        "share",
        "ci_low",
        "ci_high",
        "flag",
    ]
    columns += ["pooled_share", "pooled_n"]
    return ChartPayload(
        figure=figure,
        data=_export_rows(summary, columns),
        title=title,
        source=f"{survey_queries.SOURCE}; dataset {dataset}",
        definitions=f"{DEFINITION} {SUPPRESSION_NOTE}",
        filters=f"Region: {region_name}; dataset {dataset}",
        synthetic=synthetic,
    )


def stakeholders_section(
    region_id: str, region_name: str, summary: pd.DataFrame | None = None
) -> html.Section:
    """What the region's stakeholders said: share agreeing per statement, with n.

    ``summary``: :func:`dashboard.queries.survey.region_survey_summary` (protected:
    suppressed cells are shown as suppressed, never as numbers), read here if not given.
    """
    if summary is None:
        summary = survey_queries.region_survey_summary(region_id)
    if summary.empty:
        return html.Section(
            [
                html.H2("Stakeholders' views", className="h4 mb-0"),
                html.P("No survey data is loaded.", className="mt-2"),
            ],
            id="profile-stakeholders",
        )
    payload = _stakeholders_chart(summary, region_name)
    synthetic = payload.synthetic
    dataset = str(summary["dataset"].iloc[0])
    hidden = int(summary["status"].isin(["suppressed", "withheld"]).sum())
    n_text = _n_text(summary)
    head = column_head(
        "Statement", f"{region_name}: share agreeing", "n", "All regions (pooled)"
    )
    # NOTE (performance): the rows read once, as dicts, and grouped by theme in order of
    # first appearance (a groupby and a read per theme cost ~4 ms).
    themes: dict[str, list[dict]] = {}
    for r in summary.to_dict("records"):
        themes.setdefault(r["theme"], []).append(r)
    body = []
    for theme, rows in themes.items():
        body.append(
            html.Tr(
                html.Th(theme, colSpan=4, scope="colgroup", className="table-light")
            )
        )
        for r in rows:
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
    return _card_section(
        region_id,
        "stakeholders",
        "Stakeholders' views",
        payload,
        intro=f"What {region_name}'s respondents said in the EOCIC survey, beside "
        "the pooled share of all ten regions.",
        table=[head, html.Tbody(body)],
        note=[
            *note,
            dcc.Link(
                "All answers by theme, region and stakeholder type",
                href="/stakeholders",
                className="small",
            ),
        ],
        summary=f"Bars of the share of {region_name}'s respondents agreeing with each "
        f"statement, with its interval and the pooled share; {n_text}.",
    )


def _perception_rows(region_id: str):
    """(rows, each pairing's mapping row by pair key, dataset, synthetic), or a message
    when there are none."""
    dataset = survey_queries.default_dataset()
    try:
        # NOTE (performance): each statement's first pairing (and the same by pair key)
        # depends only on the data: read once per database file.
        primary, by_key = per_file_version(
            "profile-primary-pairs",
            lambda: _primary_pairs(perception_queries.mapping()),
        )
    except duckdb.CatalogException:
        # NOTE: a database built before the mapping existed; say what to do.
        log.warning("map_statement_indicator missing: rebuild the database")
        return "Rebuild the database (python -m etl build) to see this panel."
    if dataset is None or primary.empty:
        return "No survey data is loaded."

    def every_pair():
        inputs = perception_queries.pair_inputs(
            dataset, primary["statement_id"], primary["indicator_id"]
        )
        return pa.all_pairs(primary, *inputs)

    # NOTE (performance): the default pairs of every pilot region depend only on the
    # data, so every profile (and its export) shares one computation per file.
    pairs = per_file_version(f"profile-pairs:{dataset}", every_pair)
    rows = pa.region_panel(pairs, region_id)
    return (rows, by_key, dataset, survey_queries.is_synthetic(dataset))


def _primary_pairs(mapping: pd.DataFrame):
    """(each statement's first pairing, its rows as dicts by pair key)."""
    primary = mapping[(mapping["indicator_id"] != "") & (mapping["sort_order"] == 1)]
    return primary, primary.set_index("pair").to_dict("index")


def _perception_chart(
    rows: pd.DataFrame,
    by_key: dict,
    dataset: str,
    synthetic: bool,
    region_name,
) -> ChartPayload:
    texts = survey_queries.statement_texts()
    records = [SimpleNamespace(**r) for r in rows.to_dict("records")]
    labels = [
        f"{statement_label(r.statement_id, texts.get(r.statement_id), 40)} × "
        f"{by_key[f'{r.statement_id}:{r.indicator_id}']['indicator_name']}"
        for r in records
    ]
    compared = rows["gap"].notna()
    bars = pd.DataFrame(
        {
            "label": labels,
            "x": rows["gap"],
            "text": [f"{g:+.1f} SD" if g == g else "not compared" for g in rows["gap"]],
            "hover": [
                f"{label}: "
                + (
                    f"gap {r.gap:+.1f} SD, {r.reading}"
                    if r.gap == r.gap
                    else "not compared"
                )
                for label, r in zip(labels, records, strict=True)
            ],
            "series": "gap: standardised share − standardised indicator",
        }
    )
    n_text = _n_text(rows)
    years = (
        rows.loc[compared & rows["has_value"], "year"] if "has_value" in rows else []
    )
    title = f"{region_name}: perception vs evidence"
    figure = profile_bars(
        bars,
        x_title="gap (standard deviations over the pilot regions)",
        subtitle=source_line(
            unit="gap in SD; negative: views more negative than the statistics",
            years=years,
            sources=rows.get(
                "citation", rows.get("source_code", pd.Series(dtype=str))
            ).dropna(),
            extra=n_text,
        ),
        title=title,
        reference=(0, "no gap"),
    )
    columns = [
        "statement_id",
        "indicator_id",
        "status",
        "n",
        "share",
        "avg_share",
        "value",
        "year",
    ]
    columns += ["is_derived", "score", "gap", "reading"]
    return ChartPayload(
        figure=figure,
        data=_export_rows(rows, columns),
        title=title,
        source=f"{survey_queries.SOURCE}, dataset {dataset}; indicators: Eurostat; "
        f"pairing: {perception_queries.MAPPING_NAME}",
        definitions="Gap = standardised share agreeing − standardised indicator over "
        "the pilot regions (each statement's first pairing). " + SUPPRESSION_NOTE,
        filters=f"Region: {region_name}; dataset {dataset}",
        synthetic=synthetic,
    )


def perception_payload(region_id: str, region_name: str) -> ChartPayload | None:
    """The perception-vs-evidence chart and its rows (None when there are none)."""
    found = _perception_rows(region_id)
    if isinstance(found, str):
        return None
    return _perception_chart(*found, region_name)


def perception_panel(region_id: str, region_name: str) -> html.Section:
    """A compact perception-vs-evidence table for one region (each statement's default
    pairing), with a link to the full view."""
    found = _perception_rows(region_id)
    if isinstance(found, str):
        return html.Section(
            [
                html.H2("Perception vs evidence", className="h4 mb-0"),
                html.P(found, className="mt-2"),
            ],
            id="profile-perception",
        )
    rows, by_key, dataset, synthetic = found
    payload = _perception_chart(rows, by_key, dataset, synthetic, region_name)
    head = column_head(
        "Statement × indicator",
        "Share agreeing (n)",
        "Indicator (year)",
        "Gap (SD)",
        "Reading",
    )
    body = []
    for r in (SimpleNamespace(**row) for row in rows.to_dict("records")):
        key = f"{r.statement_id}:{r.indicator_id}"
        m = by_key[key]
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
    return _card_section(
        region_id,
        "perception",
        "Perception vs evidence",
        payload,
        intro=f"{region_name}'s share agreeing beside the indicator that measures the "
        "same thing (each statement's first pairing). Gap = standardised share − "
        "standardised indicator over the pilot regions: negative means the "
        "stakeholders are more negative than the statistics suggest. With about 18 "
        "respondents per region, a gap is a question to ask, not a finding. Statements "
        "without a matching indicator are not listed.",
        table=[head, html.Tbody(body)],
        note=dcc.Link(
            "All pairings, the scatter and the largest gaps",
            href=f"/perception?region={region_id}",
            className="small",
        ),
        summary=f"Bars of the gap between {region_name}'s share agreeing and the "
        "paired indicator, one per statement.",
    )
