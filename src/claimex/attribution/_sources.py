"""Source: who the parse says speaks for a cue.

- the cue's subject (``nsubj``), wherever it stands (", said X" inversion included);
- "according to X": the object of "to";
- "X, who said": the noun the relative clause modifies;
- "... and said", ", saying": the subject of the verb the cue is coordinated with or
  hangs from (``inherited``);
- "a statement saying": the document (resolved to its author later);
- no subject in the parse: a name right before the cue ("X, a member of Y, said").
"""

from __future__ import annotations

from typing import Any

from claimex.attribution._cues import caused_report, frame_as_modifier, frame_owner, modal_as_name, quoted_as_saying
from claimex.attribution._lexicons import reporting_nouns
from claimex.attribution._parsed import Parsed, word_before
from claimex.attribution._types import Cue, SourcePhrase

_SUBJECTS = ("nsubj", "expl")
_RELATIVE = frozenset("who which that".split())


def source_phrase(parsed: Parsed, head: Any, *, inherited: bool = False) -> SourcePhrase:
    """The words of the source headed by ``head``, with the tails that belong to it."""
    left = parsed.phrase_start(head)
    right = head
    # keep "a spokesman for X", "the leader of Y": prepositional tails of the head
    for k in head.rights:
        if k.dep_ in ("prep", "appos", "compound", "amod", "poss") or (k.dep_ == "punct" and k.text == ","):
            right = k.right_edge
        else:
            break
    return SourcePhrase(head, parsed.at(left), parsed.end(right), inherited)


def _dateline(tok: Any) -> bool:
    """ "ERBIL, Iraq -", "BAGHDAD -": a place line opening the story, parsed as a subject."""
    if not (tok.text.isupper() and len(tok.text) > 2) or tok.i > 3:
        return False  # a dateline opens its paragraph ("Brent Doe III, ..." is a name)
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return nxt is not None and nxt.text in (",", "-", "–", "—", "(")


def _subject(parsed: Parsed, tok: Any) -> Any | None:
    """The subject nearest the verb (a dateline "CITY -" can parse as a second subject).

    A subject inside quotation marks is a misparse for a cue outside them ("“We were
    wrong,” Doe, 58, told AFP": the parse makes "We" the subject of "told").
    """
    found = [k for k in tok.children if k.dep_ in _SUBJECTS and not _dateline(k) and not parsed.quoted(parsed.at(k))]
    found = [_through_preposition(k) for k in found]
    before = [k for k in found if k.i < tok.i]
    prev = word_before(tok)
    if before and len(found) > 1 and prev is not None and prev.text not in (",", '"', "”", "’", "'"):
        # "X called on Y to resign": the parse made Y a second subject; no inversion here
        return max(before, key=lambda k: k.i)
    return min(found, key=lambda k: abs(k.i - tok.i)) if found else None


def _through_preposition(subj: Any) -> Any:
    """ "Of Carson, Levine, who ..., said": a fronted preposition misparsed as the subject
    stands for its object."""
    if subj.pos_ != "ADP":
        return subj
    return next((k for k in subj.children if k.dep_ == "pobj"), subj)


def _governing_subject(parsed: Parsed, tok: Any, depth: int = 0) -> Any | None:
    """The subject of the verb a participle or a coordinated verb depends on."""
    if depth > 4:
        return None
    head = tok.head
    if head.i == tok.i:
        return None
    subj = _subject(parsed, head)
    if subj is None and (head.lemma_ == "quote" or tok.dep_ == "conj"):
        # "X was quoted as saying", "X was joined on stage and joked": the passive's subject
        subj = next((k for k in head.children if k.dep_ == "nsubjpass"), None)
    if subj is not None:
        return subj
    if head.dep_ in ("conj", "advcl", "xcomp", "prep") or (head.dep_ == "ccomp" and tok.tag_ == "VBG"):
        return _governing_subject(parsed, head, depth + 1)
    if head.dep_ == "relcl":
        return head.head
    return None


def _name_before(tok: Any) -> Any | None:
    """ "X, a member of the council, said": the name just before the cue, past one appositive.

    The fallback when the parse gives the cue no subject (a long fronted adverbial can
    derail a small model's parse); only a proper noun right before the cue, right before
    a comma-enclosed appositive that starts with a determiner or is an age ("Doe, 58,
    told"), or closing an appositive itself ("her adviser, Jane Doe, said") counts.
    """
    doc, i = tok.doc, tok.i - 1
    if i >= 0 and doc[i].text == ")":  # "Rep. Jo Doe (R-Wis.) said": past the party label
        opening = next((j for j in range(i - 1, max(i - 10, -1), -1) if doc[j].text == "("), None)
        i = opening - 1 if opening is not None else i
    if i >= 0 and doc[i].text == ",":
        opening = next((j for j in range(i - 1, max(i - 16, -1), -1) if doc[j].text == ","), None)
        if opening is None:
            return None
        inside = doc[opening + 1 : i]
        first = inside[0]
        if all(t.pos_ == "PROPN" for t in inside):
            i -= 1  # the appositive is the name
        elif first.lower_ in ("a", "an", "the", "who") or first.tag_ == "VBG" or (first.like_num and len(inside) == 1):
            # "X, the chief of Y, said", "X, 58, said", "X, speaking at a rally, said"
            i = opening - 1
        else:
            return None
    if i >= 0 and doc[i].pos_ == "PROPN" and doc[i].sent == tok.sent:
        return doc[i]
    return None


def find_source(parsed: Parsed, cue: Cue) -> SourcePhrase | None:
    tok = cue.token
    if cue.according:
        obj = next((o for k in tok.children if k.lower_ == "to" for o in k.children if o.dep_ == "pobj"), None)
        return source_phrase(parsed, obj) if obj is not None else None
    if caused_report(tok):  # "prompted X to call for": X speaks
        return source_phrase(parsed, next(k for k in tok.head.children if k.dep_ == "dobj"))
    if quoted_as_saying(tok):  # "the agency reported X as saying": X speaks
        obj = next((k for k in tok.head.head.children if k.dep_ == "dobj"), None)
        if obj is not None:
            return source_phrase(parsed, obj)
    subj = _subject(parsed, tok) or next((k for k in tok.children if modal_as_name(parsed, k)), None)
    if subj is not None:
        if subj.lower_ in _RELATIVE and tok.dep_ == "relcl":
            return source_phrase(parsed, tok.head)
        return source_phrase(parsed, subj)
    if tok.dep_ == "relcl":
        return source_phrase(parsed, tok.head)
    if tok.dep_ == "acl" and tok.head.lemma_.lower() in reporting_nouns():
        return source_phrase(parsed, tok.head)
    if tok.dep_ == "acl" and frame_as_modifier(parsed, tok):
        return source_phrase(parsed, frame_owner(tok))
    if tok.dep_ in ("conj", "advcl", "xcomp", "ccomp", "dep", "pcomp") or tok.tag_ == "VBG":
        gov = _governing_subject(parsed, tok)
        if gov is not None:
            return source_phrase(parsed, gov, inherited=True)
    name = _name_before(tok) or _name_after(parsed, tok)
    return source_phrase(parsed, name) if name is not None else None


def _name_after(parsed: Parsed, tok: Any) -> Any | None:
    """ "“...,” said Skelly, explaining ...": the name right after an inverted cue that the
    parse did not make its subject (a small model misparses an unknown name)."""
    doc = tok.doc
    before = word_before(tok)
    if tok.i + 1 >= len(doc) or before is None or before.text not in (",", "”", '"', "’"):
        return None
    i = tok.i + 1
    while (
        i + 1 < len(doc)
        and i < tok.i + 6
        and ((doc[i].is_lower and doc[i].pos_ in ("ADJ", "NOUN", "VERB")) or (doc[i].text == "-" and i > tok.i + 1))
    ):
        i += 1  # "said retired neurosurgeon Ben Carson", "mused radio co-host Jo Roe": the descriptors
    if (
        not doc[i].text[:1].isupper()
        or doc[i].is_stop
        or doc[i].pos_ in ("PRON", "DET", "ADP")
        or parsed.quoted(parsed.at(doc[i]))
    ):
        return None
    while i + 1 < len(doc) and doc[i + 1].pos_ == "PROPN" and doc[i + 1].sent == tok.sent:
        i += 1
    while doc[i].dep_ == "compound" and i < doc[i].head.i < tok.i + 9:
        i = doc[i].head.i  # "tweeted Rubio spokesman Jo Doe": the name the compounds lead to
    if i + 1 < len(doc) and doc[i + 1].dep_ == "case":  # "said Doe's aide, Jo Roe": the aide, named
        owned = doc[i].head
        return next((k for k in owned.children if k.dep_ == "appos"), owned)
    return doc[i]
