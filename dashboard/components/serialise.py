"""Dash components serialised by reading only the properties they were given.

Dash's ``Component.to_plotly_json`` asks every component for every property its class
knows (``hasattr`` for each of ~30 names, then a scan of its attributes for ``data-*`` and
``aria-*``). The properties a component was given are exactly its instance attributes, so
reading those gives the same JSON (``tests/unit/test_serialise.py`` checks it on every
component class the app uses, and that no property is a class attribute).

NOTE (performance): a page of many small components (Data & methods: ~2,000 at EU
scale) spent half its serialisation in that scan: 44 -> 21 ms.

A figure object in a graph's ``figure`` is sent as the traces and layout it holds.
Plotly's own ``to_dict`` deep-copies both (so that a caller may change the copy) and
walks every value looking for arrays to pack: 2-8 ms a chart, a fifth of a Region
profile's render. The JSON encoder only reads, so no copy is needed; the same numbers
reach the browser (numeric arrays as lists instead of packed bytes), which the same
test checks on the app's figures.
"""

from __future__ import annotations

from dash.development.base_component import Component
from plotly.basedatatypes import BaseFigure

ORIGINAL = Component.to_plotly_json
_SPECS: dict[type, tuple[frozenset, tuple]] = {}


def to_plotly_json(self: Component) -> dict:
    """What Dash's own ``to_plotly_json`` returns (properties in the order set)."""
    spec = _SPECS.get(type(self))
    if spec is None:
        spec = _SPECS[type(self)] = (
            frozenset(self._prop_names),
            tuple(self._valid_wildcard_attributes),
        )
    names, wildcards = spec
    props = {
        key: value
        for key, value in self.__dict__.items()
        if key in names or (wildcards and key.startswith(wildcards))
    }
    figure = props.get("figure")
    if isinstance(figure, BaseFigure):
        props["figure"] = plain_figure(figure)
    return {"props": props, "type": self._type, "namespace": self._namespace}


def plain_figure(figure: BaseFigure) -> dict:
    """A figure's traces and layout as plotly holds them (read, never copied).

    NOTE: plotly's storage (``_data``, ``_layout``: plain dicts and lists) in the pinned
    plotly version; ``tests/unit/test_serialise.py`` checks it against ``to_dict``.
    """
    out = {"data": figure._data, "layout": figure._layout}
    if figure._frame_objs:
        out["frames"] = [frame._props for frame in figure._frame_objs]
    return out


def install() -> None:
    """Serialise every component this way (the app calls it once at start-up)."""
    Component.to_plotly_json = to_plotly_json
