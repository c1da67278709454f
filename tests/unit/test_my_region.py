"""My region: the Scoreboard row it highlights, the peers Compare opens with, the rank
words of the region headline, and the pages whose address carries it."""

from __future__ import annotations

import pandas as pd

from dashboard.analytics import scoreboard as sb
from dashboard.components import my_region
from dashboard.views.region_headline import ordinal


def test_myr001_ordinals_read_as_words_do():
    assert [ordinal(n) for n in (1, 2, 3, 4, 10, 11, 12, 13, 21, 22)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "10th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
    ]


def test_myr002_the_page_map_matches_the_browser_script():
    from pathlib import Path

    script = (
        Path(__file__).resolve().parents[2] / "assets" / "my_region.js"
    ).read_text()
    for path, key in my_region.PAGE_PARAMS.items():
        assert f'"{path}": "{key}"' in script


def test_myr003_three_peers_alternate_the_two_bases(monkeypatch):
    from dashboard.views import compare

    peers = pd.DataFrame(
        {
            "region_id": ["A", "B", "C", "B", "D", "E"],
            "basis": ["similar GDP per head"] * 3 + ["nearest indicator profile"] * 3,
            "distance": [0.1, 0.2, 0.3, 0.1, 0.2, 0.3],
            "reason": [""] * 6,
        }
    )
    monkeypatch.setattr(sb, "suggest_peers", lambda *_a, **_k: peers)
    # Round 1: A (closest GDP), B (nearest profile); round 2: GDP's B is already in,
    # so the profile's D completes the three.
    assert compare.three_peers("SAX", None, None) == ["A", "B", "D"]
