"""Two runs side by side: per-metric deltas with paired bootstrap intervals, and changed verdicts."""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel, ConfigDict

from claimex.core.text import fold_plain, strip_wrapping
from claimex.evaluation.matching import ArticleMatch, RunMatch
from claimex.evaluation.metrics import (
    METRICS,
    _all_metrics,
    _clean,
    _count_matrix,
    _interval,
    _per_article_f1,
    _resample_weights,
)

__all__ = ["ClaimChange", "Comparison", "MetricDelta", "compare_runs"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class MetricDelta(_Model):
    a: float | None
    b: float | None
    delta: float | None
    low: float | None = None
    high: float | None = None


class ClaimChange(_Model):
    """A gold claim (or a false positive, ``gold_index`` None) judged differently by two runs."""

    article_id: str
    gold_index: int | None
    quote: str
    speaker: str
    before: str
    after: str


class Comparison(_Model):
    shared_articles: tuple[str, ...]
    only_a: tuple[str, ...]
    only_b: tuple[str, ...]
    metrics: dict[str, MetricDelta]
    changes: tuple[ClaimChange, ...]
    resamples: int
    seed: int
    confidence: float
    warnings: tuple[str, ...] = ()


def _verdict(article: ArticleMatch, gold_index: int) -> str:
    pair = article.pair_for_gold(gold_index)
    if pair is None:
        return "missed"
    wrong = pair.wrong_fields
    return "correct" if not wrong else "wrong " + ", ".join(wrong)


def _fp_quotes(article: ArticleMatch) -> dict[str, str]:
    out: dict[str, str] = {}
    for i in article.false_positives:
        claim = article.predicted[i]
        out.setdefault(fold_plain(strip_wrapping(claim.quote), lower=True), claim.speaker)
    return out


def _changes(a: ArticleMatch, b: ArticleMatch) -> list[ClaimChange]:
    changes: list[ClaimChange] = []
    for j, gold in enumerate(b.gold):
        before, after = _verdict(a, j), _verdict(b, j)
        if before != after:
            changes.append(
                ClaimChange(
                    article_id=b.article_id,
                    gold_index=j,
                    quote=gold.quote,
                    speaker=gold.speaker,
                    before=before,
                    after=after,
                )
            )
    fp_a, fp_b = _fp_quotes(a), _fp_quotes(b)
    for quote in sorted(set(fp_a) ^ set(fp_b)):
        in_b = quote in fp_b
        changes.append(
            ClaimChange(
                article_id=b.article_id,
                gold_index=None,
                quote=quote,
                speaker=fp_b[quote] if in_b else fp_a[quote],
                before="false positive" if not in_b else "absent",
                after="false positive" if in_b else "absent",
            )
        )
    return changes


def compare_runs(
    a: RunMatch,
    b: RunMatch,
    *,
    resamples: int = 1000,
    seed: int = 0,
    confidence: float = 0.95,
) -> Comparison:
    """How run ``b`` differs from run ``a`` on the articles both scored (delta = b - a).

    The paired bootstrap draws the same articles for both runs in each resample, so the
    interval reflects the difference, not the two runs' separate noise.
    """
    by_a, by_b = a.by_id(), b.by_id()
    shared = sorted(set(by_a) & set(by_b))
    warnings: list[str] = []
    if a.config != b.config:
        warnings.append("the runs were matched with different settings")
    changed_gold = [k for k in shared if [g.quote for g in by_a[k].gold] != [g.quote for g in by_b[k].gold]]
    if changed_gold:
        warnings.append(
            f"gold differs between the runs for {len(changed_gold)} article(s) "
            f"({', '.join(changed_gold[:5])}); claim changes there are not reliable"
        )
    arts_a = [by_a[k] for k in shared]
    arts_b = [by_b[k] for k in shared]
    ca, cb = _count_matrix(arts_a), _count_matrix(arts_b)
    n = len(shared)
    fa, fb = _per_article_f1(ca), _per_article_f1(cb)
    pa = _all_metrics(np.ones((1, n)), ca, fa)
    pb = _all_metrics(np.ones((1, n)), cb, fb)
    intervals: dict[str, tuple[float | None, float | None]] = {}
    if resamples > 0 and n > 0:
        w = _resample_weights(n, resamples, seed)
        ba, bb = _all_metrics(w, ca, fa), _all_metrics(w, cb, fb)
        intervals = {name: _interval(bb[name] - ba[name], confidence) for name in METRICS}
    deltas: dict[str, MetricDelta] = {}
    for name in METRICS:
        va, vb = _clean(pa[name][0]), _clean(pb[name][0])
        low, high = intervals.get(name, (None, None))
        delta = None if va is None or vb is None else round(vb - va, 6)
        deltas[name] = MetricDelta(a=va, b=vb, delta=delta, low=low, high=high)
    changes = [c for k in shared if k not in changed_gold for c in _changes(by_a[k], by_b[k])]
    return Comparison(
        shared_articles=tuple(shared),
        only_a=tuple(sorted(set(by_a) - set(by_b))),
        only_b=tuple(sorted(set(by_b) - set(by_a))),
        metrics=deltas,
        changes=tuple(changes),
        resamples=resamples if n else 0,
        seed=seed,
        confidence=confidence,
        warnings=tuple(warnings),
    )
