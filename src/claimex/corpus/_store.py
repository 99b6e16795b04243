"""``claimex export``: a corpus into DuckDB or Parquet, tables ready for SQL.

Tables: ``articles`` (one row per article, results and errors, with provenance),
``claims`` (one row per claim, with offsets, ``decided_by`` and the corpus entity ids of its
speaker and target), ``entities``, ``entity_aliases`` (every form seen, the name included)
and ``entity_links`` (which article's name joined which entity, by which rule, and why).
DuckDB also gets the view ``statements``: claims with their speaker's and target's entity names.

Claims are streamed in batches, so memory stays flat whatever the corpus size. The output
is written beside its target and moved into place when complete.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Mapping
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from claimex.core.errors import InputError
from claimex.core.types import Article
from claimex.corpus._corpus import Corpus
from claimex.corpus._tables import SCHEMAS, article_row, claim_rows, entity_tables, error_row, to_batch

__all__ = ["ExportSummary", "StoreFormat", "export_corpus", "store_paths"]

StoreFormat = Literal["duckdb", "parquet"]
_BATCH = 20_000
_STATEMENTS_VIEW = """
CREATE VIEW statements AS
SELECT c.*, s.name AS speaker_entity, t.name AS target_entity
FROM claims c
LEFT JOIN entities s ON s.entity_id = c.speaker_id
LEFT JOIN entities t ON t.entity_id = c.target_id
"""


@dataclass(frozen=True)
class ExportSummary:
    """What :func:`export_corpus` wrote, for the CLI to print."""

    paths: tuple[Path, ...]
    format: StoreFormat
    articles: int
    errors: int
    claims: int
    entities: int
    seconds: float


class _Sink(Protocol):
    def write(self, table: str, batch: pa.Table) -> None: ...
    def close(self) -> None: ...


class _DuckDBSink:
    def __init__(self, path: Path) -> None:
        self.con = duckdb.connect(str(path))
        for name, schema in SCHEMAS.items():
            self.con.register("empty", schema.empty_table())
            self.con.execute(f"CREATE TABLE {name} AS SELECT * FROM empty")
            self.con.unregister("empty")

    def write(self, table: str, batch: pa.Table) -> None:
        self.con.register("batch", batch)
        self.con.execute(f"INSERT INTO {table} SELECT * FROM batch")
        self.con.unregister("batch")

    def close(self) -> None:
        self.con.execute(_STATEMENTS_VIEW)
        self.con.close()


class _ParquetSink:
    def __init__(self, paths: Mapping[str, Path]) -> None:
        self.writers = {name: pq.ParquetWriter(str(path), SCHEMAS[name]) for name, path in paths.items()}

    def write(self, table: str, batch: pa.Table) -> None:
        self.writers[table].write_table(batch)

    def close(self) -> None:
        for writer in self.writers.values():
            writer.close()


def store_format(target: Path) -> StoreFormat:
    suffix = target.suffix.lower()
    if suffix in (".duckdb", ".db", ".ddb"):
        return "duckdb"
    if suffix == ".parquet":
        return "parquet"
    raise InputError(f"{target}: the target must end in .duckdb or .parquet")


def store_paths(target: Path, fmt: StoreFormat | None = None) -> dict[str, Path]:
    """Where each table goes: one DuckDB file, or ``claims.parquet`` plus ``claims.<table>.parquet`` beside it."""
    fmt = fmt or store_format(target)
    if fmt == "duckdb":
        return dict.fromkeys(SCHEMAS, target)
    return {name: target if name == "claims" else target.with_name(f"{target.stem}.{name}.parquet") for name in SCHEMAS}


def _rows(corpus: Corpus, articles: Mapping[str, Article] | None) -> Iterator[tuple[str, dict[str, Any]]]:
    for result in corpus.results():
        yield "articles", article_row(result, articles.get(result.article_id) if articles else None)
        for row in claim_rows(result, corpus.entities):
            yield "claims", row
    for error in corpus.errors:
        yield "articles", error_row(error)
    for table, rows in entity_tables(corpus.entities).items():
        for row in rows:
            yield table, row


def _fill(sink: _Sink, corpus: Corpus, articles: Mapping[str, Article] | None) -> None:
    pending: dict[str, list[dict[str, Any]]] = {name: [] for name in SCHEMAS}
    for table, row in _rows(corpus, articles):
        rows = pending[table]
        rows.append(row)
        if len(rows) >= _BATCH:
            sink.write(table, to_batch(table, rows))
            rows.clear()
    for table, rows in pending.items():
        if rows:
            sink.write(table, to_batch(table, rows))


def export_corpus(
    corpus: Corpus,
    target: str | Path,
    *,
    articles: Mapping[str, Article] | None = None,
    format: StoreFormat | None = None,
) -> ExportSummary:
    """Write ``corpus`` to ``target`` (``.duckdb`` or ``.parquet``; ``format`` overrides the suffix).

    ``articles`` (by id) fills the articles table's title, source and url. An existing
    target is replaced, only once the new one is complete.
    """
    started = time.perf_counter()
    target = Path(target)
    fmt = format or store_format(target)
    final = store_paths(target, fmt)
    temporary = {name: path.with_name(f".{path.name}.tmp") for name, path in final.items()}
    target.parent.mkdir(parents=True, exist_ok=True)
    for path in set(temporary.values()):
        path.unlink(missing_ok=True)
    sink: _Sink = _DuckDBSink(temporary["claims"]) if fmt == "duckdb" else _ParquetSink(temporary)
    try:
        _fill(sink, corpus, articles)
        sink.close()
    except BaseException:
        with suppress(Exception):
            sink.close()
        for path in set(temporary.values()):
            path.unlink(missing_ok=True)
        raise
    for name in dict.fromkeys(final.values()):
        os.replace(name.with_name(f".{name.name}.tmp"), name)
    return ExportSummary(
        paths=tuple(dict.fromkeys(final.values())),
        format=fmt,
        articles=corpus.articles,
        errors=len(corpus.errors),
        claims=corpus.claims,
        entities=len(corpus.entities),
        seconds=time.perf_counter() - started,
    )
