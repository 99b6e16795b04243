"""``claimex serve``: the extraction pipeline as an HTTP service (FastAPI on uvicorn).

Thin like every command: build ``Settings`` from the shared options, build the app (which
checks the model and the state directory before anything listens), bind, serve. The web
stack is imported inside the command, so the rest of the CLI starts without it.
"""

from __future__ import annotations

import logging
import os
import socket
from pathlib import Path
from typing import Annotated, Any

import typer

from claimex.cli.app import EXIT_FAILED, app, fail
from claimex.cli.logs import configure_logging, protect_secrets
from claimex.cli.options import QuietOpt, VerboseOpt, build_settings, extraction_options
from claimex.core.errors import ClaimexError

TOKEN_ENV = "CLAIMEX_SERVICE_TOKEN"

HostOpt = Annotated[
    str, typer.Option(metavar="ADDR", help="Address to listen on. [dim]e.g. --host 0.0.0.0 (all interfaces)[/]")
]
PortOpt = Annotated[
    int,
    typer.Option(
        metavar="PORT", min=0, max=65535, help="Port to listen on; 0 picks a free one. [dim]e.g. --port 9000[/]"
    ),
]
StateDirOpt = Annotated[
    Path,
    typer.Option(
        metavar="DIR", help="Where jobs and their results are kept (SQLite). [dim]e.g. --state-dir /var/lib/claimex[/]"
    ),
]
MaxBodyOpt = Annotated[
    float,
    typer.Option(
        "--max-body-mb",
        metavar="MB",
        min=0.001,
        help="Largest request body; bigger gets 413. [dim]e.g. --max-body-mb 64[/]",
    ),
]
QueueOpt = Annotated[
    int,
    typer.Option(
        metavar="N",
        min=1,
        help="Job articles that may wait; a job that would overflow gets 429. [dim]e.g. --queue-size 50000[/]",
    ),
]
PendingOpt = Annotated[
    int,
    typer.Option(
        metavar="N",
        min=1,
        help="Single-article requests running or waiting; more get 429. [dim]e.g. --max-pending 256[/]",
    ),
]
RequestTimeoutOpt = Annotated[
    float,
    typer.Option(
        metavar="SECONDS",
        min=0.001,
        help="Deadline for one POST /v1/extract (504 past it). [dim]e.g. --request-timeout 60[/]",
    ),
]
CorsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--cors-origin",
        metavar="ORIGIN",
        help="Allow this browser origin (repeatable; default none). [dim]e.g. --cors-origin https://desk.example[/]",
    ),
]


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket, bound here so that --port 0 can be reported and a busy port is one clear error."""
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[
        0
    ]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    return sock


@app.command(
    epilog=(
        "Examples:\n\n"
        "  claimex serve\n\n"
        "  claimex serve --host 0.0.0.0 --port 9000 --strategy rules -j 4\n\n"
        "  CLAIMEX_SERVICE_TOKEN=secret claimex serve --backend openai --model gpt-4o-mini\n\n"
        "The API is described at /openapi.json. Set CLAIMEX_SERVICE_TOKEN to require "
        "'Authorization: Bearer <token>' on every request but /healthz and /readyz."
    )
)
@extraction_options
def serve(
    extraction: dict[str, Any],
    host: HostOpt = "127.0.0.1",
    port: PortOpt = 8080,
    state_dir: StateDirOpt = Path(".claimex-service"),
    max_body_mb: MaxBodyOpt = 16.0,
    queue_size: QueueOpt = 10_000,
    max_pending: PendingOpt = 64,
    request_timeout: RequestTimeoutOpt = 300.0,
    cors_origin: CorsOpt = None,
    verbose: VerboseOpt = 0,
    quiet: QuietOpt = False,
) -> None:
    """Serve extraction over HTTP: POST /v1/extract, POST /v1/jobs, /healthz, /readyz, /metrics.

    Uses the same settings, model, caches and prompts as [bold]claimex extract[/] and
    answers the same records. Jobs and their results are kept under --state-dir: a
    restarted server resumes unfinished jobs and repeats no finished article.
    """
    configure_logging(verbose, quiet)
    logging.getLogger("uvicorn").setLevel(logging.WARNING if quiet else logging.INFO)
    token = os.environ.get(TOKEN_ENV) or None
    try:
        sock = _listen(host, port)  # first: a busy port is found before the parser and model load
    except OSError as exc:
        raise fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    try:
        import uvicorn
        from pydantic import SecretStr

        from claimex.service import ServiceOptions, create_app

        settings = build_settings(extraction)
        protect_secrets(settings, extra=[token] if token else [])
        options = ServiceOptions(
            max_body_bytes=int(max_body_mb * 1024 * 1024),
            queue_size=queue_size,
            max_pending=max_pending,
            request_timeout=request_timeout,
            token=SecretStr(token) if token else None,
            cors_origins=tuple(cors_origin or ()),
        )
        service = create_app(settings, state_dir, options)
    except ClaimexError as exc:
        sock.close()
        raise fail(str(exc)) from None
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in str(bound_host) else bound_host
    typer.echo(
        f"claimex serve: listening on http://{shown}:{bound_port} "
        f"(strategy {service.state.claimex.extractor.strategy.name}, state in {state_dir}, "
        f"auth {'on' if token else 'off'})",
        err=True,
    )
    config = uvicorn.Config(
        service, log_config=None, access_log=not quiet, server_header=False, timeout_graceful_shutdown=30
    )
    server = uvicorn.Server(config)
    server.run(sockets=[sock])
    if not server.started:
        raise fail("the service did not start; see the log above", EXIT_FAILED)
