"""The corpus entity types: what :func:`resolve_entities` returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["CorpusEntity", "EntityLink", "EntityResolution", "EntityType", "LinkRule"]

EntityType = Literal["person", "organisation", "state", "unknown"]
"""``unknown``: neither the alias table, a title nor an organisation word says which."""

LinkRule = Literal["first", "alias-table", "same-name", "spelling", "shared-alias", "partial-name", "same-short-name"]
"""Why an article's entity joined a corpus entity (see :mod:`claimex.corpus._resolve`)."""


@dataclass(frozen=True, slots=True)
class EntityLink:
    """One article's name for the entity, and why it was linked.

    ``linked_to`` is the ``(article_id, name)`` it was linked to; None for the entity's first name.
    """

    article_id: str
    name: str
    rule: LinkRule
    reason: str
    linked_to: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class CorpusEntity:
    """A person, organisation or state, linked across articles."""

    id: str
    name: str
    type: EntityType
    aliases: tuple[str, ...]
    articles: int
    claims_as_speaker: int
    claims_as_target: int
    links: tuple[EntityLink, ...]
    notes: tuple[str, ...] = ()

    @property
    def claims(self) -> int:
        return self.claims_as_speaker + self.claims_as_target


@dataclass(frozen=True)
class EntityResolution:
    """Every corpus entity, and which one each article's name belongs to."""

    entities: tuple[CorpusEntity, ...]
    _by_name: Mapping[tuple[str, str], str] = field(default_factory=dict, repr=False)

    def id_of(self, article_id: str, name: str | None) -> str | None:
        """The corpus entity id of ``name`` as the article ``article_id`` spells it (its canonical name)."""
        if name is None:
            return None
        return self._by_name.get((article_id, name))

    def get(self, entity_id: str) -> CorpusEntity | None:
        return self._index().get(entity_id)

    def by_name(self, name: str) -> list[CorpusEntity]:
        """Entities whose name or one of whose aliases is ``name`` (case-insensitive)."""
        folded = name.casefold()
        return [e for e in self.entities if e.name.casefold() == folded or folded in (a.casefold() for a in e.aliases)]

    def _index(self) -> dict[str, CorpusEntity]:
        found: dict[str, CorpusEntity] | None = self.__dict__.get("_index_cache")
        if found is None:
            found = {e.id: e for e in self.entities}
            object.__setattr__(self, "_index_cache", found)
        return found

    def __len__(self) -> int:
        return len(self.entities)
