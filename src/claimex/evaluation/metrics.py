"""Metrics: pure functions over match results (:class:`~claimex.evaluation.matching.RunMatch`).

Nothing here reads files or calls a model; the same :class:`RunMatch` always gives the
same numbers (bootstrap resampling is seeded).

Headline metrics (names accepted by :func:`check_thresholds`, see :data:`METRICS`):

- ``claim_*``: detection - a prediction is right when its quote is matched to a gold claim.
- ``attribution_*``: matched *and* the speaker right.
- ``full_*``: matched and every field right (speaker, target, stance, date, quote_type).
- ``<field>_accuracy``: share of matched pairs with that field right;
  ``date_accuracy_dated`` only over pairs whose gold date is set.
- ``*_macro``: the mean over articles of the per-article F1; the others are micro
  (pooled over claims).

Conventions: precision with no predictions is 1 when the article (or run) has no gold
claims either, else 0; recall with no gold claims likewise; F1 of two zeros is 0. An
accuracy with no matched pairs is undefined (``None``).

Confidence intervals: percentile bootstrap over articles (articles resampled with
replacement, ``resamples`` times, seeded), the default 95%.

Public API:

- :func:`compute_metrics` ``(run, *, resamples=1000, seed=0, confidence=0.95) -> Metrics``
  (``resamples=0`` skips the intervals).
- :func:`compare_runs` ``(a, b, *, resamples=1000, seed=0, confidence=0.95) -> Comparison`` -
  deltas (b - a) with paired bootstrap intervals over the shared articles, and the gold
  claims (and false positives) whose verdict changed.
- :func:`check_thresholds` ``(metrics, ["claim_f1=0.8", ...]) -> list[ThresholdFailure]`` - for
  ``--fail-under``; an unknown name raises ``ConfigError`` listing the valid ones.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict

from claimex.core.errors import ConfigError
from claimex.core.types import QuoteType, Stance
from claimex.evaluation.matching import FIELDS, ArticleMatch, RunMatch

__all__ = [
    "METRICS",
    "ArticleScores",
    "MetricValue",
    "Metrics",
    "article_counts",
    "compute_metrics",
    "metric_values",
]

METRICS: dict[str, str] = {
    "claim_precision": "matched predictions / predictions",
    "claim_recall": "matched gold claims / gold claims",
    "claim_f1": "F1 of claim detection (quote matched)",
    "attribution_precision": "matched with the right speaker / predictions",
    "attribution_recall": "matched with the right speaker / gold claims",
    "attribution_f1": "F1 of matched with the right speaker",
    "full_precision": "matched with every field right / predictions",
    "full_recall": "matched with every field right / gold claims",
    "full_f1": "F1 of matched with every field right",
    "speaker_accuracy": "speaker right, over matched pairs",
    "target_accuracy": "target right, over matched pairs",
    "stance_accuracy": "stance right, over matched pairs",
    "date_accuracy": "date right (null = null), over matched pairs",
    "date_accuracy_dated": "date right, over matched pairs whose gold date is set",
    "quote_type_accuracy": "quote type right, over matched pairs",
    "claim_f1_macro": "mean per-article claim F1",
    "attribution_f1_macro": "mean per-article attribution F1",
    "full_f1_macro": "mean per-article full-claim F1",
}

# Columns of the per-article count matrix.
_COLS = (
    "gold",
    "pred",
    "matched",
    "attribution",
    "full",
    *FIELDS,
    "dated",
    "dated_ok",
)
_C = {name: i for i, name in enumerate(_COLS)}


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class MetricValue(_Model):
    value: float | None
    low: float | None = None
    high: float | None = None


class ArticleScores(_Model):
    article_id: str
    status: str
    gold: int
    predicted: int
    matched: int
    missed: int
    false_positives: int
    claim_precision: float
    claim_recall: float
    claim_f1: float
    attribution_f1: float
    full_f1: float
    wrong_fields: dict[str, int]


class Metrics(_Model):
    headline: dict[str, MetricValue]
    counts: dict[str, int]
    stance_confusion: dict[str, dict[str, int]]
    by_quote_type: dict[str, dict[str, float | int | None]]
    per_article: tuple[ArticleScores, ...]
    resamples: int
    seed: int
    confidence: float
    config: dict[str, Any]
    unscored: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    def values(self) -> dict[str, float | None]:
        return {name: mv.value for name, mv in self.headline.items()}


# --------------------------------------------------------------------------- counting


def article_counts(article: ArticleMatch) -> np.ndarray:
    """The count vector of one article (columns: :data:`_COLS`)."""
    row = np.zeros(len(_COLS), dtype=np.int64)
    row[_C["gold"]] = len(article.gold)
    row[_C["pred"]] = len(article.predicted)
    row[_C["matched"]] = len(article.pairs)
    for pair in article.pairs:
        row[_C["attribution"]] += pair.attribution_correct
        row[_C["full"]] += pair.fully_correct
        for f in FIELDS:
            row[_C[f]] += bool(getattr(pair, f))
        if article.gold[pair.gold].date is not None:
            row[_C["dated"]] += 1
            row[_C["dated_ok"]] += pair.date
    return row


def _count_matrix(articles: Sequence[ArticleMatch]) -> np.ndarray:
    if not articles:
        return np.zeros((0, len(_COLS)), dtype=np.int64)
    return np.stack([article_counts(a) for a in articles])


def _ratio(num: np.ndarray, den: np.ndarray, empty: np.ndarray | float) -> np.ndarray:
    num = np.asarray(num, dtype=np.float64)
    den = np.asarray(den, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), empty)


def _f1(p: np.ndarray, r: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(p + r > 0, 2 * p * r / np.where(p + r > 0, p + r, 1.0), 0.0)


def _prf(hit: np.ndarray, gold: np.ndarray, pred: np.ndarray) -> tuple[np.ndarray, ...]:
    # With no predictions precision is 1 only when nothing was there to find; likewise recall.
    p = _ratio(hit, pred, (gold == 0).astype(np.float64))
    r = _ratio(hit, gold, (pred == 0).astype(np.float64))
    return p, r, _f1(p, r)


def _micro(sums: np.ndarray) -> dict[str, np.ndarray]:
    """Micro metrics from summed counts; ``sums`` is ``(..., len(_COLS))``."""
    col = {name: sums[..., i] for name, i in _C.items()}
    out: dict[str, np.ndarray] = {}
    for kind in ("claim", "attribution", "full"):
        hit = col["matched"] if kind == "claim" else col[kind]
        p, r, f1 = _prf(hit, col["gold"], col["pred"])
        out[f"{kind}_precision"], out[f"{kind}_recall"], out[f"{kind}_f1"] = p, r, f1
    for name in FIELDS:
        out[f"{name}_accuracy"] = _ratio(col[name], col["matched"], np.nan)
    out["date_accuracy_dated"] = _ratio(col["dated_ok"], col["dated"], np.nan)
    return out


def _per_article_f1(counts: np.ndarray) -> dict[str, np.ndarray]:
    micro = _micro(counts)
    return {kind: micro[f"{kind}_f1"] for kind in ("claim", "attribution", "full")}


def _all_metrics(weights: np.ndarray, counts: np.ndarray, per_f1: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Every headline metric for each row of article ``weights`` (``(B, n_articles)``)."""
    sums = weights @ counts
    out = _micro(sums)
    n = weights.sum(axis=1)
    for kind, f1 in per_f1.items():
        out[f"{kind}_f1_macro"] = _ratio(weights @ f1, n, np.nan)
    return {name: out[name] for name in METRICS}


def _clean(x: float) -> float | None:
    return None if math.isnan(x) else round(float(x), 6)


def _interval(samples: np.ndarray, confidence: float) -> tuple[float | None, float | None]:
    finite = samples[~np.isnan(samples)]
    if finite.size == 0:
        return None, None
    tail = (1.0 - confidence) / 2 * 100
    low, high = np.percentile(finite, [tail, 100 - tail])
    return _clean(low), _clean(high)


def _resample_weights(n: int, resamples: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.multinomial(n, np.full(n, 1.0 / n), size=resamples).astype(np.float64)


# --------------------------------------------------------------------------- compute_metrics


def _article_scores(article: ArticleMatch, micro: Mapping[str, float]) -> ArticleScores:
    wrong = {f: sum(1 for p in article.pairs if not getattr(p, f)) for f in FIELDS}
    return ArticleScores(
        article_id=article.article_id,
        status=article.status,
        gold=len(article.gold),
        predicted=len(article.predicted),
        matched=len(article.pairs),
        missed=len(article.missed),
        false_positives=len(article.false_positives),
        claim_precision=round(micro["claim_precision"], 6),
        claim_recall=round(micro["claim_recall"], 6),
        claim_f1=round(micro["claim_f1"], 6),
        attribution_f1=round(micro["attribution_f1"], 6),
        full_f1=round(micro["full_f1"], 6),
        wrong_fields=wrong,
    )


def _stance_confusion(articles: Sequence[ArticleMatch]) -> dict[str, dict[str, int]]:
    table = {g.value: {p.value: 0 for p in Stance} for g in Stance}
    for article in articles:
        for pair in article.pairs:
            gold = article.gold[pair.gold].stance.value
            table[gold][article.predicted[pair.pred].stance.value] += 1
    return table


def _by_quote_type(articles: Sequence[ArticleMatch]) -> dict[str, dict[str, float | int | None]]:
    out: dict[str, dict[str, float | int | None]] = {}
    for qt in QuoteType:
        n_gold = n_pred = gold_hit = pred_hit = attr = full = type_ok = 0
        for article in articles:
            n_gold += sum(1 for g in article.gold if g.quote_type is qt)
            n_pred += sum(1 for c in article.predicted if c.quote_type is qt)
            for pair in article.pairs:
                if article.gold[pair.gold].quote_type is qt:
                    gold_hit += 1
                    attr += pair.attribution_correct
                    full += pair.fully_correct
                    type_ok += pair.quote_type
                if article.predicted[pair.pred].quote_type is qt:
                    pred_hit += 1
        p = pred_hit / n_pred if n_pred else None
        r = gold_hit / n_gold if n_gold else None
        f = (2 * p * r / (p + r) if p + r else 0.0) if p is not None and r is not None else None
        out[qt.value] = {
            "gold": n_gold,
            "predicted": n_pred,
            "precision": _round(p),
            "recall": _round(r),
            "f1": _round(f),
            "attribution_recall": _round(attr / n_gold if n_gold else None),
            "full_recall": _round(full / n_gold if n_gold else None),
            "quote_type_accuracy": _round(type_ok / gold_hit if gold_hit else None),
        }
    return out


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 6)


def compute_metrics(
    run: RunMatch,
    *,
    resamples: int = 1000,
    seed: int = 0,
    confidence: float = 0.95,
) -> Metrics:
    """Every metric of a matched run; ``resamples=0`` leaves the intervals out."""
    if not 0.0 < confidence < 1.0:
        raise ConfigError(f"confidence must be between 0 and 1, got {confidence}")
    articles = run.articles
    counts = _count_matrix(articles)
    n = len(articles)
    per_article = _micro(counts)
    per_f1 = {kind: per_article[f"{kind}_f1"] for kind in ("claim", "attribution", "full")}
    point = _all_metrics(np.ones((1, n)), counts, per_f1)
    intervals: dict[str, tuple[float | None, float | None]] = {}
    if resamples > 0 and n > 0:
        boot = _all_metrics(_resample_weights(n, resamples, seed), counts, per_f1)
        intervals = {name: _interval(boot[name], confidence) for name in METRICS}
    headline = {
        name: MetricValue(
            value=_clean(point[name][0]),
            **dict(zip(("low", "high"), intervals.get(name, (None, None)), strict=True)),
        )
        for name in METRICS
    }
    totals = counts.sum(axis=0) if n else np.zeros(len(_COLS), dtype=np.int64)
    count_dict = {name: int(totals[i]) for name, i in _C.items()}
    count_dict["articles"] = n
    count_dict["missed"] = count_dict["gold"] - count_dict["matched"]
    count_dict["false_positives"] = count_dict["pred"] - count_dict["matched"]
    count_dict["articles_failed"] = sum(1 for a in articles if a.status != "ok")
    return Metrics(
        headline=headline,
        counts=count_dict,
        stance_confusion=_stance_confusion(articles),
        by_quote_type=_by_quote_type(articles),
        per_article=tuple(
            _article_scores(a, {k: float(v[i]) for k, v in per_article.items()}) for i, a in enumerate(articles)
        ),
        resamples=resamples if n else 0,
        seed=seed,
        confidence=confidence,
        config=run.config,
        unscored=run.unscored,
        warnings=run.warnings,
    )


def metric_values(metrics: Metrics | Mapping[str, Any]) -> dict[str, float | None]:
    """Headline values by name, from a :class:`Metrics` or a loaded ``metrics.json`` dict."""
    if isinstance(metrics, Metrics):
        return metrics.values()
    if "headline" in metrics and isinstance(metrics["headline"], Mapping):
        return {k: v.get("value") for k, v in metrics["headline"].items()}
    return dict(metrics)
