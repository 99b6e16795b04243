import httpx
import openai
import pytest

from claimex.clients.base import BackendInfo, ModelRequest, ModelResponse
from claimex.clients.errors import classify
from claimex.clients.retry import RetryingClient
from claimex.core.errors import OutputValidationError, ProviderError, TransientProviderError
from claimex.core.types import Usage

REQ = httpx.Request("POST", "http://127.0.0.1/v1/chat/completions")


def _status(code: int, headers: dict[str, str] | None = None) -> openai.APIStatusError:
    response = httpx.Response(code, request=REQ, headers=headers or {})
    return openai.APIStatusError(f"status {code}", response=response, body=None)


@pytest.mark.parametrize("code", [429, 500, 502, 503, 504])
def test_retryable_status(code: int) -> None:
    assert isinstance(classify(_status(code), where="x"), TransientProviderError)


@pytest.mark.parametrize("code", [400, 401, 404, 422])
def test_final_status(code: int) -> None:
    err = classify(_status(code), where="x")
    assert isinstance(err, ProviderError) and not isinstance(err, TransientProviderError)


def test_retry_after_is_read() -> None:
    err = classify(_status(429, {"retry-after": "7"}), where="x")
    assert isinstance(err, TransientProviderError) and err.retry_after == 7.0


def test_timeouts_and_connection_errors_are_transient() -> None:
    assert isinstance(classify(openai.APITimeoutError(request=REQ), where="x"), TransientProviderError)
    assert isinstance(classify(openai.APIConnectionError(request=REQ), where="x"), TransientProviderError)


def test_cause_chain_is_walked() -> None:
    try:
        try:
            raise _status(503)
        except openai.APIStatusError as inner:
            raise RuntimeError("InstructorRetryException") from inner
    except RuntimeError as outer:
        assert isinstance(classify(outer, where="x"), TransientProviderError)


def test_validation_failure_is_not_transient() -> None:
    from pydantic import BaseModel, ValidationError

    class M(BaseModel):
        a: int

    try:
        M.model_validate({"a": "x"})
    except ValidationError as exc:
        assert isinstance(classify(exc, where="x"), OutputValidationError)


class Flaky:
    def __init__(self, failures: list[Exception]) -> None:
        self.failures = failures
        self.calls = 0

    def complete(self, request: ModelRequest) -> ModelResponse:
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)
        from pydantic import BaseModel

        class A(BaseModel):
            ok: bool = True

        return ModelResponse(A(), Usage(model_calls=1))

    def describe(self) -> BackendInfo:
        return BackendInfo("fake", "fake")

    def close(self) -> None:
        pass


def test_retry_recovers_from_transient_faults() -> None:
    inner = Flaky([TransientProviderError("429", retry_after=0.01), TransientProviderError("503", retry_after=0.01)])
    RetryingClient(inner, max_attempts=5, max_wait=5).complete(None)  # type: ignore[arg-type]
    assert inner.calls == 3


def test_retry_gives_up_after_max_attempts() -> None:
    inner = Flaky([TransientProviderError("503", retry_after=0.0) for _ in range(10)])
    with pytest.raises(TransientProviderError):
        RetryingClient(inner, max_attempts=3, max_wait=5).complete(None)  # type: ignore[arg-type]
    assert inner.calls == 3


def test_final_errors_are_not_retried() -> None:
    inner = Flaky([ProviderError("401")])
    with pytest.raises(ProviderError):
        RetryingClient(inner, max_attempts=5, max_wait=5).complete(None)  # type: ignore[arg-type]
    assert inner.calls == 1


def test_errors_pickle() -> None:
    import pickle

    err = pickle.loads(pickle.dumps(TransientProviderError("boom", retry_after=3.0)))
    assert isinstance(err, TransientProviderError) and err.retry_after == 3.0 and str(err) == "boom"


def test_garbled_body_is_transient_but_bad_model_json_is_not() -> None:
    import json

    try:
        try:
            b"\xff".decode("utf-8")
        except UnicodeDecodeError as inner:
            raise RuntimeError("wrapped") from inner
    except RuntimeError as outer:
        assert isinstance(classify(outer, where="x"), TransientProviderError)
    assert isinstance(classify(json.JSONDecodeError("x", "y", 0), where="x"), TransientProviderError)


def test_tokens_spent_on_failed_attempts_are_kept() -> None:
    from instructor.core.exceptions import InstructorRetryException
    from openai.types import CompletionUsage

    from claimex.clients.openai_compatible import _spent_on_failure

    exc = InstructorRetryException(
        "invalid", n_attempts=2, total_usage=CompletionUsage(prompt_tokens=900, completion_tokens=64, total_tokens=964)
    )
    spent = _spent_on_failure(exc)
    assert (spent.prompt_tokens, spent.completion_tokens, spent.model_calls) == (900, 64, 2)
    assert _spent_on_failure(RuntimeError("x")).model_calls == 1
