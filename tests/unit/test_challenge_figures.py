"""Figure builders of the challenge view: small frames in, exact figure properties out."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.analytics import similarity
from dashboard.figures import challenges as figs

CHALLENGES = pd.DataFrame(
    {
        "challenge_id": ["j1", "j2", "m1"],
        "name": ["Joint one", "Joint two <b>", "Megatrend one"],
        "family": ["joint", "joint", "megatrend"],
        "source_ref": ["slide", "slide", "report"],
        "note": ["", "", 'Text says "seven" but lists eight'],
    }
)
CELLS = pd.DataFrame(
    {
        "region_id": ["A", "B", "A", "C"],
        "challenge_id": ["j1", "j1", "m1", "j2"],
        "family": ["joint", "joint", "megatrend", "joint"],
        "evidence": ["A faces j1.", "B faces j1.", "A & co face m1.", "C faces j2."],
        "source_ref": ["slide", "slide", "report, Ch. 3", "slide"],
    }
)
NAMES = {"A": "Alpha", "B": "Beta & Co", "C": "Gamma"}


@pytest.fixture()
def matrix():
    return figs.challenge_matrix(
        CELLS,
        challenges=CHALLENGES,
        region_order=["A", "B", "C"],
        challenge_order=["j1", "j2", "m1"],
        region_names=NAMES,
        highlight_region="B",
    )


def test_chf001_one_dot_per_stated_pair_by_family(matrix):
    absent, joint, megatrend = matrix.data
    assert absent.hoverinfo == "skip"
    assert len(absent.x) == 3 * 3 - 4
    assert [tuple(c) for c in joint.customdata] == [
        ("A", "j1"),
        ("B", "j1"),
        ("C", "j2"),
    ]
    assert [tuple(c) for c in megatrend.customdata] == [("A", "m1")]
    # Colour and shape both tell the families apart.
    assert joint.marker.symbol == "square" and megatrend.marker.symbol == "circle"
    assert joint.marker.color != megatrend.marker.color


def test_chf002_hover_carries_evidence_and_source_escaped(matrix):
    hover = matrix.data[2].hovertext[0]
    assert "A &amp; co face m1." in hover
    assert "Source: report, Ch. 3" in hover
    assert "<b>Alpha</b>" in hover


def test_chf003_families_grouped_with_headers_counts_and_caveat_marks(matrix):
    ticks = dict(
        zip(matrix.layout.yaxis.tickvals, matrix.layout.yaxis.ticktext, strict=True)
    )
    ordered = [ticks[v] for v in sorted(ticks)]
    assert "JOINT CHALLENGES" in ordered[0]
    assert ordered[1] == "Joint one" and ordered[2] == "Joint two &lt;b&gt;"
    assert "MEGATRENDS" in ordered[3]
    assert ordered[4] == "Megatrend one " + figs.CAVEAT_MARK
    assert "named for the region" in ordered[5]
    # The megatrend block sits below the joint block with a gap.
    ypos = dict(
        zip(
            ["j1", "j2", "m1"],
            sorted(v for v, t in ticks.items() if not t.startswith("<b>")),
            strict=True,
        )
    )
    assert ypos["m1"] - ypos["j2"] > 2
    counts = {
        a.y: a.text
        for a in matrix.layout.annotations
        if a.x == 3 - 0.2 and a.text.startswith("<b>")
    }
    assert counts == {
        ypos["j1"]: "<b>2</b>",
        ypos["j2"]: "<b>1</b>",
        ypos["m1"]: "<b>1</b>",
    }
    per_region = [a.text for a in matrix.layout.annotations if a.x in (0, 1, 2)]
    assert per_region == ["<b>2</b>", "<b>1</b>", "<b>1</b>"]


def test_chf004_region_columns_and_highlight(matrix):
    assert list(matrix.layout.xaxis.ticktext) == ["Alpha", "Beta &amp; Co", "Gamma"]
    assert matrix.layout.xaxis.side == "top"
    rects = [s for s in matrix.layout.shapes if s.type == "rect"]
    assert len(rects) == 1 and rects[0].x0 == pytest.approx(0.55)


def test_chf005_family_filter_leaves_one_block():
    fig = figs.challenge_matrix(
        CELLS[CELLS["family"] == "joint"],
        challenges=CHALLENGES[CHALLENGES["family"] == "joint"],
        region_order=["A", "B", "C"],
        challenge_order=["j1", "j2"],
        region_names=NAMES,
    )
    headers = [t for t in fig.layout.yaxis.ticktext if "CHALLENGES (" in t]
    assert len(headers) == 1 and "JOINT" in headers[0]
    assert fig.data[2].showlegend is False  # no megatrend dots, no legend entry
    assert not [s for s in fig.layout.shapes if s.type == "rect"]


def test_chf006_similarity_heatmap_values_and_blank_diagonal():
    sets = similarity.challenge_sets(CELLS, keys=["A", "B", "C"])
    sim = similarity.similarity_matrix(sets)
    fig = figs.similarity_heatmap(
        sim, pairs=similarity.pair_table(sets), region_names=NAMES, highlight_region="A"
    )
    heat = fig.data[0]
    assert list(heat.x) == ["Alpha", "Beta & Co", "Gamma"]
    assert heat.z[0][0] is None and heat.text[0][0] == ""
    # A {j1, m1} vs B {j1}: 1 shared of 2 -> 0.50.
    assert heat.z[0][1] == pytest.approx(0.5) and heat.text[0][1] == "0.50"
    assert list(heat.customdata[0][1]) == ["1", "2"]
    assert heat.zmin == 0 and heat.zmax == 1
    assert len(fig.layout.shapes) == 2


def test_chf007_peer_bars_state_jaccard_and_counts():
    sets = similarity.challenge_sets(CELLS, keys=["A", "B", "C"])
    fig = figs.peer_bars(similarity.peers(sets, "A"), region_names=NAMES, region_id="A")
    bar = fig.data[0]
    assert list(bar.y) == ["Beta & Co", "Gamma"]
    assert list(bar.text) == ["0.50 (1 of 2)", "0.00 (0 of 3)"]
    assert "Jaccard" in fig.layout.xaxis.title.text


def test_chf008_wrap_escapes_and_truncates():
    assert figs.wrap("a <b> c", 80) == "a &lt;b&gt; c"
    wrapped = figs.wrap("one two three four five six", 9, max_lines=2)
    assert wrapped.count("<br>") == 1 and wrapped.endswith("…")
    assert (
        figs.wrap("research & innovation infrastructure", 12, max_lines=1)
        == "research…"
    )
    assert "&amp…" not in figs.wrap("access of research & innovation", 22, max_lines=1)


def test_chf009_challenge_figures_are_valid_plotly(matrix):
    """Built without plotly's validation for speed: the validating constructor takes
    each figure unchanged (it raises on any property plotly does not know)."""
    import plotly.graph_objects as go

    sets = similarity.challenge_sets(CELLS, keys=["A", "B", "C"])
    sim = similarity.similarity_matrix(sets)
    heat = figs.similarity_heatmap(
        sim, pairs=similarity.pair_table(sets), region_names=NAMES
    )
    bars = figs.peer_bars(
        similarity.peers(sets, "A"), region_names=NAMES, region_id="A"
    )
    for fig in (matrix, heat, bars):
        checked = go.Figure(fig.to_plotly_json())
        assert len(checked.data) == len(fig.data)
    # the matrix's region names along the top, the similarity scale light to dark
    assert go.Figure(matrix.to_plotly_json()).layout.xaxis.side == "top"
    scale = go.Figure(heat.to_plotly_json()).data[0].colorscale
    assert scale[0][1] == "rgb(247,251,255)" and scale[-1][1] == "rgb(8,48,107)"
