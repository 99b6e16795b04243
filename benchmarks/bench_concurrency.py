"""Concurrency against a remote endpoint: FakeOpenAIServer (fixed delay) at several concurrencies.

    python benchmarks/bench_concurrency.py [-n 1000] [--delay 0.2] [--levels 1,8,32,128] [--n1 100] [--cli]

The fake server (tests/support/servers.py, answers valid JSON for the requested schema after
``--delay`` seconds) runs in its own process. Library path: ``BatchRunner`` over a synthetic
JSONL, ``llm`` strategy, no cache, output to ``benchmarks/out/``. Efficiency =
(n × delay ÷ concurrency) ÷ measured wall time; 1.0 is the endpoint's limit. Target ≥ 0.8 at
concurrency 32. Concurrency 1 runs ``--n1`` articles (the ideal is n × delay; 1,000 would take
200 s for no extra information). ``--cli`` also times ``claimex extract -j N`` end to end.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (
    CLAIMEX_CLI,
    OUT,
    FakeServerProcess,
    cli_env,
    machine,
    machine_line,
    synthetic_file,
    table,
    verdict,
    write_results,
)

from claimex.core.articles import iter_sources
from claimex.core.settings import Settings
from claimex.pipeline.batch import BatchRunner
from claimex.pipeline.extractor import Extractor

TARGET = 0.8


def run_library(path: Path, n: int, base_url: str, concurrency: int) -> dict[str, float]:
    settings = Settings(
        strategy="llm", backend="openai", base_url=base_url, model="fake", use_cache=False, concurrency=concurrency
    )
    out = OUT / f"concurrency_{concurrency}.jsonl"
    with Extractor(settings) as extractor:
        sources = list(iter_sources([str(path)]))[:n]
        started = time.perf_counter()
        stats = BatchRunner(extractor, out, overwrite=True, concurrency=concurrency).run(sources, total=n)
        wall = time.perf_counter() - started
    return {"wall_s": wall, "done": stats.done, "errors": stats.errors, "model_calls": stats.model_calls}


def run_cli(path: Path, base_url: str, concurrency: int) -> dict[str, float]:
    out = OUT / f"concurrency_cli_{concurrency}.jsonl"
    cmd = [
        *CLAIMEX_CLI,
        "extract",
        str(path),
        "-o",
        str(out),
        "--overwrite",
        "-j",
        str(concurrency),
        "--backend",
        "openai",
        "--base-url",
        base_url,
        "--model",
        "fake",
        "--strategy",
        "llm",
        "--no-cache",
        "--quiet",
    ]
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=cli_env())
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-2000:])
    lines = out.read_text(encoding="utf-8").count("\n")
    return {"wall_s": wall, "records": lines}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--n1", type=int, default=100, help="articles at concurrency 1")
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--levels", default="1,8,32,128")
    parser.add_argument("--backlog", type=int, default=None, help="diagnosis: fake server listen backlog")
    parser.add_argument("--nodelay", action="store_true", help="diagnosis: TCP_NODELAY on the fake server")
    parser.add_argument("--cli", action="store_true", help="also time the CLI end to end")
    parser.add_argument("--name", default="concurrency")
    args = parser.parse_args()
    info = machine()
    path = synthetic_file(args.n)
    levels = [int(x) for x in args.levels.split(",")]
    rows = []
    with FakeServerProcess(args.delay, backlog=args.backlog, nodelay=args.nodelay) as server:
        run_library(path, 8, server.base_url, 4)  # warm-up (imports, schema caches, connections)
        for c in levels:
            n = args.n1 if c == 1 else args.n
            lib = run_library(path, n, server.base_url, c)
            ideal = n * args.delay / c
            row = {
                "path": "library (BatchRunner)",
                "concurrency": c,
                "articles": n,
                "wall_s": round(lib["wall_s"], 3),
                "ideal_s": round(ideal, 3),
                "efficiency": round(ideal / lib["wall_s"], 3),
                "articles_per_s": round(n / lib["wall_s"], 1),
                "errors": lib["errors"],
                "model_calls": lib["model_calls"],
            }
            rows.append(row)
            print(row, file=sys.stderr)
            if args.cli and c != 1:
                cli = run_cli(path, server.base_url, c)
                crow = {
                    "path": "CLI (subprocess, incl. start-up)",
                    "concurrency": c,
                    "articles": args.n,
                    "wall_s": round(cli["wall_s"], 3),
                    "ideal_s": round(ideal, 3),
                    "efficiency": round(ideal / cli["wall_s"], 3),
                    "articles_per_s": round(args.n / cli["wall_s"], 1),
                    "errors": None,
                    "model_calls": None,
                }
                rows.append(crow)
                print(crow, file=sys.stderr)
    at32 = next((r["efficiency"] for r in rows if r["concurrency"] == 32 and r["path"].startswith("library")), None)
    data = {
        "benchmark": args.name,
        "command": "python benchmarks/bench_concurrency.py " + " ".join(sys.argv[1:]),
        "machine": info,
        "delay_s": args.delay,
        "strategy": "llm",
        "server_backlog": args.backlog or "default (5)",
        "server_tcp_nodelay": args.nodelay,
        "rows": rows,
        "efficiency_at_32": at32,
        "target": TARGET,
        "target_met": at32 is not None and at32 >= TARGET,
    }
    md = [
        "# Concurrency against a remote endpoint (FakeOpenAIServer, llm strategy, no cache)",
        "",
        f"`{data['command']}` — {machine_line(info)}.",
        f"Fake server in its own process, fixed delay {args.delay} s per request, listen backlog "
        f"{data['server_backlog']}, TCP_NODELAY {'on' if args.nodelay else 'off (as in tests/support)'}. Efficiency = (n × delay ÷ concurrency) ÷ wall. Concurrency 1 runs "
        f"{args.n1} articles.",
        "",
        table(list(rows[0].keys()), [list(r.values()) for r in rows]),
        "",
        f"Target efficiency ≥ {TARGET} at concurrency 32: {at32} {verdict(bool(data['target_met']))}.",
    ]
    write_results(args.name, data, "\n".join(md))


if __name__ == "__main__":
    main()
