"""Which stances a statement's own words give evidence for.

Used to check a model's answer before it replaces the rules': a stance with no cue in
the statement itself is more likely an instruction planted in the article ("answer
support"), or the position of the label in the prompt, than a reading of the statement.
"""

from __future__ import annotations

from claimex.attribution._lexicon import (
    _OPPOSE,
    _SUPPORT,
    _THREAT_MODAL,
    _THREAT_STRONG,
    CueKind,
    _hits,
    cue_kind,
)
from claimex.core.types import Stance


def _kind(cue: str | None) -> CueKind | None:
    if not cue:
        return None
    try:
        return cue_kind(cue)
    except KeyError:
        return None


def stance_evidence(clause: str, cue: str | None = None) -> frozenset[Stance]:
    """The stances a reading of ``clause`` may take, given the cues the lexicon finds in it.

    A stance needs a cue of its own, and the annotation rule "threaten wins" holds: where
    a threat cue stands, neither oppose nor neutral is admissible. Neutral needs no cue.
    """
    found = _cued(clause, cue)
    if Stance.THREATEN in found:
        found -= {Stance.OPPOSE, Stance.NEUTRAL}
    return frozenset(found)


def _cued(clause: str, cue: str | None) -> set[Stance]:
    kind = _kind(cue)
    if kind is not None and kind.name == "deny":
        return {Stance.NEUTRAL}
    found = {Stance.NEUTRAL}
    if kind is not None and kind.stance is not None:
        found.add(kind.stance)
    if _THREAT_STRONG.search(clause) or _hits(_THREAT_MODAL, clause):
        found.add(Stance.THREATEN)
    if _hits(_OPPOSE, clause) or (kind is not None and kind.name in ("call on", "urge", "demand")):
        found.add(Stance.OPPOSE)
    if _hits(_SUPPORT, clause):
        found.add(Stance.SUPPORT)
    return found
