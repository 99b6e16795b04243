"""One exception tree for claimex.

    ClaimexError
    ├── ConfigError            bad settings, unknown GGUF path, unknown prompt or strategy
    ├── InputError             an article (or a line of one) that cannot be read
    ├── GoldFormatError        a gold file that breaks the annotation contract
    ├── PromptError            a prompt file that is malformed or changed after release
    ├── OutputError            the output file cannot be written (disk full, permissions): stops a batch
    ├── NotReadyError          a remote job (an OpenAI batch) has not finished yet: ask again later
    └── ProviderError          the model backend failed
        ├── TransientProviderError   worth retrying: 429, 5xx, timeouts, dropped connections
        └── OutputValidationError    the model answered, but not in the schema (after re-asks)

Every error carries a plain message that names the file, line or field at fault, and
pickles cleanly (so it can cross process boundaries in batch runs).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimex.core.types import Usage


class ClaimexError(Exception):
    """Root of every error claimex raises on purpose."""

    attempts: int = 1
    usage: Usage | None = None  # tokens spent on the calls that failed, when known

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def with_attempts(self, attempts: int) -> ClaimexError:
        """Record how many tries were made before giving up (shown in error records)."""
        self.attempts = attempts
        return self

    def __reduce__(self) -> tuple[type[ClaimexError], tuple[str]]:
        return (type(self), (self.message,))

    def __str__(self) -> str:
        return self.message


class ConfigError(ClaimexError):
    """Settings that cannot work: a missing model file, an unknown strategy, a bad value."""


class InputError(ClaimexError):
    """An article that cannot be read; the message names the file (and line)."""


class GoldFormatError(ClaimexError):
    """A gold file that breaks the annotation contract; names file, claim index and field."""


class PromptError(ClaimexError):
    """A prompt that is malformed, unknown, or changed after release."""


class OutputError(ClaimexError):
    """The output cannot be written. The one per-batch failure that stops a batch: going on would lose records."""


class NotReadyError(ClaimexError):
    """A remote job (an OpenAI batch) has not finished yet; nothing is wrong, ask again later."""


class ProviderError(ClaimexError):
    """The model backend failed in a way retrying will not fix."""


class TransientProviderError(ProviderError):
    """A fault worth retrying (rate limit, server error, timeout, dropped connection).

    ``retry_after`` is the server's requested wait in seconds, when it gave one.
    """

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after

    def __reduce__(self) -> tuple[type[TransientProviderError], tuple[str, float | None]]:  # type: ignore[override]
        return (type(self), (self.message, self.retry_after))


class OutputValidationError(ProviderError):
    """The model's answer did not fit the response schema, even after re-asking."""
