"""Issue 12: the CLI behaves the way a careful user expects (one test per reported surprise)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from claimex import Settings
from claimex.core.errors import ConfigError
from claimex.core.settings import free_cores
from tests.integration.conftest import CLAIMEX, ROOT, read_records, run_cli
from tests.support.servers import FakeOpenAIServer
from tests.support.synthetic import synthetic_articles


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("model_args", [["--model", "gpt-4o-mini"], []])
def test_a_configuration_error_is_one_line_exit_2_and_no_output(tmp_path: Path, model_args: list[str]) -> None:
    out = tmp_path / "out.jsonl"
    result = run_cli("extract", str(ROOT / "seeds"), "-o", str(out), "--backend", "openai", *model_args, timeout=600)
    assert result.returncode == 2
    assert len(_lines(result.stderr)) == 1, result.stderr
    assert not out.exists()


def test_missing_paths_and_empty_globs_are_usage_errors_named_once(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    missing = run_cli("extract", str(tmp_path / "nope"), "-o", str(out), timeout=600)
    assert missing.returncode == 2 and missing.stderr.count(str(tmp_path / "nope")) == 1
    empty = run_cli("extract", str(tmp_path / "*.json"), "-o", str(out), timeout=600)
    assert empty.returncode == 2 and "matched no files" in empty.stderr and "progress" not in empty.stderr
    assert not out.exists()


def test_stdin_errors_name_their_line_once_and_quiet_prints_none(tmp_path: Path) -> None:
    feed = '{"id": "a", "text": "Minister Jane Roe said the talks would resume."}\n{"id": "b", "text": 5}\n'
    done = subprocess.run(
        [*CLAIMEX, "extract", "-", "-o", "-", "-q", "--max-error-rate", "1"],
        input=feed,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    (error,) = [r for r in records if r["kind"] == "error"]
    assert error["message"].count("<stdin>:2") == 1
    assert done.stderr.strip() == ""  # --quiet: no per-article lines


def test_extra_input_fields_are_kept_as_metadata(tmp_path: Path, write_jsonl) -> None:
    article = {**synthetic_articles(1)[0], "author": "J. Doe", "section": "world"}
    source = write_jsonl(tmp_path / "in.jsonl", [article])
    run_cli("extract", str(source), "-o", str(tmp_path / "out.jsonl"), "-q", check=True, timeout=600)
    (record,) = read_records(tmp_path / "out.jsonl")
    assert record["kind"] == "result" and record["metadata"] == {"author": "J. Doe", "section": "world"}


def test_eval_compare_writes_into_folders_that_do_not_exist_yet(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    for run_id in ("a", "b"):
        run_cli(
            "eval",
            "run",
            "-s",
            "rules",
            "--runs-dir",
            str(runs),
            "--run-id",
            run_id,
            "--no-html",
            "--resamples",
            "50",
            check=True,
            timeout=300,
        )
    target = tmp_path / "new" / "deeper" / "diff.html"
    result = run_cli(
        "eval", "compare", str(runs / "a"), str(runs / "b"), "--html", str(target), "--resamples", "50", timeout=600
    )
    assert result.returncode == 0, result.stderr
    assert target.is_file() and "Traceback" not in result.stderr


def test_help_shows_choices_and_readable_metavars_and_bad_choices_fail_early() -> None:
    shown = run_cli("extract", "--help", timeout=600).stdout
    assert "auto|rules|llm|hybrid" in shown and "local|openai" in shown
    for line in shown.splitlines():
        if any(flag in line for flag in ("--overwrite", "--quiet", "--no-cache", "--output", "--model ")):
            assert "<bool>" not in line and "<str>" not in line, line
    bad = run_cli("extract", "seeds", "-s", "hybird", timeout=600)
    assert bad.returncode == 2
    with pytest.raises(ConfigError, match="strategy"):
        Settings.build({"strategy": "hybird"}, environ={})
    run_help = run_cli("eval", "run", "--help", timeout=600).stdout  # every extraction option, here too
    for option in ("--max-article-chars", "--fuzzy-threshold", "--chunk-chars", "--threads", "--timeout"):
        assert option in run_help


def test_resume_refusal_names_what_differs_and_a_moved_endpoint_is_not_a_difference(
    tmp_path: Path, write_jsonl
) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", synthetic_articles(3))
    out = tmp_path / "out.jsonl"
    run_cli("extract", str(source), "-o", str(out), "-q", check=True, timeout=600)
    refused = run_cli("extract", str(source), "-o", str(out), "-q", "--chunk-chars", "5000", timeout=600)
    assert refused.returncode == 2 and "chunk_chars 12000 vs 5000" in refused.stderr

    moved = tmp_path / "moved.jsonl"
    args = ["--backend", "openai", "--model", "fake", "-s", "llm", "--no-cache", "-q"]
    with FakeOpenAIServer() as first:
        run_cli("extract", str(source), "-o", str(moved), "--base-url", first.base_url, *args, check=True, timeout=300)
    with FakeOpenAIServer() as second:
        url = second.base_url.replace("127.0.0.1", "localhost")
        again = run_cli("extract", str(source), "-o", str(moved), "--base-url", url, *args, timeout=300)
        asked = second.requests
    assert again.returncode == 0, again.stderr
    assert asked == 0 and len(read_records(moved)) == 3  # resumed: every article already done


def test_threads_default_to_the_free_cores() -> None:
    assert 1 <= free_cores() <= 8
    assert Settings.build({}, environ={}).n_threads == free_cores() or Settings.build({}, environ={}).n_threads >= 1


def test_readme_prompt_commands_work() -> None:
    listed = run_cli("prompts", "list", timeout=600)
    assert listed.returncode == 0 and "claims@v2" in listed.stdout
    diff = run_cli("prompts", "diff", "claims@v1", "claims@v2", timeout=600)
    assert diff.returncode == 0 and "+version: 2" in diff.stdout
