"""The Batch API's line formats and file limits (pure logic; the endpoints are tested against a real server)."""

from __future__ import annotations

import json

import pytest

from claimex.clients.base import BackendInfo, ModelRequest
from claimex.clients.openai_batch import BatchAnswers, BatchOutcome, parse_result_line, request_line
from claimex.core.errors import OutputValidationError, ProviderError
from claimex.prompting.response_schema import ClaimsV1
from claimex.scale.openai_batch import _chunks

INFO = BackendInfo(backend="openai", model="fake-4o", endpoint="http://127.0.0.1:1/v1")
REQUEST = ModelRequest(
    messages=({"role": "user", "content": "Article: “Tariffs will fall,” said Ilse Brandvold."},),
    response_model=ClaimsV1,
    prompt_ref="claims@v2",
    prompt_sha256="0" * 64,
    schema_name="claims.v1",
    schema_sha256="1" * 64,
    params={"temperature": 0.0, "max_tokens": 256, "seed": 0},
)


def test_a_request_line_carries_the_online_body_and_its_cache_key_as_custom_id() -> None:
    line = request_line(REQUEST, model="fake-4o", mode="json_schema", info=INFO)
    assert line["method"] == "POST" and line["url"] == "/v1/chat/completions" and len(line["custom_id"]) == 64
    body = line["body"]
    assert body["model"] == "fake-4o" and body["max_tokens"] == 256 and body["messages"][0]["role"] == "user"
    assert body["response_format"]["json_schema"]["schema"]["required"] == ["claims"]
    assert request_line(REQUEST, model="fake-4o", mode="json_schema", info=INFO) == line  # stable


def test_result_lines_of_both_documented_failure_shapes_are_failures_and_garbage_is_refused() -> None:
    status_500 = {"custom_id": "a", "response": {"status_code": 500, "body": {"error": {"message": "boom"}}}}
    expired = {"custom_id": "b", "response": None, "error": {"code": "batch_expired", "message": "expired"}}
    assert parse_result_line(json.dumps(status_500), where="f:1") == ("a", BatchOutcome(error="HTTP 500: boom"))
    custom_id, outcome = parse_result_line(json.dumps(expired), where="f:2")
    assert custom_id == "b" and outcome.content is None and "expired" in str(outcome.error)
    with pytest.raises(ProviderError, match="f:3: not a batch result line"):
        parse_result_line("<html>", where="f:3")


def test_answers_that_failed_are_missing_or_do_not_fit_fail_like_an_endpoint() -> None:
    key = request_line(REQUEST, model="fake-4o", mode="json_schema", info=INFO)["custom_id"]
    with pytest.raises(ProviderError, match="no answer in the batch"):
        BatchAnswers(INFO, {}).complete(REQUEST)
    with pytest.raises(ProviderError, match="failed: HTTP 500"):
        BatchAnswers(INFO, {key: BatchOutcome(error="HTTP 500: boom")}).complete(REQUEST)
    with pytest.raises(OutputValidationError):
        BatchAnswers(INFO, {key: BatchOutcome(content='{"claims": 3}')}).complete(REQUEST)
    answer = BatchAnswers(INFO, {key: BatchOutcome(content='{"claims": []}')}).complete(REQUEST)
    assert answer.value == ClaimsV1(claims=[])


def test_input_files_are_split_by_request_count_and_by_bytes() -> None:
    lines = [{"custom_id": str(i), "body": "x" * 100} for i in range(7)]
    by_count = list(_chunks(iter(lines), 3))
    assert [len(c) for c in by_count] == [3, 3, 1]
    by_bytes = list(_chunks(iter(lines), 50_000, max_bytes=300))
    assert all(sum(len(x) for x in c) <= 300 for c in by_bytes) and sum(len(c) for c in by_bytes) == 7
