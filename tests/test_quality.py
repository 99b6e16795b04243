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


def test_ruff_format_is_enforced() -> None:
    result = _run(_tool("ruff"), "format", "--check", "src", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_function_over_complexity_15() -> None:
    result = _run(_tool("ruff"), "check", "--select", "C901", "--config", "lint.mccabe.max-complexity = 15", "src")
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_module_in_src_over_400_lines() -> None:
    long = [
        f"{p.relative_to(ROOT)}: {n} lines"
        for p in (ROOT / "src").rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    ]
    assert long == []


def test_no_import_circle_in_src() -> None:
    """Walks claimex's own import graph (grimp, from import-linter) for strongly connected parts."""
    import grimp

    graph = grimp.build_graph("claimex")
    edges = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            part = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                part.append(top)
                if top == node:
                    break
            if len(part) > 1:
                circles.append(sorted(part))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    assert circles == []


def test_mypy_strict_on_src() -> None:
    result = _run(_tool("mypy"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_public_api_is_pinned() -> None:
    assert sorted(claimex.__all__) == sorted(
        [
            "AlignmentStatus",
            "Article",
            "ClaimexError",
            "Claim",
            "ConfigError",
            "ErrorRecord",
            "ExtractionResult",
            "Extractor",
            "GoldFormatError",
            "InputError",
            "OutputValidationError",
            "PromptError",
            "Provenance",
            "ProviderError",
            "QuoteType",
            "Settings",
            "Stance",
            "TransientProviderError",
            "Usage",
            "__version__",
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


def _words(text: str) -> list[str]:
    import re

    return re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))


def test_no_seed_phrase_in_any_lexicon() -> None:
    """No phrase of three or more words from the seed articles in any lexicon entry (nor the stance words named in issue 11)."""
    from claimex.attribution._lexicons import all_phrases

    seed_trigrams: set[tuple[str, ...]] = set()
    for path in (ROOT / "seeds").glob("*.txt"):
        words = _words(path.read_text(encoding="utf-8"))
        seed_trigrams |= {tuple(words[i : i + 3]) for i in range(len(words) - 2)}
    offenders = []
    for entry in all_phrases():
        # a regular expression's literal words ("pay\\s+(?:a|the)\\s+price" -> pay a the price) are checked as written
        plain = _words(entry.replace("\\s+", " ").replace("\\w*", "").replace("\\b", " "))
        for i in range(len(plain) - 2):
            if tuple(plain[i : i + 3]) in seed_trigrams:
                offenders.append(entry)
    data = ROOT / "src" / "claimex" / "attribution" / "data"
    lexicon_text = " ".join(
        p.read_text(encoding="utf-8").lower() for p in data.glob("*") if p.suffix in {".json", ".txt"}
    )
    named = [
        w
        for w in ("idiocy", "not\\\\s+to\\\\s+test", "not to test", "prestige", "end\\\\s+the\\\\s+presence")
        if w in lexicon_text
    ]
    assert offenders == [] and named == []
