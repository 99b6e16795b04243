"""Read articles from .txt (+ manifest.jsonl), .json and .jsonl, with errors that name the place.

Reading is lazy: :func:`iter_sources` yields one :class:`ArticleSource` per article
(or per JSONL line) and :meth:`ArticleSource.load` parses it, so one bad file or line
becomes one error and the rest of a batch goes on.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from claimex.core.errors import InputError
from claimex.core.paths import MANIFEST_NAME, STDIN_PATH, InputFile, InputPlan, plan_inputs
from claimex.core.types import Article

_RECORD_KEYS = {"id", "title", "text", "published", "source", "url"}
DEFAULT_MAX_ARTICLE_CHARS = 2_000_000  # ~400 pages: far past any news article, far below a runaway file
_BYTES_PER_CHAR = 4  # UTF-8 worst case: a file under limit*4 bytes may still hold <= limit chars
_INVISIBLE = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"})


@dataclass(frozen=True)
class ArticleSource:
    """A place one article comes from, readable later (or a pre-recorded read failure)."""

    origin: str
    loader: Callable[[], Article]

    def load(self) -> Article:
        return self.loader()


def has_visible_text(text: str) -> bool:
    """True when ``text`` holds a character a reader would see (not only spaces or zero-width marks)."""
    return any(unicodedata.category(ch) not in _INVISIBLE for ch in text if not ch.isspace())


def _decode(raw: bytes, path: Path) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a byte-order mark (Windows tools)
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not valid UTF-16 (offset {exc.start})") from None
    if b"\x00" in raw[:8192]:
        raise InputError(f"{path}: binary file (NUL bytes), expected UTF-8 text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})") from None


def _read_text(path: Path, max_chars: int | None = None) -> str:
    try:
        if max_chars is not None and path.stat().st_size > max_chars * _BYTES_PER_CHAR:
            raise InputError(f"{path}: larger than --max-article-chars {max_chars:,} (file not read)")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, expected an article file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from exc
    text = _decode(raw, path)
    _check_length(text, max_chars, str(path))
    return text


def _check_length(text: str, max_chars: int | None, where: str) -> None:
    if max_chars is not None and len(text) > max_chars:
        raise InputError(f"{where}: article of {len(text):,} characters exceeds --max-article-chars {max_chars:,}")


def _json_loads(raw: str, where: str) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: malformed JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    except RecursionError:
        raise InputError(f"{where}: JSON nested too deeply to be an article") from None


def _parse_date(value: Any, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            pass
    raise InputError(f"{where}: field 'published': expected a YYYY-MM-DD date, got {value!r}")


def article_from_record(
    record: Any, where: str, *, default_id: str | None = None, max_chars: int | None = None
) -> Article:
    """Build an article from a JSON record ``{id, title, text, published, source, url}``."""
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(record).__name__}")
    # Real feeds carry more than claimex reads (author, section, tags): kept, not refused.
    metadata = {k: v for k, v in record.items() if k not in _RECORD_KEYS and k != "file"}
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(f"{where}: field 'text' is missing or not a string")
    _check_length(text, max_chars, where)
    if not has_visible_text(text):
        raise InputError(f"{where}: field 'text' is empty (no visible characters)")
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
            metadata=metadata,
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


def load_txt(path: Path, manifest: dict[str, dict[str, Any]] | None = None, *, max_chars: int | None = None) -> Article:
    """A .txt article: first non-empty line is the title; metadata from the manifest if given."""
    text = _read_text(path, max_chars)
    if not text.strip():
        raise InputError(f"{path}: empty file")
    if not has_visible_text(text):
        raise InputError(f"{path}: no visible text (only spaces or zero-width characters)")
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


def load_json(path: Path, *, max_chars: int | None = None) -> Article:
    # The JSON wrapper adds little, so the raw file is held to the same limit (plus slack).
    text = _read_text(path, None if max_chars is None else max_chars + 65_536)
    if not text.strip():
        raise InputError(f"{path}: empty file")
    record = _json_loads(text, str(path))
    return article_from_record(record, str(path), default_id=path.stem, max_chars=max_chars)


class _LineTooLong(bytes):
    """Marks a JSONL line cut short because it passed the size limit (the rest was skipped)."""


def _jsonl_sources(
    lines: Iterable[str | bytes], origin: str, *, max_chars: int | None = None
) -> Iterator[ArticleSource]:
    """One source per non-empty line; a line that is not UTF-8, not JSON, or too long fails alone."""
    for lineno, line in enumerate(lines, start=1):
        where = f"{origin}:{lineno}"
        if isinstance(line, _LineTooLong):
            message = f"{where}: line longer than --max-article-chars allows (skipped unread)"
            yield _failing(where, InputError(message))
            continue
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield _failing(where, InputError(f"{where}: not valid UTF-8 (byte offset {exc.start} in the line)"))
                continue
        if not line.strip():
            continue

        def load(line: str = line, where: str = where) -> Article:
            return article_from_record(_json_loads(line, where), where, max_chars=max_chars)

        yield ArticleSource(where, load)


def _bounded_lines(handle: IO[bytes], limit: int | None) -> Iterator[bytes]:
    """Lines of at most ``limit`` bytes; a longer one is skipped in pieces, never held whole."""
    while True:
        line = handle.readline() if limit is None else handle.readline(limit + 1)
        if not line:
            return
        if limit is None or len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):
            line = handle.readline(1 << 20)
        yield _LineTooLong()


def _stream_lines(path: Path, limit: int | None) -> Iterator[bytes]:
    with path.open("rb") as handle:
        yield from _bounded_lines(handle, limit)


def _failing(origin: str, error: InputError) -> ArticleSource:
    def load() -> Article:
        raise error

    return ArticleSource(origin, load)


def _line_limit(max_chars: int | None) -> int | None:
    return None if max_chars is None else max_chars * _BYTES_PER_CHAR + 65_536


def _file_sources(
    item: InputFile, manifests: dict[Path, dict[str, dict[str, Any]]], max_chars: int | None
) -> Iterator[ArticleSource]:
    path = item.path
    if item.problem is not None:
        yield _failing(str(path), InputError(item.problem))
        return
    suffix = path.suffix.lower()
    if item.stream:
        yield from _jsonl_sources(_stream_lines(path, _line_limit(max_chars)), str(path), max_chars=max_chars)
    elif suffix == ".jsonl":
        try:
            size = path.stat().st_size
        except OSError as exc:
            yield _failing(str(path), InputError(f"{path}: cannot read: {exc.strerror}"))
            return
        if size == 0:
            yield _failing(str(path), InputError(f"{path}: empty file"))
            return
        yield from _jsonl_sources(_stream_lines(path, _line_limit(max_chars)), str(path), max_chars=max_chars)
    elif suffix == ".json":
        yield ArticleSource(str(path), lambda: load_json(path, max_chars=max_chars))
    else:
        directory = path.parent
        if directory not in manifests:
            try:
                manifests[directory] = load_manifest(directory)
            except InputError as exc:
                manifests[directory] = {}
                yield _failing(str(directory / MANIFEST_NAME), exc)
        manifest = manifests[directory]
        yield ArticleSource(str(path), lambda: load_txt(path, manifest, max_chars=max_chars))


def iter_sources(
    specs: Iterable[str] | InputPlan,
    *,
    stdin: Iterable[str] | None = None,
    max_chars: int | None = DEFAULT_MAX_ARTICLE_CHARS,
) -> Iterator[ArticleSource]:
    """Every article named by files, directories (recursive), globs, or ``-`` (JSONL on stdin).

    Names that match nothing yield one failing source each (the CLI refuses them earlier).
    """
    plan = specs if isinstance(specs, InputPlan) else plan_inputs(specs)
    manifests: dict[Path, dict[str, dict[str, Any]]] = {}
    for problem in plan.unmatched:
        yield _failing(problem.partition(": ")[0], InputError(problem))
    for item in plan.files:
        if item.path == STDIN_PATH:
            yield from _jsonl_sources(stdin if stdin is not None else sys.stdin, "<stdin>", max_chars=max_chars)
        else:
            yield from _file_sources(item, manifests, max_chars)


def count_articles(specs: Iterable[str] | InputPlan) -> int | None:
    """How many articles ``specs`` name (None when a stream is read); cheap, for progress bars."""
    plan = specs if isinstance(specs, InputPlan) else plan_inputs(specs)
    total = 0
    for item in plan.files:
        if item.stream:
            return None  # counting would consume the stream
        if item.problem is None and item.path.suffix.lower() == ".jsonl":
            with item.path.open("rb") as handle:
                total += sum(
                    1 for line in _bounded_lines(handle, 1 << 20) if line.strip() or isinstance(line, _LineTooLong)
                )
        else:
            total += 1
    return total


def load_articles(specs: Iterable[str]) -> list[Article]:
    """Load every article, raising on the first bad one (for library callers who want that)."""
    return [source.load() for source in iter_sources(specs)]


# -- one step at a time, for callers that hold the bytes themselves (the HTTP service), so
# each kind of failure can be told apart while the rules stay exactly those of a file read


def decode_article_bytes(raw: bytes, where: str) -> str:
    """Text of ``raw`` as an article file is decoded (UTF-8, or UTF-16 with a BOM); binary is refused."""
    return _decode(raw, Path(where))


def parse_article_json(text: str, where: str) -> Any:
    """The JSON value of ``text``; malformed or too deeply nested JSON is an :class:`InputError`."""
    return _json_loads(text, where)
