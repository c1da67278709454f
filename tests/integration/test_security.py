"""Production defaults: security headers, CSP from hashes, no debug, no traceback on errors."""

from __future__ import annotations


def test_sec001_security_headers_on_pages_and_assets(dash_app):
    client = dash_app.server.test_client()
    for path in ("/", "/scoreboard", "/assets/style.css"):
        response = client.get(path)
        assert response.status_code == 200, path
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "frame-ancestors 'self'" in csp
        assert "'sha256-" in csp
        assert "'unsafe-eval'" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_sec002_debug_and_dev_tools_are_off(dash_app):
    assert dash_app.server.debug is False
    assert not dash_app._dev_tools.ui
    body = dash_app.server.test_client().get("/").get_data(as_text=True)
    assert "dash-debug-menu" not in body


def test_sec003_malformed_callback_request_gets_no_traceback(dash_app):
    client = dash_app.server.test_client()
    client.get("/")
    response = client.post(
        "/_dash-update-component", data="{not json", content_type="application/json"
    )
    assert response.status_code in (400, 500)
    assert "Traceback" not in response.get_data(as_text=True)
