"""Position and prior bias controls for the hybrid's stance question, on gold: stance accuracy and "threaten" share.

    python benchmarks/bench_stance_bias.py [--gold evals/gold/seeds --articles seeds] [--model-path X.gguf]
        [--threads 1] [--modes none,shuffle,calibrate] [--name stance_bias_seeds_gemma270m] [--min-letter-mass 0]

One hybrid run per mode through the real Extractor and cache (a re-run costs no model call):

- ``none``: the JSON-schema question (stance_target@v2), labels in a fixed order;
- ``shuffle``: the stance as a lettered choice in a per-call shuffled order, scored from
  the next token's log-probabilities, letter mapped back (stance_choice@v1);
- ``calibrate``: shuffle, and each label's probability divided by the model's probability
  for it on a content-free statement (Zhao et al. 2021).

Reported per mode: stance and target accuracy on matched pairs with 95% bootstrap CIs, the
paired delta of stance accuracy against the rules, the share of the model's own stance
answers that are "threaten" (before the lexicon guard; read from ``decided_by`` and the
"rules kept" warnings), and the share in the output.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine, machine_line, table, write_results

from claimex.core.articles import load_articles
from claimex.core.settings import Settings
from claimex.core.types import ExtractionResult
from claimex.evaluation.compare import compare_runs
from claimex.evaluation.gold import load_gold_dir
from claimex.evaluation.matching import match_run
from claimex.evaluation.metrics import compute_metrics
from claimex.evaluation.predictions import predictions_from_records
from claimex.evaluation.runner import extract_for_eval

_REJECTED = re.compile(r"^model stance '(\w+)'")


def _model_answers(records: list) -> Counter[str]:
    """The stances the model gave: taken ones (decided_by model) and the ones the lexicon guard refused."""
    answers: Counter[str] = Counter()
    for record in records:
        if not isinstance(record, ExtractionResult):
            continue
        for claim in record.claims:
            if claim.decided_by.get("stance") == "model":
                answers[str(claim.stance)] += 1
        for warning in record.warnings:
            found = _REJECTED.match(warning)
            if found:
                answers[found.group(1)] += 1
    return answers


def _fmt(value: float | None, low: float | None = None, high: float | None = None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.3f}" + (f" [{low:.3f}, {high:.3f}]" if low is not None and high is not None else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=Path("evals/gold/seeds"))
    parser.add_argument("--articles", default="seeds")
    parser.add_argument("--model-path", type=Path, default=None)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--modes", default="none,shuffle,calibrate")
    parser.add_argument("--cache-dir", type=Path, default=Path(".claimex-cache"))
    parser.add_argument("--name", default="stance_bias_seeds_gemma270m")
    parser.add_argument(
        "--min-letter-mass",
        type=float,
        default=None,
        help="diagnostic: read the letters even when they get less of the next-token probability than this "
        "(the product's floor is 0.5); use a fresh --cache-dir results folder, as the setting is not in its key",
    )
    args = parser.parse_args()
    if args.min_letter_mass is not None:
        import functools

        from claimex.pipeline import stance_choice

        stance_choice.label_probabilities = functools.partial(  # type: ignore[assignment]
            stance_choice.label_probabilities, min_mass=args.min_letter_mass
        )
    articles = {a.id: a for a in load_articles([args.articles])}
    gold = load_gold_dir(args.gold, articles)
    todo = [articles[k] for k in sorted(gold) if k in articles]
    base = {"cache_dir": args.cache_dir, "n_threads": args.threads, "model_path": args.model_path}
    rules_records, _ = extract_for_eval(Settings.build({**base, "strategy": "rules"}, environ={}), todo)
    rules_run = match_run(gold, predictions_from_records(rules_records), articles)
    gold_stances = Counter(c.stance for g in gold.values() for c in g.claims)
    out_rows, data_rows = [], []
    model_name = None
    for mode in args.modes.split(","):
        settings = Settings.build({**base, "strategy": "hybrid", "stance_debias": mode}, environ={})
        started = time.perf_counter()
        records, extraction = extract_for_eval(settings, todo)
        wall = time.perf_counter() - started
        model_name = extraction["provenance"].get("model")
        run = match_run(gold, predictions_from_records(records), articles)
        metrics = compute_metrics(run, resamples=1000).headline
        delta = compare_runs(rules_run, run, resamples=1000).metrics["stance_accuracy"]
        answers = _model_answers(records)
        output = Counter(str(c.stance) for r in records if isinstance(r, ExtractionResult) for c in r.claims)
        raw_threaten = answers["threaten"] / max(1, sum(answers.values()))
        out_threaten = output["threaten"] / max(1, sum(output.values()))
        stance, target = metrics["stance_accuracy"], metrics["target_accuracy"]
        data_rows.append(
            {
                "mode": mode,
                "stance_accuracy": stance.model_dump(),
                "target_accuracy": target.model_dump(),
                "stance_delta_vs_rules": delta.model_dump(),
                "model_answers": dict(answers),
                "model_threaten_share": round(raw_threaten, 3),
                "output_threaten_share": round(out_threaten, 3),
                "model_calls": extraction["model_calls"],
                "cache_hits": extraction["cache_hits"],
                "errors": extraction["errors"],
                "wall_s": round(wall, 1),
            }
        )
        out_rows.append(
            [
                mode,
                _fmt(stance.value, stance.low, stance.high),
                _fmt(delta.delta, delta.low, delta.high),
                _fmt(target.value, target.low, target.high),
                f"{raw_threaten:.2f} ({answers['threaten']}/{sum(answers.values())})",
                f"{out_threaten:.2f}",
                extraction["model_calls"],
                f"{wall:.0f}",
            ]
        )
    info = machine()
    gold_threaten = gold_stances["threaten"] / max(1, sum(gold_stances.values()))
    markdown = "\n\n".join(
        [
            f"# Stance bias controls: {model_name} on {args.gold}",
            machine_line(info),
            f"Gold: {len(todo)} articles, {sum(gold_stances.values())} claims, threaten share {gold_threaten:.2f}. "
            "Rules' stance accuracy is the baseline of the delta (paired bootstrap over articles).",
            table(
                [
                    "mode",
                    "stance acc. [95% CI]",
                    "Δ stance vs rules [CI]",
                    "target acc. [CI]",
                    "model 'threaten' share",
                    "output 'threaten' share",
                    "model calls",
                    "wall s",
                ],
                out_rows,
            ),
        ]
    )
    write_results(
        args.name,
        {
            "model": model_name,
            "gold": str(args.gold),
            "machine": info,
            "gold_threaten_share": round(gold_threaten, 3),
            "rows": data_rows,
        },
        markdown,
    )


if __name__ == "__main__":
    main()
