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
