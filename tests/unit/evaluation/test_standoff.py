"""Standoff gold: quotes by offsets into a text named by its sha256."""

import json
from pathlib import Path

import pytest

from claimex.core.errors import GoldFormatError
from claimex.core.types import Article
from claimex.evaluation.gold import check_gold, load_gold_dir
from claimex.evaluation.standoff import to_standoff

TEXT = 'Port strike goes on\n\nUnion leader Maria Okafor said on Monday: "This offer is an insult."\n'
QUOTE_FORM = {
    "article_id": "s1",
    "published": "2023-03-14",
    "claims": [
        {
            "speaker": "Maria Okafor",
            "quote": "This offer is an insult.",
            "quote_type": "direct",
            "target": None,
            "stance": "oppose",
            "date": "2023-03-13",
        }
    ],
}


def _write(tmp_path: Path, text: str = TEXT) -> tuple[Path, Path]:
    articles, gold = tmp_path / "articles", tmp_path / "gold"
    articles.mkdir()
    gold.mkdir()
    (articles / "s1.txt").write_text(text, encoding="utf-8")
    (articles / "manifest.jsonl").write_text(json.dumps({"id": "s1", "published": "2023-03-14"}) + "\n")
    standoff = to_standoff(QUOTE_FORM, Article(id="s1", text=TEXT))
    (gold / "s1.json").write_text(json.dumps(standoff), encoding="utf-8")
    return gold, articles


def test_standoff_gold_holds_offsets_not_words_and_loads_as_quotes(tmp_path: Path) -> None:
    gold, articles = _write(tmp_path)
    stored = json.loads((gold / "s1.json").read_text())
    assert "quote" not in stored["claims"][0] and "This offer" not in (gold / "s1.json").read_text()
    start, end = stored["claims"][0]["start"], stored["claims"][0]["end"]
    assert TEXT[start:end] == "This offer is an insult."
    assert check_gold(gold, articles) == []
    from claimex.core.articles import load_articles

    loaded = load_gold_dir(gold, {a.id: a for a in load_articles([str(articles)])})
    assert loaded["s1"].claims[0].quote == "This offer is an insult."


def test_a_different_text_is_refused_by_name(tmp_path: Path) -> None:
    gold, articles = _write(tmp_path, TEXT.replace("Monday", "Tuesday"))
    (problem,) = check_gold(gold, articles)
    assert problem.code == "text_mismatch" and "s1.json" in str(problem) and "sha256" in str(problem)


def test_standoff_gold_without_articles_is_a_clear_error(tmp_path: Path) -> None:
    gold, _ = _write(tmp_path)
    with pytest.raises(GoldFormatError, match="needs its articles"):
        load_gold_dir(gold)


def test_committed_dev_gold_is_standoff_and_the_seed_gold_still_loads_unchanged() -> None:
    root = Path(__file__).resolve().parents[3]
    dev = sorted((root / "evals" / "gold" / "dev").glob("*.json"))
    assert len(dev) >= 30
    claims = 0
    for path in dev:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert "text_sha256" in data and all("quote" not in c for c in data["claims"])
        claims += len(data["claims"])
    assert claims >= 200
    assert len(load_gold_dir(root / "evals" / "gold" / "seeds")) == 5
