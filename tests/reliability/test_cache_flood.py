"""A 60 s flood of distinct valid requests never grows the disk cache past its cap.

Runs ``bench.heavy flood``: gunicorn with 2 workers x 2 threads (four writers to one
cache folder), the cap set to 1 MB through ``SCOREBOARD_CACHE_MAX_MB`` (the setting users
have), six clients sending Stakeholder views with random region and type filters and
Scoreboard weightings, each request different from all others. The folder is sampled
every 0.1 s. A small cap makes the test mean something on a slow machine: even a few
dozen page views write several times the cap, so it is enforced over and over while
the writers compete.
"""

from __future__ import annotations

import pytest

CAP_MB = 1


@pytest.mark.slow
def test_flood001_thirty_seconds_of_distinct_requests_stay_within_the_cap(built_db):
    from bench.heavy import flood, flood_summary

    # NOTE: 30 s (the bench's own run is 60 s): long enough for the writers to offer the
    # cap several times over (about 10 MB to 1 MB), short enough for the serial worker.
    result = flood(built_db, seconds=30, cap_mb=CAP_MB, threads=6)
    print(flood_summary(result))
    assert result["cap_bytes"] == CAP_MB * 1024 * 1024
    assert result["requests"] > 30 and result["errors"] == 0
    assert result["samples"] > 150  # the folder seen at least every 0.2 s
    # The writers offered the folder at least three times the cap: it was full and
    # pruned again and again during the flood ...
    assert result["written_bytes"] > 3 * result["cap_bytes"]
    assert result["peak_bytes"] > result["cap_bytes"] // 2
    # ... and no sample ever saw the folder above the cap.
    assert result["peak_bytes"] <= result["cap_bytes"]
    # What the cache says of its folder matches the files: no entry count is kept
    # (the count that drifted under load), its size is the files' size, and every
    # file is a complete entry (no write was torn by another writer).
    assert not result["count_file"]
    assert result["store_bytes"] == result["folder_bytes"] == result["final_bytes"]
    assert result["complete_entries"] == result["files"] > 0
