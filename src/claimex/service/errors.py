"""Every error the service answers is one JSON body with a stable ``type`` and a message.

    type                    status  when
    invalid_encoding        400     the body is not UTF-8 text (binary, NUL bytes, bad bytes)
    invalid_json            400     the body is not well-formed JSON
    unauthorized            401     CLAIMEX_SERVICE_TOKEN is set and the bearer token is missing or wrong
    not_found               404     no such route
    job_not_found           404     no job with that id
    method_not_allowed      405     the route exists, the method does not
    body_too_large          413     the body is over --max-body-mb
    article_too_long        413     the article's text is over --max-article-chars
    job_too_large           413     a job with more articles than the whole queue holds
    invalid_article         422     JSON, but not an article (no text, empty text, wrong field types, ...)
    empty_batch             422     a job with no article in it
    invalid_request         422     a path or query parameter of the wrong form
    queue_full              429     too much work waiting; Retry-After says when to try again
    internal_error          500     a bug: the message names the class, never a traceback
    model_output_invalid    502     the model answered outside the schema, even after re-asks
    provider_error          502     the model backend failed in a way retrying will not fix
    provider_unavailable    503     the model backend is unreachable or overloaded; Retry-After
    not_ready               503     /readyz: the model backend is not reachable (yet)
    timeout                 504     the article took longer than --request-timeout

When an article itself failed, ``record`` holds the same error record ``claimex extract``
would have written for it.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from claimex.core import errors as core_errors
from claimex.core.types import ErrorRecord


class ApiError(BaseModel):
    """The body of every 4xx and 5xx answer."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: str = Field(description="stable machine-readable error kind, e.g. invalid_article")
    message: str = Field(description="what went wrong, naming the field or limit at fault")
    record: ErrorRecord | None = Field(
        default=None, description="for an article that failed: the error record the CLI writes"
    )


class ServiceError(Exception):
    """Raised inside the service; answered as an :class:`ApiError` with ``status``."""

    def __init__(
        self,
        status: int,
        type_: str,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        record: ErrorRecord | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.type = type_
        self.message = message
        self.headers = headers or {}
        self.record = record

    def body(self) -> dict[str, Any]:
        return ApiError(type=self.type, message=self.message, record=self.record).model_dump(mode="json")


# The claimex exception tree, most specific first: an error record's class picks its answer.
_BY_CLASS: tuple[tuple[type[core_errors.ClaimexError], int, str], ...] = (
    (core_errors.TransientProviderError, 503, "provider_unavailable"),
    (core_errors.OutputValidationError, 502, "model_output_invalid"),
    (core_errors.ProviderError, 502, "provider_error"),
    (core_errors.InputError, 422, "invalid_article"),
)


def error_for_record(record: ErrorRecord, retry_after: int) -> ServiceError:
    """The answer for an article that became an error record, chosen by its exception class."""
    found = getattr(core_errors, record.error_type, None)
    status, type_ = 500, "internal_error"
    if isinstance(found, type) and issubclass(found, core_errors.ClaimexError):
        status, type_ = next(((s, t) for cls, s, t in _BY_CLASS if issubclass(found, cls)), (status, type_))
    headers = {"Retry-After": str(retry_after)} if status == 503 else None
    message = record.message if status != 500 else f"{record.error_type} while extracting; see the record"
    return ServiceError(status, type_, message, headers=headers, record=record)


# What the OpenAPI document promises for each status, so a client (and schemathesis) can rely on it.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ApiError, "description": description}
    for status, description in (
        (400, "Not UTF-8 text or not well-formed JSON"),
        (401, "Missing or wrong bearer token (when the service has one)"),
        (413, "Body, article or job over its limit"),
        (422, "Well-formed, but not what this endpoint takes"),
        (429, "Queue full; retry after the Retry-After seconds"),
        (500, "Internal error"),
    )
}
EXTRACT_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERROR_RESPONSES,
    502: {"model": ApiError, "description": "The model backend failed or answered outside the schema"},
    503: {"model": ApiError, "description": "The model backend is unreachable; retry after Retry-After"},
    504: {"model": ApiError, "description": "The article took longer than --request-timeout"},
}
UNAUTHORIZED: dict[int | str, dict[str, Any]] = {401: ERROR_RESPONSES[401]}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    **UNAUTHORIZED,
    404: {"model": ApiError, "description": "No job with that id"},
    422: {"model": ApiError, "description": "A path parameter of the wrong form"},  # not FastAPI's own shape
}
