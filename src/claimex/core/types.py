"""Domain types: what users get back.

These are kept apart from the response schema the model fills in
(``claimex.prompting.response_schema``): the model never sees offsets, alignment
status or provenance, and users never see the model's raw answer shape.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class QuoteType(StrEnum):
    DIRECT = "direct"
    INDIRECT = "indirect"
    MIXED = "mixed"


class Stance(StrEnum):
    THREATEN = "threaten"
    OPPOSE = "oppose"
    SUPPORT = "support"
    NEUTRAL = "neutral"


class AlignmentStatus(StrEnum):
    """How a quote was found in its article: to the letter (after folding), roughly, or not at all."""

    EXACT = "exact"
    FUZZY = "fuzzy"
    NONE = "none"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Article(_Frozen):
    """One news article. ``text`` is the whole body, title line included when read from .txt."""

    id: str = Field(min_length=1)
    text: str = Field(min_length=1)
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None
    origin: str | None = Field(default=None, description="file (and line) the article was read from")
    metadata: dict[str, Any] = Field(
        default_factory=dict, description="fields of the input record claimex does not use, carried to the output"
    )

    @property
    def text_sha256(self) -> str:
        return sha256_text(self.text)


FieldOrigin = Literal["rules", "model"]


class Claim(_Frozen):
    """One statement attributed to a named speaker, grounded in the article text.

    ``start``/``end`` are character offsets into ``Article.text``; when ``alignment`` is
    ``exact`` the folded ``text[start:end]`` equals the folded quote.
    """

    speaker: str = Field(min_length=1, description="canonical name: the fullest form the article uses")
    speaker_mention: str | None = Field(default=None, description="the form used at this statement")
    speaker_aliases: tuple[str, ...] = ()
    quote: str = Field(min_length=1)
    quote_type: QuoteType
    target: str | None = None
    target_aliases: tuple[str, ...] = ()
    stance: Stance = Stance.NEUTRAL
    date: dt.date | None = None
    date_text: str | None = Field(default=None, description="the time expression the date came from")
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    alignment: AlignmentStatus = AlignmentStatus.NONE
    decided_by: dict[str, FieldOrigin] = Field(
        default_factory=dict, description="which component settled each field (rules or model)"
    )


class Usage(_Frozen):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_prompt_tokens: int = 0
    model_calls: int = 0
    cache_hits: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            cached_prompt_tokens=self.cached_prompt_tokens + other.cached_prompt_tokens,
            model_calls=self.model_calls + other.model_calls,
            cache_hits=self.cache_hits + other.cache_hits,
        )


class Provenance(_Frozen):
    """Everything needed to say how a result was produced, and to know when it is stale."""

    claimex_version: str
    code_sha256: str | None = Field(default=None, description="fingerprint of claimex's own code")
    strategy: str
    prompt: str | None = Field(default=None, description="id@version, or None when no model was asked")
    prompt_sha256: str | None = None
    schema_version: str | None = None
    schema_sha256: str | None = None
    backend: str | None = None
    model: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    routing: dict[str, Any] | None = Field(
        default=None, description="the routing profile auto followed: its decisions per field and their evidence"
    )
    cache_hit: bool = False

    def key_fields(self) -> dict[str, Any]:
        """What decides the output: everything but the cache state and where the endpoint lives.

        The endpoint's host and port are left out: the same model behind ``localhost:8000``
        or ``127.0.0.1:8001`` gives the same answers, and a moved server must not block a resume.
        """
        parts = self.model_dump(mode="json", exclude={"cache_hit"})
        if parts.get("routing") is None:
            parts.pop("routing", None)  # keys of results made before routing existed stay valid
        if isinstance(parts.get("backend"), str):
            parts["backend"] = parts["backend"].split(":", 1)[0]
        return parts

    @property
    def config_key(self) -> str:
        """Hash of :meth:`key_fields`: used for resume and the results cache."""
        return sha256_text(json.dumps(self.key_fields(), sort_keys=True, separators=(",", ":")))[:16]

    def differences(self, other: Provenance) -> list[str]:
        """Human-readable differences in what decides the output, e.g. ``strategy rules vs hybrid``."""
        mine, theirs = self.key_fields(), other.key_fields()
        found = []
        for name in sorted(set(mine) | set(theirs)):
            a, b = mine.get(name), theirs.get(name)
            if name == "params" and isinstance(a, dict) and isinstance(b, dict):
                found += [f"{k} {a.get(k)} vs {b.get(k)}" for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
            elif a != b:
                shown = [str(v)[:12] if name.endswith("sha256") and v else v for v in (a, b)]
                found.append(f"{name} {shown[0]} vs {shown[1]}")
        return found


class ExtractionResult(_Frozen):
    """The claims of one article, with how they were produced."""

    kind: Literal["result"] = "result"
    article_id: str
    article_sha256: str
    published: dt.date | None = None
    claims: tuple[Claim, ...] = ()
    dropped_ungrounded: int = Field(default=0, description="claims left out because their quote is not in the article")
    provenance: Provenance
    metadata: dict[str, Any] = Field(default_factory=dict, description="the input record's extra fields, as given")
    warnings: tuple[str, ...] = ()
    degraded: int = Field(
        default=0,
        description="model answers that were invalid or unsupported, where the rules' answer was kept",
    )
    usage: Usage = Usage()
    timings: dict[str, float] = Field(default_factory=dict, description="seconds per stage")


class ErrorRecord(_Frozen):
    """An article that could not be processed; written to the output in its place."""

    kind: Literal["error"] = "error"
    article_id: str | None
    origin: str | None = Field(default=None, description="file (and line) of the input")
    article_sha256: str | None = None
    error_type: str
    message: str
    attempts: int = 1
    config_key: str | None = None
