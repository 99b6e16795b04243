"""``union``: the model's claims add to the rules' only where the rules found nothing, and only when grounded."""

from claimex import Extractor, Settings
from claimex.clients.base import BackendInfo, ModelRequest, ModelResponse
from claimex.core.types import Article, Usage
from claimex.prompting.response_schema import ClaimsV1, ModelClaim
from tests.unit.pipeline.test_strategies import RefusingClient

TEXT = (
    "Port talks stall\n\n"
    "“We will fight the Harbour Authority in every court,” union chief Maria Lopez said on Monday.\n\n"
    "Crowds outside carried banners. “The fees are theft,” read one of them.\n\n"
    "Officials were not available for comment."
)


class ListingClient:
    """Answers claims.v1 with a fixed list: one statement the rules find, one they miss, one invented."""

    def complete(self, request: ModelRequest) -> ModelResponse:
        claims = [
            ModelClaim(
                speaker="Someone Else",
                quote="We will fight the Harbour Authority in every court",
                quote_type="direct",
                target=None,
                stance="neutral",
                when=None,
            ),
            ModelClaim(
                speaker="Protesters",
                quote="The fees are theft",
                quote_type="direct",
                target="Harbour Authority",
                stance="oppose",
                when=None,
            ),
            ModelClaim(
                speaker="Maria Lopez",
                quote="We shall burn the harbour down tonight",
                quote_type="direct",
                target=None,
                stance="threaten",
                when=None,
            ),
        ]
        return ModelResponse(ClaimsV1(claims=claims), Usage(prompt_tokens=50, completion_tokens=40, model_calls=1))

    def describe(self) -> BackendInfo:
        return BackendInfo("fake", "fake")

    def close(self) -> None:
        pass


def _extract(strategy: str, client: object | None = None):
    settings = Settings.build({"strategy": strategy, "use_cache": False}, environ={})
    with Extractor(settings, client=client) as extractor:  # type: ignore[arg-type]
        return extractor.extract(Article(id="port", text=TEXT, published="2023-06-09"))  # type: ignore[arg-type]


def test_union_adds_what_the_rules_missed_keeps_the_rules_where_both_found_it_and_invents_nothing() -> None:
    rules = _extract("rules")
    union = _extract("union", ListingClient())
    assert union.provenance.strategy == "union" and union.usage.model_calls == 1
    by_quote = {c.quote: c for c in union.claims}
    court = next(q for q in by_quote if "every court" in q)
    assert by_quote[court].speaker == "Maria Lopez" and by_quote[court].decided_by["speaker"] == "rules"
    assert "The fees are theft" in by_quote and by_quote["The fees are theft"].decided_by["speaker"] == "model"
    assert not any("burn" in q for q in by_quote)  # not in the article: never reported
    assert {c.quote for c in rules.claims} < set(by_quote)  # each side's recall adds up
    for claim in union.claims:
        assert claim.start is not None and TEXT[claim.start : claim.end] == claim.quote


def test_a_failed_model_pass_leaves_the_rules_claims_and_counts_as_degraded() -> None:
    rules = _extract("rules")
    union = _extract("union", RefusingClient())
    assert [c.quote for c in union.claims] == [c.quote for c in rules.claims]
    assert union.degraded == 1 and "model pass failed" in union.warnings[0]


class TwoPassClient:
    """First pass: one statement; later passes: that one again plus one it missed; records what it was shown."""

    def __init__(self) -> None:
        self.users: list[str] = []

    def complete(self, request: ModelRequest) -> ModelResponse:
        self.users.append(request.messages[-1]["content"])
        court = ModelClaim(
            speaker="Maria Lopez",
            quote="We will fight the Harbour Authority in every court",
            quote_type="direct",
            target=None,
            stance="oppose",
            when="on Monday",
        )
        theft = ModelClaim(
            speaker="Protesters",
            quote="The fees are theft",
            quote_type="direct",
            target=None,
            stance="oppose",
            when=None,
        )
        claims = [court] if len(self.users) == 1 else [court, theft]
        return ModelResponse(ClaimsV1(claims=claims), Usage(prompt_tokens=50, completion_tokens=20, model_calls=1))

    def describe(self) -> BackendInfo:
        return BackendInfo("fake", "fake")

    def close(self) -> None:
        pass


def test_a_second_pass_asks_only_for_what_is_missing_and_adds_it_once() -> None:
    client = TwoPassClient()
    settings = Settings.build({"strategy": "llm", "llm_passes": 3, "use_cache": False}, environ={})
    with Extractor(settings, client=client) as extractor:
        result = extractor.extract(Article(id="port", text=TEXT, published="2023-06-09"))  # type: ignore[arg-type]
    assert result.provenance.prompt == "claims@v3" and result.provenance.params["llm_passes"] == 3
    assert len(client.users) == 3  # the third pass found nothing new, so there was no fourth
    assert "already found" not in client.users[0]
    second = client.users[1].split("already found", 1)[1]
    assert "We will fight the Harbour Authority in every court" in second and "ARTICLE-" in second  # fenced
    assert sorted(c.quote for c in result.claims) == [
        "The fees are theft",
        "We will fight the Harbour Authority in every court",
    ]  # merged by span: the repeated statement is kept once
