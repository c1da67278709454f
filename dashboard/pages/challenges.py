"""Challenges: which regions share which challenges, and which regions are most alike.

The regions x challenges matrix (joint challenges and megatrends grouped), the evidence
sentence and source of every cell, the number of regions per challenge with the
sources' caveats, a peer finder (Jaccard similarity of challenge sets) and the
similarity matrix of the ten regions. State (region, ordering, family) is in the URL.
"""

from __future__ import annotations

import logging
from typing import NamedTuple

import dash
import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, callback, dcc, html
from dash.exceptions import PreventUpdate

from dashboard.analytics import challenges as challenge_analytics
from dashboard.analytics import similarity
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
from dashboard.figures import challenges as challenge_figures
from dashboard.queries import challenges as challenge_queries
from dashboard.queries import regions as region_queries

log = logging.getLogger(__name__)

dash.register_page(
    __name__,
    path="/challenges",
    name="Challenges",
    order=4,
    title="Challenges · Regional Ecosystem Scoreboard",
)

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


def _regions() -> pd.DataFrame:
    return region_queries.regions()[["region_id", "name"]]


def _region_ids() -> set[str]:
    return set(_regions()["region_id"])


# NOTE: the region allowlist is read from the database per request (a callable), so a
# rebuilt warehouse needs no code change; "" stands for "the first region by name".
PARAMS = (
    Param("region", "", allowed=_region_ids),
    Param("order", "shared", allowed=set(challenge_analytics.ORDERINGS)),
    Param("family", "all", allowed=set(challenge_analytics.FAMILY_FILTERS)),
)


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
    regions = _regions()
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


register_chart("chl-matrix", PARAMS, matrix_payload)
register_chart("chl-peers", PARAMS, peers_payload)
register_chart("chl-similarity", PARAMS, similarity_payload)


def _radio(
    control_id: str, label: str, options: dict[str, str], value: str
) -> html.Div:
    return html.Div(
        [
            html.Label(
                label, htmlFor=control_id, className="form-label fw-semibold mb-1"
            ),
            dbc.RadioItems(
                id=control_id,
                options=[{"label": v, "value": k} for k, v in options.items()],
                value=value,
                inline=False,
            ),
        ]
    )


def _controls(state: dict, regions: pd.DataFrame) -> dbc.Card:
    options = [
        {"label": r.name, "value": r.region_id}
        for r in regions.sort_values("name").itertuples()
    ]
    return dbc.Card(
        dbc.CardBody(
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.Label(
                                "Region",
                                htmlFor="chl-region",
                                className="form-label fw-semibold mb-1",
                            ),
                            dcc.Dropdown(
                                id="chl-region",
                                options=options,
                                value=state["region"],
                                clearable=False,
                                searchable=False,
                            ),
                            html.Small(
                                "Shaded in the matrix; its peers are listed below.",
                                className="text-body-secondary",
                            ),
                        ],
                        md=4,
                    ),
                    dbc.Col(
                        _radio(
                            "chl-order",
                            "Order rows and columns",
                            challenge_analytics.ORDERINGS,
                            state["order"],
                        ),
                        md=4,
                    ),
                    dbc.Col(
                        _radio(
                            "chl-family",
                            "Challenges shown",
                            challenge_analytics.FAMILY_FILTERS,
                            state["family"],
                        ),
                        md=4,
                    ),
                ],
                class_name="g-3",
            )
        ),
        class_name="mb-3",
    )


def _detail_placeholder() -> list:
    return [
        html.P(
            "Click a dot in the matrix to see the sentence of the source that names the "
            "region for the challenge, the source reference and any caveat.",
            className="mb-0",
        )
    ]


def _detail(cell: pd.Series, region_name: str) -> list:
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


def _counts_table(counts: pd.DataFrame, names: dict[str, str]) -> dbc.Table:
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
    return dbc.Table(
        [header, html.Tbody(rows)],
        id="chl-counts-table",
        striped=True,
        size="sm",
        responsive=True,
        class_name="small",
    )


def _caveats(counts: pd.DataFrame) -> html.Div:
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


def _peer_table(
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
    return dbc.Table(
        [header, html.Tbody(rows)],
        id="chl-peers-table",
        size="sm",
        responsive=True,
        class_name="small",
    )


@guarded
@cached_layout("challenges", PARAMS)
def layout(**query: str) -> html.Div:
    """The challenge view, rebuilt from the validated URL state."""
    state, ignored = parse_query(query, PARAMS)
    view = build_view(state)
    state, names, regions = view.state, view.names, _regions()
    region_order, challenge_order = view.region_order, view.challenge_order
    cells, counts, sets = view.cells, view.counts, view.sets
    challenge_names = view.challenge_names
    peers = similarity.peers(sets, state["region"])
    chosen = view.chosen
    top = peers.iloc[0] if len(peers) else None
    ordering_label = challenge_analytics.ORDERINGS[state["order"]].lower()
    family_label = challenge_analytics.FAMILY_FILTERS[state["family"]].lower()

    return html.Div(
        [
            # NOTE: "callback-nav" (not False): only then does dcc.Location announce
            # the new address to Dash Pages, which re-renders the page from it.
            dcc.Location(id="chl-url", refresh="callback-nav"),
            page_header(
                "Challenges",
                "Which regions share which challenges, as the EOCIC report and slides name "
                "them, and which regions are most alike: partnership candidates.",
            ),
            ignored_notice(ignored),
            _controls(state, regions),
            dbc.Row(
                [
                    dbc.Col(
                        chart_card(
                            "chl-matrix",
                            "Regions × challenges",
                            matrix_figure(view),
                            exportable=True,
                            note=MATRIX_NOTE,
                            summary=(
                                f"Dot matrix of {len(challenge_order)} challenges (rows, "
                                f"{family_label}) by {len(region_order)} regions (columns), "
                                f"ordered {ordering_label}; {len(cells)} region-challenge "
                                "pairs are named in the sources."
                            ),
                        ),
                        xl=8,
                    ),
                    dbc.Col(
                        dbc.Card(
                            [
                                dbc.CardHeader(
                                    html.H2("Evidence", className="h5 mb-0")
                                ),
                                dbc.CardBody(_detail_placeholder(), id="chl-detail"),
                            ],
                            class_name="mb-4 chl-detail-card",
                            style={"position": "sticky", "top": "1rem"},
                        ),
                        xl=4,
                    ),
                ]
            ),
            html.H2("How many regions share each challenge", className="h4"),
            html.P(
                "Counts are the regions the source names; the report's Figure 7 itself is an "
                "image, so the lists come from the text around it.",
                className="small text-body-secondary",
            ),
            _counts_table(counts, names),
            html.H2("Source caveats", className="h4 mt-3", id="chl-caveats-heading"),
            _caveats(counts),
            html.H2(
                f"Peer finder: regions most alike {chosen}",
                className="h4 mt-4",
                id="chl-peers-heading",
            ),
            html.P(
                [
                    f"{chosen} has {len(sets.get(state['region'], ()))} of the "
                    f"{len(challenge_order)} challenges shown. ",
                    f"Most alike: {names.get(top['region_id'], '')} (Jaccard "
                    f"{top['jaccard']:.2f}, {top['n_shared']} shared of {top['n_union']})."
                    if top is not None and top["n_shared"]
                    else "No other region shares any of them.",
                ],
                id="chl-peers-lead",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        chart_card(
                            "chl-peers",
                            f"Jaccard similarity to {chosen}",
                            challenge_figures.peer_bars(
                                peers, region_names=names, region_id=state["region"]
                            ),
                            exportable=True,
                            note=JACCARD_NOTE,
                            summary=f"Bars of the Jaccard similarity of each region to {chosen}.",
                        ),
                        lg=5,
                    ),
                    dbc.Col(_peer_table(peers, names, challenge_names), lg=7),
                ]
            ),
            chart_card(
                "chl-similarity",
                "Similarity of the ten regions by their challenges",
                similarity_figure(view),
                exportable=True,
                note=JACCARD_NOTE
                + " Regions are in the matrix's order; with 'By similarity' "
                "alike regions sit next to each other (average-linkage clustering).",
                summary="Heatmap of pairwise Jaccard similarity between the regions.",
            ),
        ]
    )


@callback(
    Output("chl-url", "search"),
    Input("chl-region", "value"),
    Input("chl-order", "value"),
    Input("chl-family", "value"),
    prevent_initial_call=True,
)
def sync_url(region: object, order: object, family: object) -> str:
    """Write the controls into the address (the page re-renders from it)."""
    state = {}
    for param, value in zip(PARAMS, (region, order, family), strict=True):
        checked, ok = param.parse(value)
        state[param.name] = checked if ok else param.default
    return encode_query(state, PARAMS)


@callback(
    Output("chl-detail", "children"),
    Input("chl-matrix-graph", "clickData"),
    prevent_initial_call=True,
)
def show_evidence(click: object) -> list:
    """The evidence sentence, source and caveat of the clicked cell."""
    try:
        region_id, challenge_id = click["points"][0]["customdata"][:2]
    except (TypeError, KeyError, IndexError, ValueError):
        raise PreventUpdate from None
    if not isinstance(region_id, str) or not isinstance(challenge_id, str):
        raise PreventUpdate
    cells = challenge_queries.challenge_cells()
    match = cells[
        (cells["region_id"] == region_id) & (cells["challenge_id"] == challenge_id)
    ]
    if match.empty:
        log.info(
            "evidence requested for an unknown cell %r/%r", region_id, challenge_id
        )
        return _detail_placeholder()
    cell = match.iloc[0]
    return _detail(cell, cell["region_name"])
