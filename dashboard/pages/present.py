"""Present: A full-screen sequence for the Joint Peer Review Meeting.

NOTE: not built yet; the page says what it will show and shows nothing invented.
"""

from __future__ import annotations

import dash
from dash import html

from dashboard.components.shell import upcoming

dash.register_page(
    __name__,
    path="/present",
    name="Present",
    order=8,
    title="Present · Regional Ecosystem Scoreboard",
)


def layout(**_query: str) -> html.Div:
    """Placeholder for the Present view (unknown query parameters are ignored)."""
    return upcoming(
        "Present",
        "A full-screen sequence for the Joint Peer Review Meeting.",
        [
            "Title, the regions on a map, the joint challenges, one slide per survey theme, the measures typology, the peer finder and the five key questions",
            "Keyboard navigation (arrows, space, Escape) with the slide number in the address",
            "Download of the whole sequence as a PowerPoint deck",
        ],
    )
