"""Measures: the measures the EOCIC report proposes for each region, by type.

A regions x types matrix in the report's typology (two dimensions: strategy and
capacity building; four types), one region's challenges beside its measures (no link
is drawn that the sources do not state), and the five-step industrial-transition
journey and three cluster functions as a compact explainer. The region is in the URL.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, callback, dcc, html
from dash.exceptions import PreventUpdate

from dashboard.analytics import challenges as challenge_analytics
from dashboard.cache import cached_layout
from dashboard.components.shell import guarded, page_header
from dashboard.components.url_state import (
    Param,
    encode_query,
    ignored_notice,
    parse_query,
)
from dashboard.export.files import ChartPayload, to_csv_bytes
from dashboard.queries import challenges as challenge_queries
from dashboard.queries import regions as region_queries

dash.register_page(
    __name__,
    path="/measures",
    name="Measures",
    order=6,
    title="Measures · Regional Ecosystem Scoreboard",
)

# NOTE: light tints of the Okabe-Ito blue and orange (figures/style.py CATEGORICAL), so
# the two dimensions read apart; the header text names them too.
DIMENSION_STYLE = {
    "strategy": {"backgroundColor": "#e3eef7"},
    "capacity building": {"backgroundColor": "#fcefd9"},
}
MATRIX_NOTE = (
    "Source: EOCIC summary report, Ch. 4 (typology of measures) and Figure 9 "
    "(003_20eb14ad49c8197d.txt). Figure 9 itself is an image; the measures here are the "
    'examples its surrounding text gives for each type ("Examples for this include ..."), '
    "so a blank cell means the text names no example there, not that the region proposed "
    "none. A measure the text names under two types appears in both columns. The regional "
    "policy briefing reports describe the measures more fully."
)
NO_LINKS_NOTE = (
    "This page does not pair measures with challenges. The report's Figure 8 \"Matching "
    'challenges with proposed solutions" is an image whose content is not in the text, '
    "so which measure answers which challenge is not stated there. Where the text itself "
    "names what a measure should address, the quotation under the measure says so."
)


def _regions() -> pd.DataFrame:
    return region_queries.regions()[["region_id", "name"]]


def _region_ids() -> set[str]:
    return set(_regions()["region_id"])


# NOTE: "" stands for "the first region by name"; the allowlist is read per request.
PARAMS = (Param("region", "", allowed=_region_ids),)


def _typology(measures: pd.DataFrame) -> pd.DataFrame:
    typology = challenge_queries.measure_typology()
    if not typology.empty:
        return typology
    # NOTE: a warehouse built before the typology was loaded: fall back to the types in
    # the data, without dimensions or definitions, rather than inventing them.
    types = sorted(measures["measure_type"].unique())
    return pd.DataFrame(
        {
            "item_no": range(1, len(types) + 1),
            "measure_type": types,
            "definition": "",
            "dimension": "",
            "dimension_no": 0,
            "dimension_text": "",
            "source_ref": "",
        }
    )


def _measure_item(measure: dict) -> html.Li:
    also = (
        html.Span(
            f" (also {', '.join(measure['also_types'])})",
            className="text-body-secondary",
        )
        if measure["also_types"]
        else None
    )
    return html.Li([measure["name"], also], title=f"Source: {measure['source_ref']}")


def _matrix_table(
    grid: dict,
    typology: pd.DataFrame,
    regions: pd.DataFrame,
    chosen: str,
    type_counts: pd.Series,
) -> dbc.Table:
    types = list(typology["measure_type"])
    dims = typology.groupby("dimension", sort=False)["measure_type"].count()
    dim_row = [html.Th("Region", scope="col", rowSpan=2, className="align-bottom")]
    for dimension, span in dims.items():
        label = dimension.capitalize() if dimension else "Type"
        dim_row.append(
            html.Th(
                f"{label} dimension" if dimension else label,
                scope="colgroup",
                colSpan=int(span),
                className="text-center",
                style=DIMENSION_STYLE.get(dimension),
            )
        )
    type_row = [
        html.Th(
            t.capitalize(),
            scope="col",
            title=row.definition or None,
            style=DIMENSION_STYLE.get(row.dimension),
            id=f"msr-type-{t.replace(' ', '-')}",
        )
        for t, row in zip(types, typology.itertuples(), strict=True)
    ]
    body = []
    for region in regions.itertuples():
        cells = [
            html.Th(
                dcc.Link(region.name, href=f"/measures?region={region.region_id}"),
                scope="row",
            )
        ]
        for t in types:
            items = grid.get((region.region_id, t), [])
            cells.append(
                html.Td(
                    html.Ul([_measure_item(m) for m in items], className="mb-0 ps-3")
                    if items
                    else html.Span(
                        "–",
                        title="none named in the text",
                        className="text-body-secondary",
                    ),
                    id=f"msr-cell-{region.region_id}-{t.replace(' ', '-')}",
                )
            )
        body.append(
            html.Tr(
                cells,
                id=f"msr-row-{region.region_id}",
                className="table-primary" if region.region_id == chosen else None,
            )
        )
    foot = html.Tfoot(
        html.Tr(
            [html.Th("Regions with an example", scope="row")]
            + [
                html.Td(str(int(type_counts.get(t, 0))), className="fw-semibold")
                for t in types
            ]
        )
    )
    return dbc.Table(
        [html.Thead([html.Tr(dim_row), html.Tr(type_row)]), html.Tbody(body), foot],
        id="msr-matrix",
        bordered=True,
        size="sm",
        responsive=True,
        class_name="small msr-matrix",
    )


def _typology_legend(typology: pd.DataFrame) -> html.Div:
    if not typology["dimension"].any():
        return html.Div()
    blocks = []
    for dimension, part in typology.groupby("dimension", sort=False):
        blocks.append(
            dbc.Col(
                html.Div(
                    [
                        html.H3(f"{dimension.capitalize()} dimension", className="h6"),
                        html.P(part["dimension_text"].iloc[0], className="small mb-1"),
                        html.Dl(
                            [
                                el
                                for row in part.itertuples()
                                for el in (
                                    html.Dt(
                                        row.measure_type.capitalize(), className="small"
                                    ),
                                    html.Dd(
                                        row.definition,
                                        className="small text-body-secondary",
                                    ),
                                )
                            ],
                            className="mb-0",
                        ),
                    ],
                    className="p-2 h-100 rounded",
                    style=DIMENSION_STYLE.get(dimension),
                ),
                md=6,
                className="mb-2",
            )
        )
    return html.Div(
        [
            dbc.Row(blocks, id="msr-typology"),
            html.P(
                f"Source: {typology['source_ref'].iloc[0]}",
                className="small text-body-secondary",
            ),
        ]
    )


def _challenge_list(challenges: pd.DataFrame) -> html.Div:
    if challenges.empty:
        return html.P("The sources name no challenge for this region.")
    blocks = []
    for family in challenge_analytics.FAMILIES:
        part = challenges[challenges["family"] == family]
        if part.empty:
            continue
        blocks.append(
            html.H4(challenge_analytics.FAMILY_LABELS[family], className="h6 mt-2")
        )
        blocks.append(
            html.Ul(
                [
                    html.Li(
                        [
                            html.Strong(row.name),
                            html.Details(
                                [
                                    html.Summary("Evidence", className="small"),
                                    html.Q(row.evidence, className="small"),
                                    html.Div(
                                        f"Source: {row.source_ref}",
                                        className="small text-body-secondary",
                                    ),
                                ]
                            ),
                        ]
                    )
                    for row in part.itertuples()
                ],
                className="ps-3",
            )
        )
    return html.Div(blocks, id="msr-region-challenges")


def _measure_list(measures: pd.DataFrame) -> html.Div:
    if measures.empty:
        return html.P(
            "The report's text names no measure for this region.",
            id="msr-region-measures",
        )
    items = []
    for row in measures.itertuples():
        items.append(
            html.Li(
                [
                    html.Strong(row.name),
                    html.Span(
                        f" — {row.measure_types}", className="text-body-secondary"
                    ),
                    html.Div(row.note, className="small fst-italic")
                    if row.note
                    else None,
                    html.Div(
                        f"Source: {row.source_ref}",
                        className="small text-body-secondary",
                    ),
                ],
                className="mb-2",
            )
        )
    return html.Ul(items, id="msr-region-measures", className="ps-3")


def _monitoring_note(region_id: str, name: str) -> html.Div:
    focus = challenge_queries.framework_items("monitoring_evaluation_focus")
    if focus.empty or region_id not in set(focus["name"]):
        return html.Div()
    return dbc.Alert(
        [
            f"The report names {name} among the regions whose proposed measures focus on "
            "piloting, monitoring and evaluation: ",
            html.Q(focus["text"].iloc[0]),
            html.Span(
                f" [{focus['source_ref'].iloc[0]}]", className="text-body-secondary"
            ),
            ' The list is introduced with "e.g.", so it is illustrative.',
        ],
        color="light",
        class_name="small",
        id="msr-monitoring-note",
    )


def _explainer() -> html.Div:
    steps = challenge_queries.framework_items("journey_steps")
    functions = challenge_queries.framework_items("cluster_functions")
    step_cards = [
        dbc.Col(
            dbc.Card(
                dbc.CardBody(
                    [
                        html.Div(
                            f"Step {int(row.item_no)}",
                            className="small text-body-secondary",
                        ),
                        html.H4(row.name, className="h6"),
                        html.Details(
                            [
                                html.Summary("More", className="small"),
                                html.P(row.text, className="small mb-1"),
                                html.P(
                                    f"Source: {row.source_ref}",
                                    className="small text-body-secondary mb-0",
                                ),
                            ]
                        ),
                    ]
                ),
                class_name="h-100",
            ),
            className="mb-2",
        )
        for row in steps.itertuples()
    ]
    function_cards = [
        dbc.Col(
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H4(row.name, className="h6"),
                        html.P(row.text, className="small mb-1"),
                        html.P(
                            f"Source: {row.source_ref}",
                            className="small text-body-secondary mb-0",
                        ),
                    ]
                ),
                class_name="h-100",
            ),
            md=4,
            className="mb-2",
        )
        for row in functions.itertuples()
    ]
    return html.Div(
        [
            html.H2(
                "From challenges to an industrial-transition strategy",
                className="h4 mt-4",
            ),
            html.P(
                "The journey the report sets out for the pilot regions (Ch. 5, Table 1) and "
                "the three functions clusters can take in it (Ch. 5, Figure 11).",
                className="text-body-secondary",
            ),
            html.H3("The five steps of the journey", className="h5"),
            dbc.Row(
                step_cards,
                id="msr-journey",
                class_name="row-cols-1 row-cols-md-3 row-cols-xl-5",
            ),
            html.H3("The three cluster functions", className="h5 mt-2"),
            dbc.Row(function_cards, id="msr-functions"),
        ]
    )


@guarded
@cached_layout("measures", PARAMS)
def layout(**query: str) -> html.Div:
    """The measures view, rebuilt from the validated URL state."""
    state, ignored = parse_query(query, PARAMS)
    regions = _regions().sort_values("name")
    names = dict(zip(regions["region_id"], regions["name"], strict=True))
    chosen = (
        state["region"] if state["region"] in names else regions["region_id"].iloc[0]
    )
    measures = challenge_queries.measures()
    typology = _typology(measures)
    types = list(typology["measure_type"])
    grid = challenge_analytics.measure_grid(measures, list(regions["region_id"]), types)
    type_counts = challenge_analytics.measure_type_counts(measures, types)
    options = [{"label": r.name, "value": r.region_id} for r in regions.itertuples()]
    name = names.get(chosen, chosen)
    return html.Div(
        [
            # NOTE: "callback-nav" (not False): only then does dcc.Location announce
            # the new address to Dash Pages, which re-renders the page from it.
            dcc.Location(id="msr-url", refresh="callback-nav"),
            page_header(
                "Measures",
                "What the EOCIC report proposes for each region, in its typology: strategy "
                "(development, implementation) and capacity building (networks, skills).",
            ),
            ignored_notice(ignored),
            html.H2("Proposed measures by region and type", className="h4"),
            _matrix_table(grid, typology, regions, chosen, type_counts),
            html.P(
                MATRIX_NOTE,
                className="small text-body-secondary mb-1",
                id="msr-matrix-note",
            ),
            dbc.Button(
                "Download the measures (CSV)",
                id="msr-download-btn",
                color="link",
                size="sm",
                class_name="px-0 mb-3",
            ),
            dcc.Download(id="msr-download"),
            html.H3("The typology", className="h5"),
            _typology_legend(typology),
            html.H2(
                "A region's challenges beside its measures",
                className="h4 mt-4",
                id="msr-region-heading",
            ),
            dbc.Row(
                dbc.Col(
                    [
                        html.Label(
                            "Region",
                            htmlFor="msr-region",
                            className="form-label fw-semibold mb-1",
                        ),
                        dcc.Dropdown(
                            id="msr-region",
                            options=options,
                            value=chosen,
                            clearable=False,
                            searchable=False,
                        ),
                    ],
                    md=4,
                ),
                class_name="mb-2",
            ),
            dbc.Alert(
                NO_LINKS_NOTE, color="info", class_name="small", id="msr-no-links"
            ),
            _monitoring_note(chosen, name),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.H3(f"Challenges named for {name}", className="h5"),
                            _challenge_list(
                                challenge_queries.region_challenges(chosen)
                            ),
                            dcc.Link(
                                f"Which regions share {name}'s challenges?",
                                href=f"/challenges?region={chosen}",
                                className="small",
                            ),
                        ],
                        lg=6,
                    ),
                    dbc.Col(
                        [
                            html.H3(f"Measures proposed for {name}", className="h5"),
                            _measure_list(challenge_queries.region_measures(chosen)),
                            dcc.Link(
                                f"{name}'s profile",
                                href=f"/region/{chosen}",
                                className="small",
                            ),
                        ],
                        lg=6,
                    ),
                ],
                id="msr-region-panel",
            ),
            _explainer(),
        ]
    )


@callback(
    Output("msr-url", "search"),
    Input("msr-region", "value"),
    prevent_initial_call=True,
)
def sync_url(region: object) -> str:
    """Write the chosen region into the address (the page re-renders from it)."""
    value, ok = PARAMS[0].parse(region)
    return encode_query({"region": value if ok else PARAMS[0].default}, PARAMS)


@callback(
    Output("msr-download", "data"),
    Input("msr-download-btn", "n_clicks"),
    prevent_initial_call=True,
)
def download_measures(n_clicks: object) -> dict:
    """Every measure, one row per measure and type, with its source, as CSV."""
    if not n_clicks:
        raise PreventUpdate
    payload = ChartPayload(
        None,
        challenge_queries.measures(),
        title="Proposed measures of the ten pilot regions, one row per measure and type",
        source="EOCIC summary report, Ch. 4; the source of each row in source_ref",
        definitions="measure_type: the report's typology (strategy development, "
        "strategy implementation, networks, skills)",
    )
    return dcc.send_bytes(to_csv_bytes(payload), "proposed_measures.csv")
