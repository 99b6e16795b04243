"""Across articles: who says what about whom, over time.

- :func:`load_corpus` ``(path, *, alias_table=None) -> Corpus`` - a ``claims.jsonl`` read as a
  corpus, with speakers and targets linked across articles into :class:`CorpusEntity` objects
  (``Corpus.entities``; :meth:`Corpus.from_records` for records in memory).
- :func:`resolve_entities` - the linking alone, over :class:`ArticleEntity` objects gathered
  by :class:`EntityCollector`. Every link carries its rule and reason (:class:`EntityLink`).
"""

from claimex.corpus._collect import ArticleEntity, EntityCollector
from claimex.corpus._corpus import Corpus, load_corpus
from claimex.corpus._resolve import resolve_entities
from claimex.corpus._types import CorpusEntity, EntityLink, EntityResolution, EntityType, LinkRule

__all__ = [
    "ArticleEntity",
    "Corpus",
    "CorpusEntity",
    "EntityCollector",
    "EntityLink",
    "EntityResolution",
    "EntityType",
    "LinkRule",
    "load_corpus",
    "resolve_entities",
]
