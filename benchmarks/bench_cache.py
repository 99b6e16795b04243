"""Cache: cold run vs warm re-run, through the library (BatchRunner) and the CLI.

    python benchmarks/bench_cache.py [-n 1000] [--skip-seeds] [-j 8]

- **Seeds, embedded model, hybrid**: cold run with an empty cache dir, then a warm re-run
  (every model answer from the disk cache; the server is never started on the warm run).
- **Synthetic ``-n`` articles**: the cold run talks to FakeOpenAIServer (its own process,
  no delay) with ``--backend openai`` so it is not hours long; strategies hybrid and llm.
  The warm re-run is the figure of interest: articles/s, target ≥ 500.
- Since the whole-result cache landed in src (``pipeline/result_cache.py``), a warm re-run
  is served per article from it; rows marked "answer cache only" wipe it first, so the
  rules pass, grounding and validation run again and only model answers come from cache.
- CLI end to end (``claimex extract … --overwrite``, a subprocess, start-up included) for the
  warm synthetic run and the warm seeds run. ``--overwrite`` so that resume does not skip
  the work: the warm run really re-extracts from cache.
Cache dirs and outputs live under ``benchmarks/out/`` and are wiped before each cold run.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (
    CLAIMEX_CLI,
    OUT,
    SEEDS,
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

TARGET = 500.0


def library_run(settings: Settings, inputs: str, out: Path, concurrency: int) -> dict[str, Any]:
    sources = list(iter_sources([inputs]))
    with Extractor(settings) as extractor:
        started = time.perf_counter()
        stats = BatchRunner(extractor, out, overwrite=True, concurrency=concurrency).run(sources, total=len(sources))
        wall = time.perf_counter() - started
    return {
        "articles": stats.done + stats.errors,
        "errors": stats.errors,
        "wall_s": round(wall, 3),
        "articles_per_s": round((stats.done + stats.errors) / wall, 1),
        "model_calls": stats.model_calls,
        "cache_hits": stats.cache_hits,
    }


def cli_run(args: list[str], out: Path) -> dict[str, Any]:
    cmd = [*CLAIMEX_CLI, "extract", *args, "-o", str(out), "--overwrite", "--quiet"]
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=cli_env())
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-2000:])
    n = out.read_text(encoding="utf-8").count("\n")
    return {
        "articles": n,
        "errors": None,
        "wall_s": round(wall, 3),
        "articles_per_s": round(n / wall, 1),
        "model_calls": None,
        "cache_hits": None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("-j", "--concurrency", type=int, default=8)
    parser.add_argument("--skip-seeds", action="store_true", help="skip the (slow) embedded-model seeds run")
    parser.add_argument("--seeds", default=str(SEEDS), help="seed input (a file of seeds/ for a shorter run)")
    args = parser.parse_args()
    info = machine()
    rows: list[dict[str, Any]] = []

    def add(label: str, path: str, strategy: str, backend: str, run: str, fig: dict[str, Any]) -> None:
        row = {"set": label, "path": path, "strategy": strategy, "backend": backend, "run": run, **fig}
        rows.append(row)
        print(row, file=sys.stderr)

    # -- seeds, embedded model ------------------------------------------------------------
    if not args.skip_seeds:
        cache = OUT / "cache_seeds"
        shutil.rmtree(cache, ignore_errors=True)
        settings = Settings(strategy="hybrid", cache_dir=cache)
        out = OUT / "cache_seeds.jsonl"
        label = "seeds" if Path(args.seeds) == SEEDS else f"seeds: {Path(args.seeds).name}"
        add(label, "library", "hybrid", "embedded", "cold", library_run(settings, args.seeds, out, 1))
        add(label, "library", "hybrid", "embedded", "warm", library_run(settings, args.seeds, out, 1))
        add(
            label,
            "CLI",
            "hybrid",
            "embedded",
            "warm",
            cli_run([args.seeds, "--strategy", "hybrid", "--cache-dir", str(cache)], OUT / "cache_seeds_cli.jsonl"),
        )

    # -- synthetic, fake endpoint for the cold run ------------------------------------------
    path = synthetic_file(args.n)
    with FakeServerProcess(0.0) as server:
        for strategy in ("hybrid", "llm"):
            cache = OUT / f"cache_syn_{strategy}"
            shutil.rmtree(cache, ignore_errors=True)
            settings = Settings(
                strategy=strategy,
                backend="openai",
                base_url=server.base_url,
                model="fake",
                cache_dir=cache,
                concurrency=args.concurrency,
            )
            out = OUT / f"cache_syn_{strategy}.jsonl"
            label = f"synthetic {args.n}"
            add(
                label,
                "library",
                strategy,
                "fake openai",
                "cold",
                library_run(settings, str(path), out, args.concurrency),
            )
            add(
                label,
                "library",
                strategy,
                "fake openai",
                "warm",
                library_run(settings, str(path), out, args.concurrency),
            )
            add(label, "library -j 1", strategy, "fake openai", "warm", library_run(settings, str(path), out, 1))
            # Without the whole-result cache (wiped): every article re-runs the rules and
            # grounding, and only the model answers come from the answer cache. This is the
            # warm path after a code change (the result key holds the code fingerprint).
            for j in (args.concurrency, 1):
                shutil.rmtree(cache / "results", ignore_errors=True)
                add(
                    label,
                    f"library -j {j}, answer cache only",
                    strategy,
                    "fake openai",
                    "warm",
                    library_run(settings, str(path), out, j),
                )
            add(
                label,
                "CLI",
                strategy,
                "fake openai",
                "warm",
                cli_run(
                    [
                        str(path),
                        "--strategy",
                        strategy,
                        "--backend",
                        "openai",
                        "--base-url",
                        server.base_url,
                        "--model",
                        "fake",
                        "--cache-dir",
                        str(cache),
                        "-j",
                        str(args.concurrency),
                    ],
                    OUT / f"cache_syn_{strategy}_cli.jsonl",
                ),
            )

    warm_syn = [
        r
        for r in rows
        if r["set"].startswith("synthetic")
        and r["run"] == "warm"
        and r["path"].startswith("library")
        and "answer cache only" not in r["path"]
    ]
    answer_only = [r for r in rows if "answer cache only" in r["path"] and r["strategy"] == "hybrid"]
    answer_only_best = max((r["articles_per_s"] for r in answer_only), default=None)
    best_warm = max(r["articles_per_s"] for r in warm_syn)
    hybrid_warm = max(r["articles_per_s"] for r in warm_syn if r["strategy"] == "hybrid")
    data = {
        "benchmark": "cache",
        "command": "python benchmarks/bench_cache.py " + " ".join(sys.argv[1:]),
        "machine": info,
        "rows": rows,
        "warm_synthetic_articles_per_s_hybrid": hybrid_warm,
        "warm_synthetic_articles_per_s_best": best_warm,
        "target_articles_per_s": TARGET,
        "target_met": hybrid_warm >= TARGET,
        "warm_synthetic_articles_per_s_hybrid_answer_cache_only": answer_only_best,
    }
    cold_warm = []
    for label in sorted({(r["set"], r["strategy"]) for r in rows}):
        cold = next((r for r in rows if (r["set"], r["strategy"]) == label and r["run"] == "cold"), None)
        warm = next(
            (r for r in rows if (r["set"], r["strategy"]) == label and r["run"] == "warm" and r["path"] == "library"),
            None,
        )
        if cold and warm:
            cold_warm.append(
                [label[0], label[1], cold["wall_s"], warm["wall_s"], round(cold["wall_s"] / warm["wall_s"], 1)]
            )
    md = [
        "# Cache: cold run vs warm re-run",
        "",
        f"`{data['command']}` — {machine_line(info)}.",
        "Seeds: embedded model (gemma-3-270m), hybrid, one article at a time. Synthetic: cold run against "
        f"FakeOpenAIServer (own process, no delay), `-j {args.concurrency}`; the warm run reads every answer "
        "from the disk cache. CLI rows are a subprocess with `--overwrite` (start-up included).",
        "",
        table(list(rows[0].keys()), [list(r.values()) for r in rows]),
        "",
        table(["set", "strategy", "cold s", "warm s", "cold ÷ warm"], cold_warm),
        "",
        f"Target ≥ {TARGET:.0f} articles/s warm (hybrid, synthetic, library): {hybrid_warm} "
        f"{verdict(hybrid_warm >= TARGET)} (best of any strategy/concurrency: {best_warm}). "
        f"With the result cache wiped (answer cache only, rules and grounding re-run): {answer_only_best} "
        f"{verdict(bool(answer_only_best and answer_only_best >= TARGET))}.",
    ]
    write_results("cache", data, "\n".join(md))


if __name__ == "__main__":
    main()
