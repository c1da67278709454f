"""Components built the fast way hold exactly what Dash's own constructor gives them, and
a wrong property raises Dash's own error, for every component class the app uses."""

from __future__ import annotations

import inspect

import dash_bootstrap_components as dbc
import pytest
from dash import dash_table, dcc, html
from dash.development.base_component import Component

from dashboard.components import construct


def _classes() -> list[type]:
    found = []
    for module in (html, dcc, dbc, dash_table):
        for name in dir(module):
            obj = getattr(module, name)
            if (
                isinstance(obj, type)
                and issubclass(obj, Component)
                and obj is not Component
            ):
                found.append(obj)
    return found


def _build(method, cls, kwargs):
    """(what the component holds, or the error it raised) with ``method`` as the base
    constructor."""
    before = Component.__init__  # installed or not, as this process has it
    Component.__init__ = method
    try:
        component = cls(**kwargs)
    except Exception as error:  # noqa: BLE001 (the error itself is compared)
        return ("raised", type(error), str(error))
    finally:
        Component.__init__ = before
    return ("built", dict(vars(component)))


def _cases(cls) -> list[dict]:
    # the properties are the constructor's named parameters
    names = [
        p.name
        for p in inspect.signature(cls.__init__).parameters.values()
        if p.kind is p.POSITIONAL_OR_KEYWORD and p.name != "self"
    ]
    cases = [
        {},
        {"id": "x"},
        {"id": {"type": "card", "index": 1}},  # a pattern-matching id
        {"id": {"type": 1}},  # a dict id with a wrong value: Dash's error
        {"id": 3},  # not a string: Dash's error
        {"not_a_property": 1},  # Dash's error, with the allowed names
        {"data-x": "1", "aria-label": "a"},  # wildcards, or Dash's error without them
    ]
    if "children" in names:
        cases.append({"children": [html.Span("a"), "b", None]})
    if "className" in names:
        cases.append(
            {"className": "a b", "style": {"color": "red"}}
            if "style" in names
            else {"className": "a"}
        )
    other = next((p for p in names if p not in ("children", "id")), None)
    if other is not None:
        cases.append({other: html.Span("a")})  # a component in a non-children property
        cases.append({other: None, "id": "y"})
    return cases


@pytest.mark.parametrize(
    "cls", _classes(), ids=lambda c: f"{c.__module__}.{c.__name__}"
)
def test_cst001_the_same_component_or_the_same_error_as_dash(cls):
    for kwargs in _cases(cls):
        fast = _build(construct.__init__, cls, kwargs)
        dash_own = _build(construct.ORIGINAL, cls, kwargs)
        assert fast == dash_own, (cls.__name__, kwargs)


def test_cst002_the_checks_still_refuse_what_dash_refuses():
    # hand-known: these are Dash's documented refusals
    with pytest.raises(TypeError, match="unexpected keyword argument: `colour`"):
        _raise(html.Div, {"colour": "red"})
    with pytest.raises(TypeError, match="detected a Component for a prop other than"):
        _raise(html.Div, {"title": html.Span("x")})
    with pytest.raises(TypeError, match="`id` prop must be a string or dict"):
        _raise(html.Div, {"id": 3})


def _raise(cls, kwargs):
    before = Component.__init__
    Component.__init__ = construct.__init__
    try:
        cls(**kwargs)
    finally:
        Component.__init__ = before
