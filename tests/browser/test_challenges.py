"""Challenges and Measures pages in a real browser: counts against the published sources, Jaccard
values, sorting and filters, the evidence panel, URL state across reloads, screenshots."""

from __future__ import annotations

import base64
import html
import re
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from journeys_helpers import SCREENSHOTS
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from tests.expected import report_challenges

REPO = Path(__file__).resolve().parents[2]
PILOTS = {"CAN", "CVL", "ENF", "HDF", "LTU", "NMS", "PIE", "SAX", "SVN", "WAL"}


def _reference_counts() -> dict[str, int]:
    """Challenge name (the source's wording) -> number of regions the source names."""
    counts = {c["challenge"]: len(c["regions"]) for c in report_challenges()}
    assert len(counts) == 17
    return counts


def _match(reference_name: str, names: list[str]) -> str:
    # Names in the warehouse keep the source's wording; match on the opening words.
    found = [n for n in names if n.lower()[:25] == reference_name.lower()[:25]]
    assert len(found) == 1, reference_name
    return found[0]


def _graph(served, graph_id: str) -> dict:
    return served.driver.execute_script(
        "const gd = document.querySelector(arguments[0] + ' .js-plotly-plot');"
        "return {data: gd.data.map(t => ({name: t.name, x: t.x, y: t.y, customdata: t.customdata,"
        " text: t.text})), annotations: (gd.layout.annotations || []).map(a => ({x: a.x, y: a.y, text: a.text})),"
        " xticks: gd.layout.xaxis.ticktext, yticks: gd.layout.yaxis.ticktext,"
        " yvals: gd.layout.yaxis.tickvals};",
        f"#{graph_id}",
    )


def _query(served) -> dict[str, list[str]]:
    return parse_qs(urlsplit(served.driver.current_url).query)


def _wait_query(served, key: str, value: str, timeout: float = 10) -> None:
    end = time.time() + timeout
    while time.time() < end:
        if _query(served).get(key) == [value]:
            return
        time.sleep(0.1)
    raise AssertionError(f"URL never had {key}={value}: {served.driver.current_url}")


def _wait_until(check, what: str, timeout: float = 10) -> None:
    end = time.time() + timeout
    while time.time() < end:
        try:
            if check():
                return
        except Exception:  # noqa: BLE001 - the page may be re-rendering
            pass
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _shot(served, name: str) -> None:
    """Save a screenshot of the whole page (the window is stretched, then restored)."""
    height = served.driver.execute_script(
        "return document.documentElement.scrollHeight"
    )
    served.driver.set_window_size(1280, min(int(height) + 140, 6000))
    time.sleep(0.3)
    served.driver.save_screenshot(str(SCREENSHOTS / name))
    served.driver.set_window_size(1280, 1000)


def _select(served, selector: str, label: str) -> None:
    """Pick an option of a dcc.Dropdown by its label (scrolled to the middle first)."""
    element = served.find_element(selector)
    # NOTE: 'instant': Bootstrap turns on smooth scrolling, and a click during the
    # scroll animation lands on the wrong element.
    served.driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element
    )
    served.select_dcc_dropdown(selector, value=label)


def test_chl001_matrix_counts_equal_reference_and_caveats_are_visible(served):
    from dashboard.queries import challenges as q

    challenges = q.challenges()
    names = challenges.set_index("challenge_id")["name"].to_dict()
    served.driver.get(served.server_url + "/challenges")
    served.wait_for_text_to_equal("h1", "Challenges", timeout=10)
    served.wait_for_element(
        "#chl-matrix-graph .js-plotly-plot .scatterlayer", timeout=10
    )
    graph = _graph(served, "chl-matrix-graph")

    # Dots per challenge row in the figure, and the count annotation at that row.
    dots: dict[str, int] = {}
    for trace in graph["data"]:
        for point in trace["customdata"] or []:
            dots[point[1]] = dots.get(point[1], 0) + 1
    row_y = {}
    for value, text in zip(graph["yvals"], graph["yticks"], strict=True):
        row_y[value] = text
    # The count column sits right of the last region column.
    annotated = {
        a["y"]: int(re.sub(r"<[^>]+>", "", a["text"]))
        for a in graph["annotations"]
        if re.fullmatch(r"<b>\d+</b>", a["text"]) and a["x"] > len(graph["xticks"]) - 1
    }
    per_region = [
        int(re.sub(r"<[^>]+>", "", a["text"]))
        for a in graph["annotations"]
        if re.fullmatch(r"<b>\d+</b>", a["text"]) and a["x"] <= len(graph["xticks"]) - 1
    ]
    assert sum(per_region) == 85 and len(per_region) == 10
    assert len(annotated) == 17
    table = {}
    for challenge_id in names:
        table[challenge_id] = int(
            served.find_element(f"#chl-count-{challenge_id}").text
        )

    expected = _reference_counts()
    for ref_name, n in expected.items():
        challenge_id = next(
            c
            for c, name in names.items()
            if name == _match(ref_name, list(names.values()))
        )
        assert dots.get(challenge_id, 0) == n, ref_name
        assert table[challenge_id] == n, ref_name
    assert sorted(annotated.values()) == sorted(expected.values())
    # The families are grouped under their own headers.
    headers = [t for t in graph["yticks"] if t.startswith("<b>")]
    assert len(headers) == 3 and "JOINT" in headers[0] and "MEGATRENDS" in headers[1]
    assert "named for the region" in headers[2]  # the per-region count row

    caveats = served.find_element("#chl-caveats").text
    assert "seven" in caveats and "eight" in caveats
    assert "Joint Peer Review Meeting" in caveats
    _shot(served, "challenges-default.png")

    # Exports are rebuilt from the URL: the matrix's data is the evidence table.
    from dashboard.components.exports import payload_for

    payload = payload_for("chl-matrix", "?family=joint&region=SAX")
    assert len(payload.data) == 25 and set(payload.data["family"]) == {"joint"}
    assert payload.data["evidence"].str.len().min() > 20
    peers = payload_for("chl-peers", "?region=NMS").data
    assert (
        peers.iloc[0]["region_id"],
        peers.iloc[0]["shared"],
        peers.iloc[0]["named_for_either"],
    ) == ("PIE", 11, 14)
    assert len(payload_for("chl-similarity", "").data) == 90
    assert served.get_logs() == []


def test_chl002_peer_finder_states_hand_checked_jaccard(served):
    # Hand-checked from the report (tests/expected/report_challenges.csv): HDF {R&I access, demographic, climate,
    # digitalisation} and SAX {collaboration, demographic, talent, climate,
    # digitalisation} share 3 of 6 -> 0.50; NMS (13) and PIE (12) share 11 of 14 -> 0.79.
    served.driver.get(served.server_url + "/challenges?region=HDF")
    served.wait_for_text_to_equal("#chl-peer-jaccard-SAX", "0.50", timeout=10)
    row = served.find_element("#chl-peer-row-SAX").text
    assert "3 / 6" in row and "Demographic change" in row and "Digitalisation" in row
    assert (
        "Most alike: Saxony (Jaccard 0.50, 3 shared of 6)"
        in served.find_element("#chl-peers-lead").text
    )

    served.driver.get(served.server_url + "/challenges?region=NMS")
    served.wait_for_text_to_equal("#chl-peer-jaccard-PIE", "0.79", timeout=10)
    assert "11 / 14" in served.find_element("#chl-peer-row-PIE").text
    first = served.find_elements("#chl-peers-table tbody tr")[0]
    assert first.get_attribute("id") == "chl-peer-row-PIE"

    # The similarity heatmap states the same values.
    served.wait_for_element(
        "#chl-similarity-graph .js-plotly-plot .heatmaplayer", timeout=10
    )
    heat = _graph(served, "chl-similarity-graph")["data"][0]
    labels = heat["x"]
    i, j = labels.index("North-Middle Sweden"), labels.index("Piemonte")
    assert heat["text"][i][j] == "0.79"
    i, j = labels.index("Hauts-de-France"), labels.index("Saxony")
    assert heat["text"][i][j] == "0.50"
    _shot(served, "challenges-peers-NMS.png")
    assert served.get_logs() == []


def test_chl003_sorting_filters_evidence_and_url_survive_reload(served):
    from dashboard.analytics.challenges import matrix_order
    from dashboard.queries import challenges as q
    from dashboard.queries import regions as rq

    regions = rq.regions()[["region_id", "name"]]
    names = dict(zip(regions["region_id"], regions["name"], strict=True))
    served.driver.get(served.server_url + "/challenges")
    served.wait_for_element("#chl-matrix-graph .js-plotly-plot", timeout=10)

    # Ordering: by similarity.
    served.find_element(
        "label[for='_dbcprivate_radioitems_chl-order_input_similarity']"
    ).click()
    _wait_query(served, "order", "similarity")
    served.wait_for_element("#chl-matrix-graph .js-plotly-plot", timeout=10)
    expected, _ = matrix_order(
        q.challenge_cells(),
        q.challenges(),
        regions,
        ordering="similarity",
        focus_region="CAN",
    )
    _wait_until(
        lambda: (
            [html.unescape(t) for t in _graph(served, "chl-matrix-graph")["xticks"]]
            == [names[r] for r in expected]
        ),
        "the matrix in similarity order",
    )

    # Region: Saxony via the dropdown.
    _select(served, "#chl-region", "Saxony")
    _wait_query(served, "region", "SAX")
    served.wait_for_text_to_equal(
        "#chl-peers-heading", "Peer finder: regions most alike Saxony"
    )
    assert _query(served)["order"] == ["similarity"]

    # Family filter: joint challenges only -> 5 rows, 25 dots.
    served.find_element(
        "label[for='_dbcprivate_radioitems_chl-family_input_joint']"
    ).click()
    _wait_query(served, "family", "joint")
    _wait_until(
        lambda: not served.find_elements("#chl-count-mt_digitalisation"), "the filter"
    )
    served.wait_for_element(
        "#chl-matrix-graph .js-plotly-plot .scatterlayer", timeout=10
    )
    graph = _graph(served, "chl-matrix-graph")
    assert sum(len(t["customdata"] or []) for t in graph["data"]) == 25
    assert len([t for t in graph["yticks"] if not t.startswith("<b>")]) == 5
    assert not served.find_elements("#chl-count-mt_digitalisation")
    _shot(served, "challenges-joint-similarity-SAX.png")

    # Reload keeps region, ordering and family.
    served.driver.refresh()
    served.wait_for_text_to_equal(
        "#chl-peers-heading", "Peer finder: regions most alike Saxony", timeout=10
    )
    assert _query(served) == {
        "region": ["SAX"],
        "order": ["similarity"],
        "family": ["joint"],
    }
    assert served.find_element("#chl-region").text.strip().startswith("Saxony")
    checked = served.driver.find_element(By.CSS_SELECTOR, "#chl-order input:checked")
    assert checked.get_attribute("value") == "similarity"

    # Click a dot: the evidence panel shows the sentence and its source.
    served.find_element(
        "label[for='_dbcprivate_radioitems_chl-family_input_all']"
    ).click()
    served.wait_for_element("#chl-count-mt_digitalisation", timeout=10)
    point = served.driver.find_elements(
        By.CSS_SELECTOR, "#chl-matrix-graph .scatterlayer .trace:nth-child(3) .point"
    )[0]
    ActionChains(served.driver).move_to_element(point).click().perform()
    served.wait_for_element("#chl-detail-evidence", timeout=10)
    assert served.find_element("#chl-detail-source").text.startswith(
        "EOCIC summary report (2019), Ch. 3"
    )
    _shot(served, "challenges-evidence.png")

    # Back goes to the previous state; an unknown value is ignored with a notice.
    served.driver.back()
    _wait_query(served, "family", "joint")
    served.driver.get(served.server_url + "/challenges?order=bogus&region=SAX")
    served.wait_for_text_to_equal(
        "#chl-peers-heading", "Peer finder: regions most alike Saxony", timeout=10
    )
    notice = served.find_element("main").text
    # The notice counts what it ignored and names what the page understands; it never
    # repeats what the address said.
    assert "were ignored (1 setting)" in notice and "bogus" not in notice
    assert "This page understands: " in notice and "order" in notice
    assert served.get_logs() == []


def test_chl004_measures_matrix_region_panel_and_url(served):
    served.driver.get(served.server_url + "/measures")
    served.wait_for_text_to_equal("h1", "Measures", timeout=10)
    header = served.find_element("#msr-matrix thead").text
    for text in (
        "Strategy dimension",
        "Capacity building dimension",
        "Strategy development",
        "Strategy implementation",
        "Networks",
        "Skills",
    ):
        assert text in header
    assert (
        "Innovation partnerships" in served.find_element("#msr-cell-LTU-networks").text
    )
    assert (
        "Innovation partnerships"
        in served.find_element("#msr-cell-LTU-strategy-implementation").text
    )
    assert (
        "Strategiewerkstatt"
        in served.find_element("#msr-cell-SAX-strategy-development").text
    )
    assert served.find_element("#msr-cell-SAX-skills").text == "–"
    assert len(served.find_elements("#msr-journey .card")) == 5
    assert len(served.find_elements("#msr-functions .card")) == 3
    assert "Figure 8" in served.find_element("#msr-no-links").text
    from dashboard.pages.measures import download_measures

    sent = download_measures(1)
    text = base64.b64decode(sent["content"]).decode("utf-8-sig")
    provenance, data = text.split("\n\n", 1)
    assert provenance.startswith('# Title,"Proposed measures')
    assert len(data.strip().splitlines()) == 1 + 20  # one row per measure and type
    _shot(served, "measures-default.png")

    _select(served, "#msr-region", "Piemonte")
    _wait_query(served, "region", "PIE")
    served.wait_for_text_to_equal(
        "#msr-region-panel h3", "Challenges named for Piemonte", timeout=10
    )
    served.driver.refresh()
    served.wait_for_text_to_equal(
        "#msr-region-panel h3", "Challenges named for Piemonte", timeout=10
    )
    assert "table-primary" in served.find_element("#msr-row-PIE").get_attribute("class")
    measures = served.find_element("#msr-region-measures").text
    assert "Broaden the objectives of cluster policies" in measures
    assert (
        "entrepreneurship, digitalisation, skills mismatch" in measures
    )  # the stated link
    served.driver.get(served.server_url + "/measures?region=SVN")
    served.wait_for_element("#msr-monitoring-note", timeout=10)
    _shot(served, "measures-SVN.png")
    assert served.get_logs() == []
