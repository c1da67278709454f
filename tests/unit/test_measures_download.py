"""The measures download goes through the formula-safe writer with its provenance;
the reference and curated loaders refuse names that start like a formula."""

from __future__ import annotations

import base64
import csv
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]
HOSTILE = '=HYPERLINK("http://example.invalid","Click")'


def _download(client) -> str:
    body = {
        "output": "msr-download.data",
        "outputs": {"id": "msr-download", "property": "data"},
        "inputs": [{"id": "msr-download-btn", "property": "n_clicks", "value": 1}],
        "state": [],
        "changedPropIds": ["msr-download-btn.n_clicks"],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    sent = response.get_json()["response"]["msr-download"]["data"]
    assert sent["filename"] == "proposed_measures.csv"
    return base64.b64decode(sent["content"]).decode("utf-8-sig")


def test_msr010_measures_csv_neutralises_a_hostile_name_and_says_where_it_is_from(
    dash_app, monkeypatch
):
    from dashboard.queries import challenges

    client = dash_app.server.test_client()
    client.get("/")
    hostile = pd.DataFrame(
        [
            {
                "measure_id": "m1",
                "region_id": "SAX",
                "region_name": HOSTILE,
                "name": "+cmd|' /C calc'!A0",
                "measure_type": "skills",
                "source_ref": "@SUM(1+1)",
                "note": "\tTabbed",
            }
        ]
    )
    monkeypatch.setattr(challenges, "measures", lambda: hostile)
    text = _download(client)
    provenance, data = text.split("\n\n", 1)
    assert '# Title,"Proposed measures' in provenance
    assert '# Source,"EOCIC summary report' in provenance
    row = next(csv.DictReader(io.StringIO(data)))
    # Every cell a spreadsheet would run starts with an apostrophe instead.
    assert row["region_name"] == "'" + HOSTILE
    assert row["name"] == "'+cmd|' /C calc'!A0"
    assert row["source_ref"] == "'@SUM(1+1)"
    assert row["note"] == "'\tTabbed"


@pytest.mark.parametrize(
    ("file", "column", "value"),
    [
        ("reference/regions.csv", "name", HOSTILE),
        ("reference/stakeholder_types.csv", "name", "-Investor"),
        ("curated/measures.csv", "name", "@Skills"),
    ],
)
def test_msr011_loaders_refuse_names_that_start_like_a_formula(
    tmp_path, file, column, value
):
    from etl.build import build, default_steps
    from etl.framework import LoadError
    from etl.report import Reporter

    inputs = tmp_path / "data"
    shutil.copytree(REPO / "data", inputs)
    frame = pd.read_csv(inputs / file, dtype=str, keep_default_na=False)
    frame.loc[0, column] = value
    frame.to_csv(inputs / file, index=False)
    stream = io.StringIO()
    with pytest.raises(LoadError) as error:
        build(
            tmp_path / "x.duckdb",
            steps=default_steps(inputs),
            reporter=Reporter(stream=stream),
        )
    message = str(error.value)
    assert "formula" in message and column in message and file.split("/")[1] in message
    assert not (tmp_path / "x.duckdb").exists()
