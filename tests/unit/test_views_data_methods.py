"""Data & methods' view module, called without a server or a database.

Small hand-made frames shaped like ``meta.indicator_coverage()`` (one row per indicator
and region: first and last year with a value, and how many years) and
``meta.indicator_catalogue()``; every expected line is written out here by hand.
"""

from __future__ import annotations

import json

import pandas as pd
from dash import html
from plotly.utils import PlotlyJSONEncoder

from dashboard.views import data_methods as view

COLUMNS = [
    "indicator_id",
    "region_id",
    "region_name",
    "is_pilot",
    "first_year",
    "last_year",
    "years",
]


def _json(component: object) -> str:
    return json.dumps(component, cls=PlotlyJSONEncoder, ensure_ascii=False)


def _coverage(*rows: tuple) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=COLUMNS)


# gdp_pps: three pilots (two end in 2022, one in 2021), two benchmarks with the same
# span and one with its own; rd: one pilot with one year; tourism: benchmarks only.
COVERAGE = _coverage(
    ("gdp_pps", "SAX", "Saxony", True, 2008, 2022, 15),
    ("gdp_pps", "WAL", "Wallonia", True, 2010, 2021, 12),
    ("gdp_pps", "PIE", "Piemonte", True, 2009, 2022, 13),
    ("gdp_pps", "EU27", "EU27", False, 2008, 2022, 15),
    ("gdp_pps", "EU28", "EU28", False, 2008, 2022, 15),
    ("gdp_pps", "NO0A", "Western Norway", False, 2010, 2020, 9),
    ("rd", "LTU", "Lithuania", True, 2020, 2020, 1),
    ("tourism", "EU27", "EU27", False, 2015, 2019, 5),
)


def test_vdm001_the_years_line_spans_the_pilots_and_counts_each_latest_year():
    texts = view.coverage_texts(COVERAGE)
    assert texts == {
        "gdp_pps": "2008-2022 for 3 of the 10 pilot regions; "
        "latest year: 2022 in 2 regions, 2021 in 1 region.",
        "rd": "2020-2020 for 1 of the 10 pilot regions; latest year: 2020 in 1 region.",
    }
    # benchmarks only: no line of its own (the catalogue says there are no values)
    assert "tourism" not in texts
    assert view.coverage_texts(COVERAGE.iloc[0:0]) == {}


def test_vdm002_each_pilot_has_its_line_and_benchmarks_sharing_a_span_share_one():
    lines = view.years_per_region(COVERAGE)
    assert lines == {
        "gdp_pps": [
            "Saxony: 2008-2022 (15 years)",
            "Wallonia: 2010-2021 (12 years)",
            "Piemonte: 2009-2022 (13 years)",
            "EU27 and EU28: 2008-2022 (15 years)",
            "Western Norway: 2010-2020 (9 years)",
        ],
        "rd": ["Lithuania: 2020-2020 (1 year)"],
        "tourism": ["EU27: 2015-2019 (5 years)"],
    }
    assert view.years_per_region(COVERAGE.iloc[0:0]) == {}


def test_vdm003_a_large_benchmark_group_gives_its_count_and_first_names():
    eight = [
        ("gdp_pps", f"R{i}", name, False, 2008, 2022, 15)
        for i, name in enumerate(
            [
                "Alsace",
                "Bremen",
                "Calabria",
                "Drenthe",
                "Epirus",
                "Friesland",
                "Galicia",
                "Hamburg",
            ]
        )
    ]
    six = [
        ("gdp_pps", f"S{i}", name, False, 2012, 2020, 9)
        for i, name in enumerate(
            ["Kärnten", "Lazio", "Murcia", "Norte", "Opolskie", "Prague"]
        )
    ]
    pilot = ("gdp_pps", "SAX", "Saxony", True, 2008, 2022, 15)
    # smaller group first in the frame: the larger one is still listed first
    lines = view.years_per_region(_coverage(pilot, *six, *eight))
    assert lines == {
        "gdp_pps": [
            "Saxony: 2008-2022 (15 years)",
            "8 benchmark regions, 2008-2022 (15 years) each: "
            "Alsace, Bremen, Calabria and 5 more",
            "Kärnten, Lazio, Murcia, Norte, Opolskie and Prague: 2012-2020 (9 years)",
        ]
    }
    assert (
        view.benchmark_line(["EU27"], "2011-2020 (10 years)")
        == "EU27: 2011-2020 (10 years)"
    )


def test_vdm004_years_per_region_is_one_element_under_its_summary():
    details = view.coverage_details(["Saxony: 2008-2022 (15 years)", "EU27: 2008"])
    summary, body = details.children
    assert isinstance(summary, html.Summary)
    assert summary.children == "Years per region"
    assert isinstance(body, html.P)
    assert body.children == "Saxony: 2008-2022 (15 years)\nEU27: 2008"
    assert "years-per-region" in body.className  # its lines kept (white-space)


def test_vdm005_dataset_codes_link_to_eurostat_or_the_cohesion_platform():
    assert view.dataset_links(
        "nama_10r_3gdp; EC historic EU payments (tc55-7ysv); EIS 2023; "
    ) == [
        (
            "nama_10r_3gdp",
            "https://ec.europa.eu/eurostat/databrowser/view/nama_10r_3gdp/default/table",
        ),
        (
            "EC historic EU payments (tc55-7ysv)",
            "https://cohesiondata.ec.europa.eu/d/tc55-7ysv",
        ),
        ("EIS 2023", ""),
    ]
    assert view.dataset_links(None) == []
    assert view.dataset_links("") == []
    # a plain word is no dataset: no link to a page that does not exist
    assert view.dataset_links("synthetic; tgs00096") == [
        ("synthetic", ""),
        (
            "tgs00096",
            "https://ec.europa.eu/eurostat/databrowser/view/tgs00096/default/table",
        ),
    ]


def test_vdm006_the_source_cell_names_the_source_then_its_linked_codes():
    cell = view.source_cell("Eurostat", "tgs00096; EIS 2023")
    assert cell[:2] == ["Eurostat", " ("]
    link = cell[2]
    assert isinstance(link, html.A)
    assert link.children == "tgs00096"
    assert (
        link.href
        == "https://ec.europa.eu/eurostat/databrowser/view/tgs00096/default/table"
    )
    assert (link.target, link.rel) == ("_blank", "noopener")
    assert cell[3:] == ["; ", "EIS 2023", ")"]
    assert view.source_cell("Survey", None) == ["Survey"]


def test_vdm007_direction_in_words():
    assert view.direction_text(1) == "Higher is better"
    assert view.direction_text("-1") == "Lower is better"
    assert view.direction_text(0) == ""
    assert view.direction_text(None) == ""
    assert view.direction_text("up") == ""
    assert view.direction_text(1, "sum") == "Size of the region (shown, not scored)"


CATALOGUE = pd.DataFrame(
    {
        "indicator_id": ["gdp_pps", "tourism"],
        "name": ["GDP per inhabitant", "Nights spent"],
        "dimension": ["Economic context", "Economic context"],
        "unit": ["PPS", "nights"],
        "direction": [1, 1],
        "source": ["Eurostat", "Eurostat"],
        "source_code": ["nama_10r_3gdp", ""],
        "definition": ["Gross domestic product per inhabitant.", None],
        "aggregation": ["none", "sum"],
        "weight_indicator_id": [None, None],
        "caveat": [None, "Less reliable than gdp_pps."],
        "eurostat_filter": ["unit=PPS", None],
        "vintage": ["2024 release", None],
    }
)


def test_vdm008_each_entry_gives_its_facts_and_years_per_region():
    entries = view.catalogue_entries(CATALOGUE, COVERAGE)
    assert len(entries) == 2
    gdp, tourism = (_json(e) for e in entries)
    for text in (gdp, tourism):
        for label in (
            "Definition",
            "Unit",
            "Direction",
            "Dimension",
            "Years",
            "Source",
        ):
            assert text.count(f'"{label}"') == 1, label
        assert "Years per region" in text
        assert "Eurostat" in text
        assert '"Li"' not in text  # one element for the lines, not one per region
    assert "2008-2022 for 3 of the 10 pilot regions" in gdp
    assert "EU27 and EU28: 2008-2022 (15 years)" in gdp
    assert '"Vintage"' in gdp and "2024 release" in gdp  # a further column, named
    assert "unit=PPS" not in gdp  # the loader's own column stays out
    assert '"Caveats"' not in gdp  # a missing caveat (NaN in a str column): no line
    assert "No values for the pilot regions." in tourism
    assert "EU27: 2015-2019 (5 years)" in tourism
    assert "Size of the region (shown, not scored)" in tourism
    assert "Not stated by the source." in tourism  # not "nan"
    assert "Less reliable than “GDP per inhabitant”." in tourism


def test_vdm009_an_indicator_without_any_value_has_no_years_per_region():
    entries = view.catalogue_entries(
        CATALOGUE, COVERAGE[COVERAGE.indicator_id != "gdp_pps"]
    )
    gdp = _json(entries[0])
    assert "No values for the pilot regions." in gdp
    assert "Years per region" not in gdp
