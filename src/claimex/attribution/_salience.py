"""The salience tracker: who "he", "she", "it", "they" and "the statement" most likely are.

Kept apart from resolution: it only records what the article has made salient so far
(the last person and body that spoke or were a sentence's subject, and the author of
each document the article mentions).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from claimex.attribution._entities import Entity


@dataclass
class Salience:
    person: Entity | None = None
    body: Entity | None = None
    documents: list[tuple[int, str, Entity]] = field(default_factory=list)  # (position, noun, author)

    def saw(self, e: Entity) -> None:
        if e.kind == "person":
            self.person = e
        else:
            self.body = e

    def forget(self, person: bool) -> None:
        """A speaker the rules cannot name is now the salient person (or body)."""
        if person:
            self.person = None
        else:
            self.body = None

    def pronoun(self, word: str) -> Entity | None:
        low = word.lower()
        if low in ("he", "she", "him", "her"):
            return self.person
        if low == "it":
            return self.body  # "it" is a body, a state or a document's author: never a person
        if low in ("they", "them"):
            return self.body or self.person
        return None

    def wrote(self, pos: int, noun: str, author: Entity) -> None:
        self.documents.append((pos, noun, author))

    def author(self, noun: str, pos: int) -> Entity | None:
        found = [a for a in self.documents if a[1] == noun and a[0] <= pos]
        if found:
            return found[-1][2]
        found = [a for a in self.documents if a[0] <= pos]
        return found[-1][2] if found and noun in ("statement", "communique", "communiqué", "release") else None
