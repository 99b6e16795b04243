import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLAIMEX = [sys.executable, "-m", "claimex.cli"]


def interruptible() -> None:
    """``preexec_fn`` for a child the test will Ctrl-C: SIGINT back to its default.

    A shell that runs a job in the background (``.ci/run ... &``) starts it with SIGINT
    ignored, and children inherit that; a Python started so never raises KeyboardInterrupt.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_cli(
    *args: str, cwd: Path | None = None, timeout: float = 600, check: bool = False
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMEX_") and k != "OPENAI_API_KEY"}
    result = subprocess.run(
        [*CLAIMEX, *args], cwd=cwd or ROOT, capture_output=True, text=True, timeout=timeout, env=env
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def read_records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def write_jsonl():
    def write(path: Path, records: list[dict]) -> Path:
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        return path

    return write
