"""The typer application, exit codes and the one way a command fails.

Exit codes: 0 success; 1 the work ran but failed its bar (error rate over
``--max-error-rate``, a ``--fail-under`` gate, gold problems, an unwritable output);
2 usage or configuration error; 130 interrupted.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from claimex.core.version import __version__

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
err_console = Console(stderr=True)


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print one clear error line and return the exit to raise (``raise fail(...)``)."""
    # the message may hold file names with brackets: escaped, so rich never reads them as markup
    err_console.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
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

    Start with [bold]claimex extract seeds/ -o claims.jsonl[/]: it runs offline on the
    bundled defaults (no key, no network). See [bold]claimex COMMAND --help[/] for each command.
    """
