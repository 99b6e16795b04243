"""Prometheus metrics of one service process, in a registry of its own (no global state).

Labels are bounded: routes are templates (``/v1/jobs/{job_id}``, never an id), error
types are claimex's exception class names, and everything else is a small fixed set.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from claimex.core.types import ErrorRecord, ExtractionResult

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0)


class ServiceMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(
            "claimex_http_requests", "HTTP requests answered", ["method", "route", "status"], registry=r
        )
        self.latency = Histogram(
            "claimex_http_request_duration_seconds",
            "Time from request to the end of the response",
            ["method", "route"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.articles = Counter(
            "claimex_articles",
            "Articles processed, by path (extract, job) and record kind",
            ["path", "kind"],
            registry=r,
        )
        self.claims = Counter("claimex_claims", "Claims extracted", registry=r)
        self.errors = Counter(
            "claimex_article_errors", "Articles that became error records, by class", ["error_type"], registry=r
        )
        self.degraded = Counter(
            "claimex_degraded_results", "Results where invalid model answers were replaced by the rules'", registry=r
        )
        self.model_calls = Counter("claimex_model_calls", "Calls made to the model backend", registry=r)
        self.cache_hits = Counter("claimex_cache_hits", "Model answers served from the answer cache", registry=r)
        self.cached_results = Counter(
            "claimex_cached_results", "Whole results served from the results cache", registry=r
        )
        self.tokens = Counter(
            "claimex_tokens", "Model tokens, by kind (prompt, completion, cached_prompt)", ["kind"], registry=r
        )
        self.queued = Gauge("claimex_job_articles_waiting", "Job articles waiting for a worker", registry=r)
        self.in_flight = Gauge(
            "claimex_extract_requests_pending", "Single-article requests running or waiting", registry=r
        )
        self.jobs = Counter("claimex_jobs_created", "Jobs accepted", registry=r)
        self.rejected = Counter("claimex_rejected", "Requests refused because a queue was full", ["path"], registry=r)

    def observe(self, record: ExtractionResult | ErrorRecord, path: str) -> None:
        """Count one article's record (from a single request or a job)."""
        if isinstance(record, ErrorRecord):
            self.articles.labels(path=path, kind="error").inc()
            self.errors.labels(error_type=record.error_type).inc()
            return
        self.articles.labels(path=path, kind="result").inc()
        self.claims.inc(len(record.claims))
        self.degraded.inc(int(record.degraded > 0))
        usage = record.usage
        self.model_calls.inc(usage.model_calls)
        self.cache_hits.inc(usage.cache_hits)
        self.cached_results.inc(int(record.provenance.cache_hit))
        self.tokens.labels(kind="prompt").inc(usage.prompt_tokens)
        self.tokens.labels(kind="completion").inc(usage.completion_tokens)
        self.tokens.labels(kind="cached_prompt").inc(usage.cached_prompt_tokens)

    def render(self) -> bytes:
        return generate_latest(self.registry)
