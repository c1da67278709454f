"""One page-state abstraction for every page that keeps its state in the URL.

A page declares, once, at import:

    STATE = PageState(
        "scoreboard",                    # the page's name (cache namespace, logs)
        prefix="sco",                    # its id prefix: the URL writer is "sco-url"
        params=PARAMS,                   # the URL parameters (allowlist, default)
        controls={"year": "sco-year"},   # which control writes which parameter
    )
    STATE.chart("sco-ranking", ranking_payload)   # an exportable chart card
    layout = STATE.layout(body)                    # body(state, notice) -> children

and gets, without writing them again: the validated state of the query and the
"ignored settings" notice, the guard against a missing database, the view cache, the
page's ``dcc.Location`` and the single URL-sync callback (controls -> query string,
validated against the same allowlists) and the chart's export registration.

In the spirit of Dash Pages' ``layout(**query)`` and vizro's declared parameters: the
page says *what* its state is; this module does the *how*, the same way for every page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import Input, Output, callback, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard.cache import cached_layout
from dashboard.components.exports import register_chart
from dashboard.components.shell import guarded
from dashboard.components.url_state import (
    Param,
    encode_query,
    ignored_notice,
    parse_query,
)
from dashboard.export.files import ChartPayload

Params = Sequence[Param] | Callable[[], Sequence[Param]]
# adjust(values, inputs) -> values: a page's own rule between its controls and its URL
# (e.g. "a new theme clears the pairing"); values are {param name: control value},
# inputs {param name: Dash's inputs_list entry} (pattern-matching ids need it). It may
# raise PreventUpdate to leave the address as it is.
Adjust = Callable[[dict, dict], dict]


def query_text(value: object) -> str | None:
    """A control's value as it stands in a query string (lists comma-separated)."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    return str(value)


class PageState:
    """A page's declared URL state: parameters, the controls that set them, its charts.

    Args:
        page: the page's name (namespace of its cached views).
        prefix: the page's id prefix; its ``dcc.Location`` is ``{prefix}-url``.
        params: the page's :class:`Param` list, or a function returning it (when the
            allowlists or defaults are read from the database per request).
        controls: {parameter name: the id of the control that sets it}, in the order
            the URL-sync callback receives them; an id may be a pattern-matching dict.
            Or a sequence of names (the id ``{prefix}-{name}``) and (name, id) pairs.
        export_params: the parameters exports validate against, when they differ from
            ``params`` (export registration happens at import, before any database).
        charts: the builders of the page's exportable chart cards (:meth:`chart` for
            each), named ``<what>_payload`` for the card ``{prefix}-<what>``.
    """

    def __init__(
        self,
        page: str,
        *,
        prefix: str,
        params: Params,
        controls: Mapping[str, Any] | Sequence[str | tuple[str, Any]] | None = None,
        export_params: Sequence[Param] | None = None,
        charts: Sequence[Callable[[dict], ChartPayload]] = (),
    ) -> None:
        self.page = page
        self.prefix = prefix
        self._params = params
        if controls is not None and not isinstance(controls, Mapping):
            controls = dict(
                (c, f"{prefix}-{c}") if isinstance(c, str) else c for c in controls
            )
        self.controls = dict(controls or {})
        self.export_params = tuple(
            export_params if export_params is not None else self.params()
        )
        self.url_id = f"{prefix}-url"
        for build in charts:
            self.chart(f"{prefix}-{build.__name__.removesuffix('_payload')}", build)

    def params(self) -> list[Param]:
        """The parameters (evaluated now, when declared as a function)."""
        return list(self._params() if callable(self._params) else self._params)

    # --- reading the URL ---------------------------------------------------------------

    def parse(self, query: Mapping[str, object]) -> tuple[dict, html.Div | dbc.Alert]:
        """(validated state, the notice naming what the address had that was ignored)."""
        state, ignored = parse_query(dict(query), self.params())
        return state, ignored_notice(ignored)

    def search(self, values: Mapping[str, object]) -> str:
        """The canonical query string for control values (invalid ones fall back to
        their defaults; defaults are left out)."""
        params = self.params()
        raw = {name: query_text(values.get(name)) for name in (p.name for p in params)}
        state, _ignored = parse_query(
            {k: v for k, v in raw.items() if v is not None}, params
        )
        return encode_query(state, params)

    def href(self, path: str, state: Mapping[str, object]) -> str:
        """A link to this page with ``state`` (defaults left out)."""
        return path + encode_query(dict(state), self.params())

    # --- the page ------------------------------------------------------------------------

    def location(self) -> dcc.Location:
        """The page's address writer."""
        # NOTE: "callback-nav" (not False): only then does Dash Pages re-render the page
        # from the new query string, so reload, shared links and back/forward all work.
        return dcc.Location(id=self.url_id, refresh="callback-nav")

    def layout(
        self, body: Callable[[dict, Any], list], **div_props: Any
    ) -> Callable[..., Any]:
        """``layout(**query)`` for Dash Pages from ``body(state, notice) -> children``.

        The layout is guarded (a missing database shows a clear message), cached per
        validated query (an address with anything ignored is rendered, never cached),
        and, when controls write the address, carries the page's ``dcc.Location``.
        ``div_props`` go on the page's outer ``html.Div`` (e.g. its id and class).
        """

        def layout(**query: str) -> html.Div:
            state, notice = self.parse(query)
            writer = [self.location()] if self.controls else []
            return html.Div([*writer, *body(state, notice)], **div_props)

        layout.__doc__ = body.__doc__
        page_layout = guarded(cached_layout(self.page, self.params)(layout))
        page_layout.page_state = self
        return page_layout

    def chart(self, card_id: str, build: Callable[[dict], ChartPayload]) -> None:
        """Make a chart card exportable (Download menu, table, deck) from its builder."""
        register_chart(card_id, self.export_params, build)

    def sync(self, adjust: Adjust | None = None) -> Callable:
        """Register the page's one URL-sync callback: its controls -> its address."""
        names = list(self.controls)

        @callback(
            Output(self.url_id, "search"),
            *(Input(self.controls[name], "value") for name in names),
            prevent_initial_call=True,
        )
        def write_url(*values: object) -> str:
            chosen = dict(zip(names, values, strict=True))
            if adjust is not None:
                inputs = dict(zip(names, ctx.inputs_list, strict=True))
                try:
                    chosen = adjust(chosen, inputs)
                except PreventUpdate:
                    return no_update
            return self.search(chosen)

        write_url.__name__ = f"{self.prefix}_write_url"
        return write_url


__all__ = ["PageState", "PreventUpdate", "query_text"]
