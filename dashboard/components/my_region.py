""" "My region": chosen once, kept in the browser, written into the links that need it.

A self-contained piece of the shell: a labelled picker under the menu bar, a first-visit
prompt for the Overview, the browser store (``localStorage``) and one address writer.
The behaviour is in ``assets/my_region.js`` (clientside, so that choosing a region costs
no server round trip): on every page that has a region in its address and none was
given, the page reopens on the chosen region; changing the picker reopens the current
page on the new region. Render only: the options come from the caller.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, dcc, html

STORE_ID = "my-region"
PICKER_ID = "my-region-picker"
PROMPT_ID = "my-region-prompt"
PROMPT_PICKER_ID = "my-region-prompt-picker"
PROFILE_LINK_ID = "my-region-profile"
URL_ID = "my-region-url"

# NOTE: the address parameter that carries "my region" on each page. Compare opens on
# it with its suggested peers (``peer``); the Scoreboard highlights its row and
# Stakeholder views mark its bars (``me``).
# Region profiles carry their region in the path and are left as they are.
PAGE_PARAMS = {
    "/scoreboard": "me",
    "/compare": "peer",
    "/measures": "region",
    "/challenges": "region",
    "/perception": "region",
    "/stakeholders": "me",
}


def stores() -> list:
    """The browser store and the address writer (once, in the app shell)."""
    return [
        dcc.Store(id=STORE_ID, storage_type="local"),
        # NOTE: "callback-nav": Dash Pages re-renders the page from the new address.
        dcc.Location(id=URL_ID, refresh="callback-nav"),
    ]


def picker(options: list[dict]) -> html.Div:
    """The shell's control under the menu bar: one click from any page."""
    return html.Div(
        [
            dbc.Label("My region", html_for=PICKER_ID, className="small mb-0 me-2"),
            dcc.Dropdown(
                id=PICKER_ID,
                options=options,
                placeholder="Choose…",
                clearable=False,
                searchable=True,
                className="my-region-picker",
            ),
            # its profile, one click from any page (hidden until a region is chosen)
            dcc.Link(
                "Its profile and brief",
                id=PROFILE_LINK_ID,
                href="/regions",
                className="small ms-2 d-none",
            ),
        ],
        className="my-region d-flex align-items-center justify-content-end px-3",
    )


def prompt(options: list[dict]) -> dbc.Alert:
    """The Overview's first-visit prompt (shown while no region is chosen)."""
    return dbc.Alert(
        [
            html.H2("Which region do you work for?", className="h5"),
            html.P(
                "Choose it once: every page then opens on it (Compare with its "
                "suggested peers, Measures and Challenges on it, its row highlighted "
                "on the Scoreboard). It is kept in this browser and in the links you "
                "share; change it any time under the menu bar.",
                className="mb-2",
            ),
            html.Div(
                [
                    dbc.Label("My region", html_for=PROMPT_PICKER_ID),
                    dcc.Dropdown(
                        id=PROMPT_PICKER_ID,
                        options=options,
                        placeholder="Choose your region…",
                        clearable=False,
                    ),
                ],
                style={"maxWidth": "24rem"},
            ),
        ],
        id=PROMPT_ID,
        color="primary",
        is_open=False,
        className="my-region-prompt",
    )


def register(app) -> None:
    """The clientside callbacks (``assets/my_region.js``)."""
    app.clientside_callback(
        ClientsideFunction("myRegion", "sync"),
        Output(STORE_ID, "data"),
        Output(PICKER_ID, "value"),
        Output(URL_ID, "search"),
        Input(URL_ID, "pathname"),
        Input(PICKER_ID, "value"),
        Input(STORE_ID, "modified_timestamp"),
        Input(URL_ID, "search"),
        State(STORE_ID, "data"),
    )
    app.clientside_callback(
        ClientsideFunction("myRegion", "choose"),
        Output(STORE_ID, "data", allow_duplicate=True),
        Output(PROMPT_ID, "is_open"),
        Input(PROMPT_PICKER_ID, "value"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("myRegion", "profileLink"),
        Output(PROFILE_LINK_ID, "href"),
        Output(PROFILE_LINK_ID, "className"),
        Input(STORE_ID, "data"),
    )
    app.clientside_callback(
        ClientsideFunction("myRegion", "prompt"),
        Output(PROMPT_ID, "is_open", allow_duplicate=True),
        Input(STORE_ID, "modified_timestamp"),
        State(STORE_ID, "data"),
        prevent_initial_call="initial_duplicate",
    )
