"""Exports: the CSV/XLSX hold exactly the chart's rows with provenance; formulas are inert."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import plotly.graph_objects as go

from dashboard.export.files import (
    ChartPayload,
    neutralise,
    to_csv_bytes,
    to_image_bytes,
    to_xlsx_bytes,
)

DATA = pd.DataFrame(
    {
        "region": ["Saxony", '=HYPERLINK("http://x","y")', "@SUM(A1)"],
        "share": [0.5, 0.25, -0.1],
        "n": [20, 18, 7],
    }
)


def payload(**kw) -> ChartPayload:
    fig = go.Figure(go.Bar(x=DATA["region"], y=DATA["share"]))
    return ChartPayload(
        figure=fig,
        data=DATA,
        title="Share agreeing",
        source="EOCIC survey (Fig. 2)",
        years="2018",
        filters="theme=knowledge",
        **kw,
    )


def test_exp001_csv_header_block_then_exactly_the_rows():
    text = to_csv_bytes(payload(synthetic=True)).decode("utf-8-sig")
    head, _, body = text.partition("\n\n")
    assert "# Source,EOCIC survey (Fig. 2)" in head
    assert "Synthetic demonstration data" in head
    frame = pd.read_csv(io.StringIO(body))
    assert frame["share"].tolist() == [0.5, 0.25, -0.1]
    assert frame["n"].tolist() == [20, 18, 7]
    assert frame["region"].tolist()[0] == "Saxony"


def test_exp002_formulas_are_neutralised_in_csv_and_xlsx():
    text = to_csv_bytes(payload()).decode("utf-8-sig")
    assert "\n'=HYPERLINK" in text.replace('"', "")
    assert "'@SUM(A1)" in text
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(payload())))
    values = [
        c.value
        for row in book["Data"].iter_rows()
        for c in row
        if isinstance(c.value, str)
    ]
    assert not any(v.startswith(("=", "+", "@")) for v in values)
    numbers = [
        c.value
        for row in book["Data"].iter_rows()
        for c in row
        if isinstance(c.value, float)
    ]
    assert -0.1 in numbers  # negative numbers stay numbers


def test_exp003_neutralise_leaves_numbers_and_plain_text():
    assert neutralise(-3) == -3
    assert neutralise("Saxony") == "Saxony"
    assert neutralise("-1+2") == "'-1+2"
    assert neutralise("\tx") == "'\tx"


def test_exp004_png_and_svg_include_title_and_source():
    svg = to_image_bytes(payload(synthetic=True), "svg").decode("utf-8")
    assert "Share agreeing" in svg and "EOCIC survey" in svg and "Synthetic" in svg
    png = to_image_bytes(payload(), "png", width=600, height=400)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_exp005_one_renderer_serves_many_exports_and_recovers():
    """Images after the first come from the same renderer; a bad figure is a clear
    error that leaves it working; a renderer that died is replaced at the next export."""
    import pytest

    from dashboard.export import render

    def job(width: int, fmt: str = "png") -> dict:
        fig = go.Figure(go.Bar(x=["a", "b"], y=[1, 2])).to_plotly_json()
        return {"figure": fig, "format": fmt, "width": width, "height": 200}

    first = render.render_many([job(300)])[0]
    pid = render._RENDERER.proc.pid
    png, svg = render.render_many([job(320), job(340, "svg")])
    assert first[:8] == png[:8] == b"\x89PNG\r\n\x1a\n" and svg.lstrip()[:4] == b"<svg"
    assert render._RENDERER.proc.pid == pid

    bad = {
        "figure": {"data": [{"type": "no-such-trace"}]},
        "format": "png",
        "width": 100,
        "height": 100,
    }
    with pytest.raises(render.RenderError, match="image rendering failed: ValueError"):
        render.render_many([bad])
    assert render.render_many([job(360)])[0][:4] == b"\x89PNG"
    assert render._RENDERER.proc.pid == pid

    render._RENDERER.proc.kill()
    render._RENDERER.proc.wait()
    assert render.render_many([job(380)])[0][:4] == b"\x89PNG"
    assert render._RENDERER.proc.pid != pid


def test_exp006_a_hung_renderer_is_given_up_at_the_time_limit_and_replaced(monkeypatch):
    """An export never hangs a worker: a renderer that stops answering is killed at the
    time limit (a clear error), and the next export starts a new one."""
    import signal

    import pytest

    from dashboard.export import render

    def job(width: int) -> dict:
        fig = go.Figure(go.Bar(x=["a"], y=[1])).to_plotly_json()
        return {"figure": fig, "format": "png", "width": width, "height": 150}

    assert render.render_many([job(200)])[0][:4] == b"\x89PNG"
    hung = render._RENDERER.proc
    monkeypatch.setattr(render, "TIMEOUT_S", 2)
    hung.send_signal(signal.SIGSTOP)  # alive, but never answers
    with pytest.raises(render.RenderError, match="took longer than 2 s"):
        render.render_many([job(210)])
    assert hung.poll() is not None  # killed, not left behind
    monkeypatch.setattr(render, "TIMEOUT_S", 50)
    assert render.render_many([job(220)])[0][:4] == b"\x89PNG"
    assert render._RENDERER.proc.pid != hung.pid
