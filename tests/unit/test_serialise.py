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
