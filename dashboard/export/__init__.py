"""Export layer (see STYLE.md)."""
