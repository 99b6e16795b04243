"""``claimex batch submit|status|collect``: bulk runs through OpenAI's Batch API (half price, within 24 h)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from claimex.cli.app import EXIT_FAILED, app, err_console, fail
from claimex.cli.logs import configure_logging, protect_secrets
from claimex.cli.options import QuietOpt, VerboseOpt, build_settings, extraction_options
from claimex.core.errors import ClaimexError, NotReadyError, OutputError

batch_app = typer.Typer(
    help="Bulk runs through OpenAI's Batch API: submit today, collect the same records tomorrow.",
    no_args_is_help=True,
)
app.add_typer(batch_app, name="batch")

StateArg = Annotated[Path, typer.Argument(metavar="STATE", help="The state file `batch submit` wrote.")]


def _storable(options: dict[str, Any]) -> dict[str, Any]:
    """The command line's settings as JSON (a key is never among them: it is read from the environment)."""
    return {
        name: value.value if isinstance(value, StrEnum) else str(value) if isinstance(value, Path) else value
        for name, value in options.items()
    }


def _settings_from_state(state_path: Path) -> Any:
    from claimex.scale.openai_batch import BatchState

    state = BatchState.load(state_path)
    options = dict(state.options)
    if options.get("config") is not None:
        options["config"] = Path(options["config"])
    settings = build_settings(options)
    protect_secrets(settings)
    return state, settings


@batch_app.command(
    epilog="Example:\n\n  claimex batch submit news/ -o claims.jsonl --backend openai --model gpt-4o-mini -s hybrid"
)
@extraction_options
def submit(
    paths: Annotated[list[str], typer.Argument(metavar="PATH...", help="Articles, as for `claimex extract`.")],
    extraction: dict[str, Any],
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="FILE", help="JSONL the records will be collected into.")
    ] = Path("claims.jsonl"),
    state: Annotated[
        Path | None, typer.Option(metavar="FILE", help="State file (default: <output>.batch.json).")
    ] = None,
    verbose: VerboseOpt = 0,
) -> None:
    """Upload every request not already answered in the cache and create the batch(es)."""
    from claimex.scale.openai_batch import submit as submit_batch

    configure_logging(verbose, False)
    state_path = state or output.with_name(output.name + ".batch.json")
    try:
        settings = build_settings(extraction)
        protect_secrets(settings)
        submitted = submit_batch(settings, paths, output, state_path, options=_storable(extraction))
    except ClaimexError as exc:
        raise fail(str(exc)) from None
    ids = ", ".join(part.batch_id for part in submitted.parts) or "none (every answer is cached)"
    err_console.print(
        f"{submitted.articles} articles: {submitted.requests} requests sent, {submitted.cached} already "
        f"answered in the cache; batch {ids}\nstate: {state_path}  (next: claimex batch status {state_path})"
    )


@batch_app.command()
def status(state_path: StateArg, verbose: VerboseOpt = 0) -> None:
    """Poll the batches of a submission and show how far they are."""
    from claimex.scale.openai_batch import open_api, refresh

    configure_logging(verbose, False)
    try:
        state, settings = _settings_from_state(state_path)
        api = open_api(settings)
        try:
            refresh(state, state_path, api)
        finally:
            api.close()
    except ClaimexError as exc:
        raise fail(str(exc)) from None
    for part in state.parts:
        typer.echo(
            f"{part.batch_id}  {part.status:12} {part.completed}/{part.requests} completed, {part.failed} failed"
        )
    typer.echo("finished: run `claimex batch collect`" if state.finished else "not finished")


@batch_app.command()
def collect(state_path: StateArg, verbose: VerboseOpt = 0, quiet: QuietOpt = False) -> None:
    """Write the records of a finished submission (safe to run again: it resumes)."""
    from claimex.cli.progress import BatchProgress, summary_table
    from claimex.scale.openai_batch import collect as collect_batch

    configure_logging(verbose, quiet)
    try:
        state, settings = _settings_from_state(state_path)
        with BatchProgress(Console(stderr=True), None, quiet=quiet) as progress:
            collected = collect_batch(settings, state_path, on_record=progress.update)
    except NotReadyError as exc:
        raise fail(str(exc), EXIT_FAILED) from None
    except OutputError as exc:
        raise fail(f"{exc}; rerun collect to resume", EXIT_FAILED) from None
    except ClaimexError as exc:
        raise fail(str(exc)) from None
    if not quiet:
        err_console.print(summary_table(collected.stats, state.output))
    lost = collected.failed_requests + collected.unanswered_requests
    if lost:
        err_console.print(
            f"[yellow]{collected.failed_requests} request(s) failed and {collected.unanswered_requests} got no "
            f"answer in the batch:[/] their articles have error records; run `claimex batch submit` with the same "
            "arguments to send just those again"
        )
    if collected.stats.errors:
        raise typer.Exit(EXIT_FAILED)
