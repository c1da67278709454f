"""Region profile: one region's set-up, challenges, measures, its strongest and weakest
indicators against the other pilot regions (a chart card with its tables) and, from
:mod:`dashboard.views.region_survey`, its survey sections.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import NamedTuple

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.analytics import scoreboard as sb
from dashboard.components.chart_card import chart_card
from dashboard.export.files import ChartPayload
from dashboard.figures import scoreboard as figs
from dashboard.figures.profile import profile_bars
from dashboard.queries import indicators as indicator_queries
from dashboard.queries import regions as region_queries
from dashboard.queries.scoreboard import (
    pilot_board,
    pilot_ranked_cells,
    scoreboard_inputs,
)
from dashboard.views import region_survey
from dashboard.views.region_survey import card_id

# NOTE: each region's cards are registered for export at import, before any database
# is open, so the pilot ids come from the reference list the ETL loads dim_region from.
REGIONS_CSV = Path(__file__).resolve().parents[2] / "data" / "reference" / "regions.csv"
CARDS = ("indicators", "stakeholders", "perception")
SCORE_TITLE = "normalised score among the pilot regions (min-max: 0 lowest, 1 highest)"


def pilot_ids() -> list[str]:
    """The pilot regions' ids, from the reference list (no database needed)."""
    with REGIONS_CSV.open(encoding="utf-8-sig", newline="") as handle:
        return [
            row["region_id"]
            for row in csv.DictReader(handle)
            if row["is_pilot"].strip().lower() == "true"
        ]


class IndicatorView(NamedTuple):
    """A region's indicators against the other pilots."""

    meta: pd.DataFrame
    board: sb.Scoreboard
    strongest: pd.DataFrame
    weakest: pd.DataFrame
    values: pd.DataFrame  # the scoreboard's inputs, for boards of other settings
    pilots: list[str]


def indicator_view(region_id: str) -> IndicatorView:
    """The board of the ten pilots (shared with every profile) and the region's lists."""
    meta, values, regions = scoreboard_inputs()  # kept per file version
    pilots = regions.loc[regions["is_pilot"], "region_id"].tolist()
    board = pilot_board(values, meta, pilots)  # the same for every profile (per file)
    strongest, weakest = sb.strengths_and_weaknesses(
        board, region_id, ranked=pilot_ranked_cells(values, meta, pilots)
    )
    return IndicatorView(meta, board, strongest, weakest, values, pilots)


def indicators_payload(region_id: str, region_name: str, view=None) -> ChartPayload:
    """The strongest and weakest indicators as bars of their normalised score."""
    view = view or indicator_view(region_id)
    meta = view.meta
    frames = []
    for series, rows in (("Strongest", view.strongest), ("Weakest", view.weakest)):
        if rows.empty:
            continue
        frames.append(rows.assign(list=series))
    rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    title = f"{region_name}: strongest and weakest indicators"
    if rows.empty:
        figure = figs.empty_figure("No indicator values for this region yet.")
        data = rows
    else:
        names = meta["name"].to_dict()
        units = meta["unit"].to_dict()
        bars = pd.DataFrame(
            {
                "label": [names[i] for i in rows["indicator_id"]],
                "x": rows["score"],
                "text": [
                    f"rank {int(r.rank)} of {int(r.n_regions)} · "
                    f"{figs.fmt_value(r.value)} {units[r.indicator_id]}"
                    f"{figs.DERIVED_MARK if r.is_derived else ''} ({int(r.year)})"
                    for r in rows.itertuples()
                ],
                "hover": [
                    f"{names[r.indicator_id]}: {figs.fmt_value(r.value)} "
                    f"{units[r.indicator_id]} ({int(r.year)}); score {r.score:.2f}; "
                    f"rank {int(r.rank)} of {int(r.n_regions)} pilots; source: "
                    f"{r.citation}"
                    for r in rows.itertuples()
                ],
                "series": rows["list"],
            }
        )
        figure = profile_bars(
            bars,
            x_title=SCORE_TITLE,
            subtitle=figs.source_line(
                unit="score 0-1 among the ten pilot regions (direction-aware)",
                years=rows["year"],
                sources=rows["citation"],
                derived=bool(rows["is_derived"].any()),
            ),
            title=title,
            x_range=(0, 1.6),
        )
        data = rows[
            [
                "list",
                "indicator_id",
                "value",
                "year",
                "flag",
                "is_derived",
                "score",
                "rank",
                "n_regions",
                "citation",
            ]
        ].assign(
            indicator=lambda f: f["indicator_id"].map(names),
            unit=lambda f: f["indicator_id"].map(units),
        )
    cited = figs.cite_sources(rows.get("citation", pd.Series(dtype=object)).dropna())
    return ChartPayload(
        figure=figure,
        data=data.reset_index(drop=True),
        title=title,
        source=cited or "Regional indicators loaded from official statistics",
        years=figs.years_text(rows["year"]) if len(rows) else "",
        definitions="Rank 1 = best among the pilot regions with a value; scores "
        "min-max over the ten pilots, direction-aware. " + figs.DERIVED_NOTE + ".",
        filters=f"Region: {region_name}",
    )


def card_payload(region_id: str, what: str) -> ChartPayload:
    """A profile card's payload (the export, the table and the deck rebuild it)."""
    row = region_queries.region(region_id)
    name = row["name"] if row else region_id
    if what == "indicators":
        return indicators_payload(region_id, name)
    build = (
        region_survey.stakeholders_payload
        if what == "stakeholders"
        else region_survey.perception_payload
    )
    payload = build(region_id, name)
    if payload is None:  # no survey loaded: say so, as the page does
        return ChartPayload(
            figure=figs.empty_figure("No survey data is loaded."),
            data=pd.DataFrame(),
            title=f"{name}: no survey data",
            source="",
        )
    return payload


def card_builder(region_id: str, what: str):
    """The export builder of one of a region's cards (its state is the region)."""
    return lambda _state: card_payload(region_id, what)


def source_mark(text: str) -> html.Span:
    return html.Span(f" [{text}]", className="small text-body-secondary")


def indicator_table(rows, meta, caption: str, table_id: str) -> dbc.Table:
    """Indicators with value, unit, year, rank among the pilots, source and derived marker."""
    head = html.Thead(
        html.Tr(
            [
                html.Th(h, scope="col")
                for h in ("Indicator", "Value", "Year", "Rank among pilots", "Source")
            ]
        )
    )
    body = []
    # NOTE (performance): the metadata read as dicts (a row Series per indicator cost
    # ~0.1 ms each).
    columns = {c: meta[c].to_dict() for c in ("name", "unit", "dimension")}
    for r in rows.itertuples():
        m = {c: values[r.indicator_id] for c, values in columns.items()}
        value = f"{figs.fmt_value(r.value)} {m['unit']}"
        marks = []
        if r.is_derived:
            marks.append(
                html.Span(
                    f" {figs.DERIVED_MARK}",
                    title=f"derived from the NUTS-2 parts {r.geo_code}",
                )
            )
        if r.flag:
            marks.append(html.Small(f" flag {figs.describe_flag(r.flag)}"))
        body.append(
            html.Tr(
                [
                    html.Td(
                        [
                            m["name"],
                            html.Br(),
                            html.Small(m["dimension"], className="text-body-secondary"),
                        ]
                    ),
                    html.Td([value, *marks]),
                    html.Td(str(int(r.year))),
                    html.Td(f"{int(r.rank)} of {int(r.n_regions)}"),
                    html.Td(r.citation, className="small"),
                ]
            )
        )
    return dbc.Table(
        [html.Caption(caption, className="caption-top"), head, html.Tbody(body)],
        bordered=False,
        hover=True,
        size="sm",
        responsive=True,
        id=table_id,
    )


def indicators_section(
    region_id: str, region_name: str, view: IndicatorView | None = None
) -> html.Section:
    """Strongest and weakest indicators of a region against the other pilot regions."""
    view = view or indicator_view(region_id)
    meta, board, strongest, weakest = view[:4]
    children = [
        html.H2("Indicators against the other pilot regions", className="h4 mt-3"),
        html.P(
            "Each indicator's latest available year; rank 1 = best among the pilot regions "
            "with a value (lower is better where the indicator says so). "
            f"{figs.DERIVED_MARK} = whole-region value derived from its NUTS-2 parts "
            "(population-weighted or summed). Context indicators (GDP, population, "
            "unemployment) are left out.",
            className="small text-body-secondary",
        ),
    ]
    if strongest.empty:
        children.append(html.P("No indicator values for this region yet."))
    else:
        tables = (
            dbc.Row(
                [
                    dbc.Col(
                        indicator_table(
                            strongest,
                            meta,
                            "Strongest (its best ranks among the pilots)",
                            "profile-strongest",
                        ),
                        lg=6,
                    ),
                    dbc.Col(
                        indicator_table(
                            weakest,
                            meta,
                            "Weakest (its lowest ranks among the pilots)",
                            "profile-weakest",
                        ),
                        lg=6,
                    ),
                ]
            ),
        )
        payload = indicators_payload(region_id, region_name, view)
        children.append(
            chart_card(
                card_id(region_id, "indicators"),
                "Strongest and weakest indicators",
                payload.figure,
                below=[*tables],
                note=payload.definitions,
                summary=f"Bars of {region_name}'s normalised score on its strongest "
                "and weakest indicators among the ten pilot regions.",
                exportable=True,
            )
        )
    # Index scores never aggregated (aggregation 'none'): show the parts, not a region value.
    have = set(board.cells.loc[board.cells["region_id"] == region_id, "indicator_id"])
    unaggregated = [
        i for i in meta.index[meta["aggregation"].eq("none")].tolist() if i not in have
    ]
    parts = (
        indicator_queries.part_values(region_id, unaggregated) if unaggregated else None
    )
    if parts is not None and not parts.empty:
        lines = [
            html.Li(
                f"{meta.at[i, 'name']}: "
                + "; ".join(
                    f"{p.geo_code} {figs.fmt_value(p.value)} ({int(p.year)})"
                    + (f", {figs.describe_flag(p.flag)}" if p.flag else "")
                    for p in rows.itertuples()
                )
                + f" [{rows['citation'].iloc[0]}]"
            )
            for i, rows in parts.groupby("indicator_id", sort=False)
        ]
        children.append(
            html.Div(
                [
                    html.P(
                        f"Published only for the NUTS-2 parts of {region_name}, and index "
                        "scores are not aggregated, so there is no whole-region value:",
                        className="small mb-1",
                    ),
                    html.Ul(lines, className="small"),
                ],
                id="profile-parts",
            )
        )
    children.append(
        dcc.Link(
            "Compare this region with its peers",
            href=f"/compare?peer={region_id}",
            className="small",
        )
    )
    return html.Section(children, id="profile-indicators")
