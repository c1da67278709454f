"""Perception vs evidence: the view for one URL state (the theme's pairs, the chosen
pairing, the highlighted region), its figures, export payloads and the tables and
notes the page lays out.
"""

from __future__ import annotations

from typing import NamedTuple

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from dashboard.analytics import perception as pa
from dashboard.analytics.likert import DEFINITION, SUPPRESSION_NOTE
from dashboard.components.data_table import column_head, compact_table
from dashboard.export.files import ChartPayload
from dashboard.figures import perception as figures
from dashboard.figures.scoreboard import DERIVED_MARK, empty_figure, fmt_value
from dashboard.queries import perception as perception_queries
from dashboard.queries import survey as survey_queries

METHOD_NOTE = (
    "Share agreeing: each region's respondents (n = substantive answers), 95% Wilson "
    "interval as the vertical line. Indicator: the latest available year per region "
    "(shown on hover), normalised min-max over the pilot regions with a value and "
    "direction-aware (0 = weakest, 1 = strongest pilot region), as on the Scoreboard. "
    "Dashed lines: the pilot averages of the regions shown (each region counts once). "
    "Gap = standardised share agreeing − standardised indicator (z-scores over the "
    "regions shown); ▼ at most −1 SD, ▲ at least +1 SD."
)
CAVEAT = (
    "The survey is small: {n} respondents answered each statement in a region, so a "
    "region's share agreeing has a 95% interval of roughly ±20 percentage points. A gap "
    "compares a region with the other pilot regions, on an indicator that measures the "
    "statement only in part (see each pairing's rationale): read it as a question to "
    "ask, not a finding."
)


def caveat_text(pairs: pd.DataFrame) -> str:
    """The small-survey caveat with the numbers of respondents actually shown."""
    shown = pairs[pairs["shown"]] if len(pairs) else pairs
    if len(shown):
        low, high = int(shown["n"].min()), int(shown["n"].max())
        n = f"{low}-{high}" if low != high else str(low)
    else:
        n = "few"
    return CAVEAT.format(n=n)


SYNTHETIC_TEXT = (
    "The survey shown is synthetic demonstration data calibrated to the report's "
    "published shares and per-region remarks: the gaps describe generated answers, "
    "not real stakeholders. The indicators are real published statistics."
)


def themes() -> pd.DataFrame:
    return survey_queries.themes()


def theme_ids() -> list[str]:
    """The themes (the ``theme`` allowlist)."""
    return themes()["theme_id"].tolist()


def pair_keys() -> list[str]:
    """ "" (the theme's first pairing) or any pairing."""
    return ["", *perception_queries.pair_keys()]


def region_ids() -> list[str]:
    """ "" (no highlight) or a surveyed region."""
    return ["", *survey_queries.survey_regions()["region_id"].tolist()]


def datasets() -> list[str]:
    """ "" (the newest dataset) or any loaded dataset, newest first."""
    return ["", *survey_queries.datasets()["dataset"].tolist()]


class PerceptionView(NamedTuple):
    """Everything the page and its exports show for one URL state."""

    # NOTE: a NamedTuple, not a dataclass: Dash Pages executes page modules without
    # registering them in sys.modules, which dataclasses need.

    state: dict
    dataset: str
    synthetic: bool
    theme_name: str
    mapping: pd.DataFrame  # every statement's pairings (all themes)
    theme_mapping: pd.DataFrame  # the theme's rows
    pairs: pd.DataFrame  # all_pairs() of the theme's pairings
    selected: pd.Series | None  # the chosen pairing's mapping row
    pair: pd.DataFrame  # the chosen pairing's join_pair() frame (empty if none)
    names: dict[str, str]

    @property
    def title(self) -> str:
        if self.selected is None:
            return f"{self.theme_name}: no matching indicator"
        s = self.selected
        return f"{s['statement_id']} share agreeing vs {s['indicator_name']}"

    @property
    def filters(self) -> str:
        parts = [f"theme: {self.theme_name}"]
        if self.selected is not None:
            parts.append(
                f"pairing: {self.selected['statement_id']} × "
                f"{self.selected['indicator_name']}"
            )
        if self.state["region"]:
            parts.append(f"highlighted: {self.names.get(self.state['region'], '')}")
        parts.append(f"survey dataset: {self.dataset}")
        return "; ".join(parts)

    @property
    def source(self) -> str:
        text = f"{survey_queries.SOURCE}, dataset {self.dataset}"
        if self.selected is not None:
            text += f"; {self.selected['indicator_name']}: {self.selected['citation']}"
        return text + f"; pairing: {perception_queries.MAPPING_NAME}"


def build_view(state: dict) -> PerceptionView:
    """Query and compute everything for a validated state."""
    # Load inputs.
    state = dict(state)
    datasets = survey_queries.datasets()
    dataset = state["ds"] or (str(datasets["dataset"].iloc[0]) if len(datasets) else "")
    mapping = perception_queries.mapping()
    theme_frame = themes()
    # NOTE: a pairing in the URL decides the theme (a link to K1 x HRST opens the
    # knowledge theme whatever `theme` says); the theme control clears `pair`.
    chosen = mapping[mapping["pair"] == state["pair"]] if state["pair"] else None
    if chosen is not None and not chosen.empty:
        state["theme"] = chosen["theme_id"].iloc[0]
    theme_mapping = mapping[mapping["theme_id"] == state["theme"]]
    paired = theme_mapping[theme_mapping["indicator_id"] != ""]
    if not state["pair"] or state["pair"] not in set(paired["pair"]):
        state["pair"] = paired["pair"].iloc[0] if len(paired) else ""
    selected = (
        paired[paired["pair"] == state["pair"]].iloc[0] if state["pair"] else None
    )
    theme_name = str(theme_frame.set_index("theme_id").at[state["theme"], "name"])
    regions = survey_queries.survey_regions()
    names = dict(zip(regions["region_id"], regions["name"], strict=True))

    # Process data.
    if dataset and len(paired):
        shares, values, meta, regions = perception_queries.pair_inputs(
            dataset, paired["statement_id"], paired["indicator_id"]
        )
        pairs = pa.all_pairs(paired, shares, values, meta, regions)
    else:
        pairs = pa.all_pairs(
            paired.iloc[0:0], pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), regions
        )
    pair = (
        pairs[
            (pairs["statement_id"] == selected["statement_id"])
            & (pairs["indicator_id"] == selected["indicator_id"])
        ].reset_index(drop=True)
        if selected is not None
        else pairs.iloc[0:0]
    )
    return PerceptionView(
        state=state,
        dataset=dataset,
        synthetic=bool(dataset) and survey_queries.is_synthetic(dataset),
        theme_name=theme_name,
        mapping=mapping,
        theme_mapping=theme_mapping,
        pairs=pairs,
        selected=selected,
        pair=pair,
        names=names,
    )


NO_MATCH = "No statement of this theme has a matching indicator."


def _pairing(view: PerceptionView) -> dict:
    """What both figures of the chosen pairing are told about it."""
    s = view.selected
    return {
        "statement_id": s["statement_id"],
        "indicator_name": s["indicator_name"],
        "highlight": view.state["region"] or None,
    }


def scatter_figure(view: PerceptionView) -> go.Figure:
    """The chosen pairing's scatter (or why there is none)."""
    s = view.selected
    if s is None:
        return empty_figure(NO_MATCH)
    return figures.perception_scatter(
        view.pair, statement_text=s["text"], unit=s["unit"], **_pairing(view)
    )


def gaps_figure(view: PerceptionView) -> go.Figure:
    """The chosen pairing's gap bars (or why there are none)."""
    if view.selected is None:
        return empty_figure(NO_MATCH)
    return figures.gap_bars(view.pair, **_pairing(view))


def _export_rows(view: PerceptionView) -> pd.DataFrame:
    """The rows behind both charts: every pilot region, shown or not, and why."""
    pair = view.pair
    if view.selected is None or pair.empty:
        return pd.DataFrame(columns=["region_id", "name"])
    s = view.selected
    why = [
        ""
        if r.shown
        else (
            "share suppressed (small cell)"
            if r.status in ("suppressed", "withheld")
            else "no share agreeing"
            if not r.has_share
            else "no indicator value"
        )
        for r in pair.itertuples()
    ]
    return pd.DataFrame(
        {
            "region_id": pair["region_id"],
            "region_name": pair["name"],
            "statement_id": s["statement_id"],
            "share_agreeing": pair["share"].round(4),
            "ci_low": pair["ci_low"].round(4),
            "ci_high": pair["ci_high"].round(4),
            "n": pair["n"],
            "indicator_id": s["indicator_id"],
            "indicator_value": pair["value"],
            "unit": s["unit"],
            "year": pair["year"].astype("Int64"),
            "flag": pair["flag"],
            "derived_from_parts": pair["geo_code"].where(pair["is_derived"], ""),
            "normalised_0_1": pair["score"].round(4),
            "z_share": pair["z_share"].round(4),
            "z_indicator": pair["z_indicator"].round(4),
            "gap_sd": pair["gap"].round(4),
            "reading": pair["reading"],
            "not_shown_because": why,
        }
    )


def _payload(view: PerceptionView, figure: go.Figure, title: str) -> ChartPayload:
    years = view.pair["year"].dropna().astype(int) if not view.pair.empty else []
    notes = [caveat_text(view.pairs)]
    if view.selected is not None:
        notes.append(f"Pairing rationale: {view.selected['rationale']}")
        if view.selected["direction_note"]:
            notes.append(f"Caveat on the pairing: {view.selected['direction_note']}")
    return ChartPayload(
        figure=figures.for_export(figure),
        data=_export_rows(view),
        title=title,
        source=view.source,
        years=(
            f"indicator {min(years)}-{max(years)} (latest per region)"
            if len(years)
            else ""
        ),
        definitions=f"{DEFINITION} {METHOD_NOTE}",
        filters=view.filters,
        synthetic=view.synthetic,
        notes=notes,
    )


def scatter_payload(state: dict) -> ChartPayload:
    """The scatter of the chosen pairing and its rows."""
    view = build_view(state)
    return _payload(view, scatter_figure(view), view.title)


def gaps_payload(state: dict) -> ChartPayload:
    """The gap bars of the chosen pairing and its rows."""
    view = build_view(state)
    return _payload(view, gaps_figure(view), f"Gap by region: {view.title}")


def pct(value: float) -> str:
    """A share as a whole percentage; "–" when missing."""
    return "–" if value is None or value != value else f"{100 * value:.0f}%"


def gap_table(rows: pd.DataFrame, view: PerceptionView, table_id: str) -> html.Div:
    if rows.empty:
        return html.P(
            f"No region differs by at least {pa.GAP_THRESHOLD:g} standard deviation "
            "this way in this theme.",
            className="small text-body-secondary",
            id=table_id,
        )
    named = view.mapping.drop_duplicates("pair")
    names = dict(
        zip(
            named["pair"],
            zip(named["indicator_name"], named["unit"], strict=True),
            strict=True,
        )
    )
    head = column_head(
        "Region",
        "Statement × indicator",
        "Share agreeing (n)",
        "Indicator (year)",
        "Gap (SD)",
    )
    body = []
    for r in rows.itertuples():
        indicator_name, unit = names[f"{r.statement_id}:{r.indicator_id}"]
        derived = f" {DERIVED_MARK}" if r.is_derived else ""
        uncertain = (
            html.Div(
                "interval includes the pilot average",
                className="small text-body-secondary",
            )
            if r.interval_has_average
            else None
        )
        href = (
            f"/perception?pair={r.statement_id}:{r.indicator_id}&region={r.region_id}"
        )
        body.append(
            html.Tr(
                [
                    html.Td(dcc.Link(r.name, href=f"/region/{r.region_id}")),
                    html.Td(
                        dcc.Link(f"{r.statement_id} × {indicator_name}", href=href)
                    ),
                    html.Td([f"{pct(r.share)} (n = {int(r.n)})", uncertain]),
                    html.Td(
                        f"{fmt_value(r.value, unit)}{derived} "
                        f"({int(r.year)}); normalised {r.score:.2f}"
                    ),
                    html.Td(f"{r.gap:+.1f}", className="fw-semibold text-end"),
                ],
                id=f"{table_id}-{r.region_id}-{r.statement_id}-{r.indicator_id}",
            )
        )
    return compact_table([head, html.Tbody(body)], table_id=table_id, hover=True)


def not_shown(view: PerceptionView) -> html.Div:
    pair = view.pair
    if pair.empty:
        return html.Div(id="per-not-shown")
    left = pair[~pair["shown"]]
    if left.empty:
        return html.Div(
            "All ten pilot regions are shown.", id="per-not-shown", className="small"
        )
    items = []
    for r in left.itertuples():
        if r.status in ("suppressed", "withheld"):
            why = "share suppressed (fewer than 5 answers in a cell)"
        elif not r.has_share:
            why = "no answers to this statement"
        else:
            why = "no value of the indicator"
        items.append(f"{r.name}: {why}")
    return html.Div(
        "Not shown: " + "; ".join(items) + ".", id="per-not-shown", className="small"
    )


def mapping_table(view: PerceptionView) -> dbc.Table:
    head = column_head("Statement", "Indicator", "Why this pairing", "Caveat")
    body = []
    for r in view.mapping.itertuples():
        current = r.theme_id == view.state["theme"]
        indicator = (
            [
                r.indicator_name,
                html.Br(),
                html.Small(f"{r.unit} · {r.citation}", className="text-body-secondary"),
            ]
            if r.indicator_id
            else html.Em("No matching indicator")
        )
        body.append(
            html.Tr(
                [
                    html.Td(
                        [
                            html.Strong(r.statement_id),
                            " ",
                            r.text,
                            html.Br(),
                            html.Small(r.theme, className="text-body-secondary"),
                        ]
                    ),
                    html.Td(indicator),
                    html.Td(r.rationale),
                    html.Td(r.direction_note),
                ],
                className="table-primary" if current else None,
                id=f"per-map-{r.statement_id}-{r.indicator_id or 'none'}",
            )
        )
    return compact_table([head, html.Tbody(body)], table_id="per-mapping-table")


def no_match_card(view: PerceptionView) -> dbc.Card:
    rows = view.theme_mapping[view.theme_mapping["indicator_id"] == ""]
    return dbc.Card(
        [
            dbc.CardHeader(
                html.H2(
                    f"{view.theme_name}: no matching indicator", className="h5 mb-0"
                )
            ),
            dbc.CardBody(
                [
                    html.P(
                        "No indicator in the snapshot measures what these statements "
                        "ask about, so there is nothing to put beside the survey. "
                        "Nothing is filled in; the Stakeholder views page shows what "
                        "was said."
                    ),
                    html.Ul(
                        [
                            html.Li(
                                [
                                    html.Strong(f"{r.statement_id}. "),
                                    r.text,
                                    html.Div(
                                        r.rationale,
                                        className="small text-body-secondary",
                                    ),
                                ]
                            )
                            for r in rows.itertuples()
                        ]
                    ),
                    dcc.Link(
                        "See these statements on Stakeholder views",
                        href=f"/stakeholders?theme={view.state['theme']}",
                    ),
                ]
            ),
        ],
        id="per-no-match",
        class_name="mb-4",
    )


def unpaired_note(view: PerceptionView) -> html.Div:
    rows = view.theme_mapping[view.theme_mapping["indicator_id"] == ""]
    if rows.empty:
        return html.Div()
    return html.P(
        "No matching indicator for "
        + ", ".join(
            f"{r.statement_id} ({r.text[0].lower()}{r.text[1:]})"
            for r in rows.itertuples()
        )
        + ": see the pairing table below.",
        className="small text-body-secondary",
        id="per-unpaired-note",
    )


def scatter_note(view: PerceptionView, shown: pd.DataFrame) -> list:
    """The method, sample-size, definition and source note under the scatter."""
    n_text = (
        f"n = {int(shown['n'].min())}-{int(shown['n'].max())} substantive answers "
        "per region"
        if not shown.empty
        else "no region shown"
    )
    years = sorted({int(y) for y in shown["year"].dropna()})
    year_text = (
        f"indicator year {years[0]}"
        if len(years) == 1
        else f"indicator years {years[0]}-{years[-1]} (latest per region: they differ)"
        if years
        else ""
    )
    note = [
        html.Div(f"{METHOD_NOTE} {n_text}; {year_text}."),
        not_shown(view),
        html.Div(DEFINITION),
        html.Div(SUPPRESSION_NOTE),
        html.Div(
            f"Source: {view.source}."
            + (
                " Survey: synthetic demonstration data calibrated to published "
                "results, not real answers."
                if view.synthetic
                else ""
            )
        ),
    ]
    return note


def rationale_card(s: pd.Series) -> dbc.Card:
    """The chosen statement, its indicator and why they are paired."""
    rationale = dbc.Card(
        dbc.CardBody(
            [
                html.P(
                    [html.Strong(f"{s['statement_id']}. "), s["text"]],
                    className="mb-1",
                    id="per-statement",
                ),
                html.P(
                    [
                        html.Strong("Paired with: "),
                        s["indicator_name"],
                        f" ({s['unit']}; {s['citation']})",
                    ],
                    className="mb-1",
                    id="per-indicator",
                ),
                html.P(
                    [html.Strong("Why: "), s["rationale"]],
                    className="mb-1",
                    id="per-rationale",
                ),
                html.P(
                    [html.Strong("Caveat: "), s["direction_note"]],
                    className="mb-0 small",
                    id="per-direction-note",
                )
                if s["direction_note"]
                else html.Div(id="per-direction-note"),
            ]
        ),
        class_name="mb-3",
    )
    return rationale


def gaps_section(view: PerceptionView) -> html.Section | html.Div:
    """The theme's largest gaps both ways (nothing when no pairing is shown)."""
    if view.selected is None:
        return html.Div(id="per-gaps-section")
    negative, positive = pa.largest_gaps(view.pairs)
    gaps_section = html.Section(
        [
            html.H2(f"Largest gaps in {view.theme_name}", className="h4 mt-2"),
            html.P(
                f"Over every pairing of the theme; gaps of at least "
                f"{pa.GAP_THRESHOLD:g} standard deviation, largest first (at most 5 "
                'each way). "Interval includes the pilot average": the region\'s '
                "share agreeing is not clearly different from the other regions' on "
                "its own, so the gap rests mostly on the indicator.",
                className="small text-body-secondary",
            ),
            html.H3(
                "▼ Stakeholders more negative than the statistics suggest",
                className="h6 mt-3",
            ),
            gap_table(negative, view, "per-gaps-negative"),
            html.H3(
                "▲ Stakeholders more positive than the statistics suggest",
                className="h6 mt-3",
            ),
            gap_table(positive, view, "per-gaps-positive"),
        ],
        id="per-gaps-section",
    )
    return gaps_section


def control_options(view: PerceptionView, datasets: pd.DataFrame) -> tuple:
    """(pairing, region, dataset) choices of the page's controls."""
    paired = view.theme_mapping[view.theme_mapping["indicator_id"] != ""]
    pair_options = [
        {"label": f"{r.statement_id} × {r.indicator_name}", "value": r.pair}
        for r in paired.itertuples()
    ]
    dataset_options = [
        {
            "label": f"{d.dataset} ({d.respondents:,} respondents"
            + (", synthetic)" if d.is_synthetic else ")"),
            "value": d.dataset,
        }
        for d in datasets.itertuples()
    ]
    region_options = [
        {"label": n, "value": r}
        for r, n in sorted(view.names.items(), key=lambda kv: kv[1])
    ]
    return pair_options, region_options, dataset_options
