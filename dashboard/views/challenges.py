"""Challenges: the view for one URL state (the matrix's order and family, the chosen
region's peers), its figures, export payloads and the evidence, counts, caveats and
peer tables the page lays out.
"""

from __future__ import annotations

import logging
from typing import NamedTuple

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from dashboard.analytics import challenges as challenge_analytics
from dashboard.analytics import similarity
from dashboard.components.data_table import compact_table
from dashboard.export.files import ChartPayload
from dashboard.figures import challenges as challenge_figures
from dashboard.queries import challenges as challenge_queries
from dashboard.queries import regions as region_queries

log = logging.getLogger(__name__)

MATRIX_NOTE = (
    "Sources: EC DG GROW slides (4 Dec 2019), 'Joint challenges' for the joint "
    "challenges; EOCIC summary report (2019), Ch. 3 and the text around Fig. 7 "
    "for the megatrends and specific challenges. A dot means the "
    "source names the region for the challenge; a grey point means it does not name it, "
    "which is not the same as the region not facing it. Hover or click a dot for the "
    "evidence sentence and its source. † marks a challenge with a source caveat (listed "
    "below the matrix)."
)
SOURCE = (
    "EC DG GROW slides (4 Dec 2019), 'Joint challenges'; "
    "EOCIC summary report (2019), Ch. 3, Fig. 7"
)
JACCARD_DEFINITION = (
    "Jaccard similarity = challenges both regions share / challenges named for either"
)
JACCARD_NOTE = (
    "Jaccard similarity = challenges both regions share ÷ challenges named for either of "
    "them (0 = nothing shared, 1 = identical sets). It is computed over the challenges "
    "shown (family filter above) as the sources name them; challenges neither region "
    "has do not count. Similar challenges are a starting point for a partnership "
    "conversation, not proof that two regions need the same measures."
)


def region_table() -> pd.DataFrame:
    """The pilot regions' ids and names."""
    return region_queries.regions()[["region_id", "name"]]


def region_ids() -> set[str]:
    """The ``region`` allowlist."""
    return set(region_table()["region_id"])


class ChallengeView(NamedTuple):
    """Everything the page and its exports show for one URL state."""

    # NOTE: a NamedTuple, not a dataclass: Dash Pages executes page modules without
    # registering them in sys.modules, which dataclasses need to resolve annotations.

    state: dict
    names: dict[str, str]
    challenges: pd.DataFrame
    cells: pd.DataFrame
    region_order: list[str]
    challenge_order: list[str]
    counts: pd.DataFrame
    sets: dict[str, frozenset[str]]

    @property
    def chosen(self) -> str:
        return self.names.get(self.state["region"], self.state["region"])

    @property
    def challenge_names(self) -> dict[str, str]:
        return dict(
            zip(self.challenges["challenge_id"], self.challenges["name"], strict=True)
        )

    @property
    def filters(self) -> str:
        return (
            f"Challenges: {challenge_analytics.FAMILY_FILTERS[self.state['family']]}; "
            f"order: {challenge_analytics.ORDERINGS[self.state['order']]}; "
            f"region: {self.chosen}"
        )


def build_view(state: dict) -> ChallengeView:
    """Query, filter and order everything for a validated state (region "" = first)."""
    regions = region_table()
    names = dict(zip(regions["region_id"], regions["name"], strict=True))
    state = dict(state)
    if state["region"] not in names:
        first = regions.sort_values("name")["region_id"]
        state["region"] = first.iloc[0] if len(first) else ""
    challenges = challenge_analytics.filter_family(
        challenge_queries.challenges(), state["family"]
    )
    cells = challenge_analytics.filter_family(
        challenge_queries.challenge_cells(), state["family"]
    )
    cells = cells[cells["region_id"].isin(names)]
    region_order, challenge_order = challenge_analytics.matrix_order(
        cells,
        challenges,
        regions,
        ordering=state["order"],
        focus_region=state["region"],
    )
    counts = challenge_analytics.challenge_counts(cells, challenges, region_order)
    counts = counts.set_index("challenge_id").loc[challenge_order].reset_index()
    return ChallengeView(
        state=state,
        names=names,
        challenges=challenges,
        cells=cells,
        region_order=region_order,
        challenge_order=challenge_order,
        counts=counts,
        sets=similarity.challenge_sets(cells, keys=region_order),
    )


def matrix_figure(view: ChallengeView, *, label_lines: int = 2) -> go.Figure:
    return challenge_figures.challenge_matrix(
        view.cells,
        challenges=view.challenges,
        region_order=view.region_order,
        challenge_order=view.challenge_order,
        region_names=view.names,
        highlight_region=view.state["region"],
        label_lines=label_lines,
    )


def similarity_figure(view: ChallengeView) -> go.Figure:
    return challenge_figures.similarity_heatmap(
        similarity.similarity_matrix(view.sets, order=view.region_order),
        pairs=similarity.pair_table(view.sets, order=view.region_order),
        region_names=view.names,
        highlight_region=view.state["region"],
    )


def matrix_payload(state: dict) -> ChartPayload:
    """The matrix and its data: one row per stated pair, with evidence and count."""
    view = build_view(state)
    data = view.cells.merge(
        view.counts[["challenge_id", "n_regions"]], on="challenge_id", how="left"
    )
    data = data[
        [
            "challenge_id",
            "challenge_name",
            "family",
            "n_regions",
            "region_id",
            "region_name",
            "evidence",
            "source_ref",
            "note",
        ]
    ]
    data = data.rename(columns={"n_regions": "regions_sharing", "note": "caveat"})
    return ChartPayload(
        # NOTE: one-line labels: image exports have a fixed height (1200 x 700).
        figure=matrix_figure(view, label_lines=1),
        data=data.reset_index(drop=True),
        title="Regions × challenges",
        source=SOURCE,
        filters=view.filters,
        definitions="A row is a region the source names for a challenge.",
    )


def peers_payload(state: dict) -> ChartPayload:
    """The peer bars and the peer table of the chosen region."""
    view = build_view(state)
    peers = similarity.peers(view.sets, view.state["region"])
    names = view.challenge_names
    data = pd.DataFrame(
        {
            "region_id": peers["region_id"],
            "region_name": peers["region_id"].map(view.names),
            "jaccard": peers["jaccard"].round(4),
            "shared": peers["n_shared"],
            "named_for_either": peers["n_union"],
            "shared_challenges": peers["shared"].map(
                lambda c: "; ".join(names[i] for i in c)
            ),
        }
    )
    return ChartPayload(
        figure=challenge_figures.peer_bars(
            peers, region_names=view.names, region_id=view.state["region"]
        ),
        data=data,
        title=f"Jaccard similarity to {view.chosen}",
        source=SOURCE,
        filters=view.filters,
        definitions=JACCARD_DEFINITION,
    )


def similarity_payload(state: dict) -> ChartPayload:
    """The similarity heatmap and every pair's counts."""
    view = build_view(state)
    pairs = similarity.pair_table(view.sets, order=view.region_order)
    data = pairs.drop(columns="shared").assign(jaccard=lambda f: f["jaccard"].round(4))
    return ChartPayload(
        figure=similarity_figure(view),
        data=data,
        title="Similarity of the ten regions by their challenges",
        source=SOURCE,
        filters=view.filters,
        definitions=JACCARD_DEFINITION,
    )


def detail_placeholder() -> list:
    return [
        html.P(
            "Click a dot in the matrix to see the sentence of the source that names the "
            "region for the challenge, the source reference and any caveat.",
            className="mb-0",
        )
    ]


def detail(cell: pd.Series, region_name: str) -> list:
    family = challenge_analytics.FAMILY_LABELS.get(cell["family"], cell["family"])
    children = [
        html.H3(region_name, className="h6 mb-1", id="chl-detail-region"),
        html.P(
            html.Strong(cell["challenge_name"]),
            className="mb-1",
            id="chl-detail-challenge",
        ),
        html.P(family, className="small text-body-secondary"),
        html.Blockquote(
            html.P(cell["evidence"], className="mb-0", id="chl-detail-evidence"),
            className="blockquote fs-6 border-start border-3 ps-2",
        ),
        html.P(
            ["Source: ", html.Span(cell["source_ref"], id="chl-detail-source")],
            className="small mb-2",
        ),
    ]
    if cell["note"]:
        children.append(
            dbc.Alert(
                [html.Strong("Source caveat: "), cell["note"]],
                color="warning",
                class_name="small py-2 mb-0",
            )
        )
    return children


def counts_table(counts: pd.DataFrame, names: dict[str, str]) -> dbc.Table:
    header = html.Thead(
        html.Tr(
            [
                html.Th("Challenge", scope="col"),
                html.Th("Family", scope="col"),
                html.Th("Regions", scope="col", className="text-end"),
                html.Th("Regions named in the source", scope="col"),
                html.Th("Source", scope="col"),
            ]
        )
    )
    rows = []
    for row in counts.itertuples():
        mark = f" {challenge_figures.CAVEAT_MARK}" if row.note else ""
        rows.append(
            html.Tr(
                [
                    html.Td(row.name + mark),
                    html.Td(
                        "joint" if row.family == "joint" else "megatrend / specific"
                    ),
                    html.Td(
                        str(row.n_regions),
                        className="text-end fw-semibold",
                        id=f"chl-count-{row.challenge_id}",
                    ),
                    html.Td(", ".join(names.get(r, r) for r in row.regions)),
                    html.Td(row.source_ref, className="small text-body-secondary"),
                ],
                id=f"chl-count-row-{row.challenge_id}",
            )
        )
    return compact_table(
        [header, html.Tbody(rows)], table_id="chl-counts-table", striped=True
    )


def caveats(counts: pd.DataFrame) -> html.Div:
    items = [
        html.Li(
            [html.Strong(row.name), f" {challenge_figures.CAVEAT_MARK} ", row.note],
            id=f"chl-caveat-{row.challenge_id}",
        )
        for row in counts.itertuples()
        if row.note
    ]
    if not items:
        return html.P("No source caveat for the challenges shown.", id="chl-caveats")
    return html.Ul(items, id="chl-caveats", className="small")


def peer_table(
    peers: pd.DataFrame, names: dict[str, str], challenge_names: dict[str, str]
) -> dbc.Table:
    header = html.Thead(
        html.Tr(
            [
                html.Th("#", scope="col"),
                html.Th("Region", scope="col"),
                html.Th("Jaccard", scope="col", className="text-end"),
                html.Th("Shared / named for either", scope="col", className="text-end"),
                html.Th("Challenges they share", scope="col"),
            ]
        )
    )
    rows = []
    for rank, row in enumerate(peers.itertuples(), start=1):
        shared = sorted(challenge_names.get(c, c) for c in row.shared)
        rows.append(
            html.Tr(
                [
                    html.Td(str(rank)),
                    html.Td(
                        dcc.Link(
                            names.get(row.region_id, row.region_id),
                            href=f"/region/{row.region_id}",
                        )
                    ),
                    html.Td(
                        f"{row.jaccard:.2f}",
                        className="text-end fw-semibold",
                        id=f"chl-peer-jaccard-{row.region_id}",
                    ),
                    html.Td(f"{row.n_shared} / {row.n_union}", className="text-end"),
                    html.Td(
                        html.Ul([html.Li(s) for s in shared], className="mb-0 ps-3")
                        if shared
                        else "none"
                    ),
                ],
                id=f"chl-peer-row-{row.region_id}",
                className="table-primary" if rank <= 3 and row.n_shared else None,
            )
        )
    return compact_table([header, html.Tbody(rows)], table_id="chl-peers-table")
