"""The region headline: where a region stands, at the top of its profile and its brief.

One view model (:func:`headline`) of a region's overall rank with its stability range,
its group, its dimension composites against the benchmark and the other pilots, its
strengths and weaknesses sorted by rank (values and years), the challenges it shares
with the regions that share them, and its stakeholders' summary with n; and the
components that show it (:func:`headline_section`). The scoreboard is the default one
(latest years, min-max, equal weights), as the Scoreboard page opens.
"""

from __future__ import annotations

from typing import NamedTuple

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.analytics import scoreboard as sb
from dashboard.cache import per_file_version
from dashboard.figures import scoreboard as figs
from dashboard.figures.profile import headline_dots
from dashboard.queries import challenges as challenge_queries
from dashboard.queries import survey as survey_queries
from dashboard.queries.scoreboard import pilot_bands, pilot_board, scoreboard_inputs
from dashboard.views.region_profile import IndicatorView, indicator_view


def ordinal(n: int) -> str:
    """1 -> '1st', 2 -> '2nd', 11 -> '11th'."""
    suffix = (
        "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    )
    return f"{n}{suffix}"


class Headline(NamedTuple):
    region_id: str
    name: str
    rank: int | None
    rank_min: int | None
    rank_max: int | None
    n_ranked: int
    group: str | None
    index: float | None
    dots: pd.DataFrame  # dimension, region_id, name, composite, benchmark, mine
    strengths: pd.DataFrame  # name, rank, n_regions, value, unit, year
    weaknesses: pd.DataFrame
    shared: pd.DataFrame  # challenge_name, family, others (names of the sharers)
    survey: dict  # n_min, n_max, synthetic, top (statement, share, n), bottom


def _ranked(frame: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    out = frame.sort_values(["rank", "indicator_id"]).copy()
    out["name"] = out["indicator_id"].map(meta["name"])
    out["unit"] = out["indicator_id"].map(meta["unit"])
    out["citation"] = out["indicator_id"].map(meta["citation"])
    columns = ["indicator_id", "name", "rank", "n_regions", "value", "unit", "year"]
    return out[[*columns, "is_derived", "citation"]]


def _pilot_standing():
    """(rank bands by region, overall rows, EOCIC dimension composites with the region
    names and benchmarks) of the default pilot board: the same for every region."""

    def compute():
        meta, values, regions = scoreboard_inputs()
        pilots = regions.loc[regions["is_pilot"], ["region_id", "name"]]
        ids = pilots["region_id"].tolist()
        board = pilot_board(values, meta, ids)
        names = dict(zip(pilots["region_id"], pilots["name"], strict=True))
        bands = pilot_bands(values, meta, ids).set_index("region_id")
        overall = board.dimensions[board.dimensions["dimension"] == sb.OVERALL]
        dims = board.dimensions[
            board.dimensions["dimension"].isin(sb.EOCIC_DIMENSIONS)
            & board.dimensions["composite"].notna()
        ].copy()
        dims["name"] = dims["region_id"].map(names)
        benchmarks = {
            d: board.benchmark_composite(d) for d in dims["dimension"].unique()
        }
        dims["benchmark"] = dims["dimension"].map(benchmarks)
        return bands, overall, dims

    # NOTE (performance): worked out once per database file, not once per profile
    # (~5 ms at EU scale); the region's own rows are picked out by the caller.
    return per_file_version("headline-pilot-standing", compute)


def headline(
    region_id: str,
    name: str,
    view: IndicatorView | None = None,
    summary: pd.DataFrame | None = None,
) -> Headline:
    """The headline of one pilot region (default scoreboard settings).

    ``view`` and ``summary`` (the region's survey summary): read here if not given.
    """
    view = view or indicator_view(region_id)
    bands, overall, dims = _pilot_standing()
    mine = overall[overall["region_id"] == region_id]
    rank = rank_min = rank_max = None
    if region_id in bands.index:
        rank, rank_min, rank_max = (
            int(bands.at[region_id, c]) for c in ("rank", "rank_min", "rank_max")
        )
    group = mine["group"].iloc[0] if len(mine) else None
    index = float(mine["index"].iloc[0]) if len(mine) else None
    dims = dims.assign(mine=dims["region_id"] == region_id)
    # Shared challenges: the region's, each with the other regions that have it.
    cells = challenge_queries.challenge_cells()
    own = cells[cells["region_id"] == region_id]
    # NOTE (performance): who has each challenge, read in one pass (a filter of every
    # cell per challenge cost ~1 ms each).
    members: dict = {}
    for cid, rid, rname in zip(
        cells["challenge_id"], cells["region_id"], cells["region_name"], strict=True
    ):
        members.setdefault(cid, []).append((rid, rname))
    shared_rows = [
        (cname, family, [n for r, n in members[cid] if r != region_id])
        for cid, cname, family in zip(
            own["challenge_id"], own["challenge_name"], own["family"], strict=True
        )
    ]
    shared = pd.DataFrame(shared_rows, columns=["challenge_name", "family", "others"])
    shared = shared.assign(k=shared["others"].map(len)).sort_values(
        ["k", "challenge_name"], ascending=[False, True]
    )
    return Headline(
        region_id,
        name,
        rank,
        rank_min,
        rank_max,
        int(bands["rank"].notna().sum()) if len(bands) else 0,
        group,
        index,
        dims[
            [
                "dimension",
                "region_id",
                "name",
                "composite",
                "benchmark",
                "mine",
                "n",
                "n_total",
            ]
        ],
        _ranked(view.strongest, view.meta),
        _ranked(view.weakest, view.meta).sort_values("rank", ascending=False),
        shared.drop(columns="k"),
        _survey(region_id, summary),
    )


def _survey(region_id: str, summary: pd.DataFrame | None = None) -> dict:
    if summary is None:
        summary = survey_queries.region_survey_summary(region_id)
    if summary.empty:
        return {}
    ok = summary[summary["status"] == "ok"].sort_values("share")
    if ok.empty:
        return {"n_min": 0, "n_max": 0, "synthetic": False}
    dataset = str(summary["dataset"].iloc[0])
    return {
        "n_min": int(ok["n"].min()),
        "n_max": int(ok["n"].max()),
        "synthetic": survey_queries.is_synthetic(dataset),
        "top": ok.iloc[-1][["text", "share", "n"]].to_dict(),
        "bottom": ok.iloc[0][["text", "share", "n"]].to_dict(),
    }


def rank_text(h: Headline) -> str:
    """'3rd of 10, range 1-7' (or why there is no rank)."""
    if h.rank is None:
        return "not ranked overall (too few dimensions with data)"
    text = f"{ordinal(h.rank)} of {h.n_ranked}"
    if h.rank_min is not None and h.rank_min != h.rank_max:
        text += f", range {h.rank_min}-{h.rank_max}"
    return text


def group_text(h: Headline) -> str:
    """'Leader (131% of the benchmark)' (or 'no group')."""
    if h.group and h.index is not None:
        return f"{h.group} ({h.index:.0f}% of the benchmark)"
    return "no group"


def dots_figure(h: Headline):
    """The dimension composites as dots: the region, the other pilots, the benchmark."""
    return headline_dots(
        h.dots,
        region_name=h.name,
        x_title="composite score (min-max: 0 lowest pilot, 1 highest)",
        subtitle="each dimension's composite over the indicators a region has;<br>"
        "black bar: the benchmark (EU27 where it has the indicator, else the pilot average)",
    )


def _indicator_items(frame: pd.DataFrame) -> list:
    return [
        html.Li(
            f"{r.name}: {ordinal(int(r.rank))} of {int(r.n_regions)} "
            f"({figs.fmt_value(r.value)}{figs.DERIVED_MARK if r.is_derived else ''} "
            f"{r.unit}, {int(r.year)})"
        )
        for r in frame.itertuples()
    ]


def headline_section(
    region_id: str,
    name: str,
    view: IndicatorView | None = None,
    summary: pd.DataFrame | None = None,
) -> html.Section:
    """The headline block at the top of the profile (and of the printed brief)."""
    h = headline(region_id, name, view, summary)
    group = group_text(h)
    facts = dbc.Row(
        [
            dbc.Col(
                [
                    html.Div("Overall rank", className="small text-body-secondary"),
                    html.Div(
                        rank_text(h), className="fs-4 fw-bold", id="headline-rank"
                    ),
                ],
                md=4,
            ),
            dbc.Col(
                [
                    html.Div(
                        "Performance group", className="small text-body-secondary"
                    ),
                    html.Div(group, className="fs-4 fw-bold", id="headline-group"),
                ],
                md=4,
            ),
            dbc.Col(
                [
                    html.Div("Stakeholders", className="small text-body-secondary"),
                    html.Div(
                        survey_text(h.survey), id="headline-survey", className="small"
                    ),
                ],
                md=4,
            ),
        ],
        className="mb-2",
    )
    lists = dbc.Row(
        [
            dbc.Col(
                [
                    html.H3("Strengths", className="h6"),
                    html.Ol(_indicator_items(h.strengths), className="small"),
                ],
                lg=4,
            ),
            dbc.Col(
                [
                    html.H3("Weaknesses", className="h6"),
                    html.Ol(_indicator_items(h.weaknesses), className="small"),
                ],
                lg=4,
            ),
            dbc.Col(
                [
                    html.H3("Shared challenges", className="h6"),
                    html.Ul(
                        [
                            html.Li(
                                f"{c.challenge_name}: "
                                + (
                                    ", ".join(c.others)
                                    if c.others
                                    else "no other pilot"
                                )
                            )
                            for c in h.shared.head(6).itertuples()
                        ],
                        className="small",
                    ),
                ],
                lg=4,
            ),
        ]
    )
    return html.Section(
        [
            html.H2(f"{name} at a glance", className="h4"),
            html.Div(
                [
                    dcc.Link(
                        "Compare with its three suggested peers",
                        href=f"/compare?peer={region_id}",
                        className="btn btn-outline-primary btn-sm me-2 no-print",
                    ),
                    # A plain link: the answer is a file (a 503 page when the renderer
                    # is busy, with the way back here).
                    html.A(
                        "Download the brief (PDF, 2 pages)",
                        href=f"/region/{region_id}/brief.pdf",
                        id="headline-brief",
                        className="btn btn-primary btn-sm me-2 no-print",
                    ),
                ],
                className="mb-2",
            ),
            facts,
            dcc.Graph(
                id="headline-dots",
                figure=dots_figure(h),
                config={"displayModeBar": False},
                className="headline-dots",
            ),
            html.P(
                "Rank: overall composite of the EOCIC dimensions among the ten pilots "
                "(latest years, min-max, equal weights); range: the ranks it takes over "
                "both normalisations and other weightings. " + sb.GROUP_RULE_SENTENCE,
                className="small text-body-secondary",
            ),
            lists,
        ],
        id="profile-headline",
        className="profile-headline mb-4",
    )


def survey_text(survey: dict) -> str:
    """The stakeholders' summary in one sentence, with n."""
    if not survey:
        return "No survey data is loaded."
    if "top" not in survey:
        return "No statement has enough answers to show."
    label = " (synthetic demonstration data)" if survey["synthetic"] else ""
    top, bottom = survey["top"], survey["bottom"]
    return (
        f"n = {survey['n_min']}-{survey['n_max']} answers per statement{label}. "
        f"Most agreed: “{top['text']}” {top['share']:.0%} (n = {int(top['n'])}); "
        f"least: “{bottom['text']}” {bottom['share']:.0%} (n = {int(bottom['n'])})."
    )
