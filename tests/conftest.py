"""Shared fixtures: a warehouse built once per test session from the committed inputs."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# NOTE: the app allows each client 30 downloads a minute; every test talks to the app
# from 127.0.0.1, so the suite as a whole would be that one client. Tests of the limit
# itself set their own (tests/unit/test_heavy_work.py).
os.environ.setdefault("SCOREBOARD_DOWNLOAD_LIMIT", "100000 per minute")
# NOTE: the suite's own view cache and heavy-work slots. The default folder is shared by
# every instance of one user on the machine, so an app or a second test run there
# could hold the only image-render slot and a test's export would be refused as busy.
# Each test process has its own (the two workers of `make test` too: a worker inherits
# the folder the main process made, and makes its own).
_OWN_CACHE = None
if "SCOREBOARD_CACHE_DIR" not in os.environ or os.environ.get("SCOREBOARD_TEST_CACHE"):
    _OWN_CACHE = tempfile.mkdtemp(prefix="scoreboard-test-cache-")
    os.environ["SCOREBOARD_CACHE_DIR"] = _OWN_CACHE
    os.environ["SCOREBOARD_TEST_CACHE"] = "1"


def pytest_unconfigure(config: pytest.Config) -> None:
    if _OWN_CACHE:
        shutil.rmtree(_OWN_CACHE, ignore_errors=True)
        shutil.rmtree(_OWN_CACHE + "-slots", ignore_errors=True)


SLOW_TIERS = ("integration", "reliability")
# NOTE: `make test` runs two workers (pytest-xdist, --dist loadgroup). These run one at a
# time on one of them: the browser tests (one Chromium at a time) and the tests that
# load the machine on purpose (the soak, the cache flood, two instances sharing Redis),
# which would otherwise starve a browser test's waits. Everything else shares the other.
SERIAL_FILES = ("test_soak.py", "test_cache_flood.py", "test_scale_out.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the slow tiers by folder, so `-m "not slow"` leaves the quick ones; keep the
    browser and load tests on one worker."""
    for item in items:
        path = Path(str(item.fspath))
        parts = path.relative_to(REPO / "tests").parts
        if parts and parts[0] in SLOW_TIERS:
            item.add_marker(pytest.mark.slow)
        if (parts and parts[0] == "browser") or path.name in SERIAL_FILES:
            item.add_marker(pytest.mark.xdist_group("serial"))


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database built from the committed default inputs; SCOREBOARD_DB points at it."""
    from etl.build import build
    from etl.report import Reporter

    path = tmp_path_factory.mktemp("warehouse") / "scoreboard.duckdb"
    build(path, reporter=Reporter(stream=open(os.devnull, "w")))  # noqa: SIM115
    os.environ["SCOREBOARD_DB"] = str(path)
    return path


@pytest.fixture()
def live(tmp_path: Path, built_db: Path) -> Path:
    """A copy of the built database that a test's commands may change or replace."""
    path = tmp_path / "live.duckdb"
    shutil.copyfile(built_db, path)
    return path


@pytest.fixture(scope="session")
def dash_app(built_db: Path):
    """The app, created once per session against the test warehouse."""
    import app as app_module

    return app_module.app
