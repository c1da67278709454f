"""Stakeholder views: what the EOCIC survey respondents said, by theme, region and type.

State lives in the URL (``theme``, ``by``, ``regions``, ``types``, ``ds``): the page is
rendered from it by ``layout(**query)`` and one thin callback writes the controls back.
Every number comes protected from ``dashboard.queries.survey`` (small cells already
suppressed); the page only lays it out.
"""

from __future__ import annotations

import csv
from pathlib import Path

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, callback, dcc, html

from dashboard.analytics.likert import DEFINITION, FLAG_NOTE, SUPPRESSION_NOTE
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
from dashboard.figures import likert as likert_figures
from dashboard.queries import survey as survey_queries

dash.register_page(
    __name__,
    path="/stakeholders",
    name="Stakeholder views",
    order=5,
    title="Stakeholder views · Regional Ecosystem Scoreboard",
)

BY_OPTIONS = {"region": "By region", "stakeholder_type": "By stakeholder type"}
SYNTHETIC_TEXT = (
    "Synthetic demonstration data calibrated to published results: the EOCIC survey "
    "microdata is not public, so these answers were generated to reproduce the "
    "report's pooled shares and per-region remarks. They describe no real respondent."
)


def _params() -> list[Param]:
    """URL parameters with allowlists read from the database (per request)."""
    themes = survey_queries.themes()["theme_id"].tolist()
    regions = survey_queries.survey_regions()["region_id"].tolist()
    types = survey_queries.stakeholder_types()["stakeholder_type_id"].tolist()
    datasets = survey_queries.datasets()["dataset"].tolist()
    return [
        Param("theme", themes[0] if themes else "", allowed=themes),
        Param("by", "region", allowed=tuple(BY_OPTIONS)),
        Param(
            "regions", regions, allowed=regions, multi=True, min_items=1, unordered=True
        ),
        Param("types", types, allowed=types, multi=True, min_items=1, unordered=True),
        Param("ds", datasets[0] if datasets else "", allowed=datasets),
    ]


# NOTE: exports are registered at import, before the database may exist, so these
# params read their allowlists lazily (per request) and leave DB-dependent defaults
# empty; resolve_state() fills them in exactly as layout() does.
PARAMS = (
    Param("theme", "", allowed=lambda: survey_queries.themes()["theme_id"].tolist()),
    Param("by", "region", allowed=tuple(BY_OPTIONS)),
    Param(
        "regions",
        [],
        allowed=lambda: survey_queries.survey_regions()["region_id"].tolist(),
        multi=True,
        min_items=1,
        unordered=True,
    ),
    Param(
        "types",
        [],
        allowed=lambda: survey_queries.stakeholder_types()[
            "stakeholder_type_id"
        ].tolist(),
        multi=True,
        min_items=1,
        unordered=True,
    ),
    Param("ds", "", allowed=lambda: survey_queries.datasets()["dataset"].tolist()),
)
# NOTE: one Likert card per statement; the ids come from the reference list the ETL
# loads dim_statement from (statement ids are fixed there), read without the database.
STATEMENTS_CSV = (
    Path(__file__).resolve().parents[2] / "data" / "reference" / "survey_statements.csv"
)


def resolve_state(state: dict) -> dict:
    """A validated URL state with the database defaults filled in (as the page shows)."""
    defaults = {p.name: p.default for p in _params()}
    out = dict(state)
    for name in ("theme", "by", "ds"):
        if not out.get(name):
            out[name] = defaults[name]
    out["regions"] = _canonical(out.get("regions"), defaults["regions"])
    out["types"] = _canonical(out.get("types"), defaults["types"])
    return out


def _canonical(values: object, allowed: list[str]) -> list[str]:
    """Checklist values in the allowlist's order; an empty or invalid choice means all."""
    chosen = [v for v in allowed if isinstance(values, list) and v in values]
    return chosen or list(allowed)


def _source_note(dataset: str, synthetic: bool, extra: list) -> list:
    tail = (
        " Synthetic demonstration data calibrated to published results, not real answers."
        if synthetic
        else ""
    )
    return [
        *extra,
        html.Div(DEFINITION),
        html.Div(f"Source: {survey_queries.SOURCE}; dataset {dataset}.{tail}"),
    ]


def _flag_sentence(frame: pd.DataFrame, what: str) -> str:
    flagged = frame[(frame["status"] == "ok") & (frame["flag"] != 0)]
    if flagged.empty:
        return (
            f"No {what} differs clearly from the others combined (5% test): responses "
            "are similar across the groups shown."
        )
    parts = [
        f"{r.group_name} {'higher ▲' if r.flag > 0 else 'lower ▼'} (p={r.p_value:.3f})"
        for r in flagged.itertuples()
    ]
    return f"Differs clearly from the others combined: {'; '.join(parts)}."


def _names(ids: list[str], frame: pd.DataFrame, key: str) -> str:
    names = dict(zip(frame[key], frame["name"], strict=True))
    if len(ids) == len(frame):
        return "all"
    return ", ".join(str(names.get(i, i)) for i in ids)


def _filters(state: dict, *, theme: bool = True, by: bool = True) -> str:
    parts = []
    if theme:
        themes = survey_queries.themes().set_index("theme_id")["name"]
        parts.append(f"Theme: {themes.get(state['theme'], state['theme'])}")
    if by:
        parts.append(f"Bars: {BY_OPTIONS[state['by']].lower()}")
    parts.append(
        "Regions: "
        + _names(state["regions"], survey_queries.survey_regions(), "region_id")
    )
    parts.append(
        "Stakeholder types: "
        + _names(
            state["types"], survey_queries.stakeholder_types(), "stakeholder_type_id"
        )
    )
    parts.append(f"Dataset: {state['ds']}")
    return "; ".join(parts)


def _payload(
    state: dict, figure, data: pd.DataFrame, title: str, filters: str
) -> ChartPayload:
    dataset = state["ds"]
    return ChartPayload(
        figure=figure,
        data=data.reset_index(drop=True),
        title=title,
        source=f"{survey_queries.SOURCE}; dataset {dataset}",
        definitions=f"{DEFINITION} {SUPPRESSION_NOTE} Suppressed cells are blank.",
        filters=filters,
        synthetic=survey_queries.is_synthetic(dataset),
    )


def _theme_name(theme_id: str) -> str:
    return survey_queries.themes().set_index("theme_id").loc[theme_id, "name"]


def pooled_payload(raw_state: dict) -> ChartPayload:
    """Published vs loaded pooled share agreeing for the theme (protected pooled rows)."""
    state = resolve_state(raw_state)
    statement_ids = survey_queries.statements(state["theme"])["statement_id"].tolist()
    pooled = survey_queries.pooled_shares(state["ds"], statements=statement_ids)
    return _payload(
        state,
        likert_figures.published_vs_loaded(pooled, loaded_name=state["ds"]),
        pooled,
        f"{_theme_name(state['theme'])}: published vs loaded pooled share agreeing",
        f"Theme: {_theme_name(state['theme'])}; pooled over every respondent of "
        f"dataset {state['ds']} (the region and type filters do not apply)",
    )


def _groups(state: dict) -> tuple[list[str], list[str]]:
    if state["by"] == "region":
        return state["regions"], state["types"]
    return state["types"], state["regions"]


def likert_payload(sid: str, raw_state: dict) -> ChartPayload:
    """One statement's protected Likert cells by region (or type), as on the page."""
    state = resolve_state(raw_state)
    groups, within = _groups(state)
    cells = survey_queries.agree_breakdown(
        state["ds"], by=state["by"], groups=groups, within=within, statements=[sid]
    )
    text = survey_queries.statements().set_index("statement_id").loc[sid, "text"]
    return _payload(
        state,
        likert_figures.likert_bars(cells),
        cells,
        f"{sid}. {text}",
        _filters(state, theme=False),
    )


def heatmap_payload(raw_state: dict) -> ChartPayload:
    """Share agreeing by region and statement, over the ticked types (protected)."""
    state = resolve_state(raw_state)
    heat = survey_queries.agree_breakdown(
        state["ds"], by="region", groups=state["regions"], within=state["types"]
    )
    # NOTE: the export holds exactly what the heatmap shows (share, interval, n, flag),
    # not the answer-category counts behind it.
    shown = [
        c
        for c in heat.columns
        if c not in {"n_1", "n_2", "n_3", "n_4", "n_5", "n_dk", "agree"}
    ]
    return _payload(
        state,
        likert_figures.agree_heatmap(heat, survey_queries.statements()),
        heat[shown],
        "Share agreeing by region and statement (all themes)",
        _filters(state, theme=False, by=False),
    )


def _statement_ids() -> list[str]:
    with STATEMENTS_CSV.open(encoding="utf-8-sig", newline="") as handle:
        return [row["statement_id"] for row in csv.DictReader(handle)]


def _likert_builder(sid: str):
    return lambda state: likert_payload(sid, state)


register_chart("stk-pooled", PARAMS, pooled_payload)
register_chart("stk-heatmap", PARAMS, heatmap_payload)
for _sid in _statement_ids():
    register_chart(f"stk-likert-{_sid.lower()}", PARAMS, _likert_builder(_sid))


def _likert_card(
    statement: pd.Series,
    payload: ChartPayload,
    *,
    dataset: str,
    synthetic: bool,
    by: str,
) -> dbc.Card:
    cells, figure = payload.data, payload.figure
    sid = statement["statement_id"]
    what = "region" if by == "region" else "stakeholder type"
    shown = cells[cells["status"] == "ok"]
    total = int(shown["n"].sum()) if not shown.empty else 0
    hidden = int((cells["status"].isin(["suppressed", "withheld"])).sum())
    counts = (
        f"n on every bar = substantive answers of that {what}; {total:,} answers in the "
        f"bars shown."
        + (f" {hidden} bar(s) suppressed. {SUPPRESSION_NOTE}" if hidden else "")
    )
    flags = _flag_sentence(cells, what)
    return chart_card(
        f"stk-likert-{sid.lower()}",
        f"{sid}. {statement['text']}",
        figure,
        note=_source_note(dataset, synthetic, [html.Div(counts), html.Div(flags)]),
        summary=(
            f"Diverging bars of the answers to {sid} {BY_OPTIONS[by].lower()}. {flags}"
        ),
        synthetic=synthetic,
        exportable=True,
    )


def _statement_list(statements: pd.DataFrame) -> html.Ol:
    items = []
    for s in statements.itertuples():
        published = s.published_note or "No pooled share published."
        items.append(
            html.Li(
                [
                    html.Strong(f"{s.statement_id}. "),
                    s.text,
                    html.Div(published, className="small text-body-secondary"),
                ],
                className="mb-2",
            )
        )
    return html.Ol(items, className="list-unstyled mb-0", id="stk-statement-list")


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
                dbc.Label("Theme", html_for="stk-theme", class_name="fw-semibold"),
                dbc.RadioItems(
                    id="stk-theme",
                    options=[
                        {"label": t.name, "value": t.theme_id}
                        for t in themes.itertuples()
                    ],
                    value=state["theme"],
                    class_name="mb-3",
                ),
                dbc.Label("Bars", html_for="stk-by", class_name="fw-semibold"),
                dbc.RadioItems(
                    id="stk-by",
                    options=[{"label": v, "value": k} for k, v in BY_OPTIONS.items()],
                    value=state["by"],
                    class_name="mb-3",
                ),
                dbc.Label("Regions", html_for="stk-regions", class_name="fw-semibold"),
                dbc.Checklist(
                    id="stk-regions",
                    options=[
                        {"label": r.name, "value": r.region_id}
                        for r in regions.itertuples()
                    ],
                    value=state["regions"],
                    class_name="mb-3",
                ),
                dbc.Label(
                    "Stakeholder types", html_for="stk-types", class_name="fw-semibold"
                ),
                dbc.Checklist(
                    id="stk-types",
                    options=[
                        {"label": t.name, "value": t.stakeholder_type_id}
                        for t in types.itertuples()
                    ],
                    value=state["types"],
                    class_name="mb-3",
                ),
                dbc.Label(
                    "Survey data", html_for="stk-dataset", class_name="fw-semibold"
                ),
                dcc.Dropdown(
                    id="stk-dataset",
                    options=dataset_options,
                    value=state["ds"],
                    clearable=False,
                    searchable=False,
                    disabled=len(dataset_options) < 2,
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


@guarded
@cached_layout("stakeholders", _params)
def layout(**query: str) -> html.Div:
    """The Stakeholder views page for the state in the URL (unknown keys are ignored)."""
    params = _params()
    state, ignored = parse_query(query, params)
    defaults = {p.name: p.default for p in params}
    state["regions"] = _canonical(state["regions"], defaults["regions"])
    state["types"] = _canonical(state["types"], defaults["types"])
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
    # NOTE: "callback-nav" (not False) makes Dash Pages re-render the page from the new
    # query string, so the view is rebuilt from the URL alone.
    location = dcc.Location(id="stk-url", refresh="callback-nav")
    if datasets.empty:
        return html.Div(
            [
                header,
                location,
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
        )
    dataset = state["ds"]
    synthetic = survey_queries.is_synthetic(dataset)
    by = state["by"]
    theme_statements = survey_queries.statements(state["theme"])

    # Load inputs (protected by the query layer), through the export builders.
    pooled_chart = pooled_payload(state)
    heat_chart = heatmap_payload(state)
    pooled, heat = pooled_chart.data, heat_chart.data

    theme_name = (
        survey_queries.themes().set_index("theme_id").loc[state["theme"], "name"]
    )
    pooled_ok = pooled[pooled["status"] == "ok"]
    names = {
        **dict(zip(*survey_queries.survey_regions().T.values, strict=True)),
        **dict(zip(*survey_queries.stakeholder_types().T.values, strict=True)),
    }
    excluded = sorted(
        {names.get(k, k) for e in pooled["excluded"] if e for k in e.split(", ")}
    )
    n_range = (
        f"n = {int(pooled_ok['n'].min()):,}-{int(pooled_ok['n'].max()):,} substantive "
        "answers per statement"
        if not pooled_ok.empty
        else "no statement of this theme has enough answers to show a pooled share"
    )
    pooled_note = [
        html.Div(
            "Pooled over every respondent of the dataset (filters do not apply), "
            f"{n_range}; 95% Wilson interval. Published shares as worded in the "
            'report; ▶ marks a lower bound ("over 73%"), ◀ an upper bound '
            '("less than 30%").'
        ),
    ]
    if excluded:
        pooled_note.append(
            html.Div(
                "Left out because their answers cannot be protected (fewer than 5 in "
                "total, or so one-sided that suppressed cells would give them away): "
                + ", ".join(excluded)
                + "."
            )
        )
    heat_ok = heat[heat["status"] == "ok"]
    heat_hidden = int(heat["status"].isin(["suppressed", "withheld"]).sum())
    heat_note = [
        html.Div(
            "Cell text: share agreeing and n (substantive answers); computed over the "
            "ticked stakeholder types. "
            f"{len(heat_ok):,} cells shown"
            + (
                f", {heat_hidden} suppressed (–). {SUPPRESSION_NOTE}"
                if heat_hidden
                else "."
            )
        ),
        html.Div(FLAG_NOTE),
    ]

    synthetic_alert = (
        dbc.Alert(
            [html.Strong("Synthetic demonstration data. "), SYNTHETIC_TEXT],
            color="warning",
            id="stk-synthetic-alert",
            class_name="py-2",
        )
        if synthetic
        else html.Div(id="stk-synthetic-alert")
    )
    likert_cards = [
        _likert_card(
            statement,
            likert_payload(statement["statement_id"], state),
            dataset=dataset,
            synthetic=synthetic,
            by=by,
        )
        for _, statement in theme_statements.iterrows()
    ]
    return html.Div(
        [
            header,
            location,
            ignored_notice(ignored),
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
                                    dbc.CardBody(_statement_list(theme_statements)),
                                ],
                                class_name="mb-4",
                            ),
                            chart_card(
                                "stk-pooled",
                                f"{theme_name}: published vs loaded pooled share agreeing",
                                pooled_chart.figure,
                                note=_source_note(dataset, synthetic, pooled_note),
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
                                note=_source_note(dataset, synthetic, heat_note),
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
    )


@callback(
    Output("stk-url", "search"),
    Input("stk-theme", "value"),
    Input("stk-by", "value"),
    Input("stk-regions", "value"),
    Input("stk-types", "value"),
    Input("stk-dataset", "value"),
    prevent_initial_call=True,
)
def write_url(theme, by, regions, types, dataset) -> str:
    """Controls -> query string (inputs are untrusted: invalid values fall back)."""
    params = _params()
    allowed = {p.name: p for p in params}
    state = {
        "theme": theme,
        "by": by,
        "regions": _canonical(regions, allowed["regions"].default),
        "types": _canonical(types, allowed["types"].default),
        "ds": dataset,
    }
    for name in ("theme", "by", "ds"):
        value, ok = allowed[name].parse(state[name])
        state[name] = value if ok else allowed[name].default
    return encode_query(state, params)
