import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLAIMEX = [sys.executable, "-m", "claimex.cli"]


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 600, check: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMEX_") and k != "OPENAI_API_KEY"}
    result = subprocess.run(
        [*CLAIMEX, *args], cwd=cwd or ROOT, capture_output=True, text=True, timeout=timeout, env=env
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def read_records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def synthetic_articles(n: int, *, seed: int = 0) -> list[dict]:
    """Plain news-like articles with quotes and reporting verbs (no seed text)."""
    import random

    rng = random.Random(seed)
    people = ["Maria Lopez", "Daniel Okoro", "Priya Natarajan", "Tomasz Wilk", "Aiko Tanaka", "Samuel Brandt"]
    orgs = ["the Harbour Authority", "the Northern Union", "the Ministry of Transport", "the City Council"]
    verbs = ["said", "warned", "told reporters", "added", "insisted"]
    days = ["on Monday", "on Tuesday", "on Wednesday", "on Friday"]
    articles = []
    for i in range(n):
        paras = [f"Dispute over port fees deepens ({i})"]
        for _ in range(rng.randint(2, 5)):
            who, org, verb = rng.choice(people), rng.choice(orgs), rng.choice(verbs)
            paras.append(
                f"“We will not accept any deal that hurts {org} and its workers number {rng.randint(1, 99)},” "
                f"{who} {verb} {rng.choice(days)}."
            )
            paras.append(f"{who} said that {org} had failed to answer letters sent in {rng.choice(['May', 'June'])}.")
        articles.append({"id": f"syn-{i:05d}", "text": "\n\n".join(paras), "published": "2023-06-09", "title": paras[0]})
    return articles


@pytest.fixture
def write_jsonl():
    def write(path: Path, records: list[dict]) -> Path:
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        return path

    return write
