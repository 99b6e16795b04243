"""``claimex extract``, ``view``, ``prompts`` and ``schemas``: parse, build ``Settings``, call the library."""

from __future__ import annotations

import difflib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from claimex.cli.app import EXIT_FAILED, EXIT_INTERRUPTED, app, err_console, fail
from claimex.cli.logs import configure_logging, protect_secrets
from claimex.cli.options import EngineChoice, QuietOpt, VerboseOpt, build_settings, extraction_options
from claimex.clients.deadline import cancel_all
from claimex.core.articles import count_articles, iter_sources
from claimex.core.errors import ClaimexError, ConfigError, InputError, OutputError, PromptError
from claimex.core.paths import plan_inputs
from claimex.pipeline.batch import BatchRunner, check_output

if TYPE_CHECKING:
    from claimex.pipeline.extractor import Extractor

prompts_app = typer.Typer(help="List, show and compare the versioned prompts.", no_args_is_help=True)
app.add_typer(prompts_app, name="prompts")
schemas_app = typer.Typer(help="Export or check the committed JSON Schemas.", no_args_is_help=True)
app.add_typer(schemas_app, name="schemas")


@app.command(
    epilog=(
        "Examples:\n\n"
        "  claimex extract seeds/ -o claims.jsonl\n\n"
        "  claimex extract 'news/**/*.json' -o out.jsonl -j 4 --strategy rules\n\n"
        "  cat articles.jsonl | claimex extract - -o - --quiet\n\n"
        "  claimex extract news/ -o out.jsonl --backend openai --model gpt-4o-mini\n\n"
        "  claimex extract news/ -o out.jsonl --backend openai --base-url http://localhost:8000/v1 --model Qwen2.5-7B"
    )
)
@extraction_options
def extract(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH...",
            help="Article files, folders (recursive; .txt with manifest.jsonl, .json, .jsonl), globs, or - for JSONL on stdin.",
        ),
    ],
    extraction: dict[str, Any],
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="JSONL output (one record per article), or - for stdout. [dim]e.g. -o out.jsonl[/]",
        ),
    ] = "claims.jsonl",
    overwrite: Annotated[
        bool,
        typer.Option(
            "--overwrite", metavar="", help="Start over instead of resuming into --output. [dim]e.g. --overwrite[/]"
        ),
    ] = False,
    max_error_rate: Annotated[
        float,
        typer.Option(
            metavar="0-1",
            help="Exit 1 when the share of failed or degraded articles exceeds this. [dim]e.g. --max-error-rate 0.01[/]",
            min=0,
            max=1,
        ),
    ] = 0.0,
    engine: Annotated[
        EngineChoice,
        typer.Option(
            help="local = threads in this process; ray = a Ray actor pool of -j workers (needs claimex[ray]). "
            "[dim]e.g. --engine ray[/]"
        ),
    ] = EngineChoice.local,
    ray_address: Annotated[
        str,
        typer.Option(
            metavar="ADDRESS",
            help="With --engine ray: local (start Ray here), auto (a running cluster) or ray://host:port. "
            "[dim]e.g. --ray-address auto[/]",
        ),
    ] = "local",
    ray_workers: Annotated[
        int,
        typer.Option(
            metavar="N",
            min=1,
            help="With --engine ray: actors (each runs -j articles at a time; -j 1 for the rules). "
            "[dim]e.g. --ray-workers 32[/]",
        ),
    ] = 2,
    verbose: VerboseOpt = 0,
    quiet: QuietOpt = False,
) -> None:
    """Extract claims from articles into JSONL: one result (or error) record per article.

    Reruns resume: articles already in --output with the same configuration are skipped,
    failed ones are redone. Model answers are cached on disk, so a rerun of the same
    input costs no model call. Configuration, inputs and output are checked before the
    first article: a problem there is one message and exit 2, with nothing written.
    """
    from claimex.cli.progress import BatchProgress, summary_table
    from claimex.pipeline.extractor import Extractor

    configure_logging(verbose, quiet)
    try:
        settings = build_settings(extraction)
        protect_secrets(settings)
        out_path = None if output == "-" else Path(output)
        plan = plan_inputs(paths)  # expanded and checked before the output is touched
        if plan.unmatched:
            raise InputError("; ".join(plan.unmatched))
        check_output(plan, out_path)
        extractor = Extractor(settings)
        extractor.check_ready()  # a missing key or model is one error now, not one per article
        total = count_articles(plan)
        with BatchProgress(Console(stderr=True), total, quiet=quiet) as progress:
            if engine == EngineChoice.ray:
                runner = _ray_runner(
                    extractor, out_path, ray_address, ray_workers, overwrite=overwrite, on_record=progress.update
                )
            else:
                runner = BatchRunner(extractor, out_path, overwrite=overwrite, on_record=progress.update)
            stats = runner.run(iter_sources(plan, max_chars=settings.max_article_chars), total=total)
        if not stats.interrupted:
            extractor.close()
    except OutputError as exc:
        raise fail(f"{exc}; the records written so far are whole lines, rerun to resume", EXIT_FAILED) from None
    except ClaimexError as exc:
        raise fail(str(exc)) from None
    if not quiet:
        err_console.print(summary_table(stats, output))
    if stats.interrupted:
        _abandon_in_flight()
    if stats.processed == 0 and stats.skipped == 0:
        raise fail("no articles found in the given paths")
    if stats.error_rate > max_error_rate:
        raise fail(
            f"{stats.errors} of {stats.processed} articles failed and {stats.degraded} degraded "
            f"(rate {stats.error_rate:.1%} > --max-error-rate {max_error_rate:.1%})",
            EXIT_FAILED,
        )


def _ray_runner(extractor: Extractor, output: Path | None, address: str, workers: int, **kwargs: Any) -> BatchRunner:
    """A runner on Ray, or one clear error when the ``ray`` extra is not installed."""
    try:
        from claimex.scale.ray import RayRunner, connect
    except ImportError:
        raise ConfigError("--engine ray needs Ray: pip install 'claimex[ray]'") from None
    connect(address)
    return RayRunner(extractor, output, workers=workers, **kwargs)


def _abandon_in_flight() -> None:
    """Exit 130 now: requests in flight are cancelled, not awaited (their articles are redone on resume).

    Every record already written is a whole line and the output was fsynced on close, so
    leaving without joining the worker threads loses nothing that was done.
    """
    cancel_all()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(EXIT_INTERRUPTED)


@prompts_app.command("list")
def prompts_list() -> None:
    """List every prompt version with its hash and whether it is released (locked)."""
    from claimex.prompting.registry import PromptRegistry

    try:
        registry = PromptRegistry()
        lock = registry.read_lock()
    except PromptError as exc:
        raise fail(str(exc)) from None
    for prompt in registry.all():
        state = "released" if prompt.ref in lock else "draft"
        typer.echo(f"{prompt.ref:24} {prompt.sha256[:12]}  {state:8}  {prompt.description[:70]}")


@prompts_app.command("show")
def prompts_show(
    ref: Annotated[str, typer.Argument(help="id or id@vN, e.g. claims@v1")],
    article: Annotated[Path | None, typer.Option(help="Render the prompt for this article instead of raw.")] = None,
) -> None:
    """Show a prompt file, or the messages it renders for an article."""
    from claimex.core.articles import load_articles
    from claimex.prompting.registry import PromptRegistry

    try:
        prompt = PromptRegistry().get(ref)
        if article is None:
            typer.echo(prompt.path.read_text(encoding="utf-8"))
            return
        loaded = load_articles([str(article)])[0]
        messages = prompt.render(
            article=loaded.text,
            published=loaded.published.isoformat() if loaded.published else None,
            speaker="SPEAKER",
            quote="QUOTE",
            context="CONTEXT",
            candidates=["CANDIDATE"],
        )
    except (PromptError, InputError) as exc:
        raise fail(str(exc)) from None
    for message in messages:
        typer.echo(f"--- {message['role']} ---\n{message['content']}\n")


@prompts_app.command("diff")
def prompts_diff(
    a: Annotated[str, typer.Argument(help="e.g. claims@v1")],
    b: Annotated[str, typer.Argument(help="e.g. claims@v2")],
) -> None:
    """Unified diff between two prompt versions."""
    from claimex.prompting.registry import PromptRegistry

    try:
        registry = PromptRegistry()
        pa, pb = registry.get(a), registry.get(b)
    except PromptError as exc:
        raise fail(str(exc)) from None
    diff = difflib.unified_diff(
        pa.path.read_text().splitlines(keepends=True),
        pb.path.read_text().splitlines(keepends=True),
        fromfile=pa.ref,
        tofile=pb.ref,
    )
    sys.stdout.writelines(diff)


@app.command(epilog="Example:\n\n  claimex view claims.jsonl --articles seeds/ -o view.html")
def view(
    predictions: Annotated[Path, typer.Argument(help="JSONL written by claimex extract.")],
    articles: Annotated[
        list[str], typer.Option("--articles", "-a", help="The articles the records were extracted from (text needed).")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("view.html"),
) -> None:
    """Write a self-contained HTML page: quotes highlighted in each article, coloured by stance, with filters."""
    from claimex.view import write_claims_page

    try:
        summary = write_claims_page(predictions, articles, output)
    except ClaimexError as exc:
        raise fail(str(exc)) from None
    for problem in summary.problems:
        err_console.print(f"[yellow]warning:[/] {problem}")
    err_console.print(
        f"wrote {summary.path}: {summary.articles} articles, {summary.claims} claims "
        f"({summary.highlighted} highlighted), {summary.errors} error records"
    )


schemas_app = typer.Typer(help="Export or check the committed JSON Schemas.", no_args_is_help=True)
app.add_typer(schemas_app, name="schemas")


@schemas_app.command("export")
def schemas_export(directory: Annotated[Path, typer.Argument(help="Target folder.")] = Path("schemas")) -> None:
    """Write the JSON Schema of every response and output model (do this with a new schema version)."""
    from claimex.prompting.schema_export import export_schemas

    for path in export_schemas(directory):
        typer.echo(str(path))


@schemas_app.command("check")
def schemas_check(directory: Annotated[Path, typer.Argument(help="Folder of exports.")] = Path("schemas")) -> None:
    """Fail when a model has drifted from its committed export."""
    from claimex.prompting.schema_export import schema_drift

    problems = schema_drift(directory)
    for problem in problems:
        typer.echo(problem)
    if problems:
        raise typer.Exit(EXIT_FAILED)
    typer.echo("ok")
