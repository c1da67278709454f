"""Region profile's view modules, called without a server (the committed default data).

Every profile card is exportable: its payload holds the rows its table shows."""

from __future__ import annotations

from dashboard.views import region_profile as view
from dashboard.views import region_survey

PILOTS = {"CAN", "CVL", "ENF", "HDF", "LTU", "NMS", "PIE", "SAX", "SVN", "WAL"}


def test_vrp001_the_pilots_come_from_the_reference_list_without_a_database():
    assert set(view.pilot_ids()) == PILOTS
    assert view.card_id("SAX", "indicators") == "prf-sax-indicators"


def test_vrp002_strongest_and_weakest_as_one_chart_with_their_ranks(built_db):
    v = view.indicator_view("HDF")
    payload = view.indicators_payload("HDF", "Hauts-de-France", v)
    assert set(payload.data["list"]) == {"Strongest", "Weakest"}
    assert len(payload.data) == len(v.strongest) + len(v.weakest)
    assert (payload.data["rank"] <= payload.data["n_regions"]).all()
    assert payload.data["score"].between(0, 1).all()
    assert payload.title == "Hauts-de-France: strongest and weakest indicators"


def test_vrp003_survey_cards_keep_suppressed_cells_without_numbers(built_db):
    stk = view.card_payload("SAX", "stakeholders")
    assert stk.synthetic and len(stk.data) == 18  # one row per statement
    hidden = stk.data[stk.data["status"] != "ok"]
    assert hidden["n"].isna().all() and hidden["share"].isna().all()
    per = view.card_payload("SAX", "perception")
    assert list(per.data["statement_id"]) == ["K1", "K2", "K3", "D1", "D2"]
    assert per.title == "Saxony: perception vs evidence"


def test_vrp004_every_card_renders_as_a_chart_card(built_db):
    section = region_survey.stakeholders_section("SAX", "Saxony")
    text = str(section.to_plotly_json())
    assert "prf-sax-stakeholders-graph" in text
    assert "profile-stakeholders-table" in text
    assert "Show as table" in text


def test_vrp005_profile_bars_write_every_value_and_keep_the_rows_order():
    import pandas as pd

    from dashboard.figures.profile import profile_bars

    rows = pd.DataFrame(
        {
            "label": ["K1", "K2", "D1"],
            "x": [45.0, float("nan"), 60.0],
            "text": ["45% (n = 18)", "suppressed", "60% (n = 17)"],
            "hover": ["K1 <b>", "K2", "D1"],
            "series": ["Knowledge", "Knowledge", "Digital"],
        }
    )
    fig = profile_bars(
        rows, x_title="share agreeing (%)", subtitle="n = 17-18", title="Saxony"
    ).to_plotly_json()
    assert [t["name"] for t in fig["data"]] == ["Knowledge", "Digital"]
    assert list(fig["data"][0]["text"]) == ["45% (n = 18)", "suppressed"]
    assert fig["data"][0]["hovertext"][0] == "K1 &lt;b&gt;"  # escaped
    assert fig["layout"]["yaxis"]["categoryarray"] == ["D1", "K2", "K1"]
    assert fig["layout"]["xaxis"]["title"]["text"] == "share agreeing (%)"
    empty = profile_bars(rows.iloc[0:0], x_title="x", subtitle="", title="t")
    assert "Nothing to show" in empty.layout.annotations[0].text


def test_vrp006_gap_bars_leave_room_for_the_values_written_beyond_them():
    import pandas as pd
    import pytest

    from dashboard.figures.profile import profile_bars

    rows = pd.DataFrame(
        {
            "label": ["K1 × tertiary", "D2 × BERD"],
            "x": [2.1, -2.9],
            "text": ["+2.1 SD", "-2.9 SD"],
            "hover": ["K1", "D2"],
            "series": ["gap", "gap"],
        }
    )
    fig = profile_bars(rows, x_title="gap (SD)", subtitle="", title="Saxony")
    # bars reach -2.9 and +2.1 (a span of 5): a fifth of the span more on each side,
    # so "-2.9 SD" is not written over the row labels, nor "+2.1 SD" cut at the edge
    assert list(fig.layout.xaxis.range) == pytest.approx([-2.9 - 1.1, 2.1 + 1.1])
    # bars on one side only: the axis starts at 0
    shares = rows.assign(x=[40.0, 60.0])
    fig = profile_bars(shares, x_title="%", subtitle="", title="Saxony")
    assert list(fig.layout.xaxis.range) == pytest.approx([0.0, 60.0 + 13.2])


def test_vrp007_headline_dots_mark_the_region_and_are_valid_plotly():
    import pandas as pd
    import plotly.graph_objects as go

    from dashboard.figures.profile import headline_dots

    rows = pd.DataFrame(
        {
            "dimension": ["Skills", "Skills", "Innovation", "Innovation"],
            "name": ["Saxony", "Piemonte", "Saxony", "Piemonte"],
            "composite": [0.62, 0.40, 0.35, 0.71],
            "benchmark": [0.5, 0.5, 0.55, 0.55],
            "mine": [True, False, True, False],
            "n": [3, 3, 2, 3],
            "n_total": [3, 3, 3, 3],
        }
    )
    fig = headline_dots(rows, region_name="Saxony", x_title="score", subtitle="")
    # built without plotly's validation for speed: the validating constructor accepts it
    checked = go.Figure(fig.to_plotly_json()).to_plotly_json()
    mine = checked["data"][-1]
    assert mine["name"] == "Saxony"
    assert list(mine["text"]) == ["0.62", "0.35 (2 of 3)"]  # the values written on
    assert list(checked["data"][0]["text"]) == ["Piemonte", "Piemonte"]  # others named
    # first dimension at the top
    assert list(checked["layout"]["yaxis"]["categoryarray"]) == ["Innovation", "Skills"]
