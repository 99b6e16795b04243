"""Micro-benchmark of evaluation scoring: matching + metrics over synthetic claims.

Synthesises ``--articles`` articles with ``--claims`` gold claims in all (10,000 over 500 by
default) and about as many predictions: most on the exact gold span, some shifted or cut
(partial overlap), some ungrounded (token F1 path), some spurious, with a share of wrong
speakers / stances / dates. Times, best of ``--repeat``:

- ``match``: ``match_run`` (gold quotes located in article text, similarity matrices,
  assignment, field verdicts);
- ``metrics``: ``compute_metrics(resamples=0)``;
- ``bootstrap``: ``compute_metrics(resamples=1000)`` (reported separately);
- ``report``: ``render_report``.

Prints JSON and writes ``benchmarks/results/eval_scoring.json`` and ``.md``.

    python benchmarks/bench_eval.py [--articles 500] [--claims 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from claimex.core.types import AlignmentStatus, Article, Claim, ExtractionResult, Provenance
from claimex.evaluation import (
    GoldClaim,
    GoldFile,
    compute_metrics,
    match_run,
    predictions_from_records,
)
from claimex.view import render_report

T = TypeVar("T")
WORDS = re.findall(
    r"\S+",
    "militia commander warned government forces response attack strike withdraw troops "
    "embassy minister said statement rejected threats called calm region security council "
    "retaliation drone base rocket zone diplomatic mission president spokesman denied",
)
SPEAKERS = [
    "Qais al-Khazali",
    "US Central Command",
    "Mustafa al-Kadhimi",
    "Kataib Hezbollah",
    "State Department",
]
TARGETS = [None, "United States", "Iran", "Iraq", "Israel"]
STANCES = ["threaten", "oppose", "support", "neutral"]
TYPES = ["direct", "indirect", "mixed"]
DAY = dt.date(2020, 1, 9)
PROVENANCE = Provenance(claimex_version="bench", strategy="synthetic")


def synthesise(
    n_articles: int, n_claims: int, seed: int = 0
) -> tuple[dict[str, GoldFile], list[ExtractionResult], dict[str, Article]]:
    rng = random.Random(seed)
    gold: dict[str, GoldFile] = {}
    results: list[ExtractionResult] = []
    articles: dict[str, Article] = {}
    per_article = [n_claims // n_articles + (1 if i < n_claims % n_articles else 0) for i in range(n_articles)]
    for a, k in enumerate(per_article):
        article_id = f"art{a:05d}"
        sentences = [
            f"S{a}.{s} " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))) + "." for s in range(k + 5)
        ]
        text = " ".join(sentences)
        offsets = []
        pos = 0
        for s in sentences:
            offsets.append((pos, pos + len(s)))
            pos += len(s) + 1
        chosen = rng.sample(range(len(sentences)), k)
        gclaims: list[GoldClaim] = []
        preds: list[Claim] = []
        for idx in chosen:
            start, end = offsets[idx]
            g = GoldClaim(
                speaker=rng.choice(SPEAKERS),
                quote=text[start:end],
                quote_type=rng.choice(TYPES),
                target=rng.choice(TARGETS),
                stance=rng.choice(STANCES),
                date=DAY if rng.random() < 0.5 else None,
            )
            gclaims.append(g)
            roll = rng.random()
            if roll < 0.10:
                continue  # missed
            p_start, p_end, alignment = start, end, AlignmentStatus.EXACT
            if roll < 0.25:  # partial overlap
                p_start = start + rng.randint(0, (end - start) // 3)
                p_end = end - rng.randint(0, (end - start) // 4)
            grounded = roll >= 0.35 or roll < 0.25  # 10% ungrounded: token path
            preds.append(
                Claim(
                    speaker=g.speaker if rng.random() < 0.85 else rng.choice(SPEAKERS),
                    quote=text[p_start:p_end],
                    quote_type=g.quote_type if rng.random() < 0.9 else rng.choice(TYPES),
                    target=g.target if rng.random() < 0.8 else rng.choice(TARGETS),
                    stance=g.stance if rng.random() < 0.7 else rng.choice(STANCES),
                    date=g.date if rng.random() < 0.8 else None,
                    start=p_start if grounded else None,
                    end=p_end if grounded else None,
                    alignment=alignment if grounded else AlignmentStatus.NONE,
                )
            )
        for idx in rng.sample([i for i in range(len(sentences)) if i not in chosen], min(2, len(sentences) - k)):
            if rng.random() < 0.5:
                start, end = offsets[idx]
                preds.append(
                    Claim(
                        speaker=rng.choice(SPEAKERS),
                        quote=text[start:end],
                        quote_type="indirect",
                        start=start,
                        end=end,
                        alignment=AlignmentStatus.EXACT,
                    )
                )
        rng.shuffle(preds)
        gold[article_id] = GoldFile(article_id=article_id, published=DAY, claims=tuple(gclaims))
        results.append(
            ExtractionResult(
                article_id=article_id,
                article_sha256="0" * 64,
                claims=tuple(preds),
                provenance=PROVENANCE,
            )
        )
        articles[article_id] = Article(id=article_id, text=text, published=DAY)
    return gold, results, articles


def best_of(repeat: int, fn: Callable[[], T]) -> tuple[float, T]:
    best, value = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - t0)
    assert value is not None
    return best, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    args = parser.parse_args()

    gold, results, articles = synthesise(args.articles, args.claims)
    predictions = predictions_from_records(results)
    n_pred = sum(len(r.claims) for r in results)

    t_match, run = best_of(args.repeat, lambda: match_run(gold, predictions, articles))
    t_metrics, metrics = best_of(args.repeat, lambda: compute_metrics(run, resamples=0))
    t_boot, boot = best_of(args.repeat, lambda: compute_metrics(run, resamples=args.resamples, seed=0))
    t_report, _ = best_of(args.repeat, lambda: render_report(boot, run))

    out: dict[str, Any] = {
        "benchmark": "eval_scoring",
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "articles": args.articles,
        "gold_claims": sum(len(g.claims) for g in gold.values()),
        "predicted_claims": n_pred,
        "matched_pairs": metrics.counts["matched"],
        "repeat": args.repeat,
        "seconds": {
            "match": round(t_match, 4),
            "metrics": round(t_metrics, 4),
            "match_plus_metrics": round(t_match + t_metrics, 4),
            f"bootstrap_{args.resamples}": round(t_boot, 4),
            "report": round(t_report, 4),
        },
        "claim_f1": metrics.headline["claim_f1"].value,
        "claim_f1_ci": [boot.headline["claim_f1"].low, boot.headline["claim_f1"].high],
    }
    print(json.dumps(out, indent=2))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "eval_scoring.json").write_text(json.dumps(out, indent=2) + "\n")
    s = out["seconds"]
    md = [
        "# Evaluation scoring benchmark",
        "",
        f"`python benchmarks/bench_eval.py` on {out['date']} "
        f"(Python {out['python']}, {out['machine']}), best of {args.repeat}.",
        "",
        f"{out['articles']} synthetic articles, {out['gold_claims']} gold claims, "
        f"{n_pred} predicted claims, "
        f"{out['matched_pairs']} matched pairs.",
        "",
        "| stage | seconds |",
        "|---|---|",
        f"| match_run (locate gold quotes, similarity, assignment, field verdicts) | {s['match']:.3f} |",
        f"| compute_metrics, no bootstrap | {s['metrics']:.3f} |",
        f"| **matching + metrics** | **{s['match_plus_metrics']:.3f}** |",
        f"| compute_metrics with {args.resamples} bootstrap resamples | {s[f'bootstrap_{args.resamples}']:.3f} |",
        f"| render_report | {s['report']:.3f} |",
        "",
    ]
    (args.out / "eval_scoring.md").write_text("\n".join(md))


if __name__ == "__main__":
    main()
