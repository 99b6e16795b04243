"""Each article's speakers and targets, gathered from its records: the input of entity resolution.

An *article entity* is one canonical name in one article (the extractor already folded
the article's own spellings into it), with every form the article used for it: the
canonical name, its aliases and the mention at each statement. Its type and descriptors
(titles, organisation words around the name) are read from those forms.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from claimex.attribution import AliasTable
from claimex.attribution._lexicons import roles
from claimex.attribution._mentions import classify
from claimex.attribution.names import PARTICLES, name_tokens, names_match, strip_diacritics
from claimex.core.types import Claim, ExtractionResult
from claimex.corpus._types import EntityType

__all__ = ["ArticleEntity", "EntityCollector", "acronym", "descriptors", "entity_kind"]

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Words around a name that say nothing about who it is.
_PLAIN = frozenset({"mr", "mrs", "ms", "miss", "the", "of", "and", "s", "a", "an", "his", "her", "its", "their"})


@cache
def _table_organisations() -> frozenset[str]:
    data = json.loads(resources.files("claimex.corpus.data").joinpath("kinds.json").read_text(encoding="utf-8"))
    return frozenset(data["organisations"])


@dataclass
class ArticleEntity:
    """One article's canonical name for one entity, with the forms and claims that use it."""

    article_id: str
    name: str
    forms: Counter[str] = field(default_factory=Counter)
    as_speaker: int = 0
    as_target: int = 0

    @property
    def ref(self) -> tuple[str, str]:
        return self.article_id, self.name


class EntityCollector:
    """Article entities of every result added; a later result for an article replaces the earlier one."""

    def __init__(self) -> None:
        self._by_article: dict[str, dict[str, ArticleEntity]] = {}

    def add(self, result: ExtractionResult) -> None:
        found: dict[str, ArticleEntity] = {}
        for claim in result.claims:
            self._add_claim(found, result.article_id, claim)
        self._by_article[result.article_id] = found

    @staticmethod
    def _add_claim(found: dict[str, ArticleEntity], article_id: str, claim: Claim) -> None:
        speaker = found.get(claim.speaker) or found.setdefault(claim.speaker, ArticleEntity(article_id, claim.speaker))
        speaker.as_speaker += 1
        speaker.forms.update((claim.speaker, *claim.speaker_aliases))
        mention = claim.speaker_mention
        if mention and mention != claim.speaker and _same_person_form(mention, claim.speaker):
            speaker.forms[mention] += 1  # "Mr Rahimi", not "he" or "the statement"
        if claim.target:
            target = found.get(claim.target) or found.setdefault(claim.target, ArticleEntity(article_id, claim.target))
            target.as_target += 1
            target.forms.update((claim.target, *claim.target_aliases))

    def entities(self) -> list[ArticleEntity]:
        """Every article entity, sorted by article id, then name."""
        return [self._by_article[a][n] for a in sorted(self._by_article) for n in sorted(self._by_article[a])]

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_article.values())


def acronym(form: str) -> str | None:
    """``PMF`` for "PMF" or "P.M.F." (two to six capitals); None for anything else."""
    compact = form.strip().replace(".", "")
    if 2 <= len(compact) <= 6 and compact.isalpha() and compact.isupper():
        return compact
    return None


def _same_person_form(form: str, name: str) -> bool:
    """A form that ends on the name's last word ("Minister al-Rahimi" for "Omar al-Rahimi")."""
    a, b = name_tokens(form), name_tokens(name)
    return bool(a and b) and names_match(a[-1], b[-1], surname_fallback=False)


def entity_kind(entity: ArticleEntity, table: AliasTable) -> tuple[EntityType, bool]:
    """The entity's type and whether it is certain (the alias table, a title or an organisation word says so).

    Only the name and the forms that end on its last word are read, so a stray alias
    (a person "also called" a state in one record) does not retype the entity.
    """
    table_name = table.canonical(entity.name)
    if table_name is not None:
        return ("organisation" if table_name in _table_organisations() else "state"), True
    forms = [entity.name, *sorted(f for f in entity.forms if f != entity.name and _same_person_form(f, entity.name))]
    person = False
    for form in forms:
        tokens = form.split()
        if not tokens:
            continue
        kind, start = classify(tokens, table)
        if kind == "org":
            return "organisation", True
        person = person or (kind == "person" and start > 0)
    if person:
        return "person", True
    if acronym(entity.name):
        return "organisation", True
    return ("person", False) if len(name_tokens(entity.name)) >= 2 else ("unknown", False)


def descriptors(entity: ArticleEntity) -> frozenset[str]:
    """Titles and organisation words the article puts around the name ("transport", "minister", "badr")."""
    own = {strip_diacritics(t).casefold() for t in name_tokens(entity.name)}
    words: set[str] = set()
    for form in entity.forms:
        if form == entity.name or not _same_person_form(form, entity.name):
            continue
        for word in _WORD.findall(strip_diacritics(form).casefold()):
            if word not in own and word not in _PLAIN and word not in PARTICLES and len(word) > 1:
                words.update(roles().fold(word).split())  # "pm" -> "prime", "minister"
    return frozenset(words)


def all_forms(entities: Iterable[ArticleEntity]) -> Counter[str]:
    """How many article entities use each form."""
    counts: Counter[str] = Counter()
    for entity in entities:
        counts.update(set(entity.forms))
    return counts
