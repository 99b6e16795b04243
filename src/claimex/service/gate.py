"""Single-article requests: a fixed pool of extraction threads behind a bounded admission count.

A request is admitted while fewer than ``max_pending`` are running or waiting, else it
gets 429 at once. The count is released when the extraction itself ends, not when the
client stops waiting: a request that timed out (504) still holds its slot until its thread
is done, so timeouts cannot pile up unbounded work behind the pool.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from claimex.core.types import Article
from claimex.pipeline.batch import Record
from claimex.pipeline.extractor import Extractor
from claimex.service.errors import ServiceError
from claimex.service.metrics import ServiceMetrics


class ExtractGate:
    def __init__(
        self,
        extractor: Extractor,
        metrics: ServiceMetrics,
        *,
        workers: int,
        max_pending: int,
        timeout: float,
        retry_after: int,
    ) -> None:
        self.extractor = extractor
        self.metrics = metrics
        self.max_pending = max_pending
        self.timeout = timeout
        self.retry_after = retry_after
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="claimex-extract")
        self._lock = threading.Lock()
        self._pending = 0

    def _admit(self) -> None:
        with self._lock:
            if self._pending >= self.max_pending:
                self.metrics.rejected.labels(path="extract").inc()
                raise ServiceError(
                    429,
                    "queue_full",
                    f"{self._pending} articles are being extracted or waiting (--max-pending {self.max_pending}); "
                    f"retry in {self.retry_after} s",
                    headers={"Retry-After": str(self.retry_after)},
                )
            self._pending += 1
            self.metrics.in_flight.set(self._pending)

    def _release(self) -> None:
        with self._lock:
            self._pending -= 1
            self.metrics.in_flight.set(self._pending)

    def _finished(self, _: Future[Record]) -> None:
        self._release()

    async def extract(self, article: Article) -> Record:
        """The article's record (a result, or the error record ``claimex extract`` would write)."""
        self._admit()
        try:
            future = self._pool.submit(self.extractor.extract_or_error, article)
        except RuntimeError:  # the pool is shut down: the server is stopping
            self._release()
            raise ServiceError(503, "provider_unavailable", "the service is shutting down") from None
        future.add_done_callback(self._finished)
        try:
            record = await asyncio.wait_for(asyncio.wrap_future(future), self.timeout)
        except TimeoutError:
            raise ServiceError(
                504, "timeout", f"{article.id}: no result within --request-timeout {self.timeout:g} s"
            ) from None
        self.metrics.observe(record, "extract")
        return record

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
