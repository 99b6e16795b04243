"""Request bodies, error mapping and the job store, each alone (no HTTP, no extraction)."""

import json
from pathlib import Path

import pytest

from claimex.core.types import ErrorRecord, ExtractionResult, Provenance, Usage
from claimex.service.bodies import BatchItem, article_from_body, article_from_item, split_batch
from claimex.service.errors import ServiceError, error_for_record
from claimex.service.store import JobStore


def _error(body: bytes, **kwargs: int) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        article_from_body(body, max_chars=kwargs.get("max_chars", 1000))
    return caught.value


def test_article_body_is_read_like_a_json_file_with_extras_kept() -> None:
    body = {"id": 7, "text": "Some words.", "published": "2024-05-01T10:00:00Z", "author": "A", "tags": ["x"]}
    article = article_from_body(json.dumps(body).encode(), max_chars=1000)
    assert article.id == "7" and str(article.published) == "2024-05-01"
    assert article.metadata == {"author": "A", "tags": ["x"]}


def test_article_without_id_is_named_by_its_text() -> None:
    one = article_from_body(b'{"text": "Some words."}', max_chars=1000)
    two = article_from_body(b'{"text": "Some words."}', max_chars=1000)
    assert one.id == two.id and len(one.id) == 16


@pytest.mark.parametrize(
    ("body", "status", "type_", "words"),
    [
        (b"\x00\x01binary", 400, "invalid_encoding", "binary"),
        (b'{"text": "caf\xe9"}', 400, "invalid_encoding", "UTF-8"),
        (b"", 400, "invalid_json", "empty body"),
        (b"{broken", 400, "invalid_json", "malformed JSON"),
        (b"[" * 100_000, 400, "invalid_json", "nested too deeply"),
        (b"[1]", 422, "invalid_article", "expected a JSON object"),
        (b'{"id": "a"}', 422, "invalid_article", "'text'"),
        (b'{"id": "a", "text": 5}', 422, "invalid_article", "'text'"),
        (b'{"id": "a", "text": "  \\u200b "}', 422, "invalid_article", "empty"),
        (b'{"id": "a", "text": "x", "published": "soon"}', 422, "invalid_article", "'published'"),
        (b'{"id": "a", "text": "x", "title": 3}', 422, "invalid_article", "'title'"),
        (b'{"id": [], "text": "x"}', 422, "invalid_article", "'id'"),
        (json.dumps({"text": "a" * 1001}).encode(), 413, "article_too_long", "--max-article-chars"),
    ],
)
def test_each_kind_of_bad_body_has_its_own_type(body: bytes, status: int, type_: str, words: str) -> None:
    error = _error(body)
    assert (error.status, error.type) == (status, type_)
    assert words in error.message


def test_batch_as_list_jsonl_or_one_object() -> None:
    listed = split_batch(json.dumps([{"id": "a", "text": "x"}, {"id": "b", "text": "y"}]).encode())
    assert [i.number for i in listed] == [1, 2]
    lines = split_batch(b'{"id": "a", "text": "x"}\r\n\n{broken\n{"id": "c", "text": "z"}\n')
    assert [(i.number, i.source[:7]) for i in lines] == [(1, '{"id": '), (3, "{broken"), (4, '{"id": ')]
    assert len(split_batch(b'{"id": "a", "text": "x"}')) == 1


@pytest.mark.parametrize(
    ("body", "status", "type_"),
    [
        (b"[]", 422, "empty_batch"),
        (b"\n\n", 400, "invalid_json"),
        (b"[1, 2", 400, "invalid_json"),
        (b"42", 422, "invalid_article"),
    ],
)
def test_bad_batches(body: bytes, status: int, type_: str) -> None:
    with pytest.raises(ServiceError) as caught:
        split_batch(body)
    assert (caught.value.status, caught.value.type) == (status, type_)


def test_a_bad_item_fails_alone_with_the_jsonl_message() -> None:
    from claimex.core.errors import InputError

    with pytest.raises(InputError, match=r"job:3: malformed JSON"):
        article_from_item(BatchItem(3, "{broken"), "job:3", max_chars=1000)
    with pytest.raises(InputError, match=r"'id' is missing"):
        article_from_item(BatchItem(1, '{"text": "x"}'), "job:1", max_chars=1000)


@pytest.mark.parametrize(
    ("error_type", "status", "type_"),
    [
        ("TransientProviderError", 503, "provider_unavailable"),
        ("OutputValidationError", 502, "model_output_invalid"),
        ("ProviderError", 502, "provider_error"),
        ("InputError", 422, "invalid_article"),
        ("PromptError", 500, "internal_error"),
        ("ZeroDivisionError", 500, "internal_error"),
    ],
)
def test_error_records_map_by_exception_class(error_type: str, status: int, type_: str) -> None:
    record = ErrorRecord(article_id="a", error_type=error_type, message="secret detail")
    error = error_for_record(record, retry_after=7)
    assert (error.status, error.type) == (status, type_)
    assert error.record == record
    assert ("Retry-After" in error.headers) == (status == 503)
    if status == 500:
        assert "secret detail" not in error.message  # a bug's text is in the record, not the headline


def _provenance(strategy: str = "rules") -> Provenance:
    return Provenance(claimex_version="0", strategy=strategy)


def _result(article_id: str, claims: int = 0) -> ExtractionResult:
    return ExtractionResult(
        article_id=article_id, article_sha256="0" * 64, provenance=_provenance(), usage=Usage(model_calls=2)
    )


def test_store_records_each_item_once_and_survives_reopening(tmp_path: Path) -> None:
    store = JobStore(tmp_path)
    items = [BatchItem(n, json.dumps({"id": str(n), "text": "x"})) for n in (1, 2, 3)]
    job = store.create_job(items, _provenance())
    assert store.status(job.id).status == "queued"  # type: ignore[union-attr]
    assert store.finish_item(job.id, 2, _result("2"))
    assert not store.finish_item(job.id, 2, _result("2-again")), "a finished item is never written twice"
    assert store.item(job.id, 2) is None and store.item(job.id, 1) is not None
    store.finish_item(job.id, 1, ErrorRecord(article_id="1", error_type="InputError", message="m"))
    store.close()

    reopened = JobStore(tmp_path)
    assert reopened.pending() == [(job.id, 3)]
    status = reopened.status(job.id)
    assert status is not None
    assert (status.status, status.done, status.results, status.errors, status.model_calls) == ("running", 2, 1, 1, 2)
    assert [seq for seq, _ in reopened.records(job.id)] == [1, 2]
    assert json.loads(reopened.records(job.id)[1][1])["article_id"] == "2"
    assert [p.strategy for p in reopened.unfinished_provenance()] == ["rules"]
    reopened.finish_item(job.id, 3, _result("3"))
    done = reopened.status(job.id)
    assert done is not None and done.status == "done" and done.finished is not None
    assert reopened.pending() == [] and reopened.unfinished_provenance() == []
    assert reopened.status("nope") is None
    reopened.close()


def test_one_server_per_state_directory(tmp_path: Path) -> None:
    from claimex.core.errors import ConfigError

    first = JobStore(tmp_path)
    with pytest.raises(ConfigError, match="another claimex serve is using"):
        JobStore(tmp_path)
    first.close()
    JobStore(tmp_path).close()  # free again once the first is closed
