"""Every page in the navbar renders its heading in a real browser, with no console errors."""

from __future__ import annotations

from journeys_helpers import SCREENSHOTS

NAV_PAGES = [
    ("/", "Regions in industrial transition"),
    ("/scoreboard", "Scoreboard"),
    ("/compare", "Compare"),
    ("/regions", "Regions"),
    ("/challenges", "Challenges"),
    ("/stakeholders", "Stakeholder views"),
    ("/perception", "Perception vs evidence"),
    ("/measures", "Measures"),
    ("/data", "Data & methods"),
    ("/present", "Joint Peer Review Meeting — regions in industrial transition"),
]


def test_shl001_every_nav_page_renders_heading_without_console_errors(served):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    nav_links = {
        a.get_attribute("href").replace(served.server_url, "") or "/"
        for a in served.find_elements("nav a.nav-link")
    }
    assert {path for path, _ in NAV_PAGES} <= nav_links
    for path, heading in NAV_PAGES:
        served.driver.get(served.server_url + path)
        served.wait_for_text_to_equal("h1", heading, timeout=20)
        name = "home" if path == "/" else path.strip("/")
        served.driver.save_screenshot(str(SCREENSHOTS / f"shell-{name}.png"))
        assert served.get_logs() == [], path


def test_shl002_region_profile_shows_challenges_and_measures(served):
    served.driver.get(served.server_url + "/region/SAX")
    served.wait_for_text_to_equal("h1", "Saxony", timeout=20)
    body = served.find_element("main").text
    assert "Insufficient collaboration and cooperation" in body
    assert "Strategiewerkstatt" in body
    assert served.get_logs() == []


def test_shl003_unknown_address_shows_404(served):
    served.driver.get(served.server_url + "/no-such-page")
    served.wait_for_text_to_equal("h1", "Page not found", timeout=20)
    assert served.get_logs() == []


def test_shl004_data_page_lists_every_load(served):
    from dashboard.queries import meta

    files = meta.load_history()["file_name"].tolist()
    assert len(files) >= 10
    served.driver.get(served.server_url + "/data")
    served.wait_for_text_to_equal("h1", "Data & methods", timeout=20)
    body = served.find_element("main").text
    for file_name in files:
        assert file_name in body
    assert served.get_logs() == []


def test_shl006_full_sticky_menu_from_1200px_with_the_current_page_marked(served):
    driver = served.driver
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1200, "height": 800, "deviceScaleFactor": 1, "mobile": False},
    )
    try:
        driver.get(served.server_url + "/scoreboard")
        served.wait_for_text_to_equal("h1", "Scoreboard", timeout=20)
        assert not served.find_element("#shell-navbar-toggler").is_displayed()
        links = served.find_elements(".navbar-nav .nav-link")
        assert all(link.is_displayed() for link in links)
        tops = {round(link.location["y"]) for link in links}
        assert len(tops) == 1  # one line
        current = served.find_elements(".navbar-nav .nav-link[aria-current='page']")
        assert [link.text for link in current] == ["Scoreboard"]
        driver.execute_script("window.scrollTo(0, 2500)")
        served.wait_for_element(".navbar", timeout=5)
        top = driver.execute_script(
            "return document.querySelector('.navbar').getBoundingClientRect().top"
        )
        assert abs(top) < 1  # still at the top of a long page
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1100, "height": 800, "deviceScaleFactor": 1, "mobile": False},
        )
        toggler = served.wait_for_element("#shell-navbar-toggler", timeout=5)
        assert toggler.is_displayed()  # one tap away below 1200 px
        top = driver.execute_script(
            "return document.querySelector('.navbar').getBoundingClientRect().top"
        )
        assert abs(top) < 1
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert served.get_logs() == []
