"""Issue 15: the rules path on Ray in local mode writes the records ``claimex extract`` writes,
and a worker killed mid-run loses and duplicates nothing."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow
import pyarrow.parquet
import pytest
import ray

from claimex.core.articles import iter_sources
from claimex.core.paths import plan_inputs
from claimex.core.settings import Settings
from claimex.pipeline.batch import BatchStats, Record
from claimex.pipeline.extractor import Extractor
from claimex.scale.ray import RayRunner, connect
from tests.integration.conftest import ROOT, read_records, run_cli
from tests.support.synthetic import synthetic_articles


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    connect("local", num_cpus=2, object_store_memory=100 * 2**20)
    yield
    ray.shutdown()


def _ancestors(pid: int) -> Iterator[int]:
    while pid > 1:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return
        pid = int(stat.rsplit(")", 1)[1].split()[1])
        yield pid


def _our_map_workers() -> list[int]:
    """Ray Data's actor processes that this test's own Ray started (never anyone else's)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if "MapWorker" in cmdline and os.getpid() in _ancestors(int(entry.name)):
            found.append(int(entry.name))
    return found


def _without_timings(path: Path) -> list[dict[str, Any]]:
    return [{k: v for k, v in record.items() if k != "timings"} for record in read_records(path)]


def test_ray_records_equal_extract_and_a_killed_worker_loses_nothing(tmp_path: Path, local_ray: None) -> None:
    """1,000 synthetic articles and the seeds, in process; then the CLI resumes a cut copy on Ray."""
    articles = tmp_path / "synthetic.jsonl"
    articles.write_text("".join(json.dumps(a) + "\n" for a in synthetic_articles(1000, seed=15)), encoding="utf-8")
    inputs = [str(articles), str(ROOT / "seeds")]
    local_out, ray_out = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    run_cli(
        "extract", *inputs, "-o", str(local_out), "-s", "rules", "--cache-dir", str(tmp_path / "c1"), "-q", check=True
    )

    killed: list[int] = []

    def kill_one_worker_midway(record: Record, stats: BatchStats) -> None:
        if stats.processed == 100 and not killed:
            workers = _our_map_workers()
            assert workers, "no Ray worker process found to kill"
            os.kill(workers[0], signal.SIGKILL)
            killed.append(workers[0])

    # No result cache on Ray: the batch a killed worker had half done is run again, and the
    # articles it had finished would come back from the cache marked ``cache_hit`` (true, but
    # not what the fresh local run says), which would blur the comparison.
    settings = Settings.build({"strategy": "rules", "cache_dir": tmp_path / "c2", "use_cache": False})
    with Extractor(settings) as extractor:
        runner = RayRunner(extractor, ray_out, workers=2, on_record=kill_one_worker_midway)
        stats = runner.run(iter_sources(plan_inputs(inputs)))
    assert killed and stats.errors == 0

    local, on_ray = _without_timings(local_out), _without_timings(ray_out)
    ids = [r["article_id"] for r in on_ray]
    assert len(ids) == len(set(ids)) == len(local) > 1000  # none lost, none twice
    assert on_ray == local  # same records, same order

    # the CLI's --engine ray resumes an output cut short (a torn last line included)
    lines = ray_out.read_text(encoding="utf-8").splitlines(keepends=True)
    ray_out.write_text("".join(lines[:990]) + lines[990][:40], encoding="utf-8")
    ray_args = ["--engine", "ray", "--ray-address", "local", "--ray-workers", "1", "--no-cache"]
    resumed = run_cli("extract", *inputs, "-o", str(ray_out), "-s", "rules", *ray_args, check=True)
    assert "skipped (already done)" in resumed.stderr and "990" in resumed.stderr
    assert _without_timings(ray_out) == local


def test_a_dataset_read_from_jsonl_files_gives_the_records_of_the_library(tmp_path: Path, local_ray: None) -> None:
    """The object-storage path (JSONL and Parquet): read_articles -> extract_dataset, no driver-side reading."""
    from claimex.core.articles import load_articles
    from claimex.scale.ray import extract_dataset, parse_record, read_articles

    path = tmp_path / "part-0.jsonl"
    good = synthetic_articles(6, seed=3)
    bad = {"id": "syn-broken", "text": "", "published": "2023-06-09", "title": "x"}
    path.write_text("".join(json.dumps(a) + "\n" for a in [*good, bad]), encoding="utf-8")
    settings = Settings.build({"strategy": "rules", "use_cache": False})
    rows = extract_dataset(read_articles(str(path)), settings, workers=1).take_all()
    records = [parse_record(row["record"]) for row in rows]
    errors = [r for r in records if r.kind == "error"]
    assert len(errors) == 1 and "syn-broken" in errors[0].origin and "text" in errors[0].message
    on_ray = sorted((r for r in records if r.kind == "result"), key=lambda r: str(r.article_id))
    good_path = tmp_path / "good.jsonl"
    good_path.write_text("".join(json.dumps(a) + "\n" for a in good), encoding="utf-8")
    with Extractor(settings) as extractor:
        local = list(extractor.extract_many(load_articles([str(good_path)])))
    assert [r.model_dump(exclude={"timings"}) for r in on_ray] == [r.model_dump(exclude={"timings"}) for r in local]

    parquet = tmp_path / "part-0.parquet"
    pyarrow.parquet.write_table(pyarrow.Table.from_pylist(good), parquet)
    from_parquet = extract_dataset(read_articles(str(parquet), parquet=True), settings, workers=1).take_all()
    assert sorted(
        (parse_record(row["record"]).model_dump(exclude={"timings"}) for row in from_parquet),
        key=lambda r: str(r["article_id"]),
    ) == [r.model_dump(exclude={"timings"}) for r in local]
