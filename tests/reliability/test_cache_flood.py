"""A 60 s flood of distinct valid requests never grows the disk cache past its cap.

Runs ``bench.heavy flood`` (gunicorn, 2 workers, a 2 MB cap, six clients sending
Stakeholder views with random region and type filters and Scoreboard weightings) and
checks the folder size sampled every 0.2 s.
"""

from __future__ import annotations

import pytest


@pytest.mark.slow
def test_flood001_sixty_seconds_of_distinct_requests_stay_within_the_cap(built_db):
    from bench.heavy import flood

    result = flood(built_db, seconds=60, cap_mb=2, threads=6)
    print(result)
    assert result["requests"] > 50 and result["errors"] == 0
    assert result["samples"] > 100
    # The flood filled the cache up to the cap, and the folder never held more.
    assert result["peak_bytes"] > result["cap_bytes"] // 2
    assert result["peak_bytes"] <= result["cap_bytes"]
