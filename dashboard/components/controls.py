"""The pages' labelled controls, written once: a label tied to its control by ``for``
(screen readers and clicks on the label find it) above a radio group, a checklist or a
dropdown. Render only: options and values come from the page.

    field("radio", "stk-theme", "Theme", {"knowledge": "Knowledge base"}, "knowledge")
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

LATEST = {"label": "Latest available per region", "value": "latest"}

Options = Mapping[Any, Any] | Iterable[dict]

_KINDS = {
    "radio": dbc.RadioItems,
    "checklist": dbc.Checklist,
    "dropdown": dcc.Dropdown,
}


def options(choices: Options) -> list[dict]:
    """``{value: label}`` or a list of option dicts, as Dash options."""
    if isinstance(choices, Mapping):
        return [{"label": label, "value": value} for value, label in choices.items()]
    return list(choices)


def year_options(years: Iterable[object]) -> list[dict]:
    """ "Latest available per region" first, then each year."""
    return [LATEST, *({"label": y, "value": y} for y in years)]


def field(
    kind: str,
    control_id: str,
    label: str,
    choices: Options,
    value: object,
    *,
    class_name: str = "mb-3",
    empty: str | None = None,
    help_text: str | None = None,
    **props: Any,
) -> html.Div:
    """A label and its control (``kind``: radio, checklist or dropdown).

    Dropdowns are single-choice, not clearable and not searchable unless ``props`` say
    otherwise; ``props`` go to the control. With no choices and an ``empty`` sentence,
    the sentence stands where the control would (which stays, hidden, for its callback).
    ``help_text`` is a short line under the control.
    """
    if kind == "dropdown":
        props = {"clearable": False, "searchable": False, **props}
    listed = options(choices)
    children: list = [
        dbc.Label(label, html_for=control_id, class_name="fw-semibold mb-1")
    ]
    if not listed and empty:
        children.append(html.P(empty, className="small text-body-secondary mb-0"))
        props = {**props, "className" if kind == "dropdown" else "class_name": "d-none"}
    children.append(_KINDS[kind](id=control_id, options=listed, value=value, **props))
    if help_text:
        children.append(html.Small(help_text, className="text-body-secondary"))
    return html.Div(children, className=class_name)


def named(frame, key: str) -> dict:
    """``{frame[key]: frame["name"]}``, in the frame's order (choices from a table)."""
    return dict(zip(frame[key], frame["name"], strict=True))


def year_field(control_id: str, years: Iterable[object], value: object) -> html.Div:
    """The "Year" dropdown: latest available per region, then each year."""
    return field(
        "dropdown",
        control_id,
        "Year",
        year_options(years),
        value,
        searchable=True,
        class_name="",
    )


def theme_field(control_id: str, themes, value: object) -> html.Div:
    """The survey theme, as radio buttons (``themes``: theme_id, name)."""
    return field("radio", control_id, "Theme", named(themes, "theme_id"), value)


def toggle(control_id: str, label: str, choices: Options, value: object) -> html.Div:
    """A short choice between a few settings: radio buttons on one line."""
    return field("radio", control_id, label, choices, value, inline=True, class_name="")
