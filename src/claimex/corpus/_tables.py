"""The tables of an export, as Arrow schemas and row builders (one place for both stores)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

import pyarrow as pa

from claimex.core.types import Article, ErrorRecord, ExtractionResult
from claimex.corpus._types import EntityResolution

__all__ = ["SCHEMAS", "article_row", "claim_rows", "entity_tables", "error_row"]

_TEXT, _TEXTS = pa.string(), pa.list_(pa.string())

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema(
        [
            ("article_id", _TEXT),
            ("status", _TEXT),
            ("published", pa.date32()),
            ("title", _TEXT),
            ("source", _TEXT),
            ("url", _TEXT),
            ("claims", pa.int32()),
            ("dropped_ungrounded", pa.int32()),
            ("degraded", pa.int32()),
            ("warnings", _TEXTS),
            ("article_sha256", _TEXT),
            ("strategy", _TEXT),
            ("prompt", _TEXT),
            ("backend", _TEXT),
            ("model", _TEXT),
            ("claimex_version", _TEXT),
            ("config_key", _TEXT),
            ("provenance", _TEXT),
            ("metadata", _TEXT),
            ("error_type", _TEXT),
            ("error_message", _TEXT),
            ("origin", _TEXT),
        ]
    ),
    "claims": pa.schema(
        [
            ("claim_id", _TEXT),
            ("article_id", _TEXT),
            ("claim_index", pa.int32()),
            ("published", pa.date32()),
            ("speaker", _TEXT),
            ("speaker_mention", _TEXT),
            ("speaker_aliases", _TEXTS),
            ("speaker_id", _TEXT),
            ("quote", _TEXT),
            ("quote_type", _TEXT),
            ("target", _TEXT),
            ("target_aliases", _TEXTS),
            ("target_id", _TEXT),
            ("stance", _TEXT),
            ("date", pa.date32()),
            ("date_text", _TEXT),
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("alignment", _TEXT),
            ("decided_by", pa.map_(pa.string(), pa.string())),
        ]
    ),
    "entities": pa.schema(
        [
            ("entity_id", _TEXT),
            ("name", _TEXT),
            ("type", _TEXT),
            ("articles", pa.int32()),
            ("claims_as_speaker", pa.int32()),
            ("claims_as_target", pa.int32()),
            ("notes", _TEXTS),
        ]
    ),
    "entity_aliases": pa.schema([("entity_id", _TEXT), ("alias", _TEXT)]),
    "entity_links": pa.schema(
        [
            ("entity_id", _TEXT),
            ("article_id", _TEXT),
            ("name", _TEXT),
            ("rule", _TEXT),
            ("reason", _TEXT),
            ("linked_article_id", _TEXT),
            ("linked_name", _TEXT),
        ]
    ),
}


def article_row(result: ExtractionResult, article: Article | None) -> dict[str, Any]:
    p = result.provenance
    return {
        "article_id": result.article_id,
        "status": "result",
        "published": (article.published if article and article.published else None) or result.published,
        "title": article.title if article else None,
        "source": article.source if article else None,
        "url": article.url if article else None,
        "claims": len(result.claims),
        "dropped_ungrounded": result.dropped_ungrounded,
        "degraded": result.degraded,
        "warnings": list(result.warnings),
        "article_sha256": result.article_sha256,
        "strategy": p.strategy,
        "prompt": p.prompt,
        "backend": p.backend,
        "model": p.model,
        "claimex_version": p.claimex_version,
        "config_key": p.config_key,
        "provenance": p.model_dump_json(),
        "metadata": json.dumps(result.metadata, ensure_ascii=False, sort_keys=True) if result.metadata else None,
    }


def error_row(record: ErrorRecord) -> dict[str, Any]:
    return {
        "article_id": record.article_id,
        "status": "error",
        "article_sha256": record.article_sha256,
        "warnings": [],
        "config_key": record.config_key,
        "error_type": record.error_type,
        "error_message": record.message,
        "origin": record.origin,
    }


def claim_rows(result: ExtractionResult, entities: EntityResolution) -> Iterator[dict[str, Any]]:
    for n, c in enumerate(result.claims):
        yield {
            "claim_id": f"{result.article_id}#{n}",
            "article_id": result.article_id,
            "claim_index": n,
            "published": result.published,
            "speaker": c.speaker,
            "speaker_mention": c.speaker_mention,
            "speaker_aliases": list(c.speaker_aliases),
            "speaker_id": entities.id_of(result.article_id, c.speaker),
            "quote": c.quote,
            "quote_type": c.quote_type.value,
            "target": c.target,
            "target_aliases": list(c.target_aliases),
            "target_id": entities.id_of(result.article_id, c.target),
            "stance": c.stance.value,
            "date": c.date,
            "date_text": c.date_text,
            "start": c.start,
            "end": c.end,
            "alignment": c.alignment.value,
            "decided_by": sorted(c.decided_by.items()),
        }


def entity_tables(entities: EntityResolution) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {"entities": [], "entity_aliases": [], "entity_links": []}
    for e in entities.entities:
        rows["entities"].append(
            {
                "entity_id": e.id,
                "name": e.name,
                "type": e.type,
                "articles": e.articles,
                "claims_as_speaker": e.claims_as_speaker,
                "claims_as_target": e.claims_as_target,
                "notes": list(e.notes),
            }
        )
        rows["entity_aliases"].extend({"entity_id": e.id, "alias": a} for a in (e.name, *e.aliases))
        for link in e.links:
            linked = link.linked_to or (None, None)
            rows["entity_links"].append(
                {
                    "entity_id": e.id,
                    "article_id": link.article_id,
                    "name": link.name,
                    "rule": link.rule,
                    "reason": link.reason,
                    "linked_article_id": linked[0],
                    "linked_name": linked[1],
                }
            )
    return rows


def to_batch(table: str, rows: list[dict[str, Any]]) -> pa.Table:
    schema = SCHEMAS[table]
    return pa.Table.from_pylist(rows, schema=schema)


def article_lookup(articles: Mapping[str, Article] | None, article_id: str) -> Article | None:
    return articles.get(article_id) if articles else None
