"""Corpus export and report on synthetic claims: wall time and peak memory at growing sizes.

    python benchmarks/bench_corpus.py [--sizes 25000,50000,100000]

Writes a synthetic ``claims.jsonl`` per size under ``benchmarks/out/`` (invented names:
people with spelling variants, bodies, states from the alias table; about ten claims per
article), then runs ``claimex export --to .duckdb``, ``--to .parquet`` and ``claimex report``
on it, each in a fresh process, and records the wall time and the child's peak RSS.
Results: ``benchmarks/results/corpus.{json,md}``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import OUT, cli_env, machine, machine_line, table, verdict, write_results

FIRST = "Amira Basim Carla Dario Elif Farid Goran Hana Idris Jana Karim Leila Marek Nadia Omar Petra Rami Sana Tomas Yara".split()
LAST = (
    "Haddad Rahimi Qasimi Dulaimi Nouri Saleh Karimi Hamdan Jabouri Tamimi Moreau Novak Ortega Lindqvist Petrov "
    "Silva Okafor Mensah Kovacs Berger Fischer Costa Duarte Halloran Ivanova Jensen Keller Lopez Marsh Nagy"
).split()
BODIES = (
    "Harbour Workers Union|Northern Brigades|Coastal Guard Command|Green Valley Movement|Reform Party|"
    "Mountain Front|Ministry of Water|River Council|Farmers Association|Unity Coalition"
).split("|")
STATES = [("United States", ["Washington", "US"]), ("Iran", ["Tehran"]), ("Iraq", ["Baghdad"]), ("Russia", ["Moscow"]),
          ("France", ["Paris"]), ("Turkey", ["Ankara"]), ("China", ["Beijing"]), ("Egypt", ["Cairo"])]  # fmt: skip
STANCES = ["threaten", "oppose", "support", "neutral"]
WORDS = "we will not accept any plan that ignores the people and their right to decide what comes next for the region".split()
PROVENANCE = {"claimex_version": "0.1.0", "strategy": "rules", "params": {}, "cache_hit": False}


def _variant(rng: random.Random, first: str, last: str) -> tuple[str, list[str]]:
    """A person's name as one article spells it, with the article's short forms."""
    pick = rng.random()
    if pick < 0.5:
        return f"{first} {last}", [last, f"Mr {last}"]
    if pick < 0.75:
        return f"{first} al-{last}", [f"al-{last}"]
    if pick < 0.9:
        return f"{first} Al {last}", [f"Al {last}"]
    i = rng.randrange(1, len(last) - 1)
    typo = last[:i] + last[i + 1 :] if len(last) >= 6 else last
    return f"{first} {typo}", [typo]


def _entities(rng: random.Random) -> list[tuple[str, list[str]]]:
    people = [(f, last) for f in FIRST for last in LAST]
    rng.shuffle(people)
    return [("person:" + f, [last]) for f, last in people[:500]] + [(b, []) for b in BODIES] + list(STATES)


def synthetic_claims(n_claims: int, path: Path, *, seed: int = 0) -> Path:
    rng = random.Random(seed)
    pool = _entities(rng)
    start = dt.date(2019, 1, 1)
    written = 0
    with path.open("w", encoding="utf-8") as out:
        article = 0
        while written < n_claims:
            cast = rng.sample(pool, 5)
            names: list[tuple[str, list[str]]] = []
            for key, extra in cast:
                if key.startswith("person:"):
                    names.append(_variant(rng, key.split(":", 1)[1], extra[0]))
                else:
                    names.append((key, extra))
            day = start + dt.timedelta(days=rng.randrange(0, 6 * 365))
            claims = []
            for _ in range(min(10, n_claims - written)):
                speaker, aliases = rng.choice(names)
                target, target_aliases = rng.choice([n for n in names if n[0] != speaker] + [(None, [])])
                quote = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(6, 24)))
                claims.append(
                    {
                        "speaker": speaker, "speaker_aliases": aliases, "quote": quote, "quote_type": "direct",
                        "target": target, "target_aliases": target_aliases, "stance": rng.choice(STANCES),
                        "date": (day - dt.timedelta(days=rng.randrange(0, 3))).isoformat() if rng.random() < 0.8 else None,
                        "start": 100, "end": 100 + len(quote), "alignment": "exact",
                        "decided_by": {"speaker": "rules", "stance": "rules"},
                    }
                )  # fmt: skip
                written += 1
            record = {
                "kind": "result", "article_id": f"syn{article:07d}", "article_sha256": "0" * 64,
                "published": day.isoformat(), "claims": claims, "provenance": PROVENANCE,
            }  # fmt: skip
            out.write(json.dumps(record) + "\n")
            article += 1
    return path


_RUNNER = """
import resource, sys, time
from claimex.cli import app
started = time.perf_counter()
try:
    app(sys.argv[1:], standalone_mode=False)
finally:
    print("BENCH", time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def _run(*args: str) -> dict[str, float]:
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _RUNNER, *args], capture_output=True, text=True, env=cli_env(), timeout=1800
    )
    wall = time.perf_counter() - started
    assert proc.returncode == 0, proc.stderr[-3000:]
    line = next(x for x in proc.stderr.splitlines() if x.startswith("BENCH"))
    _, inside, rss_kib = line.split()
    return {
        "wall_s": round(wall, 2),
        "command_s": round(float(inside), 2),
        "peak_rss_mib": round(int(rss_kib) / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="25000,50000,100000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    OUT.mkdir(parents=True, exist_ok=True)
    m = machine()
    baseline = _run("--help")
    runs: list[dict[str, Any]] = []
    for n in sizes:
        claims = synthetic_claims(n, OUT / f"corpus_{n}.jsonl")
        row: dict[str, Any] = {"claims": n, "jsonl_mib": round(claims.stat().st_size / 2**20, 1)}
        row["export_duckdb"] = _run("export", str(claims), "--to", str(OUT / f"corpus_{n}.duckdb"))
        row["export_parquet"] = _run("export", str(claims), "--to", str(OUT / f"corpus_{n}.parquet"))
        page = OUT / f"corpus_{n}.html"
        row["report"] = _run("report", str(claims), "-o", str(page))
        row["report_mib"] = round(page.stat().st_size / 2**20, 1)
        runs.append(row)
        print(json.dumps(row), file=sys.stderr)
    largest, smallest = runs[-1], runs[0]
    growth = {
        step: round(largest[step]["peak_rss_mib"] / smallest[step]["peak_rss_mib"], 3)
        for step in ("export_duckdb", "export_parquet", "report")
    }
    seconds_ok = all(largest[s]["wall_s"] < 60 for s in ("export_duckdb", "export_parquet", "report"))
    data = {"machine": m, "command": " ".join(sys.argv), "startup": baseline, "runs": runs, "rss_growth": growth}
    rows = [
        [f"{r['claims']:,}", r["jsonl_mib"], *(f"{r[s]['wall_s']} s / {r[s]['peak_rss_mib']} MiB"
                                               for s in ("export_duckdb", "export_parquet", "report")), r["report_mib"]]
        for r in runs
    ]  # fmt: skip
    markdown = "\n\n".join(
        [
            "# Corpus export and report on synthetic claims",
            machine_line(m),
            f"Process start-up alone (`claimex --help`): {baseline['wall_s']} s, {baseline['peak_rss_mib']} MiB.",
            table(
                ["claims", "JSONL MiB", "export DuckDB (wall / peak RSS)", "export Parquet", "report", "page MiB"], rows
            ),
            f"Peak RSS growth {smallest['claims']:,} → {largest['claims']:,} claims (×{largest['claims'] // smallest['claims']}): "
            + ", ".join(f"{k} ×{v}" for k, v in growth.items()),
            f"Finishes in seconds at {largest['claims']:,} claims (each step < 60 s wall, start-up included): {verdict(seconds_ok)}",
        ]
    )
    write_results("corpus", data, markdown)


if __name__ == "__main__":
    main()
