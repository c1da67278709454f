"""Measures: The measures proposed for each region, by type.

NOTE: not built yet; the page says what it will show and shows nothing invented.
"""

from __future__ import annotations

import dash
from dash import html

from dashboard.components.shell import upcoming

dash.register_page(
    __name__,
    path="/measures",
    name="Measures",
    order=6,
    title="Measures · Regional Ecosystem Scoreboard",
)


def layout(**_query: str) -> html.Div:
    """Placeholder for the Measures view (unknown query parameters are ignored)."""
    return upcoming(
        "Measures",
        "The measures proposed for each region, by type.",
        [
            "A regions × types matrix (strategy development, strategy implementation, networks, skills) with the measures named",
            "A region's challenges beside its measures",
            "The five steps of the industrial-transition journey and the three cluster functions",
        ],
    )
