"""Analytics layer (see STYLE.md)."""
