"""Renderers and run folders: what an evaluation leaves on disk, and reading it back.

A run folder (``evals/runs/<run-id>/``) holds:

- ``predictions.jsonl`` - the extractor's records (results and errors), as written;
- ``matches.jsonl`` - one :class:`~claimex.evaluation.matching.ArticleMatch` per line: gold
  and predicted claims side by side with the per-pair verdicts (for the HTML viewer);
- ``metrics.json`` - :class:`~claimex.evaluation.metrics.Metrics`;
- ``report.md`` - :func:`render_report`;
- ``manifest.json`` - whatever the caller passes (git revision, claimex version, prompt,
  schema hash, backend, model, params, dataset hash, cache hits, usage, wall time).

Public API (the CLI's ``claimex eval score|run|compare`` call these):

- :func:`render_report` ``(metrics, run, *, title=None, manifest=None) -> str``
- :func:`render_comparison` ``(comparison, *, title=None) -> str``
- :func:`metrics_json` ``(metrics) -> str``
- :class:`RunFolder` - ``RunFolder.create(root, run_id=None)``, then ``write_predictions``,
  ``write_scores`` (matches + metrics + report) and ``write_manifest``.
- :func:`load_run` ``(path) -> LoadedRun`` - predictions, matches, metrics and manifest of
  a finished run, so it can be re-scored (``match_run(gold, loaded.predictions, ...)``) or
  compared (``compare_runs(a.matches, b.matches)``) without calling any model.
- :func:`new_run_id` ``(label=None) -> str``, :func:`dataset_hash` ``(gold_dir, articles) -> str``,
  :func:`git_revision` ``(cwd=None) -> str | None``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimex.core.errors import InputError
from claimex.core.types import Article, ErrorRecord, ExtractionResult, Stance
from claimex.evaluation.gold import GoldClaim
from claimex.evaluation.matching import FIELDS, ArticleMatch, RunMatch
from claimex.evaluation.metrics import METRICS, Comparison, Metrics
from claimex.evaluation.predictions import PredictionSet, read_predictions

__all__ = [
    "LoadedRun",
    "RunFolder",
    "dataset_hash",
    "git_revision",
    "load_run",
    "metrics_json",
    "new_run_id",
    "render_comparison",
    "render_report",
]

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
        lines.append(
            f"- prediction {article.status}" + (f": {article.error}" if article.error else "")
        )
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
            f"Intervals: percentile bootstrap over articles, {metrics.resamples} resamples, "
            f"seed {metrics.seed}."
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
            rows.append(
                [label if part == "precision" else "", part, _num(mv.value), _ci(mv.low, mv.high)]
            )
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
                *(
                    _num(_as_float(d[k]))
                    for k in ("precision", "recall", "f1", "attribution_recall", "full_recall")
                ),
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


def metrics_json(metrics: Metrics) -> str:
    return metrics.model_dump_json(indent=2) + "\n"


# --------------------------------------------------------------------------- provenance helpers


def new_run_id(label: str | None = None, now: dt.datetime | None = None) -> str:
    """``20250102T030405Z`` or ``20250102T030405Z-<label>`` (label cut to ``[A-Za-z0-9._-]``)."""
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    if not label:
        return stamp
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", label).strip("-.")
    return f"{stamp}-{slug}" if slug else stamp


def dataset_hash(gold_dir: str | Path, articles: Iterable[Article]) -> str:
    """sha256 over the gold files (name and bytes) and the articles (id and text hash).

    Changes when any gold file or article text changes; independent of file order.
    """
    digest = hashlib.sha256()
    for path in sorted(Path(gold_dir).glob("*.json")):
        digest.update(
            f"gold\0{path.name}\0{hashlib.sha256(path.read_bytes()).hexdigest()}\n".encode()
        )
    for article_id, text_sha in sorted((a.id, a.text_sha256) for a in articles):
        digest.update(f"article\0{article_id}\0{text_sha}\n".encode())
    return digest.hexdigest()


def git_revision(cwd: str | Path | None = None) -> str | None:
    """``HEAD``'s commit, with ``+dirty`` when tracked files differ; None outside git."""
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    if not rev:
        return None
    return f"{rev}+dirty" if status.strip() else rev


# --------------------------------------------------------------------------- run folders


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


@dataclass(frozen=True)
class RunFolder:
    """The folder of one evaluation run."""

    path: Path

    PREDICTIONS = "predictions.jsonl"
    MATCHES = "matches.jsonl"
    METRICS = "metrics.json"
    REPORT = "report.md"
    MANIFEST = "manifest.json"

    @classmethod
    def create(cls, root: str | Path = "evals/runs", run_id: str | None = None) -> RunFolder:
        """Make ``root/run_id`` (a fresh id when None); an existing run is never overwritten."""
        path = Path(root) / (run_id or new_run_id())
        try:
            path.mkdir(parents=True, exist_ok=False)
        except FileExistsError:
            raise InputError(f"{path}: run folder already exists") from None
        return cls(path)

    @property
    def run_id(self) -> str:
        return self.path.name

    def write_predictions(self, records: Iterable[ExtractionResult | ErrorRecord]) -> Path:
        target = self.path / self.PREDICTIONS
        _write_atomic(target, "".join(r.model_dump_json() + "\n" for r in records))
        return target

    def write_scores(
        self,
        run: RunMatch,
        metrics: Metrics,
        *,
        title: str | None = None,
        manifest: Mapping[str, Any] | None = None,
    ) -> None:
        """``matches.jsonl``, ``metrics.json`` and ``report.md`` (replacing earlier scores)."""
        _write_atomic(
            self.path / self.MATCHES, "".join(a.model_dump_json() + "\n" for a in run.articles)
        )
        _write_atomic(self.path / self.METRICS, metrics_json(metrics))
        report = render_report(
            metrics, run, title=title or f"Evaluation report: {self.run_id}", manifest=manifest
        )
        _write_atomic(self.path / self.REPORT, report)

    def write_manifest(self, manifest: Mapping[str, Any]) -> Path:
        target = self.path / self.MANIFEST
        _write_atomic(
            target, json.dumps(dict(manifest), indent=2, sort_keys=True, default=str) + "\n"
        )
        return target


@dataclass
class LoadedRun:
    """A finished run read back from its folder; ``matches``/``metrics`` None if never scored."""

    path: Path
    predictions: PredictionSet
    manifest: dict[str, Any]
    metrics: dict[str, Any] | None
    matches: RunMatch | None


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}: malformed JSON ({exc.msg})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc}") from exc


def load_run(path: str | Path) -> LoadedRun:
    """Read a run folder. Raises ``InputError`` when it has no ``predictions.jsonl``."""
    folder = Path(path)
    if not (folder / RunFolder.PREDICTIONS).is_file():
        raise InputError(f"{folder}: not a run folder (no {RunFolder.PREDICTIONS})")
    predictions = read_predictions(folder / RunFolder.PREDICTIONS)
    manifest_path = folder / RunFolder.MANIFEST
    manifest = _read_json(manifest_path) if manifest_path.is_file() else {}
    metrics_path = folder / RunFolder.METRICS
    metrics = _read_json(metrics_path) if metrics_path.is_file() else None
    matches = None
    matches_path = folder / RunFolder.MATCHES
    if matches_path.is_file():
        articles = []
        for lineno, line in enumerate(
            matches_path.read_text(encoding="utf-8").splitlines(), start=1
        ):
            if line.strip():
                try:
                    articles.append(ArticleMatch.model_validate_json(line))
                except ValueError as exc:
                    raise InputError(
                        f"{matches_path}:{lineno}: not an article match ({exc})"
                    ) from None
        meta = metrics or {}
        matches = RunMatch(
            config=meta.get("config", {}),
            articles=tuple(articles),
            unscored=tuple(meta.get("unscored", ())),
            warnings=tuple(meta.get("warnings", ())),
        )
    return LoadedRun(folder, predictions, manifest, metrics, matches)
