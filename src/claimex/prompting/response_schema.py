"""What the model fills in: small, flat, versioned schemas kept apart from the domain types.

The model never sees offsets, alignment or provenance; the pipeline maps these answers
onto :class:`claimex.core.types.Claim`. A schema is identified by ``name.vN`` and the
sha256 of its JSON Schema; both go into cache keys and provenance, and the JSON Schema
export of each is committed under ``schemas/`` (a test fails on drift).
"""

from __future__ import annotations

import hashlib
import json
from enum import Enum
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from claimex.core.errors import PromptError

QuoteTypeLiteral = Literal["direct", "indirect", "mixed"]
StanceLiteral = Literal["threaten", "oppose", "support", "neutral"]


class _Answer(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ModelClaim(_Answer):
    """One claim as the model reports it."""

    speaker: str = Field(max_length=120, description="who made the statement, as named in the article")
    quote: str = Field(max_length=800, description="the statement's words copied exactly from the article")
    quote_type: QuoteTypeLiteral = Field(description="direct (in quotation marks), indirect (reported), mixed")
    target: str | None = Field(max_length=120, description="whom the statement is aimed at, or null")
    stance: StanceLiteral = Field(description="speaker's stance toward the target")
    when: str | None = Field(
        max_length=60, description="the time expression for when it was said, e.g. 'on Thursday', or null"
    )


class ClaimsV1(_Answer):
    """Answer of the free extraction prompt (strategy ``llm``)."""

    claims: list[ModelClaim] = Field(max_length=40, description="every attributed statement in the article")


class StanceTargetV1(_Answer):
    """Answer of the per-claim question (strategy ``hybrid``): target and stance only.

    At run time ``target`` is narrowed to an enum of the candidates the rules found
    (see :func:`constrained_stance_target`), so constrained decoding cannot invent one.
    """

    target: str = Field(description="one of the candidate names, or 'none'")
    stance: StanceLiteral


class NextTokenV1(_Answer):
    """Not filled in by the model: the top log-probabilities of its next token, for label scoring.

    A request with this schema is answered by one token with ``logprobs`` (see
    ``OpenAICompatibleClient``), so it goes through the same cache and retry wrappers.
    """

    top: dict[str, float] = Field(description="token text -> log-probability of the first generated token")


SCHEMAS: dict[str, type[BaseModel]] = {
    "claims.v1": ClaimsV1,
    "stance_target.v1": StanceTargetV1,
    "next_token.v1": NextTokenV1,
}

NO_TARGET = "none"


def json_schema_of(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema()


@lru_cache(maxsize=256)
def schema_sha256(model: type[BaseModel]) -> str:
    """Hash of a model's JSON Schema; memoised, as schema generation is costly per call."""
    canonical = json.dumps(json_schema_of(model), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def get_schema(name: str) -> type[BaseModel]:
    try:
        return SCHEMAS[name]
    except KeyError:
        raise PromptError(f"unknown response schema {name!r}; known: {', '.join(sorted(SCHEMAS))}") from None


def constrained_stance_target(candidates: list[str]) -> type[BaseModel]:
    """StanceTargetV1 with ``target`` limited to ``candidates`` plus ``none``."""
    return _constrained_stance_target(tuple(candidates))


@lru_cache(maxsize=1024)
def _constrained_stance_target(candidates: tuple[str, ...]) -> type[BaseModel]:
    # One class per candidate set, so pydantic builds (and instructor reads) its schema once.
    members = list(dict.fromkeys([*candidates, NO_TARGET]))
    target_enum = Enum("TargetChoice", {f"c{i}": value for i, value in enumerate(members)}, type=str)  # type: ignore[misc]
    model: type[BaseModel] = create_model(
        "StanceTargetV1",
        __config__=ConfigDict(frozen=True, extra="forbid"),
        target=(target_enum, Field(description="one of the candidate names, or 'none'")),
        stance=(StanceLiteral, Field()),
    )
    return model
