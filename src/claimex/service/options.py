"""What the service itself is allowed to do: limits, auth and CORS (the extraction is ``Settings``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import SecretStr

from claimex.core.errors import ConfigError

DEFAULT_STATE_DIR = ".claimex-service"


@dataclass(frozen=True)
class ServiceOptions:
    """Limits and safety switches of one ``claimex serve`` process.

    Sizes are checked before work starts, so a request over a limit costs the server
    almost nothing: the body limit is enforced on the declared length and again on the
    bytes actually received.
    """

    max_body_bytes: int = 16 * 1024 * 1024
    """Largest request body accepted (413 above it); a single article is bounded by --max-article-chars too."""

    queue_size: int = 10_000
    """Job articles waiting across all jobs; a job that would overflow it gets 429, one larger than it 413."""

    max_pending: int = 64
    """Single-article requests running or waiting; more get 429 with Retry-After."""

    request_timeout: float = 300.0
    """Deadline in seconds for one ``POST /v1/extract``, queueing included (504 past it)."""

    retry_after: int = 5
    """Seconds a client is told to wait after a 429 or 503."""

    token: SecretStr | None = field(default=None, repr=False)
    """Bearer token every request but the probes must carry (``CLAIMEX_SERVICE_TOKEN``); None: no auth."""

    cors_origins: tuple[str, ...] = ()
    """Browser origins allowed to call the API; empty: no CORS headers at all."""

    job_workers: int | None = None
    """Articles of jobs in flight at once; None: the extraction settings' concurrency (-j)."""

    def __post_init__(self) -> None:
        for name in ("max_body_bytes", "queue_size", "max_pending", "retry_after"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name} must be at least 1")
        if self.request_timeout <= 0:
            raise ConfigError("request_timeout must be positive")
        if self.token is not None and not self.token.get_secret_value().strip():
            raise ConfigError("the service token is empty; unset CLAIMEX_SERVICE_TOKEN to run without auth")
