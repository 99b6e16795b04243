"""The library's front door: ``Extractor(settings).extract(article) -> ExtractionResult``.

Data flows one way: article → strategy (prompt render → cached, retried model call →
validated answer) → grounding and de-duplication → result with provenance.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType

from claimex.attribution import pipeline_info, use_pipeline
from claimex.clients.base import ModelClient
from claimex.clients.factory import build_client
from claimex.core.errors import ClaimexError
from claimex.core.settings import Settings
from claimex.core.types import Article, ErrorRecord, ExtractionResult, Provenance, Usage
from claimex.core.version import __version__, code_fingerprint
from claimex.pipeline.postprocess import ground_and_merge
from claimex.pipeline.result_cache import ResultCache
from claimex.pipeline.strategies import Strategy, StrategyContext, get_strategy, resolve_strategy_name
from claimex.prompting.registry import PromptRegistry
from claimex.prompting.response_schema import get_schema, schema_sha256

log = logging.getLogger(__name__)


class Extractor:
    """Extract grounded claims from articles. Thread-safe; reuse one for many articles."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        client: ModelClient | None = None,
        registry: PromptRegistry | None = None,
    ) -> None:
        self.settings = settings or Settings()
        self.strategy: Strategy = get_strategy(resolve_strategy_name(self.settings))
        self.registry = registry or PromptRegistry(self.settings.prompts_dir)
        self._client = client
        self._client_lock = threading.Lock()
        self._provenance = self._build_provenance()
        self._results = ResultCache(self.settings.cache_dir / "results") if self.settings.use_cache else None

    # -- model client, built on first use so the rules strategy never starts a model
    def client(self) -> ModelClient:
        with self._client_lock:
            if self._client is None:
                self._client = build_client(self.settings)
            return self._client

    def _build_provenance(self) -> Provenance:
        s = self.settings
        params = {
            **s.generation_params(),
            "chunk_chars": s.chunk_chars,
            "fuzzy_threshold": s.fuzzy_threshold,
            "keep_ungrounded": s.keep_ungrounded,
            "spacy_pipeline": _spacy_pipeline(s.spacy_model),
        }
        if self.strategy.prompt_ref is None:
            return Provenance(
                claimex_version=__version__, code_sha256=code_fingerprint(), strategy=self.strategy.name, params=params
            )
        prompt = self.registry.get(self.strategy.prompt_ref)
        schema = get_schema(prompt.response_schema)
        if s.backend == "local":
            from claimex.clients.embedded import default_model_path

            model = (s.model_path or default_model_path()).name
            params |= {"n_ctx": s.n_ctx, "instructor_mode": s.instructor_mode, "max_reasks": s.max_reasks}
        else:
            model = s.model or "?"
            params |= {"instructor_mode": s.instructor_mode, "max_reasks": s.max_reasks}
        return Provenance(
            claimex_version=__version__,
            code_sha256=code_fingerprint(),
            strategy=self.strategy.name,
            prompt=prompt.ref,
            prompt_sha256=prompt.sha256,
            schema_version=prompt.response_schema,
            schema_sha256=schema_sha256(schema),
            backend=s.backend if s.backend == "local" else f"openai:{s.base_url or 'api.openai.com'}",
            model=model,
            params=params,
        )

    @property
    def provenance(self) -> Provenance:
        """Provenance every result of this extractor carries (``cache_hit`` set per result)."""
        return self._provenance

    def extract(self, article: Article) -> ExtractionResult:
        started = time.perf_counter()
        config_key = self._provenance.config_key
        if self._results is not None:
            cached = self._results.get(article, config_key)
            if cached is not None:
                served = cached.usage.model_calls + cached.usage.cache_hits
                return cached.model_copy(
                    update={
                        "provenance": cached.provenance.model_copy(update={"cache_hit": True}),
                        "usage": Usage(cache_hits=served),
                        "timings": {"total_s": round(time.perf_counter() - started, 6), "cached_result": 1.0},
                    }
                )
        ctx = StrategyContext(settings=self.settings, registry=self.registry, client=self.client)
        output = self.strategy.run(article, ctx)
        model_done = time.perf_counter()
        grounded = ground_and_merge(
            output.claims,
            article.text,
            fuzzy_threshold=self.settings.fuzzy_threshold,
            keep_ungrounded=self.settings.keep_ungrounded,
            index=output.index,
        )
        finished = time.perf_counter()
        cache_hit = output.usage.model_calls == 0 and output.usage.cache_hits > 0
        result = ExtractionResult(
            article_id=article.id,
            article_sha256=article.text_sha256,
            published=article.published,
            claims=grounded.claims,
            dropped_ungrounded=grounded.dropped_ungrounded,
            provenance=self._provenance.model_copy(update={"cache_hit": cache_hit}),
            warnings=(*output.warnings, *grounded.warnings),
            usage=output.usage,
            timings={
                "strategy_s": round(model_done - started, 6),
                "grounding_s": round(finished - model_done, 6),
                "total_s": round(finished - started, 6),
            },
        )
        if self._results is not None:
            self._results.set(article, config_key, result)
        return result

    def extract_or_error(self, article: Article) -> ExtractionResult | ErrorRecord:
        """Like :meth:`extract`, but a claimex failure becomes an :class:`ErrorRecord`."""
        try:
            return self.extract(article)
        except ClaimexError as exc:
            log.warning("article %s failed: %s", article.id, exc)
            return ErrorRecord(
                article_id=article.id,
                origin=article.origin,
                article_sha256=article.text_sha256,
                error_type=type(exc).__name__,
                message=str(exc),
                attempts=exc.attempts,
                config_key=self._provenance.config_key,
            )

    def extract_many(
        self, articles: Iterable[Article], *, concurrency: int | None = None
    ) -> Iterator[ExtractionResult | ErrorRecord]:
        """Results in input order, ``concurrency`` articles in flight; failures become records."""
        workers = concurrency or self.settings.concurrency
        if workers <= 1:
            for article in articles:
                yield self.extract_or_error(article)
            return
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="claimex") as pool:
            window: list[Future[ExtractionResult | ErrorRecord]] = []
            for article in articles:
                window.append(pool.submit(self.extract_or_error, article))
                if len(window) >= workers * 2:
                    yield window.pop(0).result()
            for future in window:
                yield future.result()

    async def aextract(self, article: Article) -> ExtractionResult:
        """Async variant: runs the blocking call in a worker thread."""
        return await asyncio.to_thread(self.extract, article)

    def close(self) -> None:
        if self._results is not None:
            self._results.close()
            self._results = None
        with self._client_lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    def __enter__(self) -> Extractor:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _spacy_pipeline(name: str) -> str:
    """Make ``name`` the rules' parser and return its ``lang_name@version`` for provenance."""
    use_pipeline(name)
    return pipeline_info(name)
