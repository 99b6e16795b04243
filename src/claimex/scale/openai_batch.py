"""Bulk runs through OpenAI's Batch API: submit now, collect tomorrow, same records.

- ``submit`` asks each article's strategy for the requests it would make (the same
  builders the online path uses), drops the ones the answer cache already holds, writes
  them as batch input files (at most 50,000 requests and 200 MB each, OpenAI's limits), uploads
  them and creates the batches. What it did goes into a small JSON state file.
- ``refresh`` polls the batches and updates the state file.
- ``collect`` downloads the output and error files (once: they are kept beside the state
  file), then runs the ordinary :class:`BatchRunner` with a client that answers from
  them. The records are those the online path writes for the same answers; a request
  the batch failed gives its article an error record, and ``submit`` run again sends
  only what is still unanswered (a follow-up batch). Collecting twice resumes like any
  ``claimex extract`` rerun: nothing is written twice.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from claimex.clients.base import BackendInfo, ModelClient
from claimex.clients.cache import CachedClient
from claimex.clients.factory import build_backend, endpoint_key
from claimex.clients.openai_batch import (
    FINAL_STATUSES,
    BatchAnswers,
    BatchApi,
    BatchOutcome,
    parse_result_line,
    request_line,
)
from claimex.core.articles import ArticleSource, count_articles, iter_sources
from claimex.core.errors import ClaimexError, ConfigError, InputError, NotReadyError
from claimex.core.paths import plan_inputs
from claimex.core.settings import Settings
from claimex.pipeline.batch import BatchRunner, BatchStats, Record, check_output
from claimex.pipeline.extractor import Extractor
from claimex.pipeline.strategies import StrategyContext

log = logging.getLogger(__name__)

STATE_VERSION = 1
MAX_REQUESTS_PER_BATCH = 50_000
MAX_BYTES_PER_FILE = 190 * 2**20  # OpenAI accepts input files up to 200 MB; a margin for their counting


class BatchPart(BaseModel):
    """One OpenAI batch of a submission (a submission over 50,000 requests has several)."""

    batch_id: str
    input_file_id: str
    request_file: str
    requests: int
    status: str = "validating"
    output_file_id: str | None = None
    error_file_id: str | None = None
    completed: int = 0
    failed: int = 0


class BatchState(BaseModel):
    """What ``submit`` did, so ``status`` and ``collect`` can run in another process or on another day.

    ``options`` are the settings the command line gave (never a key: keys come from the
    environment each time); ``config_key`` pins the configuration the answers belong to.
    """

    version: int = STATE_VERSION
    created: str
    paths: list[str]
    output: str
    options: dict[str, Any]
    config_key: str
    articles: int = 0
    requests: int = 0
    cached: int = 0
    parts: list[BatchPart] = []
    collections: int = 0

    @property
    def finished(self) -> bool:
        return all(part.status in FINAL_STATUSES for part in self.parts)

    def save(self, path: Path) -> None:
        partial = path.with_name(path.name + ".part")
        partial.write_text(self.model_dump_json(indent=2) + "\n", encoding="utf-8")
        partial.replace(path)

    @classmethod
    def load(cls, path: Path) -> BatchState:
        try:
            return cls.model_validate_json(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: no batch state file (run `claimex batch submit` first)") from None
        except (ValidationError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not a claimex batch state file: {exc}") from None


def files_dir(state_path: Path) -> Path:
    """Where the request files and downloaded results of a submission live."""
    return state_path.with_name(state_path.name + ".d")


def backend_info(settings: Settings) -> BackendInfo:
    """What the online client would say it is (records and cache keys must match the online path's)."""
    if settings.backend != "openai":
        raise ConfigError("the Batch API is OpenAI's: use --backend openai (and --model, --base-url as for extract)")
    backend = build_backend(settings)
    try:
        return backend.describe()
    finally:
        backend.close()


def open_api(settings: Settings) -> BatchApi:
    return BatchApi(base_url=settings.base_url, api_key=endpoint_key(settings), timeout=settings.timeout)


def _extractor(settings: Settings, answers: dict[str, BatchOutcome]) -> tuple[Extractor, CachedClient | None]:
    """An extractor whose model answers come from the cache, then from ``answers``; never the endpoint."""
    if settings.llm_passes > 1 or settings.stance_debias != "none":
        raise ConfigError(
            "--llm-passes above 1 and --stance-debias ask follow-up questions that depend on earlier answers, "
            "which a batch cannot carry: use `claimex extract` for those, or drop the option"
        )
    client: ModelClient = BatchAnswers(backend_info(settings), answers)
    cached = CachedClient(client, settings.cache_dir) if settings.use_cache else None
    extractor = Extractor(settings, client=cached or client)
    if extractor.strategy.prompt_ref is None:
        extractor.close()
        raise ConfigError("the rules strategy asks no model, so there is nothing to batch: use `claimex extract`")
    return extractor, cached


def _pending_lines(
    extractor: Extractor, cached: CachedClient | None, sources: Iterator[ArticleSource], counts: dict[str, int]
) -> Iterator[dict[str, Any]]:
    """Batch lines for every request not already answered in the cache, each question once."""
    info = extractor.client().describe()
    settings = extractor.settings
    ctx = StrategyContext(settings=settings, registry=extractor.registry, client=extractor.client)
    seen: set[str] = set()
    for source in sources:
        try:
            article = source.load()
        except (InputError, OSError):
            continue  # collect gives it its error record, like extract does
        counts["articles"] += 1
        for request in extractor.strategy.plan(article, ctx):
            if cached is not None and cached.lookup(request) is not None:
                counts["cached"] += 1
                continue
            line = request_line(request, model=info.model, mode=settings.instructor_mode, info=info)
            if line["custom_id"] not in seen:
                seen.add(line["custom_id"])
                yield line


def submit(
    settings: Settings,
    paths: list[str],
    output: Path,
    state_path: Path,
    *,
    options: dict[str, Any],
    max_requests: int = MAX_REQUESTS_PER_BATCH,
) -> BatchState:
    """Send every unanswered request of ``paths`` as one or more batches; write and return the state."""
    if state_path.exists():
        previous = BatchState.load(state_path)
        if previous.parts and not previous.collections:
            raise ConfigError(f"{state_path}: a submitted batch has not been collected yet; collect it first")
    plan = plan_inputs(paths)
    if plan.unmatched:
        raise InputError("; ".join(plan.unmatched))
    check_output(plan, output)
    extractor, cached = _extractor(settings, {})
    state = BatchState(
        created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        paths=paths,
        output=str(output),
        options=options,
        config_key=extractor.provenance.config_key,
    )
    directory = files_dir(state_path)
    directory.mkdir(parents=True, exist_ok=True)
    counts = {"articles": 0, "cached": 0}
    api = open_api(settings)
    try:
        lines = _pending_lines(extractor, cached, iter_sources(plan, max_chars=settings.max_article_chars), counts)
        for number, chunk in enumerate(_chunks(lines, max_requests)):
            request_file = directory / f"requests-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}-{number}.jsonl"
            request_file.write_text("".join(chunk), encoding="utf-8")
            file_id = api.upload(request_file)
            batch = api.create(file_id, {"claimex_config": state.config_key[:64], "part": str(number)})
            state.parts.append(
                BatchPart(batch_id=batch.id, input_file_id=file_id, request_file=request_file.name, requests=len(chunk))
            )
            state.requests += len(chunk)
            state.save(state_path)  # a crash after this leaves a state that names every batch created
    finally:
        api.close()
        extractor.close()
    state.articles, state.cached = counts["articles"], counts["cached"]
    state.save(state_path)
    return state


def _chunks(lines: Iterator[dict[str, Any]], size: int, max_bytes: int = MAX_BYTES_PER_FILE) -> Iterator[list[str]]:
    """Serialised lines in files of at most ``size`` requests and ``max_bytes`` bytes (OpenAI's limits)."""
    chunk: list[str] = []
    used = 0
    for line in lines:
        text = json.dumps(line, ensure_ascii=False) + "\n"
        length = len(text.encode("utf-8"))
        if chunk and (len(chunk) >= size or used + length > max_bytes):
            yield chunk
            chunk, used = [], 0
        chunk.append(text)
        used += length
    if chunk:
        yield chunk


def refresh(state: BatchState, state_path: Path, api: BatchApi) -> BatchState:
    """Poll every unfinished batch and save what they say."""
    for part in state.parts:
        if part.status in FINAL_STATUSES and part.output_file_id is not None:
            continue
        info = api.retrieve(part.batch_id)
        part.status, part.completed, part.failed = info.status, info.completed, info.failed
        part.output_file_id, part.error_file_id = info.output_file_id, info.error_file_id
    state.save(state_path)
    return state


@dataclass
class Collected:
    """A collection: the runner's stats and what the batch itself reported."""

    stats: BatchStats
    failed_requests: int
    unanswered_requests: int


def _answers(state: BatchState, state_path: Path, api: BatchApi) -> dict[str, BatchOutcome]:
    answers: dict[str, BatchOutcome] = {}
    directory = files_dir(state_path)
    for part in state.parts:
        for file_id, kind in ((part.output_file_id, "output"), (part.error_file_id, "errors")):
            if not file_id:
                continue
            local = directory / f"{part.batch_id}.{kind}.jsonl"
            if not local.exists():
                api.download(file_id, local)
            with local.open(encoding="utf-8") as handle:
                for lineno, raw in enumerate(handle, start=1):
                    if raw.strip():
                        custom_id, outcome = parse_result_line(raw, where=f"{local}:{lineno}")
                        answers[custom_id] = outcome
    return answers


def _sent_ids(state: BatchState, state_path: Path) -> set[str]:
    sent: set[str] = set()
    for part in state.parts:
        with (files_dir(state_path) / part.request_file).open(encoding="utf-8") as handle:
            sent.update(json.loads(raw)["custom_id"] for raw in handle if raw.strip())
    return sent


def collect(
    settings: Settings,
    state_path: Path,
    *,
    on_record: Callable[[Record, BatchStats], None] | None = None,
) -> Collected:
    """Write the records of a finished submission to its output (resuming, like ``extract``)."""
    state = BatchState.load(state_path)
    api = open_api(settings)
    try:
        refresh(state, state_path, api)
        waiting = [part for part in state.parts if part.status not in FINAL_STATUSES]
        if waiting:
            done = sum(part.completed + part.failed for part in state.parts)
            raise NotReadyError(
                f"{len(waiting)} of {len(state.parts)} batch(es) not finished ({waiting[0].batch_id} is "
                f"{waiting[0].status}; {done} of {state.requests} requests done); collect again later"
            )
        answers = _answers(state, state_path, api)
    finally:
        api.close()
    extractor, _ = _extractor(settings, answers)
    if extractor.provenance.config_key != state.config_key:
        extractor.close()
        raise ConfigError(f"{state_path}: the configuration changed since submit; collect with the same settings")
    plan = plan_inputs(state.paths)
    try:
        runner = BatchRunner(extractor, Path(state.output), on_record=on_record)
        stats = runner.run(iter_sources(plan, max_chars=settings.max_article_chars), total=count_articles(plan))
    except ClaimexError:
        extractor.close()
        raise
    extractor.close()
    state.collections += 1
    state.save(state_path)
    failed = sum(1 for outcome in answers.values() if outcome.content is None)
    return Collected(
        stats=stats, failed_requests=failed, unanswered_requests=len(_sent_ids(state, state_path) - answers.keys())
    )
