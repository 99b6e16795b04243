"""Write the pages to disk: the functions ``claimex view`` and ``claimex eval`` call."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from claimex.core.articles import iter_sources
from claimex.core.errors import ClaimexError, InputError
from claimex.core.types import Article, ExtractionResult
from claimex.evaluation import Comparison, RunFolder, load_run, read_predictions
from claimex.evaluation.runner import EvalOutcome
from claimex.view._claims import highlight_span, render_claims_page
from claimex.view._markdown import render_report
from claimex.view._report import render_comparison_html, render_eval_report_html

__all__ = ["REPORT_HTML", "ClaimsPageSummary", "write_claims_page", "write_comparison_html", "write_run_report_html"]

REPORT_HTML = "report.html"


@dataclass(frozen=True)
class ClaimsPageSummary:
    """What :func:`write_claims_page` wrote, for the CLI to print."""

    path: Path
    articles: int
    claims: int
    highlighted: int
    errors: int
    problems: tuple[str, ...]


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_claims_page(
    predictions_jsonl: Path,
    article_specs: Sequence[str],
    out: Path,
    *,
    title: str | None = None,
) -> ClaimsPageSummary:
    """Render ``predictions_jsonl`` (the extractor's output) over the articles named by ``article_specs``.

    ``article_specs`` are what ``claimex extract`` accepts (files, directories, globs).
    Only the articles the records refer to are kept. Unreadable articles and malformed
    prediction lines do not stop the page; they are listed at its top and in
    ``ClaimsPageSummary.problems``. Raises ``InputError`` when the predictions file cannot
    be read.
    """
    predictions = read_predictions(predictions_jsonl)
    records = predictions.records()
    wanted = {r.article_id for r in records if r.article_id is not None}
    problems = [str(p) for p in predictions.problems] + list(predictions.warnings)
    articles: dict[str, Article] = {}
    for source in iter_sources(article_specs):
        try:
            article = source.load()
        except ClaimexError as exc:
            problems.append(f"article not loaded: {exc}")
            continue
        if article.id in wanted:
            articles[article.id] = article
    missing = sorted(wanted - set(articles))
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        problems.append(f"no article text for {shown}")
    html = render_claims_page(records, articles, title=title or f"Claims: {predictions_jsonl.name}", problems=problems)
    _write_atomic(out, html)
    results = [r for r in records if isinstance(r, ExtractionResult)]
    return ClaimsPageSummary(
        path=out,
        articles=len(results),
        claims=sum(len(r.claims) for r in results),
        highlighted=sum(
            1
            for r in results
            for c in r.claims
            if highlight_span(c, articles[r.article_id].text if r.article_id in articles else None) is not None
        ),
        errors=len(records) - len(results),
        problems=tuple(problems),
    )


def write_run_report_html(
    run_dir: Path,
    articles: Mapping[str, Article] | None = None,
    *,
    title: str | None = None,
) -> Path:
    """Write ``report.html`` beside ``report.md`` in a scored run folder; returns its path.

    Reads the folder's ``matches.jsonl``, ``metrics.json`` and ``manifest.json`` (so call
    it after ``RunFolder.write_scores`` and ``write_manifest``). Raises ``InputError`` when
    the run has not been scored.
    """
    loaded = load_run(run_dir)
    if loaded.matches is None or loaded.metrics is None:
        raise InputError(f"{run_dir}: run not scored (no {RunFolder.MATCHES} or {RunFolder.METRICS})")
    html = render_eval_report_html(
        loaded.metrics,
        loaded.matches,
        articles,
        manifest=loaded.manifest,
        title=title or f"Evaluation report: {Path(run_dir).name}",
    )
    target = Path(run_dir) / REPORT_HTML
    _write_atomic(target, html)
    return target


def write_comparison_html(comparison: Comparison, out: Path, *, title: str | None = None) -> Path:
    """Write :func:`render_comparison_html` to ``out``; returns ``out``."""
    _write_atomic(out, render_comparison_html(comparison, title=title))
    return out


def write_run_reports(outcome: EvalOutcome, *, html: bool = True) -> list[Path]:
    """``report.md`` (and ``report.html``) for a finished evaluation, beside its JSON files."""
    folder = outcome.folder
    title = f"Evaluation report: {folder.run_id}"
    written = [
        folder.write_text(
            RunFolder.REPORT, render_report(outcome.metrics, outcome.run, title=title, manifest=outcome.manifest)
        )
    ]
    if html:
        written.append(write_run_report_html(folder.path, outcome.articles, title=title))
    return written
