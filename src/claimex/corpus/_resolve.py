"""Corpus entity resolution: link each article's speakers and targets across articles.

The extractor already gives one canonical name per entity *within* an article. Here those
article entities are linked across articles by the same name rules (``attribution.names``:
case, accents, "al-"/"Al " particles, hyphens and titles folded, one edit forgiven in a long
word) and the shared alias table, in this order; every link records its rule and why:

1. ``alias-table``: the name is a form the alias table knows ("Washington", "US").
2. ``same-name``: equal once folded, two words or more ("Omar al-Rahimi" / "Omar Al Rahimi").
3. ``spelling``: as many words, at least one identical, the others one letter apart.
4. ``shared-alias``: an article also calls it by a name of two words or more, or an acronym,
   that another article uses for an entity (never into an alias-table entity, never two
   entities one article keeps apart).
5. ``partial-name``: a name that is part of fuller names ("Rahimi", "Omar Rahimi" for "Omar
   Saleh Rahimi") joins the one entity whose fuller name contains it; when several do, only
   the one whose titles or organisation words agree ("minister"), else it stays apart with a note.
6. ``same-short-name``: one-word names still on their own, equal once folded.

No merge joins two clusters whose certain types differ (a person and a state). The result is
deterministic: article entities are taken in (article id, name) order.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Sequence

from rapidfuzz.distance import Levenshtein

from claimex.attribution import AliasTable
from claimex.attribution.names import name_tokens, names_match, normalise_name
from claimex.corpus._clusters import Clusters
from claimex.corpus._collect import ArticleEntity, acronym, descriptors, entity_kind
from claimex.corpus._types import CorpusEntity, EntityLink, EntityResolution, LinkRule

__all__ = ["resolve_entities"]

_BLOCK_LIMIT = 400  # names sharing one word at one position compared pairwise; larger blocks are skipped


def _deletions(token: str) -> set[str]:
    """The token and every form of it with one letter deleted: keys that find one-edit neighbours."""
    return {token} | {token[:i] + token[i + 1 :] for i in range(len(token))} if len(token) >= 5 else {token}


def _spelling(a: tuple[str, ...], b: tuple[str, ...]) -> list[tuple[str, str]] | None:
    """The differing word pairs when ``a`` and ``b`` differ only by one letter in some long words."""
    if len(a) != len(b) or a == b:
        return None
    differ = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    if len(differ) == len(a):
        return None
    for x, y in differ:
        if min(len(x), len(y)) < 5 or Levenshtein.distance(x, y) > 1:
            return None
    return differ


class _Resolver:
    def __init__(self, entities: list[ArticleEntity], table: AliasTable) -> None:
        self.e = entities
        self.table = table
        self.tokens = [tuple(name_tokens(x.name)) for x in entities]
        self.keys = [" ".join(t) for t in self.tokens]
        self.tables = [table.canonical(x.name) for x in entities]
        self.cl = Clusters(
            entities,
            [entity_kind(x, table) for x in entities],
            [descriptors(x) for x in entities],
            [len(t) >= 2 and tn is None for t, tn in zip(self.tokens, self.tables, strict=True)],
        )

    def _label(self, i: int) -> str:
        return f"'{self.e[i].name}' ({self.e[i].article_id})"

    def by_table(self) -> None:
        groups: defaultdict[str, list[int]] = defaultdict(list)
        for i, name in enumerate(self.tables):
            if name is not None:
                groups[name].append(i)
        for name, members in sorted(groups.items()):
            first = members[0]
            for j in members[1:]:
                why = f"the alias table has {self._label(j)} and {self._label(first)} as {name}"
                self.cl.union(first, j, "alias-table", why, force=True)

    def _long_names(self) -> dict[str, list[int]]:
        groups: defaultdict[str, list[int]] = defaultdict(list)
        for i, key in enumerate(self.keys):
            if len(self.tokens[i]) >= 2 and self.tables[i] is None:
                groups[key].append(i)
        return groups

    def by_name(self) -> None:
        for key, members in sorted(self._long_names().items()):
            first = members[0]
            for j in members[1:]:
                if self.e[j].name == self.e[first].name:
                    why = f"same name as {self._label(first)}"
                else:
                    why = (
                        f"{self._label(j)} and {self._label(first)} are one name once case, accents, particles, "
                        f"hyphens and titles are folded: '{key}'"
                    )
                self.cl.union(first, j, "same-name", why)

    def by_spelling(self) -> None:
        groups = self._long_names()
        blocks: defaultdict[tuple[int, int, str], list[str]] = defaultdict(list)
        for key in sorted(groups):
            tokens = self.tokens[groups[key][0]]
            for pos, token in enumerate(tokens):
                blocks[(len(tokens), pos, token)].append(key)
        for block in blocks.values():
            if len(block) < 2 or len(block) > _BLOCK_LIMIT:
                continue
            for n, ka in enumerate(block):
                for kb in block[n + 1 :]:
                    a, b = groups[ka][0], groups[kb][0]
                    if self.cl.same(a, b):
                        continue
                    differ = _spelling(self.tokens[a], self.tokens[b])
                    if differ is not None:
                        letters = ", ".join(f"'{x}'/'{y}'" for x, y in differ)
                        why = f"{self._label(b)} and {self._label(a)} differ by one letter: {letters}"
                        self.cl.union(a, b, "spelling", why)

    def _alias_keys(self, i: int) -> dict[str, str]:
        found: dict[str, str] = {}
        for form in sorted(self.e[i].forms):
            if form == self.e[i].name or self.table.canonical(form) is not None:
                continue
            short = acronym(form)
            if short is not None:
                found.setdefault(f"acronym:{short}", form)
            elif len(name_tokens(form)) >= 2 and normalise_name(form) != self.keys[i]:
                found.setdefault(normalise_name(form), form)
        return found

    def by_shared_alias(self) -> None:
        owners: defaultdict[str, list[int]] = defaultdict(list)
        users: defaultdict[str, list[tuple[int, str]]] = defaultdict(list)
        for i, x in enumerate(self.e):
            if self.tables[i] is not None:
                continue
            short = acronym(x.name)
            if short is not None:
                owners[f"acronym:{short}"].append(i)
            elif len(self.tokens[i]) >= 2:
                owners[self.keys[i]].append(i)
            for key, form in self._alias_keys(i).items():
                users[key].append((i, form))
        for key, uses in sorted(users.items()):
            named = owners.get(key, [])
            anchor, anchor_form = (named[0], None) if named else uses[0]
            for i, form in uses:
                if anchor_form is None:
                    why = f"article {self.e[i].article_id} also calls '{self.e[i].name}' '{form}', as {self._label(anchor)} is named"
                else:
                    why = f"{self._label(i)} and {self._label(anchor)} are both also called '{anchor_form}'"
                self.cl.union(anchor, i, "shared-alias", why, distinct_in_article=True)

    def by_partial_name(self) -> None:
        # Distinct names, not article entities: every article entity of one long name is
        # already one cluster (same-name), so the candidates of a name are computed once.
        long_names = self._long_names()
        index: defaultdict[str, list[str]] = defaultdict(list)
        for key in sorted(long_names):
            for variant in _deletions(key.rsplit(" ", 1)[-1]):
                index[variant].append(key)
        candidates: dict[str, list[int]] = {}
        order = sorted(
            (i for i, t in enumerate(self.tokens) if t and self.tables[i] is None),
            key=lambda i: (-len(self.tokens[i]), i),
        )
        for i in order:
            name = self.e[i].name
            if name not in candidates:
                found = {key for variant in _deletions(self.tokens[i][-1]) for key in index.get(variant, ())}
                fuller = sorted(
                    k
                    for k in found
                    if len(k.split(" ")) > len(self.tokens[i]) and names_match(name, self.e[long_names[k][0]].name)
                )
                candidates[name] = [j for k in fuller for j in long_names[k]]
            self._link_partial(i, candidates[name])

    def _link_partial(self, i: int, fuller: list[int]) -> None:
        by_root: dict[int, int] = {}
        for j in fuller:
            root = self.cl.find(j)
            if root != self.cl.find(i) and self.cl.conflict(i, j) is None:
                by_root.setdefault(root, j)
        if not by_root:
            return
        if len(by_root) == 1:
            (j,) = by_root.values()
            why = f"'{self.e[i].name}' is part of one fuller name in the corpus: {self._label(j)}"
            self.cl.union(j, i, "partial-name", why)
            return
        own = descriptors(self.e[i])
        agree = {r: j for r, j in by_root.items() if own & self.cl.descriptors[r]}
        names = " or ".join(sorted({f"'{self.e[j].name}'" for j in by_root.values()}))
        if len(agree) == 1:
            ((root, j),) = agree.items()
            shared = ", ".join(sorted(own & self.cl.descriptors[root]))
            why = f"'{self.e[i].name}' could be {names}; only {self._label(j)} shares its title or organisation ({shared})"
            self.cl.union(j, i, "partial-name", why)
        else:
            self.cl.notes[i].append(f"'{self.e[i].name}' ({self.e[i].article_id}) could be {names}: left apart")

    def by_short_name(self) -> None:
        groups: defaultdict[str, list[int]] = defaultdict(list)
        for i, tokens in enumerate(self.tokens):
            if len(tokens) == 1 and self.tables[i] is None:
                groups[self.keys[i]].append(i)
        for key, members in sorted(groups.items()):
            alone = [i for i in members if not self.cl.long[self.cl.find(i)]]
            for j in alone[1:]:
                self.cl.union(alone[0], j, "same-short-name", f"same one-word name as {self._label(alone[0])}: '{key}'")

    def run(self) -> EntityResolution:
        self.by_table()
        self.by_name()
        self.by_spelling()
        self.by_shared_alias()
        self.by_partial_name()
        self.by_short_name()
        return _build(self)


def _canonical(r: _Resolver, members: list[int]) -> int:
    """The member whose name names the entity: the alias table's, else the fullest and most used."""
    for i in members:
        if r.tables[i] is not None:
            return i
    uses = Counter(r.e[i].name for i in members)
    claims = Counter[str]()
    for i in members:
        claims[r.e[i].name] += r.e[i].as_speaker + r.e[i].as_target
    return min(members, key=lambda i: (-len(r.tokens[i]), -uses[r.e[i].name], -claims[r.e[i].name], r.e[i].name, i))


_Adjacent = defaultdict[int, list[tuple[int, LinkRule, str]]]


def _links(r: _Resolver, adjacent: _Adjacent, start: int) -> list[EntityLink]:
    """Each member's link, walking the cluster's merge edges outwards from ``start``."""
    x = r.e[start]
    first_why = f"'{r.tables[start]}' in the alias table" if r.tables[start] else f"the fullest name, in {x.article_id}"
    links = [EntityLink(x.article_id, x.name, "first", first_why)]
    seen, queue = {start}, deque([start])
    while queue:
        i = queue.popleft()
        for j, rule, why in sorted(adjacent[i], key=lambda t: t[0]):
            if j not in seen:
                seen.add(j)
                queue.append(j)
                links.append(EntityLink(r.e[j].article_id, r.e[j].name, rule, why, linked_to=r.e[i].ref))
    return links


def _build(r: _Resolver) -> EntityResolution:
    out: list[CorpusEntity] = []
    by_name: dict[tuple[str, str], str] = {}
    used_ids: set[str] = set()
    adjacent: _Adjacent = defaultdict(list)
    for a, b, rule, why in r.cl.edges:
        adjacent[a].append((b, rule, why))
        adjacent[b].append((a, rule, why))
    for root in r.cl.roots():
        members = sorted(r.cl.members[root])
        head = _canonical(r, members)
        name = r.tables[head] or r.e[head].name
        forms: Counter[str] = Counter()
        for i in members:
            forms.update(set(r.e[i].forms) | {r.e[i].name})
        entity_id = _entity_id(name, used_ids)
        notes = [note for i in members for note in r.cl.notes.get(i, [])]
        out.append(
            CorpusEntity(
                id=entity_id,
                name=name,
                type=r.cl.kind(root),
                aliases=tuple(f for f, _ in sorted(forms.items(), key=lambda kv: (-kv[1], kv[0])) if f != name),
                articles=len(r.cl.articles[root]),
                claims_as_speaker=sum(r.e[i].as_speaker for i in members),
                claims_as_target=sum(r.e[i].as_target for i in members),
                links=tuple(_links(r, adjacent, head)),
                notes=tuple(dict.fromkeys(notes)),
            )
        )
        for i in members:
            by_name[r.e[i].ref] = entity_id
    out.sort(key=lambda e: (-e.claims, e.name.casefold(), e.id))
    return EntityResolution(tuple(out), by_name)


def _entity_id(name: str, used: set[str]) -> str:
    base = "E" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
    entity_id, n = base, 1
    while entity_id in used:
        n += 1
        entity_id = f"{base}-{n}"
    used.add(entity_id)
    return entity_id


def resolve_entities(
    entities: Iterable[ArticleEntity] | Sequence[ArticleEntity], table: AliasTable | None = None
) -> EntityResolution:
    """Link article entities (from :class:`EntityCollector`) into corpus entities.

    ``table`` defaults to the built-in alias table (``AliasTable.default()``); pass a merged
    one to add a deployment's own forms.
    """
    ordered = sorted(entities, key=lambda x: (x.article_id, x.name))
    return _Resolver(ordered, table or AliasTable.default()).run()
