"""Sort backend failures into retryable and final, in one place.

instructor wraps whatever the OpenAI SDK raised; the cause chain is walked so a 429
under an ``InstructorRetryException`` is still seen as a 429.
"""

from __future__ import annotations

import json

import httpx
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException, ResponseParsingError
from pydantic import ValidationError

from claimex.core.errors import (
    ClaimexError,
    OutputValidationError,
    ProviderError,
    TransientProviderError,
)

RETRYABLE_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})


def _retry_after(exc: openai.APIStatusError) -> float | None:
    value = exc.response.headers.get("retry-after") if exc.response is not None else None
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        chain.append(current)
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return chain


def classify(exc: BaseException, *, where: str) -> ClaimexError:
    """Map an exception from a model call to claimex's tree (transient vs final)."""
    for cause in _causes(exc):
        if isinstance(cause, ClaimexError):
            return cause
        if isinstance(cause, openai.APIStatusError):
            status = cause.status_code
            if status in RETRYABLE_STATUS:
                return TransientProviderError(
                    f"{where}: HTTP {status} from the model endpoint", retry_after=_retry_after(cause)
                )
            if status in (401, 403):
                return ProviderError(f"{where}: HTTP {status}: the endpoint refused the API key")
            return ProviderError(f"{where}: HTTP {status}: {cause.message}")
        if isinstance(cause, openai.APITimeoutError | httpx.TimeoutException):
            return TransientProviderError(f"{where}: the model endpoint timed out")
        if isinstance(cause, openai.APIConnectionError | httpx.TransportError):
            return TransientProviderError(f"{where}: cannot reach the model endpoint ({cause})")
        # The HTTP body itself was not JSON (a proxy or server glitch): the model's own
        # output that fails to parse surfaces as a pydantic ValidationError instead.
        if isinstance(cause, UnicodeDecodeError | json.JSONDecodeError | openai.APIResponseValidationError):
            return TransientProviderError(f"{where}: garbled response body ({type(cause).__name__})")
    causes = _causes(exc)
    if any(isinstance(c, IncompleteOutputException) for c in causes):
        return OutputValidationError(f"{where}: the model's answer was cut off at max_tokens")
    for cause in causes:
        if isinstance(cause, ValidationError):
            return OutputValidationError(f"{where}: the model's answer did not fit the schema: {cause}")
    if any(isinstance(c, InstructorRetryException | ResponseParsingError) for c in causes):
        # instructor gave up re-asking; the body was not valid for the schema
        return OutputValidationError(f"{where}: the model's answer did not fit the schema: {exc}")
    return ProviderError(f"{where}: {type(exc).__name__}: {exc}")
