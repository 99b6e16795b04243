"""Cue detection: reporting verbs by lemma, and "according to", over the parse.

A verb is a cue when its lemma is in ``reporting_verbs.json`` and it reports: not a
passive ("was told"), not an attributive or a modifier ("the said letter"), not an
infinitive or a modal ("refused to say", "would say"), not a reduced relative
("militias condemning X"), and outside quotation marks.
"""

from __future__ import annotations

from typing import Any

from claimex.attribution._lexicons import VerbInfo, reporting_nouns, reporting_verbs
from claimex.attribution._parsed import Parsed, text_before, word_before
from claimex.attribution._segment import Sentence
from claimex.attribution._types import Cue

_ACCORDING = VerbInfo("according to")
_MODALS = frozenset("would could might may should must can".split())
_NOT_REPORTING_DEPS = frozenset({"amod", "compound", "nmod", "acomp", "pcomp", "csubj", "nsubj", "dobj", "pobj"})


_AS_SAYING_HEADS = frozenset({"quote", "report", "cite"})


def quoted_as_saying(tok: Any) -> bool:
    """ "X was quoted as saying", "the agency reported X as saying": the report is the participle's."""
    return bool(tok.dep_ == "pcomp" and tok.head.lower_ == "as" and tok.head.head.lemma_ in _AS_SAYING_HEADS)


_FOR_THE_SUBJECT = frozenset({"by", "upon", "after", "before", "while"})


def _by_saying(tok: Any) -> bool:
    """ "punctuated his list by saying “Too many”", "drew boos upon saying ...": the participle
    reports for the subject; "..., with X calling it “a menu”": for its own subject."""
    if tok.dep_ != "pcomp" or tok.tag_ != "VBG":
        return False
    if tok.head.lower_ == "with":
        return any(k.dep_ == "nsubj" for k in tok.children)
    return bool(tok.head.lower_ in _FOR_THE_SUBJECT)


_CAUSATIVE = frozenset({"prompt", "lead", "push", "force", "spur", "drive", "move"})


def went_on_to_say(tok: Any) -> bool:
    """ "X went on to say ...": the infinitive is X's report."""
    head = tok.head
    return bool(
        tok.dep_ == "xcomp" and head.lemma_ == "go" and any(k.dep_ == "prt" and k.lower_ == "on" for k in head.children)
    )


def caused_report(tok: Any) -> bool:
    """ "the strikes prompted the prime minister to call for an end to X": the object of a
    verb of causing made the report (the infinitive happened)."""
    return bool(
        tok.dep_ == "xcomp"
        and tok.head.lemma_ in _CAUSATIVE
        and any(k.dep_ == "dobj" for k in tok.head.children)
        and not any(k.dep_ == "neg" for k in tok.head.children)
    )


def modal_as_name(parsed: Parsed, tok: Any) -> bool:
    """ "“...,” May said", "“...,” Will wrote": a capitalised modal after the quotation is
    a surname (Theresa May, George Will) the parse read as the verb's auxiliary."""
    return bool(
        tok.dep_ == "aux"
        and tok.tag_ == "MD"
        and tok.text[:1].isupper()
        and tok.i > tok.sent.start
        and text_before(tok) in (",", "”", "’", '"', "'")
        and not parsed.quoted(parsed.at(tok))
    )


def _mistagged_root(tok: Any) -> bool:
    """ "“...,” the statement read.": a clause's root with a subject is its verb, whatever the tag says."""
    return bool(tok.dep_ == "ROOT" and any(k.dep_ == "nsubj" for k in tok.children))


def _blocked(parsed: Parsed, tok: Any, info: VerbInfo) -> bool:
    """A lemma match that is not a report (see module docstring)."""
    if quoted_as_saying(tok) or _by_saying(tok) or caused_report(tok) or went_on_to_say(tok):
        return False
    if any(quoted_as_saying(g) for k in tok.children if k.lower_ == "as" for g in k.children):
        return True  # "the agency reported X as saying": the participle's report, X's words
    if tok.dep_ in _NOT_REPORTING_DEPS or (tok.pos_ not in ("VERB", "AUX") and not _mistagged_root(tok)):
        return True
    kids = list(tok.children)
    if any(k.dep_ in ("auxpass", "nsubjpass") for k in kids):
        return True
    if any(k.dep_ == "aux" and k.lower_ in ("to", *_MODALS) and not modal_as_name(parsed, k) for k in kids):
        return True
    if tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.lemma_ not in reporting_nouns():
        return True  # "militias condemning X" (but "a statement saying")
    if tok.dep_ == "advcl" and tok.tag_ == "VBN" and not any(k.dep_.startswith("nsubj") for k in kids):
        return True  # "Asked why ..., Doe said": the subject was asked; the asker is unnamed
    if tok.dep_ == "acl" and tok.tag_ == "VBN":
        return True  # "the letter sent", "the man called X"
    if info.particle is not None and not any(k.lower_ == info.particle for k in kids):
        return True
    return bool(tok.dep_ == "xcomp" and tok.tag_ != "VBG")


def _opens_quotation(parsed: Parsed, s: Sentence, tok: Any) -> bool:
    """ "X has “rejected any violation”", "X “categorically rejected” the comments": a reporting
    verb at the head of a quotation whose subject stands outside it reports the quotation."""
    subj = next((k for k in tok.children if k.dep_ == "nsubj"), None)
    if subj is None or parsed.quoted(parsed.at(subj)):
        return False
    pos = parsed.at(tok)
    q = next((q for q in s.quotes if q.inner_start <= pos < q.inner_end), None)
    if q is None:
        return False
    between = [t for t in parsed.tokens[s.start] if q.inner_start <= parsed.at(t) < pos]
    return all(t.pos_ == "ADV" for t in between)


def frame_as_modifier(parsed: Parsed, tok: Any) -> bool:
    """ "“...,” the party's nominee, Jo Doe, tweeted": the parse made the frame's noun an
    object inside the quotation and the cue a participle modifying it; the cue reports."""
    head = tok.head
    if tok.dep_ == "amod":  # "“...,” tweeted Rubio spokesman Jo Doe": the inverted cue as an adjective
        return bool(
            tok.tag_ in ("VBN", "VBD")
            and text_before(tok) in (",", "”", '"', "’")
            and head.i > tok.i
            and not parsed.quoted(parsed.at(head))
        )
    return bool(
        tok.dep_ == "acl"
        and tok.tag_ in ("VBN", "VBD")
        and not any(k.dep_ in ("agent", "dobj", "auxpass") for k in tok.children)
        and not parsed.quoted(parsed.at(head))
        and (
            (head.head.i != head.i and parsed.quoted(parsed.at(head.head)))
            or _frame_after_quotation(parsed, frame_owner(tok))
            or _finite_after_its_subject(tok)
        )
    )


def _finite_after_its_subject(tok: Any) -> bool:
    """ "Doe, who signed the law, interjected to say: ...": a past-tense verb after a comma
    that the parse hung on the sentence's root name before it is that name's verb."""
    head = tok.head
    return bool(head.head.i == head.i and head.i < tok.i and head.pos_ == "PROPN" and text_before(tok) == ",")


def frame_owner(tok: Any) -> Any:
    """The noun a modifier cue's frame is about: its head, or what that head is in apposition to."""
    return tok.head.head if tok.head.dep_ == "appos" else tok.head


def _frame_after_quotation(parsed: Parsed, owner: Any) -> bool:
    """ "“...!” the party's nominee, Jo Doe, tweeted": the frame's noun is a root of its own
    right after the quotation (the parse ended the sentence with the quotation)."""
    mark = word_before(parsed.phrase_start(owner))
    return bool(
        owner.head.i == owner.i
        and mark is not None
        and mark.text in ("”", '"', "’")
        and parsed.quoted(parsed.at(mark) - 1)  # a closing mark
    )


def find_cues(parsed: Parsed, s: Sentence) -> list[Cue]:
    verbs = reporting_verbs()
    found: list[Cue] = []
    toks = parsed.tokens[s.start]
    for i, tok in enumerate(toks):
        pos = parsed.at(tok)
        if parsed.inside_quote(s, pos):
            info = verbs.get(tok.lemma_.lower())
            if info is not None and _opens_quotation(parsed, s, tok) and not _blocked(parsed, tok, info):
                found.append(Cue(tok, pos, parsed.end(tok), info, quoted=True))
            continue
        if tok.lower_ == "according" and i + 1 < len(toks) and toks[i + 1].lower_ == "to":
            found.append(Cue(tok, pos, parsed.end(toks[i + 1]), _ACCORDING, according=True))
            continue
        info = verbs.get(tok.lemma_.lower())
        if info is None or (_blocked(parsed, tok, info) and not frame_as_modifier(parsed, tok)):
            continue
        found.append(Cue(tok, pos, parsed.end(tok), info))
    return found
