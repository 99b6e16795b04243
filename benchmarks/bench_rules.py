"""Rules layer throughput: articles/s of ``claimex.attribution.analyse``; eval scoring claims/s.

    python benchmarks/bench_rules.py [-n 1000] [--repeat 3]

Times ``analyse(article)`` over the synthetic set (``-n`` articles) and over the seeds
(repeated to at least 50 calls), best of ``--repeat``. Articles are loaded before timing.
Eval scoring claims/s is read from ``results/eval_scoring.json`` (``bench_eval.py``, run it
first; ``run_all.sh`` does).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (
    RESULTS,
    load_jsonl_articles,
    machine,
    machine_line,
    seed_articles,
    synthetic_file,
    table,
    write_results,
)

from claimex.attribution import analyse


def best_rate(articles: list, repeat: int) -> tuple[float, float, int]:
    best = float("inf")
    proposals = 0
    for _ in range(repeat):
        started = time.perf_counter()
        proposals = sum(len(analyse(a).proposals) for a in articles)
        best = min(best, time.perf_counter() - started)
    return len(articles) / best, best, proposals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    info = machine()
    synthetic = load_jsonl_articles(synthetic_file(args.n))
    seeds = seed_articles()
    seeds_rep = seeds * max(1, 50 // len(seeds))
    analyse(seeds[0])  # warm-up (lexicon, regex compilation)
    syn_rate, syn_s, syn_props = best_rate(synthetic, args.repeat)
    seed_rate, seed_s, seed_props = best_rate(seeds_rep, args.repeat)
    syn_chars = sum(len(a.text) for a in synthetic) / len(synthetic)
    seed_chars = sum(len(a.text) for a in seeds) / len(seeds)
    rows = [
        [
            "synthetic",
            len(synthetic),
            round(syn_chars),
            round(syn_s, 3),
            round(syn_rate, 1),
            round(syn_rate * syn_chars / 1000, 1),
            syn_props,
        ],
        [
            f"seeds (×{len(seeds_rep) // len(seeds)})",
            len(seeds_rep),
            round(seed_chars),
            round(seed_s, 3),
            round(seed_rate, 1),
            round(seed_rate * seed_chars / 1000, 1),
            seed_props,
        ],
    ]
    eval_path = RESULTS / "eval_scoring.json"
    eval_fig = None
    if eval_path.exists():
        ev = json.loads(eval_path.read_text())
        eval_fig = ev
    claims_s = None
    if eval_fig:
        gold = eval_fig.get("gold_claims")
        secs = eval_fig.get("seconds", {}).get("match_plus_metrics")
        claims_s = eval_fig.get("claims_per_s")
        if claims_s is None and gold and secs:
            claims_s = gold / secs
    data = {
        "benchmark": "rules",
        "command": "python benchmarks/bench_rules.py " + " ".join(sys.argv[1:]),
        "machine": info,
        "repeat": args.repeat,
        "synthetic": {
            "articles": len(synthetic),
            "mean_chars": round(syn_chars),
            "best_s": round(syn_s, 4),
            "articles_per_s": round(syn_rate, 1),
            "proposals": syn_props,
        },
        "seeds": {
            "articles": len(seeds_rep),
            "mean_chars": round(seed_chars),
            "best_s": round(seed_s, 4),
            "articles_per_s": round(seed_rate, 1),
            "proposals": seed_props,
        },
        "eval_scoring_claims_per_s": round(claims_s, 0) if claims_s else None,
        "eval_scoring_source": "results/eval_scoring.json (bench_eval.py)",
    }
    md = [
        "# Rules layer throughput (`claimex.attribution.analyse`)",
        "",
        f"`{data['command']}` — {machine_line(info)}. Best of {args.repeat}, one thread.",
        "",
        table(["set", "articles", "mean chars", "best s", "articles/s", "k chars/s", "proposals"], rows),
        "",
        f"Eval scoring (matching + metrics, from `bench_eval.py`): "
        f"{f'{claims_s:.0f} claims/s' if claims_s else 'n/a — run bench_eval.py'}.",
    ]
    write_results("rules", data, "\n".join(md))


if __name__ == "__main__":
    main()
