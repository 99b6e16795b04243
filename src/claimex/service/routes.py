"""The endpoints. Each is thin: read the body, call the library (through the gate or the job
runner), answer the library's own record as the CLI writes it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from claimex.core.types import ErrorRecord, ExtractionResult
from claimex.core.version import __version__
from claimex.pipeline.extractor import Extractor
from claimex.service.bodies import article_from_body, split_batch
from claimex.service.errors import (
    ERROR_RESPONSES,
    EXTRACT_ERRORS,
    NOT_FOUND,
    UNAUTHORIZED,
    ApiError,
    ServiceError,
    error_for_record,
)
from claimex.service.gate import ExtractGate
from claimex.service.jobs import JobRunner
from claimex.service.metrics import CONTENT_TYPE, ServiceMetrics
from claimex.service.options import ServiceOptions
from claimex.service.readiness import Readiness
from claimex.service.schemas import ArticleIn, Health, JobAccepted, JobStatus, Ready
from claimex.service.store import JobStore

JSONL = "application/x-ndjson"


@dataclass
class ServiceState:
    """Everything one service process holds; ``app.state.claimex``."""

    extractor: Extractor
    options: ServiceOptions
    store: JobStore
    runner: JobRunner
    gate: ExtractGate
    metrics: ServiceMetrics
    readiness: Readiness


def _state(request: Request) -> ServiceState:
    state: ServiceState = request.app.state.claimex
    return state


_ARTICLE_SCHEMA = ArticleIn.model_json_schema()
_ARTICLE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "One article, as a .json file holds it. Fields other than these are kept as metadata.",
        "content": {"application/json": {"schema": _ARTICLE_SCHEMA}},
    }
}
_JOB_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": (
            "A JSON list of articles, or JSONL (one article object a line), as a .jsonl file holds them. "
            "Each article needs an id. A line or item that is not an article becomes that item's error record."
        ),
        "content": {
            "application/json": {"schema": {"type": "array", "minItems": 1, "items": _ARTICLE_SCHEMA}},
            JSONL: {"schema": {"type": "string", "description": "one JSON article object a line"}},
        },
    }
}
_RECORD_STREAM: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "One record a line (result or error, as claimex extract writes them), in item order; "
        "while the job runs, the records finished so far. X-Claimex-Job-Status says which.",
        "content": {JSONL: {"schema": {"type": "string"}}},
    }
}

router = APIRouter()


@router.post(
    "/v1/extract",
    summary="Extract the claims of one article",
    response_model=None,
    responses={200: {"model": ExtractionResult, "description": "The result record"}, **EXTRACT_ERRORS},
    openapi_extra=_ARTICLE_BODY,
)
async def extract(request: Request) -> Response:
    """The same ``ExtractionResult`` that ``claimex extract`` writes for the article, with provenance.

    When the article fails, the error body carries the CLI's error record for it.
    """
    state = _state(request)
    raw = await request.body()
    article = article_from_body(raw, max_chars=state.extractor.settings.max_article_chars)
    record = await state.gate.extract(article)
    if isinstance(record, ErrorRecord):
        raise error_for_record(record, state.options.retry_after)
    return Response(record.model_dump_json(), media_type="application/json")


@router.post(
    "/v1/jobs",
    summary="Queue a batch of articles",
    status_code=202,
    response_model=JobAccepted,
    responses=ERROR_RESPONSES,
    openapi_extra=_JOB_BODY,
)
async def create_job(request: Request, response: Response) -> JobAccepted:
    """Accept the articles (202) and extract them in the background; poll the status URL."""
    state = _state(request)
    raw = await request.body()
    items = await run_in_threadpool(split_batch, raw)
    accepted = await run_in_threadpool(state.runner.submit, items)
    response.headers["Location"] = accepted.status_url
    return accepted


def _job(state: ServiceState, job_id: str) -> JobStatus:
    status = state.store.status(job_id)
    if status is None:
        raise ServiceError(404, "job_not_found", f"no job {job_id!r}")
    return status


@router.get("/v1/jobs/{job_id}", summary="Progress of a job", response_model=JobStatus, responses=NOT_FOUND)
def job_status(job_id: str, request: Request) -> JobStatus:
    """done / total, results, errors, claims, model calls, cache hits and tokens so far."""
    return _job(_state(request), job_id)


@router.get(
    "/v1/jobs/{job_id}/results",
    summary="The records of a job, as JSONL",
    response_class=StreamingResponse,
    responses={**_RECORD_STREAM, **NOT_FOUND},
)
def job_results(job_id: str, request: Request) -> StreamingResponse:
    state = _state(request)
    status = _job(state, job_id)

    def lines() -> Iterator[bytes]:
        after = 0
        while True:
            page = state.store.records(job_id, after=after)
            if not page:
                return
            yield "".join(record + "\n" for _, record in page).encode("utf-8")
            after = page[-1][0]

    return StreamingResponse(lines(), media_type=JSONL, headers={"X-Claimex-Job-Status": status.status})


@router.get("/healthz", summary="The process is up", response_model=Health)
def healthz() -> Health:
    return Health(version=__version__)


@router.get(
    "/readyz",
    summary="An article can be extracted now",
    response_model=Ready,
    responses={503: {"model": ApiError, "description": "The model backend is not reachable (yet)"}},
)
def readyz(request: Request) -> Ready:
    state = _state(request)
    problem = state.readiness.check()
    if problem is not None:
        raise ServiceError(503, "not_ready", problem, headers={"Retry-After": str(state.options.retry_after)})
    return Ready(strategy=state.extractor.strategy.name, backend=state.readiness.backend)


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={
        200: {"description": "Prometheus text format", "content": {"text/plain": {"schema": {"type": "string"}}}},
        **UNAUTHORIZED,
    },
)
def metrics(request: Request) -> Response:
    return Response(_state(request).metrics.render(), media_type=CONTENT_TYPE)
