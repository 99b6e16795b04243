"""The one interface every model backend implements, and the values that cross it.

A client turns a :class:`ModelRequest` (chat messages + the response schema to fill in)
into a :class:`ModelResponse` (a validated instance + usage). Caching and retrying are
wrappers with the same interface, assembled in :mod:`claimex.clients.factory`; a fake
backend for tests is any object with ``complete`` and ``describe``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel

from claimex.core.types import Usage


@dataclass(frozen=True)
class ModelRequest:
    messages: tuple[dict[str, str], ...]
    response_model: type[BaseModel]
    prompt_ref: str
    prompt_sha256: str
    schema_name: str
    schema_sha256: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ModelResponse:
    value: BaseModel
    usage: Usage
    cache_hit: bool = False


@dataclass(frozen=True)
class BackendInfo:
    backend: str
    model: str
    # What identifies the model's weights beyond its name (file size+hash for GGUF).
    fingerprint: str = ""
    # Where it is served, redacted (scheme, host, port, path); empty for the embedded model.
    endpoint: str = ""
    # The client's own settings that change answers (recorded in provenance).
    params: dict[str, Any] = field(default_factory=dict)


@runtime_checkable
class ModelClient(Protocol):
    def complete(self, request: ModelRequest) -> ModelResponse: ...

    def describe(self) -> BackendInfo: ...

    def close(self) -> None: ...
