"""Scoreboard, Compare and Region profile in a real browser, on the real default data."""

from __future__ import annotations

import pytest
from journeys_helpers import SCREENSHOTS
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def shot(duo, name: str) -> None:
    duo.driver.set_window_size(1280, 1000)
    height = duo.driver.execute_script("return document.body.scrollHeight")
    duo.driver.set_window_size(1280, min(int(height) + 100, 6000))
    duo.driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))
    duo.driver.set_window_size(1280, 1000)


def svg_text(duo, selector: str) -> str:
    return " ".join(e.text for e in duo.find_elements(selector))


def wait_svg(duo, selector: str, text: str, timeout: int = 20) -> None:
    """Wait until an element's text (SVG text included) contains ``text``; the page
    re-renders from the URL, so elements may go stale while we look."""

    def found(driver) -> bool:
        try:
            return text in " ".join(
                e.text for e in driver.find_elements(By.CSS_SELECTOR, selector)
            )
        except StaleElementReferenceException:
            return False

    WebDriverWait(duo.driver, timeout).until(found)


def click_radio(duo, value: str, name_id: str) -> None:
    radio = duo.find_element(f"#{name_id} input[value='{value}']")
    label = duo.find_element(f"#{name_id} label[for='{radio.get_attribute('id')}']")
    click(duo, label)


def click(duo, element) -> None:
    # NOTE: a JS click: the sticky navbar can cover an element selenium scrolled to.
    duo.driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center'});", element
    )
    duo.driver.execute_script("arguments[0].click();", element)


def test_sco001_scoreboard_grid_charts_and_controls(served):
    served.driver.get(served.server_url + "/scoreboard")
    served.wait_for_text_to_equal("h1", "Scoreboard", timeout=15)
    served.wait_for_element(".ag-row", timeout=15)
    grid = served.find_element("#sco-grid").text
    assert "Saxony" in grid and "Hauts-de-France" in grid
    assert "no data yet" in served.find_element("#sco-no-data").text.lower()
    wait_svg(served, "#sco-ranking-graph .gtitle", "Overall")
    assert "composite score (min-max (0-1))" in svg_text(
        served, "#sco-ranking-graph .xtitle"
    )
    assert "no data yet" in svg_text(
        served, "#sco-composites-graph .textpoint"
    ) or "no data yet" in (served.find_element("#sco-composites-graph").text)
    shot(served, "scoreboard-1-default")

    click_radio(served, "zscore", "sco-norm")
    wait_svg(served, "#sco-ranking-graph .xtitle", "z-score")
    assert "norm=zscore" in served.driver.current_url

    served.select_dcc_dropdown("#sco-rank", value="Indicator: GDP per inhabitant (PPS)")
    wait_svg(served, "#sco-ranking-graph .gtitle", "GDP per inhabitant (PPS)")
    assert "EU27 = 100" in served.find_element("#sco-ranking-graph").text
    shot(served, "scoreboard-2-gdp-zscore")

    served.driver.refresh()  # the state is in the URL
    wait_svg(served, "#sco-ranking-graph .gtitle", "GDP per inhabitant (PPS)")
    assert served.find_element("#sco-norm input[value='zscore']").is_selected()
    assert served.get_logs() == []


def test_sco002_scoreboard_year_and_weights(served):
    served.driver.get(served.server_url + "/scoreboard?rank=qg&year=2017")
    wait_svg(served, "#sco-ranking-graph .gtitle", "Quality of governance")
    assert "years 2017" in served.find_element("#sco-ranking-graph").text
    served.driver.get(served.server_url + "/scoreboard?wd=kb:3,af:0")
    served.wait_for_element(".ag-row", timeout=15)
    kb = served.find_element('input[id*=\'"key":"kb"\']')
    assert kb.get_attribute("value") == "3"
    shot(served, "scoreboard-3-weights")
    assert served.get_logs() == []


GRID_TEXTS = """
const api = dash_ag_grid.getApi('sco-grid');
const out = {};
api.forEachNodeAfterFilterAndSort((node) => {
  for (const col of api.getColumns()) {
    const def = col.getColDef();
    if (!def.context) { continue; }
    const value = api.getCellValue({rowNode: node, colKey: col});
    const params = {data: node.data, node, colDef: def, column: col, api, value};
    out[node.data.region + '|' + col.getColId()] = [
      api.getCellValue({rowNode: node, colKey: col, useFormatter: true}),
      def.tooltipValueGetter(params),
    ];
  }
});
return out;
"""


def expected_grid_texts(dash_app, query: dict) -> dict[str, list[str]]:
    """Every cell's label and hover text as the server used to write them."""
    from dashboard.components.url_state import parse_query
    from dashboard.figures import scoreboard as figs
    from dashboard.pages import scoreboard as page

    with dash_app.server.app_context():
        state, _ = parse_query(query, page.PARAMS)
        view = page.build_view(state)
    cells = {
        (c["region_id"], c["indicator_id"]): c
        for c in view.board.cells.to_dict("records")
    }
    out = {}
    for region_id, name in view.names.items():
        for indicator_id, meta_row in view.meta.iterrows():
            cell = cells.get((region_id, indicator_id))
            key = f"{name}|{indicator_id}"
            if cell is None:
                year = f" for {view.board.year}" if view.board.year else ""
                out[key] = ["–", f"no value{year}"]
                continue
            mark = figs.DERIVED_MARK if cell["is_derived"] else ""
            flag = f" {cell['flag']}" if cell["flag"] and len(cell["flag"]) <= 3 else ""
            label = f"{figs.fmt_value(cell['value'])}{mark}{flag} ({int(cell['year'])})"
            out[key] = [label, page._cell_hover(cell, meta_row, view.board.method)]
    return out


@pytest.mark.parametrize("query", [{}, {"norm": "zscore", "year": "2017"}])
def test_sco005_grid_labels_and_hover_texts_are_the_full_cell_details(
    served, dash_app, query
):
    """The browser composes each cell's label and hover text (the page no longer
    carries one hover string per cell): value, unit, year, flag, derived mark, parts,
    score, index and group, and source, for every cell, exactly as before."""
    search = "&".join(f"{k}={v}" for k, v in query.items())
    served.driver.get(
        served.server_url + "/scoreboard" + ("?" + search if search else "")
    )
    served.wait_for_element("#sco-grid .ag-row", timeout=20)
    expected = expected_grid_texts(dash_app, query)
    shown = served.driver.execute_script(GRID_TEXTS)
    assert shown == expected
    tips = " ".join(tip for _label, tip in shown.values())
    assert "derived from NUTS-2 parts" in tips and "flag " in tips
    assert "size-dependent count: shown, not scored" in tips
    assert "(benchmark = 100)" in tips and "source: Eurostat, regional" in tips

    # a real hover shows the same text (a cell of the GDP column)
    column = "gdp_pps_per_inhabitant"
    tips = {v[1] for k, v in expected.items() if k.endswith(f"|{column}")}
    cell = served.find_element(
        f"#sco-grid .ag-center-cols-container [col-id='{column}']"
    )
    served.driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center'});", cell
    )
    ActionChains(served.driver).move_to_element(cell).move_by_offset(2, 2).perform()

    def tooltip(driver) -> str | bool:
        found = driver.find_elements(By.CSS_SELECTOR, ".ag-tooltip")
        return found[0].text if found and found[0].text in tips else False

    assert (
        WebDriverWait(served.driver, 20)
        .until(tooltip)
        .startswith("GDP per inhabitant (PPS): ")
    )

    # sorting a column orders the regions by value
    served.driver.execute_script(
        "dash_ag_grid.getApi('sco-grid').applyColumnState({state: "
        "[{colId: 'gdp_pps_per_inhabitant', sort: 'desc'}]});"
    )
    order = served.driver.execute_script(
        "const out = []; dash_ag_grid.getApi('sco-grid')"
        ".forEachNodeAfterFilterAndSort((n) => out.push(n.data.region)); return out;"
    )
    gdp = {
        k.split("|")[0]: v
        for k, v in expected.items()
        if k.endswith("|gdp_pps_per_inhabitant") and v[0] != "–"
    }
    values = [
        float(gdp[r][0].split(" ")[0].rstrip("†").replace(",", ""))
        for r in order
        if r in gdp
    ]
    assert values == sorted(values, reverse=True)
    assert served.get_logs() == []


def test_sco003_compare_profile_bars_series_challenges_peers(served):
    served.driver.get(served.server_url + "/compare")
    served.wait_for_text_to_equal("h1", "Compare", timeout=15)
    wait_svg(served, "#cmp-profile-graph .gtitle", "Profile over dimensions")
    wait_svg(served, "#cmp-series-graph .gtitle", "GDP per inhabitant (PPS) over time")
    assert "nama_10r_3gdp" in served.find_element("#cmp-bars-graph").text
    assert "Shared by all 3" in served.find_element("#cmp-challenges").text
    peers = served.find_element("#cmp-peer-list").text
    assert "similar GDP per head" in peers and "nearest indicator profile" in peers
    shot(served, "compare-1-default")

    click_radio(served, "indicators", "cmp-axis")
    wait_svg(served, "#cmp-profile-graph .gtitle", "Profile over indicators")
    served.driver.set_window_size(1280, 2400)  # the dropdown in view for a native click
    served.select_dcc_dropdown(
        "#cmp-indicator",
        value="Tertiary educational attainment, age 25-64 (Knowledge basis and skills)",
    )
    wait_svg(served, "#cmp-series-graph .gtitle", "Tertiary educational attainment")
    series = served.find_element("#cmp-series-graph").text
    assert "EU28 (not EU27)" in series and "derived from NUTS-2 parts" in series
    assert "ind=tertiary_attainment_25_64" in served.driver.current_url
    shot(served, "compare-2-tertiary")
    assert served.get_logs() == []


def test_sco004_region_profile_strengths_weaknesses_and_parts(served):
    served.driver.get(served.server_url + "/region/HDF")
    served.wait_for_text_to_equal("h1", "Hauts-de-France", timeout=15)
    strongest = served.find_element("#profile-strongest").text
    assert "Rank among pilots" in strongest and " of " in strongest
    assert "†" in served.find_element("#profile-indicators").text
    # Hauts-de-France's whole-region values, the EQI included, are derived from its
    # NUTS-2 parts FRE1+FRE2 and marked †; no index score is left as parts only.
    marks = [
        e.get_attribute("title")
        for e in served.find_elements("#profile-indicators span[title]")
    ]
    assert any("FRE1+FRE2" in t for t in marks)
    assert not served.find_elements("#profile-parts")
    assert served.find_element("#profile-stakeholders")
    body = served.find_element("main").text
    assert "Challenges" in body and "Proposed measures" in body
    shot(served, "region-profile-hdf")

    click(served, served.find_element("#profile-indicators a"))
    served.wait_for_text_to_equal("h1", "Compare", timeout=15)
    served.wait_for_contains_text("#cmp-peers", "Hauts-de-France", timeout=15)
    assert served.get_logs() == []
