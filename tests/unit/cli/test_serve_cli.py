"""``claimex serve`` as a command: its options, and the errors it gives before anything listens.

Serving itself is driven over real sockets in tests/integration/test_service.py.
"""

from pathlib import Path

import click
import typer.main
from typer.testing import CliRunner

from claimex.cli import app
from claimex.cli.options import _EXTRACTION

runner = CliRunner()


def _serve() -> click.Command:
    return typer.main.get_command(app).commands["serve"]  # type: ignore[attr-defined,no-any-return]


def test_serve_takes_every_extraction_option_and_documents_each_with_an_example() -> None:
    names = {param.name for param in _serve().params}
    assert set(_EXTRACTION) <= names
    assert {"host", "port", "state_dir", "max_body_mb", "queue_size", "max_pending", "request_timeout"} <= names
    for param in _serve().params:
        if param.param_type_name == "option" and param.name != "help":
            assert param.help and "e.g." in param.help, f"--{param.name} needs help with an example"


def test_a_configuration_error_is_exit_2_before_listening(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["serve", "--state-dir", str(tmp_path / "s"), "--backend", "openai", "--strategy", "llm", "-q"]
    )
    assert result.exit_code == 2 and "needs --model" in result.output


def test_an_empty_service_token_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["serve", "--state-dir", str(tmp_path / "s"), "-s", "rules", "-q"], env={"CLAIMEX_SERVICE_TOKEN": " "}
    )
    assert result.exit_code == 2 and "token is empty" in result.output


def test_a_busy_port_is_one_clear_error(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(
            app, ["serve", "--state-dir", str(tmp_path / "s"), "-s", "rules", "-q", "--port", str(port)]
        )
    assert result.exit_code == 2 and f"cannot listen on 127.0.0.1:{port}" in result.output
