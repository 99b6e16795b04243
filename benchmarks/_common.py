"""Shared helpers for the benchmarks: machine description, result writing, synthetic data.

Every benchmark writes ``benchmarks/results/<name>.json`` and ``<name>.md``. Absolute
times depend on a shared 2-core machine, so the figures that matter are the ratios
measured within one run (overhead, efficiency, warm/cold, growth).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results"
OUT = BENCH_DIR / "out"  # git-ignored scratch space
SEEDS = ROOT / "seeds"

# FakeOpenAIServer and the synthetic generator live with the tests; the benchmarks reuse them.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support.synthetic import synthetic_articles  # noqa: E402  (needs ROOT on sys.path)


def machine() -> dict[str, Any]:
    """What the figures were measured on (the machine is shared, so also its load)."""
    lscpu = ""
    with contextlib.suppress(OSError):
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, timeout=10).stdout
    model = next((line.split(":", 1)[1].strip() for line in lscpu.splitlines() if line.startswith("Model name")), "?")
    try:
        mem_gib = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    except (ValueError, OSError):
        mem_gib = None
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "mem_gib": mem_gib,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def machine_line(m: dict[str, Any]) -> str:
    return (
        f"{m['nproc']} cores ({m['cpu']}), {m['mem_gib']} GiB, Python {m['python']}, "
        f"load average at start {m['loadavg_at_start'][0]}, {m['when']}"
    )


def write_results(name: str, data: dict[str, Any], markdown: str) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(data, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    (RESULTS / f"{name}.md").write_text(markdown.rstrip() + "\n", encoding="utf-8")
    print(json.dumps(data, indent=2))
    print(f"wrote {RESULTS / (name + '.json')} and .md", file=sys.stderr)


def table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def verdict(ok: bool) -> str:
    return "**met**" if ok else "**missed**"


# -- synthetic articles (same idea as tests/integration/conftest.py, no seed text) ---------


def synthetic_file(n: int, *, seed: int = 0) -> Path:
    """``benchmarks/out/synthetic_<n>.jsonl`` (written once, reused)."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"synthetic_{n}_{seed}.jsonl"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as handle:
            for record in synthetic_articles(n, seed=seed):
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        os.replace(tmp, path)
    return path


def load_jsonl_articles(path: Path) -> list[Any]:
    from claimex.core.articles import load_articles

    return list(load_articles([str(path)]))


def seed_articles() -> list[Any]:
    from claimex.core.articles import load_articles

    return list(load_articles([str(SEEDS)]))


def cli_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("CLAIMEX_") and k != "OPENAI_API_KEY"}


CLAIMEX_CLI = [sys.executable, "-m", "claimex.cli"]


class FakeServerProcess:
    """FakeOpenAIServer in a child process (so the server's threads do not share our GIL)."""

    def __init__(self, delay: float, backlog: int | None = None, nodelay: bool = False) -> None:
        self.delay = delay
        self.backlog = backlog
        self.nodelay = nodelay
        self.base_url = ""
        self._proc: subprocess.Popen[str] | None = None
        self.requests: int | None = None

    def __enter__(self) -> FakeServerProcess:
        cmd = [sys.executable, str(BENCH_DIR / "_fake_server.py"), "--delay", str(self.delay)]
        if self.backlog is not None:
            cmd += ["--backlog", str(self.backlog)]
        if self.nodelay:
            cmd.append("--nodelay")
        self._proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        assert self._proc.stdout is not None
        self.base_url = self._proc.stdout.readline().strip()
        if not self.base_url.startswith("http"):
            raise RuntimeError(f"fake server did not start: {self._proc.stderr.read() if self._proc.stderr else ''}")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._proc is not None:
            try:
                _, err = self._proc.communicate(input="", timeout=30)
                for line in err.splitlines():
                    if line.startswith("requests "):
                        self.requests = int(line.split()[1])
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
