"""Locate a quote in its article: exact after folding, else fuzzy, else not at all.

Grounding is data, not a filter: every claim keeps its offsets and alignment status,
and callers decide what to do with quotes that are not in the article.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from claimex.core.text import FoldedText, fold, strip_wrapping
from claimex.core.types import AlignmentStatus

DEFAULT_FUZZY_THRESHOLD = 90.0


@dataclass(frozen=True, slots=True)
class QuoteLocation:
    start: int | None
    end: int | None
    status: AlignmentStatus
    score: float

    @property
    def grounded(self) -> bool:
        return self.status is not AlignmentStatus.NONE


NOT_FOUND = QuoteLocation(None, None, AlignmentStatus.NONE, 0.0)


class ArticleIndex:
    """An article's text folded once, so many quotes can be located cheaply."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded: FoldedText = fold(text)
        self.folded_lower: FoldedText = fold(text, lower=True)

    def find_all(self, quote: str) -> list[tuple[int, int]]:
        """Every exact (folded) occurrence of ``quote``, as original offsets."""
        needle = fold(strip_wrapping(quote)).text
        if not needle:
            return []
        spans: list[tuple[int, int]] = []
        pos = self.folded.text.find(needle)
        while pos >= 0:
            spans.append(self.folded.span_to_original(pos, pos + len(needle)))
            pos = self.folded.text.find(needle, pos + 1)
        return spans

    def locate(
        self,
        quote: str,
        *,
        fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD,
        near: int | None = None,
    ) -> QuoteLocation:
        """Where ``quote`` stands in the article.

        Exact wins; among several exact hits the one nearest ``near`` (else the first).
        Fuzzy matching is case-insensitive and needs ``fuzzy_threshold`` (0-100).
        """
        spans = self.find_all(quote)
        if spans:
            best = min(spans, key=lambda s: abs(s[0] - near)) if near is not None else spans[0]
            return QuoteLocation(best[0], best[1], AlignmentStatus.EXACT, 100.0)
        needle = fold(strip_wrapping(quote), lower=True).text
        if len(needle) < 8:
            return NOT_FOUND
        haystack = self.folded_lower.text
        pos = haystack.find(needle)
        if pos >= 0:
            start, end = self.folded_lower.span_to_original(pos, pos + len(needle))
            return QuoteLocation(start, end, AlignmentStatus.FUZZY, 99.0)
        alignment = fuzz.partial_ratio_alignment(needle, haystack, score_cutoff=fuzzy_threshold)
        if alignment is None or alignment.dest_end <= alignment.dest_start:
            return NOT_FOUND
        # A partial alignment much shorter than the quote is a fragment, not the quote.
        if (alignment.dest_end - alignment.dest_start) < 0.8 * len(needle):
            return NOT_FOUND
        start, end = self.folded_lower.span_to_original(alignment.dest_start, alignment.dest_end)
        return QuoteLocation(start, end, AlignmentStatus.FUZZY, float(alignment.score))


def locate_quote(text: str, quote: str, *, fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD) -> QuoteLocation:
    """Convenience for one quote; build an :class:`ArticleIndex` for many."""
    return ArticleIndex(text).locate(quote, fuzzy_threshold=fuzzy_threshold)


def quote_in_text(text: str, quote: str) -> bool:
    """The annotation contract's test: the quote occurs after folding quote marks and white space."""
    return bool(ArticleIndex(text).find_all(quote))
