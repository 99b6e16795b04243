"""Batch extraction that can be left running overnight and trusted in the morning.

- Streams its input and output: memory stays flat however many articles there are.
- Every article yields exactly one record (a result or an error) appended to JSONL as a
  single write of a whole line, so a killed run leaves at most a torn last line, which
  the next run trims.
- Resume: records already in the output for the same article text and configuration
  are skipped; error records and degraded results are dropped and their articles
  redone; an article whose text changed replaces its old record.
- One run per output file (an OS lock), and never an output inside an input.
- Any failure of one article becomes its error record; only Ctrl-C and an output that
  cannot be written stop a batch.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import filelock
from pydantic import ValidationError

from claimex.core.articles import ArticleSource
from claimex.core.errors import ConfigError, InputError, OutputError
from claimex.core.paths import InputPlan
from claimex.core.types import Article, ErrorRecord, ExtractionResult, Provenance
from claimex.pipeline.extractor import Extractor
from claimex.pipeline.ordered import OrderedPool

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
    degraded: int = 0
    stale_replaced: int = 0
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
        """Failed articles, and articles where the model's answers were invalid and the rules' kept."""
        return (self.errors + self.degraded) / self.processed if self.processed else 0.0

    def add(self, record: Record) -> None:
        if isinstance(record, ErrorRecord):
            self.errors += 1
            self.error_types[record.error_type] = self.error_types.get(record.error_type, 0) + 1
            return
        self.done += 1
        self.degraded += int(record.degraded > 0)
        self.claims += len(record.claims)
        self.cache_hits += record.usage.cache_hits
        self.cached_results += int(record.provenance.cache_hit)
        self.model_calls += record.usage.model_calls
        self.prompt_tokens += record.usage.prompt_tokens
        self.completion_tokens += record.usage.completion_tokens


def _done_key(article_id: str | None, sha: str | None) -> str:
    return f"{article_id}\x00{sha}"


class OutputLock:
    """One writer per output file. A second run on the same ``-o`` is refused, not interleaved.

    The lock is an OS file lock on ``<output>.lock`` (filelock), so it is released even when
    the holder is killed; the empty lock file itself stays.
    """

    def __init__(self, path: Path) -> None:
        self.path = path.with_name(path.name + ".lock")
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = filelock.FileLock(str(self.path))

    def __enter__(self) -> OutputLock:
        try:
            self._lock.acquire(timeout=0)
        except filelock.Timeout:
            raise ConfigError(
                f"another claimex run is writing to {self.path.with_suffix('')} (it holds {self.path.name}); "
                "wait for it, or write to another file"
            ) from None
        return self

    def __exit__(self, *exc: object) -> None:
        self._lock.release()


class JsonlSink:
    """Appends whole lines with one ``write`` each; a failed write leaves no torn line behind."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._stream: IO[str] | None = None
        self._fd: int | None = None
        if path is None:
            self._stream = sys.stdout
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            except OSError as exc:
                raise OutputError(f"{path}: cannot open for writing: {exc.strerror}") from None

    def write(self, record: Record) -> None:
        line = record.model_dump_json() + "\n"
        with self._lock:
            if self._fd is not None:
                self._append(line.encode("utf-8"))
            elif self._stream is not None:
                self._stream.write(line)
                self._stream.flush()

    def _append(self, data: bytes) -> None:
        assert self._fd is not None
        before = os.lseek(self._fd, 0, os.SEEK_END)
        try:
            written = os.write(self._fd, data)
            while written < len(data):  # a short write: the disk filled up mid-line
                more = os.write(self._fd, data[written:])
                if more == 0:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                written += more
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, before)  # take back the partial line
            raise OutputError(f"{self.path}: cannot write: {exc.strerror or exc}") from None

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                with contextlib.suppress(OSError):
                    os.fsync(self._fd)
                os.close(self._fd)
                self._fd = None


@dataclass
class PriorOutput:
    """What an output file already holds: articles done, by (id, text hash) and by id."""

    done: set[str] = field(default_factory=set)
    hashes_by_id: dict[str, set[str]] = field(default_factory=dict)


def prepare_output(path: Path, *, provenance: Provenance, overwrite: bool) -> PriorOutput:
    """Make ``path`` ready for appending and return the articles already done.

    Keeps valid result lines of this configuration; drops error records and degraded
    results (their articles are redone) and a torn last line. Results of another
    configuration are refused rather than silently mixed or thrown away.
    """
    prior = PriorOutput()
    if overwrite or not path.exists():
        if path.exists():
            path.unlink()
        return prior
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
            except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
                raise ConfigError(
                    f"{path}:{lineno}: not a claimex output line; use --overwrite or another file"
                ) from None
            if not isinstance(record, dict) or record.get("kind") == "error" or record.get("degraded"):
                changed = True
                continue
            _refuse_other_configuration(path, lineno, record.get("provenance"), provenance)
            article_id, sha = str(record.get("article_id")), str(record.get("article_sha256"))
            prior.done.add(_done_key(article_id, sha))
            prior.hashes_by_id.setdefault(article_id, set()).add(sha)
            kept.append(raw.decode("utf-8"))
    if changed:
        _rewrite(path, kept)
    return prior


def _rewrite(path: Path, lines: Iterable[str]) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        handle.writelines(lines)
    os.replace(tmp, path)


def drop_stale(path: Path, current: dict[str, str]) -> int:
    """Remove records of articles whose text changed since (``current``: id -> new text hash)."""
    kept: list[str] = []
    dropped = 0
    with path.open("rb") as handle:
        for raw in handle:
            record = json.loads(raw)
            new_sha = current.get(str(record.get("article_id")))
            if record.get("kind") == "result" and new_sha is not None and record.get("article_sha256") != new_sha:
                dropped += 1
                continue
            kept.append(raw.decode("utf-8"))
    if dropped:
        _rewrite(path, kept)
    return dropped


def _refuse_other_configuration(path: Path, lineno: int, stored: Any, current: Provenance) -> None:
    """Results of another configuration are never mixed in; say which settings differ."""
    try:
        theirs = Provenance.model_validate(stored)
    except ValidationError:
        raise ConfigError(
            f"{path}:{lineno}: a record without valid provenance; use --overwrite or another file"
        ) from None
    if theirs.config_key == current.config_key:
        return
    differences = "; ".join(theirs.differences(current)) or "code version"
    raise ConfigError(
        f"{path} holds results made with another configuration ({differences}); "
        "use --overwrite to start over or write to another file"
    )


def check_output(plan: InputPlan, output: Path | None) -> None:
    """Refuse an output that is, or lies inside, an input (it would be read back, or deleted)."""
    if output is None:
        return
    problem = plan.holds(output)
    if problem:
        raise ConfigError(f"{problem}; write the output somewhere else")


def internal_error_record(source_origin: str, exc: Exception, article_id: str | None = None) -> ErrorRecord:
    """An unexpected failure for one article becomes its record; the batch goes on."""
    log.debug("unexpected failure for %s", source_origin, exc_info=exc)
    return ErrorRecord(
        article_id=article_id,
        origin=source_origin,
        error_type=type(exc).__name__,
        message=f"{source_origin}: unexpected {type(exc).__name__}: {exc}"[:2000],
    )


def load_or_error(source: ArticleSource) -> Article | ErrorRecord:
    """The article, or the error record of an article that cannot be read."""
    try:
        return source.load()
    except InputError as exc:
        return ErrorRecord(article_id=None, origin=source.origin, error_type="InputError", message=str(exc))
    except Exception as exc:  # any failure of one article is that article's record
        return internal_error_record(source.origin, exc)


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
        self._changed: dict[str, str] = {}
        self._pool: OrderedPool[ArticleSource, Record] | None = None

    def _work(self, source: ArticleSource) -> Record:
        article = load_or_error(source)
        return article if isinstance(article, ErrorRecord) else self.extractor.extract_or_error(article)

    def _map(self, todo: Iterator[ArticleSource]) -> Iterator[Record]:
        """The records of ``todo`` in input order: the one step another engine (Ray) replaces."""
        self._pool = OrderedPool(self.concurrency, name="claimex-batch")
        return self._pool.map(self._work, todo)

    def _in_flight(self) -> int:
        return self._pool.in_flight if self._pool is not None else 0

    def _stop(self, *, wait: bool) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=wait)

    def _todo(self, sources: Iterable[ArticleSource], prior: PriorOutput, stats: BatchStats) -> Iterator[ArticleSource]:
        for source in sources:
            if self.stop_requested.is_set():
                return
            if not prior.done:
                yield source
                continue
            try:
                article = source.load()
            except Exception:  # reported when the worker loads it again
                yield source
                continue
            if article.id in prior.hashes_by_id and article.text_sha256 not in prior.hashes_by_id[article.id]:
                self._changed[article.id] = article.text_sha256  # edited since: its old record goes
            if _done_key(article.id, article.text_sha256) in prior.done:
                stats.skipped += 1
                continue
            yield ArticleSource(source.origin, lambda article=article: article)  # type: ignore[misc]

    def run(self, sources: Iterable[ArticleSource], *, total: int | None = None) -> BatchStats:
        """Process every source; only Ctrl-C or an output that cannot be written stops early."""
        if self.output is None:
            return self._run(sources, total)
        with OutputLock(self.output):
            stats = self._run(sources, total)
            if self._changed and not stats.interrupted:
                stats.stale_replaced = drop_stale(self.output, self._changed)
        return stats

    def _run(self, sources: Iterable[ArticleSource], total: int | None) -> BatchStats:
        stats = BatchStats(total=total)
        self._changed = {}
        prior = (
            prepare_output(self.output, provenance=self.extractor.provenance, overwrite=self.overwrite)
            if self.output
            else PriorOutput()
        )
        sink = JsonlSink(self.output)

        def emit(record: Record) -> None:
            sink.write(record)
            stats.add(record)
            if self.on_record is not None:
                self.on_record(record, stats)

        try:
            for record in self._map(self._todo(sources, prior, stats)):
                emit(record)
        except KeyboardInterrupt:
            stats.interrupted = True
            self.stop_requested.set()
            log.warning("interrupted: abandoning %d article(s) in flight; rerun to resume", self._in_flight())
        except OutputError:
            self.stop_requested.set()
            raise
        finally:
            self._stop(wait=not (stats.interrupted or self.stop_requested.is_set()))
            sink.close()
        return stats
