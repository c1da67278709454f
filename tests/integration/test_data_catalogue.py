"""Data & methods as a catalogue: every indicator explained and linked, and the
downloads (indicator values, survey aggregates with suppression, challenges, measures).

Expected values are transcribed from Eurostat's own file kept in
``tests/fixtures/indicators/nama_10r_3gdp.tsv`` (GDP per inhabitant in PPS).
"""

from __future__ import annotations

import csv
import io
import json

from plotly.utils import PlotlyJSONEncoder

EUROSTAT_GDP_PAGE = (
    "https://ec.europa.eu/eurostat/databrowser/view/nama_10r_3gdp/default/table"
)


def _rows(body: bytes) -> tuple[dict[str, str], list[dict[str, str]]]:
    text = body.decode("utf-8-sig")
    head, _, table = text.partition("\n\n")
    header = {r[0].lstrip("# "): r[1] for r in csv.reader(io.StringIO(head)) if r}
    return header, list(csv.DictReader(io.StringIO(table)))


def _page_text(dash_app) -> str:
    import dash

    page = next(p for p in dash.page_registry.values() if p["path"] == "/data")
    return json.dumps(page["layout"](), cls=PlotlyJSONEncoder)


def test_dat001_every_indicator_has_definition_unit_years_and_a_linked_source(
    dash_app,
):
    from dashboard.queries import meta

    text = _page_text(dash_app)
    catalogue = meta.indicator_catalogue()
    assert f"Indicators ({len(catalogue)})" in text
    for name in catalogue["name"]:
        assert json.dumps(name)[1:-1] in text, name
    for label in ("Definition", "Unit", "Direction", "Dimension", "Years", "Source"):
        assert text.count(f'"{label}"') == len(catalogue), label
    assert EUROSTAT_GDP_PAGE in text
    # the load history stays, lower on the page than the catalogue
    assert text.index("data-catalogue") < text.index("data-load-history")


def test_dat002_indicator_values_download_holds_eurostats_published_numbers(
    dash_app,
):
    client = dash_app.server.test_client()
    response = client.get("/download/data/indicator-values.csv")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    header, rows = _rows(response.data)
    assert header["Title"] == "Regional indicators: every value shown"
    gdp = {
        (r["region_id"], r["year"]): r
        for r in rows
        if r["indicator"] == "GDP per inhabitant (PPS)"
    }
    # nama_10r_3gdp, PPS_EU27_2020_HAB: EU27_2020 2022 = 35400; BE3 2022 = 30700 p
    assert float(gdp[("EU27", "2022")]["value"]) == 35400
    assert float(gdp[("WAL", "2022")]["value"]) == 30700
    assert gdp[("WAL", "2022")]["flag"] == "p"
    xlsx = client.get("/download/data/indicator-values.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"


def test_dat003_survey_aggregates_show_no_counts_for_a_group_under_five(dash_app):
    client = dash_app.server.test_client()
    header, rows = _rows(client.get("/download/data/survey-aggregates.csv").data)
    assert "suppressed" in header["Definitions"]
    assert header["Data"].startswith("Synthetic demonstration data")
    assert {r["breakdown"] for r in rows} == {
        "region",
        "stakeholder type",
        "all respondents",
    }
    for row in rows:
        counts = [row[c] for c in ("n_1", "n_2", "n_3", "n_4", "n_5", "n_dk")]
        if row["status"] == "ok":
            assert int(float(row["n"])) + int(float(row["n_dk"])) >= 5, row
        else:
            assert all(c == "" for c in counts), row
            assert row["share"] == "", row
    # statements by their text, never by a bare code
    assert all(row["text"] for row in rows)


def test_dat004_challenges_and_measures_download_and_unknown_names_are_refused(
    dash_app,
):
    client = dash_app.server.test_client()
    for name, column in (("challenges", "evidence"), ("measures", "measure_type")):
        header, rows = _rows(client.get(f"/download/data/{name}.csv").data)
        assert rows and column in rows[0], name
        assert header["Source"], name
    for bad in ("nope.csv", "measures.exe", "..%2Fapp.csv"):
        response = client.get(f"/download/data/{bad}")
        assert "Content-Disposition" not in response.headers, bad
        assert response.status_code in (200, 404), bad  # 200: the app's own page
