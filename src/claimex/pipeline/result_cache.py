"""Whole results cached by article and configuration: a warm rerun does no work at all.

The model-answer cache (``claimex.clients.cache``) already spares the model; this one
also spares the rules pass, grounding and validation. The key is the provenance's
config key (which covers the code fingerprint, prompt, schema, model and parameters)
plus the article's id, text hash and publication date. Stored as JSON, re-validated.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from pydantic import ValidationError

from claimex.core.store import SafeStore
from claimex.core.types import Article, ExtractionResult

log = logging.getLogger(__name__)


def result_key(article: Article, config_key: str) -> str:
    material = {
        "config": config_key,
        "id": article.id,
        "sha256": article.text_sha256,
        "published": article.published.isoformat() if article.published else None,
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


class ResultCache:
    def __init__(self, directory: Path) -> None:
        self._cache = SafeStore(directory, size_limit=2 * 2**30, what="the result cache")

    def get(self, article: Article, config_key: str) -> ExtractionResult | None:
        stored = self._cache.get(result_key(article, config_key))
        if stored is None:
            return None
        try:
            return ExtractionResult.model_validate_json(stored)
        except ValidationError:
            log.warning("cached result for %s no longer validates; extracting again", article.id)
            return None

    def set(self, article: Article, config_key: str, result: ExtractionResult) -> None:
        self._cache.set(result_key(article, config_key), result.model_dump_json())

    def close(self) -> None:
        self._cache.close()
