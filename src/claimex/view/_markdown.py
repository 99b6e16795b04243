"""Markdown renderings of evaluation results: a run's report and a two-run comparison.

Pure functions over what :mod:`claimex.evaluation` computed; the evaluation layer itself
writes only JSON.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from claimex.core.types import Stance
from claimex.evaluation import FIELDS, METRICS, ArticleMatch, Comparison, GoldClaim, Metrics, RunMatch

__all__ = ["render_comparison", "render_report"]

_HEADLINE = (
    ("claim", "Claim detection (quote matched)"),
    ("attribution", "Attribution (matched, speaker right)"),
    ("full", "Full claim (every field right)"),
)

# --------------------------------------------------------------------------- rendering


def _num(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def _ci(low: float | None, high: float | None) -> str:
    return "" if low is None or high is None else f"[{low:.3f}, {high:.3f}]"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines.extend("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows)
    return lines


def _field_value(claim: Any, name: str) -> str:
    value = getattr(claim, name)
    if value is None:
        return "null"
    return str(getattr(value, "value", value))


def _describe_gold(g: GoldClaim) -> str:
    return (
        f'**{_cell(g.speaker)}**: "{_cell(_short(g.quote))}" '
        f"({g.quote_type.value}, {g.stance.value} → {g.target or 'null'}, "
        f"{g.date.isoformat() if g.date else 'no date'})"
    )


def _article_details(article: ArticleMatch) -> list[str]:
    lines: list[str] = []
    wrong = [p for p in article.pairs if p.wrong_fields]
    if not (article.missed or article.false_positives or wrong or article.status != "ok"):
        return lines
    lines += ["", f"### {article.article_id}"]
    if article.status != "ok":
        lines.append(f"- prediction {article.status}" + (f": {article.error}" if article.error else ""))
    if article.missed:
        lines += ["", "Missed:"]
        lines += [f"- {_describe_gold(article.gold[j])}" for j in article.missed]
    if article.false_positives:
        lines += ["", "False positives:"]
        for i in article.false_positives:
            c = article.predicted[i]
            lines.append(
                f'- **{_cell(c.speaker)}**: "{_cell(_short(c.quote))}" '
                f"({c.quote_type.value}, {c.stance.value} → {c.target or 'null'})"
            )
    if wrong:
        lines += ["", "Wrong fields:"]
        for pair in wrong:
            g, c = article.gold[pair.gold], article.predicted[pair.pred]
            diffs = "; ".join(
                f"{f}: gold `{_cell(_field_value(g, f))}`, predicted `{_cell(_field_value(c, f))}`"
                for f in pair.wrong_fields
            )
            lines.append(f'- "{_cell(_short(g.quote, 100))}" - {diffs}')
    return lines


def _manifest_lines(manifest: Mapping[str, Any]) -> list[str]:
    keys = (
        *("run_id", "git_revision", "claimex_version", "strategy", "backend", "model", "prompt"),
        *("schema_sha256", "dataset_hash", "wall_time_s", "cache_hits"),
    )
    shown = [(k, manifest[k]) for k in keys if manifest.get(k) is not None]
    return [f"- {k}: `{v}`" for k, v in shown]


def render_report(
    metrics: Metrics,
    run: RunMatch,
    *,
    title: str | None = None,
    manifest: Mapping[str, Any] | None = None,
) -> str:
    """The Markdown report of one scored run."""
    h = metrics.headline
    c = metrics.counts
    pct = round(metrics.confidence * 100)
    ci_head = f"{pct}% CI" if metrics.resamples else "CI"
    lines = [f"# {title or 'Evaluation report'}", ""]
    if manifest:
        lines += [*_manifest_lines(manifest), ""]
    lines.append(
        f"{c['articles']} articles ({c['articles_failed']} without a result), "
        f"{c['gold']} gold claims, "
        f"{c['pred']} predicted, {c['matched']} matched, {c['missed']} missed, "
        f"{c['false_positives']} false positives."
    )
    if metrics.resamples:
        lines.append(
            f"Intervals: percentile bootstrap over articles, {metrics.resamples} resamples, seed {metrics.seed}."
        )
    cfg = metrics.config
    lines.append(
        f"Matching: threshold {cfg.get('threshold')}, span overlap {cfg.get('span_overlap')}, "
        f"aliases {'on' if cfg.get('use_aliases') else 'off'}, "
        f"surname fallback {'on' if cfg.get('surname_fallback') else 'off'}."
    )
    for warning in (*metrics.warnings, *(f"unscored (no gold): {u}" for u in metrics.unscored)):
        lines.append(f"> {warning}")
    lines += ["", "## Headline", ""]
    rows = []
    for kind, label in _HEADLINE:
        for part in ("precision", "recall", "f1"):
            mv = h[f"{kind}_{part}"]
            rows.append([label if part == "precision" else "", part, _num(mv.value), _ci(mv.low, mv.high)])
        mv = h[f"{kind}_f1_macro"]
        rows.append(["", "f1 (macro)", _num(mv.value), _ci(mv.low, mv.high)])
    lines += _table(["", "metric", "value", ci_head], rows)
    lines += ["", f"## Fields (over {c['matched']} matched pairs)", ""]
    rows = []
    for f in FIELDS:
        mv = h[f"{f}_accuracy"]
        rows.append([f, _num(mv.value), _ci(mv.low, mv.high), str(c[f])])
    mv = h["date_accuracy_dated"]
    rows.append(
        [
            f"date (gold date set, {c['dated']})",
            _num(mv.value),
            _ci(mv.low, mv.high),
            str(c["dated_ok"]),
        ]
    )
    lines += _table(["field", "accuracy", ci_head, "right"], rows)
    lines += ["", "## Stance confusion (rows: gold, columns: predicted)", ""]
    stances = [s.value for s in Stance]
    lines += _table(
        ["gold \\ predicted", *stances],
        ([g, *(str(metrics.stance_confusion[g][p]) for p in stances)] for g in stances),
    )
    lines += ["", "## By quote type (gold type for recall, predicted type for precision)", ""]
    lines += _table(
        [
            "type",
            "gold",
            "predicted",
            "precision",
            "recall",
            "f1",
            "attribution recall",
            "full recall",
        ],
        (
            [
                qt,
                str(d["gold"]),
                str(d["predicted"]),
                *(_num(_as_float(d[k])) for k in ("precision", "recall", "f1", "attribution_recall", "full_recall")),
            ]
            for qt, d in metrics.by_quote_type.items()
        ),
    )
    lines += ["", "## Per article", ""]
    lines += _table(
        [
            "article",
            "status",
            "gold",
            "pred",
            "matched",
            "missed",
            "FP",
            "P",
            "R",
            "F1",
            "attr F1",
            "full F1",
        ],
        (
            [
                a.article_id,
                a.status,
                str(a.gold),
                str(a.predicted),
                str(a.matched),
                str(a.missed),
                str(a.false_positives),
                _num(a.claim_precision),
                _num(a.claim_recall),
                _num(a.claim_f1),
                _num(a.attribution_f1),
                _num(a.full_f1),
            ]
            for a in metrics.per_article
        ),
    )
    details = [line for article in run.articles for line in _article_details(article)]
    if details:
        lines += ["", "## Errors by article", *details]
    return "\n".join(lines) + "\n"


def _as_float(x: float | int | None) -> float | None:
    return None if x is None else float(x)


def render_comparison(comparison: Comparison, *, title: str | None = None) -> str:
    """Markdown for :func:`~claimex.evaluation.metrics.compare_runs` (delta = b - a)."""
    pct = round(comparison.confidence * 100)
    lines = [f"# {title or 'Run comparison'}", ""]
    lines.append(f"{len(comparison.shared_articles)} shared articles.")
    if comparison.only_a:
        lines.append(f"Only in a: {', '.join(comparison.only_a)}.")
    if comparison.only_b:
        lines.append(f"Only in b: {', '.join(comparison.only_b)}.")
    lines += [f"> {w}" for w in comparison.warnings]
    lines += [""]
    rows = []
    for name in METRICS:
        d = comparison.metrics[name]
        delta = "n/a" if d.delta is None else f"{d.delta:+.3f}"
        rows.append([name, _num(d.a), _num(d.b), delta, _ci(d.low, d.high)])
    lines += _table(["metric", "a", "b", "b - a", f"{pct}% CI (paired)"], rows)
    if comparison.changes:
        lines += ["", f"## Changed verdicts ({len(comparison.changes)})", ""]
        lines += _table(
            ["article", "gold #", "speaker", "quote", "a", "b"],
            (
                [
                    ch.article_id,
                    "FP" if ch.gold_index is None else str(ch.gold_index),
                    ch.speaker,
                    _short(ch.quote, 80),
                    ch.before,
                    ch.after,
                ]
                for ch in comparison.changes
            ),
        )
    return "\n".join(lines) + "\n"
