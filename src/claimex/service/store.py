"""Jobs and their results on disk (SQLite in WAL mode), so a restart loses and repeats nothing.

One row per article of a job. A record is written into its row once, in the same
transaction that counts it in the job's progress; the row's primary key is (job, item
number), so however often a killed server is restarted an article has exactly one record,
and a finished record is never redone. ``synchronous=FULL``: a record is on disk before
the worker takes the next article.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

import filelock

from claimex.core.errors import ConfigError
from claimex.core.types import ErrorRecord, ExtractionResult, Provenance
from claimex.service.bodies import BatchItem
from claimex.service.schemas import JobAccepted, JobStatus, Tokens

Record = ExtractionResult | ErrorRecord
DB_NAME = "jobs.sqlite3"
LOCK_NAME = "service.lock"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    created REAL NOT NULL,
    finished REAL,
    total INTEGER NOT NULL,
    config_key TEXT NOT NULL,
    provenance TEXT NOT NULL,
    done INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0,
    degraded INTEGER NOT NULL DEFAULT 0,
    claims INTEGER NOT NULL DEFAULT 0,
    model_calls INTEGER NOT NULL DEFAULT 0,
    cache_hits INTEGER NOT NULL DEFAULT 0,
    prompt_tokens INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS items (
    job_id TEXT NOT NULL REFERENCES jobs(id),
    seq INTEGER NOT NULL,
    origin TEXT NOT NULL,
    source TEXT,
    record TEXT,
    PRIMARY KEY (job_id, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS items_pending ON items(job_id, seq) WHERE record IS NULL;
"""


def _when(seconds: float | None) -> dt.datetime | None:
    return None if seconds is None else dt.datetime.fromtimestamp(seconds, dt.UTC)


def job_urls(job_id: str) -> tuple[str, str]:
    return f"/v1/jobs/{job_id}", f"/v1/jobs/{job_id}/results"


class JobStore:
    """The service's jobs database under its state directory. Thread-safe (one connection, one lock)."""

    def __init__(self, state_dir: Path) -> None:
        state_dir.mkdir(parents=True, exist_ok=True)
        self.path = state_dir / DB_NAME
        # One server per state directory: two would each resume the same unfinished articles.
        # An OS lock, so a killed server's is released with it.
        self._owner = filelock.FileLock(str(state_dir / LOCK_NAME))
        try:
            self._owner.acquire(timeout=0)
        except filelock.Timeout:
            raise ConfigError(
                f"another claimex serve is using {state_dir} (it holds {LOCK_NAME}); give each server its own --state-dir"
            ) from None
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()
        self._owner.release()

    # -- writing

    def create_job(self, items: Sequence[BatchItem], provenance: Provenance) -> JobAccepted:
        """Store a new job with all its articles, in one transaction."""
        job_id = uuid.uuid4().hex
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(
                    "INSERT INTO jobs (id, created, total, config_key, provenance) VALUES (?, ?, ?, ?, ?)",
                    (job_id, time.time(), len(items), provenance.config_key, provenance.model_dump_json()),
                )
                self._db.executemany(
                    "INSERT INTO items (job_id, seq, origin, source) VALUES (?, ?, ?, ?)",
                    ((job_id, item.number, f"{job_id}:{item.number}", item.source) for item in items),
                )
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        status_url, results_url = job_urls(job_id)
        return JobAccepted(id=job_id, status="queued", total=len(items), status_url=status_url, results_url=results_url)

    def finish_item(self, job_id: str, seq: int, record: Record) -> bool:
        """Write the item's record and count it; False (nothing changed) if it already had one."""
        counts = _counts(record)
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                cursor = self._db.execute(
                    "UPDATE items SET record = ?, source = NULL WHERE job_id = ? AND seq = ? AND record IS NULL",
                    (record.model_dump_json(), job_id, seq),
                )
                if cursor.rowcount == 1:
                    self._db.execute(
                        """UPDATE jobs SET done = done + 1, errors = errors + :errors, degraded = degraded + :degraded,
                               claims = claims + :claims, model_calls = model_calls + :model_calls,
                               cache_hits = cache_hits + :cache_hits, prompt_tokens = prompt_tokens + :prompt_tokens,
                               completion_tokens = completion_tokens + :completion_tokens,
                               finished = CASE WHEN done + 1 >= total THEN :now ELSE NULL END
                           WHERE id = :id""",
                        {**counts, "now": time.time(), "id": job_id},
                    )
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        return cursor.rowcount == 1

    # -- reading

    def item(self, job_id: str, seq: int) -> tuple[str, str] | None:
        """(origin, source JSON) of an item still to do; None once it has its record."""
        with self._lock:
            row = self._db.execute(
                "SELECT origin, source FROM items WHERE job_id = ? AND seq = ? AND record IS NULL", (job_id, seq)
            ).fetchone()
        return None if row is None else (str(row[0]), str(row[1]))

    def pending(self) -> list[tuple[str, int]]:
        """Every item without a record, oldest job first: the work a restarted server resumes."""
        with self._lock:
            rows = self._db.execute(
                "SELECT i.job_id, i.seq FROM items i JOIN jobs j ON j.id = i.job_id "
                "WHERE i.record IS NULL ORDER BY j.created, i.job_id, i.seq"
            ).fetchall()
        return [(str(job_id), int(seq)) for job_id, seq in rows]

    def unfinished_provenance(self) -> list[Provenance]:
        """The configuration of each job that still has work, one per distinct configuration."""
        with self._lock:
            rows = self._db.execute(
                "SELECT provenance FROM jobs WHERE done < total GROUP BY config_key ORDER BY MIN(created)"
            ).fetchall()
        return [Provenance.model_validate(json.loads(row[0])) for row in rows]

    def status(self, job_id: str) -> JobStatus | None:
        with self._lock:
            self._db.row_factory = sqlite3.Row
            try:
                row = self._db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
            finally:
                self._db.row_factory = None
        if row is None:
            return None
        done, total = int(row["done"]), int(row["total"])
        state = "done" if done >= total else ("running" if done else "queued")
        return JobStatus(
            id=job_id,
            status=state,
            total=total,
            done=done,
            results=done - int(row["errors"]),
            errors=int(row["errors"]),
            degraded=int(row["degraded"]),
            claims=int(row["claims"]),
            model_calls=int(row["model_calls"]),
            cache_hits=int(row["cache_hits"]),
            tokens=Tokens(prompt=int(row["prompt_tokens"]), completion=int(row["completion_tokens"])),
            created=_when(float(row["created"])) or dt.datetime.now(dt.UTC),
            finished=_when(row["finished"]),
            results_url=job_urls(job_id)[1],
        )

    def records(self, job_id: str, *, after: int = 0, limit: int = 500) -> list[tuple[int, str]]:
        """(item number, record JSON) of finished items after ``after``, in item order."""
        with self._lock:
            rows = self._db.execute(
                "SELECT seq, record FROM items WHERE job_id = ? AND seq > ? AND record IS NOT NULL "
                "ORDER BY seq LIMIT ?",
                (job_id, after, limit),
            ).fetchall()
        return [(int(seq), str(record)) for seq, record in rows]


def _counts(record: Record) -> dict[str, int]:
    if isinstance(record, ErrorRecord):
        zero = dict.fromkeys(("degraded", "claims", "model_calls", "cache_hits", "prompt_tokens", "completion_tokens"))
        return {"errors": 1, **{k: 0 for k in zero}}
    usage = record.usage
    return {
        "errors": 0,
        "degraded": int(record.degraded > 0),
        "claims": len(record.claims),
        "model_calls": usage.model_calls,
        "cache_hits": usage.cache_hits,
        "prompt_tokens": usage.prompt_tokens,
        "completion_tokens": usage.completion_tokens,
    }
