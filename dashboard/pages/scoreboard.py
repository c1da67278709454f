"""Scoreboard: the pilot regions compared on regional indicators, by EOCIC dimension.

State in the URL (``year``, ``norm``, ``rank``, ``wd``/``wi`` weights, ``me`` my region);
controls write it with one thin callback; the method is in the README ("Indicators").
"""

from __future__ import annotations

import copy

import dash_bootstrap_components as dbc
import pandas as pd
from dash import ALL, dcc, html

from dashboard.analytics import scoreboard as sb
from dashboard.components.chart_card import chart_card
from dashboard.components.controls import field, toggle, year_field
from dashboard.components.glossary import term
from dashboard.components.page_state import PageState
from dashboard.components.shell import page_header, register_page
from dashboard.components.url_state import Param
from dashboard.queries import regions as region_queries
from dashboard.views import scoreboard as view
from dashboard.views.scoreboard import (
    BANDS,
    DIM_KEYS,
    STABILITY_NOTE,
    WEIGHTS,
    build_view,
    weights_from_tokens,
)

# NOTE: the browser test of the grid composes the expected hover text with the
# server's own function, under the page's old name.
_cell_hover = view.cell_hover


register_page(__name__, "/scoreboard", "Scoreboard", 1)

PARAMS = [
    Param("year", "latest", allowed=view.year_choices),
    Param("norm", "minmax", allowed=sb.METHODS),
    Param("rank", "overall", allowed=view.targets),
    Param(
        "wd", [], allowed=[f"{k}:{w}" for k in DIM_KEYS for w in WEIGHTS], multi=True
    ),
    Param("wi", [], allowed=view.indicator_weight_tokens, multi=True, max_items=200),
    # "my region": its row highlighted (written by the navbar's picker).
    Param("me", "", allowed=lambda: ["", *region_queries.region_ids()]),
]
NORMS = {"minmax": "min-max (0-1)", "zscore": "z-score"}
STATE = PageState(
    "scoreboard",
    prefix="sco",
    params=PARAMS,
    controls={
        "year": "sco-year",
        "norm": "sco-norm",
        "rank": "sco-rank",
        "wd": {"type": "sco-wd", "key": ALL},
        "wi": {"type": "sco-wi", "key": ALL},
        "me": "sco-me",
    },
)
STATE.chart("sco-composites", view.composites_payload)
STATE.chart("sco-ranking", view.ranking_payload)
STATE.chart("sco-stability", view.stability_payload)


# --- controls ---------------------------------------------------------------------------


def _new_weight_input(kind: str, key: str, label: str, value: float) -> html.Label:
    # NOTE: the input sits inside its <label>, so it has an accessible name although
    # its pattern-matching id cannot be referenced by a `for` attribute. The label is
    # the row's column itself (the classes dbc.Col(xs=6, md=4, lg=2) writes): one
    # component less per input, 20 KB less JSON for 200 indicators.
    return html.Label(
        [
            html.Span(label, className="d-block small"),
            dbc.Input(
                id={"type": f"sco-{kind}", "key": key},
                type="number",
                min=0,
                max=3,
                step=1,
                value=int(value),
                debounce=True,
                size="sm",
            ),
        ],
        className="col-6 col-md-4 col-lg-2 mb-2",
    )


# NOTE (performance): a Dash component's constructor checks every keyword it is given
# and writes an error message's prefix for each (importing the component's package
# for it): ~60 µs an input with its label, 13 ms for the 220 weights at EU scale.
# Each weight input is therefore a copy of one built the usual way, with its own
# label, id and value set: the same components (tests/unit/test_scoreboard_page.py).
_WEIGHT_INPUT = _new_weight_input("wi", "", "", 1)


def _weight_input(kind: str, key: str, label: str, value: float) -> html.Label:
    span, field = (copy.copy(c) for c in _WEIGHT_INPUT.children)
    span.children = label
    field.id = {"type": f"sco-{kind}", "key": key}
    field.value = int(value)
    out = copy.copy(_WEIGHT_INPUT)
    out.children = [span, field]
    return out


def controls(state: dict, meta: pd.DataFrame, years: list[str]) -> dbc.Card:
    # NOTE (performance): plain lists, not iterrows (200+ indicators).
    is_scored = sb.scored_ids(meta)
    scored = [
        (i, name, dimension)
        for i, name, dimension in zip(
            meta.index.tolist(),
            meta["name"].tolist(),
            meta["dimension"].tolist(),
            strict=True,
        )
        if i in is_scored
    ]
    rank_options = [{"label": "Overall (EOCIC dimensions)", "value": "overall"}]
    rank_options += [
        {"label": f"Dimension: {name}", "value": key, "disabled": key == "ci"}
        for key, name in DIM_KEYS.items()
    ]
    rank_options += [
        {"label": f"Indicator: {name}", "value": i} for i, name, _ in scored
    ]
    dim_weights = weights_from_tokens(state["wd"])
    ind_weights = weights_from_tokens(state["wi"])
    dimension_inputs = [
        _weight_input("wd", key, name, dim_weights.get(key, 1))
        for key, name in DIM_KEYS.items()
        if key != "ci"
    ]
    indicator_inputs = []
    for dimension in sb.EOCIC_DIMENSIONS:
        members = [(i, name) for i, name, d in scored if d == dimension]
        if not members:
            continue
        indicator_inputs.append(html.H3(dimension, className="h6 mt-2"))
        indicator_inputs.append(
            dbc.Row(
                [
                    _weight_input("wi", i, name, ind_weights.get(i, 1))
                    for i, name in members
                ]
            )
        )
    return dbc.Card(
        dbc.CardBody(
            [
                dbc.Row(
                    [
                        dbc.Col(
                            year_field("sco-year", years[1:], state["year"]),
                            md=3,
                        ),
                        dbc.Col(
                            toggle("sco-norm", "Normalisation", NORMS, state["norm"]),
                            md=3,
                        ),
                        dbc.Col(
                            field(
                                "dropdown",
                                "sco-rank",
                                "Ranking of",
                                rank_options,
                                state["rank"],
                                searchable=True,
                                class_name="",
                            ),
                            md=6,
                        ),
                    ]
                ),
                dbc.Accordion(
                    dbc.AccordionItem(
                        [
                            html.P(
                                "Weights 0-3 (0 leaves a component out; default 1). Dimension "
                                "weights set the overall composite; indicator weights the "
                                "dimension composites.",
                                className="small",
                            ),
                            html.H3("Dimensions", className="h6"),
                            dbc.Row(dimension_inputs),
                            *indicator_inputs,
                            dcc.Link(
                                "Reset all weights",
                                href=_reset_href(state),
                                id="sco-reset",
                                className="small",
                            ),
                        ],
                        title="Weights",
                        item_id="weights",
                    ),
                    start_collapsed=not (state["wd"] or state["wi"]),
                    class_name="mt-3",
                ),
            ]
        ),
        class_name="mb-4",
    )


def _reset_href(state: dict) -> str:
    return STATE.href("/scoreboard", {**state, "wd": [], "wi": []})


def _body(state: dict, notice) -> list:
    """The Scoreboard for the settings in the URL (unknown parameters are ignored)."""
    sv = build_view(state)
    meta, board, names = sv.meta, sv.board, sv.names
    composites = view.composites_payload(state, sv)
    # NOTE (performance): the ranking figure is built once for its chart and note.
    ranking, ranking_note = view.ranking_with_note(sv)
    stability = view.stability_payload(state, sv)
    target, band_target = sv.target, sv.band_target
    no_data = [d for d, m in sb.dimension_indicators(meta).items() if not m]
    note = view.method_note(sv)
    return [
        page_header("Scoreboard", view.lead()),
        notice,
        dbc.Alert(
            [
                html.Strong("No data yet: "),
                ", ".join(no_data),
                ". No published regional indicator is loaded for this dimension; nothing is "
                "estimated in its place.",
            ],
            color="secondary",
            class_name="py-2 small",
            id="sco-no-data",
        )
        if no_data
        else html.Div(),
        controls(state, meta, view.year_choices()),
        html.P(note, className="small text-body-secondary", id="sco-method"),
        html.P(
            dcc.Link(
                "Change over time: each region's composites at two years (Trends)",
                href="/trends",
                id="sco-trends-link",
            ),
            className="small",
        ),
        dbc.Card(
            [
                dbc.CardHeader(html.H2("Regions × indicators", className="h5 mb-0")),
                dbc.CardBody(
                    [
                        html.P(
                            [
                                "Each cell: value, † if ",
                                term("derived-value", "derived"),
                                " from NUTS-2 parts, Eurostat flag, (year). Colour: normalised score in five bands from ",
                                html.Span(
                                    "lowest",
                                    style={
                                        "background": BANDS[0],
                                        "padding": "0 4px",
                                    },
                                ),
                                " to ",
                                html.Span(
                                    "highest",
                                    style={
                                        "background": BANDS[4],
                                        "color": "white",
                                        "padding": "0 4px",
                                    },
                                ),
                                " among the pilots (the value is always written, so colour is "
                                "never the only cue). Grey italic: size-dependent counts, not "
                                "scored. Hover a cell for unit, flag, parts and source; click a "
                                "header to sort.",
                            ],
                            className="small",
                        ),
                        html.P(
                            view.grid_legend(board),
                            className="small",
                            id="sco-grid-legend",
                        ),
                        # NOTE: the highlighted region is a control of the address.
                        dcc.Input(id="sco-me", type="hidden", value=state["me"]),
                        view.grid(board, meta, names, mine=state["me"]),
                    ]
                ),
            ],
            class_name="mb-4",
            id="sco-grid-card",
        ),
        chart_card(
            "sco-composites",
            "Dimension composites",
            composites.figure,
            note=note,
            summary="Heatmap of composite scores per region and dimension.",
            exportable=True,
        ),
        chart_card(
            "sco-ranking",
            "Ranking",
            ranking.figure,
            note=ranking_note,
            summary=f"Regions ranked on {target}.",
            exportable=True,
        ),
        chart_card(
            "sco-stability",
            "Rank stability",
            stability.figure,
            note=STABILITY_NOTE,
            summary=f"Rank and rank range on {band_target}.",
            exportable=True,
        ),
    ]


def _weights_to_tokens(values: dict, inputs: dict) -> dict:
    """The weight inputs (one per key) -> "key:weight" tokens; 1 is the default."""
    for kind in ("wd", "wi"):
        keys = [i["id"]["key"] for i in inputs[kind]]
        values[kind] = [
            f"{key}:{int(v)}"
            for key, v in zip(keys, values[kind], strict=True)
            if isinstance(v, int | float)
            and v == v
            and abs(v) < 1e6  # untrusted: int(inf) would raise
            and int(v) in WEIGHTS
            and int(v) != 1
        ]
    return values


layout = STATE.layout(_body)
STATE.sync(_weights_to_tokens)
