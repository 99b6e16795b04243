"""The extraction path on the real embedded model, over its real HTTP endpoint.

Each model test runs on one short article: the outcome must not depend on how fast a
busy machine decodes. Whole-seed model runs live in benchmarks/.
"""

import json
from pathlib import Path

import httpx
import pytest

from claimex import Extractor, Settings
from claimex.clients.embedded import EmbeddedClient, ServerConfig, default_model_path
from claimex.core.articles import load_articles
from claimex.core.errors import ConfigError
from claimex.core.text import fold_plain
from tests.integration.conftest import ROOT, read_records, run_cli

pytestmark = pytest.mark.integration
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def seeds():
    return {a.id: a for a in load_articles([str(SEEDS)])}


def test_embedded_server_speaks_openai_http_on_loopback() -> None:
    client = EmbeddedClient(ServerConfig(model_path=default_model_path(), n_ctx=2048, n_threads=2))
    url = client.server.start()
    assert url.startswith("http://127.0.0.1:")
    models = httpx.get(url + "/models", timeout=30).json()
    assert "gguf" in str(models).lower()


def test_hybrid_extracts_grounded_claims_then_serves_from_cache(tmp_path: Path, seeds) -> None:
    settings = Settings.build({"strategy": "hybrid", "cache_dir": tmp_path / "cache", "n_ctx": 4096}, environ={})
    article = seeds["001_c15bedc5f9a67cb5"]
    with Extractor(settings) as extractor:
        first = extractor.extract(article)
        second = extractor.extract(article)
    assert first.claims, "the seed article has attributed quotes"
    assert first.provenance.backend == "local" and first.provenance.prompt == "stance_target@v2"
    assert first.provenance.model == default_model_path().stem or first.provenance.model
    assert first.usage.model_calls >= 1 and first.usage.prompt_tokens > 0
    # the model was asked; its stance is taken only where the statement supports it
    assert any("model" in c.decided_by.values() for c in first.claims) or any("rules kept" in w for w in first.warnings)
    for claim in first.claims:
        assert claim.start is not None and claim.end is not None
        assert fold_plain(article.text[claim.start : claim.end]) == fold_plain(claim.quote)
    assert second.usage.model_calls == 0 and second.provenance.cache_hit
    assert second.claims == first.claims


def test_llm_strategy_grounds_or_drops_every_quote(tmp_path: Path, seeds) -> None:
    settings = Settings.build(
        {"strategy": "llm", "cache_dir": tmp_path / "cache", "max_tokens": 512, "max_reasks": 0}, environ={}
    )
    with Extractor(settings) as extractor:
        record = extractor.extract_or_error(seeds["001_c15bedc5f9a67cb5"])
    if record.kind == "error":
        # a 270M base model often cannot finish a free-form list: that must be a clear error
        assert record.error_type == "OutputValidationError"
    else:
        for claim in record.claims:
            assert claim.alignment != "none"


def test_union_on_the_real_model_keeps_every_rules_claim_and_adds_only_grounded_ones(tmp_path: Path, seeds) -> None:
    article = seeds["001_c15bedc5f9a67cb5"]
    base = {"cache_dir": tmp_path / "cache", "n_threads": 1, "max_tokens": 384, "max_reasks": 0}
    with Extractor(Settings.build({**base, "strategy": "rules"}, environ={})) as extractor:
        rules = extractor.extract(article)
    with Extractor(Settings.build({**base, "strategy": "union"}, environ={})) as extractor:
        record = extractor.extract_or_error(article)
    assert record.kind == "result"  # a model pass that fails leaves the rules' claims, never an error record
    assert record.provenance.strategy == "union" and record.usage.model_calls >= 1
    assert {c.quote for c in rules.claims} <= {c.quote for c in record.claims}
    if record.degraded:
        assert "model pass failed" in record.warnings[0]
    for claim in record.claims:  # nothing invented: every kept quote is the article's own text
        assert claim.start is not None and claim.end is not None
        assert fold_plain(article.text[claim.start : claim.end]) == fold_plain(claim.quote)


def test_unknown_gguf_and_non_gguf_files_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        Settings.build({"model_path": tmp_path / "nope.gguf"}, environ={})
    fake = tmp_path / "fake.gguf"
    fake.write_bytes(b"not a model")
    with pytest.raises(ConfigError, match="not a GGUF"):
        EmbeddedClient(ServerConfig(model_path=fake))


SHORT = {
    "id": "short-1",
    "published": "2024-05-10",
    "text": 'Group warns the government\n\nMilitia leader Hadi Karim said on Tuesday: "We will strike the '
    'bases of the United States if they stay." Prime Minister Lena Ortiz said the threats were unacceptable.',
}


def test_cli_quick_start_on_seeds_then_hybrid_on_one_article_and_rerun_from_cache(tmp_path: Path, seeds) -> None:
    out = tmp_path / "claims.jsonl"
    first = run_cli("extract", "seeds/", "-o", str(out), "--cache-dir", str(tmp_path / "c0"))  # README command 1
    assert first.returncode == 0, first.stderr
    records = read_records(out)
    assert sorted(r["article_id"] for r in records) == sorted(seeds)
    for record in records:
        assert record["kind"] == "result" and record["provenance"]["strategy"] == "rules"
        text = seeds[record["article_id"]].text
        for claim in record["claims"]:
            assert fold_plain(text[claim["start"] : claim["end"]]) == fold_plain(claim["quote"])

    # the model path through the CLI, on one short article (whole-seed model runs are benchmarks)
    source = tmp_path / "short.jsonl"
    source.write_text(json.dumps(SHORT) + "\n", encoding="utf-8")
    cache = tmp_path / "cache"
    hybrid = run_cli(
        "extract",
        str(source),
        "-o",
        str(tmp_path / "h.jsonl"),
        "--cache-dir",
        str(cache),
        "-s",
        "hybrid",
        "--max-error-rate",
        "1",
    )  # a 270M model may answer badly: that is counted, not failed here
    assert hybrid.returncode == 0, hybrid.stderr
    (record,) = read_records(tmp_path / "h.jsonl")
    assert record["provenance"]["prompt_sha256"] and record["provenance"]["schema_sha256"]
    calls = record["usage"]["model_calls"]
    assert calls > 0
    rerun = run_cli(
        "extract",
        str(source),
        "-o",
        str(tmp_path / "again.jsonl"),
        "--cache-dir",
        str(cache),
        "-s",
        "hybrid",
        "--max-error-rate",
        "1",
    )
    assert rerun.returncode == 0
    (again,) = read_records(tmp_path / "again.jsonl")
    if record["degraded"] == 0:  # a degraded result is asked again, by design; a clean one comes from the cache
        assert again["usage"]["model_calls"] == 0 and again["claims"] == record["claims"]
    assert "model calls" in rerun.stderr


def test_default_strategy_is_auto_and_resolves_by_model(tmp_path: Path) -> None:
    from claimex.pipeline.strategies import resolve_strategy_name

    assert Settings.build({}, environ={}).strategy == "auto"
    assert resolve_strategy_name(Settings.build({}, environ={})) == "rules"
    # no routing profile for this model: the rules, until `claimex calibrate` measures it
    unmeasured = {"backend": "openai", "model": "m", "routing_dir": tmp_path / "none"}
    assert resolve_strategy_name(Settings.build(unmeasured, environ={})) == "rules"
    # the bundled weights under their own path: the shipped profile (measured on the seeds) keeps the rules
    assert resolve_strategy_name(Settings.build({"model_path": default_model_path()}, environ={})) == "rules"
    out = tmp_path / "claims.jsonl"
    result = run_cli("extract", "seeds/", "-o", str(out), "--cache-dir", str(tmp_path / "c"), "--quiet")
    assert result.returncode == 0, result.stderr
    assert {r["provenance"]["strategy"] for r in read_records(out)} == {"rules"}
