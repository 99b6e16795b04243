"""Union-find over article entities that knows what each cluster is, so no merge contradicts it."""

from __future__ import annotations

from collections import Counter, defaultdict

from claimex.corpus._collect import ArticleEntity
from claimex.corpus._types import EntityType, LinkRule

__all__ = ["Clusters"]


class Clusters:
    """Clusters of article entities. A merge is refused when the two sides' certain types differ."""

    def __init__(
        self,
        entities: list[ArticleEntity],
        kinds: list[tuple[EntityType, bool]],
        descriptors: list[frozenset[str]],
        long_name: list[bool],
    ) -> None:
        n = len(entities)
        self.entities = entities
        self.parent = list(range(n))
        self.members: dict[int, list[int]] = {i: [i] for i in range(n)}
        self.certain: dict[int, EntityType | None] = {i: kinds[i][0] if kinds[i][1] else None for i in range(n)}
        self.guessed: dict[int, Counter[EntityType]] = {i: Counter([kinds[i][0]]) for i in range(n)}
        self.articles: dict[int, set[str]] = {i: {entities[i].article_id} for i in range(n)}
        self.descriptors: dict[int, set[str]] = {i: set(descriptors[i]) for i in range(n)}
        self.long: dict[int, bool] = {i: long_name[i] for i in range(n)}
        self.edges: list[tuple[int, int, LinkRule, str]] = []
        self.notes: defaultdict[int, list[str]] = defaultdict(list)  # by article entity

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def same(self, a: int, b: int) -> bool:
        return self.find(a) == self.find(b)

    def conflict(self, a: int, b: int, *, distinct_in_article: bool = False) -> str | None:
        """Why clusters ``a`` and ``b`` must stay apart, or None."""
        ra, rb = self.find(a), self.find(b)
        ta, tb = self.certain[ra], self.certain[rb]
        if ta is not None and tb is not None and ta != tb:
            return f"one is a {ta}, the other a {tb}"
        if distinct_in_article:
            shared = self.articles[ra] & self.articles[rb]
            if shared:
                return f"article {min(shared)} names them as two entities"
        return None

    def union(
        self,
        a: int,
        b: int,
        rule: LinkRule,
        reason: str,
        *,
        force: bool = False,
        distinct_in_article: bool = False,
    ) -> bool:
        """Merge the clusters of ``a`` and ``b`` (recording the edge); False when refused or already one."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if not force:
            refused = self.conflict(a, b, distinct_in_article=distinct_in_article)
            if refused is not None:
                eb = self.entities[b]
                note = f"not linked with '{eb.name}' ({eb.article_id}): {refused}"
                if note not in self.notes[a]:
                    self.notes[a].append(note)
                return False
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra].extend(self.members.pop(rb))
        self.certain[ra] = self.certain[ra] or self.certain[rb]
        self.guessed[ra].update(self.guessed.pop(rb))
        self.articles[ra] |= self.articles.pop(rb)
        self.descriptors[ra] |= self.descriptors.pop(rb)
        self.long[ra] = self.long[ra] or self.long[rb]
        del self.certain[rb], self.long[rb]
        self.edges.append((a, b, rule, reason))
        return True

    def roots(self) -> list[int]:
        return sorted(self.members)

    def kind(self, root: int) -> EntityType:
        certain = self.certain[root]
        if certain is not None:
            return certain
        guessed = self.guessed[root]
        return "person" if guessed["person"] > guessed["unknown"] else "unknown"
