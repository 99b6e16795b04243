"""Floating quotations: a quotation with no cue of its own, in a sentence that is little else.

It continues the statement just before it (same or next sentence, that statement being
direct or the quotation running on), as a run of quotes by one speaker does; a short
one (under four words) is a scare quote or a term, not a statement. A quotation the
frame interrupts ("“If they stay,” he added, “we will eject them.”") resumes after it.
"""

from __future__ import annotations

import re

from claimex.attribution._parsed import FINITE_TAGS, Parsed
from claimex.attribution._segment import QuoteSpan, Sentence
from claimex.attribution._trim import whole_quotation
from claimex.attribution._types import Speaker, Statement
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
        content = whole_quotation(text, q)  # four words or more: never empty
        if content is not None:
            out.append(Statement(Speaker(last.speaker.entity, last.speaker.mention, "run"), content, s, None))
    return out


_FRAME_WORDS = 12


def _frame_between(text: str, st: Statement, first: QuoteSpan, second: QuoteSpan) -> bool:
    """Whether only the statement's frame ("he added,", "Doe said on Monday,") stands between
    the quotation it reports and the next one."""
    cue = st.cue
    frame = text[first.end : second.start]
    return (
        cue is not None
        and first.end <= cue.start < second.start
        and frame.rstrip().endswith(",")
        and not re.search(r"[“”\"\n.;:]", frame)
        and len(frame.split()) <= _FRAME_WORDS
    )


_SUBORDINATORS = frozenset("if when while although though because as unless once until since after before".split())


def _fragment(parsed: Parsed, s: Sentence, q: QuoteSpan) -> bool:
    """Whether the quoted words are no clause of their own: a subordinate clause ("And if
    they do not leave,") or words with no finite verb ("Supporters of the other side,")."""
    toks = [t for t in parsed.tokens[s.start] if q.inner_start <= parsed.at(t) < q.inner_end]
    words = [t for t in toks if t.is_alpha and t.lower_ not in ("and", "but", "so")]
    if not words:
        return True
    return words[0].lower_ in _SUBORDINATORS or not any(t.tag_ in FINITE_TAGS for t in toks)


def resumed(parsed: Parsed, s: Sentence, statements: list[Statement]) -> tuple[list[Statement], list[Statement]]:
    """The second halves of interrupted quotations, as their speakers' statements, and the
    first halves they replace.

    When the first half is only the opening of the sentence the second half completes (a
    subordinate clause or words with no verb, ending on a comma, and the second goes on in
    lower case), the second half is the statement and the first is dropped.
    """
    text = parsed.text
    added: list[Statement] = []
    dropped: list[Statement] = []
    for st in [st for st in statements if st.sentence is s and st.content.quote_type is QuoteType.DIRECT]:
        first = next((q for q in s.quotes if q.inner_start <= st.content.start < q.inner_end), None)
        later = [q for q in s.quotes if first is not None and q.start >= first.end]
        if first is None or not later or covered(later[0], statements + added):
            continue
        second = later[0]
        content = whole_quotation(text, second)
        if content is None or not _frame_between(text, st, first, second):
            continue
        if len(text[content.start : content.end].split()) < 4:
            continue
        opening = text[first.inner_start : first.inner_end].rstrip().endswith(",")
        if opening and text[content.start : content.start + 1].islower() and _fragment(parsed, s, first):
            dropped.append(st)
        added.append(Statement(st.speaker, content, s, st.cue))
    return added, dropped
