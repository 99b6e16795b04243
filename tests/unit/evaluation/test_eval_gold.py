"""Gold files: loading, and check_gold on hand-broken fixtures (one fault per directory)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from claimex.core.errors import GoldFormatError
from claimex.core.types import QuoteType, Stance
from claimex.evaluation.gold import check_gold, load_gold_dir, load_gold_file

BROKEN = Path(__file__).resolve().parents[2] / "fixtures" / "gold_broken"
ARTICLES = BROKEN / "articles"


def problems(case: str) -> list[str]:
    return [str(p) for p in check_gold(BROKEN / case, ARTICLES)]


def test_valid_file_loads_and_checks_clean() -> None:
    gold = load_gold_dir(BROKEN / "valid")
    assert list(gold) == ["a1"]
    first = gold["a1"].claims[0]
    assert first.stance is Stance.THREATEN
    assert first.quote_type is QuoteType.DIRECT
    assert first.date == dt.date(2020, 1, 9)
    assert first.speaker_aliases == ("Khazali",)
    assert gold["a1"].claims[1].date is None
    assert problems("valid") == []


def test_unknown_key() -> None:
    assert problems("unknown_key") == [
        f"{BROKEN / 'unknown_key' / 'a1.json'}: claims[1].sentiment: unknown key (allowed: "
        "speaker, speaker_aliases, quote, quote_type, target, target_aliases, stance, date)"
    ]


def test_bad_enum() -> None:
    assert problems("bad_enum") == [
        f"{BROKEN / 'bad_enum' / 'a1.json'}: claims[0].stance: 'angry' is not one of threaten, oppose, support, neutral"
    ]


def test_bad_dates() -> None:
    path = BROKEN / "bad_date" / "a1.json"
    assert problems("bad_date") == [
        f"{path}: claims[0].date: '9 January 2020' is not a YYYY-MM-DD date",
        f"{path}: claims[1].date: '2020-02-30' is not a valid date",
    ]


def test_date_after_publication() -> None:
    assert problems("date_after_published") == [
        f"{BROKEN / 'date_after_published' / 'a1.json'}: claims[0].date: "
        "2020-01-10 is after the publication date 2020-01-09"
    ]


def test_quote_not_in_article() -> None:
    assert problems("quote_not_in_article") == [
        f"{BROKEN / 'quote_not_in_article' / 'a1.json'}: claims[1].quote: not found in article a1 "
        "(after folding quote marks and white space): 'rejects all these threats'"
    ]


def test_quote_found_across_line_break_and_curly_marks() -> None:
    # valid/a1.json's first quote spans a line break in the article; duplicate_claim adds
    # the same quote with curly marks and a double space: both found, no quote problem.
    assert not any("not found" in p for p in problems("duplicate_claim"))


def test_duplicate_claims() -> None:
    path = BROKEN / "duplicate_claim" / "a1.json"
    assert problems("duplicate_claim") == [
        f"{path}: claims[2].quote: duplicate of claims[0] (same quote)",
        f"{path}: claims[3].quote: duplicate of claims[0]: claims[3].quote is contained in "
        "claims[0].quote, same speaker 'Khazali'",
        f"{path}: claims[3].quote: duplicate of claims[2]: claims[3].quote is contained in "
        "claims[2].quote, same speaker 'Khazali'",
    ]


def test_wrong_file_name() -> None:
    assert problems("wrong_file_name") == [
        f"{BROKEN / 'wrong_file_name' / 'a2.json'}: article_id: 'a1' does not match the file name (expected 'a2')"
    ]


def test_malformed_json() -> None:
    assert problems("malformed_json") == [
        f"{BROKEN / 'malformed_json' / 'a1.json'}:5:1: "
        "malformed JSON: Expecting property name enclosed in double quotes"
    ]


def test_missing_article() -> None:
    assert problems("missing_article") == [
        f"{BROKEN / 'missing_article' / 'zz.json'}: article_id: no article 'zz' among the articles"
    ]


@pytest.mark.parametrize("case", ["unknown_key", "bad_enum", "bad_date", "malformed_json", "wrong_file_name"])
def test_loading_a_broken_file_for_scoring_raises(case: str) -> None:
    with pytest.raises(GoldFormatError) as info:
        load_gold_dir(BROKEN / case)
    assert str(info.value) == "\n".join(problems(case))


def test_loading_does_not_need_articles() -> None:
    # quote checks need the article; loading for scoring does not do them
    assert load_gold_file(BROKEN / "quote_not_in_article" / "a1.json").article_id == "a1"


def test_empty_or_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(GoldFormatError, match="no gold files"):
        load_gold_dir(tmp_path)
    with pytest.raises(GoldFormatError, match="not a directory"):
        load_gold_dir(tmp_path / "nope")
    assert [str(p) for p in check_gold(tmp_path, ARTICLES)] == [f"{tmp_path}: no gold files (*.json)"]


def test_absent_target_and_date_mean_null(tmp_path: Path) -> None:
    (tmp_path / "a1.json").write_text(
        '{"article_id": "a1", "claims": [{"speaker": "X", "quote": "rejects these threats",'
        ' "quote_type": "indirect", "stance": "neutral"}]}'
    )
    claim = load_gold_file(tmp_path / "a1.json").claims[0]
    assert claim.target is None and claim.date is None and claim.speaker_aliases == ()


def test_published_must_agree_with_article(tmp_path: Path) -> None:
    text = (BROKEN / "valid" / "a1.json").read_text().replace('"published": "2020-01-09"', '"published": "2020-01-08"')
    (tmp_path / "a1.json").write_text(text)
    found = [str(p) for p in check_gold(tmp_path, ARTICLES)]
    assert (
        f"{tmp_path / 'a1.json'}: published: 2020-01-08 differs from the article's published date 2020-01-09" in found
    )
