"""End-to-end user journeys in a real headless Chromium.

Four people use the app from start to finish, as they would: by clicking links,
ticking options, pressing keys and using the Download menus (no URL typed after the
first page, except where a person would type one):

- jrn001 policymaker: Overview -> Regions -> Saxony's profile -> Compare (Saxony,
  Piemonte, Wallonia) -> the comparison chart as PNG and its data as CSV;
- jrn002 Commission reviewer: Stakeholder views -> digitalisation theme -> by
  stakeholder type -> suppressed cells marked -> Data & methods: the source of a share;
- jrn003 presenter: Present -> every slide with the keyboard -> the PPTX deck;
- jrn004 analyst: ``python -m etl load-survey`` with a new real export (on a private
  copy of the test database) -> the app counts the new respondents and the
  "synthetic demonstration data" label is gone.

Every journey ends with no browser console error. Screenshots of each step go to
``test-artifacts/journeys/<journey>/NN-<step>.png`` for a person to look at; each test
prints its folder at the end (see it with ``pytest -s`` or in a failure report).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from journeys_helpers import (
    REPO,
    WAIT,
    Journey,
    bar_labels,
    centre,
    choose_download,
    click,
    click_label,
    click_link,
    click_menu_item,
    dropdown_values,
    load_history_row,
    open_download_menu,
    press,
    read_export_csv,
    settle,
    slug,
    toggle_dropdown_option,
    wait_for_download,
    wait_until,
)
from selenium.webdriver.common.keys import Keys

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_jrn001_policymaker_compares_saxony_and_exports_png_and_csv(dash_duo, dash_app):
    journey = Journey(dash_duo, "policymaker")
    dash_duo.start_server(dash_app)

    # 1. The app's front page.
    dash_duo.driver.get(dash_duo.server_url + "/")
    dash_duo.wait_for_text_to_equal("h1", "Regions in industrial transition", WAIT)
    journey.shot("overview")

    # 2. The Regions view from its card on the overview, then Saxony in the table.
    click_link(dash_duo, "Regions")
    dash_duo.wait_for_text_to_equal("h1", "Regions", WAIT)
    journey.shot("regions")
    click_link(dash_duo, "Saxony")
    dash_duo.wait_for_text_to_equal("h1", "Saxony", WAIT)
    assert dash_duo.driver.current_url.endswith("/region/SAX")
    dash_duo.wait_for_element("#profile-strongest", timeout=WAIT)
    wait_until(
        dash_duo,
        lambda d: d.title.startswith("Saxony · "),
        "the browser tab does not name Saxony",
    )
    journey.shot("saxony-profile", full_page=True)

    # 3. From the profile to Compare.
    click_link(dash_duo, "Compare this region with its peers")
    dash_duo.wait_for_text_to_equal("h1", "Compare", WAIT)
    wait_until(
        dash_duo,
        lambda _d: "Saxony" in dropdown_values(dash_duo, "cmp-regions"),
        "Saxony is not among the compared regions after following the profile link",
    )
    journey.shot("compare-from-profile")

    # 4. Choose Saxony, Piemonte and Wallonia in the regions control: untick whatever
    #    else is there (the profile's link opens on Saxony and its three suggested
    #    peers, and four is the most), then tick Piemonte (each change re-renders the
    #    page from the URL).
    wanted = {"Saxony": "SAX", "Piemonte": "PIE", "Wallonia": "WAL"}
    for other in dropdown_values(dash_duo, "cmp-regions"):
        if other not in wanted:
            count = len(dropdown_values(dash_duo, "cmp-regions"))
            toggle_dropdown_option(dash_duo, "cmp-regions", other)
            wait_until(
                dash_duo,
                lambda _d, o=other, c=count: (
                    o not in dropdown_values(dash_duo, "cmp-regions")
                    and len(dropdown_values(dash_duo, "cmp-regions")) == c - 1
                ),
                f"{other} was not removed",
            )
            settle(dash_duo)
    if "Piemonte" not in dropdown_values(dash_duo, "cmp-regions"):
        toggle_dropdown_option(dash_duo, "cmp-regions", "Piemonte")
        wait_until(dash_duo, lambda d: "PIE" in d.current_url, "Piemonte not added")
        settle(dash_duo)
    wait_until(
        dash_duo,
        lambda _d: sorted(dropdown_values(dash_duo, "cmp-regions")) == sorted(wanted),
        "the compared regions are not Saxony, Piemonte and Wallonia",
    )
    query = dash_duo.driver.current_url.split("?", 1)[1]
    assert all(r in query for r in ("SAX", "PIE", "WAL")) and "HDF" not in query
    dash_duo.wait_for_element("#cmp-profile-graph .scatterlayer", timeout=WAIT)
    wait_until(
        dash_duo,
        lambda d: (
            {
                t.text
                for t in d.find_elements(
                    "css selector", "#cmp-profile-graph .legendtext"
                )
            }
            >= set(wanted)
        ),
        "the profile chart's legend does not name the three regions",
    )
    journey.shot("compare-three-regions", full_page=True)

    # 5. The comparison chart as PNG and its data as CSV, from the card's Download menu.
    title = "Profile against the benchmark"
    menu = open_download_menu(dash_duo, "cmp-profile")
    journey.shot("download-menu")
    click_menu_item(menu, "PNG image")
    png = wait_for_download(dash_duo, f"{slug(title)}.png")
    assert png.read_bytes()[:8] == PNG_MAGIC
    assert png.stat().st_size > 10_000  # a drawn chart, not an empty image
    journey.keep("exported-chart", png)
    choose_download(dash_duo, "cmp-profile", "CSV data")
    csv_file = wait_for_download(dash_duo, f"{slug(title)}.csv")
    journey.keep("exported-data", csv_file)
    header, rows = read_export_csv(csv_file)
    assert header["# Title"] == title
    # the datasets behind the profile, cited as readers cite them
    assert (
        "Eurostat, regional household disposable income (tgs00026)"
        in (header["# Source"])
    )
    assert ".txt" not in header["# Source"]
    regions_filter = header["# Filters"].split(";")[0]
    assert regions_filter.startswith("Regions: ")
    assert set(regions_filter.removeprefix("Regions: ").split(", ")) == set(wanted)
    assert {r["region_name"] for r in rows} == set(wanted)
    assert {r["region_id"] for r in rows} == set(wanted.values())
    assert all(0 <= float(r["score"]) <= 1 for r in rows)

    assert dash_duo.get_logs() == []
    print(journey.report())


def test_jrn002_reviewer_sees_suppressed_cells_and_finds_the_source(dash_duo, dash_app):
    journey = Journey(dash_duo, "reviewer")
    dash_duo.start_server(dash_app)

    # 1. Stakeholder views, from its card on the overview.
    dash_duo.driver.get(dash_duo.server_url + "/")
    dash_duo.wait_for_text_to_equal("h1", "Regions in industrial transition", WAIT)
    click_link(dash_duo, "Stakeholder views")
    dash_duo.wait_for_text_to_equal("h1", "Stakeholder views", WAIT)
    dash_duo.wait_for_element("#stk-likert-k1-graph .ytick", timeout=WAIT)
    journey.shot("stakeholder-views")

    # 2. The digitalisation theme.
    click_label(dash_duo, "stk-theme", "Digitalisation and technology")
    dash_duo.wait_for_element("#stk-likert-d1-graph .ytick", timeout=WAIT)
    dash_duo.wait_for_contains_text("#stk-theme-title", "Digitalisation", WAIT)
    assert "theme=digital" in dash_duo.driver.current_url
    settle(dash_duo)
    journey.shot("digitalisation")

    # 3. Broken down by stakeholder type: one bar per type, n on every bar.
    click_label(dash_duo, "stk-by", "By stakeholder type")
    wait_until(
        dash_duo,
        lambda d: (
            "by=stakeholder_type" in d.current_url
            and len(bar_labels(dash_duo, "stk-likert-d1")) == 5
        ),
        "the D1 chart is not broken down by the five stakeholder types",
    )
    labels = bar_labels(dash_duo, "stk-likert-d1")
    assert all(" · n=" in label for label in labels), labels
    settle(dash_duo)
    journey.shot("by-stakeholder-type")

    # 4. One region's stakeholder types (Saxony only): its cells are small, and are
    #    suppressed and marked as such on the bars and in the note under the chart.
    regions = [b.text.strip() for b in dash_duo.find_elements("#stk-regions label")]
    assert "Saxony" in regions and len(regions) == 10, regions
    for name in regions:
        if name != "Saxony":
            click_label(dash_duo, "stk-regions", name)
            settle(dash_duo)
    wait_until(
        dash_duo,
        lambda d: (
            "regions=SAX" in d.current_url
            and any("suppressed" in b for b in bar_labels(dash_duo, "stk-likert-d1"))
        ),
        "no suppressed bar for Saxony's stakeholder types",
    )
    settle(dash_duo)
    labels = bar_labels(dash_duo, "stk-likert-d1")
    assert len(labels) == 5 and any("suppressed" in b for b in labels), labels
    note = dash_duo.find_element("#stk-likert-d1-note").text
    assert "bar(s) suppressed" in note
    assert "Cells with fewer than 5 respondents are suppressed" in note
    assert (
        "Source: EOCIC survey, as described in the EOCIC summary report (2019), Ch. 3, "
        "Figs. 2-6; dataset "
    ) in note
    dataset = note.split("; dataset ", 1)[1].split(".", 1)[0]
    centre(dash_duo, dash_duo.find_element("#stk-likert-d1"))
    journey.shot("saxony-suppressed-cells")

    # 5. Data & methods, from the navigation menu: the load that holds that dataset,
    #    with its file, codebook and checksum.
    row = load_history_row(dash_duo, f"dataset {dataset}")
    assert row.is_displayed()
    cells = [c.text for c in row.find_elements("css selector", "td")]
    assert cells[1] == "survey: responses", cells
    assert cells[2].startswith("data/survey/") and cells[2].endswith(".csv"), cells
    assert "codebook " in cells[-1] and "sha256" in cells[-1], cells
    centre(dash_duo, row)
    dash_duo.driver.execute_script(
        "arguments[0].style.outline = '3px solid #d55e00';", row
    )
    journey.shot("data-and-methods-source")

    assert dash_duo.get_logs() == []
    print(journey.report())


def test_jrn003_presenter_walks_every_slide_by_keyboard_and_downloads_deck(
    dash_duo, dash_app
):
    from pptx import Presentation

    from dashboard.export.sequence import SLIDES

    journey = Journey(dash_duo, "presenter")
    dash_duo.start_server(dash_app)
    total = len(SLIDES)

    # 1. Present, from its card on the overview.
    dash_duo.driver.get(dash_duo.server_url + "/")
    dash_duo.wait_for_text_to_equal("h1", "Regions in industrial transition", WAIT)
    click_link(dash_duo, "Present")
    dash_duo.wait_for_text_to_equal("#present-counter", f"1 / {total}", WAIT)
    journey.shot("slide-01")

    # 2. Every slide with the keyboard (arrow right and space, alternately).
    for number in range(2, total + 1):
        press(dash_duo, Keys.ARROW_RIGHT if number % 2 else Keys.SPACE)
        dash_duo.wait_for_text_to_equal("#present-counter", f"{number} / {total}", WAIT)
        assert f"slide={number}" in dash_duo.driver.current_url
        settle(dash_duo)
        journey.shot(f"slide-{number:02d}")
    # The last slide stays the last one.
    press(dash_duo, Keys.ARROW_RIGHT)
    settle(dash_duo)
    assert dash_duo.find_element("#present-counter").text == f"{total} / {total}"

    # 3. The deck.
    click(dash_duo, dash_duo.find_element("#present-download"))
    deck_file = wait_for_download(dash_duo, "peer-review-deck.pptx", timeout=180)
    journey.keep("deck", deck_file)
    deck = Presentation(io.BytesIO(deck_file.read_bytes()))
    assert len(deck.slides) == total
    titles = [s.shapes.title.text for s in deck.slides if s.shapes.title is not None]
    assert any("Digitalisation" in t for t in titles), titles

    assert dash_duo.get_logs() == []
    print(journey.report())


FIXTURES = REPO / "tests" / "fixtures" / "journeys"
EXPORT = FIXTURES / "survey_export_wave2.csv"  # 75 rows: 73 load, 2 are rejected
CODEBOOK = FIXTURES / "codebook_wave2.yaml"
NEW_DATASET = "regional-survey-2025-wave-2"


@pytest.fixture()
def private_db(built_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A copy of the session database that the app serves for this test only.

    The app reads SCOREBOARD_DB on every query (dashboard/db.py follows the path and
    the file version), so pointing it at the copy switches the running app over;
    monkeypatch puts the session database back afterwards, and the shared file is
    never written.
    """
    copy = tmp_path / "scoreboard.duckdb"
    shutil.copy2(built_db, copy)
    monkeypatch.setenv("SCOREBOARD_DB", str(copy))
    return copy


def _respondents_fact(duo) -> str:
    """The overview's "survey respondents" figure as shown."""
    [value] = duo.driver.find_elements(
        "xpath",
        "//p[normalize-space()='survey respondents']/preceding-sibling::p[1]",
    )
    return value.text.strip()


def test_jrn004_analyst_loads_a_real_export_and_the_app_counts_it(
    dash_duo, dash_app, private_db, built_db
):
    journey = Journey(dash_duo, "analyst")
    shared_before = built_db.read_bytes()
    dash_duo.start_server(dash_app)

    # 1. Before: the default survey is synthetic, and labelled so.
    dash_duo.driver.get(dash_duo.server_url + "/")
    dash_duo.wait_for_text_to_equal("h1", "Regions in industrial transition", WAIT)
    assert _respondents_fact(dash_duo) == "180"
    footer = dash_duo.find_element(".site-footer").text
    assert "survey: synthetic demonstration data" in footer
    journey.shot("overview-before")

    # 2. The analyst loads the new export from the command line.
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "etl",
            "load-survey",
            str(EXPORT),
            "--codebook",
            str(CODEBOOK),
        ],
        cwd=REPO,
        env={**os.environ, "SCOREBOARD_DB": str(private_db)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    (journey.folder / "02-load-survey-output.txt").write_text(
        f"$ python -m etl load-survey {EXPORT.relative_to(REPO)} "
        f"--codebook {CODEBOOK.relative_to(REPO)}\n\n{result.stdout}{result.stderr}",
        encoding="utf-8",
    )
    journey.step += 1
    assert result.returncode == 0, result.stdout + result.stderr
    assert "rows read 75, loaded 73, rejected 2" in result.stdout
    assert "removes the synthetic default dataset" in result.stdout
    assert built_db.read_bytes() == shared_before  # the session database is untouched

    # 3. Reload: the new respondents are counted and the synthetic label is gone.
    dash_duo.driver.refresh()
    dash_duo.wait_for_text_to_equal("h1", "Regions in industrial transition", WAIT)
    wait_until(
        dash_duo,
        lambda _d: _respondents_fact(dash_duo) == "73",
        "the overview does not count the 73 new respondents",
    )
    footer = dash_duo.find_element(".site-footer").text
    assert "synthetic" not in footer.lower(), footer
    journey.shot("overview-after")

    # 4. Stakeholder views: the new dataset, its size, no synthetic alert or badge.
    click_link(dash_duo, "Stakeholder views")
    dash_duo.wait_for_text_to_equal("h1", "Stakeholder views", WAIT)
    dash_duo.wait_for_element("#stk-likert-k1-graph .ytick", timeout=WAIT)
    lead = dash_duo.find_element(".page-header").text
    assert "(73 respondents in the data shown)" in lead, lead
    assert dash_duo.find_element("#stk-synthetic-alert").text == ""
    assert dash_duo.find_elements(".synthetic-badge") == []
    page = dash_duo.find_element("main").text
    assert "Synthetic demonstration data" not in page
    assert (
        f"dataset {NEW_DATASET}." in dash_duo.find_element("#stk-likert-k1-note").text
    )
    assert NEW_DATASET in dash_duo.find_element("#stk-dataset").text
    labels = bar_labels(dash_duo, "stk-likert-k1")
    # About 7 respondents a region: n on every bar, small cells suppressed.
    assert len(labels) == 10, labels
    assert all(" · n=" in b or b.endswith("suppressed") for b in labels), labels
    assert any(" · n=" in b for b in labels), labels
    journey.shot("stakeholder-views-after")

    # 5. Perception vs evidence uses the same survey: no synthetic label there either.
    dash_duo.driver.get(dash_duo.server_url + "/")
    click_link(dash_duo, "Perception vs evidence")
    dash_duo.wait_for_text_to_equal("h1", "Perception vs evidence", WAIT)
    settle(dash_duo)
    assert dash_duo.find_element("#per-synthetic-alert").text == ""
    assert dash_duo.find_elements(".synthetic-badge") == []
    journey.shot("perception-after")

    # 6. Data & methods: the load with its counts and the two rejected rows.
    row = load_history_row(dash_duo, EXPORT.name)
    cells = [c.text for c in row.find_elements("css selector", "td")]
    assert cells[4:7] == ["75", "73", "2"], cells
    assert f"dataset {NEW_DATASET}" in cells[-1]
    rejects = dash_duo.wait_for_element("#data-reject-table", timeout=WAIT)
    wait_until(
        dash_duo,
        lambda _d: (
            "unknown region" in rejects.text
            and "duplicate respondent id" in rejects.text
        ),
        "the rejected rows of the new load are not listed",
    )
    centre(dash_duo, row)
    journey.shot("data-and-methods-after")

    assert dash_duo.get_logs() == []
    print(journey.report())


# jrn005: a strategy officer of Saxony's ministry preparing a briefing. The region, its
# id and the pages that must open on it are what the person chooses and expects; the
# brief's rank is checked against the rank the profile shows.
MY_REGION, MY_REGION_ID = "Saxony", "SAX"


def _my_row(duo) -> str:
    """The Scoreboard table's row marked as the reader's region ('' while rendering)."""
    cells = duo.find_elements(".sco-my-region-cell")
    return cells[0].text if cells else ""


def test_jrn005_briefing_my_region_chosen_once_and_the_brief_downloaded(
    dash_duo, dash_app
):
    from pypdf import PdfReader

    journey = Journey(dash_duo, "briefing")
    dash_duo.start_server(dash_app)
    dash_duo.driver.set_window_size(1366, 768)

    # 1. The first visit: the Overview asks which region; Saxony is chosen once.
    dash_duo.driver.get(dash_duo.server_url + "/")
    dash_duo.wait_for_text_to_equal("h1", "Regions in industrial transition", WAIT)
    dash_duo.wait_for_element("#my-region-prompt", timeout=WAIT)
    journey.shot("first-visit-prompt")
    toggle_dropdown_option(dash_duo, "my-region-prompt-picker", MY_REGION)
    wait_until(
        dash_duo,
        lambda d: not d.find_elements("css selector", "#my-region-prompt"),
        "the prompt stays open after choosing a region",
    )
    wait_until(
        dash_duo,
        lambda _d: MY_REGION in dash_duo.find_element("#my-region-picker").text,
        "the picker under the menu bar does not show the chosen region",
    )

    # 2-5. Each page from the menu opens on Saxony: its address carries it and the page
    #      shows it (the Scoreboard's marked row, Compare with three suggested peers,
    #      Measures on it, Stakeholder views' marked bars).
    def compared(_d) -> bool:
        chosen = dropdown_values(dash_duo, "cmp-regions")
        return len(chosen) == 4 and MY_REGION in chosen

    pages = [
        ("Scoreboard", "me", lambda _d: _my_row(dash_duo) == MY_REGION),
        ("Compare", "peer", compared),
        (
            "Measures",
            "region",
            lambda _d: MY_REGION in dash_duo.find_element("#msr-region").text,
        ),
        (
            "Stakeholders",
            "me",
            lambda _d: any(
                label.startswith(f"▶ {MY_REGION} · n=")
                for label in bar_labels(dash_duo, "stk-likert-k1")
            ),
        ),
    ]
    for link, key, shows_it in pages:
        click_link(dash_duo, link, within="nav")
        wait_until(
            dash_duo,
            lambda d, key=key, shows_it=shows_it: (
                f"{key}={MY_REGION_ID}" in d.current_url and shows_it(d)
            ),
            f"{link} does not open on {MY_REGION}",
        )
        if link == "Stakeholders":
            centre(dash_duo, dash_duo.find_element("#stk-likert-k1"))
        journey.shot(link.lower())

    # 6. Its profile, one click from the bar under the menu: the headline.
    click(dash_duo, dash_duo.find_element("#my-region-profile"))
    dash_duo.wait_for_text_to_equal("h1", MY_REGION, WAIT)
    assert dash_duo.driver.current_url.endswith(f"/region/{MY_REGION_ID}")
    rank = dash_duo.wait_for_element("#headline-rank", timeout=WAIT).text
    assert " of 10" in rank, rank
    dash_duo.wait_for_element("#headline-dots .js-plotly-plot", timeout=WAIT)
    settle(dash_duo)
    journey.shot("profile-1366x768")
    dash_duo.driver.set_window_size(1920, 1080)
    settle(dash_duo)
    journey.shot("profile-1920x1080")

    # 7. The brief: a valid PDF of two A4 pages with the region, its rank and the chart.
    click(dash_duo, dash_duo.find_element("#headline-brief"))
    brief = wait_for_download(dash_duo, f"region-brief-{MY_REGION_ID}.pdf", timeout=120)
    journey.keep("brief", brief)
    assert brief.read_bytes().startswith(b"%PDF-")
    pdf = PdfReader(brief)
    assert len(pdf.pages) == 2
    first = pdf.pages[0]
    # A4 is 210 x 297 mm = 595 x 842 pt.
    width, height = float(first.mediabox.width), float(first.mediabox.height)
    assert abs(width - 595) < 2 and abs(height - 842) < 2, (width, height)
    text = " ".join((p.extract_text() or "") for p in pdf.pages)
    flat = " ".join(text.split())
    assert MY_REGION in flat
    assert rank in flat, (rank, flat[:400])
    assert len(first.images) >= 1  # the dimension chart
    assert first.images[0].image.width >= 800

    assert dash_duo.get_logs() == []
    print(journey.report())
