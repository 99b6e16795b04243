"""Across articles: who says what about whom, over time.

- :func:`load_corpus` ``(path, *, alias_table=None) -> Corpus`` - a ``claims.jsonl`` read as a
  corpus, with speakers and targets linked across articles into :class:`CorpusEntity` objects
  (``Corpus.entities``; :meth:`Corpus.from_records` for records in memory).
- :func:`resolve_entities` - the linking alone, over :class:`ArticleEntity` objects gathered
  by :class:`EntityCollector`. Every link carries its rule and reason (:class:`EntityLink`).
- :func:`export_corpus` ``(corpus, target, *, articles=None) -> ExportSummary`` - DuckDB
  (``.duckdb``) or Parquet (``.parquet``): tables ``articles``, ``claims``, ``entities``,
  ``entity_aliases``, ``entity_links`` (and the view ``statements`` in DuckDB).
- :func:`write_report` ``(corpus, out, *, articles=None, title=None) -> ReportSummary`` - the
  self-contained HTML page (network, timeline, most active, filters, quotes).
- :func:`load_corpus_articles` - the article files' titles, sources and links for both.
"""

from claimex.corpus._articles import load_corpus_articles
from claimex.corpus._collect import ArticleEntity, EntityCollector
from claimex.corpus._corpus import Corpus, load_corpus
from claimex.corpus._report import ReportSummary, write_report
from claimex.corpus._resolve import resolve_entities
from claimex.corpus._store import ExportSummary, StoreFormat, export_corpus, store_paths
from claimex.corpus._types import CorpusEntity, EntityLink, EntityResolution, EntityType, LinkRule

__all__ = [
    "ArticleEntity",
    "Corpus",
    "CorpusEntity",
    "EntityCollector",
    "EntityLink",
    "EntityResolution",
    "EntityType",
    "ExportSummary",
    "LinkRule",
    "ReportSummary",
    "StoreFormat",
    "export_corpus",
    "load_corpus",
    "load_corpus_articles",
    "resolve_entities",
    "store_paths",
    "write_report",
]
