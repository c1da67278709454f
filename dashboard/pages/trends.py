"""Trends: is a region catching up or falling behind? Composites at two years.

State in the URL: ``base`` and ``latest`` (a year, or "auto" for the defaults) and
``dim`` (the dimension of the indicator small multiples). The computation lives in
``dashboard/analytics/trends.py`` and the view model in ``dashboard/views/trends.py``.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.components.chart_card import chart_card
from dashboard.components.controls import field, options
from dashboard.components.page_state import PageState
from dashboard.components.shell import page_header, register_page
from dashboard.params import Param
from dashboard.views import trends as view
from dashboard.views.scoreboard import DIM_KEYS

register_page(__name__, "/trends", "Trends", 2)

PARAMS = (
    Param("base", view.AUTO, allowed=view.year_choices),
    Param("latest", view.AUTO, allowed=view.year_choices),
    Param("dim", view.DEFAULT_DIM, allowed=tuple(DIM_KEYS)),
)
CONTROLS = ("base", "latest", "dim")
CHARTS = (view.overall_payload, view.dimensions_payload, view.multiples_payload)
STATE = PageState(
    "trends", prefix="trd", params=PARAMS, controls=CONTROLS, charts=CHARTS
)
STATE.sync()


def _dropdown(name: str, label: str, choices, value: object) -> html.Div:
    """A labelled dropdown for parameter ``name`` (its declared control id)."""
    return field("dropdown", f"trd-{name}", label, choices, value, searchable=True)


def _year_options(default: int) -> list[dict]:
    years = view.year_choices()[1:]
    return [{"label": f"Default ({default})", "value": view.AUTO}] + options(
        {y: y for y in years}
    )


def _body(state: dict, notice) -> list:
    """The trends page (unknown query parameters are ignored with a notice)."""
    v = view.build_view(state)
    base_default, latest_default = v.default
    # NOTE: after a correction (years reversed or equal) the controls show the years
    # the page shows, not the ones the address asked for.
    chosen = {"base": str(v.base), "latest": str(v.latest)} if v.notices else state
    controls = dbc.Row(
        [
            dbc.Col(
                _dropdown(
                    "base", "Base year", _year_options(base_default), chosen["base"]
                ),
                md=3,
            ),
            dbc.Col(
                _dropdown(
                    "latest",
                    "Later year",
                    _year_options(latest_default),
                    chosen["latest"],
                ),
                md=3,
            ),
            dbc.Col(
                _dropdown(
                    "dim",
                    "Indicators over time for",
                    DIM_KEYS,
                    state["dim"],
                ),
                md=6,
            ),
        ]
    )
    missing = view.missing_rows(v)
    overall = view.overall_payload(state, v)
    return [
        page_header(
            "Trends",
            "Is a region catching up or falling behind? Each region's composites at a "
            "base year and a later year, on one normalisation.",
        ),
        notice,
        *(dbc.Alert(n, color="warning", id="trd-year-notice") for n in v.notices),
        dbc.Card(dbc.CardBody(controls), class_name="mb-4"),
        chart_card(
            "trd-overall",
            f"Overall composite, {v.base} and {v.latest}",
            overall.figure,
            note=view.METHOD_NOTE,
            summary=view.summary_sentence(v),
            exportable=True,
        ),
        html.Section(
            [
                html.H2("Regions without an overall comparison", className="h5"),
                html.Ul(
                    [html.Li([html.Strong(n), f": {why}."]) for n, why in missing],
                    id="trd-missing",
                )
                if missing
                else html.P(
                    f"All ten regions have composites at {v.base} and {v.latest}.",
                    id="trd-missing",
                ),
            ],
            className="mb-4",
        ),
        chart_card(
            "trd-dimensions",
            f"Change by dimension, {v.base} to {v.latest}",
            view.dimensions_payload(state, v).figure,
            note=view.METHOD_NOTE,
            summary="Grid of regions by dimensions with the change of each composite "
            "in points, written in every cell.",
            exportable=True,
        ),
        chart_card(
            "trd-multiples",
            f"{DIM_KEYS[state['dim']]}: indicators over time",
            view.multiples_payload(state, v).figure,
            note=view.SMALL_MULTIPLES_NOTE,
            summary=f"One small chart per indicator of {DIM_KEYS[state['dim']]}, a "
            "line per region and the benchmark dotted.",
            exportable=True,
        ),
    ]


layout = STATE.layout(_body)
