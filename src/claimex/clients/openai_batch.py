"""OpenAI's Batch API: the wire format of one request line and one result line, the
Files and Batches calls, and a client that answers from a finished batch.

The request line carries exactly the body the online client sends (instructor builds
the ``response_format`` from the same response model), so an answer from a batch is
the answer the endpoint would have given online. The ``custom_id`` is the request's
cache key: stable across runs, the same for the same question, and what
:class:`BatchAnswers` looks answers up by.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import openai
from instructor import Mode
from instructor.processing.response import handle_response_model
from openai.types.chat import ChatCompletion
from pydantic import ValidationError

from claimex.clients.base import BackendInfo, ModelRequest, ModelResponse
from claimex.clients.cache import cache_key
from claimex.clients.errors import classify
from claimex.clients.openai_compatible import INSTRUCTOR_MODES, usage_from_completion
from claimex.core.errors import OutputValidationError, ProviderError
from claimex.core.redact import redact_url, scrub, url_secrets
from claimex.core.types import Usage

log = logging.getLogger(__name__)

ENDPOINT: Final = "/v1/chat/completions"
# Statuses after which a batch changes no more (https://platform.openai.com/docs/guides/batch).
FINAL_STATUSES = frozenset({"completed", "failed", "expired", "cancelled"})


def request_line(request: ModelRequest, *, model: str, mode: str, info: BackendInfo) -> dict[str, Any]:
    """One line of a batch input file: the chat-completion body the online client would send."""
    _, body = handle_response_model(
        request.response_model,
        mode=INSTRUCTOR_MODES.get(mode, Mode.JSON_SCHEMA),
        messages=[dict(m) for m in request.messages],
        model=model,
        **request.params,
    )
    return {"custom_id": cache_key(request, info), "method": "POST", "url": ENDPOINT, "body": body}


@dataclass(frozen=True)
class BatchOutcome:
    """What the batch said about one request: the answer's text, or why there is none."""

    content: str | None = None
    usage: Usage = field(default_factory=Usage)
    error: str | None = None


def parse_result_line(raw: str, *, where: str) -> tuple[str, BatchOutcome]:
    """One line of a batch output or error file -> (custom_id, outcome).

    Raises ``ProviderError`` for a line that is not a result line at all (the file is broken,
    not one answer).
    """
    try:
        line = json.loads(raw)
        custom_id = str(line["custom_id"])
    except (json.JSONDecodeError, KeyError, TypeError):
        raise ProviderError(f"{where}: not a batch result line: {raw[:120]!r}") from None
    error, response = line.get("error"), line.get("response") or {}
    status = response.get("status_code")
    if error or status != 200:
        body_error = (response.get("body") or {}).get("error") if isinstance(response.get("body"), dict) else None
        detail = error or body_error or {}
        message = detail.get("message") if isinstance(detail, dict) else str(detail)
        return custom_id, BatchOutcome(error=f"HTTP {status}: {message or 'failed'}" if status else str(message))
    try:
        completion = ChatCompletion.model_validate(response["body"])
        content = completion.choices[0].message.content or ""
    except (ValidationError, KeyError, IndexError, TypeError):
        return custom_id, BatchOutcome(error="the result body is not a chat completion")
    return custom_id, BatchOutcome(content=content, usage=usage_from_completion(completion))


class BatchAnswers:
    """A model client that answers from a finished batch instead of calling the endpoint.

    It describes itself as the online client does, so records and cache keys match the
    online path's. A request the batch failed, or never answered, fails like an endpoint
    would (its article gets an error record); an answer that does not fit the schema is an
    ``OutputValidationError`` (a batch cannot re-ask).
    """

    def __init__(self, info: BackendInfo, answers: dict[str, BatchOutcome]) -> None:
        self._info = info
        self._answers = answers

    def describe(self) -> BackendInfo:
        return self._info

    def complete(self, request: ModelRequest) -> ModelResponse:
        key = cache_key(request, self._info)
        outcome = self._answers.get(key)
        if outcome is None:
            raise ProviderError(f"batch request {key[:16]}…: no answer in the batch; run `claimex batch submit` again")
        if outcome.content is None:
            raise ProviderError(f"batch request {key[:16]}… failed: {outcome.error}")
        try:
            value = request.response_model.model_validate_json(outcome.content)
        except ValidationError as exc:
            error = OutputValidationError(f"batch request {key[:16]}…: the answer did not fit the schema: {exc}")
            error.usage = outcome.usage
            raise error from None
        return ModelResponse(value=value, usage=outcome.usage)

    def close(self) -> None:
        pass


@dataclass(frozen=True)
class BatchInfo:
    """The parts of a Batch object claimex acts on."""

    id: str
    status: str
    output_file_id: str | None = None
    error_file_id: str | None = None
    total: int = 0
    completed: int = 0
    failed: int = 0


class BatchApi:
    """The Files and Batches endpoints of one OpenAI(-compatible) account; errors mapped to claimex's tree."""

    def __init__(self, *, base_url: str | None, api_key: str, timeout: float = 300.0) -> None:
        self._raw = openai.OpenAI(base_url=base_url, api_key=api_key, timeout=timeout, max_retries=2)
        self._where = f"batch API at {redact_url(base_url)}"
        self._secrets = [api_key, *url_secrets(base_url)]

    def _fail(self, exc: Exception) -> ProviderError:
        error = classify(exc, where=self._where)
        error.message = scrub(error.message, self._secrets)
        error.args = (error.message,)
        return error if isinstance(error, ProviderError) else ProviderError(error.message)

    def upload(self, path: Path) -> str:
        try:
            with path.open("rb") as handle:
                return self._raw.files.create(file=handle, purpose="batch").id
        except openai.OpenAIError as exc:
            raise self._fail(exc) from exc

    def create(self, input_file_id: str, metadata: dict[str, str]) -> BatchInfo:
        try:
            batch = self._raw.batches.create(
                input_file_id=input_file_id, endpoint=ENDPOINT, completion_window="24h", metadata=metadata
            )
        except openai.OpenAIError as exc:
            raise self._fail(exc) from exc
        return _info(batch)

    def retrieve(self, batch_id: str) -> BatchInfo:
        try:
            return _info(self._raw.batches.retrieve(batch_id))
        except openai.OpenAIError as exc:
            raise self._fail(exc) from exc

    def download(self, file_id: str, target: Path) -> Path:
        """Write a file's content to ``target`` (via a temporary name, so a torn download is never read)."""
        try:
            content = self._raw.files.content(file_id).content
        except openai.OpenAIError as exc:
            raise self._fail(exc) from exc
        partial = target.with_name(target.name + ".part")
        partial.write_bytes(content)
        partial.replace(target)
        return target

    def close(self) -> None:
        self._raw.close()


def _info(batch: Any) -> BatchInfo:
    counts = getattr(batch, "request_counts", None)
    return BatchInfo(
        id=batch.id,
        status=batch.status,
        output_file_id=batch.output_file_id,
        error_file_id=batch.error_file_id,
        total=getattr(counts, "total", 0) or 0,
        completed=getattr(counts, "completed", 0) or 0,
        failed=getattr(counts, "failed", 0) or 0,
    )
