"""The one retry policy for transient faults: exponential back-off with jitter, capped.

Honours ``Retry-After`` when the server gives one; stops after ``max_attempts`` or
when the total wait would pass ``max_wait`` seconds. Invalid output is not retried
here (instructor re-asks for that), so the two kinds never multiply.
"""

from __future__ import annotations

import logging

from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential_jitter,
)

from claimex.clients.base import BackendInfo, ModelClient, ModelRequest, ModelResponse
from claimex.core.errors import TransientProviderError

log = logging.getLogger(__name__)


class _WaitHonouringRetryAfter:
    def __init__(self, cap: float) -> None:
        self._backoff = wait_exponential_jitter(multiplier=0.5, max=min(cap, 20.0), jitter=0.5)
        self._cap = cap

    def __call__(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome is not None else None
        if isinstance(exc, TransientProviderError) and exc.retry_after is not None:
            return min(exc.retry_after, self._cap)
        return float(self._backoff(state))


class RetryingClient:
    def __init__(self, inner: ModelClient, *, max_attempts: int = 5, max_wait: float = 60.0) -> None:
        self._inner = inner
        self.max_attempts = max_attempts
        self.max_wait = max_wait

    def describe(self) -> BackendInfo:
        return self._inner.describe()

    def _log_retry(self, state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome is not None else None
        log.info("transient fault (attempt %d/%d): %s", state.attempt_number, self.max_attempts, exc)

    def complete(self, request: ModelRequest) -> ModelResponse:
        retrying = Retrying(
            retry=retry_if_exception_type(TransientProviderError),
            stop=stop_after_attempt(self.max_attempts) | stop_after_delay(self.max_wait),
            wait=_WaitHonouringRetryAfter(self.max_wait),
            before_sleep=self._log_retry,
            reraise=True,
        )
        try:
            response: ModelResponse = retrying(self._inner.complete, request)
        except TransientProviderError as exc:
            attempts = retrying.statistics.get("attempt_number", self.max_attempts)
            raise TransientProviderError(
                f"{exc.message} (gave up after {attempts} attempts)", retry_after=exc.retry_after
            ).with_attempts(attempts) from exc
        return response

    def close(self) -> None:
        self._inner.close()
