"""Run a function over a stream with N calls in flight, results in input order, memory bounded.

The one concurrency primitive of the pipeline: ``Extractor.extract_many`` and the batch
runner both use it. Work is submitted only while fewer than ``2 × workers`` results are
waiting, so a million-article input never sits in memory; a result is handed back as
soon as it and every result before it are done.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class OrderedPool(Generic[T, R]):
    def __init__(self, workers: int, *, name: str = "claimex") -> None:
        self.workers = max(1, workers)
        self._pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix=name)
        self._window: deque[Future[R]] = deque()

    @property
    def in_flight(self) -> int:
        return len(self._window)

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        for item in items:
            self._window.append(self._pool.submit(fn, item))
            while len(self._window) >= 2 * self.workers or (self._window and self._window[0].done()):
                yield self._window.popleft().result()
        while self._window:
            yield self._window.popleft().result()

    def shutdown(self, *, wait: bool) -> None:
        """``wait=False`` abandons work in flight (Ctrl-C, a dead output): nothing queued starts."""
        self._pool.shutdown(wait=wait, cancel_futures=True)
