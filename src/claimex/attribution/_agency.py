"""Who does the harm a statement reports: the target (an accusation) or someone else.

Why: "the strikes targeted depots" from the side that struck is a threat; "Hezbollah bears
responsibility for targeting civilians" and "the US military attacks on Iraq" are
accusations against the actor named. The parse tells them apart: an armed-action word whose
subject, agent ("by X"), possessor or modifier names the target (or "the enemy") puts the
harm on the target, and the statement opposes rather than threatens. The same parse finds
the speaker's own side acting ("it carried out strikes", "we destroyed"), which threatens
even beside words of blame (:func:`harm_by_speaker`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from claimex.attribution._lexicons import stance_cues
from claimex.attribution._parsed import Parsed

_AGENT_DEPS = frozenset({"nsubj", "agent", "poss", "compound", "amod", "nmod"})
# a harm noun speaks of its actor only as the clause's subject ("the US attacks on Iraq
# merely serve ..."); as an object it is what was hit ("destroyed 14 PKK targets") or answered
_NOUN_DEPS = frozenset({"nsubj", "nsubjpass", "attr", "ROOT", "appos"})
_ENEMY = frozenset({"enemy", "enemies", "aggressor", "aggressors", "occupier", "occupiers"})


@cache
def _harm_word() -> re.Pattern[str]:
    return re.compile(r"(?:" + "|".join(stance_cues()["harm_event"]) + r")$", re.IGNORECASE)


def _own_agents(tok: Any) -> list[Any]:
    """The harm word's own subject, agent ("by X"), possessor or modifiers."""
    found = [c for c in tok.children if c.dep_ in _AGENT_DEPS]
    return found + [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]


def _harm_tokens(parsed: Parsed, start: int, end: int) -> Iterator[Any]:
    """The armed-action words (``harm_event`` lexicon) inside ``text[start:end]``."""
    harm = _harm_word()
    for sentence in parsed.sentences:
        if sentence.end <= start or sentence.start >= end:
            continue
        for tok in parsed.tokens[sentence.start]:
            if start <= parsed.at(tok) < end and harm.match(tok.text):
                yield tok


def _agents(tok: Any) -> list[Any]:
    found = _own_agents(tok)
    if not found and tok.dep_ in ("xcomp", "pcomp", "acl") and tok.head.i != tok.i:
        # "intended to kill", "responsibility for targeting": the governing word's subject acts
        found = [c for c in tok.head.children if c.dep_ == "nsubj"]
        if not found and tok.head.head.i != tok.head.i:
            found = [c for c in tok.head.head.children if c.dep_ == "nsubj"]
    return found


def _names_form(tok: Any, forms: frozenset[str]) -> bool:
    """Whether the phrase headed by ``tok`` holds one of ``forms`` as whole words."""
    words = " ".join(t.text.casefold() for t in tok.subtree)
    return any(re.search(rf"(?<!\w){re.escape(f)}(?!\w)", words) for f in forms)  # "u.s." ends in a dot


def _names(tok: Any, forms: frozenset[str]) -> bool:
    return any(t.text.casefold() in _ENEMY for t in tok.subtree) or _names_form(tok, forms)


def harm_by_target(parsed: Parsed, start: int, end: int, target_forms: Iterable[str]) -> bool:
    """True when an armed-action word in ``text[start:end]`` has the target (or "the enemy") as its actor."""
    forms = frozenset(f.casefold() for f in target_forms if len(f) > 1)
    for tok in _harm_tokens(parsed, start, end):
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ not in _NOUN_DEPS:
            continue  # also "killed in the US attack": losses reported are a report (ANNOTATION.md)
        if tok.pos_ in ("VERB", "AUX") and not _acting(tok):
            continue
        if any(_names(agent, forms) for agent in _agents(tok)):
            return True
    return False


# a harm noun reports an act of the speaker's side when it is what acts or what is done
# ("the strikes targeted depots", "launched an operation", "operations against X"); as the
# subject of "be", after most prepositions or as a passive, it describes or laments an event
_ACTING_NOUN_DEPS = frozenset({"nsubj", "dobj", "ROOT", "xcomp"})
_PASSIVE_DEPS = frozenset({"auxpass", "nsubjpass"})


def _root_of_conj(tok: Any) -> Any:
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _acting(tok: Any) -> bool:
    """Whether one armed-action word is an act told as done or to be done, not an event suffered."""
    role = _root_of_conj(tok)
    if tok.pos_ in ("VERB", "AUX"):
        if any(c.dep_ in _PASSIVE_DEPS for c in tok.children):
            return False  # "were killed", "had been targeted"
        return not (
            tok.tag_ == "VBN"
            and role.dep_ in ("acl", "amod", "ccomp", "advcl")
            and not any(c.dep_ == "aux" for c in tok.children)
        )  # "one member killed": a participle describing, not an act
    if any(c.dep_ == "prep" and c.lower_ == "against" for c in tok.children):
        return True  # "operations against X"
    if any(c.dep_ == "relcl" and c.pos_ == "VERB" for c in tok.children):
        return True  # "this operation that we are carrying out"
    if role.dep_ == "nsubj":
        return bool(role.head.lemma_ != "be")  # "the strikes targeted" acts; "the attack was severe" describes
    return role.dep_ in _ACTING_NOUN_DEPS


def harm_acted(parsed: Parsed, start: int, end: int) -> bool:
    """True when some armed-action word in ``text[start:end]`` is told as an act (see :func:`_acting`).

    Why: the lexicon's armed-action words threaten only as acts claimed or announced;
    "dozens were killed", "at the time of the attack" and "the attack was the most severe
    blow" report or describe an event and take no position by themselves.
    """
    return any(_acting(tok) for tok in _harm_tokens(parsed, start, end))


_FIRST_PERSON = frozenset({"we", "our", "us"})
# in reported speech, "X said it struck ..." / "X said he ordered ...": the subject is the speaker
_BODY_SELF = frozenset({"it"})
_PERSON_SELF = frozenset({"he", "she"})
_PERFORM = frozenset("carry launch conduct fire stage execute mount perform unleash wage".split())


def harm_by_speaker(
    parsed: Parsed, start: int, end: int, speaker_forms: Iterable[str], *, person: bool = False
) -> bool:
    """True when an armed-action word in ``text[start:end]`` is told as an act of the speaker's side.

    Why: "we destroyed their depots", "the Navy fired a missile at X" from the side that acts is
    a threat even beside words of blame ("in response to the aggression ..."): ANNOTATION.md
    lets threaten win. The actor must be named: the speaker, its side, or "we".
    """
    forms = frozenset(f.casefold() for f in speaker_forms if len(f) > 1)
    own = _PERSON_SELF if person else _BODY_SELF
    for tok in _harm_tokens(parsed, start, end):
        if not _acting(tok):
            continue
        agents = _doers(tok)
        if tok.dep_ == "dobj" and tok.head.lemma_ in _PERFORM:  # "carried out strikes": the doer acts
            agents += [c for c in tok.head.children if c.dep_ == "nsubj"]
        if any(
            _first_person(a) or (a.dep_ == "nsubj" and a.lower_ in own) or (forms and _names_form(a, forms))
            for a in agents
        ):
            return True
    return False


def _first_person(tok: Any) -> bool:
    return tok.lower_ in _FIRST_PERSON and not tok.text.isupper()  # "US" is a country


def _doers(tok: Any) -> list[Any]:
    """The actor of one harm word: its own subject, agent or possessor, or for "we will strike"
    the subject of the verb it completes (one level only: "warned against attempts to strike"
    names no actor)."""
    found = _own_agents(tok)
    if not found and tok.dep_ == "xcomp" and tok.head.pos_ in ("VERB", "AUX"):
        found = [c for c in tok.head.children if c.dep_ == "nsubj"]
    return found
