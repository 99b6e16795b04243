"""Which name the article gives each role, and whom each person is affiliated with.

Read from the parse once per article: "cleric X" (a role word compounded with the
name, or the name's title), "X, a commander of the Y group" and "the commander, X"
(apposition). The appositive's named organisations are X's affiliations: a speaker's
own side is not the target of what they say.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from claimex.attribution._lexicons import roles
from claimex.attribution._mentions import Mention, find_mentions
from claimex.attribution._parsed import Parsed


@dataclass
class RoleBook:
    links: list[tuple[int, str, int]] = field(default_factory=list)  # (position, role, entity key)
    affiliations: dict[int, set[int]] = field(default_factory=dict)

    def named(self, role: str, pos: int) -> int | None:
        """The entity last given ``role`` before ``pos`` (else the first one after)."""
        found = [lk for lk in self.links if lk[1] == role]
        if not found:
            return None
        before = [lk for lk in found if lk[0] <= pos]
        return (before[-1] if before else found[0])[2]

    def people_with(self, role: str) -> list[int]:
        out: list[int] = []
        for _, r, key in self.links:
            if r == role and key not in out:
                out.append(key)
        return out


def _role_words(words: list[str]) -> list[str]:
    book = roles()
    out: list[str] = []
    low = [w.lower() for w in words]
    for i, w in enumerate(low):
        two = " ".join(low[i : i + 2])
        if two in book.person:
            out.append(book.fold(two))
        elif w in book.person:
            out.append(book.fold(w))
    return out


def _appositive(tok: Any) -> Any | None:
    for k in tok.children:
        if k.dep_ == "appos":
            return k
    return tok.head if tok.dep_ == "appos" else None


def build(parsed: Parsed) -> RoleBook:
    book = RoleBook()
    for s in parsed.sentences:
        for m in parsed.mentions[s.start]:
            if m.kind == "place" or m.possessive or m.modifier:
                continue
            _link(parsed, book, s.start, m)
    return book


def _link(parsed: Parsed, book: RoleBook, sent: int, m: Mention) -> None:
    e = parsed.entity(m)
    found = _role_words(m.title.split())
    head = parsed.token_at(m.end - 1, sent)
    if head is not None:
        # "AA spokesman U Khaing Thukha": the role may hang on an honorific, not on the name
        found += _role_words([t.text for k in head.lefts if k.dep_ in ("compound", "amod") for t in k.subtree])
        app = _appositive(head)
        if app is not None:
            phrase = [t.text for t in app.subtree] if app.dep_ == "appos" else [app.text]
            found += _role_words(phrase)
            lo, hi = parsed.span(list(app.subtree)) if app.dep_ == "appos" else parsed.span([app])
            _affiliate(parsed, book, e.key, lo, hi)
    if m.title:
        _affiliate(parsed, book, e.key, m.chunk_start, m.start)
    if head is not None and parsed.at(head.left_edge) < m.chunk_start:
        # "Norland's foreign ministry spokesman X", "the Velarian President X": the noun phrase's owner
        _affiliate(parsed, book, e.key, parsed.at(head.left_edge), m.chunk_start)
    for role in found:
        book.links.append((m.start, role, e.key))


def _affiliate(parsed: Parsed, book: RoleBook, key: int, lo: int, hi: int) -> None:
    for am in find_mentions(parsed.text, lo, hi, parsed.aliases):
        other = parsed.index.get(am.text, am.kind)
        if other.key != key:
            book.affiliations.setdefault(key, set()).add(other.key)
