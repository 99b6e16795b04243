"""Where a content span ends: marks and clause punctuation stripped, and the writer's
asides, circumstances and glosses after a quotation cut off (they are not the speaker's).
"""

from __future__ import annotations

import re

from claimex.attribution._parsed import Parsed
from claimex.attribution._segment import QuoteSpan, Sentence
from claimex.attribution._types import Content
from claimex.core.types import QuoteType

_TRIM = " \t\n,;:–—-"


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim white space, wrapping marks and trailing clause punctuation, keeping inner marks."""
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    if end > start and text[end - 1] == "." and not text[start:end].rstrip(".").endswith(("U.S", "Jr", "St")):
        end -= 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    dangling = re.search(r"[\s,]+(?:and|but|or)$", text[start:end])  # "called it “bizarre” and"
    if dangling is not None:
        return strip_span(text, start, start + dangling.start())
    return start, end


def whole_quotation(text: str, q: QuoteSpan) -> Content | None:
    """The quotation's words as a direct content (marks and clause punctuation stripped);
    None when nothing is left."""
    qs, qe = strip_span(text, q.inner_start, q.inner_end)
    return Content(qs, qe, QuoteType.DIRECT, ((q.inner_start, q.inner_end),)) if qe > qs else None


_ASIDE = re.compile(r",\s+(?:which|who|whom|whose)\b")


def without_aside(parsed: Parsed, s: Sentence, start: int, end: int) -> int:
    """ "... had “the footprints of X”, which Washington has blamed for ...": the writer's
    aside after a closed quotation is background, not the speaker's words."""
    for m in _ASIDE.finditer(parsed.text, start, end):
        if any(q.end <= m.start() and q.end > start for q in s.quotes) and not parsed.quoted(m.start()):
            return m.start()
    return end


_CIRCUMSTANCE = re.compile(r"\s*,?\s*(?:before|after|when|while|as|amid|during|until|since)\b", re.IGNORECASE)


def without_circumstance(parsed: Parsed, s: Sentence, start: int, end: int) -> int:
    """ "said, “We will stay” before the talks yield results": a quotation followed by the
    writer's time or circumstance clause is the quotation alone."""
    opening = next((q for q in s.quotes if q.start <= start < q.end or start <= q.start < start + 2), None)
    if opening is not None and opening.end < end and _CIRCUMSTANCE.match(parsed.text, opening.end):
        return opening.end
    return end


_TRAILING_PARTICIPLE = re.compile(r",\s+(?:(?:later|also|then|again)\s+)?[a-z]+ing\b")


def without_trailing_participle(parsed: Parsed, s: Sentence, start: int, end: int) -> int:
    """ "it is misguided to “sacrifice everything for X,” alluding to a return to war": after the
    last quotation, a participle clause is the writer's gloss, not the speaker's words."""
    closed = [q for q in s.quotes if start <= q.start and q.end <= end]
    if not closed:
        return end
    last = max(closed, key=lambda q: q.end)
    text = parsed.text
    if text[last.inner_start : last.inner_end].rstrip().endswith(",") and re.match(
        r"\s+[a-z]+ing\b", text[last.end : end]
    ):
        return last.end  # the comma inside the marks closes the quotation's clause
    m = _TRAILING_PARTICIPLE.search(text, last.end, end)
    return m.start() if m is not None else end
