"""Challenges: Which regions share which challenges, from the EOCIC report.

NOTE: not built yet; the page says what it will show and shows nothing invented.
"""

from __future__ import annotations

import dash
from dash import html

from dashboard.components.shell import upcoming

dash.register_page(
    __name__,
    path="/challenges",
    name="Challenges",
    order=4,
    title="Challenges · Regional Ecosystem Scoreboard",
)


def layout(**_query: str) -> html.Div:
    """Placeholder for the Challenges view (unknown query parameters are ignored)."""
    return upcoming(
        "Challenges",
        "Which regions share which challenges, from the EOCIC report.",
        [
            "A regions × challenges matrix with joint challenges and megatrends grouped, sortable",
            "The evidence sentence and source for every cell, and how many regions share each challenge",
            "A peer finder: the regions whose challenge sets are most alike (Jaccard similarity)",
        ],
    )
