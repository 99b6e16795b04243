"""Request bodies to articles, by the same rules ``claimex extract`` reads files with.

Each step has its own error type (encoding, JSON, article), so a client can tell them
apart without reading messages; the messages are those the CLI writes in error records.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from claimex.core.articles import article_from_record, decode_article_bytes, parse_article_json
from claimex.core.errors import InputError
from claimex.core.types import Article, sha256_text
from claimex.service.errors import ServiceError

REQUEST_ORIGIN = "request"


def _text(raw: bytes, where: str) -> str:
    try:
        text = decode_article_bytes(raw, where)
    except InputError as exc:
        raise ServiceError(400, "invalid_encoding", str(exc)) from None
    if not text.strip():
        raise ServiceError(400, "invalid_json", f"{where}: empty body, expected JSON")
    return text


def _json(text: str, where: str) -> Any:
    try:
        return parse_article_json(text, where)
    except InputError as exc:
        raise ServiceError(400, "invalid_json", str(exc)) from None


def _check_length(record: Any, max_chars: int, where: str) -> None:
    text = record.get("text") if isinstance(record, dict) else None
    if isinstance(text, str) and len(text) > max_chars:
        raise ServiceError(
            413,
            "article_too_long",
            f"{where}: article of {len(text):,} characters exceeds --max-article-chars {max_chars:,}",
        )


def article_from_body(raw: bytes, *, max_chars: int) -> Article:
    """One article object, as a ``.json`` file holds it; without ``id`` it is named by its text's hash."""
    where = REQUEST_ORIGIN
    record = _json(_text(raw, where), where)
    _check_length(record, max_chars, where)
    text = record.get("text") if isinstance(record, dict) else None
    default_id = sha256_text(text)[:16] if isinstance(text, str) else None
    try:
        return article_from_record(record, where, default_id=default_id, max_chars=max_chars)
    except InputError as exc:
        raise ServiceError(422, "invalid_article", str(exc)) from None


@dataclass(frozen=True)
class BatchItem:
    """One article of a job as it came in: where it was (``<job>:<line>``) and its JSON text."""

    number: int
    source: str


def split_batch(raw: bytes) -> list[BatchItem]:
    """The items of a job body: a JSON list, one JSON object, or JSONL (one object a line).

    Like a JSONL file, a line that is not an article is not refused here: it becomes that
    item's error record, and the rest of the job goes on.
    """
    where = "job body"
    text = _text(raw, where)
    try:
        whole = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        if text.lstrip().startswith("["):
            _json(text, where)  # a broken list is malformed JSON, not JSONL: raises, naming the place
        whole = None
    if isinstance(whole, list):
        try:
            items = [BatchItem(i, json.dumps(v, ensure_ascii=False)) for i, v in enumerate(whole, start=1)]
        except RecursionError:
            raise ServiceError(400, "invalid_json", f"{where}: JSON nested too deeply to be articles") from None
    elif isinstance(whole, dict):
        items = [BatchItem(1, text.strip())]
    elif whole is not None:
        raise ServiceError(422, "invalid_article", f"{where}: expected a JSON list of articles or JSONL lines")
    else:
        lines = text.split("\n")
        items = [BatchItem(n, line.rstrip("\r")) for n, line in enumerate(lines, start=1) if line.strip()]
    if not items:
        raise ServiceError(422, "empty_batch", f"{where}: no articles in it")
    return items


def article_from_item(item: BatchItem, where: str, *, max_chars: int) -> Article:
    """The article of a job item; an :class:`InputError` (as for a JSONL line) when it is not one."""
    return article_from_record(parse_article_json(item.source, where), where, max_chars=max_chars)
