"""Stakeholder views: the view for one URL state (the theme's statements, the pooled
shares, one Likert chart per statement and the heatmap), their export payloads and the
notes and lists the page lays out. Every number comes protected from
``dashboard.queries.survey`` (small cells already suppressed).
"""

from __future__ import annotations

import csv
from pathlib import Path

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard.analytics.likert import DEFINITION, FLAG_NOTE, SUPPRESSION_NOTE
from dashboard.components.chart_card import chart_card
from dashboard.export.files import ChartPayload
from dashboard.figures import likert as likert_figures
from dashboard.queries import survey as survey_queries

BY_OPTIONS = {"region": "By region", "stakeholder_type": "By stakeholder type"}
SYNTHETIC_TEXT = (
    "Synthetic demonstration data calibrated to published results: the EOCIC survey "
    "microdata is not public, so these answers were generated to reproduce the "
    "report's pooled shares and per-region remarks. They describe no real respondent."
)


# NOTE: one Likert card per statement; the ids come from the reference list the ETL
# loads dim_statement from (statement ids are fixed there), read without the database.
STATEMENTS_CSV = (
    Path(__file__).resolve().parents[2] / "data" / "reference" / "survey_statements.csv"
)


def choices() -> dict[str, list[str]]:
    """The allowed values of the page's database-dependent parameters."""
    return {
        "theme": survey_queries.themes()["theme_id"].tolist(),
        "regions": survey_queries.survey_regions()["region_id"].tolist(),
        "types": survey_queries.stakeholder_types()["stakeholder_type_id"].tolist(),
        "ds": survey_queries.datasets()["dataset"].tolist(),
    }


def defaults() -> dict:
    """What the page shows when the address says nothing: the first theme, by region,
    every region and type, the newest dataset."""
    lists = choices()
    return {
        "theme": lists["theme"][0] if lists["theme"] else "",
        "by": "region",
        "regions": lists["regions"],
        "types": lists["types"],
        "ds": lists["ds"][0] if lists["ds"] else "",
    }


def resolve_state(state: dict) -> dict:
    """A validated URL state with the database defaults filled in (as the page shows)."""
    fallback = defaults()
    out = dict(state)
    for name in ("theme", "by", "ds"):
        if not out.get(name):
            out[name] = fallback[name]
    out["regions"] = canonical(out.get("regions"), fallback["regions"])
    out["types"] = canonical(out.get("types"), fallback["types"])
    return out


def canonical(values: object, allowed: list[str]) -> list[str]:
    """Checklist values in the allowlist's order; an empty or invalid choice means all."""
    chosen = [v for v in allowed if isinstance(values, list) and v in values]
    return chosen or list(allowed)


def source_note(dataset: str, synthetic: bool, extra: list) -> list:
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
        themes = survey_queries.theme_names()
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
    return survey_queries.theme_names()[theme_id]


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


def likert_payloads(raw_state: dict, sids: list[str]) -> dict[str, ChartPayload]:
    """Each statement's protected Likert cells by region (or type), as on the page,
    from one breakdown (each statement is protected on its own grid all the same)."""
    state = resolve_state(raw_state)
    groups, within = _groups(state)
    cells = survey_queries.agree_breakdown(
        state["ds"], by=state["by"], groups=groups, within=within, statements=sids
    )
    texts = survey_queries.statements().set_index("statement_id")["text"]
    filters = _filters(state, theme=False)
    # my region's bar is marked when the bars are regions
    highlight = state.get("me") if state["by"] == "region" else None
    out = {}
    for sid in sids:
        mine = cells[cells["statement_id"] == sid].reset_index(drop=True)
        out[sid] = _payload(
            state,
            likert_figures.likert_spec(mine, highlight=highlight),
            mine,
            f"{sid}. {texts.loc[sid]}",
            filters,
        )
    return out


def likert_payload(sid: str, raw_state: dict) -> ChartPayload:
    """One statement's protected Likert cells by region (or type), as on the page."""
    return likert_payloads(raw_state, [sid])[sid]


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


def statement_ids() -> list[str]:
    """Every statement id, from the reference list (no database needed)."""
    with STATEMENTS_CSV.open(encoding="utf-8-sig", newline="") as handle:
        return [row["statement_id"] for row in csv.DictReader(handle)]


def likert_builder(sid: str):
    """The export builder of one statement's Likert card."""
    return lambda state: likert_payload(sid, state)


def likert_card(
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
        note=source_note(dataset, synthetic, [html.Div(counts), html.Div(flags)]),
        summary=(
            f"Diverging bars of the answers to {sid} {BY_OPTIONS[by].lower()}. {flags}"
        ),
        synthetic=synthetic,
        exportable=True,
    )


def statement_list(statements: pd.DataFrame) -> html.Ol:
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


def pooled_note(pooled: pd.DataFrame) -> list:
    """The note under the pooled chart: n, interval, bounds and what was left out."""
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
    return pooled_note


def heatmap_note(heat: pd.DataFrame) -> list:
    """The note under the heatmap: cells shown and suppressed, the flag's meaning."""
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
    return heat_note
