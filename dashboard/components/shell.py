"""The app shell: navbar built from the page registry, footer with sources and vintage."""

from __future__ import annotations

import logging

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard.db import DatabaseUnavailable

log = logging.getLogger(__name__)

SOURCES_NOTE = (
    "Sources: EOCIC summary report on lessons learnt from fostering modern cluster policy "
    "in regions in industrial transition (European Commission, 2019) and the DG GROW "
    "slides (2019); Eurostat, the European Quality of Government Index and EC cohesion "
    "data (cited on every chart; full references on Data & methods). "
    "© EuroGeographics for the administrative boundaries."
)


def navbar(extra: list | None = None) -> dbc.Navbar:
    """Top navigation with one link per page that asks to be in the navbar, and
    ``extra`` controls beside the brand, visible at every width (e.g. the "my region"
    picker: one click from any page, also when the links fold into the menu)."""
    pages = sorted(
        (p for p in dash.page_registry.values() if p.get("nav", True)),
        key=lambda p: p.get("order", 99),
    )
    links = [
        dbc.NavItem(
            dbc.NavLink(
                p.get("nav_label", p["name"]), href=p["relative_path"], active="exact"
            )
        )
        for p in pages
    ]
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand(
                    [
                        html.Span("Regional ", className="brand-long"),
                        "Ecosystem Scoreboard",
                    ],
                    href="/",
                ),
                *(extra or []),
                dbc.NavbarToggler(
                    html.Span(
                        [
                            html.Span(className="navbar-toggler-icon"),
                            html.Span("Menu", className="visually-hidden"),
                        ]
                    ),
                    id="shell-navbar-toggler",
                    n_clicks=0,
                ),
                dbc.Collapse(
                    dbc.Nav(links, navbar=True),
                    id="shell-navbar-collapse",
                    navbar=True,
                    is_open=False,
                ),
            ],
            fluid=True,
        ),
        color="dark",
        dark=True,
        # NOTE: the full menu from 1200 px (the most common laptop width is 1366 px) and
        # sticky, so pages of several screens keep it in reach; below 1200 px the
        # collapsed menu is one tap away and sticky too. The active link carries
        # aria-current="page" (assets/a11y.js: dbc.NavLink sets only the class).
        # (The header around it is the sticky element: a sticky navbar inside a
        # header as tall as itself could not stay at the top.)
        expand="xl",
        class_name="mb-3 shell-navbar",
    )


def footer(build: dict | None, counts: dict | None) -> html.Footer:
    """Sources and data vintage of the current build (``build`` and ``counts`` from
    ``dashboard.queries.meta``; None when no database is loaded)."""
    if counts is None:
        vintage = "No database loaded yet."
    else:
        vintage = (
            f"Database built {build['built_at']:%d %b %Y %H:%M}"
            if build
            else "Database build time unknown"
        )
        if counts.get("latest_year") == counts.get("latest_year"):  # not NaN/None
            latest = counts.get("latest_year")
            if latest:
                vintage += f"; latest indicator year {int(latest)}"
        if counts.get("any_synthetic"):
            vintage += (
                "; survey: synthetic demonstration data calibrated to published results"
            )
    return html.Footer(
        dbc.Container(
            [
                html.P(SOURCES_NOTE, className="mb-1"),
                html.P(vintage, className="mb-1"),
                html.P(
                    [
                        html.A("Glossary of method words", href="/glossary"),
                        " · ",
                        html.A(
                            "Data & methods: indicators and downloads", href="/data"
                        ),
                    ],
                    className="mb-0",
                ),
            ],
            fluid=True,
        ),
        className="site-footer mt-5 py-3 small",
    )


def page_header(title: str, lead: str | None = None) -> html.Div:
    """The page's h1 and a one-line description."""
    children = [html.H1(title, className="h2")]
    if lead:
        children.append(html.P(lead, className="lead text-body-secondary"))
    return html.Div(children, className="page-header mb-3")


def database_missing(message: str) -> dbc.Alert:
    """What every page shows when the warehouse is missing or unreadable."""
    return dbc.Alert(
        [
            html.H2("No data yet", className="h4"),
            html.P(message),
            html.P(
                [
                    "Run ",
                    html.Code("make run"),
                    " (it builds the database when it is missing) or ",
                    html.Code("python -m etl build"),
                    ", then reload this page.",
                ]
            ),
        ],
        color="warning",
    )


def upcoming(title: str, lead: str, will_show: list[str]) -> html.Div:
    """An honest page for a view that is not built yet: what it will show, nothing fake."""
    return html.Div(
        [
            page_header(title, lead),
            dbc.Alert(
                [
                    html.H2("This view is being built", className="h5"),
                    html.P("When it is ready it will show:"),
                    html.Ul([html.Li(item) for item in will_show]),
                ],
                color="info",
            ),
        ]
    )


def guarded(layout_fn):
    """Wrap a page's ``layout`` so a missing database shows a clear message, not a traceback."""

    def wrapper(**query):
        try:
            return layout_fn(**query)
        except DatabaseUnavailable as exc:
            log.error("page %s: %s", layout_fn.__module__, exc)
            return database_missing(str(exc))

    wrapper.__name__ = layout_fn.__name__
    wrapper.__doc__ = layout_fn.__doc__
    return wrapper


def synthetic_banner(banner_id: str, text: str, synthetic: bool) -> html.Div:
    """The page-wide "Synthetic demonstration data" warning (an empty placeholder with
    the same id when the data shown are real)."""
    if not synthetic:
        return html.Div(id=banner_id)
    return dbc.Alert(
        [html.Strong("Synthetic demonstration data. "), text],
        color="warning",
        id=banner_id,
        class_name="py-2",
    )


def register_page(module: str, path: str, name: str, order: float, **extra) -> None:
    """Register a Dash page, its browser-tab title named after it ("Compare · Regional
    Ecosystem Scoreboard"); ``extra`` goes to ``dash.register_page`` (e.g. the menu's
    shorter ``nav_label``)."""
    dash.register_page(
        module,
        path=path,
        name=name,
        order=order,
        title=f"{name} · Regional Ecosystem Scoreboard",
        **extra,
    )
