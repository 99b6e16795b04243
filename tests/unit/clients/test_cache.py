from dataclasses import replace
from pathlib import Path

from pydantic import BaseModel

from claimex.clients.base import BackendInfo, ModelRequest, ModelResponse
from claimex.clients.cache import CachedClient, cache_key
from claimex.core.types import Usage


class Answer(BaseModel):
    value: str


REQUEST = ModelRequest(
    messages=({"role": "user", "content": "hello"},),
    response_model=Answer,
    prompt_ref="claims@v1",
    prompt_sha256="p" * 64,
    schema_name="claims.v1",
    schema_sha256="s" * 64,
    params={"temperature": 0.0, "max_tokens": 100, "seed": 0},
)
INFO = BackendInfo("local", "gemma", "123:abc")


def test_key_changes_with_everything_that_decides_the_answer() -> None:
    base = cache_key(REQUEST, INFO)
    assert cache_key(replace(REQUEST, prompt_sha256="q" * 64), INFO) != base
    assert cache_key(replace(REQUEST, schema_sha256="t" * 64), INFO) != base
    assert cache_key(replace(REQUEST, params={**REQUEST.params, "temperature": 0.5}), INFO) != base
    assert cache_key(replace(REQUEST, messages=({"role": "user", "content": "bye"},)), INFO) != base
    assert cache_key(REQUEST, BackendInfo("local", "other", "123:abc")) != base
    assert cache_key(REQUEST, BackendInfo("local", "gemma", "999:zzz")) != base
    assert cache_key(REQUEST, INFO) == base


def test_key_ignores_timeouts_and_retry_policy() -> None:
    # Timeouts and retry caps live in Settings, never in the request: the key cannot see them.
    from claimex.core.settings import Settings

    a = Settings.build({"timeout": 5, "max_attempts": 2}, environ={})
    b = Settings.build({"timeout": 500, "max_attempts": 9}, environ={})
    assert a.generation_params() == b.generation_params()


class CountingClient:
    def __init__(self) -> None:
        self.calls = 0

    def complete(self, request: ModelRequest) -> ModelResponse:
        self.calls += 1
        return ModelResponse(Answer(value="hi"), Usage(prompt_tokens=3, completion_tokens=2, model_calls=1))

    def describe(self) -> BackendInfo:
        return INFO

    def close(self) -> None:
        pass


def test_second_call_is_served_from_disk_as_validated_json(tmp_path: Path) -> None:
    inner = CountingClient()
    client = CachedClient(inner, tmp_path / "c")
    first = client.complete(REQUEST)
    second = client.complete(REQUEST)
    assert inner.calls == 1
    assert not first.cache_hit and second.cache_hit
    assert second.value == Answer(value="hi") and second.usage.cache_hits == 1
    client.close()
    reopened = CachedClient(CountingClient(), tmp_path / "c")
    assert reopened.complete(REQUEST).cache_hit


def test_entry_that_no_longer_validates_is_refetched(tmp_path: Path) -> None:
    class Other(BaseModel):
        number: int

    inner = CountingClient()
    client = CachedClient(inner, tmp_path / "c")
    client.complete(REQUEST)
    other = replace(REQUEST, response_model=Other)
    inner2 = CountingClient()
    client2 = CachedClient(inner2, tmp_path / "c")
    # The stored {"value": "hi"} cannot be an Other: the inner client must be asked again
    # (its answer is not an Other either, so validation inside the fake is not the point).
    client2.complete(other)
    assert inner2.calls == 1
