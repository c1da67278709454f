"""The glossary: the method words the pages use, each said once in plain words, and a
method word linked to its entry (with the definition on hover).

The Glossary page lists :data:`TERMS`; every page links a term to its entry where the
term first appears (:func:`term`).
"""

from __future__ import annotations

from dataclasses import dataclass

from dash import html


@dataclass(frozen=True)
class Term:
    """One glossary entry: its anchor, the word as a heading, its plain definition,
    and the word as it reads inside a sentence (default: the heading in lower case)."""

    anchor: str
    word: str
    definition: str
    inline: str = ""

    @property
    def in_sentence(self) -> str:
        """The word as it reads inside a sentence."""
        return self.inline or self.word.lower()


TERMS: tuple[Term, ...] = (
    Term(
        "composite",
        "Composite",
        "One score that sums up several indicators: the weighted average of their "
        "normalised scores (equal weights unless you change them). A dimension's "
        "composite is shown only when a region has at least half of its indicators.",
    ),
    Term(
        "min-max",
        "Min-max normalisation",
        "Puts indicators with different units on one 0-1 scale: the weakest of the "
        "regions compared gets 0, the strongest 1, the others in proportion. Where lower "
        "is better (for example unemployment) the scale is turned round, so that higher "
        "is always better.",
    ),
    Term(
        "z-score",
        "Z-score",
        "How many standard deviations a region is above (positive) or below (negative) "
        "the average of the regions compared. Unlike min-max it keeps how far apart "
        "regions are, not only their order.",
    ),
    Term(
        "benchmark",
        "Benchmark",
        "The reference a value is compared with, set to 100: the EU27 value where it "
        "exists for every year shown, otherwise the average of the pilot regions shown. "
        "An index of 120 means 20% better than the benchmark.",
    ),
    Term(
        "performance-group",
        "Performance group",
        "A band of the index against the benchmark, as in the Regional Innovation "
        "Scoreboard: Leader above 125%, Strong 100-125%, Moderate 70-100%, Emerging "
        "below 70%.",
    ),
    Term(
        "rank-stability",
        "Rank stability",
        "The range of ranks a region takes when the method changes (min-max or z-score, "
        "equal or your weights, each part left out in turn). A wide range means the "
        "rank depends on choices more than on the data: read it as a band, not a place.",
    ),
    Term(
        "wilson-interval",
        "Wilson interval",
        "The range within which the true share agreeing lies with 95% confidence, given "
        "how many people answered. It stays sensible for small groups and for shares "
        "near 0% or 100%, where the textbook interval does not.",
        "Wilson interval",
    ),
    Term(
        "suppression",
        "Suppression",
        "Survey results for groups of fewer than 5 respondents are not shown, and "
        "further cells are hidden where a hidden one could be worked out from totals or "
        "from another view, so that no respondent can be recognised.",
    ),
    Term(
        "derived-value",
        "Derived value",
        "A whole-region value worked out from its published parts (for example the "
        "NUTS 2 regions that make up one pilot region): counts are added up, rates and "
        "shares weighted by population. Used only where no published value exists, and "
        "marked as derived wherever it is shown.",
    ),
)

BY_ANCHOR: dict[str, Term] = {t.anchor: t for t in TERMS}


PATH = "/glossary"


def term(anchor: str, text: str | None = None) -> html.A:
    """``text`` (default: the word as it reads in a sentence) linking to ``/glossary#anchor``.

    NOTE: a plain link (a full page load), so that the browser lands on the entry;
    ``assets/glossary.js`` scrolls to it once the page has rendered.
    """
    entry = BY_ANCHOR[anchor]
    return html.A(
        text or entry.in_sentence,
        href=f"{PATH}#{anchor}",
        title=entry.definition,
        className="glossary-term",
    )
