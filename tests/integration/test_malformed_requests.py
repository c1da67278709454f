"""Malformed requests get 400 or 404, never 500; bodies over the limit get 413.

One test per case a review found answered with 500 (and a 6 KB traceback in the log):
deep nesting, deep nesting inside ``changedPropIds``, a trigger id that is not an input
of the callback, an integer no browser can send, an unknown component-suite file. The
chunked upload runs against gunicorn, where ``Transfer-Encoding: chunked`` reaches the
app as a stream (the test client cannot send one).
"""

from __future__ import annotations

import json
import socket
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _body(dash_app, output_id: str, values: list) -> dict:
    spec = dash_app.callback_map[output_id]
    return {
        "output": output_id,
        "outputs": {"id": output_id.split(".")[0], "property": "children"},
        "inputs": [
            {"id": dep["id"], "property": dep["property"], "value": value}
            for dep, value in zip(spec["inputs"], values, strict=True)
        ],
        "state": [],
        "changedPropIds": [
            f"{spec['inputs'][0]['id']}.{spec['inputs'][0]['property']}"
        ],
    }


@pytest.fixture
def client(dash_app):
    client = dash_app.server.test_client()
    client.get("/")  # Dash Pages imports every page (and registers its callbacks)
    return client


def _post(client, body: bytes | str):
    return client.post(
        "/_dash-update-component", data=body, content_type="application/json"
    )


def test_mal001_deeply_nested_body_is_400(client):
    response = _post(client, "[" * 100_000)
    assert response.status_code == 400
    assert "nested too deeply" in response.get_data(as_text=True)


def test_mal002_deep_nesting_inside_changed_prop_ids_is_400(client, dash_app):
    body = _body(dash_app, "data-reject-table.children", [1])
    text = json.dumps(body).replace(
        '"changedPropIds": [', '"changedPropIds": [' + "[" * 100_000, 1
    )
    response = _post(client, text)
    assert response.status_code == 400


def test_mal003_trigger_id_that_is_not_an_input_is_400(client, dash_app):
    body = _body(dash_app, "data-reject-table.children", [1])
    assert _post(client, json.dumps(body)).status_code == 200  # the real one works
    for bad in ("{x.n_clicks", "data-reject-load", '{"a":1}.value', "nope.value"):
        body["changedPropIds"] = [bad]
        response = _post(client, json.dumps(body))
        assert response.status_code == 400, bad
        assert "changedPropIds" in response.get_data(as_text=True)


def test_mal004_integer_beyond_what_a_browser_sends_is_400(client, dash_app):
    body = _body(dash_app, "data-reject-table.children", [10**40])
    response = _post(client, json.dumps(body))
    assert response.status_code == 400
    assert "integer out of range" in response.get_data(as_text=True)
    # The largest integer a browser's JSON carries exactly still reaches the page.
    body = _body(dash_app, "data-reject-table.children", [2**53])
    assert _post(client, json.dumps(body)).status_code == 200


def test_mal005_unknown_component_suite_file_is_404(client):
    for path in (
        "/_dash-component-suites/dash/zz.js",
        "/_dash-component-suites/not_a_package/zz.js",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Traceback" not in response.get_data(as_text=True)


def test_mal006_body_over_the_limit_with_a_length_is_413(client):
    from dashboard.request_guard import MAX_BODY_BYTES

    response = _post(client, b" " * (MAX_BODY_BYTES + 1))
    assert response.status_code == 413


def _rss_peak_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


def _workers(master: int) -> list[int]:
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True
    ).stdout
    return [int(p) for p in out.split()]


@pytest.mark.slow
def test_mal007_chunked_upload_over_the_limit_is_413_without_reading_it(built_db):
    from bench.heavy import start_server

    server, base = start_server(
        built_db,
        {
            "SCOREBOARD_WORKERS": "1",
            "SCOREBOARD_WARM_RENDERER": "0",
            "SCOREBOARD_CACHE": "off",
        },
    )
    port = int(base.rsplit(":", 1)[1])
    try:
        (worker,) = _workers(server.pid)
        # Warm the worker (pages imported) so the peak below is the upload's.
        with socket.create_connection(("127.0.0.1", port)) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            while s.recv(65536):
                pass
        before = _rss_peak_kb(worker)
        chunk = b"[" + b" " * (1024 * 1024 - 1)
        framed = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
        sent = 0
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            s.sendall(
                b"POST /_dash-update-component HTTP/1.1\r\nHost: x\r\n"
                b"Content-Type: application/json\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n"
            )
            try:
                while sent < 400 * 1024 * 1024:
                    s.sendall(framed)
                    sent += len(chunk)
                s.sendall(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server answered and closed: it stopped reading
            answer = b""
            try:
                while b"\r\n\r\n" not in answer:
                    piece = s.recv(65536)
                    if not piece:
                        break
                    answer += piece
            except ConnectionResetError:
                pass
        assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
        grown_mb = (_rss_peak_kb(worker) - before) / 1024
        print(
            f"sent {sent / 2**20:.0f} MB before the answer; worker peak +{grown_mb:.1f} MB"
        )
        assert grown_mb < 50
    finally:
        server.terminate()
        server.wait(timeout=30)
