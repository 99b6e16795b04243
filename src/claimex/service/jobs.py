"""Background work for ``POST /v1/jobs``: a bounded queue and a fixed set of worker threads.

The queue holds only (job id, item number); the article itself waits in the job store,
so memory stays flat however large the backlog. A worker takes an item, reads its article,
extracts it with the one shared :class:`Extractor` (a failure becomes the article's error
record, exactly as in ``claimex extract``) and writes the record back in one transaction.
On start every item without a record is queued again: a killed server resumes its jobs.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Sequence

from claimex.core.errors import InputError
from claimex.core.types import ErrorRecord
from claimex.pipeline.batch import Record, internal_error_record
from claimex.pipeline.extractor import Extractor
from claimex.service.bodies import BatchItem, article_from_item
from claimex.service.errors import ServiceError
from claimex.service.metrics import ServiceMetrics
from claimex.service.schemas import JobAccepted
from claimex.service.store import JobStore

log = logging.getLogger(__name__)

_STOP = ("", -1)


class JobRunner:
    def __init__(
        self,
        extractor: Extractor,
        store: JobStore,
        metrics: ServiceMetrics,
        *,
        workers: int,
        queue_size: int,
        retry_after: int,
    ) -> None:
        self.extractor = extractor
        self.store = store
        self.metrics = metrics
        self.workers = workers
        self.queue_size = queue_size
        self.retry_after = retry_after
        self._queue: queue.Queue[tuple[str, int]] = queue.Queue()
        self._admit = threading.Lock()
        self._waiting = 0
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()

    @property
    def waiting(self) -> int:
        return self._waiting

    def start(self) -> int:
        """Queue every unfinished item of earlier runs and start the workers; returns how many were resumed."""
        pending = self.store.pending()
        for key in pending:
            self._put(key)
        if pending:
            log.info("resuming %d unfinished article(s) of earlier jobs", len(pending))
        for n in range(self.workers):
            thread = threading.Thread(target=self._work, name=f"claimex-job-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return len(pending)

    def submit(self, items: Sequence[BatchItem]) -> JobAccepted:
        """Store a job and queue its articles, or refuse it whole (413 too large, 429 queue full)."""
        if len(items) > self.queue_size:
            raise ServiceError(
                413,
                "job_too_large",
                f"a job of {len(items):,} articles is larger than the whole queue ({self.queue_size:,}); split it",
            )
        with self._admit:
            if self._waiting + len(items) > self.queue_size:
                self.metrics.rejected.labels(path="jobs").inc()
                raise ServiceError(
                    429,
                    "queue_full",
                    f"{self._waiting:,} articles are waiting and the queue holds {self.queue_size:,}; "
                    f"retry in {self.retry_after} s",
                    headers={"Retry-After": str(self.retry_after)},
                )
            accepted = self.store.create_job(items, self.extractor.provenance)
            for item in items:
                self._put((accepted.id, item.number))
        self.metrics.jobs.inc()
        return accepted

    def _put(self, key: tuple[str, int]) -> None:
        self._waiting += 1
        self.metrics.queued.set(self._waiting)
        self._queue.put(key)

    def stop(self, timeout: float = 30.0) -> None:
        """Let each worker finish its article, then stop; items not started stay in the store for the next run."""
        self._stopping.set()
        for _ in self._threads:
            self._queue.put(_STOP)
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    def _work(self) -> None:
        while not self._stopping.is_set():
            key = self._queue.get()
            if key == _STOP:
                return
            with self._admit:
                self._waiting -= 1
                self.metrics.queued.set(self._waiting)
            try:
                self._process(*key)
            except Exception:  # the store failed: the item stays pending and is redone on restart
                log.exception("job item %s:%d could not be recorded", *key)

    def _process(self, job_id: str, seq: int) -> None:
        found = self.store.item(job_id, seq)
        if found is None:
            return  # already recorded (queued twice): never redone
        origin, source = found
        record = self._extract(BatchItem(seq, source), origin)
        if self.store.finish_item(job_id, seq, record):
            self.metrics.observe(record, "job")

    def _extract(self, item: BatchItem, origin: str) -> Record:
        try:
            article = article_from_item(item, origin, max_chars=self.extractor.settings.max_article_chars)
        except InputError as exc:
            return ErrorRecord(article_id=None, origin=origin, error_type="InputError", message=str(exc))
        except Exception as exc:  # any failure of one article is that article's record
            return internal_error_record(origin, exc)
        return self.extractor.extract_or_error(article)
