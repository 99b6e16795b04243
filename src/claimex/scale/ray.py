"""The extractor on a Ray cluster (``pip install 'claimex[ray]'``): Ray Data's actor pool does the work.

- :func:`extract_dataset` maps a ``ray.data.Dataset`` of articles (an ``article`` column of
  Article JSON) to one of records (a ``record`` column of record JSON) with
  ``map_batches`` over an actor pool: each actor builds one :class:`Extractor`, so the
  spaCy parser, a model client and the caches load once per actor, not per article. Use it
  directly on Parquet/JSONL in object storage (:func:`read_articles`) and write with
  ``Dataset.write_json``/``write_parquet``.
- :class:`RayRunner` is :class:`BatchRunner` with that engine in place of the thread pool:
  the same inputs as ``claimex extract``, the same output file, resume, one record per
  article (error records included), in input order. The driver reads the inputs and writes
  the output; Ray only extracts, in windows of ``window`` articles.
- A worker that dies is restarted and its batch retried by Ray; the driver writes each
  record as it arrives, once, so nothing is lost or written twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import ray
import ray.data

from claimex.core.articles import ArticleSource, article_from_record
from claimex.core.errors import ConfigError, InputError
from claimex.core.settings import Settings
from claimex.core.types import Article, ErrorRecord, ExtractionResult
from claimex.pipeline.batch import BatchRunner, Record, load_or_error
from claimex.pipeline.extractor import Extractor

log = logging.getLogger(__name__)


class _ExtractActor:
    """One per Ray worker: builds its extractor once and reuses it for every batch it gets.

    It runs ``settings.concurrency`` (``-j``) articles at a time, in order.
    """

    def __init__(self, settings: Settings) -> None:
        self.extractor = Extractor(settings)
        self.extractor.check_ready()

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        # -j articles in flight inside each actor: a model-backed strategy waits on the
        # endpoint, so one actor keeps several requests open (the rules path wants -j 1)
        errors = list(batch["error"]) if "error" in batch else [""] * len(batch["article"])
        articles = (
            Article.model_validate_json(raw) for raw, error in zip(batch["article"], errors, strict=True) if not error
        )
        extracted = (record.model_dump_json() for record in self.extractor.extract_many(articles))
        # a row that was no article (read_articles) keeps its error record, in its place
        return {"record": [error or next(extracted) for error in errors]}


def extract_dataset(
    dataset: ray.data.Dataset, settings: Settings, *, workers: int, batch_size: int = 8
) -> ray.data.Dataset:
    """Rows with an ``article`` column (Article JSON) -> rows with a ``record`` column (record JSON)."""
    return dataset.map_batches(
        _ExtractActor,
        fn_constructor_kwargs={"settings": settings},
        compute=ray.data.ActorPoolStrategy(size=workers),
        batch_size=batch_size,
        num_cpus=1,
        # a killed worker is restarted and its batch run again, however often it happens
        max_restarts=-1,
        max_task_retries=-1,
    )


def read_articles(uri: str | list[str], *, parquet: bool = False) -> ray.data.Dataset:
    """Article records (the fields ``claimex extract`` reads from JSONL) from files or object storage.

    A row that is no valid article becomes its error record (column ``error``), as in the CLI.
    """
    dataset = ray.data.read_parquet(uri) if parquet else ray.data.read_json(uri)
    return dataset.map(_to_article)


def _to_article(row: dict[str, Any]) -> dict[str, str]:
    # Arrow reads "2023-06-09" as a timestamp; the article loader wants the ISO date back
    record = {k: v.date().isoformat() if isinstance(v, dt.datetime) else v for k, v in row.items()}
    record = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in record.items()}
    where = f"row id={record.get('id', '?')}"
    try:
        return {"article": article_from_record(record, where=where).model_dump_json(), "error": ""}
    except InputError as exc:
        error = ErrorRecord(article_id=None, origin=where, error_type="InputError", message=str(exc))
        return {"article": "", "error": error.model_dump_json()}


def parse_record(raw: str) -> Record:
    """A record line back into its model (the exact object the extractor produced)."""
    if '"kind":"error"' in raw:
        return ErrorRecord.model_validate_json(raw)
    return ExtractionResult.model_validate_json(raw)


def connect(address: str, *, num_cpus: int | None = None, object_store_memory: int | None = None) -> None:
    """Join a cluster (``auto``, ``ray://host:port``) or start one in this process (``local``)."""
    if ray.is_initialized():
        return
    try:
        if address == "local":
            ray.init(
                num_cpus=num_cpus,
                object_store_memory=object_store_memory,
                include_dashboard=False,
                log_to_driver=False,
            )
        else:
            ray.init(address=address, log_to_driver=False)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise ConfigError(f"cannot start or reach Ray at {address!r}: {exc}") from None
    ray.data.DataContext.get_current().execution_options.preserve_order = True


class RayRunner(BatchRunner):
    """:class:`BatchRunner` whose articles are extracted by a Ray actor pool of ``workers`` actors."""

    def __init__(
        self,
        extractor: Extractor,
        output: Path | None,
        *,
        workers: int = 2,
        window: int = 10_000,
        batch_size: int = 8,
        **kwargs: Any,
    ) -> None:
        super().__init__(extractor, output, **kwargs)
        self.workers = workers
        self.window = window
        self.batch_size = batch_size
        self._pending = 0

    def _map(self, todo: Iterator[ArticleSource]) -> Iterator[Record]:
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True  # records in input order, as extract writes them
        while window := list(islice(todo, self.window)):
            loaded = [load_or_error(source) for source in window]
            rows = [{"article": a.model_dump_json()} for a in loaded if isinstance(a, Article)]
            self._pending = len(loaded)
            extracted: Iterator[dict[str, Any]] = iter(())
            if rows:
                dataset = ray.data.from_items(rows)
                records = extract_dataset(
                    dataset, self.extractor.settings, workers=self.workers, batch_size=self.batch_size
                )
                extracted = iter(records.iter_rows())
            for item in loaded:
                yield item if isinstance(item, ErrorRecord) else parse_record(next(extracted)["record"])
                self._pending -= 1

    def _in_flight(self) -> int:
        return self._pending

    def _stop(self, *, wait: bool) -> None:
        self._pending = 0
