from pathlib import Path

import typer.main
from typer.testing import CliRunner

from claimex.cli import app
from claimex.core.version import __version__

ROOT = Path(__file__).resolve().parents[3]
runner = CliRunner()


def test_every_extract_option_is_documented_with_an_example() -> None:
    command = typer.main.get_command(app).commands["extract"]  # type: ignore[attr-defined]
    for param in command.params:
        if param.param_type_name == "option" and param.name != "help":
            assert param.help and "e.g." in param.help, f"--{param.name} needs help with an example"


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_prompts_list_and_show() -> None:
    listed = runner.invoke(app, ["prompts", "list"])
    assert listed.exit_code == 0 and "claims@v1" in listed.output and "released" in listed.output
    shown = runner.invoke(app, ["prompts", "show", "claims@v1"])
    assert shown.exit_code == 0 and "response_schema: claims.v1" in shown.output
    missing = runner.invoke(app, ["prompts", "show", "nope@v1"])
    assert missing.exit_code == 2


def test_schemas_check_passes_on_the_committed_exports() -> None:
    result = runner.invoke(app, ["schemas", "check", str(ROOT / "schemas")])
    assert result.exit_code == 0, result.output


def test_gold_check_ok_and_broken() -> None:
    ok = runner.invoke(app, ["gold", "check", str(ROOT / "evals/gold/seeds"), "--articles", str(ROOT / "seeds")])
    assert ok.exit_code == 0, ok.output
    broken = runner.invoke(
        app,
        [
            "gold",
            "check",
            str(ROOT / "tests/fixtures/gold_broken/bad_enum"),
            "--articles",
            str(ROOT / "tests/fixtures/gold_broken/articles"),
        ],
    )
    assert broken.exit_code == 1
    assert "claims[0].stance" in broken.output


def test_extract_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["extract", str(tmp_path / "nothing"), "-o", str(tmp_path / "o.jsonl"), "-s", "rules", "-q"]
    )
    assert result.exit_code == 2  # refused before any output is opened
    assert "no such file" in result.output
    assert not (tmp_path / "o.jsonl").exists()


def test_unknown_strategy_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(ROOT / "seeds"), "-o", str(tmp_path / "o.jsonl"), "-s", "magic"])
    assert result.exit_code == 2
