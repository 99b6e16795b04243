"""The evaluation pages: one scored run (metrics and per-claim verdicts), and two runs compared."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from claimex.core.types import Article, Claim, Stance
from claimex.evaluation import FIELDS, METRICS, ArticleMatch, ClaimChange, Comparison, Metrics, RunMatch
from claimex.evaluation.gold import GoldClaim
from claimex.view._assets import REPORT_CSS, REPORT_JS
from claimex.view._env import num, render_page

__all__ = ["Verdict", "render_comparison_html", "render_eval_report_html", "verdict_rows"]

Verdict = Literal["matched", "wrong", "missed", "fp"]
_VERDICT_LABEL: dict[str, str] = {
    "matched": "matched",
    "wrong": "wrong field",
    "missed": "missed",
    "fp": "false positive",
}
_HEADLINE = (("claim", "Claim detection"), ("attribution", "Attribution"), ("full", "Full claim"))
_MANIFEST_KEYS = (
    *("run_id", "git_revision", "claimex_version", "strategy", "backend", "model", "prompt"),
    *("schema_sha256", "dataset_hash", "wall_time_s", "cache_hits"),
)


@dataclass
class _ClaimCard:
    speaker: str
    target: str | None
    stance: str
    quote: str
    quote_type: str
    date: str | None
    alignment: str | None = None
    span: str | None = None


@dataclass
class _Row:
    v: Verdict
    label: str
    gold: _ClaimCard | None
    pred: _ClaimCard | None
    wrong: tuple[str, ...] = ()
    sim: str | None = None


@dataclass
class _ArticleSection:
    id: str
    anchor: str
    title: str
    status: str
    counts: str
    error: str | None
    grounded_text: bool
    rows: list[_Row] = field(default_factory=list)


def _gold_card(g: GoldClaim) -> _ClaimCard:
    return _ClaimCard(
        g.speaker, g.target, g.stance.value, g.quote, g.quote_type.value, g.date.isoformat() if g.date else None
    )


def _pred_card(c: Claim) -> _ClaimCard:
    span = f"{c.start}–{c.end}" if c.start is not None and c.end is not None else None
    return _ClaimCard(
        c.speaker,
        c.target,
        c.stance.value,
        c.quote,
        c.quote_type.value,
        c.date.isoformat() if c.date else None,
        c.alignment.value,
        span,
    )


def verdict_rows(article: ArticleMatch) -> list[tuple[Verdict, int | None, int | None, tuple[str, ...]]]:
    """``(verdict, gold index, predicted index, wrong fields)`` for every claim of the article.

    Gold claims in order (matched, with wrong fields, or missed), then the false positives.
    """
    rows: list[tuple[Verdict, int | None, int | None, tuple[str, ...]]] = []
    for j in range(len(article.gold)):
        pair = article.pair_for_gold(j)
        if pair is None:
            rows.append(("missed", j, None, ()))
        else:
            wrong = pair.wrong_fields
            rows.append(("wrong" if wrong else "matched", j, pair.pred, wrong))
    rows.extend(("fp", None, i, ()) for i in article.false_positives)
    return rows


def _section(n: int, article: ArticleMatch, text: Article | None) -> _ArticleSection:
    section = _ArticleSection(
        id=article.article_id,
        anchor=f"art{n}",
        title=(text.title if text is not None and text.title else None) or article.article_id,
        status=article.status,
        counts=(
            f"{len(article.gold)} gold · {len(article.predicted)} predicted · {len(article.pairs)} matched · "
            f"{len(article.missed)} missed · {len(article.false_positives)} false positives"
        ),
        error=article.error,
        grounded_text=article.grounded_text,
    )
    pairs = {p.gold: p for p in article.pairs}
    for verdict, j, i, wrong in verdict_rows(article):
        pair = pairs.get(j) if j is not None else None
        section.rows.append(
            _Row(
                v=verdict,
                label=_VERDICT_LABEL[verdict],
                gold=_gold_card(article.gold[j]) if j is not None else None,
                pred=_pred_card(article.predicted[i]) if i is not None else None,
                wrong=wrong,
                sim=f"similarity {pair.similarity:.2f} ({pair.method})" if pair is not None else None,
            )
        )
    return section


def _manifest_rows(manifest: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    if not manifest:
        return []
    return [(k, str(manifest[k])) for k in _MANIFEST_KEYS if manifest.get(k) is not None]


def _ci_label(confidence: float, resamples: int) -> str:
    return f"{round(confidence * 100)}% CI" if resamples else "CI"


def render_eval_report_html(
    metrics: Metrics | Mapping[str, Any],
    run: RunMatch,
    articles: Mapping[str, Article] | None = None,
    *,
    manifest: Mapping[str, Any] | None = None,
    title: str | None = None,
) -> str:
    """The HTML report of one scored run (the companion of ``render_report``'s Markdown).

    ``metrics`` may be a :class:`Metrics` or the dict of a loaded ``metrics.json``;
    ``articles`` (optional) gives titles.
    """
    m = metrics if isinstance(metrics, Metrics) else Metrics.model_validate(metrics)
    h, c = m.headline, m.counts
    headline = [
        {
            "label": label,
            "rows": [
                {"name": name, "mv": h[f"{kind}_{key}"], "help": METRICS[f"{kind}_{key}"]}
                for name, key in (
                    ("Precision", "precision"),
                    ("Recall", "recall"),
                    ("F1", "f1"),
                    ("F1 macro", "f1_macro"),
                )
            ],
        }
        for kind, label in _HEADLINE
    ]
    fields = [
        {
            "name": f,
            "mv": h[f"{f}_accuracy"],
            "help": METRICS[f"{f}_accuracy"],
            "right": f"{c.get(f, 0)}/{c['matched']}",
        }
        for f in FIELDS
    ]
    fields.append(
        {
            "name": "date (gold date set)",
            "mv": h["date_accuracy_dated"],
            "help": METRICS["date_accuracy_dated"],
            "right": f"{c.get('dated_ok', 0)}/{c.get('dated', 0)}",
        }
    )
    stances = [s.value for s in Stance]
    peak = max((m.stance_confusion[g][p] for g in stances for p in stances), default=0) or 1
    confusion = [
        {
            "gold": g,
            "total": sum(m.stance_confusion[g].values()),
            "cells": [
                {
                    "pred": p,
                    "count": m.stance_confusion[g][p],
                    "diag": g == p,
                    # Never fully transparent for a non-zero count, so a single error still shows.
                    "alpha": round(
                        0.0 if not m.stance_confusion[g][p] else 0.12 + 0.78 * m.stance_confusion[g][p] / peak, 3
                    ),
                }
                for p in stances
            ],
        }
        for g in stances
    ]
    anchors = {a.article_id: f"art{n}" for n, a in enumerate(run.articles, start=1)}
    per_article = [
        {
            "s": s,
            "anchor": anchors.get(s.article_id, ""),
            "wrong": ", ".join(f"{f} {k}" for f, k in s.wrong_fields.items() if k),
        }
        for s in m.per_article
    ]
    sections = [_section(n, a, (articles or {}).get(a.article_id)) for n, a in enumerate(run.articles, start=1)]
    verdicts = {v: sum(1 for s in sections for r in s.rows if r.v == v) for v in _VERDICT_LABEL}
    cfg = m.config
    notes = []
    if m.resamples:
        notes.append(f"Intervals: percentile bootstrap over articles, {m.resamples} resamples, seed {m.seed}.")
    if cfg:
        notes.append(
            f"Matching: threshold {cfg.get('threshold')}, span overlap {cfg.get('span_overlap')}, "
            f"aliases {'on' if cfg.get('use_aliases') else 'off'}, "
            f"surname fallback {'on' if cfg.get('surname_fallback') else 'off'}."
        )
    warnings = [*m.warnings, *(f"unscored (no gold): {u}" for u in m.unscored)]
    return render_page(
        "report.html",
        title=title or "Evaluation report",
        css=REPORT_CSS,
        js=REPORT_JS,
        manifest=_manifest_rows(manifest),
        notes=notes,
        warnings=warnings,
        counts=c,
        headline=headline,
        fields=fields,
        stances=stances,
        confusion=confusion,
        by_quote_type=list(m.by_quote_type.items()),
        per_article=per_article,
        article_views=sections,
        verdicts=verdicts,
        ci_label=_ci_label(m.confidence, m.resamples),
    )


# --------------------------------------------------------------------------- comparison


def _verdict_rank(verdict: str) -> float:
    """Higher is better: correct > wrong in fewer fields > wrong in more > missed; absent > FP."""
    if verdict in ("correct", "absent"):
        return 10.0
    if verdict.startswith("wrong"):
        return 5.0 - verdict.count(",")
    return 0.0


def _trend(change: ClaimChange) -> str:
    before, after = _verdict_rank(change.before), _verdict_rank(change.after)
    return "better" if after > before else "worse" if after < before else "changed"


def _pos(x: float, scale: float) -> float:
    return round(50.0 + 50.0 * max(-1.0, min(1.0, x / scale)), 2)


def render_comparison_html(comparison: Comparison, *, title: str | None = None) -> str:
    """HTML for ``compare_runs(a, b)``: per-metric deltas (b - a) with paired intervals, changed claims."""
    extremes = [abs(x) for d in comparison.metrics.values() for x in (d.delta, d.low, d.high) if x is not None]
    scale = max([0.05, *extremes])
    rows = []
    for name in METRICS:
        d = comparison.metrics.get(name)
        if d is None:
            continue
        trend = ""
        if d.low is not None and d.high is not None:
            trend = "up" if d.low > 0 else "down" if d.high < 0 else ""
        elif d.delta:
            trend = "up" if d.delta > 0 else "down"
        has_ci = d.low is not None and d.high is not None
        rows.append(
            {
                "name": name,
                "help": METRICS[name],
                "d": d,
                "delta": "n/a" if d.delta is None else f"{d.delta:+.3f}",
                "ci": f"[{num(d.low)}, {num(d.high)}]" if has_ci else "",
                "trend": trend,
                "pt": None if d.delta is None else _pos(d.delta, scale),
                "ci_left": _pos(d.low, scale) if d.low is not None and d.high is not None else None,
                "ci_width": round(_pos(d.high, scale) - _pos(d.low, scale), 2)
                if d.low is not None and d.high is not None
                else None,
            }
        )
    changes = [{"c": ch, "trend": _trend(ch)} for ch in comparison.changes]
    return render_page(
        "comparison.html",
        title=title or "Run comparison",
        css=REPORT_CSS,
        js=REPORT_JS,
        c=comparison,
        rows=rows,
        scale=scale,
        changes=changes,
        ci_label=_ci_label(comparison.confidence, comparison.resamples),
    )
