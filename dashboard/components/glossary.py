"""A method word linked to its glossary entry, with the definition on hover."""

from __future__ import annotations

from dash import html

from dashboard.views.glossary import BY_ANCHOR

PATH = "/glossary"


def term(anchor: str, text: str | None = None) -> html.A:
    """``text`` (default: the word as it reads in a sentence) linking to ``/glossary#anchor``.

    NOTE: a plain link (a full page load), so that the browser lands on the entry;
    ``assets/glossary.js`` scrolls to it once the page has rendered.
    """
    entry = BY_ANCHOR[anchor]
    return html.A(
        text or entry.in_sentence,
        href=f"{PATH}#{anchor}",
        title=entry.definition,
        className="glossary-term",
    )
