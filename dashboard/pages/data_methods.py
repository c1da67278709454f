"""Data & methods: the indicator catalogue, downloads, the references cited, and every
load with its rejects.

The catalogue comes first (what each number is and where it comes from), then the
downloads and the bibliography; the load history, for analysts checking a load, is lower
on the page.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, callback, dcc, html

from dashboard.cache import cached_layout
from dashboard.components.shell import guarded, page_header, register_page
from dashboard.export.downloads import DOWNLOADS, href
from dashboard.queries import meta
from dashboard.views import data_methods as view

register_page(__name__, "/data", "Data & methods", 7)


REJECT_ROWS_SHOWN = 500


def _table(frame: pd.DataFrame, headers: dict[str, str]) -> dbc.Table:
    return dbc.Table(
        [
            html.Thead(
                html.Tr([html.Th(label, scope="col") for label in headers.values()])
            ),
            html.Tbody(
                [
                    html.Tr([html.Td(_cell(row[c])) for c in headers])
                    for _, row in frame.iterrows()
                ]
            ),
        ],
        striped=True,
        size="sm",
        responsive=True,
        class_name="small",
    )


def references(sources: pd.DataFrame) -> html.Div:
    """The bibliography: each source's full reference, link, licence and what cites it."""
    items = []
    for r in sources.itertuples():
        details = [r.kind]
        if r.publisher:
            details.append(r.publisher)
        if r.date:
            details.append(r.date)
        details.append(f"licence: {r.licence}")
        items.append(
            html.Li(
                [
                    r.full_reference,
                    " ",
                    html.A(r.url, href=r.url, rel="noopener") if r.url else "",
                    html.Br(),
                    html.Small(
                        f"Cited as “{r.short_citation}” · "
                        + " · ".join(details)
                        + (f" · indicators: {r.indicators}" if r.indicators else ""),
                        className="text-body-secondary",
                    ),
                ],
                className="mb-2",
            )
        )
    return html.Div(
        [
            html.H2("References", className="h4", id="data-references-heading"),
            html.P(
                "Every chart, table and export cites its source by the short form "
                "below, with a locator (chapter, figure, slide or dataset code).",
                className="text-body-secondary",
            ),
            html.Ol(items, id="data-references", className="small"),
        ]
    )


def _cell(value: object) -> str:
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d %H:%M:%S}"
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _downloads() -> html.Ul:
    return html.Ul(
        [
            html.Li(
                [
                    html.Strong(d.label),
                    f": {d.description}. ",
                    html.A("CSV", href=href(d.name, "csv"), download=f"{d.name}.csv"),
                    " · ",
                    html.A(
                        "Excel (XLSX)",
                        href=href(d.name, "xlsx"),
                        download=f"{d.name}.xlsx",
                    ),
                ]
            )
            for d in DOWNLOADS.values()
        ],
        id="data-downloads",
    )


@guarded
@cached_layout("data_methods", ())
def layout(**_query: str) -> html.Div:
    """Catalogue, downloads, load history, rejects and tables (unknown query
    parameters ignored)."""
    catalogue = meta.indicator_catalogue()
    coverage = meta.indicator_coverage()
    history = meta.load_history()
    history["sha256"] = history["sha256"].str[:12]
    counts = meta.table_counts()
    with_rejects = history[history["rows_rejected"] > 0]
    options = [
        {
            "label": f"Load {r.load_id}: {r.file_name} ({r.rows_rejected} set aside)",
            "value": int(r.load_id),
        }
        for r in with_rejects.itertuples()
    ]
    build = meta.build_info()
    retrieved = meta.eurostat_retrievals()
    return html.Div(
        [
            page_header(
                "Data & methods",
                "What every indicator means and where it comes from, the data to "
                "download, and every file loaded into this database.",
            ),
            view.method_words(),
            html.H2("Downloads", className="h4 mt-3"),
            html.P(
                "Each file starts with its title, source and definitions; survey "
                "results are given only where a group is large enough to show.",
                className="small",
            ),
            _downloads(),
            html.H2(
                f"Indicators ({len(catalogue)})", className="h4 mt-4", id="catalogue"
            ),
            html.Div(view.catalogue_entries(catalogue, coverage), id="data-catalogue"),
            references(meta.bibliography()),
            _retrievals(retrieved),
            html.H2("Load history", className="h4 mt-5"),
            html.P(
                (
                    f"This database was built on {_cell(build.get('built_at'))}. "
                    if build
                    else ""
                )
                + "Each load below read a file, kept the rows that passed every check "
                "and set the others aside with the reason (listed under the table). "
                "The fingerprint identifies the exact file that was read.",
                className="small",
            ),
            html.Div(
                _table(
                    history,
                    {
                        "load_id": "Load",
                        "source_kind": "What was loaded",
                        "file_name": "File",
                        "sha256": "Fingerprint (SHA-256, first 12)",
                        "rows_read": "Rows read",
                        "rows_loaded": "Kept",
                        "rows_rejected": "Set aside",
                        "rows_not_selected": "Left out on purpose",
                        "status": "Result",
                        "finished_at": "Finished",
                        "retrieved_at": "Retrieved from Eurostat (UTC)",
                        "source_url": "Downloaded from",
                        "message": "Notes",
                    },
                ),
                id="data-load-history",
            ),
            html.H3("Rows set aside", className="h5 mt-4"),
            html.Div(
                [
                    html.Label(
                        "Load", htmlFor="data-reject-load", className="form-label"
                    ),
                    dcc.Dropdown(
                        id="data-reject-load",
                        options=options,
                        value=options[0]["value"] if options else None,
                        clearable=False,
                    ),
                    html.Div(id="data-reject-table", className="mt-2"),
                ]
            )
            if options
            else html.P("No row was set aside in any load.", id="data-no-rejects"),
            html.Details(
                [
                    html.Summary("For analysts: the database's tables"),
                    html.P(
                        [
                            "The database is a public contract documented in the "
                            "README (section ",
                            html.Em("Data model"),
                            "); analysts may open it read-only in their own tools."
                            + (
                                f" Build {build.get('build_id', '')[:12]}."
                                if build
                                else ""
                            ),
                        ],
                        className="mt-2",
                    ),
                    _table(counts, {"table_name": "Table", "rows": "Rows"}),
                ],
                className="mt-4",
                id="data-tables",
            ),
        ]
    )


def _retrievals(frame: pd.DataFrame) -> html.Div:
    """Which Eurostat datasets a refresh downloaded, and when (empty: none)."""
    if frame.empty:
        return html.Div(id="data-eurostat-retrievals")
    items = [
        html.Li(
            [
                html.Code(r.source_code),
                f" ({r.indicators} indicator{'s' if r.indicators != 1 else ''}): "
                f"retrieved from Eurostat on {r.retrieved_at:%Y-%m-%d} "
                f"at {r.retrieved_at:%H:%M} UTC",
            ]
        )
        for r in frame.itertuples()
    ]
    return html.Div(
        [
            html.H2("Eurostat data: when it was retrieved", className="h4"),
            html.P(
                "These datasets were downloaded from Eurostat's dissemination API by "
                "`python -m etl refresh-eurostat`; every chart cites them with the same "
                "date. Other values come from the committed snapshot (see its "
                "provenance).",
                className="small",
            ),
            html.Ul(items, className="small"),
        ],
        id="data-eurostat-retrievals",
    )


@callback(Output("data-reject-table", "children"), Input("data-reject-load", "value"))
def show_rejects(load_id: object) -> html.Div:
    """The rejected rows of the chosen load."""
    if not isinstance(load_id, int) or isinstance(load_id, bool):
        return html.P("Choose a load.")
    frame = meta.rejects(load_id, limit=REJECT_ROWS_SHOWN)
    if frame.empty:
        return html.P("No rejected rows in this load.")
    groups = meta.reject_groups(load_id)
    return html.Div(
        [
            html.H3("By column, reason and value", className="h6"),
            _table(
                groups,
                {
                    "rows": "Rows",
                    "reason": "Reason",
                    "column_name": "Column",
                    "values": "Values (rows)",
                    "first_rows": "First rows",
                },
            ),
            html.H3(
                "Each reject, by row"
                if len(frame) < REJECT_ROWS_SHOWN
                else f"The first {REJECT_ROWS_SHOWN:,} rejects, by row",
                className="h6 mt-3",
            ),
            _table(
                frame,
                {
                    "row_number": "Row",
                    "column_name": "Column",
                    "value": "Value",
                    "reason": "Reason",
                },
            ),
        ]
    )
