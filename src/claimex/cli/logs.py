"""Logging for the CLI (the library never configures handlers): one handler, two filters.

Log lines carry file names and server text, so control characters are escaped (no forged
lines, no terminal repaint) and secrets are scrubbed from every record, third-party
loggers included.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Sequence

from rich.logging import RichHandler

from claimex.cli.app import err_console
from claimex.core.redact import scrub, url_secrets
from claimex.core.settings import Settings

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


class _EscapeControlCharacters(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _CONTROL.sub(lambda m: repr(m.group())[1:-1], record.getMessage())
        record.args = None
        return True


class _RedactSecrets(logging.Filter):
    def __init__(self) -> None:
        super().__init__()
        self.secrets: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            record.msg = scrub(record.getMessage(), self.secrets)
            record.args = None
        return True


_redact_filter = _RedactSecrets()


def protect_secrets(settings: Settings, extra: Sequence[str] = ()) -> None:
    """Tell the log handler which strings must never be printed (called once settings exist).

    ``extra``: other secrets the command holds, such as the service's bearer token.
    """
    key = settings.api_key.get_secret_value() if settings.api_key else ""
    _redact_filter.secrets = [key, *url_secrets(settings.base_url), *extra]


def configure_logging(verbose: int, quiet: bool) -> None:
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
    ours = logging.getLogger("claimex")
    ours.handlers[:] = [handler]
    ours.setLevel(level)
    # Libraries' records (httpx, openai, instructor) go through the same filters, never
    # through Python's last-resort handler, which would print them unredacted.
    logging.getLogger().handlers[:] = [handler]
    ours.propagate = False
    if verbose < 2:
        # instructor logs every failed attempt; claimex reports retries and failures itself.
        for noisy in ("httpx", "openai", "instructor"):
            logging.getLogger(noisy).setLevel(logging.CRITICAL)
