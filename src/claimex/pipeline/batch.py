"""Batch extraction that can be left running overnight and trusted in the morning.

- Streams its input and output: memory stays flat however many articles there are.
- Every article yields exactly one record (a result or an error) appended to JSONL as a
  single write of a whole line, so a killed run leaves at most a torn last line, which
  the next run trims.
- Resume: records already in the output for the same article text and configuration
  are skipped; error records are dropped and their articles redone.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from claimex.core.articles import ArticleSource
from claimex.core.errors import ConfigError, InputError
from claimex.core.types import ErrorRecord, ExtractionResult, Provenance
from claimex.pipeline.extractor import Extractor

log = logging.getLogger(__name__)

Record = ExtractionResult | ErrorRecord


@dataclass
class BatchStats:
    total: int | None = None
    done: int = 0
    skipped: int = 0
    claims: int = 0
    cache_hits: int = 0
    cached_results: int = 0
    model_calls: int = 0
    errors: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    interrupted: bool = False
    started: float = field(default_factory=time.monotonic)
    error_types: dict[str, int] = field(default_factory=dict)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def processed(self) -> int:
        return self.done + self.errors

    @property
    def error_rate(self) -> float:
        return self.errors / self.processed if self.processed else 0.0

    def add(self, record: Record) -> None:
        if isinstance(record, ErrorRecord):
            self.errors += 1
            self.error_types[record.error_type] = self.error_types.get(record.error_type, 0) + 1
            return
        self.done += 1
        self.claims += len(record.claims)
        self.cache_hits += record.usage.cache_hits
        self.cached_results += int(record.provenance.cache_hit)
        self.model_calls += record.usage.model_calls
        self.prompt_tokens += record.usage.prompt_tokens
        self.completion_tokens += record.usage.completion_tokens


def _done_key(article_id: str | None, sha: str | None) -> str:
    return f"{article_id}\x00{sha}"


class JsonlSink:
    """Appends whole lines with one ``write`` each; trims a torn tail left by a killed run."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._stream: IO[str] | None = None
        self._fd: int | None = None
        if path is None:
            self._stream = sys.stdout
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def write(self, record: Record) -> None:
        line = record.model_dump_json() + "\n"
        with self._lock:
            if self._fd is not None:
                os.write(self._fd, line.encode("utf-8"))
            elif self._stream is not None:
                self._stream.write(line)
                self._stream.flush()

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                os.fsync(self._fd)
                os.close(self._fd)
                self._fd = None


def prepare_output(path: Path, *, config_key: str, overwrite: bool) -> set[str]:
    """Make ``path`` ready for appending and return the articles already done.

    Keeps valid result lines of this configuration; drops error records (their articles
    are redone) and a torn last line. Results of another configuration are refused
    rather than silently mixed or thrown away.
    """
    if overwrite or not path.exists():
        if path.exists():
            path.unlink()
        return set()
    done: set[str] = set()
    kept: list[str] = []
    changed = False
    with path.open("rb") as handle:
        for lineno, raw in enumerate(handle, start=1):
            if not raw.endswith(b"\n"):
                log.warning("%s:%d: dropping a torn last line from an interrupted run", path, lineno)
                changed = True
                continue
            try:
                record: dict[str, Any] = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError):
                raise ConfigError(f"{path}:{lineno}: not a claimex output line; use --overwrite or another file") from None
            if record.get("kind") == "error":
                changed = True
                continue
            key = (record.get("provenance") or {})
            result_key = _provenance_key(key)
            if result_key != config_key:
                raise ConfigError(
                    f"{path} holds results made with another configuration ({result_key} vs {config_key}); "
                    "use --overwrite to start over or write to another file"
                )
            done.add(_done_key(record.get("article_id"), record.get("article_sha256")))
            kept.append(raw.decode("utf-8"))
    if changed:
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text("".join(kept), encoding="utf-8")
        os.replace(tmp, path)
    return done


def _provenance_key(provenance: dict[str, Any]) -> str:
    try:
        return Provenance.model_validate(provenance).config_key
    except ValidationError:
        return "unknown"


class BatchRunner:
    """Run an extractor over many article sources, writing one record per article."""

    def __init__(
        self,
        extractor: Extractor,
        output: Path | None,
        *,
        overwrite: bool = False,
        concurrency: int | None = None,
        on_record: Callable[[Record, BatchStats], None] | None = None,
    ) -> None:
        self.extractor = extractor
        self.output = output
        self.overwrite = overwrite
        self.concurrency = concurrency or extractor.settings.concurrency
        self.on_record = on_record
        self.stop_requested = threading.Event()

    def _work(self, source: ArticleSource) -> Record:
        try:
            article = source.load()
        except InputError as exc:
            return ErrorRecord(article_id=None, origin=source.origin, error_type="InputError", message=str(exc))
        return self.extractor.extract_or_error(article)

    def _todo(self, sources: Iterable[ArticleSource], done: set[str], stats: BatchStats) -> Iterator[ArticleSource]:
        for source in sources:
            if self.stop_requested.is_set():
                return
            if done:
                try:
                    article = source.load()
                except InputError:
                    yield source
                    continue
                key = _done_key(article.id, article.text_sha256)
                if key in done:
                    stats.skipped += 1
                    continue
                yield ArticleSource(source.origin, lambda article=article: article)  # type: ignore[misc]
            else:
                yield source

    def run(self, sources: Iterable[ArticleSource], *, total: int | None = None) -> BatchStats:
        stats = BatchStats(total=total)
        config_key = self.extractor.provenance.config_key
        done = prepare_output(self.output, config_key=config_key, overwrite=self.overwrite) if self.output else set()
        sink = JsonlSink(self.output)

        def emit(record: Record) -> None:
            sink.write(record)
            stats.add(record)
            if self.on_record is not None:
                self.on_record(record, stats)

        pool = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="claimex-batch")
        window: list[Future[Record]] = []
        try:
            for source in self._todo(sources, done, stats):
                window.append(pool.submit(self._work, source))
                while len(window) >= self.concurrency * 2 or (window and window[0].done()):
                    emit(window.pop(0).result())
            for future in window:
                emit(future.result())
            window.clear()
        except KeyboardInterrupt:
            stats.interrupted = True
            self.stop_requested.set()
            log.warning("interrupted: abandoning %d article(s) in flight; rerun to resume", len(window))
        finally:
            pool.shutdown(wait=not stats.interrupted, cancel_futures=True)
            sink.close()
        return stats
