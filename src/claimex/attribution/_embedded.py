"""Embedded quotations: a quoted phrase inside the clause of a named subject's verb.

Why: "X blasted the plan for its “outrageous practices”", "X credited the win to “a closed
primary”": the writer paraphrases X and borrows X's words, with a verb that is not a
reporting verb. The quoted words are X's (a mixed claim). Titles ("“The Walking Dead”")
and one-word terms are left alone; so is a quotation whose subject no rule can name (a
description such as "the senator" is named as the resolver names a source).
"""

from __future__ import annotations

from typing import Any

from claimex.attribution._floating import covered
from claimex.attribution._resolve import Resolver
from claimex.attribution._segment import QuoteSpan, Sentence
from claimex.attribution._sources import source_phrase
from claimex.attribution._trim import strip_span
from claimex.attribution._types import Content, Statement
from claimex.core.types import QuoteType

_MIN_WORDS = 2


def _title_like(words: list[str]) -> bool:
    return all(w[:1].isupper() for w in words if w[:1].isalpha())


def _governing_verb(resolver: Resolver, s: Sentence, q: QuoteSpan, cues: set[int]) -> Any | None:
    """The nearest verb above the quotation whose subject is a name; a clause complement
    without one ("X worried that the net was becoming “...”") is X's. A report's own verb
    on the way (``cues``) ends the search: the quotation is that report's business."""
    parsed = resolver.parsed
    tok = parsed.token_at(q.inner_start, s.start)
    for _ in range(10):
        if tok is None or tok.head.i == tok.i:
            return None
        dep, tok = tok.dep_, tok.head
        if tok.i in cues:
            return None
        if tok.pos_ != "VERB" or parsed.quoted(parsed.at(tok)):
            continue
        subj = next((k for k in tok.children if k.dep_ == "nsubj"), None)
        if subj is not None and subj.pos_ == "PROPN":
            return tok
        if subj is None and tok.dep_ in ("advcl", "acl", "conj", "xcomp", "ccomp", "pcomp"):
            continue  # a participle or an infinitive speaks for its governor's subject
        if tok.dep_ not in ("ccomp", "xcomp") or dep == "nsubj":
            return tok
    return None


def embedded(resolver: Resolver, s: Sentence, statements: list[Statement]) -> list[Statement]:
    parsed, text = resolver.parsed, resolver.parsed.text
    out: list[Statement] = []
    cues = {st.cue.token.i for st in statements if st.sentence is s and st.cue is not None}
    for q in s.quotes:
        if q.start < s.start or covered(q, statements + out):
            continue
        words = text[q.inner_start : q.inner_end].split()
        if len(words) < _MIN_WORDS or _title_like(words):
            continue
        verb = _governing_verb(resolver, s, q, cues)
        subj = next((k for k in verb.children if k.dep_ == "nsubj"), None) if verb is not None else None
        if verb is None or parsed.end(verb) > q.start:
            continue  # a verb after the quotation frames it: the report stages' business
        if subj is None or parsed.quoted(parsed.at(subj)) or subj.pos_ not in ("PROPN", "NOUN"):
            continue
        speaker = resolver.resolve(s, source_phrase(parsed, subj))
        if speaker is None:
            continue
        start = parsed.end(verb)
        qs, qe = strip_span(text, start, q.end)
        out.append(Statement(speaker, Content(qs, qe, QuoteType.MIXED, ((q.inner_start, q.inner_end),)), s, None))
    return out
