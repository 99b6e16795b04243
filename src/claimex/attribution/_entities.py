"""Per-article entity clusters: every name form the article uses for one person or body.

Mentions are clustered fullest-first: "Yusuf al-Qasimi" founds a cluster that
"Mr Al Qasimi", "Qasimi" and the typo "Al Kasimi" join (``names.match``: honorifics,
particles, hyphens, diacritics, one edit per long token). Places and bodies the alias
table knows ("Washington", "Iranian") join the table's entity. An acronym joins the
name it follows in brackets or whose initials it spells. The canonical form is the
fullest form the article uses.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from claimex.attribution._aliases import AliasTable
from claimex.attribution._mentions import CONNECTORS, Kind, Mention
from claimex.attribution.names import PARTICLES, name_tokens, names_match, normalise_name


@dataclass
class Entity:
    key: int
    kind: Kind
    forms: Counter[str] = field(default_factory=Counter)
    first: dict[str, int] = field(default_factory=dict)
    table_name: str | None = None  # canonical name from the alias table

    @property
    def canonical(self) -> str:
        if self.table_name is not None:
            return self.table_name

        def rank(form: str) -> tuple[int, int, int, int, int]:
            tokens = name_tokens(form)  # the fullest form: particles count last ("Al From" over "From")
            particles = sum(w.lower() in PARTICLES for w in re.split(r"[\s-]+", form))
            return (len(tokens), sum(len(t) for t in tokens), particles, self.forms[form], -self.first[form])

        return max(self.forms, key=rank)

    @property
    def aliases(self) -> tuple[str, ...]:
        canonical = self.canonical
        return tuple(f for f in sorted(self.forms, key=lambda f: self.first[f]) if f != canonical)


@lru_cache(maxsize=65536)
def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in CONNECTORS]
    return "".join(w[0] for w in words if w[0].isupper())


@lru_cache(maxsize=262144)
def _org_prefix_match(short: str, long_: str) -> bool:
    """A body called by the first word of its name ("the Brotherhood" for "Brotherhood of Carpenters")."""
    ts, tl = name_tokens(short), name_tokens(long_)
    return len(ts) == 1 and len(tl) > 1 and len(ts[0]) >= 4 and ts[0] == tl[0]


class EntityIndex:
    """Clusters of the article's mentions."""

    def __init__(self, aliases: AliasTable) -> None:
        self.aliases = aliases
        self.entities: list[Entity] = []
        self._by_table: dict[str, Entity] = {}
        self._acronyms: dict[str, Entity] = {}
        self._version = 0  # bumped on every change; lookups are cached per version
        self._found: dict[str, tuple[int, Entity | None]] = {}

    def build(self, mentions: list[Mention], text: str) -> None:
        """Cluster ``mentions`` (all the article's), fullest names first."""
        order = sorted(mentions, key=lambda m: (-len(name_tokens(m.text)), m.start))
        for m in order:
            self.add(m)
        self._version += 1
        # "Popular Mobilisation Forces (PMF)": the bracketed acronym names the same body
        for m in mentions:
            after = text[m.end : m.end + 16]
            acr = re.match(r"\s*\(([A-Z][A-Za-z\-.]{1,12})\)", after)
            if acr:
                self._acronyms[acr.group(1).replace(".", "")] = self.get(m.text, m.kind)
                self._version += 1
        for e in list(self.entities):
            for form in list(e.forms):
                acr_e = self._acronyms.get(form.replace(".", ""))
                if acr_e is not None and acr_e is not e:
                    self._merge(acr_e, e)

    def _merge(self, into: Entity, other: Entity) -> None:
        if other not in self.entities:
            return
        for form, n in other.forms.items():
            into.forms[form] += n
            into.first[form] = min(into.first.get(form, 1 << 30), other.first[form])
        self.entities.remove(other)
        self._version += 1

    def _find(self, name: str, kind: Kind) -> Entity | None:
        hit = self._found.get(f"{kind}\0{name}")
        if hit is not None and hit[0] == self._version:
            return hit[1]
        found = self._search(name, kind)
        self._found[f"{kind}\0{name}"] = (self._version, found)
        return found

    def _surname_of(self, name: str) -> Entity | None:
        """A person the article names in full whose surname is ``name`` ("Mark Cuban" makes a
        later "Cuban said" the person, not Cuba)."""
        if " " in name.strip():
            return None
        for e in self.entities:
            full = (f for f in e.forms if len(name_tokens(f)) >= 2)
            if e.kind == "person" and e.table_name is None and any(f.split()[-1] == name for f in full):
                return e
        return None

    def _search(self, name: str, kind: Kind) -> Entity | None:
        table = self.aliases.canonical(name)
        if table is not None:
            return self._surname_of(name) or self._by_table.get(table)
        compact = name.replace(".", "")
        if compact in self._acronyms:
            return self._acronyms[compact]
        norm = normalise_name(name)
        # a person and a body never join by the name they share ("Ivo Ragnar al-Velar" is
        # not the Velar movement); only the same written form joins across kinds
        full_name = kind == "person" and len(name_tokens(name)) >= 2
        best: Entity | None = None
        prefix: Entity | None = None  # "Trump" is "Donald Trump" before it is "Trump University"
        for e in self.entities:
            if e.table_name is not None:
                continue
            for form in e.forms:
                if normalise_name(form) == norm:
                    return e
                if (full_name and e.kind != "person") or (kind == "org" and e.kind == "person"):
                    continue
                if names_match(name, form) or (compact.isupper() and len(compact) >= 2 and _initials(form) == compact):
                    best = best or e
                elif e.kind == "org" and _org_prefix_match(name, form):
                    prefix = prefix or e
        return best or prefix

    def add(self, m: Mention) -> Entity:
        e = self._find(m.text, m.kind)
        if e is None:
            table = self.aliases.canonical(m.text)
            e = Entity(len(self.entities), "place" if table else m.kind, table_name=table)
            self._version += 1
            self.entities.append(e)
            if table is not None:
                self._by_table[table] = e
        if m.kind == "org" and e.kind == "person":
            e.kind = "org"
        if m.text not in e.forms:
            self._version += 1
        e.forms[m.text] += 1
        e.first[m.text] = min(e.first.get(m.text, 1 << 30), m.start)
        return e

    def get(self, name: str, kind: Kind = "person") -> Entity:
        """The cluster for ``name``, created when the article has none."""
        found = self._find(name, kind)
        if found is not None:
            return found
        table = self.aliases.canonical(name)
        e = Entity(len(self.entities), "place" if table else kind, table_name=table)
        self._version += 1
        e.forms[name] += 1
        e.first[name] = 1 << 29
        self.entities.append(e)
        if table is not None:
            self._by_table[table] = e
        return e

    def lookup(self, name: str) -> Entity | None:
        return self._find(name, "person")
