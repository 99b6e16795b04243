"""Tokens per article for the model strategies: what a hosted run or a batch would be billed for.

    python benchmarks/bench_tokens.py

For every seed article (real news, ~5,000 characters) the ``hybrid`` and ``llm`` strategies
plan their requests (the exact bodies ``claimex batch submit`` uploads). Their prompt
tokens are counted with the embedded model's tokenizer (llama.cpp ``/tokenize``, Gemma 3's
262k vocabulary: close to, not the same as, OpenAI's o200k; the chat template's few
tokens per message are added as OpenAI's format does, 4 per message + 3). The JSON Schema in
``response_format`` is counted apart. Completion tokens are the answers' JSON: for
``hybrid`` a target and a stance (the answer the fake server gives), for ``llm`` the claims
the rules find, written as the model would write them.
"""

from __future__ import annotations

import json
import statistics
import sys
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine, machine_line, seed_articles, table, write_results

from claimex.attribution import analyse
from claimex.clients.base import BackendInfo
from claimex.clients.embedded import EmbeddedServer
from claimex.clients.factory import embedded_server_config
from claimex.clients.openai_batch import request_line
from claimex.core.settings import Settings
from claimex.pipeline.strategies import StrategyContext, get_strategy
from claimex.prompting.registry import PromptRegistry

PER_MESSAGE, PER_REQUEST = 4, 3  # OpenAI's chat-format overhead


class Tokenizer:
    def __init__(self, base_url: str) -> None:
        self.url = base_url.removesuffix("/v1") + "/tokenize"

    def count(self, text: str) -> int:
        data = json.dumps({"content": text, "add_special": False}).encode()
        request = urllib.request.Request(self.url, data=data, headers={"content-type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as response:
            return len(json.loads(response.read())["tokens"])


def _answer_json(strategy: str, article: Any) -> list[str]:
    if strategy == "hybrid":
        return [json.dumps({"target": "Northern Union", "stance": "oppose"})]
    claims = [
        {
            "speaker": p.claim.speaker,
            "quote": p.claim.quote,
            "quote_type": p.claim.quote_type.value,
            "target": p.claim.target,
            "stance": p.claim.stance.value,
            "when": p.claim.date_text,
        }
        for p in analyse(article).proposals
    ]
    return [json.dumps({"claims": claims}, ensure_ascii=False)]


def measure(strategy: str, articles: list[Any], tokens: Tokenizer) -> dict[str, Any]:
    settings = Settings.build({"strategy": strategy, "backend": "openai", "model": "gpt-4o-mini"})
    ctx = StrategyContext(settings=settings, registry=PromptRegistry(settings.prompts_dir), client=lambda: None)  # type: ignore[arg-type,return-value]
    plan = get_strategy(strategy)
    info = BackendInfo(backend="openai", model="gpt-4o-mini")
    per_article: list[dict[str, int]] = []
    schema_tokens: dict[str, int] = {}
    for article in articles:
        requests = plan.plan(article, ctx)
        prompt = completion = schema = 0
        for request in requests:
            body = request_line(request, model="gpt-4o-mini", mode="json_schema", info=info)["body"]
            prompt += PER_REQUEST + sum(PER_MESSAGE + tokens.count(m["content"]) for m in body["messages"])
            key = json.dumps(body["response_format"], sort_keys=True)
            if key not in schema_tokens:
                schema_tokens[key] = tokens.count(key)
            schema += schema_tokens[key]
        answers = _answer_json(strategy, article)
        completion = sum(tokens.count(a) for a in answers) * (len(requests) if strategy == "hybrid" else 1)
        per_article.append(
            {
                "requests": len(requests),
                "prompt": prompt,
                "schema": schema,
                "completion": completion,
                "chars": len(article.text),
            }
        )
    mean = {k: round(statistics.mean(a[k] for a in per_article), 1) for k in per_article[0]}
    return {"articles": len(per_article), "mean_per_article": mean, "per_article": per_article}


def main() -> None:
    m = machine()
    articles = seed_articles()
    server = EmbeddedServer(embedded_server_config(Settings()))
    tokens = Tokenizer(server.start())
    results = {strategy: measure(strategy, articles, tokens) for strategy in ("hybrid", "llm")}
    server.close()
    data = {
        "benchmark": "tokens",
        "command": "python benchmarks/bench_tokens.py",
        "machine": m,
        "tokenizer": "gemma-3 (embedded llama.cpp /tokenize); OpenAI's o200k differs by a few percent on English",
        "strategies": {s: {k: v for k, v in r.items() if k != "per_article"} for s, r in results.items()},
        "per_article": {s: r["per_article"] for s, r in results.items()},
    }
    rows = [
        [s, r["articles"], *(r["mean_per_article"][k] for k in ("chars", "requests", "prompt", "schema", "completion"))]
        for s, r in results.items()
    ]
    markdown = f"""# Tokens per article (seeds, model strategies)

`{data["command"]}` — {machine_line(m)}. Tokenizer: {data["tokenizer"]}.

{table(["strategy", "articles", "chars", "requests", "prompt tokens", "schema tokens", "completion tokens"], rows)}

Means per article. Prompt tokens are the messages (with OpenAI's per-message overhead); schema tokens
are the `response_format` JSON Schema, counted apart because providers bill it differently.
Completion tokens: hybrid, one short JSON answer per question; llm, the claims the rules find,
as the model would write them. Used by docs/scale.md.
"""
    write_results("tokens", data, markdown)


if __name__ == "__main__":
    main()
