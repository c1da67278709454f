"""Stakeholder views: what the EOCIC survey respondents said, by theme, region and type.

State lives in the URL (``theme``, ``by``, ``regions``, ``types``, ``ds``): the page is
rendered from it by ``layout(**query)`` and one thin callback writes the controls back.
Every number comes protected from ``dashboard.queries.survey`` (small cells already
suppressed); the page only lays it out.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.components.chart_card import chart_card
from dashboard.components.controls import field, named, theme_field
from dashboard.components.glossary import term
from dashboard.components.page_state import PageState
from dashboard.components.shell import page_header, register_page, synthetic_banner
from dashboard.components.url_state import Param
from dashboard.queries import survey as survey_queries
from dashboard.views import stakeholders as sv
from dashboard.views.stakeholders import BY_OPTIONS

# NOTE: the menu's shorter label, so the full menu fits one line from 1200 px.
register_page(
    __name__, "/stakeholders", "Stakeholder views", 5, nav_label="Stakeholders"
)


# My region (the shell's "my region", written here by the browser): its bar is marked on
# the by-region charts; it filters nothing.
ME = Param(
    "me", "", allowed=lambda: ["", *survey_queries.survey_regions()["region_id"]]
)


def _ticked(name: str, default: list, allowed) -> Param:
    """A checklist's parameter: any of ``allowed``, in any order, at least one."""
    return Param(
        name, default, allowed=allowed, multi=True, min_items=1, unordered=True
    )


def _params() -> list[Param]:
    """URL parameters with allowlists and defaults read from the database (per request)."""
    lists, defaults = sv.choices(), sv.defaults()
    return [
        Param("theme", defaults["theme"], allowed=lists["theme"]),
        Param("by", "region", allowed=tuple(BY_OPTIONS)),
        _ticked("regions", defaults["regions"], lists["regions"]),
        _ticked("types", defaults["types"], lists["types"]),
        Param("ds", defaults["ds"], allowed=lists["ds"]),
        ME,
    ]


# NOTE: exports are registered at import, before the database may exist, so these
# params read their allowlists lazily (per request) and leave DB-dependent defaults
# empty; resolve_state() fills them in exactly as layout() does.
PARAMS = (
    Param("theme", "", allowed=lambda: survey_queries.themes()["theme_id"].tolist()),
    Param("by", "region", allowed=tuple(BY_OPTIONS)),
    _ticked(
        "regions", [], lambda: survey_queries.survey_regions()["region_id"].tolist()
    ),
    _ticked(
        "types",
        [],
        lambda: survey_queries.stakeholder_types()["stakeholder_type_id"].tolist(),
    ),
    Param("ds", "", allowed=lambda: survey_queries.datasets()["dataset"].tolist()),
    ME,
)
STATE = PageState(
    "stakeholders",
    prefix="stk",
    params=_params,
    export_params=PARAMS,
    controls=("theme", "by", "regions", "types", ("ds", "stk-dataset"), "me"),
    charts=(sv.pooled_payload, sv.heatmap_payload),
)
for _sid in sv.statement_ids():
    STATE.chart(f"stk-likert-{_sid.lower()}", sv.likert_builder(_sid))


def _controls(state: dict, params: list[Param], datasets: pd.DataFrame) -> dbc.Card:
    themes = survey_queries.themes()
    regions = survey_queries.survey_regions()
    types = survey_queries.stakeholder_types()
    dataset_options = [
        {
            "label": f"{d.dataset} ({d.respondents:,} respondents"
            + (", synthetic)" if d.is_synthetic else ")"),
            "value": d.dataset,
        }
        for d in datasets.itertuples()
    ]
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Choose", className="h5"),
                theme_field("stk-theme", themes, state["theme"]),
                field("radio", "stk-by", "Bars", BY_OPTIONS, state["by"]),
                # my region, kept in the address (set by the shell, not by a control)
                dcc.Input(id="stk-me", type="hidden", value=state["me"]),
                field(
                    "checklist",
                    "stk-regions",
                    "Regions",
                    named(regions, "region_id"),
                    state["regions"],
                ),
                field(
                    "checklist",
                    "stk-types",
                    "Stakeholder types",
                    named(types, "stakeholder_type_id"),
                    state["types"],
                ),
                field(
                    "dropdown",
                    "stk-dataset",
                    "Survey data",
                    dataset_options,
                    state["ds"],
                    disabled=len(dataset_options) < 2,
                    class_name="mb-0",
                ),
                html.P(
                    "By region: one bar per ticked region, over the ticked stakeholder "
                    "types. By stakeholder type: one bar per ticked type, over the ticked "
                    "regions. Unticking everything shows all.",
                    className="small text-body-secondary mt-3 mb-0",
                ),
            ]
        ),
        class_name="mb-4 stk-controls",
    )


def _body(state: dict, notice) -> list:
    """The Stakeholder views page for the state in the URL (unknown keys are ignored)."""
    params = _params()
    defaults = {p.name: p.default for p in params}
    state["regions"] = sv.canonical(state["regions"], defaults["regions"])
    state["types"] = sv.canonical(state["types"], defaults["types"])
    datasets = survey_queries.datasets()
    shown = datasets[datasets["dataset"] == state["ds"]]
    size = (
        f" ({int(shown['respondents'].iloc[0]):,} respondents in the data shown)."
        if not shown.empty
        else "."
    )
    header = page_header(
        "Stakeholder views",
        "What companies, policy makers, cluster and business support organisations, "
        "investors and research institutes in the ten regions said in the EOCIC "
        "survey" + size,
    )
    method_words = html.P(
        [
            "Each share agreeing comes with its ",
            term("wilson-interval"),
            " and its number of respondents; groups too small to show are marked by ",
            term("suppression"),
            ".",
        ],
        className="small text-body-secondary",
    )
    if datasets.empty:
        return [
            header,
            dbc.Alert(
                [
                    "No survey data is loaded. Load an export with ",
                    html.Code("python -m etl load-survey FILE --codebook CODEBOOK"),
                    " or rebuild the default with ",
                    html.Code("python -m etl build"),
                    ".",
                ],
                color="warning",
            ),
        ]
    dataset = state["ds"]
    synthetic = survey_queries.is_synthetic(dataset)
    by = state["by"]
    theme_statements = survey_queries.statements(state["theme"])

    # Load inputs (protected by the query layer), through the export builders.
    pooled_chart = sv.pooled_payload(state)
    heat_chart = sv.heatmap_payload(state)
    pooled, heat = pooled_chart.data, heat_chart.data

    theme_name = survey_queries.theme_names()[state["theme"]]
    pooled_note = sv.pooled_note(pooled)
    heat_note = sv.heatmap_note(heat)

    synthetic_alert = synthetic_banner(
        "stk-synthetic-alert", sv.SYNTHETIC_TEXT, synthetic
    )
    # NOTE (performance): one protected breakdown for all the theme's statements.
    likert = sv.likert_payloads(state, theme_statements["statement_id"].tolist())
    likert_cards = [
        sv.likert_card(
            statement,
            likert[statement["statement_id"]],
            dataset=dataset,
            synthetic=synthetic,
            by=by,
        )
        for _, statement in theme_statements.iterrows()
    ]
    return [
        header,
        method_words,
        notice,
        synthetic_alert,
        dbc.Row(
            [
                dbc.Col(_controls(state, params, datasets), lg=3),
                dbc.Col(
                    [
                        dbc.Card(
                            [
                                dbc.CardHeader(
                                    html.H2(
                                        f"{theme_name}: statements",
                                        className="h5 mb-0",
                                        id="stk-theme-title",
                                    )
                                ),
                                dbc.CardBody(sv.statement_list(theme_statements)),
                            ],
                            class_name="mb-4",
                        ),
                        chart_card(
                            "stk-pooled",
                            f"{theme_name}: published vs loaded pooled share agreeing",
                            pooled_chart.figure,
                            note=sv.source_note(dataset, synthetic, pooled_note),
                            summary=(
                                "Published pooled share agreeing beside the loaded "
                                "data's, per statement of the theme."
                            ),
                            synthetic=synthetic,
                            exportable=True,
                        ),
                        *likert_cards,
                        chart_card(
                            "stk-heatmap",
                            "Share agreeing by region and statement (all themes)",
                            heat_chart.figure,
                            min_width=880,
                            note=sv.source_note(dataset, synthetic, heat_note),
                            summary=(
                                "Heatmap of the share agreeing for every region "
                                "and statement, with n in each cell."
                            ),
                            synthetic=synthetic,
                            exportable=True,
                        ),
                    ],
                    lg=9,
                ),
            ]
        ),
    ]


def _canonical_groups(values: dict, _inputs: dict) -> dict:
    """Ticked regions and types in the list's order; nothing ticked means all."""
    defaults = sv.defaults()
    for name in ("regions", "types"):
        values[name] = sv.canonical(values.get(name), defaults[name])
    return values


layout = STATE.layout(_body)
STATE.sync(_canonical_groups)
