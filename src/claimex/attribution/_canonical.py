"""Mapping a free-text speaker (e.g. a model's answer) to the article's canonical speaker."""

from __future__ import annotations

from functools import cache

from claimex.attribution._aliases import AliasTable
from claimex.attribution._types import Attribution
from claimex.attribution.names import names_match, normalise_name


@cache
def default_table() -> AliasTable:
    return AliasTable.default()


def canonicalise_speaker(
    name: str, attribution: Attribution, *, alias_table: AliasTable | None = None
) -> tuple[str, tuple[str, ...]]:
    """Map a free-text speaker to the article's canonical speaker and aliases.

    Tries the article's speakers, then its other entities, then the alias table; a name
    none of them knows comes back as given (trimmed), with no aliases.
    """
    clean = " ".join(name.split())
    table = alias_table or default_table()
    for pool in (attribution.speakers, attribution.entities):
        for canonical, aliases in pool.items():
            if any(normalise_name(f) == normalise_name(clean) for f in (canonical, *aliases)):
                return canonical, aliases
        for canonical, aliases in pool.items():
            if any(names_match(clean, f) for f in (canonical, *aliases)):
                return canonical, aliases
    table_name = table.canonical(clean)
    if table_name is not None:
        for pool in (attribution.speakers, attribution.entities):
            if table_name in pool:
                return table_name, pool[table_name]
        return table_name, ()
    return clean, ()
