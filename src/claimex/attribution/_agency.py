"""Who does the harm a statement reports: the target (an accusation) or someone else.

Why: "the strikes targeted depots" from the side that struck is a threat; "Hezbollah bears
responsibility for targeting civilians" and "the US military attacks on Iraq" are
accusations against the actor named. The parse tells them apart: an armed-action word whose
subject, agent ("by X"), possessor or modifier names the target (or "the enemy") puts the
harm on the target, and the statement opposes rather than threatens.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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


_SUFFERED_PREPS = frozenset({"in", "under", "by", "from", "during", "after"})


def _suffered_in(tok: Any) -> bool:
    """ "killed in the US attack", "came under a rebel attack": an event noun after these
    prepositions names its actor in its modifiers (unlike "destroyed 14 rebel targets")."""
    return tok.dep_ == "pobj" and tok.head.lower_ in _SUFFERED_PREPS and not tok.lower_.startswith("target")


def _agents(tok: Any) -> list[Any]:
    found = [c for c in tok.children if c.dep_ in _AGENT_DEPS]
    found += [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if not found and tok.dep_ in ("xcomp", "pcomp", "acl") and tok.head is not tok:
        # "intended to kill", "responsibility for targeting": the governing word's subject acts
        found = [c for c in tok.head.children if c.dep_ == "nsubj"]
        if not found and tok.head.head is not tok.head:
            found = [c for c in tok.head.head.children if c.dep_ == "nsubj"]
    return found


def _names(tok: Any, forms: frozenset[str]) -> bool:
    words = " ".join(t.text.casefold() for t in tok.subtree)
    if any(t.text.casefold() in _ENEMY for t in tok.subtree):
        return True
    return any(re.search(rf"(?<!\w){re.escape(f)}(?!\w)", words) for f in forms)  # "u.s." ends in a dot


def harm_by_target(parsed: Parsed, start: int, end: int, target_forms: Iterable[str]) -> bool:
    """True when an armed-action word in ``text[start:end]`` has the target (or "the enemy") as its actor."""
    forms = frozenset(f.casefold() for f in target_forms if len(f) > 1)
    harm = _harm_word()
    for sentence in parsed.sentences:
        if sentence.end <= start or sentence.start >= end:
            continue
        for tok in parsed.tokens[sentence.start]:
            if not (start <= parsed.at(tok) < end) or not harm.match(tok.text):
                continue
            if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ not in _NOUN_DEPS and not _suffered_in(tok):
                continue
            if any(_names(agent, forms) for agent in _agents(tok)):
                return True
    return False
