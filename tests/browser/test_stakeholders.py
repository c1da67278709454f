"""Stakeholder views in a real browser: theme and breakdown switch, charts change, URL keeps state."""

from __future__ import annotations

from journeys_helpers import SCREENSHOTS, bar_labels, click_label
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def _shot(duo, name: str) -> None:
    duo.driver.save_screenshot(str(SCREENSHOTS / f"stakeholders-{name}.png"))


def _full_page_shot(duo, name: str) -> None:
    height = duo.driver.execute_script("return document.body.scrollHeight")
    duo.driver.set_window_size(1280, min(int(height) + 100, 6000))
    _shot(duo, name)
    duo.driver.set_window_size(1280, 1000)


def test_stk001_page_shows_theme_charts_with_n_and_synthetic_label(served):
    served.driver.get(served.server_url + "/stakeholders")
    served.wait_for_text_to_equal("h1", "Stakeholder views", timeout=10)
    served.wait_for_element("#stk-likert-k1-graph .ytick", timeout=30)
    labels = bar_labels(served, "stk-likert-k1")
    assert len(labels) == 10
    # Every bar says its n, or that it is suppressed (K1 leaves out one region whose
    # answers the disclosure rules cannot protect).
    assert all(" · n=" in label or "suppressed" in label for label in labels), labels
    assert sum(" · n=" in label for label in labels) >= 9, labels
    assert (
        "Synthetic demonstration data"
        in served.find_element("#stk-synthetic-alert").text
    )
    badges = served.find_elements(".chart-card .synthetic-badge")
    cards = served.find_elements(".chart-card")
    assert len(badges) == len(cards) >= 7  # pooled + K1..K5 + heatmap
    note = served.find_element("#stk-likert-k1-note").text
    assert "don't know" in note and "does not define" in note
    assert "EOCIC summary report (2019), Ch. 3, Figs. 2-6" in note
    assert served.find_element("#stk-heatmap-graph .heatmaplayer")
    _full_page_shot(served, "default")
    assert served.get_logs() == []


def test_stk002_switch_theme_and_breakdown_changes_charts_and_url(served):
    served.driver.get(served.server_url + "/stakeholders")
    served.wait_for_element("#stk-likert-k1-graph .ytick", timeout=30)
    before = bar_labels(served, "stk-likert-k1")

    click_label(served, "stk-theme", "Circular economy and eco-efficiency")
    served.wait_for_element("#stk-likert-e1-graph .ytick", timeout=30)
    assert "theme=circular" in served.driver.current_url
    assert served.find_elements("#stk-likert-k1-graph") == []
    assert "Circular economy" in served.find_element("#stk-theme-title").text
    # Wait for the new theme's labels rather than read them mid-render.
    WebDriverWait(served.driver, 30).until(
        lambda d: any(
            label.startswith("East & North Finland") and "▲" in label
            for label in bar_labels(served, "stk-likert-e1")
        )
    )
    e1 = bar_labels(served, "stk-likert-e1")
    _shot(served, "circular")

    click_label(served, "stk-by", "By stakeholder type")
    WebDriverWait(served.driver, 30).until(
        lambda d: (
            "by=stakeholder_type" in d.current_url
            and len(bar_labels(served, "stk-likert-e1")) == 5
        )
    )
    types = bar_labels(served, "stk-likert-e1")
    assert types != e1 and types != before
    assert any(label.startswith("Investors") for label in types)
    _full_page_shot(served, "circular-by-type")

    # Reload keeps the view; back returns to the by-region view.
    served.driver.refresh()
    served.wait_for_element("#stk-likert-e1-graph .ytick", timeout=30)
    assert len(bar_labels(served, "stk-likert-e1")) == 5
    served.driver.back()
    WebDriverWait(served.driver, 30).until(
        lambda d: (
            "by=" not in d.current_url
            and len(bar_labels(served, "stk-likert-e1")) == 10
        )
    )
    assert served.get_logs() == []


def test_stk003_filters_persist_in_url_and_small_cells_are_suppressed(served):
    url = (
        served.server_url
        + "/stakeholders?theme=digital&by=stakeholder_type&regions=CAN"
    )
    served.driver.get(url)
    served.wait_for_element("#stk-likert-d1-graph .ytick", timeout=30)
    labels = bar_labels(served, "stk-likert-d1")
    # One region's stakeholder types are cells of 1-5 respondents: suppressed.
    assert len(labels) == 5 and all("suppressed" in label for label in labels), labels
    checked = [
        box.get_attribute("value")
        for box in served.find_elements("#stk-regions input")
        if box.is_selected()
    ]
    assert checked == ["CAN"]
    _shot(served, "suppressed")

    click_label(served, "stk-by", "By region")
    WebDriverWait(served.driver, 30).until(lambda d: "by=" not in d.current_url)
    # The labels are read once, inside the wait: the chart may re-render (and show none)
    # between two separate reads.
    labels = WebDriverWait(served.driver, 30).until(
        lambda d: (
            (found := bar_labels(served, "stk-likert-d1")) and len(found) == 1 and found
        )
    )
    assert labels[0].startswith("Cantabria · n="), labels
    assert "regions=CAN" in served.driver.current_url
    assert served.get_logs() == []


def test_stk004_bad_url_values_are_ignored_with_a_notice(served):
    served.driver.get(
        served.server_url + "/stakeholders?theme=nope&by=x&regions=ZZZ&evil=1"
    )
    served.wait_for_element("#stk-likert-k1-graph .ytick", timeout=30)
    notice = served.driver.find_element(By.CSS_SELECTOR, ".alert-secondary").text
    # Counted, with what the page understands; what the address said is not repeated.
    assert "ignored (4 settings)" in notice and "evil" not in notice
    assert "This page understands: theme, by, regions, types, ds, me." in notice
    assert len(bar_labels(served, "stk-likert-k1")) == 10
    assert served.get_logs() == []
