"""The stance bias controls end to end over a real local OpenAI-compatible server that always names option A."""

from pathlib import Path

from claimex import Extractor, Settings
from claimex.core.types import Article
from tests.support.servers import FakeOpenAIServer

TEXT = "\n\n".join(
    [
        "Port dispute deepens",
        "“We will shut every gate of the Harbour Authority until it pays,” union chief Maria Lopez warned on Monday.",
        "Daniel Okoro said the Northern Union had failed its members and condemned the strike.",
        "“The Harbour Authority has defended our workers well,” Priya Natarajan said on Tuesday.",
        "Tomasz Wilk accused the City Council of lying about the fees.",
        "“We praise the Ministry of Transport for its patience,” Aiko Tanaka said.",
    ]
)


def _run(server: FakeOpenAIServer, mode: str, tmp_path: Path):
    settings = Settings.build(
        {
            "strategy": "hybrid",
            "stance_debias": mode,
            "backend": "openai",
            "base_url": server.base_url,
            "model": "first-letter",
            "cache_dir": tmp_path / "cache",
        },
        environ={},
    )
    with Extractor(settings) as extractor:
        return extractor.extract(Article(id="port", text=TEXT, published="2023-06-09"))  # type: ignore[arg-type]


def _model_stances(result) -> list[str]:
    taken = [str(c.stance) for c in result.claims if c.decided_by.get("stance") == "model"]
    refused = [w.split("'")[1] for w in result.warnings if w.startswith("model stance ")]
    return taken + refused


def test_shuffled_letters_spread_a_first_option_model_over_the_labels(tmp_path: Path) -> None:
    with FakeOpenAIServer() as server:
        result = _run(server, "shuffle", tmp_path)
        asked = list(server.logprob_requests)
    assert len(result.claims) >= 4 and asked, "the lettered question was asked with log-probabilities"
    assert all("A. " in q and "D. " in q for q in asked)
    stances = _model_stances(result)
    assert len(stances) == len(asked)  # every letter was mapped back to a label
    assert len(set(stances)) > 1  # always "A" is no longer always the same label
    for claim in result.claims:  # the lexicon guard still stands between the model and the output
        assert claim.start is not None and TEXT[claim.start : claim.end] == claim.quote


def test_calibration_against_the_content_free_prior_leaves_an_uninformed_model_no_say(tmp_path: Path) -> None:
    with FakeOpenAIServer() as server:
        result = _run(server, "calibrate", tmp_path)
        asked = list(server.logprob_requests)
    content_free = [q for q in asked if "N/A" in q]
    assert content_free and len(content_free) < len(asked)  # the prior is asked per option order, and cached
    # the model says "A" whatever it is shown: calibrated, no label stands out, so the rules keep every stance
    assert _model_stances(result) == []
    assert all(c.decided_by.get("stance") == "rules" for c in result.claims)
