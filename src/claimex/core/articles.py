"""Read articles from .txt (+ manifest.jsonl), .json and .jsonl, with errors that name the place.

Reading is lazy: :func:`iter_sources` yields one :class:`ArticleSource` per article
(or per JSONL line) and :meth:`ArticleSource.load` parses it, so one bad file or line
becomes one error and the rest of a batch goes on.
"""

from __future__ import annotations

import datetime as dt
import glob
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from claimex.core.errors import InputError
from claimex.core.types import Article

MANIFEST_NAME = "manifest.jsonl"
ARTICLE_SUFFIXES = (".txt", ".json", ".jsonl")
_RECORD_KEYS = {"id", "title", "text", "published", "source", "url"}


@dataclass(frozen=True)
class ArticleSource:
    """A place one article comes from, readable later (or a pre-recorded read failure)."""

    origin: str
    loader: Callable[[], Article]

    def load(self) -> Article:
        return self.loader()


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, expected an article file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from exc
    if b"\x00" in raw[:8192]:
        raise InputError(f"{path}: binary file (NUL bytes), expected UTF-8 text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        ) from None
    return text


def _parse_date(value: Any, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            pass
    raise InputError(f"{where}: field 'published': expected a YYYY-MM-DD date, got {value!r}")


def article_from_record(record: Any, where: str, *, default_id: str | None = None) -> Article:
    """Build an article from a JSON record ``{id, title, text, published, source, url}``."""
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(record).__name__}")
    unknown = sorted(set(record) - _RECORD_KEYS - {"file"})
    if unknown:
        raise InputError(f"{where}: unknown field(s) {', '.join(map(repr, unknown))}")
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(f"{where}: field 'text' is missing or not a string")
    if not text.strip():
        raise InputError(f"{where}: field 'text' is empty")
    article_id = record.get("id", default_id)
    if not isinstance(article_id, str | int) or str(article_id).strip() == "":
        raise InputError(f"{where}: field 'id' is missing (needed when a file holds many articles)")
    for key in ("title", "source", "url"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise InputError(f"{where}: field {key!r}: expected a string")
    try:
        return Article(
            id=str(article_id),
            text=text,
            title=record.get("title"),
            published=_parse_date(record.get("published"), where),
            source=record.get("source"),
            url=record.get("url"),
            origin=where,
        )
    except ValidationError as exc:  # pragma: no cover - guarded above
        raise InputError(f"{where}: {exc.errors()[0]['msg']}") from exc


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return None


def load_manifest(directory: Path) -> dict[str, dict[str, Any]]:
    """Metadata by article id (and by file name) from ``manifest.jsonl``; empty when absent."""
    path = directory / MANIFEST_NAME
    if not path.exists():
        return {}
    entries: dict[str, dict[str, Any]] = {}
    for lineno, line in enumerate(_read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{lineno}: malformed JSON ({exc.msg})") from None
        if not isinstance(record, dict) or "id" not in record:
            raise InputError(f"{path}:{lineno}: each manifest line needs an 'id'")
        entries[str(record["id"])] = record
        if isinstance(record.get("file"), str):
            entries[record["file"]] = record
    return entries


def load_txt(path: Path, manifest: dict[str, dict[str, Any]] | None = None) -> Article:
    """A .txt article: first non-empty line is the title; metadata from the manifest if given."""
    text = _read_text(path)
    if not text.strip():
        raise InputError(f"{path}: empty file")
    meta = (manifest or {}).get(path.stem) or (manifest or {}).get(path.name) or {}
    return Article(
        id=str(meta.get("id", path.stem)),
        text=text,
        title=meta.get("title") or _first_line(text),
        published=_parse_date(meta.get("published"), f"{path.parent / MANIFEST_NAME} ({path.stem})"),
        source=meta.get("source"),
        url=meta.get("url"),
        origin=str(path),
    )


def load_json(path: Path) -> Article:
    text = _read_text(path)
    if not text.strip():
        raise InputError(f"{path}: empty file")
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}: malformed JSON ({exc.msg})") from None
    return article_from_record(record, str(path), default_id=path.stem)


def _jsonl_sources(lines: Iterable[str | bytes], origin: str) -> Iterator[ArticleSource]:
    """One source per non-empty line; a line that is not UTF-8 or not JSON fails alone."""
    for lineno, line in enumerate(lines, start=1):
        where = f"{origin}:{lineno}"
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield _failing(where, InputError(f"{where}: not valid UTF-8 (byte offset {exc.start} in the line)"))
                continue
        if not line.strip():
            continue

        def load(line: str = line, where: str = where) -> Article:
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{where}: malformed JSON ({exc.msg} at column {exc.colno})") from None
            return article_from_record(record, where)

        yield ArticleSource(where, load)


def _stream_lines(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        yield from handle


def _failing(origin: str, error: InputError) -> ArticleSource:
    def load() -> Article:
        raise error

    return ArticleSource(origin, load)


def _file_sources(path: Path, manifests: dict[Path, dict[str, dict[str, Any]]]) -> Iterator[ArticleSource]:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        try:
            size = path.stat().st_size
        except OSError as exc:
            yield _failing(str(path), InputError(f"{path}: cannot read: {exc.strerror}"))
            return
        if size == 0:
            yield _failing(str(path), InputError(f"{path}: empty file"))
            return
        yield from _jsonl_sources(_stream_lines(path), str(path))
    elif suffix == ".json":
        yield ArticleSource(str(path), lambda: load_json(path))
    else:
        directory = path.parent
        if directory not in manifests:
            try:
                manifests[directory] = load_manifest(directory)
            except InputError as exc:
                manifests[directory] = {}
                yield _failing(str(directory / MANIFEST_NAME), exc)
        manifest = manifests[directory]
        yield ArticleSource(str(path), lambda: load_txt(path, manifest))


def _expand(spec: str) -> list[Path]:
    path = Path(spec)
    if path.is_dir():
        return sorted(
            p
            for p in path.rglob("*")
            if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES and p.name != MANIFEST_NAME
        )
    if path.exists():
        return [path]
    if any(ch in spec for ch in "*?["):
        return [Path(p) for p in sorted(glob.glob(spec, recursive=True)) if Path(p).is_file()]
    return [path]  # reported as missing when loaded


def iter_sources(specs: Iterable[str], *, stdin: Iterable[str] | None = None) -> Iterator[ArticleSource]:
    """Every article named by files, directories (recursive), globs, or ``-`` (JSONL on stdin)."""
    manifests: dict[Path, dict[str, dict[str, Any]]] = {}
    for spec in specs:
        if spec == "-":
            yield from _jsonl_sources(stdin if stdin is not None else sys.stdin, "<stdin>")
            continue
        paths = _expand(spec)
        if not paths:
            yield _failing(spec, InputError(f"{spec}: matched no article files"))
        for path in paths:
            if not path.exists():
                yield _failing(str(path), InputError(f"{path}: no such file or directory"))
                continue
            yield from _file_sources(path, manifests)


def count_articles(specs: Iterable[str]) -> int | None:
    """How many articles ``specs`` name (None when reading stdin); cheap, for progress bars."""
    total = 0
    for spec in specs:
        if spec == "-":
            return None
        for path in _expand(spec):
            if path.suffix.lower() == ".jsonl" and path.is_file():
                with path.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            else:
                total += 1
    return total


def load_articles(specs: Iterable[str]) -> list[Article]:
    """Load every article, raising on the first bad one (for library callers who want that)."""
    return [source.load() for source in iter_sources(specs)]
