"""Target candidates: whom a statement is directed at or about, in order of evidence.

The entity an object verb addresses ("warned X"), then the names inside the reported
content, then names after the cue elsewhere in the sentence. Never the speaker or the
speaker's own side (``_roles`` affiliations), a weekday, a month, a news agency, or a
backer named only as a modifier ("Iran-backed"); an armed group named by its backer or
nationality ("Iran-backed groups", "Iraqi militias") is its own candidate.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from claimex.attribution._entities import Entity
from claimex.attribution._lexicons import outlets, roles, stance_cues
from claimex.attribution._mentions import Mention, find_mentions
from claimex.attribution._parsed import Parsed
from claimex.attribution._roles import RoleBook
from claimex.attribution._types import Statement

_NOT_TARGETS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april june july august
    september october november december whoever whatever whichever whenever wherever anyone anybody everyone
    everybody someone somebody nobody dna ied ieds gmt utc tv gdp ceo""".split()
)
_PROXY_SUFFIX = re.compile(
    r"-(?:backed|aligned|affiliated|allied|linked|funded|sponsored|supported|controlled)$", re.IGNORECASE
)
_GROUP_NOUNS = (
    r"(?:groups?|militias?|factions?|fighters|rebels|proxies|paramilitar(?:y|ies)|movements?|organi[sz]ations?)"
)
_PROXY_GROUP = re.compile(rf"(?:-[a-z]+)?(?:\s+[A-Za-z’'\-]+){{0,2}}?\s+{_GROUP_NOUNS}\b")
_NATIONAL_GROUP = re.compile(
    rf"(?:\s+(?:armed|shiite|shia|sunni|islamist|kurdish|allied|rival))?\s+{_GROUP_NOUNS}\b", re.IGNORECASE
)
_NAMED_LATER = Entity(-1, "org")  # a group phrase followed by the group's own name


def _not_a_target(e: Entity) -> bool:
    if e is _NAMED_LATER:
        return True
    return all(re.sub(r"['’]s?$", "", f).casefold() in _NOT_TARGETS | outlets() for f in e.forms)


def group_named_by(parsed: Parsed, m: Mention) -> Entity | None:
    """ "Iran-backed groups", "Iraqi militias": an armed or political group named by its backer or nationality."""
    text = parsed.text
    if _PROXY_SUFFIX.search(m.surface):
        gm = _PROXY_GROUP.match(text, m.end)
    elif m.kind == "place" and parsed.aliases.canonical(m.text) is not None and not m.possessive:
        gm = _NATIONAL_GROUP.match(text, m.end)
    else:
        return None
    if gm is None:
        return None
    if re.match(r"\s+[A-Z]", text[gm.end() : gm.end() + 2]):
        return _NAMED_LATER
    return parsed.index.get(text[m.start : gm.end()], "org")


def _entities_of(parsed: Parsed, m: Mention) -> list[Entity]:
    group = group_named_by(parsed, m)
    if group is not None:
        return [group]
    if _PROXY_SUFFIX.search(m.surface):
        return []
    out: list[Entity] = []
    for part in re.split(r"-(?=[A-Z])", m.text):
        e = parsed.index.lookup(part)
        if e is not None:
            out.append(e)
    return out


def object_entity(parsed: Parsed, st: Statement) -> Entity | None:
    pos = st.content.object_start
    if pos is None:
        return None
    m = parsed.mention_at(st.sentence, pos) or next(
        (x for x in parsed.mentions[st.sentence.start] if pos <= x.chunk_start < pos + 30), None
    )
    if m is None or m.possessive:
        return None
    found = _entities_of(parsed, m)
    return found[0] if found else None


_LOCATIVE = frozenset({"in", "into", "inside", "across", "near", "around", "through", "within"})
_RULERS = frozenset("regime government authority leadership administration ruler junta".split())
_MOTION = frozenset("come go run flee move return travel head push advance send deploy withdraw escape cross".split())


def _is_place(parsed: Parsed, m: Mention, tok: Any) -> bool:
    """A known place, or a name the alias table does not know (and, with a pipeline that tags
    entities, not tagged as an actor): after "in" or "near", an unknown name is a place."""
    if m.kind == "place" or tok.ent_type_ in ("GPE", "LOC", "FAC"):
        return True
    return parsed.aliases.canonical(m.text) is None and tok.ent_type_ not in ("ORG", "NORP", "PERSON")


def _opens(tok: Any) -> bool:
    """Whether a word opens a sentence or a quotation, where a common noun is capitalised."""
    return bool(tok.is_sent_start or tok.i == 0 or tok.nbor(-1).is_punct)


def _weight(parsed: Parsed, m: Mention, e: Entity) -> float | None:
    """How much a mention says its entity is the one addressed (None: not a name at all).

    Aimed at ("operations against X") counts most; a place where something happens ("in
    Syria", "across Iraq", "came to X"; not "the regime in X") is no candidate, so the
    statement falls back on whom its speaker addresses elsewhere; a capitalised common word
    opening a sentence or quotation ("Today", "Any") is no name. A side named as the actor ("Turkish airstrikes") keeps its weight:
    in an accusation the actor is the target.
    """
    tok = parsed.token_at(m.start)
    if tok is None:
        return 1.0
    lone_word = len(e.forms) == 1 and " " not in m.text and parsed.aliases.canonical(m.text) is None
    if lone_word and not tok.ent_type_ and (tok.pos_ not in ("PROPN", "NOUN") or (tok.pos_ == "NOUN" and _opens(tok))):
        return None
    head = tok
    while head.dep_ in ("compound", "flat", "amod", "nmod") and head.head.i != head.i and head.head.pos_ == "PROPN":
        head = head.head
    while head.dep_ in ("conj", "appos") and head.head.i != head.i and head.head.pos_ == "PROPN":
        head = head.head  # "in Niafunke and Goundam": the second place is where the first is
    prep = head.head if head.dep_ == "pobj" else None
    if prep is not None and prep.lower_ == "against":
        return 3.0
    if (
        prep is not None
        and _is_place(parsed, m, tok)
        and prep.head.lemma_ not in _RULERS
        and (prep.lower_ in _LOCATIVE or (prep.lower_ in ("to", "from") and prep.head.lemma_ in _MOTION))
    ):
        return None
    return 1.0


AIMED = 3.5  # a candidate at least this strong is addressed outright: "warned X", "operations against X"


def candidates(parsed: Parsed, book: RoleBook, st: Statement) -> list[Entity]:
    """The statement's target candidates, best first (see the module docstring)."""
    return [e for e, _ in weighted_candidates(parsed, book, st)]


_ROLE_TAIL = re.compile(r"((?:[A-Z][\w.’'-]*\s+){1,4})([a-z]+(?:\s+[a-z]+)?)\s*$")


def _role_before(text: str) -> str:
    """ "Defense Department spokesman " before a name: the body named before a role word."""
    m = _ROLE_TAIL.search(text)
    return m.group(1) if m is not None and m.group(2) in roles().person else ""


def own_side(parsed: Parsed, me: Entity) -> set[int]:
    """Entities the speaker speaks for, read off its names and titles.

    "Turkish President X", "the Ruritanian Armed Forces", "a Ruritanian army spokesman":
    a word of the speaker's title or name that the alias table places (a demonym, a
    capital) names the speaker's own side, which a statement is about, not aimed at.
    """
    names = [*me.forms]
    for s in parsed.sentences:
        for m in parsed.mentions[s.start]:
            if parsed.index.get(m.text, m.kind) is me:
                names += [m.title, _role_before(parsed.text[max(s.start, m.chunk_start - 60) : m.chunk_start])]
    words = {
        " ".join(ws[i:j]) for ws in (n.split() for n in names) for i in range(len(ws)) for j in range(i + 1, i + 5)
    }
    tables = {t for w in words if (t := parsed.aliases.canonical(w)) is not None and t != me.canonical}
    for e in parsed.index.entities:  # a state body ("United States Department of Defense") speaks for its state
        if any(t.startswith(e.canonical + " ") for t in (*tables, me.canonical)):
            tables.add(e.canonical)
    return {e.key for e in parsed.index.entities if e.canonical in tables or e.canonical == me.canonical}


def _outlet_owned(parsed: Parsed, pos: int | None) -> bool:
    """Whether the name at ``pos`` is a news outlet's ("the BBC's X", "Rudaw's X")."""
    tok = parsed.token_at(pos) if pos is not None else None
    if tok is None:
        return False
    owners = [k for k in tok.children if k.dep_ == "poss"]
    return any(" ".join(t.lower_ for t in k.subtree if t.dep_ not in ("case", "det")) in outlets() for k in owners)


_DEIXIS = frozenset("this that such these those".split())


@cache
def _party_words() -> tuple[frozenset[str], frozenset[str]]:
    cues = stance_cues()
    return frozenset(cues["party_pronouns"]), frozenset(cues["party_nouns"])


def refers_to_party(parsed: Parsed, st: Statement) -> bool:
    """Whether the statement's words point at a party without naming it: a third-person
    pronoun ("no discussion with them"), a demonstrative subject ("This is a declaration of
    war", "Such statements hamper talks") or a description of an adversary ("the regime")."""
    pronouns, nouns = _party_words()
    for t in parsed.tokens[st.sentence.start]:
        if not st.content.start <= parsed.at(t) < st.content.end:
            continue
        if t.lower_ in pronouns or (t.lemma_.lower() in nouns and any(k.lower_ == "the" for k in t.children)):
            return True
        if t.lower_ in _DEIXIS and "nsubj" in (t.dep_, t.head.dep_):
            return True
    return False


def weighted_candidates(parsed: Parsed, book: RoleBook, st: Statement) -> list[tuple[Entity, float]]:
    """The candidates with their weights, best first (``AIMED`` and above: addressed outright)."""
    me = st.speaker.entity
    excluded = {me.key} | book.affiliations.get(me.key, set()) | own_side(parsed, me)
    scores: dict[int, float] = {}
    order: list[Entity] = []

    def add(e: Entity | None, weight: float | None) -> None:
        if e is None or weight is None or e.key in excluded or _not_a_target(e):
            return
        if e not in order:
            order.append(e)
        scores[e.key] = max(scores.get(e.key, 0.0), weight)

    obj = object_entity(parsed, st)
    told = st.cue is not None and st.cue.verb.lemma == "tell"
    if told and _outlet_owned(parsed, st.content.object_start):
        obj = None  # "told Rudaw's X": X is the outlet's reporter, the audience, not a party
    # whom a statement is told to is often just the reporter: not addressed outright
    add(obj, 2.5 if told else 4.0)
    for m in find_mentions(parsed.text, st.content.start, st.content.end, parsed.aliases):
        for e in _entities_of(parsed, m):
            w = _weight(parsed, m, e)
            add(e, None if w is None else w + 1.0)
    cue_at = st.cue.start if st.cue is not None else st.content.start
    for m in parsed.mentions[st.sentence.start]:
        if st.content.start <= m.start < st.content.end or (m.chunk_start < cue_at and not m.possessive):
            continue
        for e in _entities_of(parsed, m):
            add(e, _weight(parsed, m, e))
    return [(e, scores[e.key]) for e in sorted(order, key=lambda e: -scores[e.key])]
