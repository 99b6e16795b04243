"""An on-disk key/value store that can fail without failing the batch.

Both caches (model answers, whole results) are conveniences: losing one costs time,
never data. So a cache folder that cannot be opened (random bytes in ``cache.db``, a
read-only disk) is moved aside once and rebuilt; if that fails too, or a read or write
fails later, the store says so once and is bypassed for the rest of the run.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import time
from pathlib import Path

import diskcache

log = logging.getLogger(__name__)

# What a broken cache raises: sqlite3 for a corrupt database, OSError for the disk,
# and diskcache's own timeout when another process holds the database too long.
STORE_ERRORS: tuple[type[BaseException], ...] = (sqlite3.Error, OSError, diskcache.Timeout, ValueError)


def _open(directory: Path, size_limit: int) -> diskcache.Cache:
    cache = diskcache.Cache(str(directory), size_limit=size_limit)
    cache.get("__claimex_probe__")  # a corrupt database can open lazily and fail on first use
    return cache


class SafeStore:
    """String values by string key; never raises for a broken cache, only degrades to no cache."""

    def __init__(self, directory: Path, *, size_limit: int, what: str) -> None:
        self.directory = directory
        self.what = what
        self._lock = threading.Lock()
        self._cache: diskcache.Cache | None = None
        self._size_limit = size_limit
        self._cache = self._open_or_rebuild()

    def _open_or_rebuild(self) -> diskcache.Cache | None:
        try:
            return _open(self.directory, self._size_limit)
        except STORE_ERRORS as first:
            database = self.directory / "cache.db"
            aside = database.with_name(f"cache.db.broken-{time.strftime('%Y%m%d-%H%M%S')}")
            try:
                database.rename(aside)
                for suffix in ("-wal", "-shm"):
                    database.with_name("cache.db" + suffix).unlink(missing_ok=True)
                cache = _open(self.directory, self._size_limit)
            except STORE_ERRORS as second:
                log.warning("%s at %s cannot be opened (%s); running without it", self.what, self.directory, second)
                return None
            log.warning(
                "%s at %s could not be opened (%s); moved its database to %s and started a new one",
                self.what,
                self.directory,
                first,
                aside.name,
            )
            return cache

    @property
    def enabled(self) -> bool:
        return self._cache is not None

    def _disable(self, exc: BaseException) -> None:
        with self._lock:
            if self._cache is None:
                return
            log.warning("%s at %s failed (%s); running without it", self.what, self.directory, exc)
            cache, self._cache = self._cache, None
        with contextlib.suppress(*STORE_ERRORS):
            cache.close()

    def get(self, key: str) -> str | None:
        cache = self._cache
        if cache is None:
            return None
        try:
            value = cache.get(key)
        except STORE_ERRORS as exc:
            self._disable(exc)
            return None
        return value if isinstance(value, str) else None

    def set(self, key: str, value: str) -> None:
        cache = self._cache
        if cache is None:
            return
        try:
            cache.set(key, value)
        except STORE_ERRORS as exc:
            self._disable(exc)

    def close(self) -> None:
        with self._lock:
            cache, self._cache = self._cache, None
        if cache is not None:
            with contextlib.suppress(*STORE_ERRORS):
                cache.close()
