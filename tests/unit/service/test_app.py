"""The app in-process (FastAPI's TestClient), on the rules strategy: limits, auth, queues, errors.

The real server over real sockets is driven in tests/integration/test_service.py.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from claimex.core.errors import ConfigError
from claimex.core.settings import Settings
from claimex.core.types import Article
from claimex.pipeline.batch import Record
from claimex.pipeline.extractor import Extractor
from claimex.service import ServiceOptions, create_app
from claimex.service.bodies import BatchItem
from claimex.service.store import JobStore

ARTICLE = {
    "id": "a1",
    "text": "Port talks\n\n“We are leaving the table today,” union chief Maria Lopez said on Monday.",
    "published": "2023-06-05",
}


class HeldExtractor(Extractor):
    """Extracts only once ``release`` is set: a stand-in for a slow model."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.release = threading.Event()
        self.started = threading.Semaphore(0)

    def extract_or_error(self, article: Article) -> Record:
        self.started.release()
        self.release.wait(60)
        return super().extract_or_error(article)


def _settings(tmp_path: Path, **overrides: object) -> Settings:
    return Settings(strategy="rules", use_cache=False, cache_dir=tmp_path / "cache", **overrides)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    tmp = tmp_path_factory.mktemp("app")
    app = create_app(_settings(tmp), tmp / "state", ServiceOptions(max_body_bytes=50_000))
    with TestClient(app) as test_client:
        yield test_client


def test_extract_answers_the_library_record(client: TestClient, tmp_path: Path) -> None:
    response = client.post("/v1/extract", json={**ARTICLE, "desk": "labour"})
    assert response.status_code == 200, response.text
    record = response.json()
    assert record["kind"] == "result" and record["metadata"] == {"desk": "labour"}
    with Extractor(_settings(tmp_path)) as extractor:
        direct = extractor.extract(Article(**{**ARTICLE, "metadata": {"desk": "labour"}}))  # type: ignore[arg-type]
    expected = json.loads(direct.model_dump_json())
    assert {k: v for k, v in record.items() if k != "timings"} == {k: v for k, v in expected.items() if k != "timings"}
    assert response.headers["x-content-type-options"] == "nosniff"


def test_probes_metrics_and_openapi(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    assert client.get("/readyz").json() == {"status": "ready", "strategy": "rules", "backend": None}
    client.post("/v1/extract", json=ARTICLE)
    text = client.get("/metrics").text
    for name in (
        "claimex_http_requests_total",
        "claimex_http_request_duration_seconds_bucket",
        "claimex_articles_total",
    ):
        assert name in text
    assert 'route="/v1/extract"' in text
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/v1/extract", "/v1/jobs", "/v1/jobs/{job_id}", "/v1/jobs/{job_id}/results", "/healthz", "/readyz"} <= set(
        paths
    )
    assert client.get("/docs").status_code == 404  # no page that loads scripts from a CDN


def test_body_limit_declared_and_streamed(client: TestClient) -> None:
    declared = client.post("/v1/extract", content=b"x" * 60_000)
    assert declared.status_code == 413 and declared.json()["type"] == "body_too_large"

    def chunks() -> Iterator[bytes]:
        for _ in range(10):
            yield b"y" * 10_000

    streamed = client.post("/v1/extract", content=chunks())
    assert streamed.status_code == 413 and streamed.json()["type"] == "body_too_large"


def test_unknown_route_method_and_job_are_json(client: TestClient) -> None:
    assert client.get("/v2/nothing").json()["type"] == "not_found"
    assert client.put("/v1/extract").json()["type"] == "method_not_allowed"
    missing = client.get("/v1/jobs/0123")
    assert missing.status_code == 404 and missing.json()["type"] == "job_not_found"


def test_cors_is_off_unless_configured(client: TestClient, tmp_path: Path) -> None:
    plain = client.get("/healthz", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in plain.headers
    app = create_app(_settings(tmp_path), tmp_path / "s", ServiceOptions(cors_origins=("https://desk.example",)))
    with TestClient(app) as cors:
        allowed = cors.get("/healthz", headers={"Origin": "https://desk.example"})
        assert allowed.headers["access-control-allow-origin"] == "https://desk.example"
        other = cors.get("/healthz", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_bearer_token_is_required_except_on_probes(tmp_path: Path) -> None:
    options = ServiceOptions(token=SecretStr("s3cret-token"))
    with TestClient(create_app(_settings(tmp_path), tmp_path / "s", options)) as client:
        assert client.get("/healthz").status_code == 200 and client.get("/readyz").status_code == 200
        missing = client.post("/v1/extract", json=ARTICLE)
        assert missing.status_code == 401 and missing.json()["type"] == "unauthorized"
        assert missing.headers["www-authenticate"] == "Bearer"
        wrong = client.get("/metrics", headers={"Authorization": "Bearer s3cret-tokem"})
        assert wrong.status_code == 401 and wrong.json()["message"] == "wrong bearer token"
        ok = client.post("/v1/extract", json=ARTICLE, headers={"Authorization": "Bearer s3cret-token"})
        assert ok.status_code == 200


def test_an_empty_token_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError, match="token is empty"):
        ServiceOptions(token=SecretStr("  "))


def test_single_requests_over_max_pending_get_429_and_timeouts_504(tmp_path: Path) -> None:
    extractor = HeldExtractor(_settings(tmp_path))
    options = ServiceOptions(max_pending=1, request_timeout=0.5, retry_after=3)
    with TestClient(create_app(extractor.settings, tmp_path / "s", options, extractor=extractor)) as client:
        late = client.post("/v1/extract", json=ARTICLE)  # held past the deadline, still holds its slot
        assert late.status_code == 504 and late.json()["type"] == "timeout"
        full = client.post("/v1/extract", json=ARTICLE)
        assert full.status_code == 429 and full.json()["type"] == "queue_full"
        assert full.headers["retry-after"] == "3"
        extractor.release.set()
        deadline = time.monotonic() + 60
        while (answer := client.post("/v1/extract", json=ARTICLE)).status_code == 429 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert answer.status_code == 200
    extractor.close()


def _jsonl(n: int, start: int = 0) -> bytes:
    return "".join(json.dumps({**ARTICLE, "id": f"a{i}"}) + "\n" for i in range(start, start + n)).encode()


def _wait_done(client: TestClient, job_id: str) -> dict[str, object]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status = client.get(f"/v1/jobs/{job_id}").json()
        if status["status"] == "done":
            return status  # type: ignore[no-any-return]
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} never finished")


def test_jobs_queue_is_bounded_and_every_article_gets_one_record(tmp_path: Path) -> None:
    extractor = HeldExtractor(_settings(tmp_path))
    options = ServiceOptions(queue_size=5, retry_after=2, job_workers=1)
    with TestClient(create_app(extractor.settings, tmp_path / "s", options, extractor=extractor)) as client:
        first = client.post("/v1/jobs", content=_jsonl(3))
        assert first.status_code == 202 and first.headers["location"] == f"/v1/jobs/{first.json()['id']}"
        assert extractor.started.acquire(timeout=60)  # one article in the worker, two waiting
        second = client.post("/v1/jobs", content=_jsonl(3, start=3))
        assert second.status_code == 202  # 2 + 3 waiting fit a queue of 5
        full = client.post("/v1/jobs", content=_jsonl(1, start=6))
        assert full.status_code == 429 and full.headers["retry-after"] == "2"
        too_large = client.post("/v1/jobs", content=_jsonl(6))
        assert too_large.status_code == 413 and too_large.json()["type"] == "job_too_large"
        running = client.get(f"/v1/jobs/{first.json()['id']}").json()
        assert running["status"] == "queued" and running["done"] == 0
        extractor.release.set()
        for job in (first.json(), second.json()):
            status = _wait_done(client, job["id"])
            assert status["done"] == status["total"] == 3 and status["errors"] == 0
            results = client.get(job["results_url"])
            assert results.headers["content-type"].startswith("application/x-ndjson")
            assert results.headers["x-claimex-job-status"] == "done"
            ids = [json.loads(line)["article_id"] for line in results.text.splitlines()]
            assert len(ids) == len(set(ids)) == 3
        metrics = client.get("/metrics").text
        assert 'claimex_articles_total{kind="result",path="job"} 6.0' in metrics
        assert 'claimex_rejected_total{path="jobs"} 1.0' in metrics
    extractor.close()


def test_a_bad_line_in_a_job_is_its_error_record(client: TestClient) -> None:
    body = _jsonl(1) + b"{broken\n" + json.dumps({"text": "no id"}).encode() + b"\n"
    job = client.post("/v1/jobs", content=body).json()
    status = _wait_done(client, job["id"])
    assert (status["total"], status["results"], status["errors"]) == (3, 1, 2)
    records = [json.loads(line) for line in client.get(job["results_url"]).text.splitlines()]
    assert [r["kind"] for r in records] == ["result", "error", "error"]
    assert records[1]["origin"] == f"{job['id']}:2" and "malformed JSON" in records[1]["message"]
    assert "'id' is missing" in records[2]["message"]


def test_unfinished_jobs_resume_only_under_their_own_configuration(tmp_path: Path) -> None:
    with Extractor(_settings(tmp_path)) as extractor:
        store = JobStore(tmp_path / "s")
        job = store.create_job([BatchItem(1, json.dumps(ARTICLE))], extractor.provenance)
        store.close()  # as a killed server leaves it: a job with an article not done
    with pytest.raises(ConfigError, match="keep_ungrounded False vs True"):
        create_app(_settings(tmp_path, keep_ungrounded=True), tmp_path / "s")
    with TestClient(create_app(_settings(tmp_path), tmp_path / "s")) as client:
        status = _wait_done(client, job.id)
        assert (status["done"], status["results"]) == (1, 1)


def test_readyz_says_why_an_unreachable_model_endpoint_is_not_ready(tmp_path: Path) -> None:
    settings = Settings(
        strategy="llm", backend="openai", base_url="http://127.0.0.1:9/v1", model="m", cache_dir=tmp_path / "c"
    )
    with TestClient(create_app(settings, tmp_path / "s", ServiceOptions(retry_after=4))) as client:
        assert client.get("/healthz").status_code == 200  # the process is up all the same
        answer = client.get("/readyz")
        assert answer.status_code == 503 and answer.headers["retry-after"] == "4"
        assert answer.json()["type"] == "not_ready"
        assert "http://127.0.0.1:9/v1 is not reachable" in answer.json()["message"]
