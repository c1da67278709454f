"""Page state in the URL query string: parse with allowlists, encode, report what was ignored.

Each page declares its parameters once as :class:`Param` objects. ``layout(**query)``
calls :func:`parse_query` to get validated initial control values (plus notices for
anything ignored), and a thin callback writes the controls back with
:func:`encode_query` into the page's ``dcc.Location``. Dash Pages re-renders the page
from the new query, so reload, shared links and back/forward all reopen the same view.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.params import Param, encode_query, parse_query

# NOTE: the parameters themselves live in dashboard.params (below the cache and the
# chart registry, which validate with them); pages import them from here with the notice.
__all__ = ["Param", "encode_query", "ignored_notice", "parse_query"]


def ignored_notice(ignored: list[str]) -> html.Div | dbc.Alert:
    """A short, dismissable notice that some settings in the address were ignored.

    It counts them and names the settings the page understands; it never repeats what
    the address said (anyone can write a sentence into a link's parameter names).
    """
    if not ignored:
        return html.Div()
    count = len(set(ignored))
    text = (
        "Some settings in the address were not recognised and were ignored "
        f"({count} setting{'s' if count != 1 else ''})."
    )
    allowed = getattr(ignored, "allowed", ())
    if allowed:
        text += f" This page understands: {', '.join(allowed)}."
    return dbc.Alert(
        text,
        color="secondary",
        dismissable=True,
        class_name="py-2 small",
    )
