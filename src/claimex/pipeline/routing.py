"""Routing profiles: which fields a configured model decides, as measured by ``claimex calibrate``.

A model earns a field only by beating the rules on gold with a paired bootstrap interval
that excludes zero. Every model that could run here made stance and target worse on the
seed gold, and one followed the position of a label rather than the statement, so a
default that trusted any configured model would degrade silently. ``auto`` therefore:

- with no model configured (or the ``local`` extra not installed): the rules;
- with a model and a profile for it (same backend, model, weights and prompt): the hybrid
  strategy, taking from the model only the fields the profile routes to it (the rules
  when it routes none);
- with a model and no profile: the rules, and a one-time hint naming ``claimex calibrate``.

Profiles are JSON files (``routing.json``): in ``Settings.routing_dir`` (the user's) and
the ones shipped with claimex for the bundled model (``pipeline/data/routing``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from claimex.clients.embedded import DEFAULT_MODEL_NAME, bundled_fingerprint, bundled_model_available, gguf_fingerprint
from claimex.core.errors import ConfigError
from claimex.core.settings import Settings

log = logging.getLogger(__name__)

Decision = Literal["model", "rules", "union"]
# The fields the hybrid strategy asks the model; everything else always comes from the rules.
ROUTABLE_FIELDS = ("stance", "target")
HYBRID_PROMPT = "stance_target@v2"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ModelIdentity(_Frozen):
    """What a profile was measured on: a profile for other weights says nothing about these."""

    backend: str
    model: str
    fingerprint: str | None = Field(default=None, description="weights: GGUF size and head hash, or bundled sha256")

    def label(self) -> str:
        return f"{self.backend}:{self.model}"


class FieldEvidence(_Frozen):
    """One field's paired comparison on gold (model run minus rules run, bootstrap over articles)."""

    metric: str
    rules: float | None
    model: float | None
    delta: float | None
    low: float | None
    high: float | None
    decision: Decision


class GoldInfo(_Frozen):
    dir: str
    sha256: str
    articles: int
    claims: int


class RoutingProfile(_Frozen):
    format: Literal["claimex.routing.v1"] = "claimex.routing.v1"
    model: ModelIdentity
    strategy: str = Field(description="the model strategy that was measured")
    prompts: dict[str, str] = Field(description="prompt id@version -> sha256 of the prompt file")
    decisions: dict[str, Decision]
    evidence: dict[str, FieldEvidence]
    gold: GoldInfo
    resamples: int
    confidence: float
    rule: str = Field(description="how a decision follows from the evidence")
    claimex_version: str
    model_errors: int = Field(default=0, description="articles whose model run was an error record")
    stance_debias: Literal["none", "shuffle", "calibrate"] = Field(
        default="none",
        description="the stance bias control that measured best, under which the stance evidence was taken "
        "(auto uses it when the stance is routed to the model)",
    )
    alternatives: dict[str, FieldEvidence] = Field(
        default_factory=dict, description="stance evidence of every bias control tried, by mode"
    )

    @property
    def routed_fields(self) -> frozenset[str]:
        return frozenset(f for f in ROUTABLE_FIELDS if self.decisions.get(f) == "model")

    @property
    def sha256(self) -> str:
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()

    def summary(self) -> dict[str, Any]:
        """What provenance carries: the decision, its evidence and where it came from."""
        return {
            "profile_sha256": self.sha256,
            "model": self.model.label(),
            "gold_sha256": self.gold.sha256,
            "decisions": dict(self.decisions),
            "stance_debias": self.stance_debias,
            "evidence": {
                name: {k: e.model_dump()[k] for k in ("metric", "delta", "low", "high")}
                for name, e in self.evidence.items()
                if name in ROUTABLE_FIELDS
            },
        }


def decide(low: float | None) -> Decision:
    """The model decides a field only when the interval's low end is above zero: ties go to the rules."""
    return "model" if low is not None and low > 0 else "rules"


def save_profile(profile: RoutingProfile, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(profile.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def load_profile(path: Path) -> RoutingProfile:
    try:
        return RoutingProfile.model_validate_json(path.read_bytes())
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read routing profile ({exc.strerror})") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "profile"
        raise ConfigError(f"{path}: invalid routing profile at {where}: {first['msg']}") from None


def profile_filename(identity: ModelIdentity) -> str:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in identity.model)[:80]
    return f"{identity.backend}-{safe}.routing.json"


def model_identity(settings: Settings) -> ModelIdentity | None:
    """The configured model, or None when there is none to use (the bundled one not installed)."""
    if settings.backend == "openai":
        if not settings.model:
            raise ConfigError("the openai backend needs --model (the model name the endpoint serves)")
        return ModelIdentity(backend="openai", model=settings.model)
    if settings.model_path is not None:
        return ModelIdentity(
            backend="local", model=settings.model_path.stem, fingerprint=gguf_fingerprint(settings.model_path)
        )
    if not bundled_model_available():
        return None
    return ModelIdentity(backend="local", model=DEFAULT_MODEL_NAME, fingerprint=bundled_fingerprint())


def _candidate_files(settings: Settings) -> list[tuple[str, Path]]:
    found: list[tuple[str, Path]] = []
    if settings.routing_dir.is_dir():
        found += [(str(p), p) for p in sorted(settings.routing_dir.glob("*.json"))]
    shipped = files("claimex.pipeline").joinpath("data", "routing")
    if shipped.is_dir():
        found += [
            (f"claimex:{p.name}", Path(str(p)))
            for p in sorted(shipped.iterdir(), key=lambda t: t.name)
            if p.name.endswith(".json")
        ]
    return found


def find_profile(identity: ModelIdentity, settings: Settings) -> tuple[RoutingProfile, str] | None:
    """The first profile (the user's before the shipped ones) measured on this model and prompt."""
    for source, path in _candidate_files(settings):
        profile = load_profile(path)
        if profile.model == identity and HYBRID_PROMPT in profile.prompts:
            return profile, source
    return None


@dataclass(frozen=True)
class Route:
    """What ``auto`` (or an explicit strategy) resolved to, and why."""

    strategy: str
    model_fields: frozenset[str] = frozenset(ROUTABLE_FIELDS)
    profile: RoutingProfile | None = None
    source: str | None = None
    model_configured: bool = False  # a model was named: its configuration is checked even when unused
    hint: str | None = None  # how to calibrate, when a named model has no profile
    stance_debias: str | None = None  # the profile's bias control for the stance question, under auto

    def provenance(self) -> dict[str, Any] | None:
        """The profile's hash, decisions and evidence, when they changed what ran or a named model was routed.

        The bundled model's shipped profile leaves every field to the rules: that run is the
        plain rules run, and its records (and resume keys) do not depend on whether the
        ``local`` extra happens to be installed.
        """
        if self.profile is None or not (self.model_configured or self.model_fields):
            return None
        return self.profile.summary()  # not where the file lies: a moved profile must not block a resume


_hinted: set[str] = set()
_hint_lock = threading.Lock()


def announce(route: Route) -> None:
    """Log the route's hint, once per model and process (after the model's configuration was checked)."""
    if route.hint is None:
        return
    with _hint_lock:
        if route.hint in _hinted:
            return
        _hinted.add(route.hint)
    log.warning("%s", route.hint)


def _hint(identity: ModelIdentity, settings: Settings) -> str:
    return (
        f"no routing profile for {identity.label()} in {settings.routing_dir}: stance and target stay with the "
        "rules. To measure whether this model should decide them, run `claimex calibrate` with the same model "
        "options (it writes the profile there)"
    )


def resolve_route(settings: Settings) -> Route:
    """``auto`` by measured evidence; an explicit strategy as asked (the model decides what it is asked)."""
    if settings.strategy != "auto":
        return Route(strategy=settings.strategy, model_configured=settings.strategy != "rules")
    configured = settings.backend == "openai" or settings.model_path is not None
    identity = model_identity(settings)
    if identity is None:
        return Route(strategy="rules", model_fields=frozenset())
    match = find_profile(identity, settings)
    if match is None:
        hint = _hint(identity, settings) if configured else None
        return Route(strategy="rules", model_fields=frozenset(), model_configured=configured, hint=hint)
    profile, source = match
    fields = profile.routed_fields
    return Route(
        strategy="hybrid" if fields else "rules",
        model_fields=fields,
        profile=profile,
        source=source,
        model_configured=configured,
        stance_debias=profile.stance_debias if "stance" in fields else None,
    )


__all__ = [
    "ROUTABLE_FIELDS",
    "Decision",
    "FieldEvidence",
    "GoldInfo",
    "ModelIdentity",
    "Route",
    "RoutingProfile",
    "announce",
    "decide",
    "find_profile",
    "load_profile",
    "model_identity",
    "profile_filename",
    "resolve_route",
    "save_profile",
]
