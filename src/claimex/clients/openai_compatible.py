"""Any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp server) via instructor.

The SDK's own retries are off (``max_retries=0``): transient faults are retried by the
one central policy in :mod:`claimex.clients.retry`, and instructor only re-asks when the
answer does not validate, so the two never multiply.
"""

from __future__ import annotations

import logging
from typing import Any

import instructor
import openai

from claimex.clients.base import BackendInfo, ModelRequest, ModelResponse
from claimex.clients.deadline import deadline_client
from claimex.clients.errors import classify
from claimex.core.redact import redact_url, scrub, url_secrets
from claimex.core.types import Usage

NEXT_TOKEN_SCHEMA = "next_token.v1"  # answered with log-probabilities, not by filling in a schema

log = logging.getLogger(__name__)

INSTRUCTOR_MODES = {
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "tools": instructor.Mode.TOOLS,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
}


def usage_from_completion(completion: Any) -> Usage:
    usage = getattr(completion, "usage", None)
    if usage is None:
        return Usage(model_calls=1)
    details = getattr(usage, "prompt_tokens_details", None)
    cached = getattr(details, "cached_tokens", 0) or 0
    extra = getattr(completion, "timings", None) or getattr(completion, "model_extra", {}) or {}
    if isinstance(extra, dict) and isinstance(extra.get("timings"), dict):
        cached = cached or int(extra["timings"].get("cache_n", 0) or 0)
    return Usage(
        prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
        completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
        cached_prompt_tokens=int(cached),
        model_calls=1,
    )


def _spent_on_failure(exc: BaseException) -> Usage:
    """Tokens the failed attempts used (instructor keeps a running total), else one call."""
    total = getattr(exc, "total_usage", None)
    attempts = getattr(exc, "n_attempts", 1) or 1
    if total is None:
        return Usage(model_calls=1)
    return Usage(
        prompt_tokens=int(getattr(total, "prompt_tokens", 0) or 0),
        completion_tokens=int(getattr(total, "completion_tokens", 0) or 0),
        model_calls=int(attempts),
    )


class OpenAICompatibleClient:
    def __init__(
        self,
        *,
        base_url: str | None,
        api_key: str,
        model: str,
        mode: str = "json_schema",
        timeout: float = 300.0,
        max_reasks: int = 1,
        backend_name: str = "openai",
        fingerprint: str = "",
    ) -> None:
        self._raw = openai.OpenAI(
            base_url=base_url,
            api_key=api_key,
            timeout=timeout,
            max_retries=0,
            http_client=deadline_client(timeout),  # --timeout bounds the whole request, not each byte
        )
        self._client = instructor.from_openai(self._raw, mode=INSTRUCTOR_MODES[mode])
        self._model = model
        self._max_reasks = max_reasks
        self._info = BackendInfo(
            backend=backend_name,
            model=model,
            fingerprint=fingerprint,
            endpoint=redact_url(base_url),
            params={"instructor_mode": mode, "max_reasks": max_reasks},
        )
        self._where = f"{backend_name} endpoint {redact_url(base_url)}"
        self._secrets = [api_key, *url_secrets(base_url)]

    def describe(self) -> BackendInfo:
        return self._info

    def _next_token(self, request: ModelRequest) -> tuple[Any, Any]:
        """One token with its top log-probabilities (llama.cpp and OpenAI both expose them)."""
        params = {k: v for k, v in request.params.items() if k not in ("max_tokens", "top_logprobs")}
        completion = self._raw.chat.completions.create(
            model=self._model,
            messages=list(request.messages),  # type: ignore[arg-type]
            max_tokens=1,
            logprobs=True,
            top_logprobs=int(request.params.get("top_logprobs", 20)),
            **params,
        )
        content = completion.choices[0].logprobs.content if completion.choices[0].logprobs else None
        top = {t.token: float(t.logprob) for t in (content[0].top_logprobs if content else [])}
        return request.response_model(top=top), completion

    def complete(self, request: ModelRequest) -> ModelResponse:
        params = dict(request.params)
        try:
            if request.schema_name == NEXT_TOKEN_SCHEMA:
                value, completion = self._next_token(request)
                return ModelResponse(value=value, usage=usage_from_completion(completion))
            value, completion = self._client.chat.completions.create_with_completion(
                model=self._model,
                messages=list(request.messages),  # type: ignore[arg-type]
                response_model=request.response_model,
                max_retries=self._max_reasks + 1,
                **params,
            )
        except Exception as exc:
            error = classify(exc, where=self._where)
            error.message = scrub(error.message, self._secrets)  # servers may echo the key back
            error.args = (error.message,)
            error.usage = _spent_on_failure(exc)
            raise error from exc
        return ModelResponse(value=value, usage=usage_from_completion(completion))

    def close(self) -> None:
        self._raw.close()
