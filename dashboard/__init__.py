"""The Dash app of the Regional Ecosystem Scoreboard (reads the warehouse read-only)."""
