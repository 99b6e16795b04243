"""``create_app(settings, state_dir)``: the FastAPI application over one shared ``Extractor``.

The service is a thin layer over the library: the same ``Settings``, ``Extractor``,
caches and prompts as ``claimex extract``, and the same records. It adds the HTTP
edge (limits, auth, errors as JSON), a job queue persisted in SQLite, and metrics.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from claimex.core.errors import ConfigError
from claimex.core.settings import Settings
from claimex.core.version import __version__
from claimex.pipeline.extractor import Extractor
from claimex.service.errors import ServiceError
from claimex.service.gate import ExtractGate
from claimex.service.jobs import JobRunner
from claimex.service.metrics import ServiceMetrics
from claimex.service.middleware import BearerAuth, BodyLimit, RequestMetrics, SecurityHeaders
from claimex.service.options import ServiceOptions
from claimex.service.readiness import Readiness
from claimex.service.routes import ServiceState, router
from claimex.service.store import JobStore

log = logging.getLogger(__name__)

_HTTP_TYPES = {404: "not_found", 405: "method_not_allowed", 413: "body_too_large"}


def check_configuration(store: JobStore, extractor: Extractor) -> None:
    """Unfinished jobs are finished with the configuration they were started with, never a mix."""
    mine = extractor.provenance
    for theirs in store.unfinished_provenance():
        if theirs.config_key != mine.config_key:
            differences = "; ".join(theirs.differences(mine)) or "code version"
            raise ConfigError(
                f"{store.path} holds unfinished jobs made with another configuration ({differences}); "
                "restart with that configuration to finish them, or use another --state-dir"
            )


def _install_error_handlers(app: FastAPI) -> None:
    async def service_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ServiceError)
        return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        type_ = _HTTP_TYPES.get(exc.status_code, f"http_{exc.status_code}")
        body = ServiceError(exc.status_code, type_, str(exc.detail)).body()
        return JSONResponse(body, status_code=exc.status_code, headers=dict(exc.headers or {}))

    async def validation_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err.get('loc', ()))}: {err.get('msg', 'invalid')}" for err in exc.errors()
        )
        return JSONResponse(ServiceError(422, "invalid_request", problems).body(), status_code=422)

    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path, exc_info=exc)
        body = ServiceError(500, "internal_error", f"unexpected {type(exc).__name__}; see the server log").body()
        return JSONResponse(body, status_code=500)

    app.add_exception_handler(ServiceError, service_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, internal_error)


def create_app(
    settings: Settings,
    state_dir: Path,
    options: ServiceOptions | None = None,
    *,
    extractor: Extractor | None = None,
) -> FastAPI:
    """The service for ``settings``, keeping its jobs under ``state_dir``.

    Raises :class:`ConfigError` when the model cannot be used or ``state_dir`` holds
    unfinished jobs of another configuration: both are found before anything listens.
    """
    options = options or ServiceOptions()
    owned = extractor is None  # an extractor handed in is the caller's to close
    extractor = extractor or Extractor(settings)
    extractor.check_ready()
    store = JobStore(state_dir)
    try:
        check_configuration(store, extractor)
    except ConfigError:
        store.close()
        if owned:
            extractor.close()
        raise
    metrics = ServiceMetrics()
    workers = options.job_workers or settings.concurrency
    state = ServiceState(
        extractor=extractor,
        options=options,
        store=store,
        runner=JobRunner(
            extractor,
            store,
            metrics,
            workers=workers,
            queue_size=options.queue_size,
            retry_after=options.retry_after,
        ),
        gate=ExtractGate(
            extractor,
            metrics,
            workers=settings.concurrency,
            max_pending=options.max_pending,
            timeout=options.request_timeout,
            retry_after=options.retry_after,
        ),
        metrics=metrics,
        readiness=Readiness(extractor),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state.runner.start()
        state.readiness.start()
        try:
            yield
        finally:
            state.gate.close()
            await run_in_threadpool(state.runner.stop)
            state.store.close()
            if owned:
                extractor.close()

    app = FastAPI(
        title="claimex",
        version=__version__,
        summary="Grounded who-said-what-about-whom claims from news articles, over HTTP.",
        docs_url=None,  # the interactive pages load scripts from a CDN; the service needs no network
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.claimex = state
    app.include_router(router)
    _install_error_handlers(app)
    # add_middleware puts each one outside the ones before it: the body limit is innermost
    app.add_middleware(BodyLimit, limit=options.max_body_bytes)
    if options.token is not None:
        app.add_middleware(BearerAuth, token=options.token.get_secret_value())
    if options.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(options.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestMetrics, metrics=metrics)
    return app
