"""Compare: Two to four regions side by side.

NOTE: not built yet; the page says what it will show and shows nothing invented.
"""

from __future__ import annotations

import dash
from dash import html

from dashboard.components.shell import upcoming

dash.register_page(
    __name__,
    path="/compare",
    name="Compare",
    order=2,
    title="Compare · Regional Ecosystem Scoreboard",
)


def layout(**_query: str) -> html.Div:
    """Placeholder for the Compare view (unknown query parameters are ignored)."""
    return upcoming(
        "Compare",
        "Two to four regions side by side.",
        [
            "A profile chart over dimensions or indicators against the benchmark",
            "Indicator bars and time series for the chosen regions",
            "Their shared and distinct challenges",
            "Suggested peers, each with the reason it was suggested",
        ],
    )
