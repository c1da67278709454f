"""Dash components built without writing an error message for every property.

Dash's ``Component.__init__`` formats, for every property a component is given, the
message it would raise if that property were wrong (package, version and id: a dict and
three string formats), and only then checks the property. Here the same checks come
first; when one fails, Dash's own constructor runs, so a wrong property raises exactly
Dash's error. ``tests/unit/test_construct.py`` builds every component class the app uses
both ways and compares what they hold and what they raise.

NOTE (performance): a component cost 7-13 µs to build, about half of it that message;
Data & methods builds ~3,200 components at EU scale, a Region profile ~540.
"""

from __future__ import annotations

from dash.development.base_component import Component

ORIGINAL = Component.__init__


def __init__(self: Component, **kwargs) -> None:  # noqa: N807 (Dash's method name)
    """What Dash's own constructor does when every property is valid."""
    self._validate_deprecation()
    names = self._prop_names
    wildcards = self._valid_wildcard_attributes
    for key, value in kwargs.items():
        if (
            (key not in names and not any(key.startswith(w) for w in wildcards))
            or (isinstance(value, Component) and key not in self._base_nodes)
            or (key == "id" and not isinstance(value, str))
        ):
            # a wrong property, or a dict id to check: Dash's checks and messages
            ORIGINAL(self, **kwargs)
            return
        setattr(self, key, value)


def install() -> None:
    """Build every component this way (the app calls it once at start-up)."""
    Component.__init__ = __init__
