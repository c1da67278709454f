"""URL state: validation against allowlists, encoding round trip, ignored parameters."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from dashboard.components.url_state import Param, encode_query, parse_query

PARAMS = (
    Param(
        "regions",
        ["SAX", "PIE"],
        allowed={"SAX", "PIE", "WAL", "CAN"},
        multi=True,
        min_items=2,
        max_items=4,
    ),
    Param("year", None, allowed=range(2000, 2030), kind="int"),
    Param("norm", "minmax", allowed={"minmax", "zscore"}),
)


def test_url001_valid_values_are_kept_and_round_trip():
    state, ignored = parse_query(
        {"regions": "WAL,CAN,SAX", "year": "2019", "norm": "zscore"}, PARAMS
    )
    assert state == {"regions": ["WAL", "CAN", "SAX"], "year": 2019, "norm": "zscore"}
    assert ignored == []
    query = dict(parse_qsl(urlsplit(encode_query(state, PARAMS)).query))
    assert parse_query(query, PARAMS)[0] == state


def test_url002_invalid_and_unknown_parameters_fall_back_and_are_named():
    state, ignored = parse_query(
        {
            "regions": "SAX,'; DROP TABLE x;--",
            "year": "nineteen",
            "norm": "zscore",
            "utm": "x",
        },
        PARAMS,
    )
    assert state == {"regions": ["SAX", "PIE"], "year": None, "norm": "zscore"}
    assert sorted(ignored) == ["regions", "utm", "year"]


def test_url003_list_length_bounds():
    assert parse_query({"regions": "SAX"}, PARAMS)[1] == ["regions"]
    assert parse_query({"regions": "SAX,PIE,WAL,CAN,SAX"}, PARAMS)[0]["regions"] == [
        "SAX",
        "PIE",
        "WAL",
        "CAN",
    ]


def test_url004_defaults_are_omitted():
    assert (
        encode_query(
            {"regions": ["SAX", "PIE"], "year": None, "norm": "minmax"}, PARAMS
        )
        == ""
    )
    assert encode_query({"norm": "zscore"}, PARAMS) == "?norm=zscore"
