"""Stance from the lexicon (``data/stance.json``): threaten > oppose > support > neutral.

- threaten: words of violence or retaliation (``threat_strong``), harm words after a
  promise (``threat_modal`` ... ``harm``: "will strike"), or a group claiming a strike;
- oppose: criticism, blame, rejection, demands to leave;
- support: praise, defence, alliance, "the right to";
- the cue verb counts too ("threatened", "accused", "praised");
- an armed action told as an act, with no other position taken ("destroyed 14 targets",
  "the strikes targeted depots"), threatens: ANNOTATION.md counts a claimed strike as a
  threat; one only suffered or described ("dozens were killed") takes no position.
Negation and denial: a hit closely preceded by a negation ("will not target any
diplomatic mission") is ignored; a negated cue ("did not accuse") loses its own stance;
a denial ("denied involvement") is neutral.
"""

from __future__ import annotations

import re
from functools import cache

from claimex.attribution._lexicons import VerbInfo, stance_cues
from claimex.core.types import Stance


def _alt(key: str) -> str:
    return "(?:" + "|".join(stance_cues()[key]) + ")"


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    flags = re.IGNORECASE
    return {
        "strong": re.compile(rf"\b{_alt('threat_strong')}", flags),
        "modal": re.compile(rf"\b{_alt('threat_modal')}\b(?:\W+\w+){{0,6}}?\W+{_alt('harm')}", flags),
        "oppose": re.compile(rf"\b(?:{_alt('oppose')}|{_alt('demand_leave')})", flags),
        "support": re.compile(rf"\b{_alt('support')}", flags),
        "harm_event": re.compile(rf"\b{_alt('harm_event')}", flags),
        "negated_harm": re.compile(rf"\b(?:not|never|n't|no\s+longer)\s+(?:\w+\s+)?{_alt('harm')}", flags),
        "negation": re.compile(rf"\b{_alt('negation')}\b\W*(?:\w+\W+){{0,1}}$", flags),
        "claimed": re.compile(
            rf"\s*(?:full\s+)?(?:responsibility|credit)\s+for\b(?:\W+\w+){{0,6}}?\W+{_alt('claimed_strike')}", flags
        ),
    }


_NEGATED_INSIDE = re.compile(r"\b(?:not|never|no\s+longer)\b|n't\b", re.IGNORECASE)


def _hits(name: str, text: str) -> bool:
    """A cue not closely preceded by a negation (nor, for a promise of harm, negated inside it)."""
    neg = _patterns()["negation"]
    return any(
        not neg.search(text[: m.start()][-40:]) and not _NEGATED_INSIDE.search(m.group(0))
        for m in _patterns()[name].finditer(text)
    )


def _strong(clause: str) -> bool:
    """A word of violence, unless a negated harm verb governs it ("will not target any
    mission with their revenge")."""
    for m in _patterns()["strong"].finditer(clause):
        if not _patterns()["negated_harm"].search(clause[: m.start()]):
            return True
    return False


def stance_of(
    clause: str,
    verb: VerbInfo | None,
    *,
    negated: bool = False,
    harm_by_target: bool = False,
    harm_acted: bool | None = None,
    harm_by_speaker: bool = False,
) -> Stance:
    """The lexicon's stance for a reported clause (see module docstring)."""
    found = stance_hits(
        clause,
        verb,
        negated=negated,
        harm_by_target=harm_by_target,
        harm_acted=harm_acted,
        harm_by_speaker=harm_by_speaker,
    )
    for stance in (Stance.THREATEN, Stance.OPPOSE, Stance.SUPPORT):
        if stance in found:
            return stance
    return Stance.NEUTRAL


def stance_hits(
    clause: str,
    verb: VerbInfo | None,
    *,
    negated: bool = False,
    harm_by_target: bool = False,
    harm_acted: bool | None = None,
    harm_by_speaker: bool = False,
) -> set[Stance]:
    """Every stance the lexicon finds a cue for in ``clause`` (a denial finds none).

    ``harm_by_target``: the armed action reported is the target's (``_agency``), an accusation.
    ``harm_by_speaker``: an armed action told as done by the speaker's own side ("it carried
    out strikes", "we destroyed"): a threat, whatever blame comes with it (dev stance
    0.614 -> 0.627, share c unchanged).
    ``harm_acted``: whether some armed-action word is told as an act, not as an event
    suffered or described (``_agency.harm_acted``; None: not known, no parse). An event not
    told as an act ("dozens were killed", "at the time of the attack") takes no position by
    itself. (Letting an act threaten beside words of blame, as ANNOTATION.md's "threaten
    wins" suggests, cost dev stance 0.606 -> 0.570: the parse cannot yet tell whose act it is.)
    """
    lemma = verb.lemma if verb is not None else None
    if lemma == "deny":
        return set()
    found: set[Stance] = set()
    if verb is not None and verb.stance is not None and not negated:
        found.add(verb.stance)
    p = _patterns()
    if _strong(clause) or _hits("modal", clause) or (lemma == "claim" and p["claimed"].match(clause)):
        found.add(Stance.THREATEN)
    if _hits("oppose", clause) or (lemma in ("urge", "demand", "call") and not negated):
        found.add(Stance.OPPOSE)
    if _hits("support", clause):
        found.add(Stance.SUPPORT)
    if harm_by_speaker and not negated:
        found.add(Stance.THREATEN)
    if not found and verb is not None and verb.leans is not None and not negated:
        found.add(verb.leans)  # "warned", "vowed": a threat unless the words say otherwise
    if not found and _hits("harm_event", clause) and (harm_by_target or harm_acted is not False):
        # an armed action announced or reported, and nothing else said: a threat when it is
        # the speaker's side acting, an accusation when it is the target's
        found.add(Stance.OPPOSE if harm_by_target else Stance.THREATEN)
    return found


def mentions_harm(clause: str) -> bool:
    """Whether the words speak of violence at all (a harm word or an armed action)."""
    return bool(re.search(rf"\b(?:{_alt('harm')}|{_alt('harm_event')})", clause, re.IGNORECASE))


def reports_harm_event(clause: str) -> bool:
    """Whether the words report an armed action ("strikes", "were killed")."""
    return bool(_patterns()["harm_event"].search(clause))


def mentions_threat(clause: str) -> bool:
    """Whether the words speak of harm beyond the event words (a harm word that is no event word)."""
    events = _patterns()["harm_event"]
    return any(not events.match(clause, m.start()) for m in re.finditer(rf"\b{_alt('harm')}", clause, re.IGNORECASE))
