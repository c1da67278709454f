"""Glossary: the method words used on the pages, in plain words."""

from __future__ import annotations

from dash import html

from dashboard.components.glossary import TERMS
from dashboard.components.shell import page_header, register_page

register_page(__name__, "/glossary", "Glossary", 9, nav=False)


def layout(**_query: str) -> html.Div:
    """Every term with its definition (unknown query parameters ignored)."""
    return html.Div(
        [
            page_header(
                "Glossary",
                "The method words used on these pages, each in plain words. "
                "Terms on the pages link here.",
            ),
            html.Dl(
                [
                    part
                    for t in TERMS
                    for part in (
                        html.Dt(t.word, id=t.anchor, className="h5 mt-3"),
                        html.Dd(t.definition, className="glossary-definition"),
                    )
                ],
                id="glossary-list",
            ),
            html.P(
                [
                    "Where each number comes from: ",
                    html.A("Data & methods", href="/data"),
                    ".",
                ]
            ),
        ],
        className="glossary-page",
    )
