"""Metrics, comparisons and gates over hand-made match results (numbers worked out by hand)."""

from __future__ import annotations

import random

import pytest
from eval_cases import DAY, G0, G1, G2, GOLD, TEXT, from_gold, gold_file, pred, result

from claimex.core.errors import ConfigError
from claimex.core.types import Article, Claim
from claimex.evaluation.compare import compare_runs
from claimex.evaluation.matching import MatchConfig, RunMatch, match_run
from claimex.evaluation.metrics import METRICS, compute_metrics
from claimex.evaluation.predictions import predictions_from_records
from claimex.evaluation.thresholds import check_thresholds

ARTICLE = Article(id="a", text=TEXT, published=DAY)


def run_of(preds: list[Claim], gold: tuple = GOLD, config: MatchConfig | None = None) -> RunMatch:
    return match_run(
        {"a": gold_file("a", gold)},
        predictions_from_records([result("a", preds)]),
        {"a": ARTICLE},
        config,
    )


def values(run: RunMatch, **kw: int) -> dict[str, float | None]:
    return compute_metrics(run, resamples=0, **kw).values()


# P0 all right; P1 stance and date wrong; P2 speaker wrong; P3 a false positive.
MIXED = [
    from_gold(G0),
    from_gold(G1, stance="support", date=DAY),
    from_gold(G2, speaker="State Department"),
    pred("Qais al-Khazali warned", speaker="Qais al-Khazali"),
]


def test_perfect_run_scores_one_everywhere() -> None:
    metrics = compute_metrics(run_of([from_gold(g) for g in GOLD]), resamples=200)
    for name, mv in metrics.headline.items():
        assert (mv.value, mv.low, mv.high) == (1.0, 1.0, 1.0), name


def test_empty_prediction() -> None:
    v = values(run_of([]))
    assert v["claim_recall"] == 0.0 and v["claim_precision"] == 0.0 and v["claim_f1"] == 0.0
    assert v["full_f1"] == 0.0
    assert v["speaker_accuracy"] is None  # no matched pairs: undefined, not zero


def test_all_wrong() -> None:
    v = values(run_of([pred("Qais al-Khazali warned"), pred("The State Department said")]))
    assert v["claim_precision"] == 0.0 and v["claim_recall"] == 0.0 and v["claim_f1"] == 0.0


def test_mixed_run_by_hand() -> None:
    m = compute_metrics(run_of(MIXED), resamples=0)
    v = m.values()
    # detection: 3 of 4 predictions matched, 3 of 3 gold found
    assert v["claim_precision"] == 0.75 and v["claim_recall"] == 1.0
    assert v["claim_f1"] == pytest.approx(6 / 7, abs=1e-6)
    # attribution: P0 and P1 have the right speaker -> P 2/4, R 2/3, F1 4/7
    assert v["attribution_precision"] == 0.5
    assert v["attribution_recall"] == pytest.approx(2 / 3, abs=1e-6)
    assert v["attribution_f1"] == pytest.approx(4 / 7, abs=1e-6)
    # full: only P0 -> P 1/4, R 1/3, F1 2/7
    assert v["full_f1"] == pytest.approx(2 / 7, abs=1e-6)
    assert v["speaker_accuracy"] == pytest.approx(2 / 3, abs=1e-6)
    assert v["target_accuracy"] == 1.0
    assert v["stance_accuracy"] == pytest.approx(2 / 3, abs=1e-6)
    assert v["date_accuracy"] == pytest.approx(2 / 3, abs=1e-6)
    assert v["date_accuracy_dated"] == 1.0  # only G0 has a gold date, and P0 has it right
    assert v["quote_type_accuracy"] == 1.0
    assert v["claim_f1_macro"] == v["claim_f1"]  # one article
    assert m.counts["missed"] == 0 and m.counts["false_positives"] == 1
    assert m.stance_confusion["oppose"]["support"] == 1
    assert m.stance_confusion["threaten"]["threaten"] == 1
    assert m.stance_confusion["neutral"]["neutral"] == 1
    assert sum(sum(row.values()) for row in m.stance_confusion.values()) == 3
    art = m.per_article[0]
    assert (art.gold, art.predicted, art.matched, art.missed, art.false_positives) == (
        3,
        4,
        3,
        0,
        1,
    )
    assert art.wrong_fields == {"speaker": 1, "target": 0, "stance": 1, "date": 1, "quote_type": 0}


def test_breakdown_by_quote_type() -> None:
    by = compute_metrics(run_of(MIXED), resamples=0).by_quote_type
    # gold: G0 direct, G1 and G2 indirect; predictions: P0 and P3 direct, P1 and P2 indirect
    assert by["direct"]["gold"] == 1 and by["direct"]["predicted"] == 2
    assert by["direct"]["precision"] == 0.5 and by["direct"]["recall"] == 1.0
    assert by["indirect"]["recall"] == 1.0 and by["indirect"]["precision"] == 1.0
    assert by["indirect"]["attribution_recall"] == 0.5  # G1 right, G2 wrong speaker
    assert by["mixed"]["gold"] == 0 and by["mixed"]["recall"] is None


def test_micro_and_macro_differ() -> None:
    # article a: 1 gold, found (F1 1); article b: 3 gold, none predicted (F1 0)
    # micro: P 1/1, R 1/4, F1 0.4; macro: (1 + 0) / 2 = 0.5
    gold = {"a": gold_file("a", (G0,)), "b": gold_file("b", GOLD)}
    preds = predictions_from_records([result("a", [from_gold(G0)])])
    run = match_run(gold, preds, {"a": ARTICLE, "b": ARTICLE.model_copy(update={"id": "b"})})
    v = compute_metrics(run, resamples=0).values()
    assert v["claim_precision"] == 1.0 and v["claim_recall"] == 0.25
    assert v["claim_f1"] == pytest.approx(0.4)
    assert v["claim_f1_macro"] == 0.5
    assert [a.status for a in run.articles] == ["ok", "missing"]


def test_article_with_no_gold_and_no_predictions_is_perfect() -> None:
    v = values(run_of([], gold=()))
    assert v["claim_f1"] == 1.0 and v["claim_f1_macro"] == 1.0


def test_order_independence_of_scores() -> None:
    base = values(run_of(MIXED))
    rng = random.Random(1)
    for _ in range(5):
        preds, gold = MIXED[:], list(GOLD)
        rng.shuffle(preds)
        rng.shuffle(gold)
        assert values(run_of(preds, tuple(gold))) == base


def test_bootstrap_is_seeded_and_brackets_the_estimate() -> None:
    gold = {f"a{i}": gold_file(f"a{i}", GOLD) for i in range(8)}
    records = [result(f"a{i}", MIXED[: 1 + i % 4]) for i in range(8)]
    articles = {k: ARTICLE.model_copy(update={"id": k}) for k in gold}
    run = match_run(gold, predictions_from_records(records), articles)
    m1 = compute_metrics(run, resamples=300, seed=7)
    m2 = compute_metrics(run, resamples=300, seed=7)
    assert m1 == m2
    for name, mv in m1.headline.items():
        assert mv.value is not None and mv.low is not None and mv.high is not None, name
        assert mv.low <= mv.value + 1e-9 and mv.value <= mv.high + 1e-9, name
    assert m1.headline["claim_f1"].low < m1.headline["claim_f1"].high  # type: ignore[operator]


def test_compare_runs() -> None:
    a, b = run_of(MIXED), run_of([from_gold(g) for g in GOLD])
    cmp = compare_runs(a, b, resamples=200)
    assert cmp.shared_articles == ("a",)
    d = cmp.metrics["claim_precision"]
    assert (d.a, d.b, d.delta) == (0.75, 1.0, 0.25)
    assert cmp.metrics["full_f1"].delta == pytest.approx(1 - 2 / 7, abs=1e-6)
    changes = {(c.gold_index, c.before, c.after) for c in cmp.changes}
    assert changes == {
        (1, "wrong stance, date", "correct"),
        (2, "wrong speaker", "correct"),
        (None, "false positive", "absent"),
    }
    same = compare_runs(a, a, resamples=200)
    assert same.changes == () and all(
        (m.delta, m.low, m.high) in ((0.0, 0.0, 0.0), (None, None, None)) for m in same.metrics.values()
    )


def test_compare_runs_reports_unshared_articles() -> None:
    gold = {"a": gold_file("a", GOLD), "b": gold_file("b", GOLD)}
    run_a = match_run(gold, predictions_from_records([]))
    run_b = match_run({"a": gold["a"]}, predictions_from_records([]))
    cmp = compare_runs(run_a, run_b, resamples=0)
    assert cmp.only_a == ("b",) and cmp.only_b == () and cmp.shared_articles == ("a",)


def test_thresholds() -> None:
    m = compute_metrics(run_of(MIXED), resamples=0)
    assert check_thresholds(m, ["claim_recall=1.0", "claim_precision>=0.7"]) == []
    failures = check_thresholds(m, ["claim_f1=0.9", "target_accuracy=0.5"])
    assert [str(f) for f in failures] == ["claim_f1 = 0.8571, below the required 0.9000"]
    # a metrics.json dict works as well as a Metrics object
    assert check_thresholds(m.model_dump(mode="json"), ["claim_f1=0.9"]) == failures


def test_threshold_on_undefined_metric_fails() -> None:
    failures = check_thresholds(compute_metrics(run_of([]), resamples=0), ["speaker_accuracy=0.1"])
    assert [str(f) for f in failures] == ["speaker_accuracy = undefined, below the required 0.1000"]


def test_unknown_threshold_metric_lists_valid_names() -> None:
    with pytest.raises(ConfigError) as info:
        check_thresholds({}, ["claim_f2=0.8"])
    assert str(info.value) == f"unknown metric 'claim_f2' in 'claim_f2=0.8'; valid names: {', '.join(METRICS)}"
    with pytest.raises(ConfigError, match="expected NAME=VALUE"):
        check_thresholds({}, ["claim_f1"])
    with pytest.raises(ConfigError, match="between 0 and 1"):
        check_thresholds({}, ["claim_f1=80"])
