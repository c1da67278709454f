"""Plain words: no internal id, file name, table name or bare statement code on any page.

Every page is rendered in a real browser; its visible text (and the text drawn in its
charts) must not contain an id of the form ``xx_...`` (other than a statistical
dataset's code cited in a source), a file name, a database table name, or a survey
statement shown by its code alone. The load history and its rejected rows on Data &
methods are the one place where the files that were loaded are named: it is what they
record. The glossary's terms are linked from the pages.
"""

from __future__ import annotations

import re
import time

import pytest

PAGES = (
    "/",
    "/scoreboard",
    "/compare",
    "/regions",
    "/region/SAX",
    "/challenges",
    "/stakeholders",
    "/perception",
    "/measures",
    "/data",
    "/glossary",
    "/present?slide=3",
    "/present?slide=5",
    "/present?slide=11",
)

# What a reader must never see.
INTERNAL_ID = re.compile(r"\b[a-z]{2,5}_[a-z0-9_]+\b")
FILE_NAME = re.compile(
    r"\b[\w.-]+\.(?:csv|txt|ya?ml|json|geojson|duckdb|tsv|py|parquet)\b", re.I
)
TABLE = re.compile(r"\b(?:dim|fct|stg|srv|meta|map|load)_[a-z_]+\b")
BARE_CODE = re.compile(r"^\s*[A-Z]{1,2}\d{1,2}\s*$")

VISIBLE_TEXT = """
const skip = ['#data-load-history', '#data-reject-table', '#data-tables'];
const hidden = skip.map((s) => document.querySelector(s)).filter(Boolean);
hidden.forEach((el) => { el.dataset.plainWords = el.style.display; el.style.display = 'none'; });
const text = document.body.innerText;
hidden.forEach((el) => { el.style.display = el.dataset.plainWords; });
const chart = [...document.querySelectorAll('svg text')].map((t) => t.textContent);
return [text, chart];
"""


def _dataset_codes() -> set[str]:
    """The statistical datasets' codes (cited in source lines, e.g. nama_10r_3gdp)."""

    from dashboard.queries import meta

    codes: set[str] = set()
    frame = meta.indicator_catalogue()
    # The dataset codes a source line cites, the current Eurostat code a refresh
    # downloads and the dataset a pinned indicator would come from (the catalogue
    # names them all as Eurostat does).
    for column in ("source_code", "eurostat_code", "eurostat_pinned"):
        for value in frame.get(column, []):
            codes.update(INTERNAL_ID.findall(str(value)))
    # A dataset's own name inside its full reference, as its publisher writes it
    # ("European Quality of Government Index, long data 2010-2024 (qog_eqi_long_24)").
    for reference in meta.bibliography()["full_reference"]:
        for inside in re.findall(r"\(([^()]*)\)", str(reference)):
            codes.update(INTERNAL_ID.findall(inside))
    return codes


def _wait_for_page(dash_duo) -> None:
    dash_duo.wait_for_element("h1", timeout=30)
    deadline = time.time() + 30
    while time.time() < deadline:
        busy = dash_duo.driver.execute_script(
            "return document.querySelectorAll('[data-dash-is-loading=\"true\"]').length"
        )
        if not busy:
            break
        time.sleep(0.3)
    time.sleep(1.5)  # Plotly's first draw


@pytest.mark.parametrize("path", PAGES)
def test_plw001_no_internal_names_in_what_a_reader_sees(dash_duo, dash_app, path):
    dash_duo.start_server(dash_app)
    allowed = _dataset_codes()
    assert "nama_10r_3gdp" in allowed  # the rule below leaves real citations alone
    dash_duo.driver.get(dash_duo.server_url + path)
    _wait_for_page(dash_duo)
    text, chart = dash_duo.driver.execute_script(VISIBLE_TEXT)
    words = text + "\n" + "\n".join(chart)
    problems = sorted(
        {f"id {m}" for m in INTERNAL_ID.findall(words) if m not in allowed}
        | {f"file {m.group(0)}" for m in FILE_NAME.finditer(words)}
        | {f"table {m}" for m in TABLE.findall(words)}
        | {f"bare code {c.strip()}" for c in chart if BARE_CODE.match(c)}
    )
    assert not problems, f"{path}: " + ", ".join(problems)
    assert dash_duo.get_logs() == []


@pytest.mark.parametrize(
    ("path", "anchor"),
    [
        ("/scoreboard", "min-max"),
        ("/scoreboard", "rank-stability"),
        ("/compare", "benchmark"),
        ("/stakeholders", "wilson-interval"),
        ("/data", "derived-value"),
    ],
)
def test_plw002_method_words_link_to_their_glossary_entry(
    dash_duo, dash_app, path, anchor
):
    dash_duo.start_server(dash_app)
    dash_duo.driver.get(dash_duo.server_url + path)
    link = dash_duo.wait_for_element(f"main a[href='/glossary#{anchor}']", timeout=30)
    assert link.get_attribute("title")  # the definition on hover
    link.click()
    dash_duo.wait_for_text_to_equal("h1", "Glossary", timeout=30)
    entry = dash_duo.wait_for_element(f"#{anchor}", timeout=10)
    deadline = time.time() + 10
    while time.time() < deadline and "glossary-target" not in (
        entry.get_attribute("class") or ""
    ):
        time.sleep(0.2)
    assert "glossary-target" in entry.get_attribute("class")
    in_view = "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;"
    deadline = time.time() + 5
    while time.time() < deadline and not dash_duo.driver.execute_script(in_view, entry):
        time.sleep(0.2)
    assert dash_duo.driver.execute_script(in_view, entry)  # the reader lands on it
    assert dash_duo.get_logs() == []
