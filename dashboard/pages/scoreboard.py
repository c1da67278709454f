"""Scoreboard: Regions compared on regional indicators, grouped by the dimensions of the EOCIC Regional Ecosystem Scoreboard.

NOTE: not built yet; the page says what it will show and shows nothing invented.
"""

from __future__ import annotations

import dash
from dash import html

from dashboard.components.shell import upcoming

dash.register_page(
    __name__,
    path="/scoreboard",
    name="Scoreboard",
    order=1,
    title="Scoreboard · Regional Ecosystem Scoreboard",
)


def layout(**_query: str) -> html.Div:
    """Placeholder for the Scoreboard view (unknown query parameters are ignored)."""
    return upcoming(
        "Scoreboard",
        "Regions compared on regional indicators, grouped by the dimensions of the EOCIC Regional Ecosystem Scoreboard.",
        [
            "A regions × indicators table coloured by normalised score, with raw value, unit, year and flag on hover",
            "Composite scores per dimension with the method shown (normalisation, direction, weights) and weights you can change",
            "Ranking bars for an indicator or dimension with the benchmark (EU27 = 100 where available) and performance groups",
            "Rank stability across normalisation choices and weightings",
        ],
    )
