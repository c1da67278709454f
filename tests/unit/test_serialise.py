"""Components serialise to exactly what Dash's own method gives, for every component
class the app uses."""

from __future__ import annotations

import json

import dash_bootstrap_components as dbc
from dash import dash_table, dcc, html
from dash.development.base_component import Component

from dashboard.components import serialise


def _classes() -> list[type]:
    found = []
    for module in (html, dcc, dbc, dash_table):
        for name in dir(module):
            obj = getattr(module, name)
            if isinstance(obj, type) and issubclass(obj, Component):
                found.append(obj)
    return found


def test_srl001_no_property_is_a_class_attribute():
    # Dash's method asks hasattr() for each property name: a class attribute of that
    # name would be serialised without being given. The fast method reads only what
    # was given, so the two agree only if no property is a class attribute.
    clashes = [
        (cls.__name__, p)
        for cls in _classes()
        for p in getattr(cls, "_prop_names", [])
        if p in vars(cls) or any(p in vars(base) for base in cls.__mro__[1:])
    ]
    assert clashes == []


def test_srl002_the_same_json_as_dash_for_a_page_of_components():
    layout = html.Div(
        [
            html.H1("Title", id="t", className="h4", **{"aria-live": "polite"}),
            html.Dl(
                [html.Dt("Unit"), html.Dd("% of GDP", **{"data-x": "1"})],
                className="row",
            ),
            dcc.Graph(id="g", figure={"data": [], "layout": {}}, config={"a": 1}),
            dcc.Dropdown(options=["a", "b"], value="a", id="d", clearable=False),
            dbc.Card(dbc.CardBody("body"), id="c"),
            dash_table.DataTable(data=[{"a": 1}], columns=[{"id": "a", "name": "A"}]),
            dcc.Link("go", href="/x"),
            html.Details([html.Summary("More"), html.P("\n".join(["x", "y"]))]),
            None,
            "text",
        ],
        id="page",
    )

    def dump(method) -> str:
        before = Component.to_plotly_json  # installed or not, as this process has it
        Component.to_plotly_json = method
        try:
            return json.dumps(layout, cls=_Encoder, sort_keys=True)
        finally:
            Component.to_plotly_json = before

    assert dump(serialise.to_plotly_json) == dump(serialise.ORIGINAL)


class _Encoder(json.JSONEncoder):
    def default(self, o):
        return o.to_plotly_json()


def _numbers(value):
    """JSON as the browser reads it: packed arrays unpacked, NaN as null (plotly.js
    draws both as a gap)."""
    import base64

    import numpy as np

    if isinstance(value, dict) and {"bdata", "dtype"} <= set(value):
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        if "shape" in value:
            array = array.reshape([int(k) for k in str(value["shape"]).split(",")])
        return _numbers(array.tolist())
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {k: _numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers(v) for v in value]
    return value


def test_srl003_a_figure_object_reaches_the_browser_with_the_same_numbers():
    import numpy as np
    import plotly.graph_objects as go
    from dash._utils import to_json

    from dashboard.figures.format import empty_figure

    validated = go.Figure(go.Bar(x=np.array([1.5, np.nan, 3.0]), y=["a", "b", "c"]))
    validated.add_vline(x=2)
    heat = go.Figure(
        data=[{"type": "heatmap", "z": np.array([[1.0, np.nan], [0.25, 4.0]])}],
        layout={"height": 300, "title": {"text": "t"}},
        _validate=False,
    )
    figures = [validated, heat, empty_figure("Nothing to show.")]
    graphs = html.Div([dcc.Graph(id=f"g{k}", figure=f) for k, f in enumerate(figures)])

    def sent(method) -> dict:
        before = Component.to_plotly_json
        Component.to_plotly_json = method
        try:
            return _numbers(json.loads(to_json(graphs)))
        finally:
            Component.to_plotly_json = before

    fast, dash_own = sent(serialise.to_plotly_json), sent(serialise.ORIGINAL)
    assert fast == dash_own
    # and the figures were sent whole: hand-known values arrive
    first = fast["props"]["children"][0]["props"]["figure"]
    assert first["data"][0]["x"] == [1.5, None, 3.0]
    assert first["layout"]["shapes"][0]["x0"] == 2
    # reading the figure changed nothing in it
    assert list(validated.to_dict()["data"][0]["y"]) == ["a", "b", "c"]
