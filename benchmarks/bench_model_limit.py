"""Model limit vs pipeline: how close the hybrid pipeline gets to the embedded model's own speed.

    python benchmarks/bench_model_limit.py [--rounds 2] [--profile auto|always|never]

1. **Model limit.** Raw requests straight to xllamacpp's HTTP endpoint (``/v1/chat/completions``,
   ``cache_prompt: false``, ``ignore_eos``), one per seed article, with the first hybrid prompt
   of that article as the prompt. The server's ``timings`` give the prefill rate
   (Σ prompt_n ÷ Σ prompt_ms) and the decode rate (Σ predicted_n ÷ Σ predicted_ms). The same
   requests are repeated with the JSON-schema ``response_format`` the pipeline sends, to see
   what grammar-constrained decoding costs on its own.
2. **Pipeline.** ``Extractor(Settings(strategy="hybrid", use_cache=False))`` over the seeds,
   ``extract()`` per article (render, call, validate, ground), wall time per article.
3. **Overhead** = pipeline wall ÷ (prefilled ÷ prefill rate + decoded ÷ decode rate), with
   prefilled = Σ (usage.prompt_tokens − usage.cached_prompt_tokens) and decoded =
   Σ usage.completion_tokens from the results. Target ≤ 1.15.

Raw and pipeline passes alternate (``--rounds``) and end with a raw pass, so load from other
users of the shared machine hits both sides. The server's ``/metrics`` counters before and
after each pipeline pass split the pipeline's wall time into time the server spent prefilling,
time it spent decoding, and the rest (HTTP, instructor/pydantic, rules, grounding, per-request
work in the server outside the timed prefill/decode such as tokenising and grammar set-up).
If the target is missed, one more pipeline pass runs under pyinstrument and its text report
goes to ``results/model_limit_profile.txt``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import RESULTS, machine, machine_line, seed_articles, table, verdict, write_results

from claimex.attribution import analyse
from claimex.clients.embedded import ServerConfig, default_model_path, shared_server
from claimex.core.settings import Settings
from claimex.pipeline.chunking import split_into_chunks
from claimex.pipeline.extractor import Extractor
from claimex.prompting.registry import PromptRegistry
from claimex.prompting.response_schema import constrained_stance_target

TARGET = 1.15
DECODE_TOKENS = 48


def _post(root: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(
        root + path, data=json.dumps(body).encode(), headers={"content-type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.loads(response.read())


def _metrics(root: str) -> dict[str, float]:
    with urllib.request.urlopen(root + "/metrics", timeout=60) as response:
        text = response.read().decode()
    out = {}
    for line in text.splitlines():
        m = re.match(r"llamacpp:(\w+) ([0-9.eE+-]+)$", line)
        if m:
            out[m.group(1)] = float(m.group(2))
    return out


def first_hybrid_prompts(settings: Settings) -> list[tuple[str, list[dict[str, str]], list[str]]]:
    """(article id, messages, candidates) of the first hybrid call of each seed article."""
    prompt = PromptRegistry().get("stance_target@v1")
    out = []
    for article in seed_articles():
        attribution = analyse(article)
        chunks = split_into_chunks(article.text, settings.chunk_chars)
        for proposal in attribution.proposals:
            candidates = list(dict.fromkeys(proposal.target_candidates))
            if not candidates:
                continue
            claim = proposal.claim
            chunk = next(
                (c for c in chunks if claim.start is not None and c.start <= claim.start < c.start + len(c.text)),
                chunks[0],
            )
            messages = prompt.render(
                article=chunk.text,
                speaker=claim.speaker,
                quote=claim.quote,
                context=proposal.context,
                candidates=candidates,
            )
            out.append((article.id, messages, candidates))
            break
    return out


def raw_pass(
    root: str, prompts: list[tuple[str, list[dict[str, str]], list[str]]], constrained: bool
) -> dict[str, float]:
    totals = {"prompt_n": 0.0, "prompt_ms": 0.0, "predicted_n": 0.0, "predicted_ms": 0.0, "requests": 0.0}
    for _, messages, candidates in prompts:
        body: dict[str, Any] = {
            "messages": messages,
            "max_tokens": DECODE_TOKENS,
            "temperature": 0.0,
            "cache_prompt": False,
        }
        if constrained:
            schema = constrained_stance_target(candidates).model_json_schema()
            body["response_format"] = {"type": "json_schema", "json_schema": {"name": "answer", "schema": schema}}
        else:
            body["ignore_eos"] = True
        timings = _post(root, "/v1/chat/completions", body)["timings"]
        for key in ("prompt_n", "prompt_ms", "predicted_n", "predicted_ms"):
            totals[key] += float(timings[key])
        totals["requests"] += 1
    return totals


def pipeline_pass(extractor: Extractor, articles: list[Any]) -> dict[str, Any]:
    wall = 0.0
    prompt = cached = completion = calls = claims = invalid = 0
    per_article = []
    for article in articles:
        started = time.perf_counter()
        result = extractor.extract(article)
        elapsed = time.perf_counter() - started
        wall += elapsed
        u = result.usage
        prompt += u.prompt_tokens
        cached += u.cached_prompt_tokens
        completion += u.completion_tokens
        calls += u.model_calls
        claims += len(result.claims)
        invalid += sum(1 for w in result.warnings if "model answer invalid" in w)
        per_article.append(
            {
                "article": article.id,
                "wall_s": round(elapsed, 3),
                "model_calls": u.model_calls,
                "prompt_tokens": u.prompt_tokens,
                "cached_prompt_tokens": u.cached_prompt_tokens,
                "completion_tokens": u.completion_tokens,
            }
        )
    return {
        "wall_s": wall,
        "prompt_tokens": prompt,
        "cached_prompt_tokens": cached,
        "prefilled_tokens": prompt - cached,
        "decoded_tokens": completion,
        "model_calls": calls,
        "claims": claims,
        "invalid_answers": invalid,
        "per_article": per_article,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--profile", choices=["auto", "always", "never"], default="auto")
    parser.add_argument(
        "--instructor-mode",
        default="json_schema",
        help="pipeline's instructor mode; md_json sends no response_format (unconstrained decoding)",
    )
    args = parser.parse_args()

    info = machine()
    settings = Settings(strategy="hybrid", use_cache=False, instructor_mode=args.instructor_mode)
    name = "model_limit" if args.instructor_mode == "json_schema" else f"model_limit_{args.instructor_mode}"
    # The very ServerConfig the factory builds for these settings, so the raw requests and
    # the pipeline talk to one server (shared_server is keyed by the config).
    config = ServerConfig(
        model_path=settings.model_path or default_model_path(),
        n_ctx=settings.n_ctx,
        n_threads=settings.n_threads,
        n_parallel=max(settings.n_parallel, settings.concurrency),
    )
    root = shared_server(config).start().removesuffix("/v1")
    prompts = first_hybrid_prompts(settings)
    articles = seed_articles()
    extractor = Extractor(settings)

    raw_pass(root, prompts[:1], constrained=False)  # warm-up: page the weights in
    pipeline_pass(extractor, articles[:1])  # warm-up: imports, client, schema caches

    raw_free: list[dict[str, float]] = []
    raw_json: list[dict[str, float]] = []
    pipes: list[dict[str, Any]] = []
    for _ in range(args.rounds):
        raw_free.append(raw_pass(root, prompts, constrained=False))
        raw_json.append(raw_pass(root, prompts, constrained=True))
        before = _metrics(root)
        pipe = pipeline_pass(extractor, articles)
        after = _metrics(root)
        pipe["server"] = {
            k: after.get(k, 0.0) - before.get(k, 0.0)
            for k in (
                "prompt_tokens_total",
                "prompt_seconds_total",
                "tokens_predicted_total",
                "tokens_predicted_seconds_total",
                "n_decode_total",
            )
        }
        pipes.append(pipe)
    raw_free.append(raw_pass(root, prompts, constrained=False))
    raw_json.append(raw_pass(root, prompts, constrained=True))

    def rates(passes: list[dict[str, float]]) -> tuple[float, float]:
        pn = sum(p["prompt_n"] for p in passes)
        pms = sum(p["prompt_ms"] for p in passes)
        dn = sum(p["predicted_n"] for p in passes)
        dms = sum(p["predicted_ms"] for p in passes)
        return pn / (pms / 1000), dn / (dms / 1000)

    prefill_rate, decode_rate = rates(raw_free)
    _, decode_rate_json = rates(raw_json)

    token_source = "usage"
    for pipe in pipes:
        if pipe["prefilled_tokens"] + pipe["decoded_tokens"] == 0:
            token_source = "server /metrics (usage reported no tokens)"
            pipe["prefilled_tokens"] = int(pipe["server"]["prompt_tokens_total"])
            pipe["decoded_tokens"] = int(pipe["server"]["tokens_predicted_total"])
    rounds = []
    for i, pipe in enumerate(pipes):
        # rates from the raw passes on either side of this pipeline pass
        p_rate, d_rate = rates(raw_free[i : i + 2])
        ideal = pipe["prefilled_tokens"] / p_rate + pipe["decoded_tokens"] / d_rate
        server = pipe["server"]
        rounds.append(
            {
                "round": i + 1,
                "pipeline_wall_s": round(pipe["wall_s"], 3),
                "prefill_rate_tok_s": round(p_rate, 1),
                "decode_rate_tok_s": round(d_rate, 1),
                "ideal_s": round(ideal, 3),
                "overhead": round(pipe["wall_s"] / ideal, 3),
                "server_prefill_s": round(server["prompt_seconds_total"], 3),
                "server_decode_s": round(server["tokens_predicted_seconds_total"], 3),
                "server_prefilled_tokens": int(server["prompt_tokens_total"]),
                "server_decoded_tokens": int(server["tokens_predicted_total"]),
            }
        )
    wall = sum(p["wall_s"] for p in pipes)
    prefilled = sum(p["prefilled_tokens"] for p in pipes)
    decoded = sum(p["decoded_tokens"] for p in pipes)
    calls = sum(p["model_calls"] for p in pipes)
    ideal = prefilled / prefill_rate + decoded / decode_rate
    overhead = wall / ideal
    server_prefill = sum(p["server"]["prompt_seconds_total"] for p in pipes)
    server_decode = sum(p["server"]["tokens_predicted_seconds_total"] for p in pipes)
    outside = wall - server_prefill - server_decode
    split = {
        "ideal_prefill_s": round(prefilled / prefill_rate, 3),
        "ideal_decode_s": round(decoded / decode_rate, 3),
        "server_prefill_s": round(server_prefill, 3),
        "server_decode_s": round(server_decode, 3),
        "outside_server_timings_s": round(outside, 3),
        "outside_per_call_ms": round(1000 * outside / max(calls, 1), 2),
        "decode_share_if_constrained_rate_s": round(decoded / decode_rate_json, 3),
    }

    profile_path = None
    hot = None
    if args.profile == "always" or (args.profile == "auto" and overhead > TARGET):
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.001)
        profiler.start()
        pipeline_pass(extractor, articles)
        profiler.stop()
        profile_path = RESULTS / f"{name}_profile.txt"
        RESULTS.mkdir(parents=True, exist_ok=True)
        profile_path.write_text(profiler.output_text(unicode=False, color=False, show_all=False), encoding="utf-8")
        hot = "see " + profile_path.name
    extractor.close()

    data = {
        "benchmark": name,
        "command": "python benchmarks/bench_model_limit.py " + " ".join(sys.argv[1:]),
        "instructor_mode": args.instructor_mode,
        "machine": info,
        "model": config.model_path.name,
        "server": {"n_ctx": config.n_ctx, "n_threads": config.n_threads, "n_parallel": config.n_parallel},
        "rounds": args.rounds,
        "raw_requests_per_pass": len(prompts),
        "raw_decode_tokens_per_request": DECODE_TOKENS,
        "prefill_rate_tok_s": round(prefill_rate, 1),
        "decode_rate_tok_s": round(decode_rate, 1),
        "decode_rate_constrained_json_tok_s": round(decode_rate_json, 1),
        "pipeline": {
            "articles_per_round": len(articles),
            "model_calls": calls,
            "wall_s": round(wall, 3),
            "prompt_tokens": sum(p["prompt_tokens"] for p in pipes),
            "cached_prompt_tokens": sum(p["cached_prompt_tokens"] for p in pipes),
            "prefilled_tokens": prefilled,
            "decoded_tokens": decoded,
            "claims": sum(p["claims"] for p in pipes),
            "invalid_answers": sum(p["invalid_answers"] for p in pipes),
            "token_source": token_source,
        },
        "ideal_s": round(ideal, 3),
        "overhead": round(overhead, 3),
        "target": TARGET,
        "target_met": overhead <= TARGET,
        "split": split,
        "per_round": rounds,
        "per_article_last_round": pipes[-1]["per_article"],
        "profile": str(profile_path.relative_to(RESULTS.parent.parent)) if profile_path else None,
        "hot_spot": hot,
    }
    md = [
        f"# Model limit vs pipeline (embedded model, hybrid strategy, no cache, instructor mode {args.instructor_mode})",
        "",
        f"`{data['command']}` — {machine_line(info)}.",
        f"Model {config.model_path.name}, server n_ctx {config.n_ctx}, {config.n_threads} threads, "
        f"{config.n_parallel} slot(s). {args.rounds} rounds over the {len(articles)} seeds, raw passes before, "
        "between and after.",
        "",
        table(
            ["figure", "value"],
            [
                ["prefill rate (raw, cache_prompt false)", f"{prefill_rate:.0f} tok/s"],
                ["decode rate (raw, unconstrained, ignore_eos)", f"{decode_rate:.1f} tok/s"],
                ["decode rate (raw, JSON-schema constrained)", f"{decode_rate_json:.1f} tok/s"],
                ["pipeline model calls", calls],
                [
                    "pipeline prompt tokens / cached / prefilled",
                    f"{data['pipeline']['prompt_tokens']} / {data['pipeline']['cached_prompt_tokens']} / {prefilled}",
                ],
                ["pipeline decoded tokens", decoded],
                ["token counts from", token_source],
                ["model answers invalid (rules kept)", sum(p["invalid_answers"] for p in pipes)],
                ["pipeline wall", f"{wall:.2f} s"],
                ["ideal (prefilled ÷ prefill rate + decoded ÷ decode rate)", f"{ideal:.2f} s"],
                [f"**overhead** (target ≤ {TARGET})", f"**{overhead:.2f}** {verdict(overhead <= TARGET)}"],
            ],
        ),
        "",
        "Where the pipeline's wall time went (server `/metrics` deltas over the pipeline passes):",
        "",
        table(
            ["part", "seconds", "share of wall"],
            [
                ["server prefill (prompt_seconds)", f"{server_prefill:.2f}", f"{server_prefill / wall:.0%}"],
                ["server decode (tokens_predicted_seconds)", f"{server_decode:.2f}", f"{server_decode / wall:.0%}"],
                ["everything else", f"{outside:.2f}", f"{outside / wall:.0%}"],
                ["  … per model call", f"{1000 * outside / max(calls, 1):.1f} ms", ""],
            ],
        ),
        "",
        "Per round:",
        "",
        table(list(rounds[0].keys()), [list(r.values()) for r in rounds]),
    ]
    if profile_path:
        md += ["", f"Profile of one more pipeline pass: `{data['profile']}`."]
    write_results(name, data, "\n".join(md))


if __name__ == "__main__":
    main()
