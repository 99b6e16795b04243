"""A corpus: the records of one ``claims.jsonl`` (or records in memory), with entities resolved.

A file is read twice, line by line, and never held whole: once to validate each record,
keep the last result per article (a resumed run may repeat one) and gather the article
entities; then again, by :meth:`Corpus.results`, for whoever writes the claims out.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import Field, TypeAdapter, ValidationError

from claimex.attribution import AliasTable
from claimex.core.errors import InputError
from claimex.core.types import ErrorRecord, ExtractionResult
from claimex.corpus._collect import EntityCollector
from claimex.corpus._resolve import resolve_entities
from claimex.corpus._types import EntityResolution

__all__ = ["Corpus", "load_corpus"]

Record = ExtractionResult | ErrorRecord
_RECORD: TypeAdapter[Record] = TypeAdapter(Annotated[Record, Field(discriminator="kind")])


@dataclass
class Corpus:
    """Every article's last result, the error records, and the corpus entities."""

    entities: EntityResolution
    articles: int
    claims: int
    errors: tuple[ErrorRecord, ...] = ()
    problems: tuple[str, ...] = ()
    source: str = "(records)"
    article_ids: frozenset[str] = frozenset()
    _results: Callable[[], Iterator[ExtractionResult]] = field(default=lambda: iter(()), repr=False)

    def results(self) -> Iterator[ExtractionResult]:
        """The results, one per article, in the order of the input (read again from the file)."""
        return self._results()

    @classmethod
    def from_records(cls, records: Iterable[Record], *, alias_table: AliasTable | None = None) -> Corpus:
        """A corpus of records in memory (a later result for an article replaces an earlier one)."""
        kept: dict[str, ExtractionResult] = {}
        errors: dict[str, ErrorRecord] = {}
        loose: list[ErrorRecord] = []
        for record in records:
            if isinstance(record, ErrorRecord):
                if record.article_id is None:
                    loose.append(record)
                elif record.article_id not in kept:
                    errors[record.article_id] = record
            else:
                kept.pop(record.article_id, None)  # keeps input order of the last occurrence
                kept[record.article_id] = record
                errors.pop(record.article_id, None)
        collector = EntityCollector()
        for result in kept.values():
            collector.add(result)
        results = list(kept.values())
        return cls(
            entities=resolve_entities(collector.entities(), alias_table),
            articles=len(results),
            claims=sum(len(r.claims) for r in results),
            errors=(*errors.values(), *loose),
            article_ids=frozenset(kept),
            _results=lambda: iter(results),
        )


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    try:
        with path.open(encoding="utf-8-sig") as handle:
            for lineno, line in enumerate(handle, start=1):
                if line.strip():
                    yield lineno, line
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason})") from exc


def _parse(path: Path, lineno: int, line: str) -> Record | str:
    """The record on a line, or what is wrong with it."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"{path}:{lineno}: malformed JSON ({exc.msg}, column {exc.colno})"
    if not isinstance(data, dict) or data.get("kind") not in ("result", "error"):
        return f"{path}:{lineno}: not a claimex record (no 'kind' of 'result' or 'error')"
    try:
        return _RECORD.validate_python(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"][1:])
        return f"{path}:{lineno}: not a valid {data['kind']} record: {where}: {err['msg']}"


def load_corpus(path: str | Path, *, alias_table: AliasTable | None = None) -> Corpus:
    """Read a ``claims.jsonl`` written by ``claimex extract`` and resolve its entities.

    Unreadable lines become ``Corpus.problems`` (``file:line: message``); a missing or
    unreadable file raises ``InputError``.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such claims file")
    kept: dict[str, int] = {}  # article id -> line of its last result
    errors: dict[str, ErrorRecord] = {}
    loose: list[ErrorRecord] = []
    problems: list[str] = []
    collector = EntityCollector()
    claims: dict[str, int] = {}
    try:
        for lineno, line in _lines(path):
            record = _parse(path, lineno, line)
            if isinstance(record, str):
                problems.append(record)
            elif isinstance(record, ErrorRecord):
                if record.article_id is None:
                    loose.append(record)
                elif record.article_id not in kept:
                    errors[record.article_id] = record
            else:
                kept[record.article_id] = lineno
                errors.pop(record.article_id, None)
                collector.add(record)
                claims[record.article_id] = len(record.claims)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from exc
    lines = frozenset(kept.values())

    def results() -> Iterator[ExtractionResult]:
        for lineno, line in _lines(path):
            if lineno in lines:
                yield ExtractionResult.model_validate_json(line)

    return Corpus(
        entities=resolve_entities(collector.entities(), alias_table),
        articles=len(kept),
        claims=sum(claims.values()),
        errors=(*errors.values(), *loose),
        problems=tuple(problems),
        source=str(path),
        article_ids=frozenset(kept),
        _results=results,
    )
