"""Labelled quotations: a name, a colon, a quotation ("Jane Doe: “...”").

Why: roundups, live blogs and poll digests attribute by label, with no reporting verb
("- Jane Doe: “The race is close.”", "More from Doe: “...”", "Continued Doe: “...”").
Only a person's name standing alone before the colon (after at most a short lead-in such
as "More from" or an inverted verb) labels the quotation; "The poll found: “...”" does not.
"""

from __future__ import annotations

import re

from claimex.attribution._content import strip_span
from claimex.attribution._parsed import Parsed
from claimex.attribution._segment import QuoteSpan, Sentence
from claimex.attribution._types import Content, Speaker, Statement
from claimex.core.types import QuoteType

# what may stand between the start of the sentence (or a dash) and the name
_LEAD_IN = re.compile(r"(?:^|[-–—]\s*|(?:^|[-–—]\s*)(?:more\s+from|[a-z]+ed|[a-z]+s)\s+)$", re.IGNORECASE)


def _label(parsed: Parsed, s: Sentence, q: QuoteSpan) -> Speaker | None:
    text = parsed.text
    for m in parsed.mentions[s.start]:
        if m.kind != "person" or m.possessive or not re.fullmatch(r"\s*:\s*", text[m.end : q.start]):
            continue
        before = text[s.start : m.chunk_start]
        if _LEAD_IN.search(before.strip() + (" " if before.strip() else "")) or not before.strip():
            return Speaker(parsed.entity(m), m.surface, "name")
    return None


def labelled(parsed: Parsed, s: Sentence, statements: list[Statement]) -> list[Statement]:
    """Statements for the sentence's quotations that a name labels and nothing else claims."""
    text = parsed.text
    out: list[Statement] = []
    for q in s.quotes:
        if any(st.content.start <= q.inner_start < st.content.end for st in statements):
            continue
        speaker = _label(parsed, s, q)
        if speaker is None or len(text[q.inner_start : q.inner_end].split()) < 4:
            continue
        qs, qe = strip_span(text, q.inner_start, q.inner_end)
        out.append(Statement(speaker, Content(qs, qe, QuoteType.DIRECT, ((q.inner_start, q.inner_end),)), s, None))
    return out
