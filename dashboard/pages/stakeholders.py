"""Stakeholder views: What about 180 stakeholders in the ten regions said in the EOCIC survey.

NOTE: not built yet; the page says what it will show and shows nothing invented.
"""

from __future__ import annotations

import dash
from dash import html

from dashboard.components.shell import upcoming

dash.register_page(
    __name__,
    path="/stakeholders",
    name="Stakeholder views",
    order=5,
    title="Stakeholder views · Regional Ecosystem Scoreboard",
)


def layout(**_query: str) -> html.Div:
    """Placeholder for the Stakeholder views view (unknown query parameters are ignored)."""
    return upcoming(
        "Stakeholder views",
        "What about 180 stakeholders in the ten regions said in the EOCIC survey.",
        [
            "Diverging stacked Likert bars per statement, by theme, region and stakeholder type, with n on every bar",
            "Share agreeing with a 95% interval beside the published pooled share",
            "Cells with fewer than 5 respondents suppressed",
            "Flags where a region differs clearly from the rest",
        ],
    )
