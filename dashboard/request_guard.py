"""Reject malformed callback requests before Dash dispatches them.

Dash trusts the shape of a ``/_dash-update-component`` body: an unknown callback, a
missing input list or a non-object body raises inside Dash and ends as a 500. The
browser never sends such bodies, so a request that does not match the callback map is
answered ``400 Bad request`` here, and so is a location (``_pages_location``) that is
not text, on which Dash Pages' own routing callback would crash. The *values* of well-formed requests are the
callbacks' business: each validates them against its allowlists.
"""

from __future__ import annotations

import json

from dash._utils import split_callback_id

MAX_BODY_BYTES = 5_000_000


def _id_matches(sent: object, declared: str) -> bool:
    """Whether a sent component id fits the declared id (pattern-matching aware)."""
    if not declared.startswith("{"):
        return sent == declared
    if not isinstance(sent, dict):
        return False
    pattern = json.loads(declared)
    if set(sent) != set(pattern):
        return False
    for key, want in pattern.items():
        value = sent[key]
        if isinstance(want, list):  # ALL / MATCH / ALLSMALLER: any plain value
            if not isinstance(value, str | int | float | bool):
                return False
        elif value != want:
            return False
    return True


def _location_value_ok(prop: str, value: object) -> bool:
    """Dash Pages' own routing callback needs the browser location as text."""
    if prop == "pathname":
        return isinstance(value, str) and value.startswith("/")
    return value is None or isinstance(value, str)


def _prop(name: object) -> object:
    return name.split("@", 1)[0] if isinstance(name, str) else name


def _items_match(sent: object, declared: dict, *, with_value: bool) -> bool:
    """One declared dependency against what was sent: an object, or a list (ALL)."""
    wildcard = declared["id"].startswith("{")
    items = sent if (wildcard and isinstance(sent, list)) else [sent]
    for item in items:
        if not isinstance(item, dict):
            return False
        if _prop(item.get("property")) != _prop(declared["property"]):
            return False
        if not _id_matches(item.get("id"), declared["id"]):
            return False
        if not with_value and "value" in item:
            return False
        if (
            with_value
            and item.get("id") == "_pages_location"
            and not _location_value_ok(str(item.get("property")), item.get("value"))
        ):
            return False
    return True


def callback_request_problem(callback_map: dict, body: object) -> str | None:
    """Why a callback request body does not fit the app's callbacks, or None if it does."""
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    output = body.get("output")
    spec = callback_map.get(output) if isinstance(output, str) else None
    if spec is None or "callback" not in spec:
        return "unknown callback"
    for key in ("inputs", "state"):
        sent = body.get(key, [])
        declared = spec.get(key, [])
        if not isinstance(sent, list) or len(sent) != len(declared):
            return f"'{key}' does not match the callback"
        for item, dep in zip(sent, declared, strict=True):
            if not _items_match(item, dep, with_value=True):
                return f"'{key}' does not match the callback"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "'changedPropIds' must be a list of strings"
    if not spec.get("no_output"):
        if "outputs" not in body:
            return "'outputs' missing"
        declared = split_callback_id(output)
        sent = body["outputs"]
        if isinstance(declared, list):
            if not isinstance(sent, list) or len(sent) != len(declared):
                return "'outputs' does not match the callback"
            pairs = zip(sent, declared, strict=True)
        else:
            pairs = [(sent, declared)]
        for item, dep in pairs:
            if not _items_match(item, dep, with_value=False):
                return "'outputs' does not match the callback"
    return None


def install(app) -> None:
    """Answer malformed ``/_dash-update-component`` requests with 400, not a crash."""
    from flask import request

    path = app.config.routes_pathname_prefix + "_dash-update-component"

    @app.server.before_request
    def _guard_callback_requests():
        if request.path != path or request.method != "POST":
            return None
        if (request.content_length or 0) > MAX_BODY_BYTES:
            return "Request too large", 413, {"Content-Type": "text/plain"}
        body = request.get_json(silent=True)
        problem = callback_request_problem(app.callback_map, body)
        if problem:
            return f"Bad request: {problem}", 400, {"Content-Type": "text/plain"}
        return None
