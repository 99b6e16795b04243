"""Dating: the day each statement was made.

A statement's own time words are those of its sentence outside what it reports and
outside quotation marks, nearest the cue ("said on Thursday", "in a statement released
Saturday"); "Sunday's attack" and "since Monday" date something else. Relative words
("the next day") count from the date last mentioned before. Then the occasion: a day
given for one statement carries to the speaker's other statements in the article
that give none, whether the lead named the speaker or only their role (roles resolve
to the same entity first).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from claimex.attribution._dates import DATE_PATTERN, is_relative, resolve_date, resolve_relative
from claimex.attribution._parsed import Parsed
from claimex.attribution._segment import Sentence
from claimex.attribution._types import Statement

_POSSESSIVE = re.compile(r"^['’]s\b")
_ATTRIBUTIVE_BEFORE = re.compile(r"(?:\w['’]s?|\b(?:the|a|an|his|her|its|their|this|that))\s+$", re.IGNORECASE)
_EVENT_NOUN_AFTER = re.compile(
    r"\s+(?!(?:statement|tweet|post|letter|message|speech|address|remarks|interview|briefing|conference|press|"
    r"news|video|announcement|communique|sermon|call|comments?|meeting|session)\b)[a-z][\w\-]+\b"
)
_BOUNDED = re.compile(r"\b(?:since|until|by|before|after|from)\s+$", re.IGNORECASE)


_CLAUSE_FOLLOWS = re.compile(r"\s+(?!(?:and|or|but|which|that)\b)[A-Za-z]")


def _reduced_passive(tok: Any) -> bool:
    """ "reacting to a release issued the day before": a past participle with no subject of its
    own (a small parse hangs it on the verb) describes the thing, not the verb's act."""
    return bool(
        tok.dep_ == "advcl" and tok.tag_ in ("VBN", "VBD") and not any(k.dep_.startswith("nsubj") for k in tok.children)
    )


class Dater:
    def __init__(self, parsed: Parsed, published: dt.date | None) -> None:
        self.parsed = parsed
        self.published = published
        self.anchors: dict[int, dt.date | None] = {}
        running: dt.date | None = None
        for s in parsed.sentences:
            self.anchors[s.start] = running
            for m in DATE_PATTERN.finditer(parsed.text, s.start, s.end):
                value = self._value(m.group(0), running)
                running = value or running

    def _introduces(self, end: int, cue_at: int) -> bool:
        """Whether a clause follows the expression and holds the cue ("a day after X said"),
        not just a later part of the sentence ("issued the day before and which rejected")."""
        return cue_at >= end and _CLAUSE_FOLLOWS.match(self.parsed.text, end) is not None

    def _value(self, expr: str, anchor: dt.date | None, *, inside: bool = False) -> dt.date | None:
        """``inside``: the statement is the clause the expression introduces ("comes a day after
        X said"): X spoke a day before the anchor, not after it."""
        if not is_relative(expr):
            return resolve_date(expr, self.published)
        found = resolve_relative(expr, anchor)
        if inside and found is not None and anchor is not None and re.search(r"\b(?:after|before)$", expr.strip()):
            return anchor - (found - anchor)
        return found

    def _usable(self, s: Sentence, content: tuple[int, int], start: int, end: int) -> bool:
        text = self.parsed.text
        if any(q.start <= start < q.end for q in s.quotes) or content[0] <= start < content[1]:
            return False
        if _POSSESSIVE.match(text[end : end + 3]) or _BOUNDED.search(text[max(0, start - 8) : start]):
            return False
        # "Washington's Wednesday strike" dates the event ("his Saturday statement" counts)
        return not (_ATTRIBUTIVE_BEFORE.search(text[max(0, start - 12) : start]) and _EVENT_NOUN_AFTER.match(text, end))

    def own_date(self, st: Statement) -> tuple[dt.date | None, str | None]:
        cue_at = st.cue.start if st.cue is not None else st.content.start
        return self.date_at(st.sentence, cue_at, (st.content.start, st.content.end))

    def _modifies_a_noun(self, s: Sentence, start: int, verb: Any) -> bool:
        """Whether the words at ``start`` sit in a clause that describes a noun ("a release
        issued the day before"), not in the clause of ``verb``."""
        tok = self.parsed.token_at(start, s.start)
        for _ in range(40):  # spaCy hands out new token objects: compare positions, and bound the walk
            if tok is None or tok.i == verb.i or tok.head.i == tok.i:
                return False
            if tok.dep_ in ("acl", "relcl") or _reduced_passive(tok):
                return True
            tok = tok.head
        return False

    def date_at(
        self, s: Sentence, cue_at: int, content: tuple[int, int], verb: Any | None = None
    ) -> tuple[dt.date | None, str | None]:
        """The time words of a reporting act at ``cue_at`` whose content is ``content``
        (for an act's ``verb``: not those of a clause describing one of its nouns)."""
        best: tuple[int, dt.date | None, str] | None = None
        anchor = self.anchors.get(s.start)
        for m in DATE_PATTERN.finditer(self.parsed.text, s.start, s.end):
            if not is_relative(m.group(0)):
                anchor = resolve_date(m.group(0), self.published) or anchor
            if not self._usable(s, content, m.start(), m.end()):
                continue
            words_at = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
            if verb is not None and self._modifies_a_noun(s, words_at, verb):
                continue
            dist = abs(m.start() - cue_at)
            if best is None or dist < best[0]:
                best = (
                    dist,
                    self._value(m.group(0), anchor, inside=self._introduces(m.end(), cue_at)),
                    m.group(0).strip(),
                )
        return (best[1], best[2]) if best else (None, None)


@dataclass(frozen=True, slots=True)
class Occasion:
    """A dated reporting act whose speaker the rules could not name ("the cleric said on Friday")."""

    at: int
    date: dt.date
    text: str


_EMBED_SIGNATURE = re.compile(
    r"[-\u2014\u2013]\s*(?P<name>[^()\n]{2,60}?)\s*\(@\w{1,30}\)\s*(?P<date>[A-Z][a-z]+\.?\s+\d{1,2},\s*\d{4})"
)


def _embedded_posts(parsed: Parsed, published: dt.date | None) -> list[tuple[int, int, dt.date, str]]:
    """ "- Ana Holt (@anaholt) April 24, 2021": an embedded post's signature dates its author's words."""
    found: list[tuple[int, int, dt.date, str]] = []
    for m in _EMBED_SIGNATURE.finditer(parsed.text):
        e = parsed.index.lookup(m.group("name").strip())
        day = resolve_date(m.group("date"), published)
        if e is not None and day is not None:
            found.append((e.key, m.start(), day, m.group("date")))
    return found


def _acts(parsed: Parsed, dater: Dater) -> list[tuple[int, int, dt.date, str]]:
    """Dated acts of named actors with no content the rules report: "X on Thursday issued warnings".

    Each is (entity key, offset, day, words): the subject of the sentence's main verb, named,
    and the day nearest that verb outside quotation marks.
    """
    found: list[tuple[int, int, dt.date, str]] = []
    for s in parsed.sentences:
        root = next((t for t in parsed.tokens[s.start] if t.dep_ == "ROOT"), None)
        subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None) if root else None
        if root is None or subj is None:
            continue
        m = parsed.mention_at(s, parsed.at(subj))
        if m is None or m.possessive:
            continue
        at = parsed.at(root)
        day, words = dater.date_at(s, at, (at, at), root)
        if day is not None and words is not None:
            found.append((parsed.entity(m).key, at, day, words))
    return found


def date_statements(
    parsed: Parsed,
    published: dt.date | None,
    statements: list[Statement],
    unnamed: list[tuple[Sentence, int, tuple[int, int]]],
    affiliations: dict[int, set[int]] | None = None,
) -> None:
    dater = Dater(parsed, published)
    for st in statements:
        st.date, st.date_text = dater.own_date(st)
    occasions = []
    for s, cue_at, content in unnamed:
        day, words = dater.date_at(s, cue_at, content)
        if day is not None and words is not None:
            occasions.append(Occasion(cue_at, day, words))
    dated_speakers = {id(st.speaker.entity) for st in statements if st.date is not None}
    for i, st in enumerate(statements):
        if st.date is not None or st.date_text is not None:
            continue
        source = _occasion(statements, i)
        if source is not None:
            st.date, st.date_text = source.date, source.date_text
        elif id(st.speaker.entity) not in dated_speakers:
            # the lead named the speaker only by a role the rules could not resolve: its day is the occasion's
            before = [o for o in occasions if o.at <= st.content.start]
            if before:
                st.date, st.date_text = before[-1].date, before[-1].text
    acts = _acts(parsed, dater) + _embedded_posts(parsed, published)
    _date_from_acts(statements, sorted(acts, key=lambda a: a[1]), affiliations or {})


def _date_from_acts(
    statements: list[Statement], acts: list[tuple[int, int, dt.date, str]], affiliations: dict[int, set[int]]
) -> None:
    """Undated statements of an actor (or of its spokesperson) take the day of its dated act."""
    for st in statements:
        if st.date is not None or st.date_text is not None:
            continue
        me = st.speaker.entity.key
        sides = {me} | affiliations.get(me, set())
        mine = [a for a in acts if a[0] in sides]
        if not mine:
            continue
        before = [a for a in mine if a[1] <= st.content.start]
        _key, _at, st.date, st.date_text = (before or mine)[-1 if before else 0]


def _occasion(statements: list[Statement], i: int) -> Statement | None:
    """The nearest earlier (else later) statement of the same speaker that has a day."""
    me = statements[i].speaker.entity
    for j in range(i - 1, -1, -1):
        other = statements[j]
        if other.speaker.entity is me and other.date is not None:
            return other
    for other in statements[i + 1 :]:
        if other.speaker.entity is me and other.date is not None:
            return other
    return None
