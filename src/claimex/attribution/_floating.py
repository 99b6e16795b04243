"""Floating quotations: a quotation with no cue of its own, in a sentence that is little else.

It continues the statement just before it (same or next sentence, that statement being
direct or the quotation running on), as a run of quotes by one speaker does; a short
one (under four words) is a scare quote or a term, not a statement.
"""

from __future__ import annotations

import re

from claimex.attribution._parsed import Parsed
from claimex.attribution._segment import QuoteSpan, Sentence
from claimex.attribution._trim import strip_span
from claimex.attribution._types import Content, Speaker, Statement
from claimex.core.types import QuoteType


def covered(q: QuoteSpan, statements: list[Statement]) -> bool:
    """Whether one of ``statements`` already holds the quotation (their spans overlap)."""
    return any(
        st.content.start <= q.inner_start < st.content.end or q.inner_start <= st.content.start < q.inner_end
        for st in statements
    )


def _paragraph(text: str, q: QuoteSpan) -> bool:
    """Whether the quotation is a paragraph of its own, of eight words or more: news runs
    such a paragraph on from the report before it, even an indirect one."""
    before = text[text.rfind("\n", 0, q.start) + 1 : q.start]
    nl = text.find("\n", q.end)
    after = text[q.end : nl if nl >= 0 else len(text)]
    return not before.strip() and not after.strip(" .") and len(text[q.inner_start : q.inner_end].split()) >= 8


def floating(parsed: Parsed, s: Sentence, statements: list[Statement]) -> list[Statement]:
    text = parsed.text
    out: list[Statement] = []
    for q in s.quotes:
        if q.start < s.start or covered(q, statements + out):
            continue
        if len(text[q.inner_start : q.inner_end].split()) < 4:
            continue
        outside = text[s.start : q.start] + text[q.end : s.end]
        if len(re.findall(r"[A-Za-z]+", outside)) > 3 or not statements:
            continue
        last = (out or statements)[-1]
        gap = [x for x in parsed.sentences if last.sentence.start < x.start < s.start]
        if len(gap) > 1 or (
            last.content.quote_type is QuoteType.INDIRECT and not q.continues and not _paragraph(text, q)
        ):
            continue
        qs, qe = strip_span(text, q.inner_start, q.inner_end)
        speaker = Speaker(last.speaker.entity, last.speaker.mention, "run")
        out.append(Statement(speaker, Content(qs, qe, QuoteType.DIRECT, ((q.inner_start, q.inner_end),)), s, None))
    return out
