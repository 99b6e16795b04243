"""Progress for long batches: a rich bar on a terminal, plain periodic lines otherwise."""

from __future__ import annotations

import logging
import time
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from claimex.core.types import ErrorRecord, ExtractionResult
from claimex.pipeline.batch import BatchStats

log = logging.getLogger("claimex")


def _fields(stats: BatchStats) -> str:
    rate = stats.processed / stats.elapsed if stats.elapsed > 0 else 0.0
    return (
        f"claims {stats.claims} · cache hits {stats.cache_hits} · errors {stats.errors} · "
        f"degraded {stats.degraded} · "
        f"tokens {stats.prompt_tokens + stats.completion_tokens} · {rate:.2f} art/s"
    )


class BatchProgress:
    def __init__(self, console: Console, total: int | None, *, quiet: bool, interval: float = 10.0) -> None:
        self.console = console
        self.quiet = quiet
        self.interval = interval
        self._last = 0.0
        self._progress: Progress | None = None
        self._task = None
        if not quiet and console.is_terminal:
            self._progress = Progress(
                TextColumn("[bold]extract"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[info]}"),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=console,
                transient=False,
            )
            self._task = self._progress.add_task("extract", total=total, info="")

    def __enter__(self) -> BatchProgress:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._progress is not None:
            self._progress.stop()

    def update(self, record: ExtractionResult | ErrorRecord, stats: BatchStats) -> None:
        if isinstance(record, ErrorRecord):
            # the message names its file (and line) already; one line per failure, none with --quiet
            log.info("error: %s", record.message)
        if self.quiet:
            return
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, completed=stats.processed + stats.skipped, info=_fields(stats))
            return
        now = time.monotonic()
        if now - self._last >= self.interval:
            self._last = now
            total = f"/{stats.total}" if stats.total is not None else ""
            log.info("progress: %d%s articles · %s", stats.processed + stats.skipped, total, _fields(stats))


def summary_table(stats: BatchStats, output: str) -> Table:
    table = Table(title="claimex extract", show_header=False)
    table.add_column("what")
    table.add_column("value", justify="right")
    rows = [
        ("articles processed", str(stats.processed)),
        ("skipped (already done)", str(stats.skipped)),
        ("results", str(stats.done)),
        (
            "errors",
            str(stats.errors)
            + (f" ({', '.join(f'{k} {v}' for k, v in stats.error_types.items())})" if stats.errors else ""),
        ),
        ("degraded (model answer invalid, rules kept)", str(stats.degraded)),
        ("edited articles whose old record was replaced", str(stats.stale_replaced)),
        ("claims", str(stats.claims)),
        ("model calls", str(stats.model_calls)),
        ("cache hits (model answers)", str(stats.cache_hits)),
        ("results served from cache", str(stats.cached_results)),
        ("tokens (prompt + completion)", f"{stats.prompt_tokens} + {stats.completion_tokens}"),
        ("wall time", f"{stats.elapsed:.2f} s"),
        ("output", output),
    ]
    if stats.interrupted:
        rows.append(("status", "interrupted: rerun the same command to resume"))
    for name, value in rows:
        table.add_row(name, value)
    return table
