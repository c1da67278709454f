"""Measures: the regions x types matrix in the report's typology, one region's
challenges beside its measures, and the journey and cluster-function explainer.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.analytics import challenges as challenge_analytics
from dashboard.components.data_table import compact_table
from dashboard.queries import challenges as challenge_queries
from dashboard.views.challenges import region_ids, region_table

__all__ = ["region_ids", "region_table"]

# NOTE: light tints of the Okabe-Ito blue and orange (figures/style.py CATEGORICAL), so
# the two dimensions read apart; the header text names them too.
DIMENSION_STYLE = {
    "strategy": {"backgroundColor": "#e3eef7"},
    "capacity building": {"backgroundColor": "#fcefd9"},
}
MATRIX_NOTE = (
    "Source: EOCIC summary report (2019), Ch. 4 (typology of measures) and Fig. 9. "
    "Figure 9 itself is an image; the measures here are the "
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


def typology_of(measures: pd.DataFrame) -> pd.DataFrame:
    """The report's four types of measure in two dimensions (or the types in the data)."""
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


def measure_item(measure: dict) -> html.Li:
    """One measure in a matrix cell, with the other types it is named under."""
    also = (
        html.Span(
            f" (also {', '.join(measure['also_types'])})",
            className="text-body-secondary",
        )
        if measure["also_types"]
        else None
    )
    return html.Li([measure["name"], also], title=f"Source: {measure['source_ref']}")


def matrix_table(
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
                    html.Ul([measure_item(m) for m in items], className="mb-0 ps-3")
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
    return compact_table(
        [html.Thead([html.Tr(dim_row), html.Tr(type_row)]), html.Tbody(body), foot],
        table_id="msr-matrix",
        class_name="small msr-matrix",
        bordered=True,
    )


def typology_legend(typology: pd.DataFrame) -> html.Div:
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


def challenge_list(challenges: pd.DataFrame) -> html.Div:
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
                            _sourced(
                                "Evidence",
                                html.Q(row.evidence, className="small"),
                                row.source_ref,
                            ),
                        ]
                    )
                    for row in part.itertuples()
                ],
                className="ps-3",
            )
        )
    return html.Div(blocks, id="msr-region-challenges")


def measure_list(measures: pd.DataFrame) -> html.Div:
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


def monitoring_note(region_id: str, name: str) -> html.Div:
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


def _sourced(summary: str, body, source_ref: str) -> html.Details:
    """A fold-out: its summary word, the text and the source it comes from."""
    return html.Details(
        [
            html.Summary(summary, className="small"),
            body,
            html.P(f"Source: {source_ref}", className="small text-body-secondary mb-0"),
        ]
    )


def explainer() -> html.Div:
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
                        _sourced(
                            "More",
                            html.P(row.text, className="small mb-1"),
                            row.source_ref,
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
