"""Extraction steps: turn ../shared/data into the committed default snapshot in data/."""
