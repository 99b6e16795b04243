"""Memory: peak RSS of the CLI on batches of 250 / 500 / 1,000 / 2,000 articles.

    python benchmarks/bench_memory.py [--sizes 250,500,1000,2000] [--no-fake]

Each run is ``claimex extract <synthetic N>.jsonl -o … --overwrite --quiet`` in a child
process; its own peak RSS comes from ``os.wait4`` (per child, unlike RUSAGE_CHILDREN which
keeps the largest child seen so far). Two configurations: ``--strategy rules`` (no model),
and ``--strategy llm -j 8 --no-cache`` against FakeOpenAIServer (own process; the server's
memory is not counted). Streamed means flat: peak RSS at 2,000 articles ÷ at 250 should
stay near 1 (target ≤ 1.10).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

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

TARGET = 1.10


def peak_rss(cmd: list[str]) -> tuple[float, float]:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=cli_env())
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {err[-2000:]}")
    return usage.ru_maxrss / 1024, wall  # KiB on Linux → MiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,500,1000,2000")
    parser.add_argument("--no-fake", action="store_true", help="only the rules configuration")
    args = parser.parse_args()
    info = machine()
    sizes = [int(s) for s in args.sizes.split(",")]
    configs: list[tuple[str, list[str]]] = [("rules", ["--strategy", "rules"])]
    rows: list[dict[str, Any]] = []
    fake = None if args.no_fake else FakeServerProcess(0.0)
    if fake is not None:
        fake.__enter__()
        configs.append(
            (
                "llm -j 8, fake endpoint, no cache",
                [
                    "--strategy",
                    "llm",
                    "-j",
                    "8",
                    "--no-cache",
                    "--backend",
                    "openai",
                    "--base-url",
                    fake.base_url,
                    "--model",
                    "fake",
                ],
            )
        )
    try:
        for name, extra in configs:
            for n in sizes:
                path = synthetic_file(n, seed=1)
                out = OUT / f"memory_{n}.jsonl"
                rss, wall = peak_rss(
                    [*CLAIMEX_CLI, "extract", str(path), "-o", str(out), "--overwrite", "--quiet", *extra]
                )
                records = out.read_text(encoding="utf-8").count("\n")
                rows.append(
                    {
                        "config": name,
                        "articles": n,
                        "records": records,
                        "peak_rss_mib": round(rss, 1),
                        "wall_s": round(wall, 2),
                    }
                )
                print(rows[-1], file=sys.stderr)
    finally:
        if fake is not None:
            fake.__exit__(None, None, None)
    growth = {}
    for name, _ in configs:
        mine = [r for r in rows if r["config"] == name]
        growth[name] = round(mine[-1]["peak_rss_mib"] / mine[0]["peak_rss_mib"], 3)
    ok = all(g <= TARGET for g in growth.values())
    data = {
        "benchmark": "memory",
        "command": "python benchmarks/bench_memory.py " + " ".join(sys.argv[1:]),
        "machine": info,
        "rows": rows,
        "growth_largest_over_smallest": growth,
        "target": TARGET,
        "target_met": ok,
    }
    md = [
        "# Memory: peak RSS of the CLI as the batch grows",
        "",
        f"`{data['command']}` — {machine_line(info)}.",
        "Child peak RSS from `os.wait4`; the fake server runs in its own process and is not counted.",
        "",
        table(list(rows[0].keys()), [list(r.values()) for r in rows]),
        "",
        f"Peak RSS at the largest batch ÷ at the smallest (target ≤ {TARGET:.2f}, flat = streamed): "
        + ", ".join(f"{k}: {v}" for k, v in growth.items())
        + f" {verdict(ok)}.",
    ]
    write_results("memory", data, "\n".join(md))


if __name__ == "__main__":
    main()
