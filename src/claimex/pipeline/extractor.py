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
from types import TracebackType

from claimex.attribution import pipeline_info, use_pipeline
from claimex.clients.base import ModelClient
from claimex.clients.factory import build_client
from claimex.core.errors import ClaimexError, InputError
from claimex.core.settings import Settings
from claimex.core.types import Article, ErrorRecord, ExtractionResult, Provenance, Usage
from claimex.core.version import __version__, code_fingerprint
from claimex.pipeline.ordered import OrderedPool
from claimex.pipeline.postprocess import ground_and_merge
from claimex.pipeline.result_cache import ResultCache
from claimex.pipeline.routing import Route, announce, resolve_route
from claimex.pipeline.strategies import Strategy, StrategyContext, get_strategy
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
        self.route: Route = resolve_route(self.settings)
        if self.route.stance_debias is not None:  # auto follows the bias control calibration chose
            self.settings = self.settings.model_copy(update={"stance_debias": self.route.stance_debias})
        self.strategy: Strategy = get_strategy(self.route.strategy, self.route.model_fields)
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

    def check_ready(self) -> None:
        """Fail now, once, if the configured model cannot be used (no key, no model name, no file).

        The rules strategy needs no model, so nothing is built for it, unless a model was
        named and routing left it unused: a wrong key or name is still an error now, not
        at the first run that calibrates it.
        """
        if self.strategy.prompt_ref is not None or self.route.model_configured:
            self.client()
        announce(self.route)

    def _build_provenance(self) -> Provenance:
        s = self.settings
        params = {
            **s.generation_params(),
            "chunk_chars": s.chunk_chars,
            "fuzzy_threshold": s.fuzzy_threshold,
            "keep_ungrounded": s.keep_ungrounded,
            "spacy_pipeline": _spacy_pipeline(s.spacy_model),
        }
        if s.stance_debias != "none" and self.strategy.name == "hybrid":
            params["stance_debias"] = s.stance_debias  # only when set: keys of earlier results stay valid
        if s.llm_passes > 1 and self.strategy.name in ("llm", "union"):
            params["llm_passes"] = s.llm_passes
        if self.strategy.prompt_ref is None:
            return Provenance(
                claimex_version=__version__,
                code_sha256=code_fingerprint(),
                strategy=self.strategy.name,
                params=params,
                routing=self.route.provenance(),
            )
        prompt = self.registry.get(self.strategy.prompt_ref)
        schema = get_schema(prompt.response_schema)
        info = self.client().describe()  # the client says what it is: no branching on the backend here
        return Provenance(
            claimex_version=__version__,
            code_sha256=code_fingerprint(),
            strategy=self.strategy.name,
            prompt=prompt.ref,
            prompt_sha256=prompt.sha256,
            schema_version=prompt.response_schema,
            schema_sha256=schema_sha256(schema),
            backend=f"{info.backend}:{info.endpoint}" if info.endpoint else info.backend,
            model=info.model,
            params=params | info.params,
            routing=self.route.provenance(),
        )

    @property
    def provenance(self) -> Provenance:
        """Provenance every result of this extractor carries (``cache_hit`` set per result)."""
        return self._provenance

    def extract(self, article: Article) -> ExtractionResult:
        limit = self.settings.max_article_chars
        if len(article.text) > limit:
            raise InputError(
                f"{article.origin or article.id}: article of {len(article.text):,} characters exceeds "
                f"--max-article-chars {limit:,}"
            )
        started = time.perf_counter()
        config_key = self._provenance.config_key
        if self._results is not None:
            cached = self._results.get(article, config_key)
            if cached is not None:
                served = cached.usage.model_calls + cached.usage.cache_hits
                return cached.model_copy(
                    update={
                        "metadata": article.metadata,
                        "provenance": cached.provenance.model_copy(update={"cache_hit": True}),
                        "usage": Usage(cache_hits=served),
                        "timings": {"total_s": round(time.perf_counter() - started, 6), "cached_result": 1.0},
                    }
                )
        announce(self.route)  # once per process: library users who never call check_ready see it too
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
            metadata=article.metadata,
            warnings=(*output.warnings, *grounded.warnings),
            degraded=output.degraded,
            usage=output.usage,
            timings={
                "strategy_s": round(model_done - started, 6),
                "grounding_s": round(finished - model_done, 6),
                "total_s": round(finished - started, 6),
            },
        )
        if self._results is not None and not result.degraded:
            # a result where the model's answers were replaced by the rules' is never final:
            # a later run against a healthy endpoint must ask again
            self._results.set(article, config_key, result)
        return result

    def extract_or_error(self, article: Article) -> ExtractionResult | ErrorRecord:
        """Like :meth:`extract`, but any failure becomes an :class:`ErrorRecord`.

        A claimex error is expected (bad input, a provider that gave up); anything else is
        a bug, logged with its traceback at debug level, and still only this article's loss.
        """
        try:
            return self.extract(article)
        except ClaimexError as exc:
            log.debug("article %s failed: %s", article.id, exc)  # the error record carries it
            error_type, message, attempts = type(exc).__name__, str(exc), exc.attempts
        except Exception as exc:
            log.warning("article %s failed unexpectedly: %s: %s", article.id, type(exc).__name__, exc)  # a bug
            log.debug("traceback", exc_info=exc)
            error_type, message, attempts = type(exc).__name__, f"unexpected {type(exc).__name__}: {exc}"[:2000], 1
        return ErrorRecord(
            article_id=article.id,
            origin=article.origin,
            article_sha256=article.text_sha256,
            error_type=error_type,
            message=message,
            attempts=attempts,
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
        pool: OrderedPool[Article, ExtractionResult | ErrorRecord] = OrderedPool(workers)
        try:
            yield from pool.map(self.extract_or_error, articles)
        finally:
            pool.shutdown(wait=True)

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
