"""Labelled quotations: a name, a colon, a quotation ("Jane Doe: “...”").

Why: roundups, live blogs and poll digests attribute by label, with no reporting verb
("- Jane Doe: “The race is close.”", "More from Doe: “...”", "Continued Doe: “...”").
Only a person's name standing alone before the colon (after at most a short lead-in such
as "More from" or an inverted verb) labels the quotation; "The poll found: “...”" does not.
A short description with a role may stand before the name ("Former interior minister
Jane Doe: “...”"), and a person's document may label it ("From Doe's post: “...”"). A
clause whose subject is a name, closed by a colon ("Doe delivered a retort: “...”"),
introduces the quotation as its subject's (but in "Doe quotes Jo Roe: “...”" Roe speaks).
"""

from __future__ import annotations

import re

from claimex.attribution._lexicons import reporting_nouns, roles
from claimex.attribution._parsed import FINITE_TAGS, Parsed
from claimex.attribution._segment import QuoteSpan, Sentence
from claimex.attribution._trim import strip_span, whole_quotation
from claimex.attribution._types import Content, Speaker, Statement
from claimex.core.types import QuoteType

# what may stand between the start of the sentence (or a dash) and the name
_LEAD_IN = re.compile(r"(?:^|[-–—]\s*|(?:^|[-–—]\s*)(?:more\s+from|[a-z]+ed|[a-z]+s)\s+)$", re.IGNORECASE)


_LABEL_END = re.compile(
    r"(?:\s+(?:and|&)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})?\s*(?:\([^()]{1,30}\)\s*)?:\s*"
)  # "Jane Doe: “...”", "Rep. Jane Doe (D-Ore.): “...”", "Jane Doe and Jo Roe: “...”" (the first)


def _introducer(parsed: Parsed, s: Sentence, q: QuoteSpan) -> Speaker | None:
    """ "Doe delivered a sharp retort: “...”", "The group warned of the fight ahead: “...”":
    a colon closing a clause whose subject is a name hands the quotation to that name."""
    text = parsed.text
    if q.start <= s.start or not re.search(r":\s*$", text[s.start : q.start]):
        return None
    colon = text.rfind(":", s.start, q.start)
    verbs = [t for t in parsed.tokens[s.start] if parsed.at(t) < colon and t.pos_ in ("VERB", "AUX")]
    if any(v.lemma_ == "quote" for v in verbs):
        return None  # "Doe quotes Jo Roe: “...”": Roe's words (``_introduced``)
    subj = next((k for v in verbs for k in v.children if k.dep_ == "nsubj"), None)
    m = parsed.mention_at(s, parsed.at(subj)) if subj is not None else None
    if m is None or m.possessive or parsed.quoted(parsed.at(subj)) or m.text.isupper():
        return None
    if re.search(r"\s[-–—]\s*\S", text[m.end : colon]):
        return None  # "HEADLINE - Jane Doe: “...”": a roundup's label, not the clause's subject
    return Speaker(parsed.entity(m), m.surface, "name")


def _label(parsed: Parsed, s: Sentence, q: QuoteSpan) -> Speaker | None:
    text = parsed.text
    for m in parsed.mentions[s.start]:
        if m.kind != "person" or m.possessive or not _LABEL_END.fullmatch(text[m.end : q.start]):
            continue
        before = text[s.start : m.chunk_start]
        if (
            _LEAD_IN.search(before.strip() + (" " if before.strip() else ""))
            or not before.strip()
            or _described(parsed, s, m.chunk_start)
        ):
            return Speaker(parsed.entity(m), m.surface, "name")
    return None


_FROM_DOCUMENT = re.compile(r"\s*(?:from|in|per)\s+$", re.IGNORECASE)
_DOCUMENT_LABEL = re.compile(r"['’]s?\s+(?:[\w-]+\s+){0,2}?([\w-]+)\s*:\s*")


def _from_document(parsed: Parsed, s: Sentence, q: QuoteSpan) -> Speaker | None:
    """ "From Doe's Facebook post: “...”", "In Roe's letter: “...”": a person's document,
    named as a label, speaks for the person."""
    text = parsed.text
    for m in parsed.mentions[s.start]:
        if m.kind != "person" or not m.possessive or not _FROM_DOCUMENT.fullmatch(text[s.start : m.chunk_start]):
            continue
        label = _DOCUMENT_LABEL.fullmatch(text, m.end, q.start)
        if label is not None and label.group(1).lower() in reporting_nouns() | roles().document:
            return Speaker(parsed.entity(m), m.surface, "name")
    return None


def _described(parsed: Parsed, s: Sentence, name_at: int) -> bool:
    """ "Former secretary of state Jane Doe: “...”", "Army spokesman Jo Roe: “...”": a
    short description holding a person's role, with no verb, before the labelling name."""
    words = [t for t in parsed.tokens[s.start] if parsed.at(t) < name_at]
    return (
        0 < len(words) <= 6
        and not any(t.tag_ in FINITE_TAGS or t.is_punct for t in words)
        and any(roles().fold(t.lower_) in roles().person for t in words)
    )


_SIGNATURE = re.compile(r"\s*[-–—]+\s*$")


def signed(parsed: Parsed, s: Sentence, statements: list[Statement]) -> tuple[Statement, Statement | None] | None:
    """ "“...”" then a line "— Jane Doe, in the debate.": a fact-check's or a roundup's
    signature under a quotation paragraph names its speaker. Returns the statement and the
    run-on guess (``_floating``) it replaces, if any."""
    text = parsed.text
    m = next((m for m in parsed.mentions[s.start] if m.kind == "person" and not m.possessive), None)
    if m is None or not _SIGNATURE.fullmatch(text[s.start : m.chunk_start]) or s.quotes:
        return None
    if re.search(r"\w", re.split(r"[,(]", text[m.end : s.end], maxsplit=1)[0]):
        return None  # "— Jane Doe said ..." is a sentence, not a signature
    prev = parsed.sentence_before(s)
    if prev is None or prev.paragraph != s.paragraph - 1 or len(prev.quotes) != 1:
        return None
    q = prev.quotes[0]
    if text[prev.start : q.start].strip() or text[q.end : prev.end].strip(" ."):
        return None  # the quotation must be the whole paragraph
    held = [st for st in statements if st.content.start <= q.inner_start < st.content.end]
    if held and held[0].speaker.via != "run":
        return None
    qs, qe = strip_span(text, q.inner_start, q.inner_end)
    content = Content(qs, qe, QuoteType.DIRECT, ((q.inner_start, q.inner_end),))
    return Statement(Speaker(parsed.entity(m), m.surface, "name"), content, prev, None), (held[0] if held else None)


def labelled(parsed: Parsed, s: Sentence, statements: list[Statement]) -> list[Statement]:
    """Statements for the sentence's quotations that a name labels and nothing else claims."""
    text = parsed.text
    out: list[Statement] = []
    for q in s.quotes:
        if any(st.content.start <= q.inner_start < st.content.end for st in statements):
            continue
        speaker = _label(parsed, s, q) or _from_document(parsed, s, q) or _introducer(parsed, s, q)
        if speaker is None or len(text[q.inner_start : q.inner_end].split()) < 4:
            continue
        content = whole_quotation(text, q)  # four words or more: never empty
        if content is not None:
            out.append(Statement(speaker, content, s, None))
    return out
