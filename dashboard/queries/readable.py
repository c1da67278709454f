"""Stored references and notes as a reader reads them.

The curated facts cite their documents by the file name of the copy they were
transcribed from (``003_20eb14ad49c8197d.txt, Ch. 3``) and their notes point to other
rows by id (``see mt_sme_funding``); the queries hand them to the pages as citations
and names. The database keeps the exact references for analysts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

# The committed documents the curated facts cite (data/curated/README.md), as cited.
DOCUMENTS = {
    "001_574eeb15c0e071ab.txt": "DG GROW slides (Dec 2019)",
    "002_0b1c7e872b872596.txt": "Interreg Europe policy brief on clusters",
    "003_20eb14ad49c8197d.txt": "EOCIC summary report (2019)",
}
_DOCUMENT = re.compile("|".join(re.escape(k) for k in DOCUMENTS))


def cite(text: object) -> str:
    """A source reference with each document file name replaced by its citation."""
    return _DOCUMENT.sub(lambda m: DOCUMENTS[m.group(0)], str(text or ""))


def name_ids(text: object, names: Mapping[str, str]) -> str:
    """A note with every id it mentions replaced by the quoted name."""
    text = str(text or "")
    if not names or "_" not in text:
        return text
    pattern = re.compile(
        r"\b("
        + "|".join(re.escape(k) for k in sorted(names, key=len, reverse=True))
        + r")\b"
    )
    return pattern.sub(lambda m: f"“{names[m.group(1)]}”", text)


def readable(
    frame: pd.DataFrame,
    *,
    cited: tuple[str, ...] = ("source_ref",),
    named: tuple[str, ...] = (),
    names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """``frame`` with its reference columns cited and its note columns named."""
    frame = frame.copy()
    for column in cited:
        if column in frame:
            frame[column] = frame[column].map(cite)
    for column in named:
        if column in frame:
            frame[column] = frame[column].map(lambda t: name_ids(t, names or {}))
    return frame
