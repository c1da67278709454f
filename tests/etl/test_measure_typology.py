"""The measure typology of frameworks.yaml reaches dim_framework_item (two dimensions, four types)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import yaml

from etl.framework import LoadError
from etl.lookups import Lookups
from etl.paths import DATA
from etl.sources.curated import parse_frameworks

# the bibliography the frameworks cite (source_id -> short citation)
SOURCES = Lookups(
    sources={
        "eocic_summary_2019": "EOCIC summary report (2019)",
        "interreg_clusters_brief": "Interreg Europe policy brief on clusters",
    }
)


def test_mty001_typology_rows_in_the_build(built_db: Path):
    with duckdb.connect(str(built_db), read_only=True) as con:
        rows = con.execute(
            "SELECT item_no, name, group_name FROM dim_framework_item "
            "WHERE framework = 'measure_typology' ORDER BY item_no"
        ).fetchall()
        dims = con.execute(
            "SELECT name FROM dim_framework_item WHERE framework = 'measure_dimensions' ORDER BY item_no"
        ).fetchall()
    assert rows == [
        (1, "strategy development", "strategy"),
        (2, "strategy implementation", "strategy"),
        (3, "networks", "capacity building"),
        (4, "skills", "capacity building"),
    ]
    assert dims == [("strategy",), ("capacity building",)]


def test_mty002_bad_typology_is_rejected_with_file_and_column(tmp_path: Path):
    doc = yaml.safe_load(
        (DATA / "curated" / "frameworks.yaml").read_text(encoding="utf-8")
    )
    doc["measure_typology"]["dimensions"][0]["types"][0]["measure_type"] = (
        "strategy deployment"
    )
    bad = tmp_path / "frameworks.yaml"
    bad.write_text(yaml.safe_dump(doc), encoding="utf-8")
    with pytest.raises(
        LoadError, match=r"frameworks\.yaml.*measure_typology.*unknown or repeated"
    ):
        parse_frameworks(bad, SOURCES)
    del doc["measure_typology"]
    bad.write_text(yaml.safe_dump(doc), encoding="utf-8")
    parsed = parse_frameworks(
        bad, SOURCES
    )  # optional: older copies without it still load
    assert "measure_typology" not in set(
        parsed.tables["dim_framework_item"]["framework"]
    )
    # each item is cited by source_id + locator, composed as a reader cites it
    items = parsed.tables["dim_framework_item"]
    first = items[items["framework"] == "journey_steps"].iloc[0]
    assert first["source_ref"] == "EOCIC summary report (2019), Ch. 5, Table 1 (step 1)"
    # a file name is refused as a citation
    doc["journey_steps"][0].pop("source_id")
    doc["journey_steps"][0]["source_ref"] = "003_20eb14ad49c8197d.txt, Ch. 5"
    bad.write_text(yaml.safe_dump(doc), encoding="utf-8")
    with pytest.raises(LoadError, match="cites a file name"):
        parse_frameworks(bad, SOURCES)
