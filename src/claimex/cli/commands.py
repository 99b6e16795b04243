"""Command-line entry points. Each command parses, builds ``Settings``, calls the library.

Exit codes: 0 success; 1 the work ran but failed its bar (error rate over
``--max-error-rate``, a ``--fail-under`` gate, gold problems); 2 usage or
configuration error; 130 interrupted.
"""

from __future__ import annotations

import difflib
import logging
import os
import re
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.logging import RichHandler

from claimex.clients.deadline import cancel_all
from claimex.core.articles import count_articles, iter_sources
from claimex.core.errors import ClaimexError, ConfigError, InputError, OutputError, PromptError
from claimex.core.paths import plan_inputs
from claimex.core.redact import scrub, url_secrets
from claimex.core.settings import Settings
from claimex.core.version import __version__
from claimex.pipeline.batch import check_output

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

app = typer.Typer(
    name="claimex",
    add_completion=False,
    help="Extract grounded claims (speaker, quote, target, stance, date) from news articles.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
prompts_app = typer.Typer(help="List, show and compare the versioned prompts.", no_args_is_help=True)
app.add_typer(prompts_app, name="prompts")

err_console = Console(stderr=True)
log = logging.getLogger("claimex")


_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


class _EscapeControlCharacters(logging.Filter):
    """Log lines carry file names and server text: escape newlines and ANSI codes so neither
    can forge a log line or repaint the terminal."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg = _CONTROL.sub(lambda m: repr(m.group())[1:-1], message)
        record.args = None
        return True


class _RedactSecrets(logging.Filter):
    """Scrubs the API key and secret parts of the endpoint from every line, ours or a library's."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            record.msg = scrub(record.getMessage(), self.secrets)
            record.args = None
        return True


_redact_filter = _RedactSecrets()


def protect_secrets(settings: Settings) -> None:
    """Tell the log handler which strings must never be printed (called once settings exist)."""
    key = settings.api_key.get_secret_value() if settings.api_key else ""
    _redact_filter.secrets = [key, *url_secrets(settings.base_url)]


def _configure_logging(verbose: int, quiet: bool) -> None:
    level = logging.WARNING if quiet else (logging.DEBUG if verbose > 1 else logging.INFO)
    handler: logging.Handler
    if err_console.is_terminal:
        handler = RichHandler(console=err_console, show_path=False, show_time=False)
        handler.setFormatter(logging.Formatter("%(message)s"))
    else:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_redact_filter)
    handler.addFilter(_EscapeControlCharacters())
    root = logging.getLogger("claimex")
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Libraries' records (httpx, openai, instructor) go through the same filters, never
    # through Python's last-resort handler, which would print them unredacted.
    logging.getLogger().handlers[:] = [handler]
    root.propagate = False
    if verbose < 2:
        # instructor logs every failed attempt; claimex reports retries and failures itself.
        for noisy in ("httpx", "openai", "instructor"):
            logging.getLogger(noisy).setLevel(logging.CRITICAL)


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, markup=True, soft_wrap=True)
    return typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimex {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """claimex reads news articles and pulls out who said what about whom, grounded in the text.

    Start with [bold]claimex extract seeds/ -o claims.jsonl[/]: it runs the embedded model
    (no key, no network). See [bold]claimex COMMAND --help[/] for each command.
    """


# Options shared by every command that runs an extraction.
StrategyOpt = Annotated[
    str | None,
    typer.Option(
        "--strategy",
        "-s",
        help="auto (default: rules with the bundled 270M model, hybrid with any other) | rules | llm | hybrid. [dim]e.g. --strategy hybrid[/]",
    ),
]
BackendOpt = Annotated[
    str | None,
    typer.Option(
        help="local (embedded llama.cpp, default) | openai (any OpenAI-compatible endpoint). [dim]e.g. --backend openai[/]"
    ),
]
ModelOpt = Annotated[
    str | None, typer.Option("--model", "-m", help="Model name for --backend openai. [dim]e.g. gpt-4o-mini[/]")
]
ModelPathOpt = Annotated[
    Path | None, typer.Option(help="Another GGUF file for the local backend. [dim]e.g. ~/models/qwen.gguf[/]")
]
BaseUrlOpt = Annotated[
    str | None,
    typer.Option(help="OpenAI-compatible endpoint. [dim]e.g. http://localhost:11434/v1 (Ollama)[/]"),
]
ApiKeyEnvOpt = Annotated[
    str | None,
    typer.Option(
        help="Environment variable holding the API key (default OPENAI_API_KEY). [dim]e.g. --api-key-env GROQ_KEY[/]"
    ),
]
ModeOpt = Annotated[
    str | None,
    typer.Option(
        help="How structured output is requested: json_schema | tools | json | md_json. [dim]e.g. --instructor-mode tools[/]"
    ),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Ask the model even when an answer is cached (nothing is read or written). [dim]e.g. --no-cache[/]",
    ),
]
CacheDirOpt = Annotated[
    Path | None,
    typer.Option(
        help="Where cached model answers and results live (default .claimex-cache). [dim]e.g. --cache-dir /data/cache[/]"
    ),
]
KeepUngroundedOpt = Annotated[
    bool,
    typer.Option(
        "--keep-ungrounded",
        help="Keep claims whose quote is not in the article, marked alignment none. [dim]e.g. --keep-ungrounded[/]",
    ),
]
ConcurrencyOpt = Annotated[
    int | None, typer.Option("--concurrency", "-j", help="Articles in flight at once. [dim]e.g. -j 8[/]")
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="TOML file with a \\[claimex] table of settings. [dim]e.g. --config claimex.toml[/]"),
]
ThreadsOpt = Annotated[
    int | None,
    typer.Option(
        "--threads", help="CPU threads for the embedded model (default: cores, max 8). [dim]e.g. --threads 4[/]"
    ),
]
CtxOpt = Annotated[
    int | None,
    typer.Option(
        "--n-ctx", help="Context tokens per slot for the embedded model (default 8192). [dim]e.g. --n-ctx 16384[/]"
    ),
]
ReasksOpt = Annotated[
    int | None,
    typer.Option("--max-reasks", help="Re-asks after invalid model output (default 1). [dim]e.g. --max-reasks 0[/]"),
]
AttemptsOpt = Annotated[
    int | None,
    typer.Option(
        "--max-attempts", help="Tries per request on 429/5xx/timeouts (default 5). [dim]e.g. --max-attempts 8[/]"
    ),
]
TimeoutOpt = Annotated[
    float | None, typer.Option("--timeout", help="Seconds per model request (default 300). [dim]e.g. --timeout 60[/]")
]
VerboseOpt = Annotated[
    int,
    typer.Option(
        "--verbose",
        "-v",
        count=True,
        help="More logging; -vv for debug (article texts are never logged). [dim]e.g. -vv[/]",
    ),
]
ChunkOpt = Annotated[
    int | None,
    typer.Option(
        "--chunk-chars",
        help="Split longer articles into overlapping chunks (default 12000). [dim]e.g. --chunk-chars 6000[/]",
    ),
]
MaxTokensOpt = Annotated[
    int | None,
    typer.Option(
        "--max-tokens",
        help="Cap on tokens the model may generate per call (default 1024). [dim]e.g. --max-tokens 2048[/]",
    ),
]
TemperatureOpt = Annotated[
    float | None,
    typer.Option(
        "--temperature", help="Sampling temperature (default 0: reproducible). [dim]e.g. --temperature 0.2[/]"
    ),
]
FuzzyOpt = Annotated[
    float | None,
    typer.Option(
        "--fuzzy-threshold",
        help="Similarity (50-100) for a fuzzy quote alignment (default 90). [dim]e.g. --fuzzy-threshold 95[/]",
    ),
]
MaxArticleOpt = Annotated[
    int | None,
    typer.Option(
        "--max-article-chars",
        help="Longer articles become error records instead of filling memory (default 2,000,000). [dim]e.g. --max-article-chars 500000[/]",
    ),
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress or summary; warnings and errors only. [dim]e.g. -q[/]")
]


def build_settings(config: Path | None = None, **options: Any) -> Settings:
    overrides = {k: v for k, v in options.items() if v is not None}
    if overrides.pop("no_cache", False):
        overrides["use_cache"] = False
    if overrides.get("keep_ungrounded") is False:
        overrides.pop("keep_ungrounded")
    return Settings.build(overrides, config_file=config)


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
def extract(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Article files, directories (recursive; .txt with manifest.jsonl, .json, .jsonl), globs, or - for JSONL on stdin."
        ),
    ],
    output: Annotated[
        str,
        typer.Option(
            "--output", "-o", help="JSONL output (one record per article), or - for stdout. [dim]e.g. -o out.jsonl[/]"
        ),
    ] = "claims.jsonl",
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Start over instead of resuming into --output. [dim]e.g. --overwrite[/]")
    ] = False,
    max_error_rate: Annotated[
        float,
        typer.Option(
            help="Exit 1 when the share of failed articles exceeds this (0 to 1). [dim]e.g. --max-error-rate 0.01[/]",
            min=0,
            max=1,
        ),
    ] = 0.0,
    strategy: StrategyOpt = None,
    backend: BackendOpt = None,
    model: ModelOpt = None,
    model_path: ModelPathOpt = None,
    base_url: BaseUrlOpt = None,
    api_key_env: ApiKeyEnvOpt = None,
    instructor_mode: ModeOpt = None,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    keep_ungrounded: KeepUngroundedOpt = False,
    concurrency: ConcurrencyOpt = None,
    threads: ThreadsOpt = None,
    n_ctx: CtxOpt = None,
    max_reasks: ReasksOpt = None,
    max_attempts: AttemptsOpt = None,
    timeout: TimeoutOpt = None,
    chunk_chars: ChunkOpt = None,
    max_tokens: MaxTokensOpt = None,
    temperature: TemperatureOpt = None,
    fuzzy_threshold: FuzzyOpt = None,
    max_article_chars: MaxArticleOpt = None,
    config: ConfigOpt = None,
    verbose: VerboseOpt = 0,
    quiet: QuietOpt = False,
) -> None:
    """Extract claims from articles into JSONL: one result (or error) record per article.

    Reruns resume: articles already in --output with the same configuration are skipped,
    failed ones are redone. Model answers are cached on disk, so a rerun of the same
    input costs no model call.
    """
    from claimex.cli.progress import BatchProgress, summary_table
    from claimex.pipeline.batch import BatchRunner
    from claimex.pipeline.extractor import Extractor

    _configure_logging(verbose, quiet)
    try:
        settings = build_settings(
            config,
            strategy=strategy,
            backend=backend,
            model=model,
            model_path=model_path,
            base_url=base_url,
            api_key_env=api_key_env,
            instructor_mode=instructor_mode,
            no_cache=no_cache,
            cache_dir=cache_dir,
            keep_ungrounded=keep_ungrounded,
            concurrency=concurrency,
            n_threads=threads,
            n_ctx=n_ctx,
            max_reasks=max_reasks,
            max_attempts=max_attempts,
            timeout=timeout,
            chunk_chars=chunk_chars,
            max_tokens=max_tokens,
            temperature=temperature,
            fuzzy_threshold=fuzzy_threshold,
            max_article_chars=max_article_chars,
        )
        protect_secrets(settings)
        out_path = None if output == "-" else Path(output)
        plan = plan_inputs(paths)  # expanded and checked before the output is touched
        if plan.unmatched:
            raise ConfigError("; ".join(plan.unmatched))
        check_output(plan, out_path)
        total = count_articles(plan)
        stdout_console = Console(stderr=True)
        extractor = Extractor(settings)
        with BatchProgress(stdout_console, total, quiet=quiet) as progress:
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
            f"{stats.errors} of {stats.processed} articles failed "
            f"(error rate {stats.error_rate:.1%} > --max-error-rate {max_error_rate:.1%})",
            EXIT_FAILED,
        )


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


def _register_subcommands() -> None:
    from claimex.cli.evaluate import eval_app, gold_app

    app.add_typer(gold_app, name="gold")
    app.add_typer(eval_app, name="eval")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except ConfigError as exc:  # pragma: no cover - commands map their own errors
        err_console.print(f"error: {exc}")
        sys.exit(EXIT_USAGE)


_register_subcommands()
