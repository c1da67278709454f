"""Likert analytics: exact statistics on hand-computed frames, and small-cell protection
that cannot be undone by differencing views (checked exhaustively by linear algebra)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from dashboard.analytics import likert
from dashboard.figures import likert as figures


def atoms_frame(
    grid: dict[tuple[str, str], tuple[int, ...]], sid: str = "K1"
) -> pd.DataFrame:
    """Atoms from {(region, type): (n_1, n_2, n_3, n_4, n_5, n_dk)}."""
    rows = [
        {
            "statement_id": sid,
            "region_id": r,
            "stakeholder_type_id": t,
            **dict(zip((*likert.COUNT_COLUMNS, "n_dk"), counts, strict=True)),
        }
        for (r, t), counts in grid.items()
    ]
    return pd.DataFrame(rows)


def sized(n: int, agree: int = 0, dk: int = 0) -> tuple[int, ...]:
    """n substantive answers of which ``agree`` are 4 (the rest 2), plus dk."""
    return (0, n - agree, 0, agree, 0, dk)


# --- Exact statistics ------------------------------------------------------------


def test_lik001_wilson_interval_matches_hand_computation():
    low, high = likert.wilson_interval(8, 10)
    assert low == pytest.approx(0.490162, abs=1e-6)
    assert high == pytest.approx(0.943318, abs=1e-6)
    low, high = likert.wilson_interval(0, 10)
    assert low == 0.0 and high == pytest.approx(0.277533, abs=1e-6)
    assert likert.wilson_interval(10, 10)[1] == pytest.approx(1.0)
    assert all(math.isnan(v) for v in likert.wilson_interval(0, 0))


def test_lik002_two_proportion_test_matches_hand_computation():
    # 30/50 vs 20/50: pooled 0.5, se = sqrt(0.25 * 0.04) = 0.1, z = 0.1 / 0.1 = 2.
    z, p = likert.two_proportion_test(30, 50, 20, 50)
    assert z == pytest.approx(2.0)
    assert p == pytest.approx(0.0455003, abs=1e-6)
    assert all(math.isnan(v) for v in likert.two_proportion_test(0, 10, 0, 10))
    assert all(math.isnan(v) for v in likert.two_proportion_test(1, 0, 3, 10))


def test_lik003_share_agreeing_excludes_dont_know():
    frame = atoms_frame({("CAN", "company"): (1, 2, 3, 4, 5, 2)})
    out = likert.breakdown(frame, by="region")
    row = out.iloc[0]
    assert (row["n"], row["n_dk"], row["agree"]) == (15, 2, 9)
    assert row["share"] == pytest.approx(9 / 15)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(
        likert.wilson_interval(9, 15)
    )
    assert row["status"] == "ok"
    assert likert.percentages(row)["n_dk"] == pytest.approx(100 * 2 / 17)


def test_lik004_flag_when_one_region_differs_from_all_others_combined():
    frame = atoms_frame(
        {
            ("AAA", "company"): sized(20, agree=18),
            ("BBB", "company"): sized(20, agree=5),
            ("CCC", "company"): sized(20, agree=6),
        }
    )
    out = likert.breakdown(frame, by="region").set_index("group_id")
    # AAA 18/20 vs 11/40: pooled 29/60.
    z, p = likert.two_proportion_test(18, 20, 11, 40)
    assert out.loc["AAA", "p_value"] == pytest.approx(p)
    assert out.loc["AAA", "flag"] == 1
    assert out.loc["BBB", "flag"] == -1
    similar = atoms_frame(
        {(r, "company"): sized(20, agree=10) for r in ("A", "B", "C")}
    )
    assert likert.breakdown(similar, by="region")["flag"].tolist() == [0, 0, 0]


# --- Suppression -----------------------------------------------------------------

# CAN: company 10, investor 2, research 8; SAX: company 12, investor 6, research 9.
HAND_GRID = {
    ("CAN", "company"): sized(10, 4),
    ("CAN", "investor"): sized(2, 1),
    ("CAN", "research"): sized(8, 3),
    ("SAX", "company"): sized(12, 6),
    ("SAX", "investor"): sized(6, 2),
    ("SAX", "research"): sized(9, 5),
}


def test_lik005_primary_and_secondary_suppression_pattern():
    pattern = likert.protect(atoms_frame(HAND_GRID))["K1"]
    assert pattern.primary == {("CAN", "investor")}
    # Row CAN needs a partner (research, the next smallest); column investor needs
    # SAX; column research then needs SAX: a 4-cycle, no atom pinned by the totals.
    assert pattern.suppressed == {
        ("CAN", "investor"),
        ("CAN", "research"),
        ("SAX", "investor"),
        ("SAX", "research"),
    }
    assert not pattern.withheld and not pattern.excluded


def test_lik006_region_total_minus_other_types_does_not_reveal_a_suppressed_cell():
    frame = atoms_frame(HAND_GRID)
    by_type = likert.breakdown(frame, by="stakeholder_type", within=["CAN"]).set_index(
        "group_id"
    )
    assert by_type.loc["company", "status"] == "ok"
    assert by_type.loc["investor", "status"] == "suppressed"
    assert by_type.loc["research", "status"] == "suppressed"
    assert by_type.loc["investor", ["n", "n_dk", "agree"]].isna().all()
    total = likert.breakdown(frame, by="region", groups=["CAN"]).iloc[0]
    assert total["status"] == "ok" and total["n"] == 20
    # Total minus every published type = investor + research together (10), never 2.
    published = by_type.loc[by_type["status"] == "ok", "n"].sum()
    assert total["n"] - published == 10
    # "All types except investors" would isolate it: that cell is suppressed too.
    without = likert.breakdown(frame, by="region", within=["company", "research"])
    assert set(without["status"]) == {"suppressed"}
    only_company = likert.breakdown(frame, by="region", within=["company"])
    assert only_company["n"].tolist() == [10, 12]


def _published_vectors(frame: pd.DataFrame, atoms: list[tuple[str, str]]) -> np.ndarray:
    """Every number any view can show, as indicator vectors over the atoms."""
    index = {a: i for i, a in enumerate(atoms)}
    regions = sorted({a[0] for a in atoms})
    types = sorted({a[1] for a in atoms})
    sizes = {
        (r.region_id, r.stakeholder_type_id): r.n_1
        + r.n_2
        + r.n_3
        + r.n_4
        + r.n_5
        + r.n_dk
        for r in frame.itertuples()
    }
    pattern = likert.protect(frame)["K1"]
    vectors = []
    for by, others in (
        ("region", types),
        ("stakeholder_type", regions),
    ):
        for k in range(1, len(others) + 1):
            for within in itertools.combinations(others, k):
                out = likert.breakdown(frame, by=by, within=list(within))
                for row in out[out["status"] == "ok"].itertuples():
                    members = [
                        (row.group_id, o) if by == "region" else (o, row.group_id)
                        for o in within
                    ]
                    members = [
                        m for m in members if m in index and m not in pattern.excluded
                    ]
                    # The published n is exactly the sum of these atoms.
                    assert row.n + row.n_dk == sum(sizes[m] for m in members)
                    vector = np.zeros(len(atoms))
                    vector[[index[m] for m in members]] = 1
                    vectors.append(vector)
    pooled = likert.pooled(frame).iloc[0]
    if pooled["status"] == "ok":
        vector = np.array([0.0 if a in pattern.excluded else 1.0 for a in atoms])
        assert pooled["n"] + pooled["n_dk"] == sum(
            sizes[a] for a in atoms if a not in pattern.excluded
        )
        vectors.append(vector)
    return np.array(vectors) if vectors else np.zeros((0, len(atoms)))


def _recoverable(vectors: np.ndarray, i: int) -> bool:
    """Whether atom i is a linear combination of published numbers (by differencing)."""
    if len(vectors) == 0:
        return False
    unit = np.zeros(vectors.shape[1])
    unit[i] = 1
    return np.linalg.matrix_rank(np.vstack([vectors, unit])) == np.linalg.matrix_rank(
        vectors
    )


def test_lik007_no_suppressed_cell_is_recoverable_from_any_combination_of_views():
    rng = np.random.default_rng(7)
    checked = 0
    for _ in range(120):
        n_regions, n_types = rng.integers(2, 5), rng.integers(2, 4)
        grid = {}
        for r in range(n_regions):
            for t in range(n_types):
                size = int(rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 12]))
                if size:
                    dk = int(rng.integers(0, 2)) if size > 1 else 0
                    grid[(f"R{r}", f"T{t}")] = sized(
                        size - dk, int(rng.integers(0, size - dk + 1)), dk
                    )
        if not grid:
            continue
        frame = atoms_frame(grid)
        atoms = sorted(grid)
        pattern = likert.protect(frame)["K1"]
        vectors = _published_vectors(frame, atoms)
        for i, atom in enumerate(atoms):
            if atom in pattern.suppressed or atom in pattern.excluded:
                assert not _recoverable(vectors, i), (grid, atom)
                checked += 1
            elif not pattern.withheld:
                assert _recoverable(vectors, i), (grid, atom)  # safe atoms stay usable
    assert checked > 100


def test_lik008_too_small_type_is_left_out_everywhere_including_the_pooled_share():
    grid = {(r, "company"): sized(9, 4) for r in ("A", "B", "C")}
    grid[("A", "investor")] = sized(2, 2)
    grid[("B", "investor")] = sized(1, 0)
    frame = atoms_frame(grid)
    pooled = likert.pooled(frame).iloc[0]
    assert pooled["n"] == 27 and pooled["agree"] == 12
    assert pooled["excluded"] == "investor"
    by_type = likert.breakdown(frame, by="stakeholder_type").set_index("group_id")
    assert (
        by_type.loc["investor", "status"] == "suppressed"
    )  # left out, not "no answers"
    by_region = likert.breakdown(frame, by="region")
    assert by_region["n"].tolist() == [9, 9, 9]


# --- Figures ---------------------------------------------------------------------


def _breakdown_rows() -> pd.DataFrame:
    out = likert.breakdown(
        atoms_frame(HAND_GRID), by="stakeholder_type", within=["CAN"]
    )
    out["group_name"] = out["group_id"].str.title()
    return out


def test_lik009_likert_bars_diverge_around_neutral_and_hide_suppressed_rows():
    frame = _breakdown_rows()
    fig = figures.likert_bars(frame)
    labels = list(fig.data[0].y)
    assert labels == [
        "Company · n=10",
        "Investor · suppressed",
        "Research · suppressed",
    ]
    by_name = {}
    for trace in fig.data[:6]:
        by_name.setdefault(trace.name, []).append(list(trace.x))
    # Company: 6 disagree (code 2), 4 agree (code 4) of 10.
    assert by_name["Disagree"][0][0] == pytest.approx(-60.0)
    assert by_name["Agree"][0][0] == pytest.approx(40.0)
    assert by_name["Neither agree nor disagree"][0][0] == 0
    for trace in fig.data:
        assert trace.x[1] is None and trace.x[2] is None  # no numbers for suppressed
    assert [a.text for a in fig.layout.annotations if a.text == figures.SUPPRESSED_TEXT]
    assert fig.data[-1].name == "Don't know"


def test_lik010_heatmap_cells_carry_share_and_n_and_blank_suppressed_cells():
    frame = likert.breakdown(
        atoms_frame(HAND_GRID), by="region", within=["company", "research"]
    )
    frame["group_name"] = frame["group_id"]
    frame = pd.concat(
        [
            frame,
            likert.breakdown(atoms_frame(HAND_GRID, sid="K2"), by="region").assign(
                group_name=lambda f: f["group_id"]
            ),
        ]
    )
    statements = pd.DataFrame({"statement_id": ["K1", "K2"], "text": ["one", "two"]})
    fig = figures.agree_heatmap(frame, statements)
    heat = fig.data[0]
    assert list(heat.x) == ["K1", "K2"]
    assert heat.z[0][0] is None and heat.text[0][0] == "–"
    assert heat.text[0][1] == "40%<br>n=20"  # CAN, K2: 8 of 20 agree


def test_lik011_published_vs_loaded_marks_bounds_and_unpublished_statements():
    frame = pd.DataFrame(
        {
            "statement_id": ["K2", "K4", "K5"],
            "text": ["a", "b", "c"],
            "published_share": [0.73, 0.30, None],
            "published_note": ['"over 73%"', '"less than 30%"', "none"],
            "status": ["ok", "ok", "ok"],
            "share": [0.75, 0.28, 0.45],
            "ci_low": [0.7, 0.2, 0.4],
            "ci_high": [0.8, 0.35, 0.5],
            "n": [174, 162, 175],
            "n_dk": [5, 14, 4],
        }
    )
    fig = figures.published_vs_loaded(frame, loaded_name="demo")
    assert list(fig.data[1].marker.symbol) == [
        "triangle-right-open",
        "triangle-left-open",
    ]
    assert list(fig.data[0].x) == pytest.approx([75, 28, 45])
    assert [a.text for a in fig.layout.annotations] == ["no published share"]


def _valid_plotly(fig) -> dict:
    """The figure's JSON, rebuilt through plotly's validating constructor (which raises
    on any property plotly does not know): the builders skip validation for speed."""
    import plotly.graph_objects as go

    return go.Figure(fig.to_plotly_json()).to_plotly_json()


def test_lik014_unvalidated_survey_figures_are_valid_plotly_with_the_house_colours():
    frame = likert.breakdown(atoms_frame(HAND_GRID), by="region")
    frame["group_name"] = frame["group_id"]
    statements = pd.DataFrame({"statement_id": ["K1"], "text": ["one"]})
    heat = _valid_plotly(figures.agree_heatmap(frame, statements))["data"][0]
    # plotly.py's "Blues" (light to dark), written out: plotly.js has another scale
    # under the same name, so a bare name would recolour the chart in the browser.
    assert heat["colorscale"][0] == [0.0, "rgb(247,251,255)"]
    assert heat["colorscale"][-1] == [1.0, "rgb(8,48,107)"]
    pooled = pd.DataFrame(
        {
            "statement_id": ["K2", "K5"],
            "text": ["a", "c"],
            "published_share": [0.73, None],
            "published_note": ['"over 73%"', "none"],
            "status": ["ok", "ok"],
            "share": [0.75, 0.45],
            "ci_low": [0.7, 0.4],
            "ci_high": [0.8, 0.5],
            "n": [174, 175],
            "n_dk": [5, 4],
        }
    )
    layout = _valid_plotly(figures.published_vs_loaded(pooled, loaded_name="d"))[
        "layout"
    ]
    assert layout["xaxis"]["title"]["text"] == "% agreeing (pooled)"
    assert layout["legend"]["yref"] == "container"  # under the plot, clear of the bar
    _valid_plotly(figures.likert_bars(_breakdown_rows()))
    # the page draws the plain dict: the validating constructor takes it, in the house
    # template, with the same bars as the figure object
    import plotly.graph_objects as go
    import plotly.io as pio

    spec = go.Figure(figures.likert_spec(_breakdown_rows()))
    assert spec.layout.template == pio.templates["plotly_white"]
    assert list(spec.data[0].y) == list(
        figures.likert_bars(_breakdown_rows()).data[0].y
    )


# --- The query layer hands out protected data only ------------------------------


def test_lik012_query_layer_suppresses_for_every_caller(built_db):
    from dashboard.queries import survey

    dataset = survey.default_dataset()
    assert dataset == "eocic-2019-synthetic" and survey.is_synthetic(dataset)
    inside = survey.agree_breakdown(dataset, by="stakeholder_type", within=["CAN"])
    # One region's stakeholder types are 1-5 respondents each: nothing is shown alone.
    assert set(inside["status"]) == {"suppressed"}
    assert inside[["n", "n_dk", "agree"]].isna().all().all()
    summary = survey.region_survey_summary("SAX")
    # Saxony is left out of C1 and I1: its investors and those of one other region
    # (4 respondents) would hold a known count of the investors' hidden answers.
    status = dict(zip(summary["statement_id"], summary["status"], strict=True))
    assert len(summary) == 18
    assert {s for s, v in status.items() if v != "ok"} == {"C1", "I1"}
    d2 = summary.set_index("statement_id").loc["D2"]
    assert d2["share"] < 0.5 < d2["pooled_share"]
    assert summary["is_synthetic"].all()
    assert not any(name == "atoms" for name in dir(survey))


def test_lik013_a_prepared_dataset_publishes_exactly_what_its_atoms_do():
    """The query layer prepares a dataset's protection once and reuses it: every
    breakdown, filter and pooled share must be the same cells, suppressed the same
    way, as computed from the atoms each time."""
    frame = atoms_frame(HAND_GRID)
    prepared = likert.prepare(frame)
    for by, within in (
        ("region", None),
        ("stakeholder_type", ["CAN"]),
        ("region", ["company", "research"]),
        ("region", ["company"]),
    ):
        pd.testing.assert_frame_equal(
            likert.breakdown(prepared, by=by, within=within),
            likert.breakdown(frame, by=by, within=within),
        )
    pd.testing.assert_frame_equal(likert.pooled(prepared), likert.pooled(frame))
    with pytest.raises(ValueError):
        likert.breakdown(prepared, by="region", min_n=3)
