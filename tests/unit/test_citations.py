"""Sources are cited as readers cite them: never a file name, on any page or export.

Every page (and every region profile, challenge and measure view) is rendered through the
Dash Pages router, and every registered chart is exported (CSV, the XLSX "About" sheet,
the figure drawn into PNG/SVG with its source line, the PPTX slide notes). None of them
may show a stored seed file name ('003_20eb14ad49c8197d.txt') or any '.txt' citation,
and the citations a reader needs are there.
"""

from __future__ import annotations

import io
import re

import duckdb
import pytest

from tests.etl_helpers import PILOT_IDS, db_rows
from tests.page_render import render_page as _render

SEED_NAME = re.compile(r"\b\d{3}_[0-9a-f]{16}\b")
TXT_CITATION = re.compile(r"[\w-]+\.txt\b", re.I)
INTERNAL = re.compile(r"REFERENCE\.md|seeds/")


def _leaks(text: str) -> list[str]:
    return [
        m.group(0)
        for pattern in (SEED_NAME, TXT_CITATION, INTERNAL)
        for m in pattern.finditer(text)
    ]


@pytest.fixture(scope="module")
def pages(dash_app, built_db) -> dict[str, str]:
    import dash

    regions = [r for (r,) in db_rows(built_db, PILOT_IDS)]
    _render(dash_app, "/")  # registers the pages
    paths = sorted(
        p["path"]
        for p in dash.page_registry.values()
        if "<" not in p["path"] and p["path"] != "/404"
    )
    views = [(p, "") for p in paths]
    views += [(f"/region/{r}", "") for r in regions]
    views += [("/challenges", f"?region={r}") for r in regions[:3]]
    views += [("/measures", f"?region={r}") for r in regions]
    views += [("/scoreboard", "?rank=qg"), ("/compare", "?regions=SAX,WAL,HDF")]
    return {f"{p}{s}": _render(dash_app, p, s) for p, s in views}


def test_cit001_no_page_cites_a_file_name(pages):
    leaks = {view: _leaks(text) for view, text in pages.items()}
    assert {v: found for v, found in leaks.items() if found} == {}
    assert len(pages) > 20


def test_cit002_pages_cite_documents_and_datasets_as_readers_do(pages):
    assert "EOCIC summary report (2019), Ch. 3" in pages["/challenges"]
    assert "EC DG GROW slides (4 Dec 2019)" in pages["/challenges"]
    assert "EOCIC summary report (2019), Ch. 4" in pages["/measures?region=PIE"]
    assert "EOCIC summary report (2019), Ch. 2" in pages["/region/SAX"]
    assert "Eurostat, regional GDP (nama_10r_3gdp)" in pages["/scoreboard"]
    assert "European Quality of Government Index" in pages["/scoreboard?rank=qg"]
    # Data & methods lists every reference with its link
    data = pages["/data"]
    assert "Summary report on lessons learnt from fostering modern cluster policy" in (
        data
    )
    assert (
        "https://www.clustercollaboration.eu/news/summary-report-cluster-policy-regions"
        in (data)
    )
    assert "https://ec.europa.eu/eurostat/databrowser/view/nama_10r_3gdp" in data


def test_cit003_no_export_cites_a_file_name(dash_app, built_db):
    from openpyxl import load_workbook

    from dashboard.components import exports
    from dashboard.export.deck import slide_from_payload
    from dashboard.export.files import figure_for_export, to_csv_bytes, to_xlsx_bytes

    _render(dash_app, "/")
    checked, leaks, sources = 0, {}, {}
    for card_id in sorted(exports._REGISTRY):
        payload = exports.payload_for(card_id, "")
        if payload is None:
            continue
        texts = [to_csv_bytes(payload).decode("utf-8-sig")]
        book = load_workbook(io.BytesIO(to_xlsx_bytes(payload)), read_only=True)
        texts += [
            "" if v is None else str(v)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for v in row
        ]
        texts.append(figure_for_export(payload).to_json())  # PNG/SVG drawn text
        texts += slide_from_payload(payload).notes  # PPTX notes
        found = _leaks("\n".join(texts))
        if found:
            leaks[card_id] = found
        sources[card_id] = payload.source
        checked += 1
    assert leaks == {}
    assert checked >= 15
    # an indicator chart cites its datasets, a challenge chart its documents
    assert any("Eurostat, regional" in s for s in sources.values())
    assert any("EOCIC summary report (2019)" in s for s in sources.values())
    assert not any(re.search(r"source codes?:", s) for s in sources.values())


def test_cit004_every_curated_row_points_to_the_bibliography(built_db):
    tables = (
        "dim_region",
        "dim_challenge",
        "fct_region_challenge",
        "fct_region_measure",
        "dim_region_asset",
        "dim_framework_item",
        "dim_theme",
    )
    with duckdb.connect(str(built_db), read_only=True) as con:
        known = {
            r[0] for r in con.execute("SELECT source_id FROM dim_source").fetchall()
        }
        for table in tables:
            rows = con.execute(f"SELECT source_id, locator FROM {table}").fetchall()
            assert rows, table
            assert {s for s, _ in rows} <= known, table
        # every dataset code an indicator cites is in the bibliography
        missing = con.execute(
            "SELECT indicator_id, locator FROM map_indicator_source WHERE source_id IS NULL"
        ).fetchall()
        assert missing == []
        text = con.execute(
            "SELECT string_agg(source_ref, ' | ') FROM fct_region_challenge"
        ).fetchone()[0]
    assert _leaks(text) == []


def test_cit005_bibliography_matches_the_published_references(built_db):
    from tests.expected import bibliography

    with duckdb.connect(str(built_db), read_only=True) as con:
        rows = con.execute(
            "SELECT kind, short_citation, full_reference, publisher, url, dataset_code,"
            " licence FROM dim_source"
        ).fetchall()
    columns = [
        "kind",
        "short_citation",
        "full_reference",
        "publisher",
        "url",
        "dataset_code",
        "licence",
    ]
    sources = [dict(zip(columns, r, strict=True)) for r in rows]
    by_reference = {s["full_reference"]: s for s in sources}
    by_code = {s["dataset_code"]: s for s in sources if s["dataset_code"]}
    expected = bibliography()
    documents = [e for e in expected if not e["dataset_code"]]
    assert len(documents) == 5
    for e in documents:
        got = by_reference.get(e["reference"])
        assert got is not None, e["reference"]
        assert got["kind"] == e["kind"]
        assert (got["url"] or "") == e["url"]
        if e["short_form"]:
            assert got["short_citation"] == e["short_form"]
    for e in expected:
        if not e["dataset_code"]:
            continue
        got = by_code.get(e["dataset_code"])
        assert got is not None, e["dataset_code"]
        assert got["kind"] == "statistical dataset"
        assert got["publisher"] == e["publisher"]
        if e["short_form"]:
            assert got["short_citation"] == e["short_form"]
        elif e["publisher"] == "Eurostat":
            # cited as "Eurostat, <what> (<dataset code>)"
            assert got["short_citation"].startswith("Eurostat, ")
            assert got["short_citation"].endswith(f"({e['dataset_code']})")
    assert all(s["licence"] for s in sources)
