"""The wire format of the service beyond the library's own records (which it returns unchanged).

``ArticleIn`` documents the article body for the OpenAPI document; the body itself is read
by :mod:`claimex.core.articles`, the same code that reads ``.json`` and ``.jsonl`` files.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

JobState = Literal["queued", "running", "done"]


class ArticleIn(BaseModel):
    """One article, as a ``.json`` file or a ``.jsonl`` line holds it. Other fields are kept as metadata."""

    model_config = ConfigDict(extra="allow")

    text: str = Field(min_length=1, description="the whole body; needs a visible character")
    id: str | int | None = Field(
        default=None, description="required in a job; /v1/extract names an article without one by its text's hash"
    )
    title: str | None = None
    published: str | None = Field(
        default=None, description="YYYY-MM-DD or an ISO timestamp (its first 10 characters are read)"
    )
    source: str | None = None
    url: str | None = None


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Tokens(_Out):
    prompt: int = 0
    completion: int = 0


class JobStatus(_Out):
    """Progress of a job; ``done`` counts articles with a record (result or error)."""

    id: str
    status: JobState
    total: int
    done: int = Field(description="articles with a record so far: results + errors")
    results: int
    errors: int
    degraded: int = Field(description="results where an invalid model answer was replaced by the rules'")
    claims: int
    model_calls: int
    cache_hits: int
    tokens: Tokens
    created: dt.datetime
    finished: dt.datetime | None = None
    results_url: str


class JobAccepted(_Out):
    id: str
    status: JobState
    total: int
    status_url: str
    results_url: str


class Health(_Out):
    status: Literal["ok"] = "ok"
    version: str


class Ready(_Out):
    status: Literal["ready"] = "ready"
    strategy: str
    backend: str | None = Field(description="the model backend (redacted endpoint), or None for the rules")
