"""The ``claimex`` command: thin over the library (parse, build Settings, call, map errors).

``app`` (typer) is defined in :mod:`.app`; each command module registers its commands
on import, so there is no import circle between them.
"""

import sys

from claimex.cli import batch, calibrate, commands, corpus, evaluate, serve  # noqa: F401  (registers the commands)
from claimex.cli.app import EXIT_INTERRUPTED, EXIT_USAGE, app, err_console
from claimex.core.errors import ConfigError

app.add_typer(evaluate.gold_app, name="gold")
app.add_typer(evaluate.eval_app, name="eval")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except ConfigError as exc:  # pragma: no cover - commands map their own errors
        err_console.print(f"error: {exc}")
        sys.exit(EXIT_USAGE)


__all__ = ["app", "main"]
