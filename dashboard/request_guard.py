"""Reject malformed callback requests before Dash dispatches them.

Dash trusts the shape of a ``/_dash-update-component`` body: an unknown callback, a
missing input list or a non-object body raises inside Dash and ends as a 500. The
browser never sends such bodies, so a request that does not match the callback map is
answered ``400 Bad request`` here, and so is a location (``_pages_location``) that is
not text, on which Dash Pages' own routing callback would crash. The *values* of well-formed requests are the
callbacks' business: each validates them against its allowlists.

Malformed in ways a browser never produces, and answered 400 here too: JSON nested deeper
than :data:`MAX_DEPTH` (Python's parser would overflow its stack), integers outside the
range a browser's JSON can carry exactly (:data:`MAX_INT`), and ``changedPropIds`` that do
not name one of the callback's inputs (Dash parses them to find the trigger).

Bodies over :data:`MAX_BODY_BYTES` get 413 on every route, with or without a
Content-Length: Flask's ``MAX_CONTENT_LENGTH`` makes the request stream stop reading at
the limit, which also holds for ``Transfer-Encoding: chunked`` uploads.
"""

from __future__ import annotations

import json

from dash._utils import split_callback_id

MAX_BODY_BYTES = 5_000_000
MAX_DEPTH = 64  # the deepest a real callback body goes is about 12
MAX_INT = 2**53  # JavaScript's safe integers: nothing larger comes from a browser


class _Malformed(ValueError):
    pass


def _parse_int(text: str) -> int:
    value = int(text)
    if abs(value) > MAX_INT:
        raise _Malformed("an integer out of range")
    return value


def _depth_ok(raw: bytes) -> bool:
    """Whether brackets nest at most MAX_DEPTH deep (strings skipped), before parsing."""
    depth, in_string, escaped = 0, False, False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > MAX_DEPTH:
                return False
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return True


def parse_body(raw: bytes) -> tuple[object, str | None]:
    """A callback body as JSON, or why it is malformed (depth, numbers, syntax)."""
    if not _depth_ok(raw):
        return None, "the body is nested too deeply"
    try:
        return json.loads(raw, parse_int=_parse_int), None
    except _Malformed as error:
        return None, f"the body holds {error}"
    except (ValueError, RecursionError):
        return None, "the body is not valid JSON"


def _changed_ok(changed: str, spec: dict) -> bool:
    """Whether a changedPropIds entry names one of the callback's inputs."""
    if "." not in changed:
        return False
    raw_id, prop = changed.rsplit(".", 1)
    sent: object = raw_id
    if raw_id.startswith("{"):
        try:
            sent = json.loads(raw_id)
        except ValueError:
            return False
    return any(
        _prop(dep.get("property")) == prop and _id_matches(sent, dep["id"])
        for dep in spec.get("inputs", [])
    )


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
    if not all(_changed_ok(c, spec) for c in changed):
        return "'changedPropIds' names something that is not an input of the callback"
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
    """Answer malformed ``/_dash-update-component`` requests with 400, not a crash;
    bodies over the limit with 413; unknown component-suite files with 404."""
    from dash.exceptions import DependencyException
    from flask import request
    from werkzeug.exceptions import RequestEntityTooLarge

    path = app.config.routes_pathname_prefix + "_dash-update-component"
    # NOTE: enforced by the request stream itself, so a chunked upload (no
    # Content-Length) stops at the limit too instead of being read whole.
    app.server.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES

    def too_large(_error=None):
        # NOTE: "Connection: close" so the server drops the rest of the upload
        # instead of reading it to reuse the connection.
        return (
            "Request too large",
            413,
            {"Content-Type": "text/plain", "Connection": "close"},
        )

    app.server.register_error_handler(RequestEntityTooLarge, too_large)

    @app.server.errorhandler(DependencyException)
    def _unknown_suite_file(_error):
        return "Not found", 404, {"Content-Type": "text/plain"}

    @app.server.before_request
    def _guard_callback_requests():
        if request.path != path or request.method != "POST":
            return None
        if (request.content_length or 0) > MAX_BODY_BYTES:
            return too_large()
        raw = request.get_data(cache=True)
        if request.content_length is None and len(raw) >= MAX_BODY_BYTES:
            # A chunked upload: the stream stopped at the limit (it may hold more).
            return too_large()
        body, problem = parse_body(raw)
        if problem is None:
            problem = callback_request_problem(app.callback_map, body)
        if problem:
            return f"Bad request: {problem}", 400, {"Content-Type": "text/plain"}
        return None
