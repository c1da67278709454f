"""Regional Ecosystem Scoreboard: the Dash app shell.

``python app.py`` serves it on http://127.0.0.1:8050 (see ``dashboard/config.py`` for
settings); ``gunicorn app:server`` serves it in production.
"""

from __future__ import annotations

import atexit
import gc
import logging
import os
from pathlib import Path

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html

from dashboard import request_guard, routes
from dashboard.components import (
    exports,  # noqa: F401  (registers the export callback)
    my_region,
)
from dashboard.components.shell import footer, navbar
from dashboard.config import get_settings
from dashboard.db import DatabaseUnavailable
from dashboard.limits import init_limits
from dashboard.queries import meta
from dashboard.queries import regions as region_queries

ROOT = Path(__file__).resolve().parent

INDEX_STRING = """<!DOCTYPE html>
<html lang="en">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        <a class="skip-link" href="#main-content">Skip to content</a>
        {%app_entry%}
        <div id="dash-scripts">
            {%config%}
            {%scripts%}
            {%renderer%}
        </div>
    </body>
</html>"""


def _layout() -> html.Div:
    # NOTE: a function, so the footer's data vintage is read on every page load.
    try:
        build, counts = meta.build_info(), meta.headline_counts()
    except DatabaseUnavailable:
        build = counts = None
    return html.Div(
        [
            dcc.Store(id="shell-filters", storage_type="session"),
            # Views a presenter added to the deck: [{card, search}], kept for the session.
            dcc.Store(id="shell-deck", storage_type="session", data=[]),
            # Says so when a view is added to the deck (a polite live region).
            html.Div(
                dbc.Toast(
                    id="shell-deck-toast",
                    header="Presentation deck",
                    is_open=False,
                    dismissable=True,
                    duration=6000,
                ),
                className="deck-toast-box",
                role="status",
                **{"aria-live": "polite"},
            ),
            *my_region.stores(),
            html.Header(navbar(), className="sticky-top shell-header"),
            # NOTE: "my region" sits in a strip under the menu bar, not in it: at
            # 1200-1400 px (most laptops) the full menu fills the bar's one line.
            my_region.picker(_region_options()),
            html.Main(
                dbc.Container(dash.page_container, fluid=True),
                id="main-content",
                tabIndex="-1",
            ),
            footer(build, counts),
        ]
    )


def _region_options() -> list[dict]:
    """The pilot regions for the "my region" picker (none without a database)."""
    try:
        frame = region_queries.regions().sort_values("name")
    except DatabaseUnavailable:
        return []
    return [{"label": r.name, "value": r.region_id} for r in frame.itertuples()]


def create_app() -> dash.Dash:
    """Build the Dash app (pages from ``dashboard/pages``)."""
    settings = get_settings()
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder=str(ROOT / "dashboard" / "pages"),
        assets_folder=str(ROOT / "assets"),
        title="Regional Ecosystem Scoreboard",
        suppress_callback_exceptions=True,
        serve_locally=True,
    )
    app.index_string = INDEX_STRING
    app.layout = _layout
    app.clientside_callback(
        "function(n, isOpen) { return n ? !isOpen : isOpen; }",
        Output("shell-navbar-collapse", "is_open"),
        Input("shell-navbar-toggler", "n_clicks"),
        State("shell-navbar-collapse", "is_open"),
    )
    my_region.register(app)
    app.server.config["SCOREBOARD_SETTINGS"] = settings
    # the peer-review deck and Data & methods' tables as plain downloads
    routes.register(app.server)
    init_limits(app.server)  # per-client download allowance (dashboard/limits.py)
    _harden(app, frame_ancestors=settings.frame_ancestors)
    _speed_up(app)
    return app


def _speed_up(app: dash.Dash) -> None:
    """Shared view cache (dashboard/cache.py), gzip for every text response, and the
    faster component construction and serialisation (dashboard/components/construct.py,
    serialise.py)."""
    from flask_compress import Compress

    from dashboard.cache import init_cache
    from dashboard.components import construct, serialise

    init_cache(app.server)
    construct.install()
    serialise.install()
    app.server.config.update(
        COMPRESS_ALGORITHM=["gzip"],  # NOTE: gzip only: cheap to make, read everywhere
        COMPRESS_LEVEL=5,
        COMPRESS_MIN_SIZE=1024,
        COMPRESS_MIMETYPES=[
            "application/json",
            "text/html",
            "text/css",
            "text/javascript",
            "application/javascript",
            "image/svg+xml",
        ],
    )
    Compress(app.server)


def _harden(app: dash.Dash, *, frame_ancestors: str) -> None:
    """Production defaults: security headers, a hash-based CSP, generic error pages."""
    server = app.server
    state: dict[str, str] = {}

    def csp() -> str:
        # NOTE: built lazily, after Dash Pages has imported every page and registered
        # every clientside callback, so that all inline scripts are hashed.
        if "csp" not in state:
            hashes = " ".join(app.csp_hashes())  # already quoted: 'sha256-...'
            state["csp"] = "; ".join(
                [
                    "default-src 'self'",
                    f"script-src 'self' {hashes}",
                    # Plotly and Dash components set inline styles.
                    "style-src 'self' 'unsafe-inline'",
                    "img-src 'self' data: blob:",
                    "font-src 'self' data:",
                    "connect-src 'self'",
                    "worker-src 'self' blob:",
                    "object-src 'none'",
                    "base-uri 'self'",
                    "form-action 'self'",
                    f"frame-ancestors {frame_ancestors}",
                ]
            )
        return state["csp"]

    @server.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", csp())
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    # Malformed callback requests get a 400 before Dash dispatches them.
    request_guard.install(app)

    @server.errorhandler(500)
    def server_error(_error):
        logging.getLogger("app").exception("unhandled error")
        return (
            "<!doctype html><html lang=en><title>Something went wrong</title>"
            "<h1>Something went wrong</h1><p>The error was logged. Please reload the page "
            "or go back to the <a href='/'>overview</a>.</p></html>",
            500,
        )


def _settle_heap() -> None:
    """Move everything the start-up made (pages, plotly's validators and templates,
    pandas, Dash's registry: most of the process's objects) out of the garbage
    collector's way.

    NOTE (performance): Python's full collection walks every tracked object; with the
    start-up heap in it, one pass took 100-200 ms and landed on whichever render was
    running (a third of the slowest cold renders in ``bench.callbacks``). Frozen, a pass
    walks only what requests made since: 10-30 ms. The start-up objects live as long as
    the process anyway. Under gunicorn this runs in the master before the fork
    (``preload_app``), so the workers' collector never touches, and copies, those pages.
    """
    gc.collect()
    gc.freeze()
    # At exit the objects are handed back, so the interpreter's last collection frees
    # them (DuckDB's bindings otherwise report them as leaked).
    atexit.register(gc.unfreeze)


app = create_app()
server = app.server
_settle_heap()

if __name__ == "__main__":
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    _settings = get_settings()
    if not _settings.db_path.exists():
        logging.getLogger("app").error(
            "database %s is missing: run `python -m etl build` (make run does it for you)",
            _settings.db_path,
        )
    if os.environ.get("SCOREBOARD_WARM_RENDERER", "1") != "0" and not _settings.debug:
        from dashboard.export.render import warm_up

        warm_up()  # the first chart export does not wait for Chromium (gunicorn.conf.py)
    app.run(host=_settings.host, port=_settings.port, debug=_settings.debug)
