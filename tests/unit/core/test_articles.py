import json
from pathlib import Path

import pytest

from claimex.core.articles import count_articles, iter_sources, load_articles
from claimex.core.errors import InputError

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def _errors(paths: list[str]) -> list[str]:
    messages = []
    for source in iter_sources(paths):
        try:
            source.load()
        except InputError as exc:
            messages.append(str(exc))
    return messages


def test_seeds_load_with_manifest_metadata() -> None:
    articles = load_articles([str(SEEDS)])
    assert len(articles) == 5
    assert all(a.published is not None and a.title for a in articles)
    assert articles[0].id == "000_fd1647c3fd8f2d60"


def test_missing_file_is_named(tmp_path: Path) -> None:
    (msg,) = _errors([str(tmp_path / "nope.txt")])
    assert "nope.txt" in msg and "no such file" in msg


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("  \n")
    (msg,) = _errors([str(tmp_path / "a.txt")])
    assert msg.endswith("a.txt: empty file")


def test_non_utf8_bytes(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"Title\nsome \xff bytes")
    (msg,) = _errors([str(tmp_path / "a.txt")])
    assert "not valid UTF-8" in msg and "0xff" in msg


def test_binary_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"\x00\x01\x02binary")
    (msg,) = _errors([str(tmp_path / "a.txt")])
    assert "binary" in msg


def test_json_without_text(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps({"id": "x", "title": "t"}))
    (msg,) = _errors([str(tmp_path / "a.json")])
    assert "a.json" in msg and "'text'" in msg


def test_jsonl_bad_line_is_named_and_others_load(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": "One said so."}),
        "{not json",
        json.dumps({"id": "c", "text": "Three said so.", "published": "2021-02-03"}),
        json.dumps({"id": "d", "text": "x", "extra": 1}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n")
    loaded, errors = [], []
    for source in iter_sources([str(path)]):
        try:
            loaded.append(source.load().id)
        except InputError as exc:
            errors.append(str(exc))
    assert loaded == ["a", "c", "d"]  # an extra field is metadata, not an error
    assert len(errors) == 1 and errors[0].startswith(f"{path}:2: malformed JSON")
    assert count_articles([str(path)]) == 4


def test_extra_fields_are_kept_as_metadata(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "t", "author": "J. Doe", "tags": ["x"]}) + "\n")
    (article,) = [source.load() for source in iter_sources([str(path)])]
    assert article.metadata == {"author": "J. Doe", "tags": ["x"]}


def test_bad_published_date_names_field(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps({"id": "x", "text": "t", "published": "yesterday"}))
    (msg,) = _errors([str(tmp_path / "a.json")])
    assert "'published'" in msg


def test_directory_is_recursive_and_skips_manifest(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Title\nBody.")
    (tmp_path / "a.json").write_text(json.dumps({"id": "a", "text": "Body."}))
    (tmp_path / "manifest.jsonl").write_text(json.dumps({"id": "b", "published": "2020-01-02"}) + "\n")
    ids = sorted(a.id for a in load_articles([str(tmp_path)]))
    assert ids == ["a", "b"]


def test_stdin_jsonl() -> None:
    sources = list(iter_sources(["-"], stdin=[json.dumps({"id": "s", "text": "Hi."})]))
    assert sources[0].load().id == "s" and sources[0].origin == "<stdin>:1"


def test_glob(tmp_path: Path) -> None:
    for name in ("x1.json", "x2.json", "y.json"):
        (tmp_path / name).write_text(json.dumps({"text": "t"}))
    assert sorted(a.id for a in load_articles([str(tmp_path / "x*.json")])) == ["x1", "x2"]
    with pytest.raises(InputError, match="matched no files"):
        load_articles([str(tmp_path / "z*.json")])
