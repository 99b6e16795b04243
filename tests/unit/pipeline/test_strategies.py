"""Strategy logic with a fake backend (the real model is exercised in tests/integration)."""

import re
from pathlib import Path

from claimex import Extractor, Settings
from claimex.clients.base import BackendInfo, ModelRequest, ModelResponse
from claimex.core.errors import OutputValidationError
from claimex.core.types import AlignmentStatus, Article, Usage
from claimex.prompting.response_schema import ClaimsV1, ModelClaim


class QuotingClient:
    """Answers claims.v1 with every quoted sentence in the chunk it is shown."""

    def __init__(self) -> None:
        self.chunks: list[str] = []

    def complete(self, request: ModelRequest) -> ModelResponse:
        user = request.messages[-1]["content"]
        article = user.split("Article (published", 1)[1]
        self.chunks.append(article)
        quotes = re.findall(r"“([^”]+)”", article)
        claims = [
            ModelClaim(
                speaker="Aiko Tanaka", quote=q, quote_type="direct", target=None, stance="neutral", when="on Monday"
            )
            for q in quotes
        ]
        return ModelResponse(ClaimsV1(claims=claims), Usage(prompt_tokens=100, completion_tokens=10, model_calls=1))

    def describe(self) -> BackendInfo:
        return BackendInfo("fake", "fake")

    def close(self) -> None:
        pass


def test_long_article_is_chunked_merged_and_offsets_map_back(tmp_path: Path) -> None:
    paragraphs = [
        f"“Section {i} of the plan is funded and on schedule,” planner Aiko Tanaka said on Monday." for i in range(60)
    ]
    text = "Long report\n\n" + "\n\n".join(paragraphs)
    article = Article(id="long", text=text, published="2023-04-06")  # type: ignore[arg-type]
    client = QuotingClient()
    settings = Settings.build({"strategy": "llm", "chunk_chars": 1500, "use_cache": False}, environ={})
    result = Extractor(settings, client=client).extract(article)
    assert len(client.chunks) > 3, "split into several calls"
    assert len(result.claims) == 60, "overlapping chunks give no duplicates"
    assert result.usage.model_calls == len(client.chunks)
    for claim in result.claims:
        assert claim.alignment is AlignmentStatus.EXACT
        assert claim.start is not None and claim.end is not None
        assert text[claim.start : claim.end] == claim.quote
        assert str(claim.date) == "2023-04-03"  # the Monday on or before publication


class RefusingClient(QuotingClient):
    def complete(self, request: ModelRequest) -> ModelResponse:
        raise OutputValidationError("the model's answer did not fit the schema")


def test_hybrid_keeps_the_rules_answer_when_the_model_output_is_invalid() -> None:
    text = "Talks stall\n\nMaria Lopez accused the Ministry of Transport of lying. “We will fight the Ministry of Transport in every court,” Lopez said on Monday."
    article = Article(id="a", text=text, published="2023-04-06")  # type: ignore[arg-type]
    rules = Extractor(Settings.build({"strategy": "rules", "use_cache": False}, environ={})).extract(article)
    hybrid = Extractor(
        Settings.build({"strategy": "hybrid", "use_cache": False}, environ={}), client=RefusingClient()
    ).extract(article)
    assert rules.claims and any(c.target for c in rules.claims)
    assert hybrid.warnings and "rules kept" in hybrid.warnings[0]  # the model was asked and failed
    assert [c.quote for c in hybrid.claims] == [c.quote for c in rules.claims]
    assert [(c.target, c.stance) for c in hybrid.claims] == [(c.target, c.stance) for c in rules.claims]
    assert all(set(c.decided_by.values()) == {"rules"} for c in hybrid.claims)


def test_prompts_dir_setting_points_the_extractor_at_another_prompts_folder(tmp_path: Path) -> None:
    import shutil

    root = Path(__file__).resolve().parents[3]
    shutil.copytree(root / "prompts", tmp_path / "prompts")
    settings = Settings.build(
        {"strategy": "hybrid", "use_cache": False}, environ={"CLAIMEX_PROMPTS_DIR": str(tmp_path / "prompts")}
    )
    extractor = Extractor(settings, client=QuotingClient())
    assert extractor.registry.directory == tmp_path / "prompts"
    assert extractor.provenance.prompt == "stance_target@v2"
