"""The app under hostile requests (property-based, hypothesis, bounded and derandomized).

For EVERY server-side callback in ``app.callback_map`` the inputs and state are read from
the map and filled with hostile values: wrong types, huge strings, SQL-like strings,
nested objects, unknown ids (mixed with real allowlisted ids so deep code paths run).
Every page path gets random query strings, both as a GET and through Dash Pages'
routing callback (which calls ``layout(**query)``). Malformed envelopes are posted too.

Every response: no 5xx status, no traceback or database error text. Every SQL text
DuckDB receives (``dashboard.db.Database.query`` is wrapped) contains none of the
generated strings: user input reaches DuckDB only as parameters.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.page_render import router_body, router_output

REPO = Path(__file__).resolve().parents[2]
TAG = "zqx9"  # in every generated free-text string, so SQL texts can be searched for it
INJECTIONS = [
    "' OR 1=1 --",
    "'; DROP TABLE dim_region; --",
    '" OR ""="',
    "%' AND '%'='",
    "') UNION SELECT respondent_id, NULL FROM dim_respondent --",
    "1; COPY dim_respondent TO '/tmp/x.csv'",
    "read_csv('/etc/passwd')",
    "<script>alert(1)</script>",
    "{{7*7}}",
    "../../etc/passwd",
    "\x00",
    "NaN",
    '=HYPERLINK("http://example.invalid")',
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ‮",
    "",
]
LEAKS = (
    "Traceback",
    'File "',
    "duckdb.",
    "Binder Error",
    "Parser Error",
    "Catalog Error",
    "Conversion Error",
    "Werkzeug Debugger",
)
EXAMPLES_PER_CALLBACK = 25
EXAMPLES_PER_PAGE = 5
CALLBACK_BUDGET_S = 1.5  # per callback, at the cost of one ordinary request
BUDGETS: dict[str, float] = {}
SETTINGS = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module")
def known(built_db, dash_app) -> list:
    """Real allowlisted values, so hostile payloads also reach the deep code paths."""
    import duckdb

    with duckdb.connect(str(built_db), read_only=True) as con:
        values: list = []
        for sql in (
            "SELECT region_id FROM dim_region",
            "SELECT indicator_id FROM dim_indicator LIMIT 8",
            "SELECT statement_id FROM dim_statement LIMIT 6",
            "SELECT theme_id FROM dim_theme",
            "SELECT DISTINCT dataset FROM dim_respondent",
            "SELECT stakeholder_type_id FROM dim_stakeholder_type",
            "SELECT challenge_id FROM dim_challenge LIMIT 4",
            "SELECT load_id FROM load_log LIMIT 4",
        ):
            values += [r[0] for r in con.execute(sql).fetchall()]
    words = [
        "overall",
        "latest",
        "minmax",
        "zscore",
        "region",
        "type",
        "all",
        "joint",
        "similarity",
        "indicators",
        "kb",
        "qg",
        "png",
        "csv",
        "xlsx",
        "svg",
        2017,
        2020,
        0,
        1,
        3,
    ]
    from dashboard.components import exports

    cards = sorted(
        exports._REGISTRY
    )  # the exportable charts: reach the export builders
    assert cards
    return values + words + cards


@pytest.fixture
def sql_log(monkeypatch) -> list[str]:
    """Every SQL text sent to the warehouse by the app during the test."""
    from dashboard import db as db_module

    seen: list[str] = []
    original = db_module.Database.query

    def recording(self, sql, params=None):
        seen.append(sql)
        return original(self, sql, params)

    monkeypatch.setattr(db_module.Database, "query", recording)
    return seen


# NOTE: integers a browser's JSON can carry exactly; larger ones are malformed and get
# 400 (tests/integration/test_malformed_requests.py).
BROWSER_INTS = st.integers(min_value=-(2**53), max_value=2**53)


def strategies(known: list):
    tagged = st.builds(
        lambda a, text, b: f"{a}{TAG}{text}{b}",
        st.sampled_from(INJECTIONS),
        st.text(max_size=12),
        st.sampled_from(INJECTIONS),
    )
    huge = st.integers(5_000, 200_000).map(lambda n: TAG + "Ω" * n)
    plain = st.sampled_from(known)
    scalar = st.one_of(
        st.none(),
        st.booleans(),
        BROWSER_INTS,
        st.floats(),
        tagged,
        huge,
        plain,
        st.text(max_size=20),
        st.lists(st.one_of(plain, tagged), max_size=6).map(
            lambda v: ",".join(map(str, v))
        ),
    )
    value = st.recursive(
        scalar,
        lambda inner: st.one_of(
            st.lists(inner, max_size=5),
            st.dictionaries(st.one_of(st.text(max_size=8), tagged), inner, max_size=4),
        ),
        max_leaves=10,
    )
    return tagged, plain, value


def strings_in(value: object):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings_in(k)
            yield from strings_in(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from strings_in(v)


def assert_sql_parameterised(sql_log: list[str], sent: object, known: list) -> None:
    allowed = {str(k) for k in known}
    for sql in sql_log:
        folded = sql.casefold()
        assert TAG not in folded, f"generated text reached the SQL text: {sql[:300]}"
        for s in strings_in(sent):
            if len(s) >= 10 and s not in allowed:
                assert s.casefold() not in folded, f"{s!r} inside SQL: {sql[:300]}"
    sql_log.clear()


def assert_safe(response, what: str) -> None:
    body = response.get_data(as_text=True)
    assert response.status_code < 500, f"{what}: {response.status_code} {body[:500]}"
    for leak in LEAKS:
        assert leak not in body, f"{what}: {leak!r} in the response: {body[:500]}"


def server_callbacks(dash_app) -> list[str]:
    client = dash_app.server.test_client()
    client.get("/")  # Dash fills callback_map on the first request
    return [k for k, v in dash_app.callback_map.items() if "callback" in v]


def _is_list(pattern: dict) -> bool:
    return any(
        v in (["ALL"], ["ALLSMALLER"]) for v in pattern.values() if isinstance(v, list)
    )


def draw_body(data, key: str, spec: dict, tagged, plain, value) -> dict:
    """A well-formed request for callback ``key`` with hostile values."""
    from dash._utils import split_callback_id, stringify_id

    match_values: dict[str, object] = {}

    def concrete(pattern: dict) -> dict:
        out = {}
        for k, v in pattern.items():
            if v == ["MATCH"]:
                out[k] = match_values.setdefault(
                    k, data.draw(st.one_of(plain, tagged, BROWSER_INTS))
                )
            elif isinstance(v, list):
                out[k] = data.draw(st.one_of(plain, tagged, BROWSER_INTS))
            else:
                out[k] = v
        return out

    def entries(dep: dict, *, with_value: bool):
        prop = dep["property"]
        if dep["id"] == "_pages_location" and with_value:
            # The browser's location is text; any other type gets a 400 (test_hos003).
            text = st.one_of(tagged, st.text(max_size=40), plain.map(str))
            prefix = "/" if prop == "pathname" else "?"
            drawn = data.draw(text.map(lambda t: prefix + t))
            return {"id": dep["id"], "property": prop, "value": drawn}
        if not dep["id"].startswith("{"):
            item = {"id": dep["id"], "property": prop}
            if with_value:
                item["value"] = data.draw(value)
            return item
        pattern = json.loads(dep["id"])
        count = data.draw(st.integers(0, 3)) if _is_list(pattern) else 1
        items = []
        for _ in range(count):
            item = {"id": concrete(pattern), "property": prop}
            if with_value:
                item["value"] = data.draw(value)
            items.append(item)
        return items if _is_list(pattern) else items[0]

    inputs = [entries(d, with_value=True) for d in spec["inputs"]]
    state = [entries(d, with_value=True) for d in spec["state"]]
    declared = split_callback_id(key)
    outputs = (
        [entries(d, with_value=False) for d in declared]
        if isinstance(declared, list)
        else entries(declared, with_value=False)
    )
    changed = []
    for item in inputs:
        for i in item if isinstance(item, list) else [item]:
            changed.append(f"{stringify_id(i['id'])}.{i['property']}")
    return {
        "output": key,
        "outputs": outputs,
        "inputs": inputs,
        "state": state,
        "changedPropIds": data.draw(st.lists(st.sampled_from(changed), max_size=2))
        if changed
        else [],
    }


def post(client, body: object):
    return client.post(
        "/_dash-update-component",
        data=json.dumps(body),
        content_type="application/json",
    )


def examples_within_budget(client, key: str, spec: dict) -> int:
    """Fewer examples for slow callbacks (a PPTX build takes seconds), at least 3."""

    def entry(dep: dict):
        if dep["id"].startswith("{"):
            return [] if _is_list(json.loads(dep["id"])) else None
        value = {"pathname": "/", "search": ""}.get(dep["property"], 1)
        return {"id": dep["id"], "property": dep["property"], "value": value}

    from dash._utils import split_callback_id

    declared = split_callback_id(key)
    outputs = [declared] if isinstance(declared, dict) else declared
    if any(o["id"].startswith("{") for o in outputs):
        return EXAMPLES_PER_CALLBACK
    body = {
        "output": key,
        "outputs": declared if isinstance(declared, dict) else outputs,
        "inputs": [entry(d) for d in spec["inputs"]],
        "state": [entry(d) for d in spec["state"]],
        "changedPropIds": [],
    }
    if any(i is None for i in body["inputs"] + body["state"]):
        return EXAMPLES_PER_CALLBACK
    t0 = time.perf_counter()
    response = post(client, body)
    seconds = time.perf_counter() - t0
    assert response.status_code != 400, (key, response.get_data(as_text=True))
    BUDGETS[key] = seconds
    return max(
        3, min(EXAMPLES_PER_CALLBACK, int(CALLBACK_BUDGET_S / max(seconds, 1e-3)))
    )


def test_hos001_every_callback_survives_hostile_values(dash_app, known, sql_log):
    client = dash_app.server.test_client()
    keys = server_callbacks(dash_app)
    assert len(keys) >= 10
    tagged, plain, value = strategies(known)
    answered: dict[str, list[int]] = {}

    def check(key: str, spec: dict):
        examples = examples_within_budget(client, key, spec)

        @settings(SETTINGS, max_examples=examples)
        @given(st.data())
        def run(data):
            body = draw_body(data, key, spec, tagged, plain, value)
            response = post(client, body)
            assert_safe(response, key)
            assert response.status_code != 400, (
                f"{key}: a well-formed request was refused: {response.get_data(as_text=True)}"
            )
            answered.setdefault(key, []).append(response.status_code)
            assert_sql_parameterised(sql_log, body, known)

        run()

    for key in keys:
        check(key, dash_app.callback_map[key])
    assert set(answered) == set(keys)
    assert all(len(codes) >= 3 for codes in answered.values())
    for key, codes in sorted(answered.items()):
        print(f"{key[:60]:60} {len(codes):3} requests, statuses {sorted(set(codes))}")


def page_paths() -> list[str]:
    import dash

    return sorted(
        {p.get("path_template") or p["path"] for p in dash.page_registry.values()}
    )


def param_names() -> list[str]:
    names = set()
    for page in (REPO / "dashboard" / "pages").glob("*.py"):
        names |= set(
            re.findall(r"Param\(\s*\"([a-z_]+)\"", page.read_text(encoding="utf-8"))
        )
    return sorted(names) + ["region_id", "pathname", "search", "_pages_location"]


def test_hos002_every_page_survives_random_query_strings(dash_app, known, sql_log):
    client = dash_app.server.test_client()
    server_callbacks(dash_app)
    routing = router_output(dash_app)
    paths = page_paths()
    assert len(paths) >= 8
    names = param_names()
    assert len(names) >= 10
    tagged, plain, _value = strategies(known)
    text_value = st.one_of(
        tagged,
        plain.map(str),
        st.text(max_size=30),
        st.integers(100, 5_000).map(lambda n: TAG + "x" * n),
        st.lists(st.one_of(plain.map(str), tagged), max_size=6).map(",".join),
    )
    query = st.lists(
        st.tuples(
            st.one_of(st.sampled_from(names), tagged, st.text(max_size=8)), text_value
        ),
        max_size=6,
    )

    def check(template: str):
        @settings(SETTINGS, max_examples=EXAMPLES_PER_PAGE)
        @given(pairs=query, segment=st.one_of(plain.map(str), tagged))
        def run(pairs, segment):
            path = re.sub(r"<[^>]+>", lambda _m: segment.replace("/", "%2F"), template)
            search = "?" + urlencode(pairs)
            response = client.get(path + search)
            assert_safe(response, f"GET {path}{search[:200]}")
            response = post(client, router_body(path, search, output=routing))
            assert_safe(response, f"layout {path}{search[:200]}")
            assert response.status_code == 200
            assert_sql_parameterised(sql_log, pairs + [segment], known)

        run()

    for template in paths:
        check(template)


def test_hos003_malformed_envelopes_get_400_not_a_crash(dash_app, known):
    client = dash_app.server.test_client()
    keys = server_callbacks(dash_app)
    tagged, plain, value = strategies(known)
    mutations = st.sampled_from(
        ["drop", "retype", "unknown-output", "extra-input", "missing-input", "raw"]
    )

    statuses: list[int] = []

    @settings(SETTINGS, max_examples=60)
    @given(st.data(), st.sampled_from(keys), mutations)
    def run(data, key, mutation):
        body = draw_body(data, key, dash_app.callback_map[key], tagged, plain, value)
        field = data.draw(st.sampled_from(sorted(body)))
        if mutation == "drop":
            body.pop(field)
        elif mutation == "retype":
            body[field] = data.draw(value)
        elif mutation == "unknown-output":
            body["output"] = data.draw(st.one_of(tagged, st.text(max_size=20)))
        elif mutation == "extra-input":
            body["inputs"].append({"id": "nope", "property": "value", "value": 1})
        elif mutation == "missing-input" and body["inputs"]:
            body["inputs"].pop()
        elif mutation == "raw":
            body = data.draw(value)
        response = post(client, body)
        assert_safe(response, f"{mutation} {key}")
        assert response.status_code in (200, 204, 400), response.status_code
        statuses.append(response.status_code)

    run()
    print(
        f"malformed envelopes: {len(statuses)} requests, statuses {sorted(set(statuses))}"
    )
    routing = router_output(dash_app)
    for pathname, search in (
        (None, None),
        (5, "?"),
        ("/", {"a": 1}),
        ("", ""),
        ("/", [1]),
    ):
        response = post(
            client,
            {
                "output": routing,
                "inputs": [
                    {
                        "id": "_pages_location",
                        "property": "pathname",
                        "value": pathname,
                    },
                    {"id": "_pages_location", "property": "search", "value": search},
                ],
            },
        )
        assert_safe(response, f"location {pathname!r} {search!r}")
        assert response.status_code == 400
    for raw in ("{not json", "", "null", "[]", "\x00\x01", '{"output": 1}'):
        response = client.post(
            "/_dash-update-component", data=raw, content_type="application/json"
        )
        assert_safe(response, repr(raw))
        assert response.status_code == 400
    response = client.post(
        "/_dash-update-component", data="x" * 6_000_000, content_type="application/json"
    )
    assert response.status_code == 413
