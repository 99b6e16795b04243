"""Routing profiles: the decision rule, their files, which profile ``auto`` follows, and what the hybrid takes."""

import json
import logging
from pathlib import Path

import pytest

from claimex import Settings
from claimex.core.errors import ConfigError
from claimex.core.types import AlignmentStatus, Claim, QuoteType, Stance
from claimex.pipeline.routing import (
    FieldEvidence,
    GoldInfo,
    ModelIdentity,
    RoutingProfile,
    announce,
    decide,
    load_profile,
    profile_filename,
    resolve_route,
    save_profile,
)
from claimex.pipeline.strategies import HybridStrategy


def _evidence(low: float) -> FieldEvidence:
    return FieldEvidence(
        metric="m", rules=0.5, model=0.5 + low, delta=low, low=low, high=low + 0.1, decision=decide(low)
    )


def _profile(model: str, stance: float, target: float, prompt: str = "stance_target@v2") -> RoutingProfile:
    evidence = {"stance": _evidence(stance), "target": _evidence(target)}
    return RoutingProfile(
        model=ModelIdentity(backend="openai", model=model),
        strategy="hybrid",
        prompts={prompt: "0" * 64},
        decisions={k: e.decision for k, e in evidence.items()},
        evidence=evidence,
        gold=GoldInfo(dir="g", sha256="1" * 64, articles=3, claims=9),
        resamples=100,
        confidence=0.95,
        rule="test",
        claimex_version="0",
    )


def test_the_model_decides_only_when_the_whole_interval_is_above_zero() -> None:
    assert decide(0.01) == "model"
    assert decide(0.0) == "rules"  # a tie goes to the rules: free and deterministic
    assert decide(-0.2) == "rules"
    assert decide(None) == "rules"  # nothing measured, nothing trusted


def test_a_profile_round_trips_and_a_broken_one_names_its_file_and_field(tmp_path: Path) -> None:
    profile = _profile("orbit-7b", 0.05, -0.1)
    path = tmp_path / profile_filename(profile.model)
    save_profile(profile, path)
    again = load_profile(path)
    assert again == profile and again.sha256 == profile.sha256
    assert again.routed_fields == frozenset({"stance"})
    broken = tmp_path / "broken.json"
    data = json.loads(path.read_text())
    data["decisions"]["target"] = "sometimes"
    broken.write_text(json.dumps(data))
    with pytest.raises(ConfigError, match=r"broken\.json: invalid routing profile at decisions"):
        load_profile(broken)


def _settings(tmp_path: Path, model: str) -> Settings:
    return Settings.build(
        {"backend": "openai", "model": model, "base_url": "http://127.0.0.1:9/v1", "routing_dir": tmp_path},
        environ={},
    )


def test_auto_follows_the_profile_of_the_configured_model_only(tmp_path: Path) -> None:
    save_profile(_profile("orbit-7b", 0.05, -0.1), tmp_path / "a.json")
    save_profile(_profile("comet-1b", -0.3, -0.2), tmp_path / "b.json")
    save_profile(_profile("nova-3b", 0.2, 0.2, prompt="stance_target@v1"), tmp_path / "c.json")
    orbit = resolve_route(_settings(tmp_path, "orbit-7b"))
    assert (orbit.strategy, orbit.model_fields) == ("hybrid", frozenset({"stance"}))
    summary = orbit.provenance()
    assert summary is not None and summary["decisions"] == {"stance": "model", "target": "rules"}
    assert summary["evidence"]["stance"]["low"] == 0.05 and orbit.source is not None and orbit.source.endswith("a.json")
    assert summary["profile_sha256"] == load_profile(tmp_path / "a.json").sha256
    comet = resolve_route(_settings(tmp_path, "comet-1b"))
    assert (comet.strategy, comet.model_fields) == ("rules", frozenset())
    assert comet.provenance() is not None  # the evidence that kept the model out is recorded too
    # a profile measured with another prompt version says nothing about this one
    assert resolve_route(_settings(tmp_path, "nova-3b")).profile is None


def test_without_a_profile_auto_uses_the_rules_and_hints_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="claimex.pipeline.routing")
    for _ in range(3):
        route = resolve_route(_settings(tmp_path, "unmeasured-9b"))
        assert route.strategy == "rules" and route.model_configured
        announce(route)
    hints = [r.getMessage() for r in caplog.records if "unmeasured-9b" in r.getMessage()]
    assert len(hints) == 1 and "claimex calibrate" in hints[0]


def test_an_explicit_strategy_is_never_rerouted(tmp_path: Path) -> None:
    save_profile(_profile("comet-1b", -0.3, -0.2), tmp_path / "b.json")
    settings = _settings(tmp_path, "comet-1b").model_copy(update={"strategy": "hybrid"})
    route = resolve_route(settings)
    assert route.strategy == "hybrid" and route.model_fields == frozenset({"stance", "target"})


class _Answer:
    target = "Northern Union"
    stance = "oppose"


def test_the_hybrid_takes_from_the_model_only_the_routed_fields() -> None:
    from claimex.attribution import analyse
    from claimex.core.types import Article

    text = "“The Northern Union has failed every worker,” said Maria Lopez on Monday."
    attribution = analyse(Article(id="x", text=text))
    claim = Claim(
        speaker="Maria Lopez",
        quote="The Northern Union has failed every worker",
        quote_type=QuoteType.DIRECT,
        stance=Stance.NEUTRAL,
        alignment=AlignmentStatus.EXACT,
        decided_by={"target": "rules", "stance": "rules"},
    )
    only_target, _ = HybridStrategy._apply(claim, _Answer(), attribution, "said", frozenset({"target"}))
    assert only_target.target == "Northern Union" and only_target.stance is Stance.NEUTRAL
    assert only_target.decided_by == {"target": "model", "stance": "rules"}
    nothing, _ = HybridStrategy._apply(claim, _Answer(), attribution, "said", frozenset())
    assert nothing == claim.model_copy(update={"decided_by": claim.decided_by})


def test_auto_asks_the_stance_under_the_bias_control_calibration_kept(tmp_path: Path) -> None:
    from claimex import Extractor

    routed = _profile("orbit-7b", 0.05, -0.1).model_copy(update={"stance_debias": "calibrate"})
    kept_out = _profile("comet-1b", -0.3, -0.2).model_copy(update={"stance_debias": "shuffle"})
    save_profile(routed, tmp_path / "a.json")
    save_profile(kept_out, tmp_path / "b.json")
    with Extractor(_settings(tmp_path, "orbit-7b").model_copy(update={"use_cache": False})) as extractor:
        assert extractor.settings.stance_debias == "calibrate"
        assert extractor.provenance.params["stance_debias"] == "calibrate"
        assert extractor.provenance.routing is not None
        assert extractor.provenance.routing["stance_debias"] == "calibrate"
    with Extractor(_settings(tmp_path, "comet-1b").model_copy(update={"use_cache": False})) as extractor:
        assert extractor.strategy.name == "rules" and extractor.settings.stance_debias == "none"
