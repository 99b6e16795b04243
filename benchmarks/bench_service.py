"""``claimex serve`` against the library it wraps: /v1/extract on the rules path.

    python benchmarks/bench_service.py [--requests 400] [--soak 10000]

For 1, 8 and 32 concurrent clients: throughput and p50/p95 latency of ``POST /v1/extract``
on the real server (uvicorn in a child process, ``--strategy rules --no-cache``, so every
request runs the rules), and of ``Extractor.extract`` called directly from as many threads
in this process, on the same synthetic articles. Library and service passes alternate, so
load from other work on the machine falls on both. Then a soak of ``--soak`` requests at 8
clients samples the server's resident memory every 1,000 requests.

The client (asyncio + httpx) shares the machine's 2 cores with the server: its CPU is part
of what the service figures pay, as it would be for a client on the same host. Wall-clock
figures swing with other work on a shared machine, so CPU seconds per article (library
process; server process; client process) are reported too: they hardly depend on load.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from _common import machine, machine_line, synthetic_articles, table, verdict, write_results
from tests.support.service import ServiceProcess

LEVELS = (1, 8, 32)
GOAL_AT_8 = 1.2


def server_cpu(pid: int) -> float:
    """User + system CPU seconds of a process so far (its threads included)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _summary(latencies: list[float], wall: float, **cpu: float) -> dict[str, float]:
    ordered = sorted(latencies)
    return {
        **{f"{name}_cpu_ms": round(1000 * seconds / len(ordered), 2) for name, seconds in cpu.items()},
        "requests": len(ordered),
        "wall_s": round(wall, 3),
        "per_s": round(len(ordered) / wall, 1),
        "p50_ms": round(1000 * ordered[len(ordered) // 2], 2),
        "p95_ms": round(1000 * ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 2),
        "mean_ms": round(1000 * statistics.fmean(ordered), 2),
    }


def library_pass(extractor: Any, articles: list[Any], clients: int) -> dict[str, float]:
    def one(article: Any) -> float:
        started = time.perf_counter()
        extractor.extract(article)
        return time.perf_counter() - started

    started, cpu = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(clients) as pool:
        latencies = list(pool.map(one, articles))
    return _summary(latencies, time.perf_counter() - started, library=time.process_time() - cpu)


async def _service_pass(base: str, bodies: list[dict[str, Any]], clients: int) -> tuple[list[float], float, int]:
    latencies: list[float] = []
    failures = 0
    todo = iter(bodies)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=300) as client:

        async def worker() -> None:
            nonlocal failures
            for body in todo:
                started = time.perf_counter()
                response = await client.post("/v1/extract", json=body)
                latencies.append(time.perf_counter() - started)
                failures += response.status_code != 200

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
    return latencies, time.perf_counter() - started, failures


def service_pass(server: ServiceProcess, bodies: list[dict[str, Any]], clients: int) -> dict[str, float]:
    cpu, client_cpu = server_cpu(server.pid), time.process_time()
    latencies, wall, failures = asyncio.run(_service_pass(server.base_url, bodies, clients))
    if failures:
        raise RuntimeError(f"{failures} requests failed at {clients} clients")
    spent = {"server": server_cpu(server.pid) - cpu, "client": time.process_time() - client_cpu}
    return _summary(latencies, wall, **spent)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError("no VmRSS")


def soak(server: ServiceProcess, bodies: list[dict[str, Any]], total: int) -> list[dict[str, float]]:
    samples = [{"requests": 0, "rss_mib": rss_mib(server.pid)}]
    done = 0
    while done < total:
        batch = [bodies[(done + i) % len(bodies)] for i in range(min(1000, total - done))]
        service_pass(server, batch, 8)
        done += len(batch)
        samples.append({"requests": done, "rss_mib": rss_mib(server.pid)})
        print(f"soak: {done} requests, RSS {samples[-1]['rss_mib']} MiB", file=sys.stderr)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=400, help="requests per level and side")
    parser.add_argument("--soak", type=int, default=10_000, help="requests in the memory soak (0: none)")
    parser.add_argument("--server-j", type=int, default=4, help="the server's -j (extraction threads)")
    args = parser.parse_args()

    from claimex.core.articles import article_from_record
    from claimex.core.settings import Settings
    from claimex.pipeline.extractor import Extractor

    m = machine()
    bodies = synthetic_articles(args.requests, seed=1)
    articles = [article_from_record(b, f"bench:{i}") for i, b in enumerate(bodies)]
    warm = synthetic_articles(30, seed=2)
    rows: dict[int, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        flags = ["--strategy", "rules", "--no-cache", "--quiet", "-j", str(args.server_j), "--max-pending", "256"]
        with (
            Extractor(Settings(strategy="rules", use_cache=False, cache_dir=Path(tmp) / "c")) as extractor,
            ServiceProcess(Path(tmp) / "state", *flags) as server,
        ):
            library_pass(extractor, [article_from_record(b, "warm") for b in warm], 1)
            service_pass(server, warm, 1)
            for clients in LEVELS:
                lib = library_pass(extractor, articles, clients)
                svc = service_pass(server, bodies, clients)
                rows[clients] = {
                    "library": lib,
                    "service": svc,
                    "overhead": round(lib["per_s"] / svc["per_s"], 3),
                    "cpu_overhead": round(svc["server_cpu_ms"] / lib["library_cpu_ms"], 3),
                }
                print(f"{clients} clients: library {lib['per_s']}/s, service {svc['per_s']}/s", file=sys.stderr)
            samples = soak(server, bodies, args.soak) if args.soak else []

    at8 = rows[8]["overhead"]
    growth = round(samples[-1]["rss_mib"] / samples[1]["rss_mib"], 3) if len(samples) > 2 else None
    data = {
        "machine": m,
        "command": "python benchmarks/bench_service.py " + " ".join(sys.argv[1:]),
        "server_flags": f"--strategy rules --no-cache -j {args.server_j} --max-pending 256",
        "levels": rows,
        "goal_overhead_at_8": GOAL_AT_8,
        "overhead_at_8": at8,
        "soak": samples,
        "rss_growth_1k_to_end": growth,
    }
    header = ["clients", "library /s", "lib p50 ms", "lib p95 ms", "service /s", "svc p50 ms", "svc p95 ms", "overhead"]
    header += ["lib CPU ms", "server CPU ms", "client CPU ms", "CPU overhead"]
    body = [
        [
            c,
            r["library"]["per_s"],
            r["library"]["p50_ms"],
            r["library"]["p95_ms"],
            r["service"]["per_s"],
            r["service"]["p50_ms"],
            r["service"]["p95_ms"],
            f"{r['overhead']}×",
            r["library"]["library_cpu_ms"],
            r["service"]["server_cpu_ms"],
            r["service"]["client_cpu_ms"],
            f"{r['cpu_overhead']}×",
        ]
        for c, r in rows.items()
    ]
    soak_rows = [[s["requests"], s["rss_mib"]] for s in samples]
    markdown = "\n\n".join(
        [
            "# Service: POST /v1/extract vs the library, rules path",
            f"Machine: {machine_line(m)}. Server: `claimex serve {data['server_flags']}` in a child process; "
            f"{args.requests} distinct synthetic articles per level and side; client asyncio + httpx on the same host.",
            table(header, body),
            f"Overhead = library throughput ÷ service throughput at the same concurrency. Goal ≤ {GOAL_AT_8}× at 8 "
            f"clients: {at8}× {verdict(at8 <= GOAL_AT_8)}. CPU ms = CPU seconds per article of the library's "
            "process, the server's and the client's; CPU overhead = server ÷ library (what the HTTP layer costs "
            "the server per article, whatever the machine's load).",
            "## Server memory over the soak (8 clients)",
            table(["requests", "RSS MiB"], soak_rows) if soak_rows else "(no soak)",
            f"RSS after the last batch ÷ after the first 1,000: {growth}"
            + (f" {verdict(growth <= 1.10)} (flat: ≤ 1.10)" if growth is not None else ""),
        ]
    )
    write_results("service", data, markdown)


if __name__ == "__main__":
    main()
