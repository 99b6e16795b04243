"""Introduced quotations: a quotation that a colon opens after a named subject's clause.

Why: "X laid out his terms: “...”", "X's letter makes the case: “...”": news hands the
floor to X with a colon and no reporting verb, and the quotation is X's words (a direct
claim). The parse of such a sentence often makes the quotation the main clause and the
introducing clause its complement, so the introducing clause is read on its own: its verb
is the one whose head lies outside it. A subject no rule can name (a description, "the
timing of the vote") hands over nothing. (``_labelled`` runs first and takes the plain
case, a name as the first subject before the colon; this stage adds what needs the
resolver: descriptions, documents, appositions, and the speaker of a report in the clause.)
"""

from __future__ import annotations

import re
from typing import Any

from claimex.attribution._floating import covered
from claimex.attribution._lexicons import reporting_verbs
from claimex.attribution._resolve import Resolver
from claimex.attribution._segment import Sentence
from claimex.attribution._sources import source_phrase
from claimex.attribution._trim import whole_quotation
from claimex.attribution._types import Speaker, Statement

_MIN_WORDS = 4


def _before(resolver: Resolver, s: Sentence, colon: int) -> list[Any]:
    """The sentence's tokens before the colon, outside quotation marks."""
    parsed = resolver.parsed
    return [t for t in parsed.tokens[s.start] if parsed.at(t) < colon and not parsed.quoted(parsed.at(t))]


def _reports(toks: list[Any]) -> bool:
    """Whether a reporting verb stands before the colon (the quotation is then that report's)."""
    return any(t.pos_ == "VERB" and t.lemma_.lower() in reporting_verbs() for t in toks)


def _clause_verb(toks: list[Any]) -> Any | None:
    """The verb of the words before the colon: the one the rest of them hang from."""
    inside = {t.i for t in toks}
    for t in toks:
        if t.pos_ in ("VERB", "AUX") and (t.head.i == t.i or t.head.i not in inside):
            return t
    return None


def _speaker(resolver: Resolver, s: Sentence, colon: int, statements: list[Statement]) -> Speaker | None:
    """Who the clause before the colon names: the speaker of its report ("X said he had
    worked with Y: “...”"); with no report, its subject, if the resolver names it. A report
    the cue stages left unnamed ("another resident said ...:") hands over nothing."""
    toks = _before(resolver, s, colon)
    if _reports(toks):
        before = [st for st in statements if st.sentence is s and st.cue is not None and st.content.end <= colon + 1]
        return before[-1].speaker if before else None
    verb = _clause_verb(toks)
    # "Doe quotes the former adviser Jo Roe: “...”": the one quoted speaks
    role = "dobj" if verb is not None and verb.lemma_ == "quote" else "nsubj"
    subj = next((k for k in verb.children if k.dep_ == role), None) if verb is not None else None
    if subj is None or subj.pos_ not in ("PROPN", "NOUN"):
        return None
    return resolver.resolve(s, source_phrase(resolver.parsed, subj))


def introduced(resolver: Resolver, s: Sentence, statements: list[Statement]) -> list[Statement]:
    text = resolver.parsed.text
    out: list[Statement] = []
    for q in s.quotes:
        if q.start <= s.start or covered(q, statements + out):
            continue
        colon = re.search(r":\s*$", text[s.start : q.start])
        if colon is None or len(text[q.inner_start : q.inner_end].split()) < _MIN_WORDS:
            continue
        speaker = _speaker(resolver, s, s.start + colon.start(), statements)
        if speaker is None:
            continue
        content = whole_quotation(text, q)  # four words or more: never empty
        if content is not None:
            out.append(Statement(speaker, content, s, None))
    return out
