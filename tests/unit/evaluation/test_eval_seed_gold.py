"""The real seed gold scored against itself must be perfect, by spans and by tokens alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimex.core.articles import load_articles
from claimex.core.grounding import ArticleIndex
from claimex.core.types import AlignmentStatus, Claim
from claimex.evaluation.gold import GoldFile, check_gold, load_gold_dir
from claimex.evaluation.matching import MatchConfig, match_run
from claimex.evaluation.metrics import compute_metrics
from claimex.evaluation.predictions import predictions_from_records

ROOT = Path(__file__).resolve().parents[3]
GOLD_DIR = ROOT / "evals" / "gold" / "seeds"
ARTICLES_DIR = ROOT / "seeds"


def test_seed_gold_exists() -> None:
    # Fails (does not skip) when the seed gold is missing: every other check here needs it.
    assert len(sorted(GOLD_DIR.glob("*.json"))) >= 5


def _as_predictions(gold: dict[str, GoldFile], with_spans: bool) -> list[object]:
    from eval_cases import result

    articles = {a.id: a for a in load_articles([str(ARTICLES_DIR)])}
    records = []
    for article_id, gf in gold.items():
        index = ArticleIndex(articles[article_id].text)
        claims = []
        for g in gf.claims:
            spans = index.find_all(g.quote) if with_spans else []
            claims.append(
                Claim(
                    speaker=g.speaker,
                    quote=g.quote,
                    quote_type=g.quote_type,
                    target=g.target,
                    stance=g.stance,
                    date=g.date,
                    start=spans[0][0] if spans else None,
                    end=spans[0][1] if spans else None,
                    alignment=AlignmentStatus.EXACT if spans else AlignmentStatus.NONE,
                )
            )
        records.append(result(article_id, claims))
    return records


def test_seed_gold_is_clean() -> None:
    assert [str(p) for p in check_gold(GOLD_DIR, ARTICLES_DIR)] == []


@pytest.mark.parametrize("with_spans", [True, False])
@pytest.mark.parametrize("config", [MatchConfig(), MatchConfig.strict()], ids=["lenient", "strict"])
def test_seed_gold_scored_against_itself_is_perfect(with_spans: bool, config: MatchConfig) -> None:
    gold = load_gold_dir(GOLD_DIR)
    assert len(gold) >= 5
    articles = {a.id: a for a in load_articles([str(ARTICLES_DIR)])}
    preds = predictions_from_records(_as_predictions(gold, with_spans))  # type: ignore[arg-type]
    run = match_run(gold, preds, articles, config)
    metrics = compute_metrics(run, resamples=100)
    for name, mv in metrics.headline.items():
        assert (mv.value, mv.low, mv.high) == (1.0, 1.0, 1.0), name
    methods = {p.method for a in run.articles for p in a.pairs}
    assert methods == ({"span"} if with_spans else {"tokens"})
