"""Settings follow the environment: a changed variable is seen at the next request."""

from __future__ import annotations

from pathlib import Path

from dashboard.config import get_settings


def test_set001_a_changed_variable_is_read_again(monkeypatch, tmp_path):
    monkeypatch.setenv("SCOREBOARD_PORT", "8123")
    monkeypatch.setenv("SCOREBOARD_DOWNLOAD_LIMIT", "5 per minute")
    first = get_settings()
    assert first.port == 8123 and first.download_limit == "5 per minute"
    assert get_settings() == first
    monkeypatch.setenv("SCOREBOARD_DOWNLOAD_LIMIT", "")
    monkeypatch.setenv("SCOREBOARD_CACHE", "off")
    second = get_settings()
    assert second.download_limit == "" and not second.cache_enabled
    # a relative database path is resolved against the working directory of the call
    monkeypatch.setenv("SCOREBOARD_DB", "x.duckdb")
    monkeypatch.chdir(tmp_path)
    assert get_settings().db_path == Path(tmp_path).resolve() / "x.duckdb"
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert get_settings().db_path == Path(tmp_path).resolve() / "sub" / "x.duckdb"


def test_set002_every_variable_the_settings_read_is_watched():
    """A variable read by Settings.from_env but missing from the watched names would be
    read once and never again: a changed value would go unseen until restart."""
    import ast

    from dashboard import config

    tree = ast.parse(Path(config.__file__).read_text(encoding="utf-8"))
    read = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        first = node.args[0]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            continue
        func = node.func
        # os.environ.get("X", ...) and _flag("X")
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "get"
            and isinstance(func.value, ast.Attribute)
            and func.value.attr == "environ"
        ) or (isinstance(func, ast.Name) and func.id == "_flag"):
            read.add(first.value)
    assert {
        "SCOREBOARD_DB",
        "SCOREBOARD_PORT",
        "REDIS_URL",
    } <= read  # the scan sees reads
    assert read <= set(config._VARIABLES), sorted(read - set(config._VARIABLES))
