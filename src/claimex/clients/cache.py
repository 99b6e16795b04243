"""A disk cache around any client: same request, same answer, no model call.

The key is the sha256 of canonical JSON of everything that decides the answer:
backend, model (and its weights' fingerprint), prompt id/version/hash, response schema
name/hash, messages, generation parameters, and a key-format version. Timeouts, retry
policy and API keys are not part of it. Values are stored as JSON and re-validated
against the response model on read; nothing is pickled.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from claimex.clients.base import BackendInfo, ModelClient, ModelRequest, ModelResponse
from claimex.core.store import SafeStore
from claimex.core.types import Usage

log = logging.getLogger(__name__)

KEY_FORMAT_VERSION = 1


def cache_key(request: ModelRequest, info: BackendInfo) -> str:
    material: dict[str, Any] = {
        "key_format": KEY_FORMAT_VERSION,
        "backend": info.backend,
        "model": info.model,
        "model_fingerprint": info.fingerprint,
        "prompt": request.prompt_ref,
        "prompt_sha256": request.prompt_sha256,
        "schema": request.schema_name,
        "schema_sha256": request.schema_sha256,
        "messages": list(request.messages),
        "params": request.params,
    }
    canonical = json.dumps(material, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class CachedClient:
    def __init__(self, inner: ModelClient, directory: Path) -> None:
        self._inner = inner
        self.directory = directory
        self._cache = SafeStore(directory, size_limit=4 * 2**30, what="the model-answer cache")

    def describe(self) -> BackendInfo:
        return self._inner.describe()

    def lookup(self, request: ModelRequest) -> ModelResponse | None:
        """The cached answer to ``request``, re-validated, or None (a batch sends only the rest)."""
        key = cache_key(request, self._inner.describe())
        stored = self._cache.get(key)
        if stored is None:
            return None
        try:
            payload = json.loads(stored)
            value = request.response_model.model_validate(payload["value"])
        except (ValidationError, json.JSONDecodeError, KeyError, TypeError):
            log.warning("cache entry %s… no longer validates; asking the model again", key[:12])
            return None
        return ModelResponse(value=value, usage=Usage(cache_hits=1), cache_hit=True)

    def complete(self, request: ModelRequest) -> ModelResponse:
        cached = self.lookup(request)
        if cached is not None:
            return cached
        key = cache_key(request, self._inner.describe())
        response = self._inner.complete(request)
        payload = {"value": response.value.model_dump(mode="json"), "usage": response.usage.model_dump()}
        self._cache.set(key, json.dumps(payload, ensure_ascii=False))
        return response

    def close(self) -> None:
        self._cache.close()
        self._inner.close()
