"""Architecture and code-quality gates, run as tests so the one test command checks them."""

import shutil
import subprocess
import sys
from pathlib import Path

import claimex

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600)


def _tool(name: str) -> str:
    path = BIN / name
    return str(path) if path.exists() else (shutil.which(name) or name)


def test_layers_only_import_downwards() -> None:
    result = _run(_tool("lint-imports"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_is_clean() -> None:
    result = _run(_tool("ruff"), "check", "src", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_on_src() -> None:
    result = _run(_tool("mypy"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_public_api_is_pinned() -> None:
    assert sorted(claimex.__all__) == sorted(
        [
            "AlignmentStatus", "Article", "ClaimexError", "Claim", "ConfigError", "ErrorRecord",
            "ExtractionResult", "Extractor", "GoldFormatError", "InputError", "OutputValidationError",
            "PromptError", "Provenance", "ProviderError", "QuoteType", "Settings", "Stance",
            "TransientProviderError", "Usage", "__version__",
        ]
    )
    for name in claimex.__all__:
        assert getattr(claimex, name) is not None


def test_no_seed_names_in_code() -> None:
    """Rules must be general: no names from the seed articles in the package or prompts."""
    seed_words = ["khazali", "kazali", "nujaba", "kataib", "saadi", "saeedi", "shammary", "sadr", "kadhimi", "askari"]
    offenders = []
    for path in list((ROOT / "src").rglob("*")) + list((ROOT / "prompts").rglob("*")):
        if path.is_file() and path.suffix in {".py", ".yaml", ".json", ".txt", ".j2", ".toml"}:
            text = path.read_text(encoding="utf-8", errors="replace").lower()
            offenders += [f"{path.relative_to(ROOT)}: {w}" for w in seed_words if w in text]
    assert offenders == []
