"""The page shown for an unknown address."""

from __future__ import annotations

import dash
from dash import dcc, html

dash.register_page(
    __name__, path="/404", name="Page not found", nav=False, title="Page not found"
)


def layout(**_query: str) -> html.Div:
    """A plain 404 with a way back."""
    return html.Div(
        [
            html.H1("Page not found", className="h2"),
            html.P("There is no page at this address."),
            dcc.Link("Go to the overview", href="/"),
        ]
    )
