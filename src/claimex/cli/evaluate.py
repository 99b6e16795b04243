"""``claimex gold …`` and ``claimex eval …``: thin wrappers over :mod:`claimex.evaluation`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from claimex.cli.app import EXIT_FAILED, fail
from claimex.cli.logs import configure_logging, protect_secrets
from claimex.cli.options import VerboseOpt, build_settings, extraction_options
from claimex.core.errors import ClaimexError
from claimex.evaluation.matching import MatchConfig
from claimex.evaluation.metrics import Metrics

gold_app = typer.Typer(help="Validate hand-labelled gold files.", no_args_is_help=True)
eval_app = typer.Typer(help="Score extractions against gold, and compare runs.", no_args_is_help=True)
console = Console(stderr=True)

GoldOpt = Annotated[Path, typer.Option("--gold", help="Folder of gold files (<article_id>.json).")]
ArticlesOpt = Annotated[list[str], typer.Option("--articles", help="Article files or folders the gold refers to.")]
RunsOpt = Annotated[Path, typer.Option("--runs-dir", help="Where run folders are written.")]
RunIdOpt = Annotated[str | None, typer.Option("--run-id", help="Name of the run folder (default: time + strategy).")]
FailUnderOpt = Annotated[
    list[str] | None,
    typer.Option("--fail-under", help="Gate, repeatable: exit 1 when METRIC < VALUE. [dim]e.g. claim_f1=0.8[/]"),
]
ThresholdOpt = Annotated[float, typer.Option("--threshold", help="Quote similarity needed to match a pair (0-1).")]
StrictOpt = Annotated[
    bool, typer.Option("--strict-names", help="Exact names only: no alias, surname, honorific or particle folding.")
]
ResamplesOpt = Annotated[int, typer.Option("--resamples", help="Bootstrap resamples for confidence intervals.")]
HtmlOpt = Annotated[bool, typer.Option("--html/--no-html", help="Also write report.html beside report.md.")]


@gold_app.command("standoff")
def gold_standoff(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of quote-form gold files (ANNOTATION.md).")],
    articles: Annotated[list[str], typer.Option("--articles", help="The articles the gold labels.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the standoff gold files.")],
) -> None:
    """Rewrite quote-form gold as standoff gold: quotes by character offsets into a text named by its sha256.

    Use it for articles whose text may not be committed: the standoff files can be.
    Example: claimex gold standoff work/gold --articles texts/ -o evals/gold/dev
    """
    import json

    from claimex.core.articles import load_articles
    from claimex.evaluation.gold import load_gold_file
    from claimex.evaluation.standoff import to_standoff

    try:
        by_id = {a.id: a for a in load_articles(articles)}
        output.mkdir(parents=True, exist_ok=True)
        paths = sorted(gold_dir.glob("*.json"))
        for path in paths:
            gold = load_gold_file(path, by_id)
            if gold.article_id not in by_id:
                raise fail(f"{path}: no article {gold.article_id!r} among --articles")
            standoff = to_standoff(gold.model_dump(mode="json"), by_id[gold.article_id])
            (output / path.name).write_text(json.dumps(standoff, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except (ClaimexError, ValueError) as exc:
        raise fail(str(exc)) from None
    console.print(f"[green]wrote[/] {len(paths)} standoff gold file(s) to {output}")


@gold_app.command("check")
def gold_check(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold files (quote-form or standoff).")],
    articles: Annotated[Path, typer.Option("--articles", help="Folder of the articles the gold labels.")],
) -> None:
    """Validate gold files: schema, unknown keys, enums, ISO dates, quotes found in articles, duplicates.

    Standoff gold (quotes by offsets, with text_sha256) is checked against the text it names.

    Example: claimex gold check evals/gold/seeds --articles seeds/
    """
    from claimex.evaluation.gold import check_gold

    try:
        problems = check_gold(gold_dir, articles)
    except ClaimexError as exc:
        raise fail(str(exc)) from None
    for problem in problems:
        typer.echo(str(problem))
    files = len(list(gold_dir.glob("*.json")))
    if problems:
        console.print(f"[red]{len(problems)} problem(s)[/] in {files} gold file(s)")
        raise typer.Exit(EXIT_FAILED)
    console.print(f"[green]ok[/]: {files} gold file(s) valid")


def _print_headline(metrics: Metrics) -> None:
    table = Table(title="headline metrics", show_lines=False)
    for column in ("metric", "value", "95% CI"):
        table.add_column(column, justify="right" if column != "metric" else "left")
    for name, value in metrics.headline.items():
        shown = "n/a" if value.value is None else f"{value.value:.3f}"
        ci = "" if value.low is None or value.high is None else f"[{value.low:.3f}, {value.high:.3f}]"
        table.add_row(name, shown, ci)
    console.print(table)


def _finish(outcome: object, html: bool) -> None:
    from claimex.evaluation.runner import EvalOutcome
    from claimex.view import write_run_reports

    assert isinstance(outcome, EvalOutcome)
    write_run_reports(outcome, html=html)
    _print_headline(outcome.metrics)
    typer.echo(str(outcome.folder.path))
    if outcome.failures:
        for failure in outcome.failures:
            console.print(f"[red]gate failed:[/] {failure}")
        raise typer.Exit(EXIT_FAILED)


def _match_config(threshold: float, strict: bool) -> MatchConfig:
    return MatchConfig.strict(threshold) if strict else MatchConfig(threshold=threshold)


@eval_app.command("score")
def eval_score(
    pred: Annotated[Path, typer.Option("--pred", help="Predictions JSONL written by claimex extract.")],
    gold: GoldOpt = Path("evals/gold/seeds"),
    articles: ArticlesOpt = ["seeds"],  # noqa: B006 - typer needs a literal default
    runs_dir: RunsOpt = Path("evals/runs"),
    run_id: RunIdOpt = None,
    threshold: ThresholdOpt = 0.5,
    strict_names: StrictOpt = False,
    resamples: ResamplesOpt = 1000,
    fail_under: FailUnderOpt = None,
    html: HtmlOpt = True,
) -> None:
    """Score existing predictions against gold; writes a run folder (no model call).

    Example: claimex eval score --pred claims.jsonl --gold evals/gold/seeds --articles seeds/
    """
    from claimex.evaluation.runner import evaluate

    try:
        outcome = evaluate(
            gold_dir=gold,
            article_specs=articles,
            predictions=pred,
            config=_match_config(threshold, strict_names),
            runs_root=runs_dir,
            run_id=run_id,
            resamples=resamples,
            fail_under=fail_under or [],
        )
    except ClaimexError as exc:
        raise fail(str(exc)) from None
    _finish(outcome, html)


@eval_app.command("run")
@extraction_options
def eval_run(
    extraction: dict[str, Any],
    gold: GoldOpt = Path("evals/gold/seeds"),
    articles: ArticlesOpt = ["seeds"],  # noqa: B006
    runs_dir: RunsOpt = Path("evals/runs"),
    run_id: RunIdOpt = None,
    threshold: ThresholdOpt = 0.5,
    strict_names: StrictOpt = False,
    resamples: ResamplesOpt = 1000,
    fail_under: FailUnderOpt = None,
    html: HtmlOpt = True,
    verbose: VerboseOpt = 0,
) -> None:
    """Extract (through the cache) and score in one go; writes a run folder.

    Takes every extraction option that [bold]claimex extract[/] takes.
    Example: claimex eval run --strategy rules --fail-under claim_f1=0.85
    """
    from claimex.evaluation.runner import evaluate

    configure_logging(verbose, quiet=False)
    try:
        settings = build_settings(extraction)
        protect_secrets(settings)
        outcome = evaluate(
            gold_dir=gold,
            article_specs=articles,
            settings=settings,
            config=_match_config(threshold, strict_names),
            runs_root=runs_dir,
            run_id=run_id,
            resamples=resamples,
            fail_under=fail_under or [],
        )
    except ClaimexError as exc:
        raise fail(str(exc)) from None
    _finish(outcome, html)


@eval_app.command("compare")
def eval_compare(
    run_a: Annotated[Path, typer.Argument(help="Baseline run folder.")],
    run_b: Annotated[Path, typer.Argument(help="Candidate run folder.")],
    resamples: ResamplesOpt = 1000,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the Markdown comparison here.")] = None,
    html: Annotated[Path | None, typer.Option("--html", help="Also write an HTML diff of the two runs here.")] = None,
) -> None:
    """Per-metric deltas (B − A) with paired bootstrap intervals, and the claims that changed verdict.

    Example: claimex eval compare evals/runs/A evals/runs/B --html diff.html
    """
    from claimex.evaluation.compare import compare_runs
    from claimex.evaluation.runs import load_run
    from claimex.view import render_comparison

    try:
        a, b = load_run(run_a), load_run(run_b)
        if a.matches is None or b.matches is None:
            raise fail("both runs must have been scored (matches.jsonl missing)")
        comparison = compare_runs(a.matches, b.matches, resamples=resamples)
    except ClaimexError as exc:
        raise fail(str(exc)) from None
    text = render_comparison(comparison, title=f"{run_a.name} → {run_b.name}")
    try:
        if output:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
        else:
            typer.echo(text)
        if html:
            from claimex.view import render_comparison_html

            html.parent.mkdir(parents=True, exist_ok=True)
            html.write_text(render_comparison_html(comparison), encoding="utf-8")
            console.print(f"wrote {html}")
    except OSError as exc:
        raise fail(f"cannot write {exc.filename}: {exc.strerror}") from None
