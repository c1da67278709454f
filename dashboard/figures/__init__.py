"""Figures layer (see STYLE.md)."""
