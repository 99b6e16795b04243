"""Issue 15: ``claimex batch submit|status|collect`` against a real local server speaking OpenAI's
Files and Batches endpoints, compared with ``claimex extract --backend openai`` on the same server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.integration.conftest import read_records, run_cli
from tests.support.servers import FakeOpenAIServer
from tests.support.synthetic import synthetic_articles

FLAKY = "Orsolya Venkataraman"  # an invented speaker whose batched questions the server fails


def _articles(tmp_path: Path) -> Path:
    articles = synthetic_articles(8, seed=15)
    articles.append(
        {
            "id": "flaky-1",
            "text": f"Toll talks stall\n\n“We will fight this levy against the Northern Union to the end,” {FLAKY} "
            "warned on Monday.\n\nThe Northern Union declined to comment.",
            "published": "2023-06-09",
        }
    )
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return path


def _by_id(path: Path) -> dict[str, dict[str, Any]]:
    records = read_records(path)
    ids = [r["article_id"] for r in records]
    assert len(ids) == len(set(ids)), f"an article was written twice: {ids}"
    return {r["article_id"]: {k: v for k, v in r.items() if k != "timings"} for r in records}


def test_batch_records_match_the_online_path_and_failures_are_resent(tmp_path: Path) -> None:
    """Hybrid (the default with an endpoint); ``llm`` plans its requests through the same builders."""
    articles = _articles(tmp_path)
    online_out, batch_out = tmp_path / "online.jsonl", tmp_path / "batch.jsonl"
    state = tmp_path / "batch.jsonl.batch.json"
    with FakeOpenAIServer() as server:
        common = ["--backend", "openai", "--base-url", server.base_url, "--model", "fake-4o", "-s", "hybrid"]
        run_cli(
            "extract",
            str(articles),
            "-o",
            str(online_out),
            *common,
            "--cache-dir",
            str(tmp_path / "c1"),
            "-q",
            check=True,
        )
        online = _by_id(online_out)
        online_calls = server.requests
        assert online_calls > 0 and all(r["kind"] == "result" for r in online.values())

        server.batches.fail_when = lambda body: FLAKY in json.dumps(body, ensure_ascii=False)
        batch_args = [str(articles), "-o", str(batch_out), *common, "--cache-dir", str(tmp_path / "c2")]
        submitted = run_cli("batch", "submit", *batch_args, check=True)
        assert f"{online_calls} requests sent" in submitted.stderr, submitted.stderr
        assert server.requests == online_calls  # nothing went to the online endpoint
        (first_batch,) = server.batches.batches

        assert "in_progress" in run_cli("batch", "status", str(state), check=True).stdout
        early = run_cli("batch", "collect", str(state))
        assert early.returncode == 1 and "not finished" in early.stderr and not batch_out.exists()
        assert "finalizing" in run_cli("batch", "status", str(state), check=True).stdout

        first = run_cli("batch", "collect", str(state), "-q")
        assert first.returncode == 1 and "failed" in first.stderr, first.stderr
        collected = _by_id(batch_out)
        assert collected.keys() == online.keys()
        assert collected["flaky-1"]["kind"] == "error" and "failed" in collected["flaky-1"]["message"]
        for article_id, record in online.items():
            if article_id != "flaky-1":
                assert collected[article_id] == record, article_id

        lines_before = batch_out.read_text(encoding="utf-8").splitlines()
        again = run_cli("batch", "collect", str(state), "-q")
        assert again.returncode == 1
        assert _by_id(batch_out) == collected  # idempotent: the same records, none twice
        results_before = [line for line in lines_before if '"kind":"result"' in line]
        assert [line for line in batch_out.read_text().splitlines() if '"kind":"result"' in line] == results_before

        failed_ids = [json.loads(line)["custom_id"] for line in _error_file(server, first_batch)]
        server.batches.fail_when = None
        followup = run_cli("batch", "submit", *batch_args, check=True)
        assert f"{len(failed_ids)} requests sent" in followup.stderr, followup.stderr
        second_batch = next(b for b in server.batches.batches if b != first_batch)
        for _ in range(3):
            run_cli("batch", "status", str(state), check=True)
        run_cli("batch", "collect", str(state), "-q", check=True)
        assert sorted(server.batches.sent[second_batch]) == sorted(failed_ids)  # only the failed ones went again
        assert _by_id(batch_out) == online  # every record now as the online path wrote it

        nothing = run_cli("batch", "submit", *batch_args, check=True)  # the cache answers everything
        assert "0 requests sent" in nothing.stderr and len(server.batches.batches) == 2


def _error_file(server: FakeOpenAIServer, batch_id: str) -> list[str]:
    file_id = server.batches.batches[batch_id]["error_file_id"]
    return server.batches.files[file_id][1].decode().splitlines()
