"""One evaluation run end to end: (extract →) match → metrics → run folder with a manifest.

``claimex eval run`` and ``claimex eval score`` are thin over :func:`evaluate`. The
extraction step (``eval run``) goes through the same :class:`Extractor` and cache as
``claimex extract``, so a re-run costs no model call.
"""

from __future__ import annotations

import logging
import platform
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from claimex.core.articles import load_articles
from claimex.core.settings import Settings
from claimex.core.types import Article, ErrorRecord, ExtractionResult, Usage
from claimex.core.version import __version__
from claimex.evaluation.gold import load_gold_dir
from claimex.evaluation.matching import MatchConfig, RunMatch, match_run
from claimex.evaluation.metrics import Metrics, compute_metrics
from claimex.evaluation.predictions import PredictionSet, predictions_from_records, read_predictions
from claimex.evaluation.runs import RunFolder, dataset_hash, git_revision, new_run_id
from claimex.evaluation.thresholds import ThresholdFailure, check_thresholds
from claimex.pipeline.extractor import Extractor

Record = ExtractionResult | ErrorRecord
log = logging.getLogger(__name__)
PACKAGES = ("claimex", "pydantic", "openai", "instructor", "xllamacpp", "rapidfuzz", "scipy")


@dataclass(frozen=True)
class EvalOutcome:
    folder: RunFolder
    run: RunMatch
    metrics: Metrics
    failures: list[ThresholdFailure]
    manifest: dict[str, Any]
    articles: dict[str, Article]


def _packages() -> dict[str, str]:
    found = {}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found


def extract_for_eval(settings: Settings, articles: Sequence[Article]) -> tuple[list[Record], dict[str, Any]]:
    """Run the extractor over the gold articles; returns records and the manifest's model part."""
    started = time.perf_counter()
    records: list[Record] = []
    with Extractor(settings) as extractor:
        for i, record in enumerate(extractor.extract_many(articles), start=1):
            records.append(record)
            what = f"{len(record.claims)} claims" if isinstance(record, ExtractionResult) else record.error_type
            log.info("extracted %d/%d: %s (%s)", i, len(articles), record.article_id, what)
        provenance = extractor.provenance.model_dump(mode="json", exclude={"cache_hit"})
    usage = sum((r.usage for r in records if isinstance(r, ExtractionResult)), Usage())
    return records, {
        "provenance": provenance,
        "usage": usage.model_dump(),
        "cache_hits": usage.cache_hits,
        "model_calls": usage.model_calls,
        "extraction_wall_s": round(time.perf_counter() - started, 3),
        "errors": sum(1 for r in records if isinstance(r, ErrorRecord)),
    }


def evaluate(
    *,
    gold_dir: Path,
    article_specs: Sequence[str],
    predictions: Path | None = None,
    settings: Settings | None = None,
    config: MatchConfig | None = None,
    runs_root: Path = Path("evals/runs"),
    run_id: str | None = None,
    resamples: int = 1000,
    fail_under: Sequence[str] = (),
) -> EvalOutcome:
    """Score ``predictions`` (a JSONL file) or, when None, extract with ``settings`` first."""
    if fail_under:
        check_thresholds({}, fail_under)  # a malformed gate fails before any model call
    started = time.perf_counter()
    articles = {a.id: a for a in load_articles(article_specs)}
    gold = load_gold_dir(gold_dir, articles)
    manifest: dict[str, Any] = {
        "run_kind": "score" if predictions is not None else "run",
        "claimex_version": __version__,
        "git_revision": git_revision(),
        "gold_dir": str(gold_dir),
        "articles": list(article_specs),
        "dataset_sha256": dataset_hash(gold_dir, [articles[k] for k in sorted(articles) if k in gold]),
        "gold_articles": len(gold),
        "gold_claims": sum(len(g.claims) for g in gold.values()),
        "match_config": (config or MatchConfig()).to_dict(),
        "python": platform.python_version(),
        "packages": _packages(),
    }
    prediction_set: PredictionSet
    if predictions is not None:
        prediction_set = read_predictions(predictions)
        manifest["predictions_file"] = str(predictions)
    else:
        todo = [articles[k] for k in sorted(gold) if k in articles]
        records, extraction = extract_for_eval(settings or Settings(), todo)
        manifest |= extraction
        prediction_set = predictions_from_records(records)
    folder = RunFolder.create(runs_root, run_id or new_run_id(manifest.get("provenance", {}).get("strategy")))
    folder.write_predictions(prediction_set.records())
    run = match_run(gold, prediction_set, articles, config)
    metrics = compute_metrics(run, resamples=resamples)
    manifest["wall_s"] = round(time.perf_counter() - started, 3)
    manifest["run_id"] = folder.run_id
    folder.write_scores(run, metrics)
    folder.write_manifest(manifest)
    failures = check_thresholds(metrics, fail_under) if fail_under else []
    return EvalOutcome(folder, run, metrics, failures, manifest, articles)
