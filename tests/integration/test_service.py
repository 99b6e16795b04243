"""``claimex serve`` as a client meets it: the real server (uvicorn, ephemeral 127.0.0.1 port)
in a child process, driven over HTTP with httpx.

Nothing here depends on speed: waits are generous deadlines, never asserted durations.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from claimex.core.articles import load_articles
from tests.integration.conftest import ROOT, read_records, run_cli
from tests.support.servers import FakeOpenAIServer, FaultProxy
from tests.support.service import ServiceProcess
from tests.support.synthetic import synthetic_articles

RULES = ("--strategy", "rules", "--no-cache", "--quiet")
TIMEOUT = httpx.Timeout(120.0)


def _llm(base_url: str) -> list[str]:
    return ["--backend", "openai", "--base-url", base_url, "--model", "fake", "--strategy", "llm", "--no-cache"]


def _jsonl(records: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def _wait_for_job(base: str, job_id: str, *, until: int | None = None, seconds: float = 600) -> dict[str, Any]:
    """The job's status once it is done (or has ``until`` records); fails past a generous deadline."""
    deadline = time.monotonic() + seconds
    status: dict[str, Any] = {}
    while time.monotonic() < deadline:
        status = httpx.get(f"{base}/v1/jobs/{job_id}", timeout=TIMEOUT).json()
        if status["status"] == "done" or (until is not None and status["done"] >= until):
            return status
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} not there in {seconds} s: {status}")


def _results(base: str, job_id: str) -> list[str]:
    response = httpx.get(f"{base}/v1/jobs/{job_id}/results", timeout=TIMEOUT)
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/x-ndjson")
    return response.text.splitlines()


@pytest.fixture(scope="module")
def rules_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceProcess]:
    """One rules server for the request-level tests (no model, deterministic)."""
    state = tmp_path_factory.mktemp("service")
    with ServiceProcess(state / "state", *RULES, "--max-body-mb", "16") as server:
        yield server


def _article_records() -> list[dict[str, Any]]:
    """The seed articles as JSON records (what both the CLI and the service read), plus extras kept as metadata."""
    records = []
    for article in load_articles([str(ROOT / "seeds")]):
        record = article.model_dump(mode="json", exclude={"origin", "metadata"}, exclude_none=True)
        records.append({**record, "desk": "world", "tags": ["<b>seed</b>"]})
    return [*records, *synthetic_articles(3, seed=11)]


def test_extract_equals_the_cli_record_for_the_same_article(rules_server: ServiceProcess, tmp_path: Path) -> None:
    records = _article_records()
    source = tmp_path / "in.jsonl"
    source.write_bytes(_jsonl(records))
    out = tmp_path / "out.jsonl"
    run_cli("extract", str(source), "-o", str(out), *RULES, "--cache-dir", str(tmp_path / "cache"), check=True)
    by_cli = {r["article_id"]: r for r in read_records(out)}
    assert len(by_cli) == len(records)
    for record in records:
        response = httpx.post(f"{rules_server.base_url}/v1/extract", json=record, timeout=TIMEOUT)
        assert response.status_code == 200, response.text
        served, written = response.json(), by_cli[str(record["id"])]
        assert served["kind"] == written["kind"] == "result"
        served.pop("timings"), written.pop("timings")
        assert served == written  # claims, offsets, provenance, metadata: all but the timings
    assert sum(len(r["claims"]) for r in by_cli.values()) > 20  # the comparison covered real claims


def _bad_requests() -> list[tuple[str, bytes, int, str, str]]:
    text = "“We are leaving the table today,” union chief Maria Lopez said on Monday."
    ok = {"id": "a", "text": text}
    return [
        ("malformed JSON", b'{"id": "a", "text": ', 400, "invalid_json", "malformed JSON"),
        ("binary", bytes(range(256)) * 64, 400, "invalid_encoding", "binary"),
        ("not UTF-8", b'{"id": "a", "text": "caf\xe9"}', 400, "invalid_encoding", "not valid UTF-8"),
        ("a list", b"[1, 2]", 422, "invalid_article", "expected a JSON object"),
        ("text a number", json.dumps({**ok, "text": 42}).encode(), 422, "invalid_article", "'text'"),
        ("no text", json.dumps({"id": "a"}).encode(), 422, "invalid_article", "'text'"),
        ("empty text", json.dumps({**ok, "text": ""}).encode(), 422, "invalid_article", "'text' is empty"),
        ("invisible text", json.dumps({**ok, "text": " \u200b\n"}).encode(), 422, "invalid_article", "empty"),
        ("title a list", json.dumps({**ok, "title": ["x"]}).encode(), 422, "invalid_article", "'title'"),
        ("id an object", json.dumps({**ok, "id": {}}).encode(), 422, "invalid_article", "'id'"),
        (
            "bad date",
            json.dumps({**ok, "published": "<script>x</script>"}).encode(),
            422,
            "invalid_article",
            "'published'",
        ),
        ("deep JSON", b"[" * 200_000 + b"]" * 200_000, 400, "invalid_json", "nested too deeply"),
    ]


@pytest.mark.parametrize(
    ("name", "body", "status", "type_", "words"), _bad_requests(), ids=[c[0] for c in _bad_requests()]
)
def test_bad_input_is_a_precise_4xx_json_error(
    rules_server: ServiceProcess, name: str, body: bytes, status: int, type_: str, words: str
) -> None:
    response = httpx.post(f"{rules_server.base_url}/v1/extract", content=body, timeout=TIMEOUT)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    error = response.json()
    assert error["type"] == type_ and words in error["message"], error
    assert httpx.get(f"{rules_server.base_url}/healthz", timeout=TIMEOUT).status_code == 200


def test_twenty_megabyte_bodies_get_413_declared_or_streamed(rules_server: ServiceProcess) -> None:
    big = b'{"id": "big", "text": "' + b"a" * (20 * 1024 * 1024) + b'"}'
    declared = httpx.post(f"{rules_server.base_url}/v1/extract", content=big, timeout=TIMEOUT)
    assert declared.status_code == 413 and declared.json()["type"] == "body_too_large"

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(big), 1 << 20):
            yield big[start : start + (1 << 20)]

    streamed = httpx.post(f"{rules_server.base_url}/v1/jobs", content=chunks(), timeout=TIMEOUT)
    assert streamed.status_code == 413 and streamed.json()["type"] == "body_too_large"
    assert rules_server.alive()


def test_a_second_server_on_the_same_state_dir_is_refused(rules_server: ServiceProcess) -> None:
    second = run_cli("serve", "--port", "0", "--state-dir", str(rules_server.state_dir), *RULES, timeout=300)
    assert second.returncode == 2 and "another claimex serve is using" in second.stderr
    assert rules_server.alive()


def test_unknown_jobs_routes_and_methods(rules_server: ServiceProcess) -> None:
    base = rules_server.base_url
    for path in ("/v1/jobs/does-not-exist", "/v1/jobs/does-not-exist/results"):
        response = httpx.get(base + path, timeout=TIMEOUT)
        assert response.status_code == 404 and response.json()["type"] == "job_not_found"
    assert httpx.get(base + "/v1/nothing", timeout=TIMEOUT).json()["type"] == "not_found"
    assert httpx.delete(base + "/v1/extract", timeout=TIMEOUT).json()["type"] == "method_not_allowed"
    empty = httpx.post(base + "/v1/jobs", content=b"[]", timeout=TIMEOUT)
    assert empty.status_code == 422 and empty.json()["type"] == "empty_batch"


def test_script_in_fields_stays_data(rules_server: ServiceProcess) -> None:
    script = "<script>alert(1)</script>"
    article = {
        "id": script,
        "title": script,
        "text": f"{script}\n\n“We are leaving the table {script} today,” union chief Maria Lopez said on Monday.",
        "author": script,
    }
    response = httpx.post(f"{rules_server.base_url}/v1/extract", json=article, timeout=TIMEOUT)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-content-type-options"] == "nosniff"
    record = response.json()
    assert record["article_id"] == script and record["metadata"] == {"author": script}
    assert all(script in c["quote"] for c in record["claims"])


def test_probes_metrics_and_openapi(rules_server: ServiceProcess) -> None:
    base = rules_server.base_url
    assert httpx.get(f"{base}/readyz", timeout=TIMEOUT).json()["status"] == "ready"
    httpx.post(f"{base}/v1/extract", json={"id": "m", "text": "Nothing said here."}, timeout=TIMEOUT)
    metrics = httpx.get(f"{base}/metrics", timeout=TIMEOUT)
    assert metrics.headers["content-type"].startswith("text/plain")
    for name in (
        "claimex_http_requests_total",
        "claimex_http_request_duration_seconds_bucket",
        "claimex_articles_total",
        "claimex_claims_total",
        "claimex_model_calls_total",
        "claimex_cache_hits_total",
        "claimex_tokens_total",
    ):
        assert name in metrics.text
    document = httpx.get(f"{base}/openapi.json", timeout=TIMEOUT).json()
    assert document["info"]["title"] == "claimex"


def test_fifty_articles_through_a_fault_injecting_proxy_each_once(tmp_path: Path) -> None:
    articles = synthetic_articles(50, seed=21)
    with FakeOpenAIServer() as model, FaultProxy(model.base_url, rate=0.3, stall=2.0) as proxy:
        args = [*_llm(proxy.base_url), "--timeout", "1", "--max-attempts", "4", "-j", "4", "--quiet"]
        with ServiceProcess(tmp_path / "state", *args) as server:
            accepted = httpx.post(f"{server.base_url}/v1/jobs", content=_jsonl(articles), timeout=TIMEOUT)
            assert accepted.status_code == 202, accepted.text
            job = accepted.json()
            ready = httpx.get(f"{server.base_url}/readyz", timeout=TIMEOUT).json()
            assert ready["strategy"] == "llm" and ready["backend"].startswith("openai:http://127.0.0.1:")
            status = _wait_for_job(server.base_url, job["id"])
            lines = _results(server.base_url, job["id"])
            metrics = httpx.get(f"{server.base_url}/metrics", timeout=TIMEOUT).text
        injected = dict(proxy.injected)
    records = [json.loads(line) for line in lines]
    ids = Counter(r["article_id"] for r in records)
    assert set(ids) == {a["id"] for a in articles} and max(ids.values()) == 1, "each article exactly once"
    results = [r for r in records if r["kind"] == "result"]
    errors = [r for r in records if r["kind"] == "error"]
    assert (status["total"], status["done"]) == (50, 50)
    assert (status["results"], status["errors"]) == (len(results), len(errors))
    assert status["tokens"]["prompt"] == sum(r["usage"]["prompt_tokens"] for r in results) > 0
    assert all(e["error_type"] == "TransientProviderError" for e in errors)
    assert len(results) >= 45  # retries recover nearly everything at 4 attempts
    assert sum(injected.values()) >= 10 and len(injected) >= 3, injected  # the proxy really did inject faults
    assert f'claimex_articles_total{{kind="result",path="job"}} {float(len(results))}' in metrics


def test_kill_9_mid_job_then_restart_loses_and_repeats_nothing(tmp_path: Path) -> None:
    articles = synthetic_articles(40, seed=5)
    with FakeOpenAIServer(delay=0.1) as model:
        args = [*_llm(model.base_url), "-j", "2", "--quiet"]
        server = ServiceProcess(tmp_path / "state", *args).start()
        try:
            job = httpx.post(f"{server.base_url}/v1/jobs", content=_jsonl(articles), timeout=TIMEOUT).json()
            _wait_for_job(server.base_url, job["id"], until=8)
            server.kill()
            before = _read_finished(tmp_path / "state", job["id"])
            assert 8 <= len(before) < len(articles), "killed mid-job"
            requests_before = model.requests
            server.start()  # same state dir, same configuration
            status = _wait_for_job(server.base_url, job["id"])
            lines = _results(server.base_url, job["id"])
        finally:
            server.stop()
        requests_after = model.requests - requests_before
    assert (status["done"], status["total"], status["errors"]) == (40, 40, 0)
    ids = [json.loads(line)["article_id"] for line in lines]
    assert sorted(ids) == sorted(a["id"] for a in articles) and len(set(ids)) == 40
    assert [line for line in lines if line in before.values()] == list(before.values()), "finished records unchanged"
    # only the unfinished articles were asked again (plus at most the 2 in flight when killed)
    assert requests_after <= len(articles) - len(before) + 2


def _read_finished(state_dir: Path, job_id: str) -> dict[int, str]:
    """The records on disk right after the kill, read as a restarted server would."""
    from claimex.service.store import JobStore

    store = JobStore(state_dir)
    try:
        return dict(store.records(job_id, limit=10_000))
    finally:
        store.close()


def test_bearer_token_guards_everything_but_the_probes_and_is_never_logged(tmp_path: Path) -> None:
    token = "tok-" + os.urandom(8).hex()
    with ServiceProcess(tmp_path / "state", *RULES, "-v", env={"CLAIMEX_SERVICE_TOKEN": token}) as server:
        base = server.base_url
        article = {"id": "t", "text": "Nothing said here."}
        assert httpx.get(f"{base}/healthz", timeout=TIMEOUT).status_code == 200
        for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": token}):
            refused = httpx.post(f"{base}/v1/extract", json=article, headers=headers, timeout=TIMEOUT)
            assert refused.status_code == 401 and refused.json()["type"] == "unauthorized"
        assert httpx.get(f"{base}/openapi.json", timeout=TIMEOUT).status_code == 401
        good = {"Authorization": f"Bearer {token}"}
        assert httpx.post(f"{base}/v1/extract", json=article, headers=good, timeout=TIMEOUT).status_code == 200
        assert httpx.get(f"{base}/metrics", headers=good, timeout=TIMEOUT).status_code == 200
    assert "auth on" in server.log and token not in server.log


# -- property-based fuzzing of the live OpenAPI document ---------------------------------
# Driven through schemathesis' Hypothesis strategies per operation rather than its pytest
# plugin (whose lazy fixture loader does not run on pytest 9.2).

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_fuzzing_finds_no_server_error_and_no_schema_violation(
    rules_server: ServiceProcess, mode: GenerationMode
) -> None:
    schema = schemathesis.openapi.from_url(f"{rules_server.base_url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 7
    tried: Counter[str] = Counter()
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=20, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck)
        )
        def call(case: Any) -> None:
            case.call_and_validate(checks=CHECKS, timeout=120)
            tried[case.operation.label] += 1

        try:
            call()
        except Unsatisfiable:  # nothing invalid to send (an operation without parameters or body)
            continue
    assert tried["POST /v1/extract"] and tried["POST /v1/jobs"], tried
    assert rules_server.alive()
