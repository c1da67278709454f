"""Present's view model: the sequence with added views, deck edits, type for the screen."""

from __future__ import annotations

import plotly.graph_objects as go

A = {"card": "sco-ranking", "search": "?norm=zscore"}
B = {"card": "chl-peers", "search": "?region=PIE"}
C = {"card": "ovw-map", "search": ""}


def test_vpr001_added_views_follow_the_prepared_steps_in_deck_order():
    from dashboard.export.sequence import SLIDES
    from dashboard.views import present

    steps = present.sequence([A, B])
    assert len(steps) == len(SLIDES) + 2
    assert [s.added for s in steps[-2:]] == [0, 1]
    assert steps[-2].slide.card_id == "sco-ranking"
    assert steps[-2].search == "?norm=zscore"
    assert all(s.added is None for s in steps[: len(SLIDES)])


def test_vpr002_a_view_moves_one_place_and_not_past_either_end():
    from dashboard.views.present import move, remove

    assert move([A, B, C], 1, -1) == ([B, A, C], 0)
    assert move([A, B, C], 1, 1) == ([A, C, B], 2)
    assert move([A, B, C], 0, -1) == ([A, B, C], 0)  # already first
    assert move([A, B, C], 2, 1) == ([A, B, C], 2)  # already last
    assert remove([A, B, C], 1) == [A, C]
    assert remove([A, B, C], 7) == [A, B, C]


def test_vpr003_chart_type_grows_with_the_screen_and_never_below_the_minimum():
    from dashboard.views.present import for_screen, type_sizes

    # the sizes stated in the README: 18/16 px on laptops, 22/20 at 1920, 28/26 at 2560
    assert type_sizes(1366) == (18, 16)
    assert type_sizes(1440) == (18, 16)
    assert type_sizes(1920) == (22, 20)
    assert type_sizes(2560) == (28, 26)
    assert type_sizes("wide") == (18, 16)  # untrusted input: the laptop sizes
    fig = go.Figure(go.Bar(x=[1, 2], y=["a", "b"], orientation="h"))
    fig.update_layout(height=300, font={"size": 11}, yaxis={"tickfont": {"size": 9}})
    fig.add_annotation(text="note", font={"size": 10}, x=1, y="a")
    big = for_screen(fig, 1920)
    assert big.layout.font.size == 22
    assert big.layout.yaxis.tickfont.size == 20
    assert big.layout.annotations[0].font.size == 20
    assert big.layout.height is None  # the slide's box sets it
    assert big.layout.legend.orientation == "h"  # legend under the chart
    assert fig.layout.font.size == 11  # the original is not changed
