"""One claim per statement: nested repeats and lead paraphrases of a fuller quote go.

A statement inside another of the same speaker is the same statement. A closing frame
("..., he said.") around a report with its own cue gives way to that report. A paraphrase
whose quoted fragments all recur in a direct quotation by the same speaker is the
lead restating it: the fuller quote is kept.
"""

from __future__ import annotations

from claimex.attribution._types import Statement
from claimex.core.text import fold_plain
from claimex.core.types import QuoteType


def _nested(st: Statement, kept: list[Statement]) -> bool:
    c = st.content
    return any(
        k.content.start <= c.start and c.end <= k.content.end and k.speaker.entity is st.speaker.entity for k in kept
    )


def _restates(text: str, st: Statement, kept: list[Statement]) -> bool:
    if st.content.quote_type is QuoteType.DIRECT or not st.content.fragments:
        return False
    frags = [fold_plain(text[a:b], lower=True).strip(" ,.") for a, b in st.content.fragments]
    for k in kept:
        if k is st or k.speaker.entity is not st.speaker.entity or k.content.quote_type is not QuoteType.DIRECT:
            continue
        body = fold_plain(text[k.content.start : k.content.end], lower=True)
        if all(f and f in body for f in frags):
            return True
    return False


def _frames_a_report(st: Statement, others: list[Statement]) -> bool:
    """ "X said that A, indicating that B, he said.": a closing frame whose words hold a
    report with its own cue is that report's echo, not a claim of its own."""
    if st.content.quote_type is not QuoteType.INDIRECT:
        return False
    c = st.content
    return any(
        o is not st
        and o.cue is not None
        and c.start <= o.cue.start < c.end
        and c.start <= o.content.start
        and o.content.end <= c.end
        for o in others
    )


def dedupe(text: str, statements: list[Statement]) -> list[Statement]:
    kept: list[Statement] = []
    for st in [st for st in statements if not _frames_a_report(st, statements)]:
        if not _nested(st, kept):
            kept.append(st)
    return [st for st in kept if not _restates(text, st, kept)]
