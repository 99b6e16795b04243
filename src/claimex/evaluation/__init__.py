"""Evaluation: gold files → matcher → pure metric functions → renderers and run folders.

Typical use (what ``claimex eval score`` does)::

    gold = load_gold_dir("evals/gold/seeds")                  # GoldFormatError if invalid
    articles = {a.id: a for a in load_articles(["seeds"])}
    predictions = read_predictions("claims.jsonl")             # bad lines -> .problems
    run = match_run(gold, predictions, articles, MatchConfig())
    metrics = compute_metrics(run, resamples=1000, seed=0)
    failures = check_thresholds(metrics, ["claim_f1=0.8"])     # ConfigError on unknown names
    folder = RunFolder.create("evals/runs", new_run_id("label"))
    folder.write_predictions(predictions.records())
    folder.write_scores(run, metrics, manifest=manifest)
    folder.write_manifest(manifest)

``claimex gold check`` is :func:`check_gold`; ``claimex eval compare`` is
``compare_runs(load_run(a).matches, load_run(b).matches)`` rendered by
:func:`claimex.view.render_comparison`. Each module's docstring documents its part.

This package imports only :mod:`claimex.core` and :mod:`claimex.attribution`.
"""

from claimex.evaluation.compare import ClaimChange, Comparison, MetricDelta, compare_runs
from claimex.evaluation.gold import (
    GoldClaim,
    GoldFile,
    GoldProblem,
    check_gold,
    check_gold_files,
    load_gold_dir,
    load_gold_file,
    raise_for_problems,
)
from claimex.evaluation.matching import (
    FIELDS,
    ArticleMatch,
    MatchConfig,
    PairVerdict,
    RunMatch,
    match_article,
    match_run,
)
from claimex.evaluation.metrics import METRICS, ArticleScores, Metrics, MetricValue, compute_metrics, metric_values
from claimex.evaluation.predictions import (
    PredictionProblem,
    PredictionSet,
    predictions_from_records,
    read_predictions,
)
from claimex.evaluation.runs import (
    LoadedRun,
    RunFolder,
    dataset_hash,
    git_revision,
    load_run,
    metrics_json,
    new_run_id,
)
from claimex.evaluation.thresholds import ThresholdFailure, check_thresholds

__all__ = [
    "FIELDS",
    "METRICS",
    "ArticleMatch",
    "ArticleScores",
    "ClaimChange",
    "Comparison",
    "GoldClaim",
    "GoldFile",
    "GoldProblem",
    "LoadedRun",
    "MatchConfig",
    "MetricDelta",
    "MetricValue",
    "Metrics",
    "PairVerdict",
    "PredictionProblem",
    "PredictionSet",
    "RunFolder",
    "RunMatch",
    "ThresholdFailure",
    "check_gold",
    "check_gold_files",
    "check_thresholds",
    "compare_runs",
    "compute_metrics",
    "dataset_hash",
    "git_revision",
    "load_gold_dir",
    "load_gold_file",
    "load_run",
    "match_article",
    "match_run",
    "metric_values",
    "metrics_json",
    "new_run_id",
    "predictions_from_records",
    "raise_for_problems",
    "read_predictions",
]
