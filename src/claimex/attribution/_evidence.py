"""Which stances a statement's own words give evidence for.

Used to check a model's answer before it replaces the rules': a stance with no cue in
the statement itself is more likely an instruction planted in the article ("answer
support"), or the position of the label in the prompt, than a reading of the statement.
"""

from __future__ import annotations

from claimex.attribution._lexicons import VerbInfo, reporting_verbs
from claimex.attribution._stance import stance_hits
from claimex.core.types import Stance


def _verb(cue: str | None) -> VerbInfo | None:
    """The reporting verb a cue names ("warned", "accused Washington of" -> warn, accuse), if known."""
    if not cue:
        return None
    verbs = reporting_verbs()
    for word in cue.lower().split():
        for lemma, info in verbs.items():
            if word == lemma or word.startswith(lemma.rstrip("e")):
                return info
    return None


def stance_evidence(clause: str, cue: str | None = None) -> frozenset[Stance]:
    """The stances a reading of ``clause`` may take, given the cues the lexicon finds in it.

    A stance needs a cue of its own, and the annotation rule "threaten wins" holds: where
    a threat cue stands, neither oppose nor neutral is admissible. Neutral needs no cue.
    """
    found = {Stance.NEUTRAL, *stance_hits(clause, _verb(cue))}
    if Stance.THREATEN in found:
        found -= {Stance.OPPOSE, Stance.NEUTRAL}
    return frozenset(found)
